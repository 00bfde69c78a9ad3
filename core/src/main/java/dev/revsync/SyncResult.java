package dev.revsync;

import java.time.Duration;
import java.time.Instant;
import java.util.Objects;
import java.util.Optional;
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
     * A server-side job this sync started or resumed is still preparing, and the request asked to
     * {@linkplain SyncRequest#parkJobs() park} rather than wait: the checkpoint holds the job.
     * Calling {@code sync} again with that checkpoint at or after {@link #resumeAt()} polls the job
     * once and, if it is ready, downloads it. Nothing is lost.
     */
    PARKED,
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
  private final Instant resumeAt;
  private final JobWait jobWait;
  private final long jobPollCalls;

  private SyncResult(Builder b) {
    this.object = Objects.requireNonNull(b.object, "object");
    this.status = Objects.requireNonNull(b.status, "status");
    this.records = b.records;
    this.deletes = b.deletes;
    this.callsSpent = b.callsSpent;
    this.checkpoint = Objects.requireNonNull(b.checkpoint, "checkpoint");
    this.backlogRecords = b.backlogRecords;
    this.failure = b.failure;
    this.resumeAt = b.resumeAt;
    this.jobWait = b.jobWait;
    this.jobPollCalls = b.jobPollCalls;
    if (status == Status.FAILED && failure == null) {
      throw new IllegalArgumentException("a FAILED result needs its failure");
    }
    if (status == Status.PARKED && resumeAt == null) {
      throw new IllegalArgumentException("a PARKED result needs its resumeAt");
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

  /**
   * For {@link Status#PARKED}: when to call {@code sync} again with {@link #checkpoint()} (the
   * job's next poll by its cadence). Empty for every other status.
   */
  public Optional<Instant> resumeAt() {
    return Optional.ofNullable(resumeAt);
  }

  /**
   * The server-side job this sync waited on or parked on (the last one, where it had several);
   * empty for a sync that had no job to wait for.
   */
  public Optional<JobWait> jobWait() {
    return Optional.ofNullable(jobWait);
  }

  /** Of {@link #callsSpent()}, the calls that polled a server-side job for its state. */
  public long jobPollCalls() {
    return jobPollCalls;
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
        + (resumeAt != null ? " resumeAt=" + resumeAt : "")
        + (jobWait != null ? " " + jobWait : "")
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
    private Instant resumeAt;
    private JobWait jobWait;
    private long jobPollCalls;

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

    /** When a PARKED sync should be called again. */
    public Builder resumeAt(Instant resumeAt) {
      this.resumeAt = resumeAt;
      return this;
    }

    public Builder jobWait(JobWait jobWait) {
      this.jobWait = jobWait;
      return this;
    }

    /** Calls spent polling a job's state. */
    public Builder jobPollCalls(long jobPollCalls) {
      if (jobPollCalls < 0) {
        throw new IllegalArgumentException("jobPollCalls must not be negative: " + jobPollCalls);
      }
      this.jobPollCalls = jobPollCalls;
      return this;
    }

    public SyncResult build() {
      return new SyncResult(this);
    }
  }

  /**
   * A server-side job (Bulk API 2.0 query, Eloqua export sync, Marketo extract, Pardot export) as
   * one sync saw it: which job, since when it has been preparing, how many polls this sync made,
   * and how it stood when the sync ended. Immutable and thread-safe.
   */
  public static final class JobWait {

    /** Where the job stood when the sync let go of it. */
    public enum State {
      /** Still preparing: the sync parked, or its deadline came first; the checkpoint holds it. */
      PREPARING,
      /** Ready; the sync went on to download it. */
      READY,
      /** The system says the job failed; it was dropped from the checkpoint. */
      FAILED,
      /**
       * The system no longer knows the job (expired, deleted); it was dropped from the checkpoint,
       * so a new job replaces it.
       */
      GONE
    }

    private final String id;
    private final String job;
    private final Instant startedAt;
    private final State state;
    private final int polls;
    private final Duration preparedIn;
    private final String replaced;

    private JobWait(Builder b) {
      this.id = b.id;
      this.job = b.job;
      this.startedAt = b.startedAt;
      this.state = b.state;
      this.polls = b.polls;
      this.preparedIn = b.preparedIn;
      this.replaced = b.replaced;
    }

    /**
     * A builder for the wait on one job.
     *
     * @param id the job's id as the system knows it
     * @param job what it is, for reports (such as {@code Bulk API 2.0 query job 750...})
     * @param startedAt when the job was first seen (its creation, as the checkpoint records it)
     */
    public static Builder builder(String id, String job, Instant startedAt) {
      return new Builder(id, job, startedAt);
    }

    public String id() {
      return id;
    }

    /** What the job is, for reports. */
    public String job() {
      return job;
    }

    /** When the job started preparing (as first seen by a sync; kept in the checkpoint). */
    public Instant startedAt() {
      return startedAt;
    }

    public State state() {
      return state;
    }

    /** Polls of the job's state this sync made (0 for a job created and parked at once). */
    public int polls() {
      return polls;
    }

    /**
     * How long the job took to prepare, from {@link #startedAt()} to the poll that found it ready,
     * when that poll was in this sync (so at most one cadence step late); empty otherwise.
     */
    public Optional<Duration> preparedIn() {
      return Optional.ofNullable(preparedIn);
    }

    /** The id of a job the system no longer knew that this one replaced, in this sync. */
    public Optional<String> replaced() {
      return Optional.ofNullable(replaced);
    }

    @Override
    public String toString() {
      return "JobWait{"
          + job
          + " "
          + state
          + " started="
          + startedAt
          + " polls="
          + polls
          + (preparedIn != null ? " preparedIn=" + preparedIn : "")
          + (replaced != null ? " replaced=" + replaced : "")
          + "}";
    }

    /** Builds a {@link JobWait}. Not thread-safe. */
    public static final class Builder {
      private final String id;
      private final String job;
      private final Instant startedAt;
      private State state = State.PREPARING;
      private int polls;
      private Duration preparedIn;
      private String replaced;

      private Builder(String id, String job, Instant startedAt) {
        this.id = Objects.requireNonNull(id, "id");
        this.job = Objects.requireNonNull(job, "job");
        this.startedAt = Objects.requireNonNull(startedAt, "startedAt");
      }

      public Builder state(State state) {
        this.state = Objects.requireNonNull(state, "state");
        return this;
      }

      public Builder polls(int polls) {
        if (polls < 0) throw new IllegalArgumentException("polls must not be negative: " + polls);
        this.polls = polls;
        return this;
      }

      public Builder preparedIn(Duration preparedIn) {
        this.preparedIn = preparedIn;
        return this;
      }

      public Builder replaced(String replacedJobId) {
        this.replaced = replacedJobId;
        return this;
      }

      public JobWait build() {
        return new JobWait(this);
      }
    }
  }
}
