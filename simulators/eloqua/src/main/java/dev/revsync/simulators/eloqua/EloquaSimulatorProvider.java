package dev.revsync.simulators.eloqua;

import dev.revsync.simulators.Simulator;
import dev.revsync.simulators.SimulatorOptions;
import dev.revsync.simulators.SimulatorProvider;

/**
 * Starts an {@link EloquaSimulator} with default settings; registered for {@link
 * java.util.ServiceLoader}. Stateless and thread-safe.
 */
public final class EloquaSimulatorProvider implements SimulatorProvider {
  @Override
  public String system() {
    return "eloqua";
  }

  @Override
  public Simulator start(SimulatorOptions options) {
    return EloquaSimulator.builder().options(options).start();
  }
}
