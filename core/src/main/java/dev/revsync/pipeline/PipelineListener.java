package dev.revsync.pipeline;

import dev.revsync.Checkpoint;
import dev.revsync.QuotaPolicy;
import java.time.LocalDate;
import java.util.List;

/**
 * Follows a {@link DailyPipeline}'s progress, such as for a progress bar. Every method has an empty
 * default; override those you need.
 *
 * <p>Called from the pipeline's worker threads, several at once when several connections run:
 * implementations must be thread-safe and quick. An exception thrown here is logged and ignored.
 */
public interface PipelineListener {

  /** A listener that does nothing. */
  PipelineListener NONE = new PipelineListener() {};

  /**
   * Where a running pull stands, after each checkpoint the store saved.
   *
   * @param tenant the tenant id
   * @param connector the connector id
   * @param object the object being pulled
   * @param records records the pull delivered so far
   * @param calls calls counted against the budget since the pull started
   * @param budgetLeft calls left today for pulls ({@link QuotaPolicy#UNLIMITED} for none)
   */
  record Progress(
      String tenant, String connector, String object, long records, long calls, long budgetLeft) {}

  /** A day's run starts, with the connections in the order they will start (backlog first). */
  default void dayStarted(LocalDate day, List<PipelineConnection> order) {}

  /**
   * The night's plan, made at the window's opening before any pull starts.
   *
   * @since 0.3
   */
  default void planned(NightPlan plan) {}

  /** A pull starts from {@code from}. */
  default void syncStarted(PipelineConnection connection, String object, Checkpoint from) {}

  /**
   * A pull parked on a server-side job that is still preparing: it holds no thread until {@code
   * resumeAt}, when it polls the job again.
   *
   * @since 0.3
   */
  default void jobParked(
      PipelineConnection connection, String object, java.time.Instant resumeAt) {}

  /**
   * A parked pull resumes: it polls its job and downloads it if ready.
   *
   * @since 0.3
   */
  default void jobResumed(PipelineConnection connection, String object) {}

  /** A running pull saved a checkpoint. */
  default void progress(Progress progress) {}

  /** A pull ended (or was not started: see {@link DailyReport.ObjectReport#started()}). */
  default void syncFinished(PipelineConnection connection, DailyReport.ObjectReport report) {}

  /** A connection's writes ended. */
  default void writesFinished(PipelineConnection connection, DailyReport.WriteReport report) {}

  /** A day's run ended. */
  default void dayFinished(DailyReport report) {}
}
