package dev.revsync.spring;

import dev.revsync.SyncResult;
import dev.revsync.pipeline.Budgets;
import dev.revsync.pipeline.DailyPipeline;
import dev.revsync.pipeline.DailyReport;
import dev.revsync.pipeline.PipelineConnection;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import org.springframework.boot.health.contributor.CompositeHealthContributor;
import org.springframework.boot.health.contributor.Health;
import org.springframework.boot.health.contributor.HealthContributor;
import org.springframework.boot.health.contributor.HealthIndicator;

/**
 * One health indicator per connection, under {@code revsync} ({@code
 * /actuator/health/revsync/<tenant>-<connector>}). DOWN when the last verify failed or an object
 * FAILED last night; UP otherwise, with the budget (spent, left, exhausted), the last verify and
 * last night's status per object as details. A spent budget is a normal outcome, so it does not
 * make a connection DOWN. Makes no API call.
 */
final class ConnectionHealth implements HealthIndicator {
  private final PipelineConnection connection;
  private final DailyPipeline pipeline;
  private final Budgets budgets;
  private final RevsyncRuntime runtime;

  private ConnectionHealth(
      PipelineConnection connection,
      DailyPipeline pipeline,
      Budgets budgets,
      RevsyncRuntime runtime) {
    this.connection = connection;
    this.pipeline = pipeline;
    this.budgets = budgets;
    this.runtime = runtime;
  }

  static HealthContributor all(DailyPipeline pipeline, Budgets budgets, RevsyncRuntime runtime) {
    Map<String, HealthContributor> each = new LinkedHashMap<>();
    for (PipelineConnection c : pipeline.connections()) {
      each.put(name(c), new ConnectionHealth(c, pipeline, budgets, runtime));
    }
    return CompositeHealthContributor.fromMap(each);
  }

  /** Health names allow no '/': {@code tenant-connector}. */
  static String name(PipelineConnection c) {
    return (c.tenant() + "-" + c.connector()).replaceAll("[^A-Za-z0-9._-]", "_");
  }

  @Override
  public Health health() {
    Budgets.Budget budget = budgets.get(connection.tenant(), connection.connector());
    Map<String, Object> details = new LinkedHashMap<>();
    details.put("tenant", connection.tenant());
    details.put("connector", connection.connector());
    details.put(
        "dailyLimit",
        budget.dailyLimit() == dev.revsync.QuotaPolicy.UNLIMITED
            ? "unlimited"
            : budget.dailyLimit());
    details.put("spentToday", budget.spentToday());
    details.put("budgetExhausted", budget.exhausted());
    boolean down = false;
    Optional<RevsyncRuntime.Verify> verify =
        runtime.lastVerify(connection.tenant(), connection.connector());
    if (verify.isPresent()) {
      details.put(
          "lastVerify",
          Map.of(
              "at",
              verify.get().at().toString(),
              "ok",
              verify.get().ok(),
              "detail",
              verify.get().detail()));
      down = !verify.get().ok();
    }
    Optional<DailyReport.ConnectionReport> last =
        pipeline
            .lastReport()
            .flatMap(r -> r.connection(connection.tenant(), connection.connector()));
    if (last.isPresent()) {
      Map<String, String> statuses = new LinkedHashMap<>();
      for (DailyReport.ObjectReport o : last.get().objects()) {
        statuses.put(o.object(), o.status().name());
        if (o.status() == SyncResult.Status.FAILED) down = true;
      }
      details.put("lastSync", statuses);
      details.put("lastSyncDay", pipeline.lastReport().get().day().toString());
      last.get().backlogRecords().ifPresent(n -> details.put("backlogRecords", n));
    }
    return (down ? Health.down() : Health.up()).withDetails(details).build();
  }
}
