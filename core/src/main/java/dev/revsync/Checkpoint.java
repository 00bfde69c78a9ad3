package dev.revsync;

import java.net.URLDecoder;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.util.Collections;
import java.util.Map;
import java.util.Objects;
import java.util.TreeMap;

/**
 * Where a sync stands: the cursor (modification time and tie-breaking id of the last record handed
 * over) and, in the middle of a batch or bulk job, enough to resume that job's download instead of
 * starting a new one. Hosts treat it as opaque and store {@link #serialize()}; a connector reads
 * and writes its entries by key.
 *
 * <pre>{@code
 * String saved = store.get("tenant-42/Account");
 * Checkpoint from = saved == null ? Checkpoint.EMPTY : Checkpoint.parse(saved);  // EMPTY: from the start
 * SyncResult r = connector.sync(SyncRequest.builder("Account").checkpoint(from).build(), sink);
 * store.put("tenant-42/Account", r.checkpoint().serialize());          // QUOTA_EXHAUSTED resumes here
 * }</pre>
 *
 * <p>Immutable and thread-safe.
 */
public final class Checkpoint {
  /** A checkpoint with no state: sync from the beginning. */
  public static final Checkpoint EMPTY = new Checkpoint(Map.of());

  // Well-known keys shared by connectors, so tools can show where a sync stands.
  /** The cursor value: ISO-8601 instant of the last record handed over. */
  public static final String CURSOR = "cursor";

  /** The id of the last record handed over at {@link #CURSOR}, the tie-breaker. */
  public static final String CURSOR_ID = "cursorId";

  /** The id of a batch/bulk job whose results are being downloaded. */
  public static final String JOB_ID = "jobId";

  /**
   * When the job at {@link #JOB_ID} started preparing (ISO-8601 instant), so its poll cadence
   * survives a restart and the next night. Written by the job helper the first time it waits for
   * the job; dropped with {@link #JOB_ID}.
   */
  public static final String JOB_STARTED = "jobStarted";

  /** The position inside that job's results (locator, offset). */
  public static final String JOB_POSITION = "jobPosition";

  private static final String PREFIX = "rs1;";

  private final Map<String, String> entries;

  private Checkpoint(Map<String, String> entries) {
    this.entries = entries;
  }

  /** A checkpoint holding {@code entries}; null values are dropped. */
  public static Checkpoint of(Map<String, String> entries) {
    TreeMap<String, String> copy = new TreeMap<>();
    entries.forEach(
        (k, v) -> {
          if (v != null) copy.put(Objects.requireNonNull(k, "key"), v);
        });
    return copy.isEmpty() ? EMPTY : new Checkpoint(Collections.unmodifiableMap(copy));
  }

  /** The value of {@code key}, or null. */
  public String get(String key) {
    return entries.get(key);
  }

  /** A copy with {@code key} set to {@code value}, or removed where {@code value} is null. */
  public Checkpoint with(String key, String value) {
    TreeMap<String, String> copy = new TreeMap<>(entries);
    if (value == null) copy.remove(key);
    else copy.put(key, value);
    return of(copy);
  }

  /** A copy without the given keys (used to drop a finished job's state). */
  public Checkpoint without(String... keys) {
    TreeMap<String, String> copy = new TreeMap<>(entries);
    for (String key : keys) copy.remove(key);
    return of(copy);
  }

  public Map<String, String> entries() {
    return entries;
  }

  public boolean isEmpty() {
    return entries.isEmpty();
  }

  /** A single-line string that {@link #parse(String)} turns back into an equal checkpoint. */
  public String serialize() {
    StringBuilder s = new StringBuilder(PREFIX);
    boolean first = true;
    for (Map.Entry<String, String> e : entries.entrySet()) {
      if (!first) s.append('&');
      first = false;
      s.append(encode(e.getKey())).append('=').append(encode(e.getValue()));
    }
    return s.toString();
  }

  /**
   * Reads a string made by {@link #serialize()}.
   *
   * @throws IllegalArgumentException if it is not one
   */
  public static Checkpoint parse(String serialized) {
    Objects.requireNonNull(serialized, "serialized");
    if (!serialized.startsWith(PREFIX)) {
      throw new IllegalArgumentException(
          "not a revsync checkpoint (expected it to start with '"
              + PREFIX
              + "'): "
              + (serialized.length() > 40 ? serialized.substring(0, 40) + "..." : serialized));
    }
    String body = serialized.substring(PREFIX.length());
    TreeMap<String, String> entries = new TreeMap<>();
    if (!body.isEmpty()) {
      for (String pair : body.split("&", -1)) {
        int eq = pair.indexOf('=');
        if (eq < 0) {
          throw new IllegalArgumentException("malformed revsync checkpoint entry '" + pair + "'");
        }
        entries.put(decode(pair.substring(0, eq)), decode(pair.substring(eq + 1)));
      }
    }
    return of(entries);
  }

  private static String encode(String s) {
    return URLEncoder.encode(s, StandardCharsets.UTF_8);
  }

  private static String decode(String s) {
    return URLDecoder.decode(s, StandardCharsets.UTF_8);
  }

  @Override
  public boolean equals(Object o) {
    return o instanceof Checkpoint && ((Checkpoint) o).entries.equals(entries);
  }

  @Override
  public int hashCode() {
    return entries.hashCode();
  }

  @Override
  public String toString() {
    return "Checkpoint" + entries;
  }
}
