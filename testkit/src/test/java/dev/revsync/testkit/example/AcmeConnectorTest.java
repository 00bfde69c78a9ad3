package dev.revsync.testkit.example;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.revsync.Checkpoint;
import dev.revsync.ConfigurationException;
import dev.revsync.ConnectionConfig;
import dev.revsync.Connector;
import dev.revsync.SyncRequest;
import dev.revsync.SyncResult;
import dev.revsync.simulators.RequestLog;
import dev.revsync.simulators.SimulatedClock;
import dev.revsync.simulators.Simulator;
import dev.revsync.testkit.RecordingSink;
import java.time.Instant;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** What the Acme example shows of the REST kit beyond the contract suite. */
class AcmeConnectorTest {
  private final AcmeFixture fixture = new AcmeFixture();

  @Test
  void everyCallTheSimulatorSeesSaysRevsyncAndItsVersion() {
    SimulatedClock clock = new SimulatedClock(Instant.parse("2026-11-28T00:30:00Z"));
    try (Simulator simulator = fixture.startSimulator(clock, 250);
        Connector acme = fixture.provider().open(fixture.config(simulator).build())) {
      acme.verify();
      SyncResult result = acme.sync(SyncRequest.builder("contacts").build(), new RecordingSink());
      assertThat(result.records()).isEqualTo(250);
      assertThat(result.checkpoint().get(Checkpoint.CURSOR_ID)).isNotNull();
      assertThat(simulator.requestLog().entries())
          .hasSizeGreaterThanOrEqualTo(5)
          .allSatisfy(
              entry -> assertThat(userAgent(entry)).matches("revsync/\\d+\\.\\d+\\.\\d+.*"));
      assertThat(acme.verify().systemRemaining())
          .as("read from X-Daily-Quota-Remaining by the usage hook")
          .isPresent();
    }
  }

  @Test
  void everyMissingSettingIsNamedAtOnce() {
    assertThatThrownBy(() -> fixture.provider().open(ConnectionConfig.builder("t/acme").build()))
        .isInstanceOf(ConfigurationException.class)
        .hasMessageStartingWith("acme-crm: open t/acme: clientId is missing")
        .hasMessageContaining("clientSecret is missing");
  }

  private static String userAgent(RequestLog.Entry entry) {
    for (Map.Entry<String, String> h : entry.headers().entrySet()) {
      if (h.getKey().equalsIgnoreCase("User-Agent")) return h.getValue();
    }
    return "(none)";
  }
}
