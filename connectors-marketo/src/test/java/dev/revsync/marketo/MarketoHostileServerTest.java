package dev.revsync.marketo;

import static org.assertj.core.api.Assertions.assertThat;

import dev.revsync.Checkpoint;
import dev.revsync.ConnectionConfig;
import dev.revsync.Connector;
import dev.revsync.ProtocolException;
import dev.revsync.QuotaPolicy;
import dev.revsync.SyncMode;
import dev.revsync.SyncRequest;
import dev.revsync.SyncResult;
import dev.revsync.simulators.FaultPlan.Fault;
import dev.revsync.simulators.SimulatedClock;
import dev.revsync.simulators.marketo.MarketoSimulator;
import dev.revsync.testkit.RecordingSink;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** A Marketo that answers more leads than it was asked for. */
class MarketoHostileServerTest {
  private final SimulatedClock clock = SimulatedClock.at("2026-11-28T00:30:00Z");
  private final MarketoSimulator sim = MarketoSimulator.builder().clock(clock).leads(2_500).start();
  private final Connector connector = open();

  @AfterEach
  void close() {
    connector.close();
    sim.close();
  }

  private Connector open() {
    Map<String, String> s = sim.connectionSettings();
    return new MarketoConnectorProvider()
        .open(
            ConnectionConfig.builder("test/marketo")
                .baseUrl(s.get("baseUrl"))
                .setting("clientId", s.get("clientId"))
                .secret("clientSecret", s.get("clientSecret"))
                .clock(clock)
                .quotaPolicy(QuotaPolicy.unlimited())
                .build());
  }

  @Test
  void aPageLargerThanTheBatchSizeAskedForIsNotHeldWholeButFailsTypedAndTheNextSyncResumes() {
    sim.faults().next(Fault.HUGE_PAGE, 100, "/rest/v1/leads.json");
    RecordingSink sink = new RecordingSink();
    SyncResult failed =
        connector.sync(SyncRequest.builder("Lead").mode(SyncMode.INCREMENTAL).build(), sink);

    assertThat(failed.status()).as("%s", failed).isEqualTo(SyncResult.Status.FAILED);
    assertThat(failed.failure())
        .isInstanceOf(ProtocolException.class)
        .hasMessageContaining("marketo")
        .hasMessageContaining("more than 300 results in one answer");
    assertThat(sink.count()).as("leads handed over from pages the connector refused").isZero();

    sim.faults().clear();
    SyncResult resumed =
        connector.sync(
            SyncRequest.builder("Lead")
                .mode(SyncMode.INCREMENTAL)
                .checkpoint(Checkpoint.parse(failed.checkpoint().serialize()))
                .build(),
            sink);
    assertThat(resumed.status()).as("%s", resumed).isEqualTo(SyncResult.Status.COMPLETED);
    assertThat(sink.latestById()).hasSize(2_500);
    assertThat((long) sink.count()).as("each lead once").isEqualTo(2_500);
  }
}
