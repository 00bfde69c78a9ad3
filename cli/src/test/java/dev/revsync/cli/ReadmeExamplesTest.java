package dev.revsync.cli;

import static org.assertj.core.api.Assertions.assertThat;

import dev.revsync.Activity;
import dev.revsync.Checkpoint;
import dev.revsync.ConnectionConfig;
import dev.revsync.Connector;
import dev.revsync.Connectors;
import dev.revsync.QuotaPolicy;
import dev.revsync.Record;
import dev.revsync.SyncRequest;
import dev.revsync.SyncResult;
import dev.revsync.VerifyResult;
import dev.revsync.WriteItem;
import dev.revsync.WriteRequest;
import dev.revsync.WriteResult;
import dev.revsync.pipeline.CheckpointStore;
import dev.revsync.pipeline.DailyPipeline;
import dev.revsync.pipeline.DailyReport;
import dev.revsync.pipeline.PipelineConnection;
import dev.revsync.simulators.SimulatedClock;
import dev.revsync.simulators.Simulator;
import dev.revsync.simulators.SimulatorOptions;
import dev.revsync.simulators.SimulatorProvider;
import dev.revsync.simulators.salesforce.SalesforceSimulator;
import java.nio.file.Path;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The README's snippets, run against the Salesforce simulator instead of a real org. */
class ReadmeExamplesTest {
  private final SimulatedClock clock = SimulatedClock.at("2026-11-28T00:00:00Z");
  private final SalesforceSimulator simulator =
      SalesforceSimulator.builder()
          .clock(clock)
          .records("Account", 4_500)
          .records("Lead", 50)
          .start();
  @TempDir Path dir;

  @AfterEach
  void stop() {
    simulator.close();
  }

  /** The README's config, with the simulator's address and test credentials. */
  private ConnectionConfig.Builder config() {
    return simulator.connectionConfig("tenant-42/salesforce").clock(clock);
  }

  @Test
  void aHostsOwnTestConnectsToASimulatorInOneCall() {
    // README, "Testing against a simulator"
    SimulatedClock clock = SimulatedClock.at("2026-11-28T00:30:00Z");
    try (Simulator salesforce =
            SimulatorProvider.find("salesforce")
                .orElseThrow()
                .start(SimulatorOptions.defaults(clock));
        Connector connector =
            Connectors.open(
                "salesforce",
                salesforce.connectionConfig("test/salesforce").clock(clock).build())) {
      VerifyResult me = connector.verify();
      assertThat(me.system()).isEqualTo("salesforce");
      assertThat(salesforce.requestLog().count()).isEqualTo(me.callsSpent()).isPositive();
    }
  }

  @Test
  void quickstartSyncsAccountsAndUpsertsScores() {
    ConnectionConfig config =
        config()
            .quotaPolicy(QuotaPolicy.builder().dailyLimit(5_000).writeReserve(500).build())
            .build();
    String storedCheckpoint = Checkpoint.EMPTY.serialize();
    List<Record> warehouse = new ArrayList<>();
    String externalId =
        simulator.table("Lead").stream(false)
            .findFirst()
            .orElseThrow()
            .get("External_Id__c")
            .toString();

    try (Connector salesforce = Connectors.open("salesforce", config)) {
      SyncResult result =
          salesforce.sync(
              SyncRequest.builder("Account").checkpoint(Checkpoint.parse(storedCheckpoint)).build(),
              warehouse::add);
      assertThat(result.status()).isEqualTo(SyncResult.Status.COMPLETED);
      assertThat(warehouse).hasSize(4_500);
      assertThat(Checkpoint.parse(result.checkpoint().serialize())).isEqualTo(result.checkpoint());

      WriteResult written =
          salesforce.write(
              WriteRequest.builder("Lead", Activity.SCORE_EXPORT)
                  .upsertOn("External_Id__c")
                  .items(List.of(WriteItem.of(externalId, Map.of("Score__c", 87))))
                  .build());
      assertThat(written.succeeded()).as(written.toString()).isEqualTo(1);
      assertThat(written.backlog()).isEmpty();
    }
    assertThat(
            simulator.table("Lead").stream(false)
                .filter(r -> externalId.equals(r.get("External_Id__c")))
                .findFirst()
                .orElseThrow()
                .get("Score__c")
                .toString())
        .startsWith("87");
  }

  @Test
  void dailyPipelineSnippetPullsInsideTheWindowWithADurableBudget() throws Exception {
    List<Record> warehouse = new ArrayList<>();
    try (CheckpointStore store = CheckpointStore.files(dir)) {
      QuotaPolicy budget =
          QuotaPolicy.builder()
              .dailyLimit(5_000)
              .writeReserve(500)
              .ledger(store.quotaLedger())
              .build();
      try (DailyPipeline pipeline =
          DailyPipeline.builder()
              .store(store)
              .clock(clock)
              .sinks((connection, object) -> warehouse::add)
              .connection(
                  PipelineConnection.builder(
                          "tenant-42", "salesforce", config().quotaPolicy(budget).build())
                      .objects("Account", "Lead")
                      .build())
              .concurrency(8)
              .build()) {
        DailyReport report = pipeline.runDay(LocalDate.of(2026, 11, 28));
        assertThat(report.object("tenant-42", "salesforce", "Account").orElseThrow().status())
            .isEqualTo(SyncResult.Status.COMPLETED);
        assertThat(warehouse).hasSize(4_550);
        assertThat(budget.spent("tenant-42/salesforce", clock.instant())).isBetween(4L, 12L);
      }
    }
  }
}
