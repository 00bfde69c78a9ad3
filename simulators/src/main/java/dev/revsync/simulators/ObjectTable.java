package dev.revsync.simulators;

import java.time.Instant;
import java.util.Iterator;
import java.util.Map;
import java.util.stream.Stream;

/**
 * The records of one object in a simulator: a generated base (from a {@link RecordFactory},
 * regenerated on demand so millions of records cost no memory) plus an overlay of inserts,
 * updates and deletes made while syncs run. Records are ordered by (modifiedAt, id); generated
 * records share timestamps in groups so syncs meet equal timestamps at page boundaries.
 *
 * <p>Thread-safe. Iterators are weakly consistent: a change made during a scan may or may not be
 * seen by it, as with a real system's query cursor.
 */
public final class ObjectTable {
  ObjectTable() {
    throw new UnsupportedOperationException("being built");
  }

  public String name() {
    throw new UnsupportedOperationException();
  }

  /** Live records, plus deleted ones when {@code includeDeleted}. */
  public long size(boolean includeDeleted) {
    throw new UnsupportedOperationException();
  }

  /** The record, deleted or not, or null. */
  public SimRecord get(String id) {
    throw new UnsupportedOperationException();
  }

  /** Inserts a record with a new id; created and modified now. */
  public SimRecord insert(Map<String, ?> fields) {
    throw new UnsupportedOperationException();
  }

  /** Sets fields (null clears) and moves modifiedAt to now; null if no live record has that id. */
  public SimRecord update(String id, Map<String, ?> changes) {
    throw new UnsupportedOperationException();
  }

  /** Marks the record deleted (it stays visible to deleted-aware scans) with modifiedAt now; false if unknown. */
  public boolean delete(String id) {
    throw new UnsupportedOperationException();
  }

  /**
   * Records after the position (afterModified, afterId) in (modifiedAt, id) order; both null to
   * start at the beginning; afterId null means strictly after afterModified. Lazy.
   */
  public Iterator<SimRecord> scan(Instant afterModified, String afterId, boolean includeDeleted) {
    throw new UnsupportedOperationException();
  }

  /** Every record in (modifiedAt, id) order. Lazy. */
  public Stream<SimRecord> stream(boolean includeDeleted) {
    throw new UnsupportedOperationException();
  }
}
