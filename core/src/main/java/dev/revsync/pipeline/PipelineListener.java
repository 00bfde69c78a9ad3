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

  /** A pull starts from {@code from}. */
  default void syncStarted(PipelineConnection connection, String object, Checkpoint from) {}

  /** A running pull saved a checkpoint. */
  default void progress(Progress progress) {}

  /** A pull ended (or was not started: see {@link DailyReport.ObjectReport#started()}). */
  default void syncFinished(PipelineConnection connection, DailyReport.ObjectReport report) {}

  /** A connection's writes ended. */
  default void writesFinished(PipelineConnection connection, DailyReport.WriteReport report) {}

  /** A day's run ended. */
  default void dayFinished(DailyReport report) {}
}
