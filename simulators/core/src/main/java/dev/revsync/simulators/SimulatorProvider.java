package dev.revsync.simulators;

/**
 * Registered in {@code META-INF/services/dev.revsync.simulators.SimulatorProvider} by each system's
 * simulator module, so tools start a simulator for every system whose module is on the class path
 * without knowing them.
 * Implementations need a public no-argument constructor and must be thread-safe (stateless).
 */
public interface SimulatorProvider {
  /** The connector id the simulator serves. */
  String system();

  /** Starts a simulator on 127.0.0.1 at a free port; the caller closes it. */
  Simulator start(SimulatorOptions options);
}
