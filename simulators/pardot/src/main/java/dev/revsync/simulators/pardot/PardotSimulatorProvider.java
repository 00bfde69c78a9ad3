package dev.revsync.simulators.pardot;

import dev.revsync.simulators.Simulator;
import dev.revsync.simulators.SimulatorOptions;
import dev.revsync.simulators.SimulatorProvider;

/**
 * Starts a {@link PardotSimulator} for tools that discover simulators with {@code ServiceLoader}.
 * Record counts in the options override {@link PardotSimulator#DEFAULT_RECORD_COUNTS}, named by
 * collection ({@code prospects}) or connector object ({@code Prospect}); other names are ignored.
 * Stateless and thread-safe.
 */
public final class PardotSimulatorProvider implements SimulatorProvider {
  @Override
  public String system() {
    return PardotSimulator.SYSTEM;
  }

  @Override
  public Simulator start(SimulatorOptions options) {
    PardotSimulator.Builder b =
        PardotSimulator.builder().seed(options.seed()).clock(options.clock());
    options
        .recordCounts()
        .forEach(
            (object, count) -> {
              if (PardotSimulator.collectionName(object) != null) b.records(object, count);
            });
    return b.start();
  }
}
