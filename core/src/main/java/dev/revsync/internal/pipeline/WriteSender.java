package dev.revsync.internal.pipeline;

import dev.revsync.Activity;
import dev.revsync.ApiStyle;
import dev.revsync.ConfigurationException;
import dev.revsync.Connector;
import dev.revsync.QuotaPolicy;
import dev.revsync.Usage;
import dev.revsync.VendorApiException;
import dev.revsync.WriteOutcome;
import dev.revsync.WriteRequest;
import dev.revsync.WriteResult;
import dev.revsync.pipeline.DailyPipeline;
import dev.revsync.pipeline.DailyReport.WriteReport;
import dev.revsync.pipeline.PipelineConnection;
import dev.revsync.pipeline.SubmittedWrite;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Sends a connection's pending writes, oldest first (so yesterday's backlog goes before today's
 * submissions), and keeps every item's outcome in the store. Writes spend the write reserve the
 * quota policy keeps from the pulls. Items the budget stops stay NOT_SENT for the next run.
 *
 * <p>Not thread-safe: runs under the connection's lock.
 */
final class WriteSender {
  private static final Logger log = LoggerFactory.getLogger(DailyPipeline.class);

  private final RunContext ctx;
  private final PipelineConnection connection;
  private final Connector connector;

  WriteSender(RunContext ctx, PipelineConnection connection, Connector connector) {
    this.ctx = ctx;
    this.connection = connection;
    this.connector = connector;
  }

  /** The report when the connector could not be opened: nothing sent, everything carried. */
  static WriteReport notSent(RunContext ctx, PipelineConnection connection, RuntimeException why) {
    long carried;
    try {
      carried =
          pending(ctx, connection).stream()
              .mapToLong(w -> w.count(WriteOutcome.Status.NOT_SENT))
              .sum();
    } catch (RuntimeException e) {
      carried = 0;
    }
    QuotaPolicy policy = connection.config().quotaPolicy();
    long left =
        policy.remaining(
            connection.config().connectionId(), Activity.ENRICHMENT, ctx.clock().instant());
    return carried == 0
        ? WriteReport.none(left)
        : WriteReport.builder()
            .carried(carried)
            .budgetLeft(left)
            .failure(why == null ? null : why.getMessage())
            .build();
  }

  WriteReport sendPending() {
    QuotaPolicy policy = connection.config().quotaPolicy();
    String connectionId = connection.config().connectionId();
    List<SubmittedWrite> pending;
    try {
      pending = pending(ctx, connection);
    } catch (RuntimeException e) {
      log.error("revsync: cannot read the write backlog of {}: {}", connection, e.getMessage());
      return WriteReport.builder()
          .budgetLeft(policy.remaining(connectionId, Activity.ENRICHMENT, ctx.clock().instant()))
          .failure(e.getMessage())
          .build();
    }
    if (pending.isEmpty()) {
      return WriteReport.none(
          policy.remaining(connectionId, Activity.ENRICHMENT, ctx.clock().instant()));
    }
    Usage before = ConnectionRun.usage(connector);
    int requests = 0;
    long succeeded = 0;
    long failed = 0;
    long calls = 0;
    String failure = null;
    List<SubmittedWrite> after = new ArrayList<>(pending.size());
    boolean stop = false;
    for (SubmittedWrite write : pending) {
      Activity activity = write.request().activity();
      if (stop
          || ctx.stopping().getAsBoolean()
          || policy.remaining(connectionId, activity, ctx.clock().instant()) == 0) {
        stop = true;
        after.add(write);
        continue;
      }
      requests++;
      List<Integer> indexes = write.pendingIndexes();
      WriteRequest request = write.request().withItems(write.pendingItems());
      List<WriteOutcome> outcomes = new ArrayList<>(write.outcomes());
      try {
        WriteResult result = connector.write(request);
        calls += result.callsSpent();
        for (int i = 0; i < result.outcomes().size(); i++) {
          WriteOutcome o = result.outcomes().get(i);
          int original = indexes.get(o.index() >= 0 && o.index() < indexes.size() ? o.index() : i);
          outcomes.set(
              original,
              new WriteOutcome(
                  original,
                  o.key(),
                  o.status(),
                  o.id(),
                  o.created(),
                  o.code(),
                  o.message(),
                  o.fields()));
        }
        if (result.status() == WriteResult.Status.QUOTA_EXHAUSTED) stop = true;
        if (result.status() == WriteResult.Status.FAILED) {
          // A fault the transport already retried: the system is unwell, try the rest next run.
          failure = result.failure() != null ? result.failure().getMessage() : "write failed";
          stop = true;
        }
      } catch (VendorApiException | ConfigurationException e) {
        // The request itself is refused (unknown object or field): sending it again cannot help.
        String code =
            e instanceof VendorApiException v && v.vendorCode() != null
                ? v.vendorCode()
                : "REFUSED";
        for (int original : indexes) {
          outcomes.set(
              original,
              WriteOutcome.failed(
                  original,
                  write.request().items().get(original).key(),
                  null,
                  code,
                  e.getMessage(),
                  List.of()));
        }
        log.error("revsync: write {} to {} refused: {}", write.id(), connection, e.getMessage());
      } catch (RuntimeException e) {
        failure = e.getMessage() != null ? e.getMessage() : e.toString();
        log.error(
            "revsync: write {} to {} stopped, its items stay in the backlog: {}",
            write.id(),
            connection,
            failure);
        stop = true;
      }
      SubmittedWrite updated = write.withOutcomes(outcomes);
      long ok =
          updated.count(WriteOutcome.Status.SUCCEEDED) - write.count(WriteOutcome.Status.SUCCEEDED);
      long refused =
          updated.count(WriteOutcome.Status.FAILED) - write.count(WriteOutcome.Status.FAILED);
      succeeded += ok;
      failed += refused;
      if (!updated.equals(write)) ctx.store().saveWrite(updated);
      after.add(updated);
      log.info(
          "revsync: write {} {} {} to {}: {} written, {} refused, {} carried",
          write.id(),
          write.request().object(),
          activity,
          connection,
          ok,
          refused,
          updated.count(WriteOutcome.Status.NOT_SENT));
    }
    Usage afterUsage = ConnectionRun.usage(connector);
    long carried = after.stream().mapToLong(w -> w.count(WriteOutcome.Status.NOT_SENT)).sum();
    Map<Activity, Long> byActivity =
        before != null && afterUsage != null
            ? ConnectionRun.activityDelta(before, afterUsage, calls)
            : Map.of();
    Map<ApiStyle, Long> byStyle = ConnectionRun.styleDelta(before, afterUsage);
    return WriteReport.builder()
        .requests(requests)
        .succeeded(succeeded)
        .failed(failed)
        .carried(carried)
        .calls(calls)
        .callsByActivity(byActivity)
        .callsByStyle(byStyle)
        .budgetLeft(policy.remaining(connectionId, Activity.ENRICHMENT, ctx.clock().instant()))
        .failure(failure)
        .build();
  }

  private static List<SubmittedWrite> pending(RunContext ctx, PipelineConnection connection) {
    return ctx.store().writes(connection.tenant(), connection.connector()).stream()
        .filter(w -> !w.done())
        .toList();
  }
}
