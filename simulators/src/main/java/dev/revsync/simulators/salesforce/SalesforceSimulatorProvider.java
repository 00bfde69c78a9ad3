package dev.revsync.simulators.salesforce;

import dev.revsync.simulators.Simulator;
import dev.revsync.simulators.SimulatorOptions;
import dev.revsync.simulators.SimulatorProvider;

/**
 * Starts a {@link SalesforceSimulator} for tools that discover simulators with
 * {@code ServiceLoader} (registered in {@code META-INF/services}). Record counts in the options
 * override {@link SalesforceSimulator#DEFAULT_RECORD_COUNTS} per object.
 */
public final class SalesforceSimulatorProvider implements SimulatorProvider {
  @Override
  public String system() {
    return SalesforceSimulator.SYSTEM;
  }

  @Override
  public Simulator start(SimulatorOptions options) {
    return SalesforceSimulator.builder()
        .seed(options.seed())
        .clock(options.clock())
        .recordCounts(options.recordCounts())
        .start();
  }
}
