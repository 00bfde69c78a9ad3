package dev.revsync.internal.pipeline;

import dev.revsync.Checkpoint;
import dev.revsync.pipeline.DailyReport;
import dev.revsync.pipeline.NightPlan;
import dev.revsync.pipeline.PipelineConnection;
import dev.revsync.pipeline.PipelineListener;
import java.time.Instant;
import java.time.LocalDate;
import java.util.List;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Wraps the host's listener so that its exceptions are logged, never break a pull. Thread-safe if
 * the host's is.
 */
public final class SafeListener implements PipelineListener {
  private static final Logger log = LoggerFactory.getLogger(SafeListener.class);

  private final PipelineListener delegate;

  public SafeListener(PipelineListener delegate) {
    this.delegate = delegate;
  }

  @Override
  public void dayStarted(LocalDate day, List<PipelineConnection> order) {
    guard(() -> delegate.dayStarted(day, order));
  }

  @Override
  public void syncStarted(PipelineConnection connection, String object, Checkpoint from) {
    guard(() -> delegate.syncStarted(connection, object, from));
  }

  @Override
  public void planned(NightPlan plan) {
    guard(() -> delegate.planned(plan));
  }

  @Override
  public void jobParked(PipelineConnection connection, String object, Instant resumeAt) {
    guard(() -> delegate.jobParked(connection, object, resumeAt));
  }

  @Override
  public void jobResumed(PipelineConnection connection, String object) {
    guard(() -> delegate.jobResumed(connection, object));
  }

  @Override
  public void progress(Progress progress) {
    guard(() -> delegate.progress(progress));
  }

  @Override
  public void syncFinished(PipelineConnection connection, DailyReport.ObjectReport report) {
    guard(() -> delegate.syncFinished(connection, report));
  }

  @Override
  public void writesFinished(PipelineConnection connection, DailyReport.WriteReport report) {
    guard(() -> delegate.writesFinished(connection, report));
  }

  @Override
  public void dayFinished(DailyReport report) {
    guard(() -> delegate.dayFinished(report));
  }

  private static void guard(Runnable call) {
    try {
      call.run();
    } catch (RuntimeException e) {
      log.warn("revsync: a pipeline listener threw; ignored: {}", e.toString(), e);
    }
  }
}
