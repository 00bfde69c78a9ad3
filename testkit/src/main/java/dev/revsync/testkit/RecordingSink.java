package dev.revsync.testkit;

import dev.revsync.Checkpoint;
import dev.revsync.Record;
import dev.revsync.RecordSink;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.function.Consumer;

/**
 * A {@link RecordSink} that keeps everything it is handed, in order, and can run a hook after each
 * record (to change the simulator's data or plan a fault while a sync runs). Several syncs may
 * share one sink to collect the union of what they delivered.
 *
 * <p>Thread-safe.
 */
public final class RecordingSink implements RecordSink {
  private final List<Record> records = new ArrayList<>();
  private final List<Checkpoint> checkpoints = new ArrayList<>();
  private volatile Consumer<Record> hook = r -> {};
  private volatile long limit = Long.MAX_VALUE;

  /**
   * Runs {@code hook} after each record is recorded, on the syncing thread; replaces any earlier
   * hook.
   */
  public RecordingSink onRecord(Consumer<Record> hook) {
    this.hook = Objects.requireNonNull(hook, "hook");
    return this;
  }

  /**
   * Fails the sync (by throwing from {@link #accept}) once more than {@code maxRecords} records
   * arrive, so a connector that pages in circles ends with an error instead of never ending.
   */
  public RecordingSink limit(long maxRecords) {
    this.limit = maxRecords;
    return this;
  }

  @Override
  public void accept(Record record) {
    int count;
    synchronized (this) {
      records.add(Objects.requireNonNull(record, "a connector handed a null record to the sink"));
      count = records.size();
    }
    if (count > limit) {
      throw new AssertionError(
          "the sink received more than "
              + limit
              + " records: the connector pages in circles"
              + " (the last was "
              + record
              + ")");
    }
    hook.accept(record);
  }

  @Override
  public synchronized void checkpoint(Checkpoint checkpoint) {
    checkpoints.add(
        Objects.requireNonNull(checkpoint, "a connector handed a null checkpoint to the sink"));
  }

  /** Every record handed over, in order, duplicates included. */
  public synchronized List<Record> records() {
    return List.copyOf(records);
  }

  public synchronized int count() {
    return records.size();
  }

  public synchronized List<Checkpoint> checkpoints() {
    return List.copyOf(checkpoints);
  }

  /** The last version handed over of each record, by id, in the order ids were first seen. */
  public synchronized Map<String, Record> latestById() {
    Map<String, Record> latest = new LinkedHashMap<>();
    for (Record r : records) latest.put(r.id(), r);
    return latest;
  }

  /** Forgets what was recorded (the hook stays). */
  public synchronized void clear() {
    records.clear();
    checkpoints.clear();
  }

  @Override
  public synchronized String toString() {
    return "RecordingSink{records=" + records.size() + ", checkpoints=" + checkpoints.size() + "}";
  }
}
