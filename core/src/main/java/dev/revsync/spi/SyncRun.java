package dev.revsync.spi;

import dev.revsync.Checkpoint;
import dev.revsync.ConfigurationException;
import dev.revsync.QuotaExhaustedException;
import dev.revsync.Record;
import dev.revsync.RecordSink;
import dev.revsync.RevsyncException;
import dev.revsync.SyncRequest;
import dev.revsync.SyncResult;
import dev.revsync.TransientException;
import dev.revsync.internal.job.Cancelled;
import dev.revsync.internal.job.DeadlineReached;
import dev.revsync.internal.job.Parked;
import dev.revsync.internal.job.SinkFailedException;
import java.io.IOException;
import java.io.InterruptedIOException;
import java.time.Clock;
import java.util.Objects;

/**
 * The bookkeeping every connector's {@code sync} shares, so none writes it again: counts records
 * and calls, forwards checkpoints to the sink and remembers the last, checks the deadline and
 * cancellation between pages, and turns how the body ended into a {@link SyncResult}:
 *
 * <ul>
 *   <li>normal return: COMPLETED with the last checkpoint;
 *   <li>{@link dev.revsync.QuotaExhaustedException}: QUOTA_EXHAUSTED with the last checkpoint;
 *   <li>the deadline passed ({@link #checkContinue()} or a {@link JobPoller} wait): WINDOW_CLOSED;
 *   <li>a server-side job still preparing when the request {@linkplain SyncRequest#parkJobs()
 *       parks} ({@link JobDownload#await}): PARKED, with the time of its next poll;
 *   <li>cancelled: CANCELLED;
 *   <li>{@link dev.revsync.ConfigurationException}: rethrown (a bad request, not a sync outcome);
 *   <li>any other {@link dev.revsync.RevsyncException}, or a sink failure: FAILED, with the cause.
 * </ul>
 *
 * <p>Cancelled means {@link SyncRequest#isCancelled()} answered true at a {@link #checkContinue()},
 * or the thread was interrupted (an {@link InterruptedException} or interrupted I/O out of the
 * body; the interrupt flag is left set). Anything else the body throws — an {@link IOException} the
 * transport did not absorb, a bug — also ends FAILED, wrapped in a {@link RevsyncException} that
 * names the call, so one broken connection never takes a nightly pipeline down.
 *
 * <pre>{@code
 * return SyncRun.run(transport, config.clock(), request, sink, run -> {
 *   String next = firstPage(run.checkpoint());
 *   while (next != null) {
 *     run.checkContinue();
 *     next = readPage(next, run::emit);
 *     run.checkpoint(run.checkpoint().with(Checkpoint.JOB_POSITION, next));
 *   }
 * });
 * }</pre>
 *
 * <p>Not thread-safe: one run belongs to the thread executing the sync.
 */
public final class SyncRun {

  /** The connector's pull, run inside the bookkeeping. */
  @FunctionalInterface
  public interface Body {
    void run(SyncRun run) throws Exception;
  }

  private final String system;
  private final Clock clock;
  private final SyncRequest request;
  private final RecordSink sink;
  private CallMeter.Operation operation;
  private Checkpoint checkpoint;
  private long records;
  private long deletes;
  private long backlog = -1;
  private long jobPollCalls;
  private SyncResult.JobWait jobWait;
  private String goneJob;

  private SyncRun(String system, Clock clock, SyncRequest request, RecordSink sink) {
    this.system = system;
    this.clock = clock;
    this.request = request;
    this.sink = sink;
    this.checkpoint = request.checkpoint();
  }

  /** Runs {@code body} and maps how it ended onto a result, as the class comment lists. */
  public static SyncResult run(CallMeter calls, SyncRequest request, RecordSink sink, Body body) {
    return run(calls, Clock.systemUTC(), request, sink, body);
  }

  /**
   * {@link #run(CallMeter, SyncRequest, RecordSink, Body)} checking the deadline against {@code
   * clock} (the connection's clock, so a simulated clock closes the window in tests).
   */
  public static SyncResult run(
      CallMeter calls, Clock clock, SyncRequest request, RecordSink sink, Body body) {
    Objects.requireNonNull(calls, "calls");
    Objects.requireNonNull(clock, "clock");
    Objects.requireNonNull(request, "request");
    Objects.requireNonNull(sink, "sink");
    Objects.requireNonNull(body, "body");
    SyncRun run = new SyncRun(calls.system(), clock, request, sink);
    SyncResult.Status status;
    RevsyncException failure = null;
    java.time.Instant resumeAt = null;
    // Counted per operation: other threads' calls on the same connection are not this sync's.
    CallMeter.Operation operation = calls.startOperation(request.deadline());
    run.operation = operation;
    try (operation) {
      body.run(run);
      status = SyncResult.Status.COMPLETED;
    } catch (Parked e) {
      status = SyncResult.Status.PARKED;
      resumeAt = e.resumeAt();
    } catch (DeadlineReached e) {
      status = SyncResult.Status.WINDOW_CLOSED;
    } catch (QuotaExhaustedException e) {
      status = SyncResult.Status.QUOTA_EXHAUSTED;
    } catch (Cancelled e) {
      status = SyncResult.Status.CANCELLED;
    } catch (ConfigurationException e) {
      throw e;
    } catch (RevsyncException e) {
      status = SyncResult.Status.FAILED;
      failure = e;
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      status = SyncResult.Status.CANCELLED;
    } catch (InterruptedIOException e) {
      // A socket read cut short by an interrupt is a cancel; a socket timeout (also one of these)
      // is not.
      if (Thread.currentThread().isInterrupted()) {
        status = SyncResult.Status.CANCELLED;
      } else {
        status = SyncResult.Status.FAILED;
        failure =
            new TransientException(
                run.system,
                run.call(),
                "I/O timed out: " + e,
                "Retry the sync later; it resumes from the last checkpoint",
                e);
      }
    } catch (IOException e) {
      status = SyncResult.Status.FAILED;
      failure =
          new TransientException(
              run.system,
              run.call(),
              "I/O failed: " + e,
              "Retry the sync later; it resumes from the last checkpoint",
              e);
    } catch (Exception e) {
      status = SyncResult.Status.FAILED;
      failure =
          new RevsyncException(
              run.system,
              run.call(),
              "the connector failed unexpectedly: " + e,
              "Report this as a revsync bug; the next sync resumes from the last checkpoint",
              e);
    }
    long spent = operation.calls();
    return SyncResult.builder(request.object(), status)
        .records(run.records)
        .deletes(run.deletes)
        .callsSpent(spent)
        .checkpoint(run.checkpoint)
        .backlogRecords(status == SyncResult.Status.COMPLETED ? 0 : run.backlog)
        .failure(failure)
        .resumeAt(resumeAt)
        .jobWait(run.jobWait)
        .jobPollCalls(run.jobPollCalls)
        .build();
  }

  public SyncRequest request() {
    return request;
  }

  /** Hands one record to the sink and counts it (deletes apart). */
  public void emit(Record record) {
    Objects.requireNonNull(record, "record");
    try {
      sink.accept(record);
    } catch (RuntimeException e) {
      throw new SinkFailedException(
          system, "RecordSink.accept(" + record.object() + " " + record.id() + ")", sink, e);
    }
    records++;
    if (record.isDeleted()) deletes++;
  }

  /** Hands a checkpoint to the sink; every record emitted before it is covered by it. */
  public void checkpoint(Checkpoint checkpoint) {
    Objects.requireNonNull(checkpoint, "checkpoint");
    try {
      sink.checkpoint(checkpoint);
    } catch (RuntimeException e) {
      throw new SinkFailedException(system, "RecordSink.checkpoint", sink, e);
    }
    this.checkpoint = checkpoint;
  }

  /** The last checkpoint handed over, or the request's own at the start. */
  public Checkpoint checkpoint() {
    return checkpoint;
  }

  /** Throws the run's stop signal once the deadline has passed or the host cancelled. */
  public void checkContinue() {
    if (request.isCancelled()) {
      throw new Cancelled("sync of " + request.object() + " cancelled by the host");
    }
    if (request.deadline() != null && !clock.instant().isBefore(request.deadline())) {
      throw new DeadlineReached(system, call(), request.deadline());
    }
  }

  /**
   * An executor whose tasks' calls count as this sync's (and end by its deadline): for a connector
   * that downloads on other threads.
   *
   * @since 0.2
   */
  public java.util.concurrent.Executor executor(java.util.concurrent.Executor executor) {
    return operation.executor(executor);
  }

  /**
   * Records still to pull if the run stops now, where the connector knows it cheaply (a total
   * size).
   */
  public void backlogEstimate(long records) {
    this.backlog = records;
  }

  /** Records emitted so far. */
  public long records() {
    return records;
  }

  String system() {
    return system;
  }

  Clock clock() {
    return clock;
  }

  /** Calls this sync has made so far. */
  long callsSoFar() {
    return operation.calls();
  }

  void jobPollCalls(long calls) {
    jobPollCalls += calls;
  }

  /** Remembers a job the system no longer knew, for the wait on the job that replaces it. */
  void jobGone(String jobId) {
    goneJob = jobId;
  }

  void jobWait(SyncResult.JobWait.Builder wait) {
    if (goneJob != null && !goneJob.equals(wait.build().id())) {
      wait.replaced(goneJob);
      goneJob = null;
    }
    jobWait = wait.build();
  }

  private String call() {
    return "sync " + request.object();
  }
}
