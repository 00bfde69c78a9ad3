package dev.revsync.micrometer;

import static org.assertj.core.api.Assertions.assertThat;

import dev.revsync.ConnectionConfig;
import dev.revsync.QuotaPolicy;
import dev.revsync.SyncResult;
import dev.revsync.pipeline.CheckpointStore;
import dev.revsync.pipeline.DailyPipeline;
import dev.revsync.pipeline.DailyReport;
import dev.revsync.pipeline.PipelineConnection;
import dev.revsync.simulators.FaultPlan;
import dev.revsync.simulators.SimulatedClock;
import dev.revsync.simulators.Simulator;
import dev.revsync.simulators.SimulatorOptions;
import dev.revsync.simulators.salesforce.SalesforceSimulatorProvider;
import io.micrometer.core.instrument.Meter;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.time.Duration;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

class RevsyncMetricsTest {
  private static final LocalDate DAY = LocalDate.of(2026, 12, 1);
  private final SimulatedClock clock =
      new SimulatedClock(DAY.atStartOfDay(ZoneOffset.UTC).toInstant());
  private final SimpleMeterRegistry registry = new SimpleMeterRegistry();
  private final CheckpointStore store = CheckpointStore.inMemory();
  private final Simulator big =
      new SalesforceSimulatorProvider()
          .start(new SimulatorOptions(1, clock, Map.of("Account", 5_000L, "Contact", 300L)));
  private final Simulator small =
      new SalesforceSimulatorProvider()
          .start(new SimulatorOptions(2, clock, Map.of("Account", 5_000L, "Contact", 300L)));

  @AfterEach
  void tearDown() {
    big.close();
    small.close();
    store.close();
  }

  private PipelineConnection connection(
      String tenant, Simulator sim, QuotaPolicy budget, RevsyncMetrics metrics) {
    ConnectionConfig.Builder b =
        ConnectionConfig.builder(tenant + "/salesforce")
            .clock(clock)
            .quotaPolicy(budget)
            .backoff(Duration.ofMillis(10), Duration.ofMillis(100))
            .callListener(metrics);
    sim.connectionSettings()
        .forEach(
            (k, v) -> {
              if (k.equals("baseUrl")) b.baseUrl(v);
              else if (k.equals("clientSecret") || k.equals("refreshToken") || k.equals("password"))
                b.secret(k, v);
              else b.setting(k, v);
            });
    return PipelineConnection.builder(tenant, "salesforce", b.build())
        .objects("Account", "Contact")
        .build();
  }

  @Test
  void aNightOfTwoTenantsShowsCallsRetriesRecordsBudgetsAndBacklog() {
    RevsyncMetrics metrics = RevsyncMetrics.builder(registry).build();
    QuotaPolicy roomy = QuotaPolicy.builder().dailyLimit(1_000).ledger(store.quotaLedger()).build();
    QuotaPolicy tight =
        QuotaPolicy.builder().dailyLimit(4).writeReserve(1).ledger(store.quotaLedger()).build();
    big.faults().next(FaultPlan.Fault.TOO_MANY_REQUESTS, 2, "/query");
    try (DailyPipeline pipeline =
        DailyPipeline.builder()
            .store(store)
            .clock(clock)
            .listener(metrics)
            .sinks((c, o) -> r -> {})
            .connection(connection("acme", big, roomy, metrics))
            .connection(connection("globex", small, tight, metrics))
            .build()) {
      metrics.monitor(pipeline);
      assertThat(
              registry
                  .get("revsync.budget.remaining")
                  .tag("connection", "globex/salesforce")
                  .gauge()
                  .value())
          .isEqualTo(3.0);

      DailyReport report = pipeline.runDay(DAY);

      long acmeRecords = report.connection("acme", "salesforce").orElseThrow().records();
      assertThat(acmeRecords).isEqualTo(5_300);
      assertThat(registry.get("revsync.records.pulled").tag("object", "Account").counter().count())
          .isEqualTo(
              5_000 + report.object("globex", "salesforce", "Account").orElseThrow().records());
      // Every call the simulators served is one timer count; the two 429s are rate_limited and
      // retried.
      double calls =
          registry.get("revsync.calls").timers().stream().mapToDouble(t -> t.count()).sum();
      assertThat(calls).isEqualTo(big.requestLog().count() + small.requestLog().count());
      assertThat(registry.get("revsync.calls").tag("outcome", "rate_limited").timer().count())
          .isEqualTo(2);
      assertThat(registry.get("revsync.retries").tag("cause", "rate_limited").counter().count())
          .isEqualTo(2);
      assertThat(
              registry
                  .get("revsync.calls")
                  .tag("activity", "login")
                  .tag("outcome", "success")
                  .timers())
          .isNotEmpty();
      // globex spent its 3 pull calls and was refused the 4th: backlog, budget gauge at 0.
      assertThat(
              registry
                  .get("revsync.quota.refusals")
                  .tag("decision", "reserved_for_writes")
                  .counter()
                  .count())
          .isGreaterThanOrEqualTo(1);
      assertThat(
              registry
                  .get("revsync.budget.remaining")
                  .tag("connection", "globex/salesforce")
                  .gauge()
                  .value())
          .isZero();
      assertThat(
              registry
                  .get("revsync.backlog.objects")
                  .tag("connection", "globex/salesforce")
                  .gauge()
                  .value())
          .isEqualTo(2.0);
      assertThat(
              registry
                  .get("revsync.backlog.objects")
                  .tag("connection", "acme/salesforce")
                  .gauge()
                  .value())
          .isZero();
      assertThat(registry.get("revsync.sync.duration").tag("status", "quota_exhausted").timers())
          .isNotEmpty();
      assertThat(
              registry
                  .get("revsync.sync.duration")
                  .tag("connector", "salesforce")
                  .tag("status", "completed")
                  .timers()
                  .stream()
                  .mapToLong(t -> t.count())
                  .sum())
          .isEqualTo(2);
      assertThat(registry.get("revsync.syncs.running").gauge().value()).isZero();
      assertThat(report.object("globex", "salesforce", "Account").orElseThrow().status())
          .isEqualTo(SyncResult.Status.QUOTA_EXHAUSTED);

      // The customer raises the limit in the settings screen: the gauge reads the live policy.
      tight.setDailyLimit(50);
      assertThat(
              registry
                  .get("revsync.budget.limit")
                  .tag("connection", "globex/salesforce")
                  .gauge()
                  .value())
          .isEqualTo(50.0);
      assertThat(
              registry
                  .get("revsync.budget.remaining")
                  .tag("connection", "globex/salesforce")
                  .gauge()
                  .value())
          .isEqualTo(49.0 - 3);
    }
  }

  @Test
  void connectionTagsAreOptInForCountersAndTimers() {
    RevsyncMetrics without = RevsyncMetrics.builder(registry).build();
    SimpleMeterRegistry other = new SimpleMeterRegistry();
    RevsyncMetrics with = RevsyncMetrics.builder(other).connectionTags(true).build();
    dev.revsync.CallListener.Call call =
        new dev.revsync.CallListener.Call(
            "t1/hubspot",
            "hubspot",
            dev.revsync.Activity.SYNC,
            dev.revsync.ApiStyle.REST,
            200,
            dev.revsync.CallListener.Outcome.SUCCESS,
            1_000);

    without.callEnded(call);
    with.callEnded(call);

    Meter.Id plain = registry.get("revsync.calls").timer().getId();
    Meter.Id tagged = other.get("revsync.calls").timer().getId();
    assertThat(plain.getTag("connection")).isNull();
    assertThat(plain.getTag("connector")).isEqualTo("hubspot");
    assertThat(tagged.getTag("connection")).isEqualTo("t1/hubspot");
  }

  @Test
  void aParkedPullCountsAsParkedNotRunningAndItsPollsAreCounted() {
    RevsyncMetrics metrics = RevsyncMetrics.builder(registry).build();
    PipelineConnection acme =
        connection("acme", big, QuotaPolicy.builder().ledger(store.quotaLedger()).build(), metrics);

    metrics.syncStarted(acme, "Contact", dev.revsync.Checkpoint.EMPTY);
    metrics.jobParked(acme, "Contact", clock.instant().plusSeconds(30));
    assertThat(registry.get("revsync.jobs.parked").gauge().value()).isEqualTo(1.0);
    assertThat(registry.get("revsync.syncs.running").gauge().value()).isZero();

    metrics.jobResumed(acme, "Contact");
    assertThat(registry.get("revsync.jobs.parked").gauge().value()).isZero();
    assertThat(registry.get("revsync.syncs.running").gauge().value()).isEqualTo(1.0);
    metrics.syncFinished(
        acme,
        DailyReport.ObjectReport.builder("Contact", SyncResult.Status.COMPLETED)
            .parks(1)
            .jobPolls(3)
            .calls(5)
            .build());

    assertThat(registry.get("revsync.syncs.running").gauge().value()).isZero();
    assertThat(registry.get("revsync.job.polls").tag("object", "Contact").counter().count())
        .isEqualTo(3.0);
  }
}
