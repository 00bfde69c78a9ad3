package dev.revsync.simulators.salesforce;

import dev.revsync.simulators.ObjectTable;
import dev.revsync.simulators.SimRecord;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.NoSuchElementException;
import java.util.PriorityQueue;
import java.util.TreeMap;

/**
 * Runs bound queries lazily over {@link ObjectTable#scan}: a WHERE bound on {@code SystemModstamp}
 * seeks the scan and ends it early, {@code ORDER BY SystemModstamp[, Id]} (or none) is the scan's
 * own order so nothing is sorted or held, {@code Id = / IN} fetches the named records. Other orders
 * keep only the first OFFSET + LIMIT rows when there is a LIMIT (one pass, bounded memory), else
 * hold every matching record and sort it. Thread-safe.
 */
final class QueryExecutor {
  /** A position in (modifiedAt, id) order: the last record consumed. */
  record Key(Instant modifiedAt, String id) {
    static Key of(SimRecord r) {
      return new Key(r.modifiedAt(), r.id());
    }
  }

  /** One page of rows and whether the result ends with it. */
  record Page(List<SimRecord> records, boolean done) {}

  /**
   * Sorted queries with OFFSET + LIMIT up to this keep only those rows; larger ones hold every
   * match.
   */
  private static final int TOP_K_LIMIT = 100_000;

  private final SfRecords records;

  QueryExecutor(SfRecords records) {
    this.records = records;
  }

  SfRecords records() {
    return records;
  }

  /** Opens a result over {@code q}; {@code includeDeleted} for queryAll and Bulk queryAll. */
  Result open(BoundQuery q, boolean includeDeleted) {
    ObjectTable table = records.table(q.type);
    if (table == null) throw new IllegalStateException("no table for " + q.type.name());
    if (q.ids != null) {
      List<SimRecord> rows = new ArrayList<>();
      for (String id : q.ids) {
        SimRecord r = table.get(id);
        if (r != null && (includeDeleted || !r.deleted()) && matches(q, r)) rows.add(r);
      }
      rows.sort(Comparator.comparing(SimRecord::modifiedAt).thenComparing(SimRecord::id));
      if (!q.scanOrdered) sort(q, rows);
      return new ListResult(q, rows);
    }
    if (!q.scanOrdered) {
      Iterator<SimRecord> it = matching(q, table, includeDeleted, null);
      if (q.limit != null && q.offset + q.limit <= TOP_K_LIMIT)
        return topK(q, it, (int) (q.offset + q.limit));
      List<SimRecord> rows = new ArrayList<>();
      while (it.hasNext()) rows.add(it.next());
      sort(q, rows);
      return new ListResult(q, rows);
    }
    return new ScanResult(q, table, includeDeleted);
  }

  /**
   * The first {@code k} rows in ORDER BY order, keeping only k rows in memory; counts all matches.
   */
  private Result topK(BoundQuery q, Iterator<SimRecord> it, int k) {
    Comparator<BoundQuery.Row> order = q.comparator();
    PriorityQueue<BoundQuery.Row> worstFirst =
        new PriorityQueue<>(Math.max(1, k), order.reversed());
    long matched = 0;
    while (it.hasNext()) {
      BoundQuery.Row row = new BoundQuery.Row(it.next(), q.type, records);
      matched++;
      if (k == 0) continue;
      if (worstFirst.size() < k) {
        worstFirst.add(row);
      } else if (order.compare(row, worstFirst.peek()) < 0) {
        worstFirst.poll();
        worstFirst.add(row);
      }
    }
    List<BoundQuery.Row> kept = new ArrayList<>(worstFirst);
    kept.sort(order);
    List<SimRecord> rows = new ArrayList<>(kept.size());
    for (BoundQuery.Row r : kept) rows.add(r.record);
    return new ListResult(q, rows, matched);
  }

  private void sort(BoundQuery q, List<SimRecord> rows) {
    Comparator<BoundQuery.Row> c = q.comparator();
    List<BoundQuery.Row> wrapped = new ArrayList<>(rows.size());
    for (SimRecord r : rows) wrapped.add(new BoundQuery.Row(r, q.type, records));
    wrapped.sort(c);
    rows.clear();
    for (BoundQuery.Row r : wrapped) rows.add(r.record);
  }

  boolean matches(BoundQuery q, SimRecord r) {
    return q.where == null || q.where.test(new BoundQuery.Row(r, q.type, records));
  }

  /** Matching records after {@code after} (null: from the WHERE's lower bound) in scan order. */
  Iterator<SimRecord> matching(BoundQuery q, ObjectTable table, boolean includeDeleted, Key after) {
    return matching(q, table, includeDeleted, after, null);
  }

  /**
   * As {@link #matching(BoundQuery, ObjectTable, boolean, Key)}, but as of {@code snapshot} when
   * not null: records created after it are left out and records deleted after it still count as
   * live, so a result prepared at {@code snapshot} keeps its rows while the data changes.
   */
  Iterator<SimRecord> matching(
      BoundQuery q, ObjectTable table, boolean includeDeleted, Key after, Instant snapshot) {
    boolean scanDeleted = includeDeleted || snapshot != null;
    Iterator<SimRecord> scan;
    if (after != null) {
      scan = table.scan(after.modifiedAt(), after.id(), scanDeleted);
    } else if (q.lower != null) {
      Instant from = q.lower.inclusive() ? q.lower.at().minusNanos(1) : q.lower.at();
      scan = table.scan(from, null, scanDeleted);
    } else {
      scan = table.scan(null, null, scanDeleted);
    }
    return new Iterator<>() {
      private SimRecord next;
      private boolean ended;

      @Override
      public boolean hasNext() {
        while (next == null && !ended) {
          if (!scan.hasNext()) {
            ended = true;
            break;
          }
          SimRecord r = scan.next();
          if (q.upper != null) {
            int c = SfValues.millis(r.modifiedAt()).compareTo(q.upper.at());
            if (c > 0 || (c == 0 && !q.upper.inclusive())) {
              ended = true; // the scan is in modifiedAt order: nothing later can match
              break;
            }
          }
          if (snapshot != null) {
            if (r.createdAt() != null && r.createdAt().isAfter(snapshot)) continue;
            if (r.deleted() && !includeDeleted && !r.modifiedAt().isAfter(snapshot)) continue;
          }
          if (matches(q, r)) next = r;
        }
        return next != null;
      }

      @Override
      public SimRecord next() {
        if (!hasNext()) throw new NoSuchElementException();
        SimRecord r = next;
        next = null;
        return r;
      }
    };
  }

  /**
   * The rows matching {@code q} (before OFFSET and LIMIT) counted from record positions alone,
   * without generating a record, when its WHERE does no more than bound the (SystemModstamp, Id)
   * position; -1 when each row must be read and tested.
   */
  static long countByPosition(BoundQuery q, ObjectTable table, boolean includeDeleted) {
    BoundQuery.Window w = q.window;
    if (w == null) return -1;
    // Position (t, id) matches SOQL's millisecond comparison only if no record is stamped inside
    // t's millisecond after t itself; Salesforce stamps whole milliseconds, so this rarely bites.
    if (w.afterId() != null && table.count(w.after(), null, w.after().plusMillis(1), true) > 0)
      return -1;
    return table.count(w.after(), w.afterId(), w.before(), includeDeleted);
  }

  /** The rows of one query, addressable by offset so any page can be served again. */
  abstract static class Result {
    final BoundQuery query;

    Result(BoundQuery query) {
      this.query = query;
    }

    /** The number of rows the query returns (after OFFSET and LIMIT), as of now. */
    abstract long count();

    /** Up to {@code max} rows from row {@code offset} (0 = the first row after OFFSET). */
    abstract Page fetch(long offset, int max);

    long end(long available) {
      long afterOffset = Math.max(0, available - query.offset);
      return query.limit == null ? afterOffset : Math.min(afterOffset, query.limit);
    }
  }

  private static final class ListResult extends Result {
    /** The rows from the first (OFFSET rows included), in order. */
    private final List<SimRecord> rows;

    /** All matching rows, which may be more than are kept when only the first LIMIT are needed. */
    private final long matched;

    ListResult(BoundQuery q, List<SimRecord> rows) {
      this(q, rows, rows.size());
    }

    ListResult(BoundQuery q, List<SimRecord> rows, long matched) {
      super(q);
      this.rows = rows;
      this.matched = matched;
    }

    @Override
    long count() {
      return end(matched);
    }

    @Override
    Page fetch(long offset, int max) {
      long end = Math.min(count(), Math.max(0, rows.size() - query.offset));
      long from = Math.min(offset, end);
      long to = Math.min(end, from + max);
      int base = (int) query.offset;
      return new Page(List.copyOf(rows.subList((int) (base + from), (int) (base + to))), to >= end);
    }
  }

  /**
   * Rows read from the table scan; remembers where each served page ended so a later page seeks
   * there.
   */
  private final class ScanResult extends Result {
    private final ObjectTable table;
    private final boolean includeDeleted;

    /**
     * Absolute row index (counting OFFSET rows) to the key of the row before it; 0 maps to null
     * (the start).
     */
    private final TreeMap<Long, Key> positions = new TreeMap<>();

    ScanResult(BoundQuery q, ObjectTable table, boolean includeDeleted) {
      super(q);
      this.table = table;
      this.includeDeleted = includeDeleted;
      positions.put(0L, null);
    }

    @Override
    long count() {
      long byPosition = countByPosition(query, table, includeDeleted);
      if (byPosition >= 0) return end(byPosition);
      long stop = query.limit == null ? Long.MAX_VALUE : query.offset + query.limit;
      long n = 0;
      Iterator<SimRecord> it = matching(query, table, includeDeleted, null);
      while (n < stop && it.hasNext()) {
        it.next();
        n++;
      }
      return end(n);
    }

    @Override
    synchronized Page fetch(long offset, int max) {
      long absolute = query.offset + offset;
      long end = query.limit == null ? Long.MAX_VALUE : query.offset + query.limit;
      Map.Entry<Long, Key> start = positions.floorEntry(absolute);
      long index = start.getKey();
      Key last = start.getValue();
      Iterator<SimRecord> it = matching(query, table, includeDeleted, last);
      while (index < absolute && it.hasNext()) {
        last = Key.of(it.next());
        index++;
      }
      List<SimRecord> out = new ArrayList<>(Math.min(max, 2000));
      while (out.size() < max && index < end && it.hasNext()) {
        SimRecord r = it.next();
        out.add(r);
        last = Key.of(r);
        index++;
      }
      if (index > start.getKey()) positions.put(index, last);
      boolean done = index >= end || !it.hasNext();
      return new Page(out, done);
    }
  }
}
