package dev.revsync.simulators.marketo;

import dev.revsync.simulators.Simulator;
import dev.revsync.simulators.SimulatorOptions;
import dev.revsync.simulators.SimulatorProvider;

/**
 * Starts a {@link MarketoSimulator} whose leads change by themselves (60 changes an hour of its
 * clock), as a live subscription's do; registered for {@link java.util.ServiceLoader}. Stateless
 * and thread-safe.
 */
public final class MarketoSimulatorProvider implements SimulatorProvider {
  @Override
  public String system() {
    return "marketo";
  }

  @Override
  public Simulator start(SimulatorOptions options) {
    return MarketoSimulator.builder().options(options).changesPerHour(60).start();
  }
}
