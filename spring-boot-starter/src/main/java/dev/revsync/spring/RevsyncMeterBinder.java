package dev.revsync.spring;

import dev.revsync.Activity;
import dev.revsync.CallListener;
import dev.revsync.Checkpoint;
import dev.revsync.QuotaPolicy;
import dev.revsync.micrometer.RevsyncMetrics;
import dev.revsync.pipeline.DailyPipeline;
import dev.revsync.pipeline.DailyReport;
import dev.revsync.pipeline.PipelineConnection;
import dev.revsync.pipeline.PipelineListener;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.binder.MeterBinder;
import java.time.LocalDate;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;

/**
 * {@link RevsyncMetrics} bound to every registry Spring Boot creates: Boot calls {@link #bindTo}
 * once per registry, and events go to each. Thread-safe.
 */
final class RevsyncMeterBinder implements MeterBinder, CallListener, PipelineListener {
  private final boolean connectionTags;
  private final List<RevsyncMetrics> bound = new CopyOnWriteArrayList<>();
  private volatile DailyPipeline pipeline;

  RevsyncMeterBinder(boolean connectionTags) {
    this.connectionTags = connectionTags;
  }

  @Override
  public void bindTo(MeterRegistry registry) {
    RevsyncMetrics metrics =
        RevsyncMetrics.builder(registry).connectionTags(connectionTags).build();
    bound.add(metrics);
    DailyPipeline p = pipeline;
    if (p != null) metrics.monitor(p);
  }

  /** Registers every connection's budget and backlog gauges, before the first night. */
  void monitor(DailyPipeline pipeline) {
    this.pipeline = pipeline;
    bound.forEach(m -> m.monitor(pipeline));
  }

  @Override
  public void callEnded(Call call) {
    bound.forEach(m -> m.callEnded(call));
  }

  @Override
  public void retrying(Call call, String reason) {
    bound.forEach(m -> m.retrying(call, reason));
  }

  @Override
  public void quotaRefused(
      String connectionId, String system, Activity activity, QuotaPolicy.Decision decision) {
    bound.forEach(m -> m.quotaRefused(connectionId, system, activity, decision));
  }

  @Override
  public void dayStarted(LocalDate day, List<PipelineConnection> order) {
    bound.forEach(m -> m.dayStarted(day, order));
  }

  @Override
  public void syncStarted(PipelineConnection connection, String object, Checkpoint from) {
    bound.forEach(m -> m.syncStarted(connection, object, from));
  }

  @Override
  public void syncFinished(PipelineConnection connection, DailyReport.ObjectReport report) {
    bound.forEach(m -> m.syncFinished(connection, report));
  }
}
