package dev.revsync.simulators;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.Comparator;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.NoSuchElementException;
import java.util.Objects;
import java.util.Random;
import java.util.Set;
import java.util.Spliterator;
import java.util.Spliterators;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentSkipListMap;
import java.util.concurrent.atomic.AtomicLong;
import java.util.stream.Stream;
import java.util.stream.StreamSupport;

/**
 * The records of one object in a simulator: a generated base (from a {@link RecordFactory},
 * regenerated on demand so millions of records cost no memory) plus an overlay of inserts, updates
 * and deletes made while syncs run. Records are ordered by (modifiedAt, id); generated records
 * share timestamps in groups so syncs meet equal timestamps at page boundaries.
 *
 * <p>Generated record {@code i} is modified at {@code firstModified + (i / sameTimestamp) * step}.
 * A changed record leaves its generated position and appears at its new (modifiedAt, id). Changes
 * are stamped with the store clock's time truncated to whole seconds, the granularity most systems
 * report, so records changed in the same second tie and need the id tie-breaker. Memory is
 * proportional to the number of changes, not the number of records.
 *
 * <p>Thread-safe. Iterators are weakly consistent: a change made during a scan may or may not be
 * seen by it, as with a real system's query cursor, but a record is never skipped because it moved:
 * one changed ahead of the scan is found at its new position.
 */
public final class ObjectTable {
  /** Position of a record in (modifiedAt, id) order. */
  private record Key(Instant modifiedAt, String id) {}

  private final String name;
  private final long baseCount;
  private final RecordFactory factory;
  private final long seed;
  private final Instant firstModified;
  private final long stepNanos;
  private final int sameTimestamp;
  private final Clock clock;
  private final Comparator<String> idOrder;

  /** Changed and inserted records, by id. */
  private final Map<String, SimRecord> changedById = new ConcurrentHashMap<>();

  /** Changed and inserted records in scan order. */
  private final ConcurrentSkipListMap<Key, SimRecord> changedInOrder;

  /** Generated records that were changed, so scans skip their generated position. */
  private final Set<Long> movedBaseIndexes = ConcurrentHashMap.newKeySet();

  private final AtomicLong inserted = new AtomicLong();
  private final AtomicLong deleted = new AtomicLong();

  ObjectTable(
      String name,
      long count,
      RecordFactory factory,
      long seed,
      Instant firstModified,
      Duration step,
      int sameTimestamp,
      Clock clock) {
    if (count < 0) throw new IllegalArgumentException("count must be >= 0: " + count);
    if (sameTimestamp < 1)
      throw new IllegalArgumentException("sameTimestamp must be >= 1: " + sameTimestamp);
    if (step.isNegative()) throw new IllegalArgumentException("step must not be negative: " + step);
    this.name = Objects.requireNonNull(name, "name");
    this.baseCount = count;
    this.factory = Objects.requireNonNull(factory, "factory");
    this.seed = seed;
    this.firstModified = Objects.requireNonNull(firstModified, "firstModified");
    this.stepNanos = step.toNanos();
    this.sameTimestamp = sameTimestamp;
    this.clock = Objects.requireNonNull(clock, "clock");
    this.idOrder = factory.idOrder();
    this.changedInOrder =
        new ConcurrentSkipListMap<>(
            Comparator.comparing(Key::modifiedAt).thenComparing(Key::id, idOrder));
  }

  public String name() {
    return name;
  }

  /** Live records, plus deleted ones when {@code includeDeleted}. */
  public long size(boolean includeDeleted) {
    long all = baseCount + inserted.get();
    return includeDeleted ? all : all - deleted.get();
  }

  /** The record, deleted or not, or null. */
  public SimRecord get(String id) {
    if (id == null) return null;
    SimRecord changed = changedById.get(id);
    if (changed != null) return changed;
    long index = baseIndexOf(id);
    return index < 0 ? null : generate(index);
  }

  /** Inserts a record with a new id; created and modified now. */
  public synchronized SimRecord insert(Map<String, ?> fields) {
    String id = factory.id(baseCount + inserted.get());
    Instant now = now();
    SimRecord record = new SimRecord(id, now, now, false, copyOf(fields));
    put(record);
    inserted.incrementAndGet();
    return record;
  }

  /** Sets fields (null clears) and moves modifiedAt to now; null if no live record has that id. */
  public synchronized SimRecord update(String id, Map<String, ?> changes) {
    SimRecord current = get(id);
    if (current == null || current.deleted()) return null;
    Map<String, Object> fields = new LinkedHashMap<>(current.fields());
    fields.putAll(copyOf(changes));
    SimRecord updated = new SimRecord(id, current.createdAt(), now(), false, fields);
    replace(current, updated);
    return updated;
  }

  /**
   * Marks the record deleted (it stays visible to deleted-aware scans) with modifiedAt now; false
   * if unknown.
   */
  public synchronized boolean delete(String id) {
    SimRecord current = get(id);
    if (current == null || current.deleted()) return false;
    replace(current, new SimRecord(id, current.createdAt(), now(), true, current.fields()));
    deleted.incrementAndGet();
    return true;
  }

  /**
   * Brings a deleted record back (a recycle-bin undelete) with {@code changes} applied and
   * modifiedAt now; null if no deleted record has that id.
   */
  public synchronized SimRecord restore(String id, Map<String, ?> changes) {
    SimRecord current = get(id);
    if (current == null || !current.deleted()) return null;
    Map<String, Object> fields = new LinkedHashMap<>(current.fields());
    fields.putAll(copyOf(changes));
    SimRecord restored = new SimRecord(id, current.createdAt(), now(), false, fields);
    replace(current, restored);
    deleted.decrementAndGet();
    return restored;
  }

  /**
   * Records after the position (afterModified, afterId) in (modifiedAt, id) order; both null to
   * start at the beginning; afterId null means strictly after afterModified. Lazy.
   */
  public Iterator<SimRecord> scan(Instant afterModified, String afterId, boolean includeDeleted) {
    if (afterModified == null && afterId != null) {
      throw new IllegalArgumentException("afterId needs afterModified: " + afterId);
    }
    long baseStart = afterModified == null ? 0 : firstBaseIndexAfter(afterModified, afterId);
    Key from =
        afterModified == null
            ? null
            : afterId == null
                ? new Key(afterModified.plusNanos(1), "")
                : new Key(afterModified, afterId);
    return new MergingIterator(
        baseStart, from, afterModified != null && afterId == null, includeDeleted);
  }

  /**
   * How many records {@link #scan(Instant, String, boolean) scan(afterModified, afterId,
   * includeDeleted)} would return, counted without generating any: generated records by arithmetic
   * on their positions, changed ones from the overlay. Costs O(log n + changes).
   */
  public long count(Instant afterModified, String afterId, boolean includeDeleted) {
    return count(afterModified, afterId, null, includeDeleted);
  }

  /**
   * As {@link #count(Instant, String, boolean)}, counting only records modified strictly before
   * {@code modifiedBefore} (null: no upper bound), so a window of positions is counted without a
   * scan. As weakly consistent as a scan while changes are being made.
   */
  public long count(
      Instant afterModified, String afterId, Instant modifiedBefore, boolean includeDeleted) {
    if (afterModified == null && afterId != null) {
      throw new IllegalArgumentException("afterId needs afterModified: " + afterId);
    }
    long baseStart = afterModified == null ? 0 : firstBaseIndexAfter(afterModified, afterId);
    long baseEnd = modifiedBefore == null ? baseCount : firstBaseIndexNotBefore(modifiedBefore);
    long base = Math.max(0, baseEnd - baseStart);
    if (base > 0) {
      for (Long moved : movedBaseIndexes) {
        if (moved >= baseStart && moved < baseEnd) base--;
      }
    }
    Map<Key, SimRecord> overlay = changedInOrder;
    if (afterModified != null) {
      overlay =
          afterId == null
              ? changedInOrder.tailMap(new Key(afterModified.plusNanos(1), ""), true)
              : changedInOrder.tailMap(new Key(afterModified, afterId), false);
    }
    long changed = 0;
    for (Map.Entry<Key, SimRecord> e : overlay.entrySet()) {
      if (modifiedBefore != null && !e.getKey().modifiedAt().isBefore(modifiedBefore)) break;
      if (includeDeleted || !e.getValue().deleted()) changed++;
    }
    return base + changed;
  }

  /** Every record in (modifiedAt, id) order. Lazy. */
  public Stream<SimRecord> stream(boolean includeDeleted) {
    Iterator<SimRecord> it = scan(null, null, includeDeleted);
    return StreamSupport.stream(
        Spliterators.spliteratorUnknownSize(it, Spliterator.ORDERED | Spliterator.NONNULL), false);
  }

  /**
   * The last record in (modifiedAt, id) order, skipping deleted ones unless {@code includeDeleted},
   * or null if there is none: what a sync reading the whole table hands over last.
   */
  public SimRecord last(boolean includeDeleted) {
    SimRecord changed = null;
    for (SimRecord r : changedInOrder.descendingMap().values()) {
      if (includeDeleted || !r.deleted()) {
        changed = r;
        break;
      }
    }
    long index = baseCount - 1;
    while (index >= 0 && movedBaseIndexes.contains(index)) index--;
    if (index < 0) return changed;
    String id = factory.id(index);
    Instant at = baseModifiedAt(index);
    if (changed != null && compareKeys(changed.modifiedAt(), changed.id(), at, id) > 0)
      return changed;
    return generate(index, id, at);
  }

  /** Records changed (inserted, updated, deleted) since the table was defined. */
  public long changedCount() {
    return changedById.size();
  }

  @Override
  public String toString() {
    return "ObjectTable{"
        + name
        + ", generated="
        + baseCount
        + ", changed="
        + changedById.size()
        + "}";
  }

  private int compareKeys(Instant at1, String id1, Instant at2, String id2) {
    int c = at1.compareTo(at2);
    return c != 0 ? c : idOrder.compare(id1, id2);
  }

  private Instant now() {
    return clock.instant().truncatedTo(ChronoUnit.SECONDS);
  }

  private static Map<String, Object> copyOf(Map<String, ?> fields) {
    return new LinkedHashMap<>(fields); // LinkedHashMap: null values allowed (they clear a field)
  }

  /** Puts a new overlay record; callers hold the table's lock. */
  private void put(SimRecord record) {
    changedById.put(record.id(), record);
    changedInOrder.put(new Key(record.modifiedAt(), record.id()), record);
  }

  /**
   * Moves a record to its new position. The new position is published before the old one is
   * withdrawn, so a concurrent scan may see the record twice but never lose it.
   */
  private void replace(SimRecord current, SimRecord updated) {
    boolean wasChanged = changedById.containsKey(current.id());
    put(updated);
    if (wasChanged) {
      // changed again within the same second, the record keeps its position: put() already replaced
      // it there
      if (!current.modifiedAt().equals(updated.modifiedAt())) {
        changedInOrder.remove(new Key(current.modifiedAt(), current.id()));
      }
    } else {
      movedBaseIndexes.add(baseIndexOf(current.id()));
    }
  }

  private Instant baseModifiedAt(long index) {
    long group = index / sameTimestamp;
    return firstModified.plusNanos(Math.multiplyExact(group, stepNanos));
  }

  private SimRecord generate(long index) {
    return generate(index, factory.id(index), baseModifiedAt(index));
  }

  private SimRecord generate(long index, String id, Instant at) {
    Map<String, Object> fields = factory.fields(index, id, new Random(mix(seed, index)));
    return new SimRecord(id, at, at, false, fields);
  }

  /** SplitMix64 of seed and index, so neighbouring records get unrelated random streams. */
  private static long mix(long seed, long index) {
    long z = seed + 0x9E3779B97F4A7C15L * (index + 1);
    z = (z ^ (z >>> 30)) * 0xBF58476D1CE4E5B9L;
    z = (z ^ (z >>> 27)) * 0x94D049BB133111EBL;
    return z ^ (z >>> 31);
  }

  /** The generated index whose id is {@code id}, or -1 (ids sort in index order). */
  private long baseIndexOf(String id) {
    long lo = 0;
    long hi = baseCount - 1;
    while (lo <= hi) {
      long mid = (lo + hi) >>> 1;
      int c = idOrder.compare(factory.id(mid), id);
      if (c == 0) return mid;
      if (c < 0) lo = mid + 1;
      else hi = mid - 1;
    }
    return -1;
  }

  /** The first generated index modified at or after {@code at}, or baseCount. */
  private long firstBaseIndexNotBefore(Instant at) {
    long groups = (baseCount + sameTimestamp - 1) / sameTimestamp;
    // binary search over groups: times are non-decreasing
    long lo = 0;
    long hi = groups;
    while (lo < hi) {
      long mid = (lo + hi) >>> 1;
      if (baseModifiedAt(mid * sameTimestamp).isBefore(at)) lo = mid + 1;
      else hi = mid;
    }
    return Math.min(baseCount, lo * sameTimestamp);
  }

  /**
   * The first generated index positioned after (afterModified, afterId); afterId null: after the
   * whole timestamp.
   */
  private long firstBaseIndexAfter(Instant afterModified, String afterId) {
    if (baseCount == 0) return 0;
    long index = firstBaseIndexNotBefore(afterModified);
    if (index >= baseCount || !baseModifiedAt(index).equals(afterModified)) return index;
    // index starts the run of records stamped exactly afterModified (with step 0, the whole table)
    long runEnd = firstIndexWithTimeAfter(index, afterModified);
    if (afterId == null) return runEnd;
    long l = index;
    long h = runEnd;
    while (l < h) { // first index in the run whose id is > afterId
      long mid = (l + h) >>> 1;
      if (idOrder.compare(factory.id(mid), afterId) <= 0) l = mid + 1;
      else h = mid;
    }
    return l;
  }

  private long firstIndexWithTimeAfter(long from, Instant at) {
    long lo = from;
    long hi = baseCount;
    while (lo < hi) {
      long mid = (lo + hi) >>> 1;
      if (baseModifiedAt(mid).isAfter(at)) hi = mid;
      else lo = mid + 1;
    }
    return lo;
  }

  /**
   * Merges the generated records (skipping moved ones) with the overlay, in (modifiedAt, id) order.
   * The overlay is re-read from the last position served at every step rather than through a
   * snapshot iterator, so records that move ahead of the scan while it runs are found.
   */
  private final class MergingIterator implements Iterator<SimRecord> {
    private final boolean includeDeleted;
    private long baseIndex;
    private String baseId;
    private Instant baseAt;

    /**
     * The last position served (or the scan's start); the overlay is read strictly after it, or
     * from it when inclusive.
     */
    private Key position;

    private boolean positionInclusive;
    private SimRecord next;

    MergingIterator(long baseStart, Key from, boolean fromInclusive, boolean includeDeleted) {
      this.baseIndex = baseStart;
      this.position = from;
      this.positionInclusive = fromInclusive;
      this.includeDeleted = includeDeleted;
    }

    @Override
    public boolean hasNext() {
      while (next == null) {
        if (baseId == null) advanceBase();
        Map.Entry<Key, SimRecord> changed =
            position == null
                ? changedInOrder.firstEntry()
                : positionInclusive
                    ? changedInOrder.ceilingEntry(position)
                    : changedInOrder.higherEntry(position);
        if (baseId == null && changed == null) return false;
        boolean takeBase =
            changed == null
                || (baseId != null
                    && compare(baseAt, baseId, changed.getKey().modifiedAt(), changed.getKey().id())
                        < 0);
        if (takeBase) {
          long index = baseIndex - 1;
          position = new Key(baseAt, baseId);
          // a record changed after this iterator peeked it is served from the overlay instead
          if (!movedBaseIndexes.contains(index)) next = generate(index, baseId, baseAt);
          baseId = null;
        } else {
          SimRecord candidate = changed.getValue();
          position = changed.getKey();
          if (includeDeleted || !candidate.deleted()) next = candidate;
        }
        positionInclusive = false;
      }
      return true;
    }

    @Override
    public SimRecord next() {
      if (!hasNext()) throw new NoSuchElementException();
      SimRecord r = next;
      next = null;
      return r;
    }

    private void advanceBase() {
      while (baseIndex < baseCount) {
        long index = baseIndex++;
        if (movedBaseIndexes.contains(index)) continue;
        baseId = factory.id(index);
        baseAt = baseModifiedAt(index);
        return;
      }
    }

    private int compare(Instant at1, String id1, Instant at2, String id2) {
      return compareKeys(at1, id1, at2, id2);
    }
  }
}
