package dev.revsync;

import java.util.Objects;
import java.util.OptionalLong;

/**
 * How a sync ended: its status, what it delivered, what it cost, where to resume, and the backlog
 * it leaves. A sync that stops for a budget or the window is a normal outcome, not an exception.
 * Immutable and thread-safe.
 */
public final class SyncResult {

  /** How a sync ended. */
  public enum Status {
    /** Everything up to now was delivered; the checkpoint is the next incremental start. */
    COMPLETED,
    /**
     * The day's API budget (the host's or the system's) ran out; resume from the checkpoint
     * tomorrow.
     */
    QUOTA_EXHAUSTED,
    /** The deadline (the pull window's end) came first; resume from the checkpoint tomorrow. */
    WINDOW_CLOSED,
    /** The host cancelled; resume from the checkpoint. */
    CANCELLED,
    /**
     * An error the library cannot work around; see {@link #failure()}. Resume from the checkpoint
     * after fixing it.
     */
    FAILED
  }

  private final String object;
  private final Status status;
  private final long records;
  private final long deletes;
  private final long callsSpent;
  private final Checkpoint checkpoint;
  private final long backlogRecords;
  private final RevsyncException failure;

  private SyncResult(Builder b) {
    this.object = Objects.requireNonNull(b.object, "object");
    this.status = Objects.requireNonNull(b.status, "status");
    this.records = b.records;
    this.deletes = b.deletes;
    this.callsSpent = b.callsSpent;
    this.checkpoint = Objects.requireNonNull(b.checkpoint, "checkpoint");
    this.backlogRecords = b.backlogRecords;
    this.failure = b.failure;
    if (status == Status.FAILED && failure == null) {
      throw new IllegalArgumentException("a FAILED result needs its failure");
    }
  }

  public static Builder builder(String object, Status status) {
    return new Builder(object, status);
  }

  public String object() {
    return object;
  }

  public Status status() {
    return status;
  }

  /** Records delivered to the sink, deletions included. */
  public long records() {
    return records;
  }

  /** Of {@link #records()}, how many were deletions. */
  public long deletes() {
    return deletes;
  }

  /** API calls this sync spent: auth, polling and retries included. */
  public long callsSpent() {
    return callsSpent;
  }

  /** Where the next sync starts. After COMPLETED, the next incremental start. */
  public Checkpoint checkpoint() {
    return checkpoint;
  }

  /**
   * Records still to pull when the sync stopped early, where the system lets us estimate it
   * cheaply.
   */
  public OptionalLong backlogRecords() {
    return backlogRecords < 0 ? OptionalLong.empty() : OptionalLong.of(backlogRecords);
  }

  /** True when the sync stopped with work left for later. */
  public boolean hasBacklog() {
    return status != Status.COMPLETED;
  }

  /** Why a FAILED sync failed; null otherwise. */
  public RevsyncException failure() {
    return failure;
  }

  @Override
  public String toString() {
    return "SyncResult{"
        + object
        + " "
        + status
        + " records="
        + records
        + " deletes="
        + deletes
        + " calls="
        + callsSpent
        + (backlogRecords >= 0 ? " backlog=" + backlogRecords : "")
        + (failure != null ? " failure=" + failure.getMessage() : "")
        + "}";
  }

  /** Builds a {@link SyncResult}; used by connectors. Not thread-safe. */
  public static final class Builder {
    private final String object;
    private final Status status;
    private long records;
    private long deletes;
    private long callsSpent;
    private Checkpoint checkpoint = Checkpoint.EMPTY;
    private long backlogRecords = -1;
    private RevsyncException failure;

    private Builder(String object, Status status) {
      this.object = object;
      this.status = status;
    }

    public Builder records(long records) {
      this.records = records;
      return this;
    }

    public Builder deletes(long deletes) {
      this.deletes = deletes;
      return this;
    }

    public Builder callsSpent(long callsSpent) {
      this.callsSpent = callsSpent;
      return this;
    }

    public Builder checkpoint(Checkpoint checkpoint) {
      this.checkpoint = checkpoint;
      return this;
    }

    /** Estimated records left; negative for unknown. */
    public Builder backlogRecords(long backlogRecords) {
      this.backlogRecords = backlogRecords;
      return this;
    }

    public Builder failure(RevsyncException failure) {
      this.failure = failure;
      return this;
    }

    public SyncResult build() {
      return new SyncResult(this);
    }
  }
}
