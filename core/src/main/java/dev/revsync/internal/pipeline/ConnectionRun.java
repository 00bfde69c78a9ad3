package dev.revsync.internal.pipeline;

import dev.revsync.Activity;
import dev.revsync.ApiStyle;
import dev.revsync.Checkpoint;
import dev.revsync.Connector;
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
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.OptionalLong;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.locks.ReentrantLock;
import java.util.function.BooleanSupplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.slf4j.MDC;

/**
 * One connection's share of a day: its objects pulled one after the other (so a connection never
 * has two pulls fighting over its rate limit), then its pending writes. Holds the connection's lock
 * throughout, so a host's call to send writes waits for the pulls instead of racing them.
 *
 * <p>The quota policy is read from the connection's config at every use, never copied: a budget the
 * host changes applies on the running pull's next call.
 */
public final class ConnectionRun {
  private static final Logger log = LoggerFactory.getLogger(DailyPipeline.class);

  private final RunContext ctx;
  private final PipelineConnection connection;
  private final ReentrantLock lock;

  public ConnectionRun(RunContext ctx, PipelineConnection connection, ReentrantLock lock) {
    this.ctx = ctx;
    this.connection = connection;
    this.lock = lock;
  }

  /** Pulls every object inside the window ending at {@code deadline}, then sends pending writes. */
  public ConnectionReport pullAndWrite(Instant deadline) {
    return run(deadline, true);
  }

  /** Sends the connection's pending writes only. */
  public ConnectionReport writesOnly() {
    return run(null, false);
  }

  private ConnectionReport run(Instant deadline, boolean pulls) {
    lock.lock();
    MDC.put(DailyPipeline.MDC_TENANT, connection.tenant());
    MDC.put(DailyPipeline.MDC_CONNECTOR, connection.connector());
    try {
      Connector connector = null;
      RuntimeException openFailure = null;
      try {
        connector = connection.open();
      } catch (RuntimeException e) {
        openFailure = e;
        log.error("revsync: cannot open {}: {}", connection, e.getMessage());
      }
      try {
        List<ObjectReport> rows = new ArrayList<>();
        if (pulls) {
          for (String object : connection.objects()) {
            MDC.put(DailyPipeline.MDC_OBJECT, object);
            try {
              ObjectReport row = pull(connector, openFailure, object, deadline);
              rows.add(row);
              ctx.listener().syncFinished(connection, row);
            } finally {
              MDC.remove(DailyPipeline.MDC_OBJECT);
            }
          }
        }
        WriteReport writes =
            connector != null
                ? new WriteSender(ctx, connection, connector).sendPending()
                : WriteSender.notSent(ctx, connection, openFailure);
        if (pulls || writes.requests() > 0) ctx.listener().writesFinished(connection, writes);
        return report(rows, writes);
      } finally {
        if (connector != null) closeQuietly(connector);
      }
    } finally {
      MDC.remove(DailyPipeline.MDC_TENANT);
      MDC.remove(DailyPipeline.MDC_CONNECTOR);
      lock.unlock();
    }
  }

  private ObjectReport pull(
      Connector connector, RuntimeException openFailure, String object, Instant deadline) {
    QuotaPolicy policy = policy();
    String connectionId = connection.config().connectionId();
    Instant now = ctx.clock().instant();
    CheckpointStore.Entry saved;
    try {
      saved = ctx.store().load(connection.tenant(), connection.connector(), object).orElse(null);
    } catch (RuntimeException e) {
      log.error(
          "revsync: cannot read the checkpoint of {} {}: {}", connection, object, e.getMessage());
      return notStarted(object, SyncResult.Status.FAILED, e.getMessage());
    }
    SyncRequest template = connection.request(object);
    SyncResult.Status skip =
        openFailure != null
            ? SyncResult.Status.FAILED
            : ctx.stopping().getAsBoolean()
                ? SyncResult.Status.CANCELLED
                // Never start a pull outside the window: what is queued when it closes waits for
                // tomorrow.
                : !now.isBefore(deadline)
                    ? SyncResult.Status.WINDOW_CLOSED
                    : policy.remaining(connectionId, Activity.SYNC, now) == 0
                        ? SyncResult.Status.QUOTA_EXHAUSTED
                        : null;
    if (skip != null) {
      markBacklog(object, template, saved);
      return notStarted(object, skip, openFailure == null ? null : openFailure.getMessage());
    }

    // A FULL object is pulled whole each day; within a day it resumes where it stopped.
    boolean restart = template.mode() == SyncMode.FULL && saved != null && !saved.backlog();
    Checkpoint from = saved == null || restart ? Checkpoint.EMPTY : saved.checkpoint();
    ctx.listener().syncStarted(connection, object, from);
    log.info(
        "revsync: pulling {} {} from {}",
        connection,
        object,
        from.isEmpty() ? "the beginning" : from);

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
    SyncRequest request =
        template.newBuilder().checkpoint(from).deadline(deadline).cancelWhen(cancel).build();

    RecordSink host;
    try {
      host = ctx.sinks().open(connection, object);
    } catch (RuntimeException e) {
      log.error(
          "revsync: the host's sink for {} {} failed to open: {}",
          connection,
          object,
          e.toString());
      markBacklog(object, template, saved);
      return notStarted(object, SyncResult.Status.FAILED, "the host's sink failed to open: " + e);
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
      result = connector.sync(request, sink);
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

    SyncResult.Status status = failure != null ? SyncResult.Status.FAILED : result.status();
    if (status == SyncResult.Status.CANCELLED && pastGrace.get())
      status = SyncResult.Status.WINDOW_CLOSED;
    if (failure == null && result.failure() != null) failure = result.failure().getMessage();
    long calls = result != null ? result.callsSpent() : sink.spentSinceStart();
    Map<Activity, Long> byActivity = activityDelta(before, after, calls);
    Map<ApiStyle, Long> byStyle = styleDelta(before, after);
    OptionalLong backlogRecords =
        status == SyncResult.Status.COMPLETED
            ? OptionalLong.of(0)
            : result != null ? result.backlogRecords() : OptionalLong.empty();
    ObjectReport row =
        ObjectReport.builder(object, status)
            .records(sink.records())
            .deletes(sink.deletes())
            .calls(calls)
            .callsByActivity(byActivity)
            .callsByStyle(byStyle)
            .budgetLeft(policy.remaining(connectionId, Activity.SYNC, ctx.clock().instant()))
            .backlog(status != SyncResult.Status.COMPLETED)
            .backlogRecords(backlogRecords)
            .failure(failure)
            .build();
    log.info(
        "revsync: {} {} {}: {} records, {} calls, {} left today{}",
        connection,
        object,
        status,
        row.records(),
        calls,
        row.budgetLeft() == QuotaPolicy.UNLIMITED ? "unlimited" : row.budgetLeft(),
        row.backlogRecords().isPresent() && row.backlog()
            ? ", " + row.backlogRecords().getAsLong() + " records carried"
            : "");
    return row;
  }

  private ObjectReport notStarted(String object, SyncResult.Status status, String failure) {
    if (status != SyncResult.Status.FAILED)
      log.info("revsync: {} {} not started: {}", connection, object, status);
    return ObjectReport.builder(object, status)
        .started(false)
        .budgetLeft(
            policy()
                .remaining(
                    connection.config().connectionId(), Activity.SYNC, ctx.clock().instant()))
        .backlog(true)
        .failure(failure)
        .build();
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
