package dev.revsync.simulators.eloqua;

import static org.assertj.core.api.Assertions.assertThat;

import dev.revsync.simulators.SimulatedClock;
import dev.revsync.simulators.Simulator;
import dev.revsync.simulators.SimulatorOptions;
import java.util.Map;
import org.junit.jupiter.api.Test;

class EloquaSimulatorProviderTest {
  @Test
  void recordCountsMayUseTheConnectorsObjectNamesOrTheTableNames() {
    SimulatorOptions options =
        new SimulatorOptions(
            3,
            SimulatedClock.at("2026-11-28T00:00:00Z"),
            Map.of("Contact", 123L, "accounts", 45L, "FormSubmit", 6L));
    try (Simulator sim = new EloquaSimulatorProvider().start(options)) {
      assertThat(sim.store().table("contacts").size(false)).isEqualTo(123);
      assertThat(sim.store().table("accounts").size(false)).isEqualTo(45);
      assertThat(sim.store().table("activities.FormSubmit").size(false)).isEqualTo(6);
    }
  }
}
