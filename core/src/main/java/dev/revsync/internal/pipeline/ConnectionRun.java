package dev.revsync.internal.pipeline;

import dev.revsync.Activity;
import dev.revsync.ApiStyle;
import dev.revsync.Checkpoint;
import dev.revsync.Connector;
import dev.revsync.ConnectorDescriptor;
import dev.revsync.QuotaPolicy;
import dev.revsync.RecordSink;
import dev.revsync.SyncMode;
import dev.revsync.SyncRequest;
import dev.revsync.SyncResult;
import dev.revsync.Usage;
import dev.revsync.pipeline.CheckpointStore;
import dev.revsync.pipeline.DailyPipeline;
import dev.revsync.pipeline.DailyReport.ConnectionReport;
import dev.revsync.pipeline.DailyReport.ObjectReport;
import dev.revsync.pipeline.DailyReport.WriteReport;
import dev.revsync.pipeline.PipelineConnection;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.OptionalLong;
import java.util.concurrent.Semaphore;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.function.BooleanSupplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.slf4j.MDC;

/**
 * One connection's share of a night. The {@link Night} runs its objects as steps on any worker, one
 * at a time (so a connection never has two pulls fighting over its rate limit), except that a step
 * waiting for a server-side job parks and lets the connection's next object run. The connector is
 * opened at the first step and stays open while jobs are parked (its token is reused), then the
 * pending writes are sent and it is closed. Holds the connection's permit from its first step to
 * its writes, so a host's call to send writes waits for the night instead of racing it.
 *
 * <p>The quota policy is read from the connection's config at every use, never copied: a budget the
 * host changes applies on the running pull's next call, and on a parked job's next poll.
 *
 * <p>The night's fields are guarded by the {@link Night}'s lock; the connector and the rows belong
 * to the worker running the connection's step, handed over through that lock.
 */
public final class ConnectionRun {
  private static final Logger log = LoggerFactory.getLogger(DailyPipeline.class);

  /** How a step's run ended. */
  enum Outcome {
    /** The step waits for its job, due at {@link PullStep#due}. */
    PARKED,
    /** The step's row is final. */
    FINAL
  }

  private final RunContext ctx;
  private final PipelineConnection connection;
  private final Semaphore permit;
  private final int jobCap;
  private final boolean jobCapable;

  // Guarded by the night's lock.
  boolean active;
  int jobsHeld;
  int pending;
  int queued;
  final ArrayDeque<PullStep> blocked = new ArrayDeque<>();

  // Owned by the worker holding the connection.
  private boolean opened;
  private Connector connector;
  private RuntimeException openFailure;
  private final Map<String, ObjectReport> rows = new HashMap<>();

  public ConnectionRun(RunContext ctx, PipelineConnection connection, Semaphore permit) {
    this.ctx = ctx;
    this.connection = connection;
    this.permit = permit;
    ConnectorDescriptor descriptor = connection.descriptor().orElse(null);
    List<ApiStyle> styles = descriptor == null ? null : descriptor.apiStyles(Activity.SYNC);
    this.jobCapable =
        styles != null && (styles.contains(ApiStyle.BATCH) || styles.contains(ApiStyle.BULK));
    int cap = descriptor == null ? 0 : descriptor.maxConcurrentJobs();
    // A job-style connector that declares no cap still runs one job at a time: safe, not fast.
    this.jobCap = cap > 0 ? cap : 1;
  }

  public PipelineConnection connection() {
    return connection;
  }

  /** The connection's clock: the pipeline's, or in simulations one of its own. */
  java.time.Clock clock() {
    return connection.config().clock();
  }

  boolean jobCapable() {
    return jobCapable;
  }

  /** How many server-side jobs the connection may have preparing at once. */
  int jobCap() {
    return jobCap;
  }

  /** Sends the connection's pending writes only (the host's {@code runWrites}). */
  public ConnectionReport writesOnly() {
    permit.acquireUninterruptibly();
    MDC.put(DailyPipeline.MDC_TENANT, connection.tenant());
    MDC.put(DailyPipeline.MDC_CONNECTOR, connection.connector());
    try {
      Connector c = null;
      RuntimeException failure = null;
      try {
        c = connection.open();
      } catch (RuntimeException e) {
        failure = e;
        log.error("revsync: cannot open {}: {}", connection, e.getMessage());
      }
      try {
        WriteReport writes =
            c != null
                ? new WriteSender(ctx, connection, c).sendPending()
                : WriteSender.notSent(ctx, connection, failure);
        if (writes.requests() > 0) ctx.listener().writesFinished(connection, writes);
        return report(List.of(), writes);
      } finally {
        if (c != null) closeQuietly(c);
      }
    } finally {
      MDC.remove(DailyPipeline.MDC_TENANT);
      MDC.remove(DailyPipeline.MDC_CONNECTOR);
      permit.release();
    }
  }

  /**
   * Runs one step of the night once: starts or resumes the object's pull, which ends, or parks on a
   * server-side job that is still preparing.
   */
  Outcome step(PullStep s, Instant deadline, LocalDate day) {
    MDC.put(DailyPipeline.MDC_TENANT, connection.tenant());
    MDC.put(DailyPipeline.MDC_CONNECTOR, connection.connector());
    MDC.put(DailyPipeline.MDC_OBJECT, s.object);
    try {
      open();
      Outcome outcome = pull(s, deadline);
      if (outcome == Outcome.FINAL) saveFigures(s, day);
      return outcome;
    } finally {
      MDC.remove(DailyPipeline.MDC_OBJECT);
      MDC.remove(DailyPipeline.MDC_TENANT);
      MDC.remove(DailyPipeline.MDC_CONNECTOR);
    }
  }

  /** A step that threw out of {@link #step}: its row ends FAILED with what it had done. */
  void crashed(PullStep s, Throwable cause) {
    String why = cause.getMessage() != null ? cause.getMessage() : cause.toString();
    log.error("revsync: the pull of {} {} stopped: {}", connection, s.object, why, cause);
    finalRow(s, SyncResult.Status.FAILED, why);
  }

  /** After the connection's last step: sends its pending writes, closes it, and reports. */
  ConnectionReport finishNight() {
    MDC.put(DailyPipeline.MDC_TENANT, connection.tenant());
    MDC.put(DailyPipeline.MDC_CONNECTOR, connection.connector());
    try {
      open();
      WriteReport writes =
          connector != null
              ? new WriteSender(ctx, connection, connector).sendPending()
              : WriteSender.notSent(ctx, connection, openFailure);
      ctx.listener().writesFinished(connection, writes);
      List<ObjectReport> ordered = new ArrayList<>();
      for (String object : connection.objects()) {
        ObjectReport row = rows.get(object);
        if (row != null) ordered.add(row);
      }
      return report(ordered, writes);
    } finally {
      if (connector != null) closeQuietly(connector);
      connector = null;
      MDC.remove(DailyPipeline.MDC_TENANT);
      MDC.remove(DailyPipeline.MDC_CONNECTOR);
      if (opened) permit.release();
      opened = false;
    }
  }

  /**
   * The connection's report when its night threw outside a pull (a store failure while sending
   * writes): the rows it has, every other object FAILED with the cause.
   */
  ConnectionReport crashedNight(Throwable cause) {
    String why = cause.getMessage() != null ? cause.getMessage() : cause.toString();
    log.error("revsync: {} stopped: {}", connection, why, cause);
    long left =
        policy()
            .remaining(connection.config().connectionId(), Activity.SYNC, ctx.clock().instant());
    List<ObjectReport> out = new ArrayList<>();
    for (String object : connection.objects()) {
      ObjectReport row = rows.get(object);
      out.add(
          row != null
              ? row
              : ObjectReport.builder(object, SyncResult.Status.FAILED)
                  .started(false)
                  .budgetLeft(left)
                  .backlog(true)
                  .failure(why)
                  .build());
    }
    return report(out, WriteSender.notSent(ctx, connection, new IllegalStateException(why)));
  }

  private void open() {
    if (opened) return;
    permit.acquireUninterruptibly();
    opened = true;
    try {
      connector = connection.open();
    } catch (RuntimeException e) {
      openFailure = e;
      log.error("revsync: cannot open {}: {}", connection, e.getMessage());
    }
  }

  private Outcome pull(PullStep s, Instant deadline) {
    String object = s.object;
    // A parked pull is back (it may end at once: the window closed, the budget is gone).
    if (s.started) ctx.listener().jobResumed(connection, object);
    QuotaPolicy policy = policy();
    String connectionId = connection.config().connectionId();
    Instant now = ctx.clock().instant();
    CheckpointStore.Entry saved;
    try {
      saved = ctx.store().load(connection.tenant(), connection.connector(), object).orElse(null);
    } catch (RuntimeException e) {
      log.error(
          "revsync: cannot read the checkpoint of {} {}: {}", connection, object, e.getMessage());
      return finalRow(s, SyncResult.Status.FAILED, e.getMessage());
    }
    SyncRequest template = connection.request(object);
    SyncResult.Status skip =
        openFailure != null
            ? SyncResult.Status.FAILED
            : ctx.stopping().getAsBoolean()
                ? SyncResult.Status.CANCELLED
                // Never start (or poll) outside the window: a job still preparing when it closes
                // stays in the checkpoint, and tomorrow's night resumes it first.
                : !now.isBefore(deadline)
                    ? SyncResult.Status.WINDOW_CLOSED
                    : policy.remaining(connectionId, Activity.SYNC, now) == 0
                        ? SyncResult.Status.QUOTA_EXHAUSTED
                        : null;
    if (skip != null) {
      if (!s.started) markBacklog(object, template, saved);
      return finalRow(s, skip, openFailure == null ? null : openFailure.getMessage());
    }

    // A FULL object is pulled whole each day; within a day (and across a park) it resumes where it
    // stopped.
    boolean restart =
        !s.started && template.mode() == SyncMode.FULL && saved != null && !saved.backlog();
    Checkpoint from = saved == null || restart ? Checkpoint.EMPTY : saved.checkpoint();
    if (!s.started) {
      s.started = true;
      s.firstStart = now;
      ctx.listener().syncStarted(connection, object, from);
      log.info(
          "revsync: pulling {} {} from {}",
          connection,
          object,
          from.isEmpty() ? "the beginning" : from);
    } else {
      log.debug("revsync: resuming {} {} from {}", connection, object, from);
    }

    AtomicBoolean pastGrace = new AtomicBoolean();
    Instant hardStop = deadline.plus(ctx.closeGrace());
    BooleanSupplier cancel =
        () -> {
          if (ctx.stopping().getAsBoolean()) return true;
          // Safety net for a connector that misses the deadline: cancel it a grace period later.
          if (ctx.clock().instant().isAfter(hardStop)) {
            pastGrace.set(true);
            return true;
          }
          return false;
        };
    SyncRequest.Builder request =
        template.newBuilder().checkpoint(from).deadline(deadline).cancelWhen(cancel).parkJobs(true);
    if (s.plan != null && !s.plan.jobPreparation().isZero())
      request.expectedJobTime(s.plan.jobPreparation());

    RecordSink host;
    try {
      host = ctx.sinks().open(connection, object);
    } catch (RuntimeException e) {
      log.error(
          "revsync: the host's sink for {} {} failed to open: {}",
          connection,
          object,
          e.toString());
      if (s.parks == 0) markBacklog(object, template, saved);
      return finalRow(s, SyncResult.Status.FAILED, "the host's sink failed to open: " + e);
    }
    PersistingSink sink =
        new PersistingSink(
            host,
            ctx.store(),
            connection.tenant(),
            connection.connector(),
            object,
            connectionId,
            policy,
            ctx.clock(),
            ctx.listener(),
            from,
            saved);
    Usage before = usage(connector);
    SyncResult result = null;
    String failure = null;
    try {
      result = connector.sync(request.build(), sink);
      sink.finish(result);
    } catch (RuntimeException e) {
      failure = e.getMessage() != null ? e.getMessage() : e.toString();
      log.error("revsync: pull of {} {} failed: {}", connection, object, failure, e);
      try {
        sink.finishAfterFailure();
      } catch (RuntimeException again) {
        log.error(
            "revsync: cannot save where {} {} stopped: {}", connection, object, again.getMessage());
      }
    } finally {
      closeQuietly(host);
    }
    Usage after = usage(connector);
    Instant end = ctx.clock().instant();

    long calls = result != null ? result.callsSpent() : sink.spentSinceStart();
    s.records += sink.records();
    s.deletes += sink.deletes();
    s.calls += calls;
    s.active = s.active.plus(Duration.between(now, end));
    activityDelta(before, after, calls).forEach((k, v) -> s.byActivity.merge(k, v, Long::sum));
    styleDelta(before, after).forEach((k, v) -> s.byStyle.merge(k, v, Long::sum));
    if (result != null) {
      s.jobPolls += result.jobPollCalls();
      result
          .jobWait()
          .ifPresent(
              job -> {
                if (s.jobStartedAt == null) s.jobStartedAt = job.startedAt();
                job.preparedIn().ifPresent(d -> s.preparedIn = d);
              });
    }

    if (result != null && result.status() == SyncResult.Status.PARKED) {
      s.parks++;
      Instant resumeAt = result.resumeAt().orElse(end);
      // The connector's cadence decides; the plan only holds back a poll it knows is too early.
      if (s.plan != null && !s.plan.jobPreparation().isZero() && s.jobStartedAt != null) {
        Instant expected =
            s.jobStartedAt.plus(s.plan.jobPreparation().multipliedBy(8).dividedBy(10));
        if (expected.isAfter(resumeAt)) resumeAt = expected;
      }
      s.due = resumeAt;
      ctx.listener().jobParked(connection, object, resumeAt);
      log.debug("revsync: {} {} parked until {}", connection, object, resumeAt);
      return Outcome.PARKED;
    }

    SyncResult.Status status = failure != null ? SyncResult.Status.FAILED : result.status();
    if (status == SyncResult.Status.CANCELLED && pastGrace.get())
      status = SyncResult.Status.WINDOW_CLOSED;
    if (failure == null && result.failure() != null) failure = result.failure().getMessage();
    s.backlogRecords =
        status == SyncResult.Status.COMPLETED
            ? OptionalLong.of(0)
            : result != null ? result.backlogRecords() : OptionalLong.empty();
    return finalRow(s, status, failure);
  }

  /** Ends the step with its row: what its runs did, or not started if it never ran. */
  private Outcome finalRow(PullStep s, SyncResult.Status status, String failure) {
    ObjectReport.Builder b =
        ObjectReport.builder(s.object, status)
            .started(s.started)
            .budgetLeft(
                policy()
                    .remaining(
                        connection.config().connectionId(), Activity.SYNC, ctx.clock().instant()))
            .backlog(status != SyncResult.Status.COMPLETED)
            .failure(failure)
            .parks(s.parks)
            .jobPolls(s.jobPolls);
    if (s.plan != null) {
      b.plannedCalls(s.plan.calls()).expectedBacklog(s.plan.expectedBacklog());
    }
    if (s.started) {
      b.records(s.records)
          .deletes(s.deletes)
          .calls(s.calls)
          .callsByActivity(Map.copyOf(s.byActivity))
          .callsByStyle(Map.copyOf(s.byStyle))
          .backlogRecords(s.backlogRecords);
    }
    ObjectReport row = b.build();
    if (!s.started && status != SyncResult.Status.FAILED)
      log.info("revsync: {} {} not started: {}", connection, s.object, status);
    if (s.started) {
      log.info(
          "revsync: {} {} {}: {} records, {} calls{}, {} left today{}",
          connection,
          s.object,
          status,
          row.records(),
          row.calls(),
          s.parks > 0 ? " (parked " + s.parks + "x, " + s.jobPolls + " polls)" : "",
          row.budgetLeft() == QuotaPolicy.UNLIMITED ? "unlimited" : row.budgetLeft(),
          row.backlogRecords().isPresent() && row.backlog()
              ? ", " + row.backlogRecords().getAsLong() + " records carried"
              : "");
    }
    rows.put(s.object, row);
    ctx.listener().syncFinished(connection, row);
    return Outcome.FINAL;
  }

  /** Keeps what tonight's pull took, for the next night's plan. */
  private void saveFigures(PullStep s, LocalDate day) {
    if (!s.started) return;
    ObjectReport row = rows.get(s.object);
    try {
      ctx.store()
          .saveFigures(
              connection.tenant(),
              connection.connector(),
              s.object,
              new CheckpointStore.Figures(
                  day,
                  s.records,
                  s.calls,
                  s.active,
                  s.preparedIn,
                  row != null && row.status() == SyncResult.Status.COMPLETED));
    } catch (RuntimeException e) {
      log.warn(
          "revsync: cannot keep the figures of {} {}: {}", connection, s.object, e.getMessage());
    }
  }

  /**
   * Records that an object did not run today, keeping when it last made progress, so that among
   * connections with backlog the one waiting longest goes first tomorrow (none starves).
   */
  private void markBacklog(String object, SyncRequest template, CheckpointStore.Entry saved) {
    CheckpointStore.Entry entry;
    if (saved == null) {
      entry = new CheckpointStore.Entry(Checkpoint.EMPTY, true, Instant.EPOCH);
    } else if (saved.backlog()) {
      return;
    } else {
      // A FULL object that did not run starts its next pull from the beginning.
      Checkpoint from = template.mode() == SyncMode.FULL ? Checkpoint.EMPTY : saved.checkpoint();
      entry = new CheckpointStore.Entry(from, true, saved.savedAt());
    }
    try {
      ctx.store().save(connection.tenant(), connection.connector(), object, entry);
    } catch (RuntimeException e) {
      log.warn("revsync: cannot mark {} {} as backlog: {}", connection, object, e.getMessage());
    }
  }

  private ConnectionReport report(List<ObjectReport> rows, WriteReport writes) {
    QuotaPolicy policy = policy();
    String connectionId = connection.config().connectionId();
    Instant now = ctx.clock().instant();
    DrainEstimate.Result drain =
        DrainEstimate.apply(rows, policy.dailyLimit(), policy.writeReserve());
    return ConnectionReport.builder(connection.tenant(), connection.connector(), connectionId)
        .objects(drain.rows())
        .writes(writes)
        .dailyLimit(policy.dailyLimit())
        .spent(policy.spent(connectionId, now))
        .budgetLeft(policy.remaining(connectionId, Activity.SYNC, now))
        .budgetLeftForWrites(policy.remaining(connectionId, Activity.ENRICHMENT, now))
        .backlogRecords(drain.backlogRecords())
        .daysToDrain(drain.daysToDrain())
        .build();
  }

  private QuotaPolicy policy() {
    return connection.config().quotaPolicy();
  }

  /** The connector's usage, or null where it cannot tell. */
  static Usage usage(Connector connector) {
    try {
      return connector.usage();
    } catch (RuntimeException e) {
      return null;
    }
  }

  /**
   * Calls by activity between two usage readings; without usage, all of {@code calls} count as
   * SYNC.
   */
  static Map<Activity, Long> activityDelta(Usage before, Usage after, long calls) {
    if (before == null || after == null) return calls > 0 ? Map.of(Activity.SYNC, calls) : Map.of();
    return diff(before.byActivity(), after.byActivity(), !before.day().equals(after.day()));
  }

  /** Calls by API style between two usage readings; empty without usage. */
  static Map<ApiStyle, Long> styleDelta(Usage before, Usage after) {
    if (before == null || after == null) return Map.of();
    return diff(before.byStyle(), after.byStyle(), !before.day().equals(after.day()));
  }

  private static <K> Map<K, Long> diff(Map<K, Long> before, Map<K, Long> after, boolean newDay) {
    Map<K, Long> out = new HashMap<>();
    after.forEach(
        (k, v) -> {
          // Usage counts restart at 00:00 UTC: across midnight, the later reading is all new.
          long d = newDay ? v : v - before.getOrDefault(k, 0L);
          if (d > 0) out.put(k, d);
        });
    return out;
  }

  private static void closeQuietly(Object closeable) {
    if (!(closeable instanceof AutoCloseable)) return;
    try {
      ((AutoCloseable) closeable).close();
    } catch (Exception e) {
      log.warn("revsync: closing {} failed: {}", closeable.getClass().getName(), e.toString());
    }
  }
}
