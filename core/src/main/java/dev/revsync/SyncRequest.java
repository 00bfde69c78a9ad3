package dev.revsync;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.TreeMap;
import java.util.function.BooleanSupplier;

/**
 * What to pull: one object, its fields (default: all), full or incremental, where to start, and
 * when to stop.
 *
 * <pre>{@code
 * SyncRequest request = SyncRequest.builder("Account")
 *     .mode(SyncMode.INCREMENTAL)
 *     .checkpoint(Checkpoint.parse(stored))
 *     .deadline(window.closesAt(today))
 *     .build();
 * }</pre>
 *
 * <p>Immutable and thread-safe.
 */
public final class SyncRequest {
  private final String object;
  private final List<String> fields;
  private final SyncMode mode;
  private final Checkpoint checkpoint;
  private final Instant deadline;
  private final boolean includeDeletes;
  private final BooleanSupplier cancelled;
  private final Map<String, String> options;
  private final boolean parkJobs;
  private final Duration expectedJobTime;

  private SyncRequest(Builder b) {
    this.object = b.object;
    this.fields = List.copyOf(b.fields);
    this.mode = b.mode;
    this.checkpoint = b.checkpoint;
    this.deadline = b.deadline;
    this.includeDeletes = b.includeDeletes;
    this.cancelled = b.cancelled;
    this.options = Map.copyOf(b.options);
    this.parkJobs = b.parkJobs;
    this.expectedJobTime = b.expectedJobTime;
  }

  public static Builder builder(String object) {
    return new Builder(object);
  }

  public Builder newBuilder() {
    Builder b = new Builder(object);
    b.fields = fields;
    b.mode = mode;
    b.checkpoint = checkpoint;
    b.deadline = deadline;
    b.includeDeletes = includeDeletes;
    b.cancelled = cancelled;
    b.options.putAll(options);
    b.parkJobs = parkJobs;
    b.expectedJobTime = expectedJobTime;
    return b;
  }

  public String object() {
    return object;
  }

  /** The fields to read; empty means all readable fields. */
  public List<String> fields() {
    return fields;
  }

  public SyncMode mode() {
    return mode;
  }

  /** Where to start; {@link Checkpoint#EMPTY} to start from the beginning. */
  public Checkpoint checkpoint() {
    return checkpoint;
  }

  /** When the sync must stop with {@link SyncResult.Status#WINDOW_CLOSED}; null for none. */
  public Instant deadline() {
    return deadline;
  }

  /** Whether deleted records are surfaced (where the system can tell). Default true. */
  public boolean includeDeletes() {
    return includeDeletes;
  }

  /** True once the host asked the sync to stop with {@link SyncResult.Status#CANCELLED}. */
  public boolean isCancelled() {
    return cancelled.getAsBoolean() || Thread.currentThread().isInterrupted();
  }

  /**
   * Connector-specific options, documented by each connector's descriptor (e.g. {@code
   * style=BATCH}).
   */
  public Map<String, String> options() {
    return options;
  }

  /** The option {@code key}, or null. */
  public String option(String key) {
    return options.get(key);
  }

  /**
   * Whether a sync that would wait for a server-side job returns {@link SyncResult.Status#PARKED}
   * instead. Default false: the sync waits on its thread (a host calling {@code sync} directly).
   */
  public boolean parkJobs() {
    return parkJobs;
  }

  /**
   * How long a server-side job of this sync is expected to take to prepare (the pipeline's figure
   * from previous nights), so its polls start near then; empty when unknown.
   */
  public Optional<Duration> expectedJobTime() {
    return Optional.ofNullable(expectedJobTime);
  }

  @Override
  public String toString() {
    return "SyncRequest{"
        + object
        + " "
        + mode
        + " fields="
        + (fields.isEmpty() ? "all" : fields)
        + " checkpoint="
        + checkpoint
        + " deadline="
        + deadline
        + (parkJobs ? " parkJobs" : "")
        + (expectedJobTime != null ? " expectedJobTime=" + expectedJobTime : "")
        + "}";
  }

  /** Builds a {@link SyncRequest}. Not thread-safe. */
  public static final class Builder {
    private final String object;
    private List<String> fields = List.of();
    private SyncMode mode = SyncMode.INCREMENTAL;
    private Checkpoint checkpoint = Checkpoint.EMPTY;
    private Instant deadline;
    private boolean includeDeletes = true;
    private BooleanSupplier cancelled = () -> false;
    private final Map<String, String> options = new TreeMap<>();
    private boolean parkJobs;
    private Duration expectedJobTime;

    private Builder(String object) {
      if (object == null || object.isBlank()) {
        throw new IllegalArgumentException("object must not be blank: '" + object + "'");
      }
      this.object = object;
    }

    public Builder fields(List<String> fields) {
      this.fields = List.copyOf(fields);
      return this;
    }

    public Builder fields(String... fields) {
      return fields(List.of(fields));
    }

    public Builder mode(SyncMode mode) {
      this.mode = Objects.requireNonNull(mode, "mode");
      return this;
    }

    public Builder checkpoint(Checkpoint checkpoint) {
      this.checkpoint = checkpoint == null ? Checkpoint.EMPTY : checkpoint;
      return this;
    }

    public Builder deadline(Instant deadline) {
      this.deadline = deadline;
      return this;
    }

    public Builder includeDeletes(boolean includeDeletes) {
      this.includeDeletes = includeDeletes;
      return this;
    }

    /**
     * Polled between pages; when it answers true the sync stops with CANCELLED and a checkpoint.
     */
    public Builder cancelWhen(BooleanSupplier cancelled) {
      this.cancelled = Objects.requireNonNull(cancelled, "cancelled");
      return this;
    }

    public Builder option(String key, String value) {
      options.put(Objects.requireNonNull(key, "key"), Objects.requireNonNull(value, "value"));
      return this;
    }

    /**
     * True: a sync that would wait for a server-side job returns {@link SyncResult.Status#PARKED}
     * with the job in its checkpoint and {@link SyncResult#resumeAt()}, instead of holding the
     * thread. Default false.
     */
    public Builder parkJobs(boolean parkJobs) {
      this.parkJobs = parkJobs;
      return this;
    }

    /**
     * The expected preparation time of this sync's server-side job; no poll comes before about 0.8
     * of it. Null for unknown (the default).
     */
    public Builder expectedJobTime(Duration expectedJobTime) {
      if (expectedJobTime != null && expectedJobTime.isNegative()) {
        throw new IllegalArgumentException(
            "expectedJobTime must not be negative: " + expectedJobTime);
      }
      this.expectedJobTime = expectedJobTime;
      return this;
    }

    public SyncRequest build() {
      return new SyncRequest(this);
    }
  }
}
