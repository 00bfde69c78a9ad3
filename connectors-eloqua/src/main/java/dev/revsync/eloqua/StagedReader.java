package dev.revsync.eloqua;

import dev.revsync.Activity;
import dev.revsync.spi.RecordShape;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CancellationException;
import java.util.concurrent.Executor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Reads the staged data of one export, page by page at the same offsets, and hands over whole rows.
 * An export of more than 250 fields is several definitions and syncs; their pages are read in
 * lockstep and joined by id.
 *
 * <p>The join streams: the last sync's page is read on the calling thread while the others are read
 * at the same time on {@code executor} threads into small bounded queues, so memory stays at a few
 * thousand rows whatever the page size, as long as the syncs list rows in the same order (Eloqua
 * exports of one object do). A row whose partner is not near is parked until the partner shows up;
 * the offset to resume from ({@link #resumeOffset}) never passes a parked row, so a resumed sync
 * loses none.
 *
 * <p>Parts whose cursor values differ come from different versions of the record (it changed
 * between the syncs' snapshots); they are dropped, as are rows left without a partner at the end
 * (created or deleted between the snapshots). Each of them changed after the first snapshot, so the
 * next incremental sync, whose cursor never passes the first sync's creation second, reads them.
 *
 * <p>Not thread-safe: one reader belongs to one sync.
 */
final class StagedReader {
  private static final Logger log = LoggerFactory.getLogger(StagedReader.class);

  /** Rows a lookup may read ahead in another sync's page before parking the row it looks for. */
  static final int LOOKAHEAD = 2_000;

  private static final int QUEUE = 1_000;

  private final EloquaBulkClient client;
  private final Activity activity;
  private final List<String> syncUris;
  private final RecordShape keys;
  private final int idAt;
  private final int cursorAt;
  private final Executor executor;
  private final boolean[] exhausted;
  private final List<Map<String, Parked>> parked = new ArrayList<>();
  private long dropped;

  @SuppressWarnings("ArrayRecordComponent") // one parked row, never compared or hashed
  private record Parked(Object[] row, long pageOffset) {}

  /** What a follower thread reports at the end of its page. */
  private record Done(EloquaBulkClient.Page page, RuntimeException failure) {}

  /**
   * @param keys every export key of the syncs (each sync's rows hold some of them)
   */
  StagedReader(
      EloquaBulkClient client,
      Activity activity,
      List<String> syncUris,
      RecordShape keys,
      String idKey,
      String cursorKey,
      Executor executor) {
    this.client = client;
    this.activity = activity;
    this.syncUris = List.copyOf(syncUris);
    this.keys = keys;
    this.idAt = index(keys, idKey);
    this.cursorAt = index(keys, cursorKey);
    this.executor = executor;
    this.exhausted = new boolean[syncUris.size()];
    for (int i = 0; i < syncUris.size(); i++) parked.add(new LinkedHashMap<>());
  }

  /** Rows dropped so far because their parts disagreed or lacked a partner. */
  long dropped() {
    return dropped;
  }

  /**
   * Reads rows {@code [offset, offset + limit)} of every sync and hands each joined row to {@code
   * sink}. The returned page counts the rows of the sync that was read on this thread.
   */
  EloquaBulkClient.Page page(long offset, int limit, EloquaBulkClient.RowSink sink) {
    if (syncUris.size() == 1) {
      EloquaBulkClient.Page page =
          client.data(activity, syncUris.get(0), offset, limit, keys, sink);
      exhausted[0] = !page.hasMore();
      return page;
    }
    int leader = syncUris.size() - 1;
    AtomicBoolean abort = new AtomicBoolean();
    List<BlockingQueue<Object>> queues = new ArrayList<>();
    for (int j = 0; j < leader; j++) {
      BlockingQueue<Object> queue = new ArrayBlockingQueue<>(QUEUE);
      queues.add(queue);
      if (exhausted[j]) {
        queue.add(new Done(new EloquaBulkClient.Page(0, false, -1), null));
        continue;
      }
      String uri = syncUris.get(j);
      executor.execute(() -> follow(uri, offset, limit, queue, abort));
    }
    Object[] done = new Object[leader];
    try {
      EloquaBulkClient.Page page =
          exhausted[leader]
              ? new EloquaBulkClient.Page(0, false, -1)
              : client.data(
                  activity,
                  syncUris.get(leader),
                  offset,
                  limit,
                  keys,
                  row -> lead(row, offset, queues, done, sink));
      int count = page.count();
      for (int j = 0; j < leader; j++) {
        while (done[j] == null) take(queues.get(j), j, offset, done);
        EloquaBulkClient.Page part = ((Done) done[j]).page();
        exhausted[j] = !part.hasMore();
        count = Math.max(count, part.count());
      }
      exhausted[leader] = !page.hasMore();
      rematch(sink);
      boolean more = false;
      for (boolean e : exhausted) more |= !e;
      return new EloquaBulkClient.Page(count, more, page.totalResults());
    } finally {
      abort.set(true);
      queues.forEach(BlockingQueue::clear);
    }
  }

  /** A follower thread: reads one page of one sync into its queue, then its end. */
  private void follow(
      String uri, long offset, int limit, BlockingQueue<Object> queue, AtomicBoolean abort) {
    EloquaBulkClient.Page page = null;
    RuntimeException failure = null;
    try {
      page = client.data(activity, uri, offset, limit, keys, row -> put(queue, row, abort));
    } catch (CancellationException e) {
      return;
    } catch (RuntimeException e) {
      failure = e;
    }
    try {
      put(queue, new Done(page, failure), abort);
    } catch (CancellationException ignored) {
      // the leader gave up on this page
    }
  }

  private static void put(BlockingQueue<Object> queue, Object item, AtomicBoolean abort) {
    try {
      while (!queue.offer(item, 50, TimeUnit.MILLISECONDS)) {
        if (abort.get()) throw new CancellationException("page abandoned");
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new CancellationException("interrupted");
    }
  }

  /**
   * One row of the leading sync: finds its parts in the other syncs, near the head of their queues.
   */
  private void lead(
      Object[] row,
      long offset,
      List<BlockingQueue<Object>> queues,
      Object[] done,
      EloquaBulkClient.RowSink sink) {
    String id = (String) row[idAt];
    int leader = queues.size();
    List<Object[]> parts = new ArrayList<>(leader + 1);
    for (int j = 0; j < leader; j++) {
      Parked part = parked.get(j).remove(id);
      int budget = LOOKAHEAD;
      while (part == null && done[j] == null && budget-- > 0) {
        take(queues.get(j), j, offset, done);
        part = parked.get(j).remove(id);
      }
      if (part == null) {
        // Not near: park this row and the parts found so far until the rest shows up.
        for (int k = 0; k < parts.size(); k++)
          parked.get(k).put(id, new Parked(parts.get(k), offset));
        parked.get(leader).put(id, new Parked(row, offset));
        return;
      }
      parts.add(part.row());
    }
    parts.add(row);
    join(parts, sink);
  }

  private void take(BlockingQueue<Object> queue, int j, long offset, Object[] done) {
    Object item;
    try {
      item = queue.take();
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new CancellationException("interrupted while joining split exports");
    }
    if (item instanceof Done d) {
      if (d.failure() != null) throw d.failure();
      done[j] = d;
      return;
    }
    Object[] row = (Object[]) item;
    parked.get(j).put((String) row[idAt], new Parked(row, offset));
  }

  /** Joins parked rows whose parts have all arrived. */
  private void rematch(EloquaBulkClient.RowSink sink) {
    int leader = syncUris.size() - 1;
    Iterator<Map.Entry<String, Parked>> it = parked.get(leader).entrySet().iterator();
    while (it.hasNext()) {
      Map.Entry<String, Parked> e = it.next();
      boolean complete = true;
      for (int j = 0; j < leader && complete; j++) complete = parked.get(j).containsKey(e.getKey());
      if (!complete) continue;
      List<Object[]> parts = new ArrayList<>(leader + 1);
      for (int j = 0; j < leader; j++) parts.add(parked.get(j).remove(e.getKey()).row());
      parts.add(e.getValue().row());
      it.remove();
      join(parts, sink);
    }
  }

  private void join(List<Object[]> parts, EloquaBulkClient.RowSink sink) {
    Object cursor = parts.get(0)[cursorAt];
    for (Object[] part : parts) {
      if (!Objects.equals(cursor, part[cursorAt])) {
        dropped++; // changed between the syncs' snapshots: the next incremental sync reads it
        return;
      }
    }
    // Each part holds its own keys (the id and cursor in all): the others are null in it.
    Object[] joined = parts.get(0);
    for (int k = 1; k < parts.size(); k++) {
      Object[] part = parts.get(k);
      for (int i = 0; i < joined.length; i++) if (part[i] != null) joined[i] = part[i];
    }
    sink.row(joined);
  }

  private static int index(RecordShape keys, String key) {
    int at = keys.indexOf(key);
    if (at < 0)
      throw new IllegalArgumentException(
          "key " + key + " is not among the export's keys " + keys.fieldNames());
    return at;
  }

  /**
   * The offset a resumed sync must start from: {@code next}, or the page of the oldest parked row.
   */
  long resumeOffset(long next) {
    long min = next;
    for (Map<String, Parked> m : parked) {
      for (Parked p : m.values()) min = Math.min(min, p.pageOffset());
    }
    return min;
  }

  /** At the end of the data: drops rows still without a partner. */
  void finish() {
    java.util.Set<String> left = new java.util.HashSet<>();
    for (Map<String, Parked> m : parked) {
      left.addAll(m.keySet());
      m.clear();
    }
    dropped += left.size();
    if (dropped > 0) {
      log.info(
          "eloqua: {} rows of a split export changed between its syncs' snapshots; the next incremental "
              + "sync reads them",
          dropped);
    }
  }

  /** True when the last page read was the end of every sync's data. */
  boolean exhausted() {
    for (boolean e : exhausted) if (!e) return false;
    return true;
  }
}
