package dev.revsync.salesforce;

import static org.assertj.core.api.Assertions.assertThat;

import dev.revsync.Activity;
import dev.revsync.Checkpoint;
import dev.revsync.ConnectionConfig;
import dev.revsync.Connector;
import dev.revsync.ProtocolException;
import dev.revsync.SyncMode;
import dev.revsync.SyncRequest;
import dev.revsync.SyncResult;
import dev.revsync.WriteItem;
import dev.revsync.WriteOutcome;
import dev.revsync.WriteRequest;
import dev.revsync.WriteResult;
import dev.revsync.simulators.FaultPlan.Fault;
import dev.revsync.simulators.SimRecord;
import dev.revsync.simulators.SimulatedClock;
import dev.revsync.simulators.salesforce.SalesforceSimulator;
import dev.revsync.testkit.RecordingSink;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** A Salesforce that answers more than it was asked for, or garbage. */
class SalesforceHostileServerTest {
  private final SimulatedClock clock = new SimulatedClock(Instant.parse("2026-11-28T00:30:00Z"));
  private SalesforceSimulator sim;
  private Connector connector;

  @AfterEach
  void close() {
    if (connector != null) connector.close();
    if (sim != null) sim.close();
  }

  private Connector open() {
    ConnectionConfig.Builder b = ConnectionConfig.builder("test/salesforce").clock(clock);
    sim.connectionSettings()
        .forEach(
            (k, v) -> {
              if (k.equals("baseUrl")) b.baseUrl(v);
              else if (Set.of("clientSecret", "refreshToken", "privateKey").contains(k))
                b.secret(k, v);
              else b.setting(k, v);
            });
    connector = new SalesforceConnectorProvider().open(b.build());
    return connector;
  }

  @Test
  void aFirstPageLargerThanTheBatchSizeIsNotHeldWholeButFailsTyped() {
    sim = SalesforceSimulator.builder().clock(clock).records("Account", 2_500).start();
    sim.faults().next(Fault.HUGE_PAGE, 100, "/query");
    RecordingSink sink = new RecordingSink();
    SyncResult result =
        open().sync(SyncRequest.builder("Account").mode(SyncMode.INCREMENTAL).build(), sink);

    assertThat(result.status()).as("%s", result).isEqualTo(SyncResult.Status.FAILED);
    assertThat(result.failure())
        .isInstanceOf(ProtocolException.class)
        .hasMessageContaining("more than 2000 records");
    assertThat(sink.count()).as("records handed over from a page the connector refused").isZero();

    sim.faults().clear();
    SyncResult resumed =
        connector.sync(
            SyncRequest.builder("Account")
                .mode(SyncMode.INCREMENTAL)
                .checkpoint(Checkpoint.parse(result.checkpoint().serialize()))
                .build(),
            sink);
    assertThat(resumed.status()).isEqualTo(SyncResult.Status.COMPLETED);
    assertThat(sink.latestById()).hasSize(2_500);
  }

  @Test
  void anUpdateAnsweredWithGarbageIsReportedSentWithResultUnknownNotNotSent() {
    sim = SalesforceSimulator.builder().clock(clock).records("Lead", 5).start();
    List<SimRecord> leads = sim.table("Lead").stream(false).toList();
    sim.faults().next(Fault.MALFORMED_BODY, 100, "/services/Soap/");
    WriteResult result =
        open()
            .write(
                WriteRequest.builder("Lead", Activity.SCORE_EXPORT)
                    .items(
                        List.of(
                            WriteItem.of(leads.get(0).id(), Map.of("Score__c", 77)),
                            WriteItem.of(leads.get(1).id(), Map.of("Score__c", 78))))
                    .build());

    assertThat(result.status()).as("%s", result).isEqualTo(WriteResult.Status.FAILED);
    assertThat(result.backlog())
        .as("items whose request reached the system are not backlog")
        .isEmpty();
    assertThat(result.outcomes())
        .extracting(WriteOutcome::status)
        .containsExactly(WriteOutcome.Status.UNKNOWN, WriteOutcome.Status.UNKNOWN);
    assertThat(sim.table("Lead").get(leads.get(0).id()).get("Score__c").toString())
        .as("the update the garbage answered was applied")
        .startsWith("77");
  }
}
