package dev.revsync.simulators.salesforce;

import dev.revsync.simulators.Simulator;
import dev.revsync.simulators.SimulatorOptions;
import dev.revsync.simulators.SimulatorProvider;

/**
 * Starts a {@link SalesforceSimulator} for tools that discover simulators with {@code
 * ServiceLoader} (registered in {@code META-INF/services}). Record counts in the options override
 * {@link SalesforceSimulator#DEFAULT_RECORD_COUNTS} per object; names of objects the simulator does
 * not have are ignored. Stateless and thread-safe.
 */
public final class SalesforceSimulatorProvider implements SimulatorProvider {
  @Override
  public String system() {
    return SalesforceSimulator.SYSTEM;
  }

  @Override
  public Simulator start(SimulatorOptions options) {
    SalesforceSimulator.Builder b =
        SalesforceSimulator.builder().seed(options.seed()).clock(options.clock());
    // tools may pass counts for several systems' objects at once: take the ones this org has
    options
        .recordCounts()
        .forEach(
            (object, count) -> {
              if (SalesforceSimulator.DEFAULT_RECORD_COUNTS.containsKey(object))
                b.records(object, count);
            });
    return b.start();
  }
}
