package dev.revsync.simulators.dynamics;

import dev.revsync.simulators.Simulator;
import dev.revsync.simulators.SimulatorOptions;
import dev.revsync.simulators.SimulatorProvider;

/**
 * Starts a {@link DynamicsSimulator} for tools that discover simulators with {@code ServiceLoader}.
 * Record counts in the options override {@link DynamicsSimulator#DEFAULT_RECORD_COUNTS} per table
 * (logical name); other names are ignored. Stateless and thread-safe.
 */
public final class DynamicsSimulatorProvider implements SimulatorProvider {
  @Override
  public String system() {
    return DynamicsSimulator.SYSTEM;
  }

  @Override
  public Simulator start(SimulatorOptions options) {
    DynamicsSimulator.Builder b =
        DynamicsSimulator.builder().seed(options.seed()).clock(options.clock());
    options
        .recordCounts()
        .forEach(
            (table, count) -> {
              if (DynamicsSimulator.DEFAULT_RECORD_COUNTS.containsKey(table))
                b.records(table, count);
            });
    return b.start();
  }
}
