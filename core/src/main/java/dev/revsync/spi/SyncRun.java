package dev.revsync.spi;

import dev.revsync.Checkpoint;
import dev.revsync.Record;
import dev.revsync.RecordSink;
import dev.revsync.SyncRequest;
import dev.revsync.SyncResult;
import java.time.Clock;

/**
 * The bookkeeping every connector's {@code sync} shares, so none writes it again: counts records
 * and calls, forwards checkpoints to the sink and remembers the last, checks the deadline and
 * cancellation between pages, and turns how the body ended into a {@link SyncResult}:
 *
 * <ul>
 *   <li>normal return: COMPLETED with the last checkpoint;
 *   <li>{@link dev.revsync.QuotaExhaustedException}: QUOTA_EXHAUSTED with the last checkpoint;
 *   <li>the deadline passed ({@link #checkContinue()} or a {@link JobPoller} wait): WINDOW_CLOSED;
 *   <li>cancelled: CANCELLED;
 *   <li>{@link dev.revsync.ConfigurationException}: rethrown (a bad request, not a sync outcome);
 *   <li>any other {@link dev.revsync.RevsyncException}, or a sink failure: FAILED, with the cause.
 * </ul>
 *
 * <pre>{@code
 * return SyncRun.run(transport, request, sink, run -> {
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

  private SyncRun() {}

  /** Runs {@code body} and maps how it ended onto a result, as the class comment lists. */
  public static SyncResult run(CallMeter calls, SyncRequest request, RecordSink sink, Body body) {
    return run(calls, Clock.systemUTC(), request, sink, body);
  }

  /**
   * {@link #run(CallMeter, SyncRequest, RecordSink, Body)} checking the deadline against
   * {@code clock} (the connection's clock, so a simulated clock closes the window in tests).
   */
  public static SyncResult run(CallMeter calls, Clock clock, SyncRequest request, RecordSink sink, Body body) {
    throw new UnsupportedOperationException();
  }

  public SyncRequest request() {
    throw new UnsupportedOperationException();
  }

  /** Hands one record to the sink and counts it (deletes apart). */
  public void emit(Record record) {
    throw new UnsupportedOperationException();
  }

  /** Hands a checkpoint to the sink; every record emitted before it is covered by it. */
  public void checkpoint(Checkpoint checkpoint) {
    throw new UnsupportedOperationException();
  }

  /** The last checkpoint handed over, or the request's own at the start. */
  public Checkpoint checkpoint() {
    throw new UnsupportedOperationException();
  }

  /** Throws the run's stop signal once the deadline has passed or the host cancelled. */
  public void checkContinue() {
    throw new UnsupportedOperationException();
  }

  /** Records still to pull if the run stops now, where the connector knows it cheaply (a total size). */
  public void backlogEstimate(long records) {
    throw new UnsupportedOperationException();
  }

  /** Records emitted so far. */
  public long records() {
    throw new UnsupportedOperationException();
  }
}
