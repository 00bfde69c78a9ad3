package dev.revsync.simulators;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.Map;
import java.util.Objects;
import java.util.Set;

/**
 * The objects of one simulated account. Changes made through its tables are stamped with {@link
 * #clock()}: give it a {@link SimulatedClock} to control time. Thread-safe.
 */
public final class RecordStore {
  private final Clock clock;
  private final long seed;
  private final Map<String, ObjectTable> tables =
      Collections.synchronizedMap(new LinkedHashMap<>());

  public RecordStore(Clock clock, long seed) {
    this.clock = Objects.requireNonNull(clock, "clock");
    this.seed = seed;
  }

  /**
   * Defines an object with {@code count} generated records whose modification times start at {@code
   * firstModified} and advance by {@code step} every {@code sameTimestamp} records. Each object's
   * data derives from the store's seed and the object's name. Replaces an object of the same name.
   */
  public ObjectTable define(
      String object,
      long count,
      RecordFactory factory,
      Instant firstModified,
      Duration step,
      int sameTimestamp) {
    ObjectTable table =
        new ObjectTable(
            object,
            count,
            factory,
            seed * 31 + object.hashCode(),
            firstModified,
            step,
            sameTimestamp,
            clock);
    tables.put(object, table);
    return table;
  }

  /** The object's table, or null. */
  public ObjectTable table(String object) {
    return tables.get(object);
  }

  /** The defined objects, in definition order. */
  public Set<String> objects() {
    synchronized (tables) {
      return Collections.unmodifiableSet(new LinkedHashSet<>(tables.keySet()));
    }
  }

  public Clock clock() {
    return clock;
  }

  public long seed() {
    return seed;
  }
}
