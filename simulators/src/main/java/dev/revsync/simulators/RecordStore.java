package dev.revsync.simulators;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Set;

/** The objects of one simulated account. Thread-safe. */
public final class RecordStore {
  public RecordStore(Clock clock, long seed) {
    throw new UnsupportedOperationException("being built");
  }

  /**
   * Defines an object with {@code count} generated records whose modification times start at
   * {@code firstModified} and advance by {@code step} every {@code sameTimestamp} records.
   */
  public ObjectTable define(String object, long count, RecordFactory factory, Instant firstModified, Duration step,
      int sameTimestamp) {
    throw new UnsupportedOperationException();
  }

  /** The object's table, or null. */
  public ObjectTable table(String object) {
    throw new UnsupportedOperationException();
  }

  public Set<String> objects() {
    throw new UnsupportedOperationException();
  }

  public Clock clock() {
    throw new UnsupportedOperationException();
  }
}
