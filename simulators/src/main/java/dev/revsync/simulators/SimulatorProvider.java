package dev.revsync.simulators;

/**
 * Registered in {@code META-INF/services/dev.revsync.simulators.SimulatorProvider} for each system,
 * so tools start a simulator for every connector on the class path without knowing them.
 */
public interface SimulatorProvider {
  /** The connector id the simulator serves. */
  String system();

  Simulator start(SimulatorOptions options);
}
