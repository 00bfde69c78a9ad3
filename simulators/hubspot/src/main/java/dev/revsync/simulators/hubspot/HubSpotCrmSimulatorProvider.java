package dev.revsync.simulators.hubspot;

import dev.revsync.simulators.Simulator;
import dev.revsync.simulators.SimulatorOptions;
import dev.revsync.simulators.SimulatorProvider;

/**
 * Starts a {@link HubSpotSimulator} for {@code hubspot-crm}; found through {@code ServiceLoader}.
 * Record counts in the options override the defaults per object; other systems' object names are
 * ignored. Stateless and thread-safe.
 */
public final class HubSpotCrmSimulatorProvider implements SimulatorProvider {
  @Override
  public String system() {
    return "hubspot-crm";
  }

  @Override
  public Simulator start(SimulatorOptions options) {
    return start(system(), options);
  }

  static Simulator start(String system, SimulatorOptions options) {
    HubSpotSimulator.Builder b =
        HubSpotSimulator.builder().system(system).seed(options.seed()).clock(options.clock());
    options
        .recordCounts()
        .forEach(
            (object, count) -> {
              if (HubSpotSimulator.DEFAULT_RECORD_COUNTS.containsKey(object))
                b.records(object, count);
            });
    return b.start();
  }
}
