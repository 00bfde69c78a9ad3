package dev.revsync.simulators.hubspot;

import dev.revsync.simulators.Simulator;
import dev.revsync.simulators.SimulatorOptions;
import dev.revsync.simulators.SimulatorProvider;

/**
 * Starts a {@link HubSpotSimulator} for {@code hubspot-map}; the same portal as {@code
 * hubspot-crm}. Thread-safe.
 */
public final class HubSpotMapSimulatorProvider implements SimulatorProvider {
  @Override
  public String system() {
    return "hubspot-map";
  }

  @Override
  public Simulator start(SimulatorOptions options) {
    return HubSpotCrmSimulatorProvider.start(system(), options);
  }
}
