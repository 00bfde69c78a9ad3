package dev.revsync.internal.pipeline;

import dev.revsync.Checkpoint;
import dev.revsync.Record;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Random;

/**
 * One object's records in a fake system, generated from a seed so another JVM regenerates the same
 * data: ids {@code <object>-000001...}, modification times rising by 0–2 seconds (so equal times
 * occur and the cursor needs its id tie-breaker). Thread-safe.
 */
public final class FakeSource {
  private static final Instant BASE = Instant.parse("2026-01-01T00:00:00Z");

  private final String object;
  private final Random random;
  private final List<Record> records = new ArrayList<>();
  private Instant last = BASE;

  public FakeSource(String object, long seed, int count) {
    this.object = object;
    this.random = new Random(seed);
    add(count);
  }

  /** Appends {@code count} records modified after every existing one. */
  public synchronized void add(int count) {
    for (int i = 0; i < count; i++) {
      last = last.plusSeconds(random.nextInt(3));
      String id = String.format("%s-%06d", object, records.size() + 1);
      records.add(
          Record.of(
              object, id, last, Map.of("Name", "name of " + id, "Score", records.size() % 100)));
    }
  }

  public String object() {
    return object;
  }

  /** Up to {@code limit} records after the checkpoint's cursor, in cursor order. */
  public synchronized List<Record> page(Checkpoint from, int limit) {
    int start = firstAfter(from);
    return List.copyOf(records.subList(start, Math.min(records.size(), start + limit)));
  }

  /** Records after the checkpoint's cursor. */
  public synchronized int remainingAfter(Checkpoint from) {
    return records.size() - firstAfter(from);
  }

  public synchronized List<String> ids() {
    return records.stream().map(Record::id).toList();
  }

  public synchronized int size() {
    return records.size();
  }

  /** The checkpoint just after {@code record}. */
  public static Checkpoint after(Record record) {
    return Checkpoint.EMPTY
        .with(Checkpoint.CURSOR, record.modifiedAt().toString())
        .with(Checkpoint.CURSOR_ID, record.id());
  }

  private int firstAfter(Checkpoint from) {
    String cursor = from.get(Checkpoint.CURSOR);
    if (cursor == null) return 0;
    Instant at = Instant.parse(cursor);
    String id = from.get(Checkpoint.CURSOR_ID);
    for (int i = 0; i < records.size(); i++) {
      Record r = records.get(i);
      int byTime = r.modifiedAt().compareTo(at);
      if (byTime > 0 || (byTime == 0 && r.id().compareTo(id) > 0)) return i;
    }
    return records.size();
  }
}
