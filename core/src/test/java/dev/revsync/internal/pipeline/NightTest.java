package dev.revsync.internal.pipeline;

import static org.assertj.core.api.Assertions.assertThat;

import dev.revsync.Checkpoint;
import dev.revsync.ConnectionConfig;
import dev.revsync.QuotaPolicy;
import dev.revsync.SyncResult;
import dev.revsync.TestClock;
import dev.revsync.pipeline.CheckpointStore;
import dev.revsync.pipeline.DailyPipeline;
import dev.revsync.pipeline.DailyReport;
import dev.revsync.pipeline.DailyReport.ObjectReport;
import dev.revsync.pipeline.NightPlan;
import dev.revsync.pipeline.PipelineConnection;
import dev.revsync.pipeline.PipelineListener;
import dev.revsync.pipeline.PullWindow;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.LocalTime;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.BiConsumer;
import org.h2.jdbcx.JdbcDataSource;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * The night's scheduler with server-side jobs: parking gives back the slot, a timer resumes, the
 * window and restarts keep the job, caps and budgets hold, the plan orders the night.
 */
class NightTest {
  private static final LocalDate DAY = LocalDate.parse("2026-03-02");
  private static final PullWindow HALF_HOUR =
      PullWindow.between(LocalTime.MIDNIGHT, LocalTime.of(0, 30));

  @TempDir Path dir;
  private final TestClock clock = new TestClock(DAY.atStartOfDay().toInstant(ZoneOffset.UTC));
  private final TestSinks sinks = new TestSinks();
  private final Events events = new Events();
  private final List<DailyPipeline> pipelines = new ArrayList<>();
  private final List<CheckpointStore> stores = new ArrayList<>();

  @AfterEach
  void closeAll() {
    pipelines.forEach(DailyPipeline::close);
    stores.forEach(CheckpointStore::close);
  }

  @Test
  void aParkedJobGivesBackItsSlotSoAnotherConnectionsPullsRunWhileItPrepares() {
    CheckpointStore store = inMemory();
    JobConnector.Provider bulk =
        new JobConnector.Provider(1).source(new FakeSource("Contact", 1, 250), minutes(20));
    FakeConnector.Provider rest =
        new FakeConnector.Provider().source(new FakeSource("Account", 2, 30));
    List<String> order = new CopyOnWriteArrayList<>();
    events.onStart = (c, object) -> order.add(c.tenant() + " " + object);
    DailyPipeline pipeline =
        build(
            store,
            DailyPipeline.builder()
                .concurrency(1)
                .connection(jobs("bulky", bulk, store, QuotaPolicy.UNLIMITED, "Contact"))
                .connection(restConnection("resty", rest, store, "Account")));

    DailyReport report = pipeline.runDay(DAY);

    ObjectReport contact = report.object("bulky", "fakejob", "Contact").orElseThrow();
    assertThat(contact.status()).isEqualTo(SyncResult.Status.COMPLETED);
    assertThat(contact.records()).isEqualTo(250);
    assertThat(contact.parks()).isGreaterThan(1);
    assertThat(contact.jobPolls()).isEqualTo(bulk.polls.get());
    // create + polls + 3 pages
    assertThat(contact.calls()).isEqualTo(1 + bulk.polls.get() + 3);
    assertThat(sinks.durable("bulky", "fakejob", "Contact"))
        .isEqualTo(bulk.sources.get("Contact").ids());
    // One slot: the REST pull ran while the job prepared, not after it.
    assertThat(order).containsExactly("bulky Contact", "resty Account");
    assertThat(report.object("resty", "fake", "Account").orElseThrow().records()).isEqualTo(30);
    assertThat(report.parkedJobs()).isEqualTo(1);
    assertThat(report.jobPolls()).isEqualTo(bulk.polls.get());
    // A poll a tenth of the job's age later: a 20-minute job is seen ready within ~2 minutes.
    assertThat(events.finishedAt.get(0))
        .isBefore(DAY.atStartOfDay().toInstant(ZoneOffset.UTC).plus(minutes(23)));
    assertThat(report.render()).contains("plan vs actual:").contains("1 job parked");
  }

  @Test
  void fiveHundredConnectionsEachWaitingForAJobUseTheSlotsAndOneTimerNotAThreadEach() {
    CheckpointStore store = inMemory();
    JobConnector.Provider bulk =
        new JobConnector.Provider(1).source(new FakeSource("Contact", 1, 20), minutes(10));
    AtomicInteger peakThreads = new AtomicInteger();
    AtomicInteger parkedNow = new AtomicInteger();
    AtomicInteger peakParked = new AtomicInteger();
    events.onParked =
        (c, object) -> {
          int parked = parkedNow.incrementAndGet();
          peakParked.accumulateAndGet(parked, Math::max);
          // Counting threads is slow; a sample through the night (the last start included) is
          // enough.
          if (parked % 50 != 0) return;
          String worker = Thread.currentThread().getName();
          String prefix = worker.substring(0, worker.lastIndexOf('-') + 1);
          peakThreads.accumulateAndGet(pipelineThreads(prefix), Math::max);
        };
    events.onResumed = (c, object) -> parkedNow.decrementAndGet();
    DailyPipeline.Builder builder = DailyPipeline.builder().concurrency(4);
    for (int i = 0; i < 500; i++)
      builder.connection(jobs("t" + i, bulk, store, QuotaPolicy.UNLIMITED, "Contact"));
    DailyPipeline pipeline = build(store, builder);

    DailyReport report = pipeline.runDay(DAY);

    assertThat(report.connections()).hasSize(500);
    assertThat(report.connections())
        .allSatisfy(
            c ->
                assertThat(c.object("Contact").orElseThrow().status())
                    .isEqualTo(SyncResult.Status.COMPLETED));
    assertThat(report.parkedJobs()).isEqualTo(500);
    // Every job was waiting at once, on 4 workers and 1 timer.
    assertThat(peakParked.get()).isEqualTo(500);
    assertThat(peakThreads.get()).isLessThanOrEqualTo(4 + 1);
    assertThat(sinks.durable("t499", "fakejob", "Contact")).hasSize(20);
  }

  @ParameterizedTest
  @ValueSource(strings = {"files", "jdbc"})
  void theWindowClosingKeepsAPreparingJobAndTheNextNightAfterARestartResumesItFirst(String kind) {
    CheckpointStore store = durable(kind);
    JobConnector.Provider bulk =
        new JobConnector.Provider(1)
            .source(new FakeSource("Contact", 1, 120), minutes(45))
            .source(new FakeSource("Lead", 2, 30), minutes(1));
    DailyPipeline first =
        build(
            store,
            DailyPipeline.builder()
                .window(HALF_HOUR)
                .connection(jobs("acme", bulk, store, QuotaPolicy.UNLIMITED, "Contact", "Lead")));

    DailyReport night1 = first.runDay(DAY);

    ObjectReport contact = night1.object("acme", "fakejob", "Contact").orElseThrow();
    assertThat(contact.status()).isEqualTo(SyncResult.Status.WINDOW_CLOSED);
    assertThat(contact.started()).isTrue();
    assertThat(contact.backlog()).isTrue();
    assertThat(contact.parks()).isPositive();
    // The job cap (1) kept Lead waiting behind Contact's job until the window closed.
    assertThat(night1.object("acme", "fakejob", "Lead").orElseThrow().started()).isFalse();
    String jobId =
        store.load("acme", "fakejob", "Contact").orElseThrow().checkpoint().get(Checkpoint.JOB_ID);
    assertThat(jobId).isEqualTo("job-1");
    first.close();
    store.close();

    // A restarted process: a new store over the same storage, a new pipeline, new connectors.
    CheckpointStore reopened = durable(kind);
    clock.set(DAY.plusDays(1).atStartOfDay().toInstant(ZoneOffset.UTC));
    DailyPipeline second =
        build(
            reopened,
            DailyPipeline.builder()
                .window(HALF_HOUR)
                .connection(
                    jobs("acme", bulk, reopened, QuotaPolicy.UNLIMITED, "Lead", "Contact")));

    DailyReport night2 = second.runDay(DAY.plusDays(1));

    NightPlan plan = night2.plan().orElseThrow();
    assertThat(plan.steps().get(0).object()).isEqualTo("Contact");
    assertThat(plan.steps().get(0).resumesJob()).isTrue();
    ObjectReport resumed = night2.object("acme", "fakejob", "Contact").orElseThrow();
    assertThat(resumed.status()).isEqualTo(SyncResult.Status.COMPLETED);
    assertThat(resumed.jobPolls()).isEqualTo(1); // ready since 00:45 yesterday: one poll
    assertThat(resumed.parks()).isZero();
    assertThat(night2.object("acme", "fakejob", "Lead").orElseThrow().status())
        .isEqualTo(SyncResult.Status.COMPLETED);
    assertThat(bulk.created).containsExactlyInAnyOrder("job-1", "job-2");
    assertThat(sinks.durable("acme", "fakejob", "Contact"))
        .isEqualTo(bulk.sources.get("Contact").ids());
    assertThat(reopened.figures("acme", "fakejob", "Contact").orElseThrow().completed()).isTrue();
  }

  @Test
  void aJobThatFailsWhileParkedEndsFailedWithItsJobDroppedAndTheNextNightStartsANewOne() {
    CheckpointStore store = inMemory();
    JobConnector.Provider bulk =
        new JobConnector.Provider(1).source(new FakeSource("Contact", 1, 40), minutes(10));
    events.onParked = (c, object) -> bulk.jobs.values().forEach(j -> bulk.fail(j.id));
    DailyPipeline pipeline =
        build(
            store,
            DailyPipeline.builder()
                .connection(jobs("acme", bulk, store, QuotaPolicy.UNLIMITED, "Contact")));

    DailyReport night1 = pipeline.runDay(DAY);

    ObjectReport contact = night1.object("acme", "fakejob", "Contact").orElseThrow();
    assertThat(contact.status()).isEqualTo(SyncResult.Status.FAILED);
    assertThat(contact.failure()).contains("fakejob").contains("the export failed");
    assertThat(contact.calls()).isEqualTo(2); // create, the poll that saw it failed
    assertThat(
            store
                .load("acme", "fakejob", "Contact")
                .orElseThrow()
                .checkpoint()
                .get(Checkpoint.JOB_ID))
        .isNull();

    events.onParked = (c, object) -> {};
    clock.set(DAY.plusDays(1).atStartOfDay().toInstant(ZoneOffset.UTC));
    DailyReport night2 = pipeline.runDay(DAY.plusDays(1));

    assertThat(night2.object("acme", "fakejob", "Contact").orElseThrow().status())
        .isEqualTo(SyncResult.Status.COMPLETED);
    assertThat(bulk.created).hasSize(2);
    assertThat(sinks.durable("acme", "fakejob", "Contact")).hasSize(40);
  }

  @Test
  void aJobThatExpiresWhileParkedIsReplacedByANewOneTheSameNight() {
    CheckpointStore store = inMemory();
    JobConnector.Provider bulk =
        new JobConnector.Provider(1).source(new FakeSource("Contact", 1, 40), minutes(5));
    AtomicInteger parks = new AtomicInteger();
    events.onParked =
        (c, object) -> {
          if (parks.incrementAndGet() == 1) bulk.expire("job-1");
        };
    DailyPipeline pipeline =
        build(
            store,
            DailyPipeline.builder()
                .connection(jobs("acme", bulk, store, QuotaPolicy.UNLIMITED, "Contact")));

    DailyReport report = pipeline.runDay(DAY);

    ObjectReport contact = report.object("acme", "fakejob", "Contact").orElseThrow();
    assertThat(contact.status()).isEqualTo(SyncResult.Status.COMPLETED);
    assertThat(bulk.created).containsExactlyInAnyOrder("job-1", "job-2");
    assertThat(sinks.durable("acme", "fakejob", "Contact"))
        .isEqualTo(bulk.sources.get("Contact").ids());
  }

  @Test
  void aBudgetLoweredWhileAJobIsParkedAppliesAtItsNextPollAndKeepsTheJobForTomorrow() {
    CheckpointStore store = inMemory();
    JobConnector.Provider bulk =
        new JobConnector.Provider(1).source(new FakeSource("Contact", 1, 40), minutes(10));
    PipelineConnection acme = jobs("acme", bulk, store, 1_000, "Contact");
    QuotaPolicy policy = acme.config().quotaPolicy();
    AtomicInteger parks = new AtomicInteger();
    events.onParked =
        (c, object) -> {
          // The customer lowers the budget in the host's settings while the job prepares.
          if (parks.incrementAndGet() == 3)
            policy.setDailyLimit(policy.spent("tenant-acme", clock.instant()));
        };
    DailyPipeline pipeline = build(store, DailyPipeline.builder().connection(acme));

    DailyReport report = pipeline.runDay(DAY);

    ObjectReport contact = report.object("acme", "fakejob", "Contact").orElseThrow();
    assertThat(contact.status()).isEqualTo(SyncResult.Status.QUOTA_EXHAUSTED);
    assertThat(contact.backlog()).isTrue();
    assertThat(contact.jobPolls()).isEqualTo(2); // the polls before the change
    assertThat(policy.spent("tenant-acme", clock.instant()))
        .isEqualTo(policy.dailyLimit())
        .isEqualTo(3);
    assertThat(
            store
                .load("acme", "fakejob", "Contact")
                .orElseThrow()
                .checkpoint()
                .get(Checkpoint.JOB_ID))
        .isEqualTo("job-1");
  }

  @Test
  void aConnectionStartsNoMoreJobsThanItsConnectorAllowsAndRunsOnePullAtATime() {
    CheckpointStore store = inMemory();
    JobConnector.Provider bulk = new JobConnector.Provider(2);
    List<String> objects = List.of("A", "B", "C", "D", "E");
    for (int i = 0; i < objects.size(); i++)
      bulk.source(new FakeSource(objects.get(i), i, 10), minutes(3 + i));
    DailyPipeline pipeline =
        build(
            store,
            DailyPipeline.builder()
                .concurrency(4)
                .connection(
                    jobs(
                        "acme",
                        bulk,
                        store,
                        QuotaPolicy.UNLIMITED,
                        objects.toArray(String[]::new))));

    DailyReport report = pipeline.runDay(DAY);

    assertThat(report.connection("acme", "fakejob").orElseThrow().objects())
        .extracting(ObjectReport::status)
        .containsOnly(SyncResult.Status.COMPLETED);
    assertThat(bulk.peakPreparing.get("tenant-acme")).isEqualTo(2);
    assertThat(events.peakActivePerConnection.get()).isEqualTo(1);
  }

  @Test
  void theNextNightsPlanStartsLongPreparationsFirstAndForecastsWhatTheBudgetCannotPull() {
    CheckpointStore store = inMemory();
    JobConnector.Provider bulk =
        new JobConnector.Provider(3)
            .source(new FakeSource("Short", 1, 10), minutes(2))
            .source(new FakeSource("Long", 2, 10), minutes(40));
    FakeConnector.Provider rest =
        new FakeConnector.Provider().source(new FakeSource("Account", 3, 95));
    PipelineConnection small = restConnection("small", rest, store, 200, "Account");
    DailyPipeline pipeline =
        build(
            store,
            DailyPipeline.builder()
                .connection(small)
                .connection(jobs("acme", bulk, store, QuotaPolicy.UNLIMITED, "Short", "Long")));
    DailyReport night1 = pipeline.runDay(DAY);
    assertThat(night1.plan().orElseThrow().summary())
        .contains("3 pulls on 4 slots")
        .contains("(+3 pulls never seen)")
        .endsWith("expected backlog: none");
    long accountCalls = night1.object("small", "fake", "Account").orElseThrow().calls();
    assertThat(accountCalls).isEqualTo(11); // login + 10 pages

    // Tomorrow the customer allows 5 calls a day, and 95 more records arrive.
    small.config().quotaPolicy().setDailyLimit(5);
    rest.sources.get("Account").add(95);
    clock.set(DAY.plusDays(1).atStartOfDay().toInstant(ZoneOffset.UTC));
    DailyReport night2 = pipeline.runDay(DAY.plusDays(1));

    NightPlan plan = night2.plan().orElseThrow();
    assertThat(plan.steps())
        .extracting(NightPlan.Step::object)
        .containsExactly("Long", "Short", "Account");
    assertThat(plan.steps().get(0).jobPreparation()).isGreaterThanOrEqualTo(minutes(40));
    NightPlan.Step account = plan.step("small", "fake", "Account").orElseThrow();
    assertThat(account.shortfall()).isEqualTo(NightPlan.Shortfall.BUDGET);
    assertThat(account.calls()).hasValue(11);
    assertThat(account.daysToDrain()).hasValue(3); // 11 calls at 5 a day
    assertThat(plan.summary())
        .contains("expected backlog: 1 pull (small/fake Account: budget, drains in 3 days)");
    ObjectReport actual = night2.object("small", "fake", "Account").orElseThrow();
    assertThat(actual.expectedBacklog()).isTrue();
    assertThat(actual.status()).isEqualTo(SyncResult.Status.QUOTA_EXHAUSTED);
    assertThat(actual.plannedCalls()).hasValue(11);
    assertThat(night2.render()).contains(plan.summary()).contains("backlog 1 expected / 1 left");
    assertThat(night2.toHtml()).contains("expected backlog: 1 pull");
  }

  @Test
  void thePlanPutsBacklogFirstStartsJobsBeforeRestPullsAndForecastsWhatTheWindowCannotHold() {
    CheckpointStore store = inMemory();
    FakeConnector.Provider rest =
        new FakeConnector.Provider().source(new FakeSource("Account", 1, 5));
    JobConnector.Provider bulk =
        new JobConnector.Provider(1).source(new FakeSource("Contact", 2, 5), minutes(2));
    // Last night "late" pulled for three hours: more than the window, whatever the slots do.
    store.saveFigures(
        "late",
        "fake",
        "Account",
        new CheckpointStore.Figures(
            DAY.minusDays(1), 90_000, 900, Duration.ofHours(3), Duration.ZERO, false));
    // "carried" has backlog from an earlier day.
    store.save(
        "carried",
        "fake",
        "Account",
        new CheckpointStore.Entry(Checkpoint.EMPTY, true, Instant.parse("2026-02-27T01:00:00Z")));
    DailyPipeline pipeline =
        build(
            store,
            DailyPipeline.builder()
                .connection(restConnection("late", rest, store, "Account"))
                .connection(jobs("bulky", bulk, store, QuotaPolicy.UNLIMITED, "Contact"))
                .connection(restConnection("carried", rest, store, "Account")));

    NightPlan plan = pipeline.runDay(DAY).plan().orElseThrow();

    assertThat(plan.steps())
        .extracting(st -> st.tenant() + " " + st.object())
        .containsExactly("carried Account", "bulky Contact", "late Account");
    assertThat(plan.step("bulky", "fakejob", "Contact").orElseThrow().job()).isTrue();
    NightPlan.Step late = plan.step("late", "fake", "Account").orElseThrow();
    assertThat(late.shortfall()).isEqualTo(NightPlan.Shortfall.WINDOW);
    assertThat(late.daysToDrain()).hasValue(2); // 3 h of pulling at 2 h a night
    assertThat(plan.summary())
        .contains("1 job (preparation not yet known)")
        .contains("expected backlog: 1 pull (late/fake Account: window, drains in 2 days)");
  }

  // ---- fixtures

  private static Duration minutes(long m) {
    return Duration.ofMinutes(m);
  }

  /** Live threads of one pipeline (named {@code revsync-pipeline-<id>-...}). */
  private static int pipelineThreads(String prefix) {
    return (int)
        Thread.getAllStackTraces().keySet().stream()
            .filter(t -> t.isAlive() && t.getName().startsWith(prefix))
            .count();
  }

  private CheckpointStore inMemory() {
    CheckpointStore store = CheckpointStore.inMemory();
    stores.add(store);
    return store;
  }

  private CheckpointStore durable(String kind) {
    CheckpointStore store;
    if (kind.equals("files")) {
      store = CheckpointStore.files(dir.resolve("store"));
    } else {
      JdbcDataSource ds = new JdbcDataSource();
      ds.setURL(
          "jdbc:h2:file:"
              + dir.resolve("db").toAbsolutePath()
              + ";WRITE_DELAY=0;DB_CLOSE_DELAY=-1");
      store = CheckpointStore.jdbc(ds);
    }
    stores.add(store);
    return store;
  }

  private ConnectionConfig config(String connectionId, CheckpointStore store, long limit) {
    QuotaPolicy policy =
        QuotaPolicy.builder().dailyLimit(limit).ledger(store.quotaLedger()).build();
    return ConnectionConfig.builder(connectionId).clock(clock).quotaPolicy(policy).build();
  }

  private PipelineConnection jobs(
      String tenant,
      JobConnector.Provider provider,
      CheckpointStore store,
      long limit,
      String... objects) {
    return PipelineConnection.builder(tenant, provider, config("tenant-" + tenant, store, limit))
        .objects(objects)
        .build();
  }

  private PipelineConnection restConnection(
      String tenant, FakeConnector.Provider provider, CheckpointStore store, String... objects) {
    return restConnection(tenant, provider, store, QuotaPolicy.UNLIMITED, objects);
  }

  private PipelineConnection restConnection(
      String tenant,
      FakeConnector.Provider provider,
      CheckpointStore store,
      long limit,
      String... objects) {
    return PipelineConnection.builder(tenant, provider, config("tenant-" + tenant, store, limit))
        .objects(objects)
        .build();
  }

  private DailyPipeline build(CheckpointStore store, DailyPipeline.Builder builder) {
    DailyPipeline pipeline =
        builder.store(store).sinks(sinks).clock(clock).listener(events).build();
    pipelines.add(pipeline);
    return pipeline;
  }

  /** What the pipeline tells its listener, with hooks. */
  final class Events implements PipelineListener {
    volatile BiConsumer<PipelineConnection, String> onStart = (c, o) -> {};
    volatile BiConsumer<PipelineConnection, String> onParked = (c, o) -> {};
    volatile BiConsumer<PipelineConnection, String> onResumed = (c, o) -> {};
    final List<Instant> finishedAt = new CopyOnWriteArrayList<>();
    final java.util.Map<String, AtomicInteger> active =
        new java.util.concurrent.ConcurrentHashMap<>();
    final AtomicInteger peakActivePerConnection = new AtomicInteger();

    @Override
    public void syncStarted(PipelineConnection connection, String object, Checkpoint from) {
      enter(connection);
      onStart.accept(connection, object);
    }

    @Override
    public void jobParked(PipelineConnection connection, String object, Instant resumeAt) {
      leave(connection);
      onParked.accept(connection, object);
    }

    @Override
    public void jobResumed(PipelineConnection connection, String object) {
      enter(connection);
      onResumed.accept(connection, object);
    }

    @Override
    public void syncFinished(PipelineConnection connection, ObjectReport report) {
      if (report.started()) leave(connection);
      if (report.parks() > 0) finishedAt.add(clock.instant());
    }

    private void enter(PipelineConnection c) {
      int now = active.computeIfAbsent(c.toString(), k -> new AtomicInteger()).incrementAndGet();
      peakActivePerConnection.accumulateAndGet(now, Math::max);
    }

    private void leave(PipelineConnection c) {
      active.computeIfAbsent(c.toString(), k -> new AtomicInteger()).decrementAndGet();
    }
  }
}
