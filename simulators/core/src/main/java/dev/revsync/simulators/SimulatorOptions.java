package dev.revsync.simulators;

import java.time.Clock;
import java.util.Map;
import java.util.Objects;

/**
 * How to start a simulator. Immutable.
 *
 * @param seed the seed of generated data and faults
 * @param clock the simulator's clock (share a {@link SimulatedClock} with the connection under
 *     test)
 * @param recordCounts generated records per object; objects not listed get the simulator's default
 */
public record SimulatorOptions(long seed, Clock clock, Map<String, Long> recordCounts) {
  public SimulatorOptions {
    Objects.requireNonNull(clock, "clock");
    recordCounts = Map.copyOf(recordCounts);
  }

  /** Seed 42 and each simulator's default record counts. */
  public static SimulatorOptions defaults(Clock clock) {
    return new SimulatorOptions(42, clock, Map.of());
  }

  /** The record count asked for {@code object}, else {@code fallback}. */
  public long count(String object, long fallback) {
    return recordCounts.getOrDefault(object, fallback);
  }
}
