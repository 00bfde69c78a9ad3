package dev.revsync.micrometer;

import dev.revsync.Activity;
import dev.revsync.CallListener;
import dev.revsync.Checkpoint;
import dev.revsync.QuotaPolicy;
import dev.revsync.pipeline.DailyPipeline;
import dev.revsync.pipeline.DailyReport;
import dev.revsync.pipeline.PipelineConnection;
import dev.revsync.pipeline.PipelineListener;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Tags;
import io.micrometer.core.instrument.Timer;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * Micrometer meters for revsync: every HTTP call (from the transport, through {@link CallListener})
 * and the daily pipeline's pulls (through {@link PipelineListener}).
 *
 * <pre>{@code
 * RevsyncMetrics metrics = RevsyncMetrics.builder(registry).build();
 * ConnectionConfig config = ConnectionConfig.builder("acme/salesforce").callListener(metrics)...build();
 * DailyPipeline pipeline = DailyPipeline.builder().listener(metrics)...build();
 * metrics.monitor(pipeline);   // budget and backlog gauges for every connection, before the first night
 * }</pre>
 *
 * <table>
 *   <caption>Meters</caption>
 *   <tr><th>name</th><th>type</th><th>tags</th></tr>
 *   <tr><td>{@code revsync.calls}</td><td>timer</td><td>connector, activity, style, outcome
 *       ({@code success}, {@code rate_limited} for a 429, {@code client_error}, {@code server_error},
 *       {@code io_error})</td></tr>
 *   <tr><td>{@code revsync.retries}</td><td>counter</td><td>connector, activity, style, cause (the outcome retried)</td></tr>
 *   <tr><td>{@code revsync.quota.refusals}</td><td>counter</td><td>connector, activity, decision</td></tr>
 *   <tr><td>{@code revsync.records.pulled}</td><td>counter</td><td>connector, object</td></tr>
 *   <tr><td>{@code revsync.sync.duration}</td><td>timer</td><td>connector, object, status</td></tr>
 *   <tr><td>{@code revsync.syncs.running}</td><td>gauge</td><td>none: pulls holding a slot now</td></tr>
 *   <tr><td>{@code revsync.jobs.parked}</td><td>gauge</td><td>none: pulls parked on a server-side job
 *       still preparing (they hold no slot)</td></tr>
 *   <tr><td>{@code revsync.job.polls}</td><td>counter</td><td>connector, object: calls spent polling
 *       server-side jobs</td></tr>
 *   <tr><td>{@code revsync.budget.remaining}</td><td>gauge</td><td>connector, connection: calls left today for pulls</td></tr>
 *   <tr><td>{@code revsync.budget.limit}</td><td>gauge</td><td>connector, connection</td></tr>
 *   <tr><td>{@code revsync.backlog.records}</td><td>gauge</td><td>connector, connection: records left after
 *       the last pulls (objects whose backlog the system cannot count add 0)</td></tr>
 *   <tr><td>{@code revsync.backlog.objects}</td><td>gauge</td><td>connector, connection: objects with backlog</td></tr>
 * </table>
 *
 * <p>Counters and timers carry a {@code connection} tag (the connection id) only with {@link
 * Builder#connectionTags(boolean)}: one series per customer can be many series. The budget and
 * backlog gauges are per connection by nature and always carry it. Sync durations are read on the
 * connection's clock, so a simulated night shows simulated time.
 *
 * <p>This class is thread-safe.
 */
public final class RevsyncMetrics implements CallListener, PipelineListener {
  private final MeterRegistry registry;
  private final boolean connectionTags;
  private final AtomicInteger running = new AtomicInteger();
  private final AtomicInteger parked = new AtomicInteger();
  private final Map<String, Instant> syncStarts = new ConcurrentHashMap<>();
  private final Map<String, ConnectionGauges> gauges = new ConcurrentHashMap<>();

  private RevsyncMetrics(Builder b) {
    this.registry = b.registry;
    this.connectionTags = b.connectionTags;
    Gauge.builder("revsync.syncs.running", running, AtomicInteger::get)
        .description("Pulls of the daily pipeline running now")
        .register(registry);
    Gauge.builder("revsync.jobs.parked", parked, AtomicInteger::get)
        .description("Pulls parked on a server-side job that is still preparing")
        .register(registry);
  }

  public static Builder builder(MeterRegistry registry) {
    return new Builder(registry);
  }

  /** Registers the budget and backlog gauges of each of the pipeline's connections now. */
  public RevsyncMetrics monitor(DailyPipeline pipeline) {
    pipeline.connections().forEach(this::gaugesOf);
    return this;
  }

  /** Registers the budget and backlog gauges of one connection (done anyway when it first runs). */
  public RevsyncMetrics monitor(PipelineConnection connection) {
    gaugesOf(connection);
    return this;
  }

  // ---- calls, from the transport

  @Override
  public void callEnded(Call call) {
    Timer.builder("revsync.calls")
        .description("HTTP calls to the systems, each counted against a budget")
        .tags(
            callTags(call.connectionId(), call.system(), call.activity())
                .and("style", lower(call.style()), "outcome", lower(call.outcome())))
        .register(registry)
        .record(call.nanos(), TimeUnit.NANOSECONDS);
  }

  @Override
  public void retrying(Call call, String reason) {
    Counter.builder("revsync.retries")
        .description("Calls sent again after a transient failure (429, 5xx, dropped connection)")
        .tags(
            callTags(call.connectionId(), call.system(), call.activity())
                .and("style", lower(call.style()), "cause", lower(call.outcome())))
        .register(registry)
        .increment();
  }

  @Override
  public void quotaRefused(
      String connectionId, String system, Activity activity, QuotaPolicy.Decision decision) {
    Counter.builder("revsync.quota.refusals")
        .description("Calls not made because the day's budget or the system's allowance was spent")
        .tags(callTags(connectionId, system, activity).and("decision", lower(decision)))
        .register(registry)
        .increment();
  }

  // ---- the daily pipeline

  @Override
  public void dayStarted(LocalDate day, List<PipelineConnection> order) {
    order.forEach(this::gaugesOf);
  }

  @Override
  public void syncStarted(PipelineConnection connection, String object, Checkpoint from) {
    running.incrementAndGet();
    syncStarts.put(key(connection, object), connection.config().clock().instant());
  }

  @Override
  public void jobParked(PipelineConnection connection, String object, Instant resumeAt) {
    running.decrementAndGet();
    parked.incrementAndGet();
  }

  @Override
  public void jobResumed(PipelineConnection connection, String object) {
    parked.decrementAndGet();
    running.incrementAndGet();
  }

  @Override
  public void syncFinished(PipelineConnection connection, DailyReport.ObjectReport report) {
    ConnectionGauges g = gaugesOf(connection);
    g.backlog.put(report.object(), report.backlog() ? report.backlogRecords().orElse(0) : -1);
    if (!report.started()) return;
    Instant started = syncStarts.remove(key(connection, report.object()));
    if (started != null) {
      running.decrementAndGet();
      Duration took = Duration.between(started, connection.config().clock().instant());
      Timer.builder("revsync.sync.duration")
          .description("How long a pull of one object took")
          .tags(
              pipelineTags(connection)
                  .and("object", report.object(), "status", lower(report.status())))
          .register(registry)
          .record(took.isNegative() ? Duration.ZERO : took);
    }
    if (report.jobPolls() > 0) {
      Counter.builder("revsync.job.polls")
          .description("Calls spent polling server-side jobs for their state")
          .tags(pipelineTags(connection).and("object", report.object()))
          .register(registry)
          .increment(report.jobPolls());
    }
    Counter.builder("revsync.records.pulled")
        .description("Records the pipeline's pulls delivered to the host")
        .tags(pipelineTags(connection).and("object", report.object()))
        .register(registry)
        .increment(report.records());
  }

  private ConnectionGauges gaugesOf(PipelineConnection connection) {
    return gauges.computeIfAbsent(
        connection.config().connectionId(), id -> new ConnectionGauges(connection));
  }

  private Tags callTags(String connectionId, String system, Activity activity) {
    Tags tags = Tags.of("connector", system, "activity", lower(activity));
    return connectionTags ? tags.and("connection", connectionId) : tags;
  }

  private Tags pipelineTags(PipelineConnection connection) {
    Tags tags = Tags.of("connector", connection.connector());
    return connectionTags ? tags.and("connection", connection.config().connectionId()) : tags;
  }

  private static String key(PipelineConnection connection, String object) {
    return connection.config().connectionId() + "\n" + object;
  }

  private static String lower(Enum<?> e) {
    return e.name().toLowerCase(Locale.ROOT);
  }

  /**
   * One connection's gauges; read the live policy, so a limit changed in the settings shows at
   * once.
   */
  private final class ConnectionGauges {
    /** Per object, records left after its last pull; 0 when unknown, -1 for none. */
    final Map<String, Long> backlog = new ConcurrentHashMap<>();

    ConnectionGauges(PipelineConnection c) {
      String id = c.config().connectionId();
      Tags tags = Tags.of("connector", c.connector(), "connection", id);
      Gauge.builder(
              "revsync.budget.remaining",
              c,
              pc -> {
                QuotaPolicy policy = pc.config().quotaPolicy();
                long left = policy.remaining(id, Activity.SYNC, pc.config().clock().instant());
                return left == QuotaPolicy.UNLIMITED ? Double.POSITIVE_INFINITY : left;
              })
          .description("Calls left today for pulls")
          .tags(tags)
          .strongReference(true)
          .register(registry);
      Gauge.builder(
              "revsync.budget.limit",
              c,
              pc -> {
                long limit = pc.config().quotaPolicy().dailyLimit();
                return limit == QuotaPolicy.UNLIMITED ? Double.POSITIVE_INFINITY : limit;
              })
          .description("The connection's daily call limit")
          .tags(tags)
          .strongReference(true)
          .register(registry);
      Gauge.builder(
              "revsync.backlog.records",
              backlog,
              m -> m.values().stream().filter(v -> v > 0).mapToLong(Long::longValue).sum())
          .description("Records left for later days after the last pulls")
          .tags(tags)
          .register(registry);
      Gauge.builder(
              "revsync.backlog.objects",
              backlog,
              m -> m.values().stream().filter(v -> v >= 0).count())
          .description("Objects with backlog after the last pulls")
          .tags(tags)
          .register(registry);
    }
  }

  /** Builds {@link RevsyncMetrics}. Not thread-safe. */
  public static final class Builder {
    private final MeterRegistry registry;
    private boolean connectionTags;

    private Builder(MeterRegistry registry) {
      this.registry = Objects.requireNonNull(registry, "registry");
    }

    /**
     * Whether counters and timers carry the connection id as a {@code connection} tag; default
     * false (a host with thousands of customers would get thousands of series per meter).
     */
    public Builder connectionTags(boolean connectionTags) {
      this.connectionTags = connectionTags;
      return this;
    }

    public RevsyncMetrics build() {
      return new RevsyncMetrics(this);
    }
  }
}
