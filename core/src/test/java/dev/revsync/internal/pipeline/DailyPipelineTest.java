package dev.revsync.internal.pipeline;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.revsync.Activity;
import dev.revsync.ApiStyle;
import dev.revsync.Checkpoint;
import dev.revsync.ConfigurationException;
import dev.revsync.ConnectionConfig;
import dev.revsync.QuotaLedger;
import dev.revsync.QuotaPolicy;
import dev.revsync.SyncRequest;
import dev.revsync.SyncResult;
import dev.revsync.TestClock;
import dev.revsync.WriteItem;
import dev.revsync.WriteOutcome;
import dev.revsync.WriteRequest;
import dev.revsync.pipeline.CheckpointStore;
import dev.revsync.pipeline.DailyPipeline;
import dev.revsync.pipeline.DailyReport;
import dev.revsync.pipeline.DailyReport.ObjectReport;
import dev.revsync.pipeline.NightPlan;
import dev.revsync.pipeline.PipelineConnection;
import dev.revsync.pipeline.PipelineListener;
import dev.revsync.pipeline.PullWindow;
import dev.revsync.pipeline.SubmittedWrite;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.LocalTime;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.stream.IntStream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class DailyPipelineTest {
  private static final LocalDate DAY = LocalDate.parse("2026-03-02");
  private static final PullWindow HALF_HOUR =
      PullWindow.between(LocalTime.MIDNIGHT, LocalTime.of(0, 30));

  @TempDir Path dir;
  private final TestClock clock =
      new TestClock(DAY.atStartOfDay().toInstant(java.time.ZoneOffset.UTC));
  private final TestSinks sinks = new TestSinks();
  private final Recorder recorder = new Recorder();
  private final List<DailyPipeline> pipelines = new ArrayList<>();
  private CheckpointStore store;

  @BeforeEach
  void openStore() {
    store = CheckpointStore.files(dir);
  }

  @AfterEach
  void closeAll() {
    pipelines.forEach(DailyPipeline::close);
    store.close();
  }

  @Test
  void pullsRunAtTheWindowOpeningAndEachCheckpointIsSavedOnlyAfterTheHostSinkTookItsRecords() {
    FakeConnector.Provider acme =
        provider(new FakeSource("Account", 1, 35), new FakeSource("Contact", 2, 12));
    FakeConnector.Provider globex = provider(new FakeSource("Account", 3, 20));
    List<String> violations = new CopyOnWriteArrayList<>();
    sinks.onCheckpoint =
        (key, checkpoint) -> {
          String[] k = key.split("/");
          Checkpoint stored =
              store.load(k[0], k[1], k[2]).map(CheckpointStore.Entry::checkpoint).orElse(null);
          if (checkpoint.equals(stored))
            violations.add(key + " saved before the host took " + checkpoint);
        };
    DailyPipeline pipeline =
        build(
            pipeline()
                .connection(
                    connection("acme", acme, QuotaPolicy.UNLIMITED, 0, "Account", "Contact"))
                .connection(connection("globex", globex, QuotaPolicy.UNLIMITED, 0, "Account")));

    DailyReport report = pipeline.runDay(DAY);

    assertThat(report.startedAt()).isEqualTo(Instant.parse("2026-03-02T00:00:00Z"));
    ObjectReport account = report.object("acme", "fake", "Account").orElseThrow();
    assertThat(account.status()).isEqualTo(SyncResult.Status.COMPLETED);
    assertThat(account.records()).isEqualTo(35);
    assertThat(account.calls()).isEqualTo(5); // login + 4 pages of 10
    assertThat(account.callsByActivity()).isEqualTo(Map.of(Activity.LOGIN, 1L, Activity.SYNC, 4L));
    assertThat(account.callsByStyle()).isEqualTo(Map.of(ApiStyle.REST, 5L));
    assertThat(account.backlog()).isFalse();
    assertThat(account.daysToDrain()).hasValue(0);
    ObjectReport contact = report.object("acme", "fake", "Contact").orElseThrow();
    assertThat(contact.records()).isEqualTo(12);
    assertThat(contact.callsByActivity()).isEqualTo(Map.of(Activity.SYNC, 2L));
    assertThat(report.object("globex", "fake", "Account").orElseThrow().records()).isEqualTo(20);

    assertThat(violations).isEmpty();
    assertThat(sinks.durable("acme", "fake", "Account"))
        .isEqualTo(acme.sources.get("Account").ids());
    assertThat(sinks.durable("acme", "fake", "Contact"))
        .isEqualTo(acme.sources.get("Contact").ids());
    assertThat(sinks.durable("globex", "fake", "Account"))
        .isEqualTo(globex.sources.get("Account").ids());
    CheckpointStore.Entry entry = store.load("acme", "fake", "Account").orElseThrow();
    assertThat(entry.backlog()).isFalse();
    assertThat(entry.checkpoint().get(Checkpoint.CURSOR_ID)).isEqualTo("Account-000035");
    assertThat(recorder.progress)
        .filteredOn(p -> p.tenant().equals("acme") && p.object().equals("Account"))
        .extracting(PipelineListener.Progress::records)
        .containsExactly(10L, 20L, 30L, 35L);
    assertThat(recorder.reports).containsExactly(report);
  }

  @Test
  void theWindowClosingStopsARunningPullAndTheNextDaysResumeItWithoutGapsAsEstimated() {
    FakeSource accounts = new FakeSource("Account", 7, 1000);
    FakeConnector.Provider acme = provider(accounts);
    DailyPipeline pipeline =
        build(
            pipeline()
                .window(HALF_HOUR)
                .connection(connection("acme", acme, QuotaPolicy.UNLIMITED, 0, "Account")));

    DailyReport first = pipeline.runDay(DAY);

    // One page a minute from 00:00: 30 pages before the 00:30 deadline.
    ObjectReport row = first.object("acme", "fake", "Account").orElseThrow();
    assertThat(row.status()).isEqualTo(SyncResult.Status.WINDOW_CLOSED);
    assertThat(row.records()).isEqualTo(300);
    assertThat(row.backlogRecords()).hasValue(700);
    assertThat(row.daysToDrain()).hasValue(3);
    assertThat(first.connection("acme", "fake").orElseThrow().daysToDrain()).hasValue(3);
    assertThat(clock.instant()).isEqualTo(Instant.parse("2026-03-02T00:30:00Z"));

    int days = 0;
    DailyReport report;
    do {
      days++;
      clock.set(HALF_HOUR.opensAt(DAY.plusDays(days)));
      report = pipeline.runDay(DAY.plusDays(days));
    } while (report.hasBacklog() && days < 10);

    assertThat(days).isEqualTo(3);
    assertThat(report.object("acme", "fake", "Account").orElseThrow().status())
        .isEqualTo(SyncResult.Status.COMPLETED);
    assertThat(sinks.durable("acme", "fake", "Account")).isEqualTo(accounts.ids());

    // Incremental from there on: the next day pulls only what changed.
    accounts.add(15);
    clock.set(HALF_HOUR.opensAt(DAY.plusDays(4)));
    assertThat(
            pipeline
                .runDay(DAY.plusDays(4))
                .object("acme", "fake", "Account")
                .orElseThrow()
                .records())
        .isEqualTo(15);
    assertThat(sinks.durable("acme", "fake", "Account")).isEqualTo(accounts.ids());
  }

  @Test
  void aQueuedConnectionNeverStartsAfterTheWindowClosesAndGoesFirstTheNextDay() {
    FakeConnector.Provider acme = provider(new FakeSource("Account", 1, 1000));
    FakeConnector.Provider globex = provider(new FakeSource("Account", 2, 1000));
    AtomicInteger globexSyncs = new AtomicInteger();
    globex.hooks =
        new FakeConnector.Hooks() {
          @Override
          public void syncStarted(ConnectionConfig config, SyncRequest request) {
            globexSyncs.incrementAndGet();
          }
        };
    DailyPipeline pipeline =
        build(
            pipeline()
                .window(HALF_HOUR)
                .concurrency(1)
                .connection(connection("acme", acme, 1000, 0, "Account"))
                .connection(connection("globex", globex, 1000, 0, "Account")));

    DailyReport day1 = pipeline.runDay(DAY);

    ObjectReport queued = day1.object("globex", "fake", "Account").orElseThrow();
    assertThat(queued.status()).isEqualTo(SyncResult.Status.WINDOW_CLOSED);
    assertThat(queued.started()).isFalse();
    assertThat(queued.calls()).isZero();
    assertThat(queued.backlog()).isTrue();
    assertThat(globexSyncs).hasValue(0);
    assertThat(day1.connection("globex", "fake").orElseThrow().spent()).isZero();

    clock.set(HALF_HOUR.opensAt(DAY.plusDays(1)));
    DailyReport day2 = pipeline.runDay(DAY.plusDays(1));
    clock.set(HALF_HOUR.opensAt(DAY.plusDays(2)));
    pipeline.runDay(DAY.plusDays(2));

    assertThat(recorder.orders)
        .containsExactly(
            List.of("acme", "globex"), List.of("globex", "acme"), List.of("acme", "globex"));
    assertThat(day2.object("globex", "fake", "Account").orElseThrow().records()).isEqualTo(300);
    assertThat(day2.object("acme", "fake", "Account").orElseThrow().started()).isFalse();
  }

  @Test
  void aSpentBudgetIsReportedAsQuotaExhaustedAndTheNextDayResumesFromTheCheckpoint() {
    FakeSource accounts = new FakeSource("Account", 11, 100);
    DailyPipeline pipeline =
        build(pipeline().connection(connection("acme", provider(accounts), 6, 0, "Account")));

    DailyReport day1 = pipeline.runDay(DAY);

    ObjectReport row = day1.object("acme", "fake", "Account").orElseThrow();
    assertThat(row.status()).isEqualTo(SyncResult.Status.QUOTA_EXHAUSTED);
    assertThat(row.records()).isEqualTo(50); // login + 5 pages
    assertThat(row.calls()).isEqualTo(6);
    assertThat(row.budgetLeft()).isZero();
    assertThat(row.backlogRecords()).hasValue(50);
    assertThat(row.daysToDrain()).hasValue(1);
    assertThat(day1.connection("acme", "fake").orElseThrow().spent()).isEqualTo(6);
    assertThat(store.load("acme", "fake", "Account").orElseThrow().backlog()).isTrue();

    clock.set(DAY.plusDays(1).atStartOfDay().toInstant(java.time.ZoneOffset.UTC));
    DailyReport day2 = pipeline.runDay(DAY.plusDays(1));

    assertThat(day2.object("acme", "fake", "Account").orElseThrow().status())
        .isEqualTo(SyncResult.Status.COMPLETED);
    assertThat(day2.object("acme", "fake", "Account").orElseThrow().records()).isEqualTo(50);
    assertThat(sinks.durable("acme", "fake", "Account")).isEqualTo(accounts.ids());
  }

  @Test
  void aBudgetRaisedWhileAPullRunsAppliesToItsNextCall() {
    FakeSource accounts = new FakeSource("Account", 11, 100);
    PipelineConnection acme = connection("acme", provider(accounts), 6, 0, "Account");
    recorder.onProgress =
        p -> {
          if (p.records() == 30)
            acme.config().quotaPolicy().setDailyLimit(100); // the customer edits the setting
        };
    DailyPipeline pipeline = build(pipeline().connection(acme));

    DailyReport report = pipeline.runDay(DAY);

    ObjectReport row = report.object("acme", "fake", "Account").orElseThrow();
    assertThat(row.status()).isEqualTo(SyncResult.Status.COMPLETED);
    assertThat(row.records()).isEqualTo(100);
    assertThat(row.calls()).isEqualTo(11);
    assertThat(report.connection("acme", "fake").orElseThrow().dailyLimit()).isEqualTo(100);
    assertThat(row.budgetLeft()).isEqualTo(89);
  }

  @Test
  void aBudgetLoweredWhileAPullRunsStopsItAtTheNewLimit() {
    PipelineConnection acme =
        connection("acme", provider(new FakeSource("Account", 11, 100)), 100, 0, "Account");
    recorder.onProgress =
        p -> {
          if (p.records() == 30)
            acme.config().quotaPolicy().setDailyLimit(5); // 4 calls spent so far
        };
    DailyPipeline pipeline = build(pipeline().connection(acme));

    ObjectReport row = pipeline.runDay(DAY).object("acme", "fake", "Account").orElseThrow();

    assertThat(row.status()).isEqualTo(SyncResult.Status.QUOTA_EXHAUSTED);
    assertThat(row.records()).isEqualTo(40);
    assertThat(acme.config().quotaPolicy().spent("tenant-acme", clock.instant())).isEqualTo(5);
  }

  @Test
  void writesStoppedByTheBudgetAreKeptDurablyAndSentFirstAfterARestart() {
    FakeConnector.Provider acme = provider(new FakeSource("Account", 1, 5));
    DailyPipeline pipeline =
        build(pipeline().connection(connection("acme", acme, 5, 2, "Account")));
    List<WriteItem> items =
        IntStream.rangeClosed(1, 50)
            .mapToObj(
                i ->
                    WriteItem.of(
                        String.format(i == 7 ? "bad-%02d" : "lead-%02d", i), Map.of("Score__c", i)))
            .toList();
    SubmittedWrite first = pipeline.submitWrites("acme", scores(items));

    DailyReport day1 = pipeline.runDay(DAY);

    // Pulls: login + 1 page. Writes: the 3 calls left, 10 items each.
    DailyReport.WriteReport writes = day1.connection("acme", "fake").orElseThrow().writes();
    assertThat(writes.succeeded()).isEqualTo(29);
    assertThat(writes.failed()).isEqualTo(1);
    assertThat(writes.carried()).isEqualTo(20);
    assertThat(writes.calls()).isEqualTo(3);
    assertThat(writes.callsByActivity()).isEqualTo(Map.of(Activity.SCORE_EXPORT, 3L));
    assertThat(writes.callsByStyle()).isEqualTo(Map.of(ApiStyle.SOAP, 3L));

    // The process restarts: new store, new pipeline, same directory.
    pipeline.close();
    store.close();
    store = CheckpointStore.files(dir);
    DailyPipeline restarted =
        build(pipeline().connection(connection("acme", acme, 5, 2, "Account")));
    clock.set(DAY.plusDays(1).atStartOfDay().toInstant(java.time.ZoneOffset.UTC));
    List<WriteItem> later =
        IntStream.rangeClosed(1, 20)
            .mapToObj(i -> WriteItem.of("day2-" + i, Map.of("Score__c", i)))
            .toList();
    SubmittedWrite second = restarted.submitWrites("acme", "fake", scores(later));

    DailyReport day2 = restarted.runDay(DAY.plusDays(1));

    assertThat(day2.connection("acme", "fake").orElseThrow().writes().carried()).isEqualTo(10);
    List<String> sent = acme.written.stream().map(WriteItem::key).toList();
    List<String> expected = new ArrayList<>(items.stream().map(WriteItem::key).toList());
    expected.addAll(later.subList(0, 10).stream().map(WriteItem::key).toList());
    assertThat(sent).isEqualTo(expected); // yesterday's backlog first, each item once

    SubmittedWrite kept = restarted.write(first.id()).orElseThrow();
    assertThat(kept.done()).isTrue();
    assertThat(kept.count(WriteOutcome.Status.SUCCEEDED)).isEqualTo(49);
    WriteOutcome refused = kept.outcomes().get(6);
    assertThat(refused.status()).isEqualTo(WriteOutcome.Status.FAILED);
    assertThat(refused.key()).isEqualTo("bad-07");
    assertThat(refused.code()).isEqualTo("INVALID_FIELD");
    assertThat(kept.outcomes().get(49).id()).isEqualTo("id-lead-50");
    assertThat(kept.request().items().get(0).fields().get("Score__c")).isEqualTo(1);
    SubmittedWrite half = restarted.write(second.id()).orElseThrow();
    assertThat(half.count(WriteOutcome.Status.SUCCEEDED)).isEqualTo(10);
    assertThat(half.pendingItems()).isEqualTo(later.subList(10, 20));

    restarted.forgetWrite(first.id());
    assertThat(restarted.writes("acme", "fake"))
        .extracting(SubmittedWrite::id)
        .containsExactly(second.id());
  }

  @Test
  void writesSpendTheReserveThatPullsCannotTouch() {
    DailyPipeline pipeline =
        build(
            pipeline()
                .connection(
                    connection(
                        "acme", provider(new FakeSource("Account", 1, 100)), 10, 3, "Account")));
    pipeline.submitWrites(
        "acme",
        scores(
            IntStream.rangeClosed(1, 25)
                .mapToObj(i -> WriteItem.of("lead-" + i, Map.of("Score__c", i)))
                .toList()));

    DailyReport report = pipeline.runDay(DAY);

    DailyReport.ConnectionReport acme = report.connection("acme", "fake").orElseThrow();
    assertThat(acme.object("Account").orElseThrow().status())
        .isEqualTo(SyncResult.Status.QUOTA_EXHAUSTED);
    assertThat(acme.object("Account").orElseThrow().calls()).isEqualTo(7);
    assertThat(acme.writes().succeeded()).isEqualTo(25);
    assertThat(acme.writes().calls()).isEqualTo(3);
    assertThat(acme.budgetLeftForWrites()).isZero();
    assertThat(acme.spent()).isEqualTo(10);
  }

  @Test
  void runWritesSendsPendingWritesAtTheHostsCallOutsideTheWindow() {
    FakeConnector.Provider acme = provider(new FakeSource("Account", 1, 5));
    DailyPipeline pipeline =
        build(pipeline().connection(connection("acme", acme, 100, 10, "Account")));
    clock.set(Instant.parse("2026-03-02T14:00:00Z"));
    SubmittedWrite write =
        pipeline.submitWrites(
            "acme", scores(List.of(WriteItem.of("lead-1", Map.of("Score__c", 3)))));

    DailyReport report = pipeline.runWrites();

    assertThat(report.connection("acme", "fake").orElseThrow().writes().succeeded()).isEqualTo(1);
    assertThat(report.connection("acme", "fake").orElseThrow().objects()).isEmpty();
    assertThat(pipeline.write(write.id()).orElseThrow().done()).isTrue();
  }

  @Test
  void atMostConcurrencyConnectionsRunAtOnceAndAConnectionsObjectsRunOneAfterTheOther()
      throws Exception {
    AtomicInteger running = new AtomicInteger();
    AtomicInteger mostRunning = new AtomicInteger();
    Map<String, AtomicInteger> perConnection = new ConcurrentHashMap<>();
    Map<String, Integer> mostPerConnection = new ConcurrentHashMap<>();
    CountDownLatch twoRunning = new CountDownLatch(2);
    FakeConnector.Hooks hooks =
        new FakeConnector.Hooks() {
          @Override
          public void syncStarted(ConnectionConfig config, SyncRequest request) {
            mostRunning.accumulateAndGet(running.incrementAndGet(), Math::max);
            int mine =
                perConnection
                    .computeIfAbsent(config.connectionId(), k -> new AtomicInteger())
                    .incrementAndGet();
            mostPerConnection.merge(config.connectionId(), mine, Math::max);
            twoRunning.countDown();
            try {
              // Hold the first two pulls until both run: proves two may run together, not a third.
              twoRunning.await(10, TimeUnit.SECONDS);
            } catch (InterruptedException e) {
              Thread.currentThread().interrupt();
            }
          }

          @Override
          public void syncEnded(ConnectionConfig config, SyncResult result) {
            perConnection.get(config.connectionId()).decrementAndGet();
            running.decrementAndGet();
          }
        };
    DailyPipeline.Builder builder = pipeline().concurrency(2);
    for (String tenant : List.of("a", "b", "c", "d")) {
      FakeConnector.Provider p =
          provider(new FakeSource("Account", 1, 30), new FakeSource("Contact", 2, 30));
      p.perPage = Duration.ZERO;
      p.hooks = hooks;
      builder.connection(connection(tenant, p, QuotaPolicy.UNLIMITED, 0, "Account", "Contact"));
    }
    DailyReport report = build(builder).runDay(DAY);

    assertThat(mostRunning).hasValue(2);
    assertThat(mostPerConnection)
        .hasSize(4)
        .allSatisfy((id, most) -> assertThat(most).isEqualTo(1));
    assertThat(report.connections()).allSatisfy(c -> assertThat(c.records()).isEqualTo(60));
  }

  @Test
  void runDayRefusesAClockOutsideTheWindowAndStartsNothing() {
    FakeConnector.Provider acme = provider(new FakeSource("Account", 1, 5));
    DailyPipeline pipeline =
        build(pipeline().connection(connection("acme", acme, 100, 0, "Account")));
    clock.set(Instant.parse("2026-03-02T03:00:00Z"));

    assertThatThrownBy(() -> pipeline.runDay(DAY))
        .isInstanceOf(ConfigurationException.class)
        .hasMessageContaining("no pull starts outside the pull window")
        .hasMessageContaining("00:00–02:00 UTC")
        .hasMessageContaining("2026-03-02T03:00:00Z");
    assertThat(acme.opened).hasValue(0);
  }

  @Test
  void aCustomScheduleIsRefusedWithAClearError() {
    assertThatThrownBy(() -> DailyPipeline.builder().schedule("0 */4 * * *"))
        .isInstanceOf(ConfigurationException.class)
        .hasMessageContaining("custom pull schedule '0 */4 * * *' refused")
        .hasMessageContaining("once a day between 00:00 and 02:00 UTC");
  }

  @Test
  void aPullThatMissesTheDeadlineIsCancelledAfterTheGraceAndReportedWindowClosed() {
    FakeSource accounts = new FakeSource("Account", 5, 1000);
    FakeConnector.Provider acme = provider(accounts);
    acme.ignoreDeadline = true;
    DailyPipeline pipeline =
        build(
            pipeline()
                .window(PullWindow.between(LocalTime.MIDNIGHT, LocalTime.of(0, 10)))
                .closeGrace(Duration.ofMinutes(5))
                .connection(connection("acme", acme, QuotaPolicy.UNLIMITED, 0, "Account")));

    ObjectReport row = pipeline.runDay(DAY).object("acme", "fake", "Account").orElseThrow();

    // Pages at 00:00..00:15 go; at 00:16 the grace after 00:10 is over.
    assertThat(row.status()).isEqualTo(SyncResult.Status.WINDOW_CLOSED);
    assertThat(row.records()).isEqualTo(160);
    assertThat(
            store
                .load("acme", "fake", "Account")
                .orElseThrow()
                .checkpoint()
                .get(Checkpoint.CURSOR_ID))
        .isEqualTo("Account-000160");
  }

  @Test
  void aHostSinkFailingToCommitKeepsTheLastCheckpointItTookAndTheNextDayLeavesNoGap() {
    FakeSource accounts = new FakeSource("Account", 9, 100);
    AtomicInteger checkpoints = new AtomicInteger();
    sinks.onCheckpoint =
        (key, checkpoint) -> {
          if (checkpoints.incrementAndGet() == 3)
            throw new IllegalStateException("warehouse commit failed");
        };
    DailyPipeline pipeline =
        build(pipeline().connection(connection("acme", provider(accounts), 1000, 0, "Account")));

    ObjectReport failed = pipeline.runDay(DAY).object("acme", "fake", "Account").orElseThrow();

    assertThat(failed.status()).isEqualTo(SyncResult.Status.FAILED);
    assertThat(failed.failure()).contains("warehouse commit failed");
    assertThat(
            store
                .load("acme", "fake", "Account")
                .orElseThrow()
                .checkpoint()
                .get(Checkpoint.CURSOR_ID))
        .isEqualTo("Account-000020");

    clock.set(DAY.plusDays(1).atStartOfDay().toInstant(java.time.ZoneOffset.UTC));
    pipeline.runDay(DAY.plusDays(1));

    assertThat(sinks.durable("acme", "fake", "Account")).isEqualTo(accounts.ids());
  }

  @Test
  void aFullObjectIsPulledWholeEveryDay() {
    FakeSource accounts = new FakeSource("Account", 9, 25);
    FakeConnector.Provider acme = provider(accounts);
    PipelineConnection connection =
        PipelineConnection.builder("acme", acme, config("tenant-acme", QuotaPolicy.UNLIMITED, 0))
            .object(SyncRequest.builder("Account").mode(dev.revsync.SyncMode.FULL).build())
            .build();
    DailyPipeline pipeline = build(pipeline().connection(connection));

    pipeline.runDay(DAY);
    clock.set(DAY.plusDays(1).atStartOfDay().toInstant(java.time.ZoneOffset.UTC));
    ObjectReport second =
        pipeline.runDay(DAY.plusDays(1)).object("acme", "fake", "Account").orElseThrow();

    assertThat(second.records()).isEqualTo(25);
    assertThat(sinks.durable("acme", "fake", "Account")).hasSize(50);
  }

  @Test
  void startRunsEachDaysWindowAsItOpensUntilClosed() throws Exception {
    clock.set(Instant.parse("2026-03-01T12:00:00Z"));
    CountDownLatch threeDays = new CountDownLatch(3);
    List<DailyReport> reports = new CopyOnWriteArrayList<>();
    PipelineListener listener =
        new PipelineListener() {
          @Override
          public void dayFinished(DailyReport report) {
            reports.add(report);
            threeDays.countDown();
          }
        };
    FakeSource accounts = new FakeSource("Account", 4, 10);
    DailyPipeline pipeline =
        build(
            pipeline()
                .listener(listener)
                .connection(connection("acme", provider(accounts), 100, 0, "Account")));

    pipeline.start();
    assertThat(threeDays.await(30, TimeUnit.SECONDS)).isTrue();
    pipeline.close();

    assertThat(reports.subList(0, 3))
        .extracting(DailyReport::day)
        .containsExactly(DAY, DAY.plusDays(1), DAY.plusDays(2));
    assertThat(reports.subList(0, 3))
        .allSatisfy(r -> assertThat(r.startedAt()).isEqualTo(PullWindow.daily().opensAt(r.day())));
    assertThat(reports.get(0).object("acme", "fake", "Account").orElseThrow().records())
        .isEqualTo(10);
    assertThat(reports.get(1).object("acme", "fake", "Account").orElseThrow().records()).isZero();
    assertThatThrownBy(pipeline::start)
        .isInstanceOf(IllegalStateException.class)
        .hasMessageContaining("closed");
  }

  @Test
  void closingThePipelineCancelsARunningPullWhichKeepsItsCheckpoint() {
    FakeConnector.Provider acme = provider(new FakeSource("Account", 5, 100));
    java.util.concurrent.atomic.AtomicReference<DailyPipeline> pipeline =
        new java.util.concurrent.atomic.AtomicReference<>();
    java.util.concurrent.atomic.AtomicReference<SyncRequest> running =
        new java.util.concurrent.atomic.AtomicReference<>();
    acme.hooks =
        new FakeConnector.Hooks() {
          @Override
          public void syncStarted(ConnectionConfig config, SyncRequest request) {
            running.set(request);
          }

          @Override
          public void pageFetched(String object, int page) {
            if (page != 3) return;
            new Thread(pipeline.get()::close).start(); // the host shuts down mid-pull
            while (!running.get().isCancelled()) Thread.onSpinWait();
          }
        };
    pipeline.set(build(pipeline().connection(connection("acme", acme, 1000, 0, "Account"))));

    ObjectReport row = pipeline.get().runDay(DAY).object("acme", "fake", "Account").orElseThrow();

    assertThat(row.status()).isEqualTo(SyncResult.Status.CANCELLED);
    assertThat(row.records()).isEqualTo(30);
    assertThat(sinks.durable("acme", "fake", "Account")).hasSize(30);
    CheckpointStore.Entry entry = store.load("acme", "fake", "Account").orElseThrow();
    assertThat(entry.checkpoint().get(Checkpoint.CURSOR_ID)).isEqualTo("Account-000030");
    assertThat(entry.backlog()).isTrue();
    assertThatThrownBy(() -> pipeline.get().runDay(DAY)).isInstanceOf(IllegalStateException.class);
  }

  @Test
  void closingThePipelineAsTheNightBeginsCancelsItsPullsInsteadOfFailingTheDay() {
    // The close shuts the pipeline's threads down before the night hands them its work loops.
    FakeConnector.Provider acme = provider(new FakeSource("Account", 5, 100));
    java.util.concurrent.atomic.AtomicReference<DailyPipeline> pipeline =
        new java.util.concurrent.atomic.AtomicReference<>();
    PipelineListener closer =
        new PipelineListener() {
          @Override
          public void planned(NightPlan plan) {
            pipeline.get().close();
          }
        };
    pipeline.set(
        build(
            pipeline()
                .concurrency(2)
                .listener(closer)
                .connection(connection("acme", acme, 1000, 0, "Account"))));

    ObjectReport row = pipeline.get().runDay(DAY).object("acme", "fake", "Account").orElseThrow();

    assertThat(row.status()).isEqualTo(SyncResult.Status.CANCELLED);
    assertThat(row.records()).isZero();
    assertThat(sinks.durable("acme", "fake", "Account")).isEmpty();
    assertThatThrownBy(() -> pipeline.get().runDay(DAY)).isInstanceOf(IllegalStateException.class);
  }

  @Test
  void theSchedulerSkipsADayTheHostAlreadyRan() throws Exception {
    FakeConnector.Provider acme = provider(new FakeSource("Account", 4, 10));
    CountDownLatch nextDay = new CountDownLatch(1);
    List<LocalDate> days = new CopyOnWriteArrayList<>();
    PipelineListener listener =
        new PipelineListener() {
          @Override
          public void dayFinished(DailyReport report) {
            days.add(report.day());
            if (report.day().equals(DAY.plusDays(1))) nextDay.countDown();
          }
        };
    DailyPipeline pipeline =
        build(
            pipeline().listener(listener).connection(connection("acme", acme, 100, 0, "Account")));

    pipeline.runDay(DAY);
    pipeline.start(); // still inside today's window: today already ran
    assertThat(nextDay.await(30, TimeUnit.SECONDS)).isTrue();
    pipeline.close();

    assertThat(days.subList(0, 2)).containsExactly(DAY, DAY.plusDays(1));
  }

  @Test
  void aFiniteBudgetCountedInMemoryIsRefusedWhenTheStoreIsDurable() {
    ConnectionConfig config =
        ConnectionConfig.builder("tenant-acme")
            .clock(clock)
            .quotaPolicy(QuotaPolicy.daily(100))
            .build();
    PipelineConnection acme =
        PipelineConnection.builder("acme", provider(), config).objects("Account").build();

    assertThatThrownBy(() -> pipeline().connection(acme).build())
        .isInstanceOf(ConfigurationException.class)
        .hasMessageContaining("acme/fake has a daily limit of 100 calls but counts them in memory")
        .hasMessageContaining(".ledger(store.quotaLedger())");
  }

  @Test
  void aHostLedgerThatSaysItIsNotDurableIsRefusedLikeTheInMemoryOne() {
    QuotaLedger counts = QuotaLedger.inMemory();
    QuotaLedger hostLedger =
        new QuotaLedger() {
          @Override
          public boolean tryIncrement(String connectionId, LocalDate day, long ceiling) {
            return counts.tryIncrement(connectionId, day, ceiling);
          }

          @Override
          public long spent(String connectionId, LocalDate day) {
            return counts.spent(connectionId, day);
          }

          @Override
          public boolean durable() {
            return false;
          }
        };
    QuotaPolicy policy = QuotaPolicy.builder().dailyLimit(100).ledger(hostLedger).build();
    ConnectionConfig config =
        ConnectionConfig.builder("tenant-acme").clock(clock).quotaPolicy(policy).build();
    PipelineConnection acme =
        PipelineConnection.builder("acme", provider(), config).objects("Account").build();

    assertThatThrownBy(() -> pipeline().connection(acme).build())
        .isInstanceOf(ConfigurationException.class)
        .hasMessageContaining("acme/fake has a daily limit of 100 calls but counts them in memory");
  }

  @Test
  void aHostLedgerIsTakenAsDurableUnlessItSaysOtherwise() {
    QuotaLedger counts = QuotaLedger.inMemory();
    QuotaLedger hostLedger =
        new QuotaLedger() {
          @Override
          public boolean tryIncrement(String connectionId, LocalDate day, long ceiling) {
            return counts.tryIncrement(connectionId, day, ceiling);
          }

          @Override
          public long spent(String connectionId, LocalDate day) {
            return counts.spent(connectionId, day);
          }
        };
    QuotaPolicy policy = QuotaPolicy.builder().dailyLimit(100).ledger(hostLedger).build();
    ConnectionConfig config =
        ConnectionConfig.builder("tenant-acme").clock(clock).quotaPolicy(policy).build();

    DailyPipeline pipeline =
        build(
            pipeline()
                .connection(
                    PipelineConnection.builder("acme", provider(), config)
                        .objects("Account")
                        .build()));

    assertThat(hostLedger.durable()).isTrue();
    assertThat(counts.durable()).isFalse();
    assertThat(pipeline.connections()).hasSize(1);
  }

  @Test
  void aBudgetCountedInMemoryIsAcceptedWhenTheStoreIsNotDurableEither() {
    CheckpointStore memory = CheckpointStore.inMemory();
    ConnectionConfig config =
        ConnectionConfig.builder("tenant-acme")
            .clock(clock)
            .quotaPolicy(QuotaPolicy.daily(100))
            .build();

    DailyPipeline pipeline =
        build(
            DailyPipeline.builder()
                .store(memory)
                .sinks(sinks)
                .clock(clock)
                .connection(
                    PipelineConnection.builder("acme", provider(), config)
                        .objects("Account")
                        .build()));

    assertThat(memory.durable()).isFalse();
    assertThat(memory.quotaLedger().durable()).isFalse();
    assertThat(pipeline.connections()).hasSize(1);
  }

  @Test
  void theReportRendersOneRowPerConnectionAndObjectWithBudgetAndBacklog() {
    FakeConnector.Provider acme = provider(new FakeSource("Account", 11, 100));
    DailyPipeline pipeline =
        build(pipeline().connection(connection("acme", acme, 6, 0, "Account")));
    pipeline.submitWrites("acme", scores(List.of(WriteItem.of("lead-1", Map.of("Score__c", 1)))));

    String table = pipeline.runDay(DAY).render();

    assertThat(table)
        .startsWith(
            "revsync daily report 2026-03-02 (window 00:00–02:00 UTC, ran 00:00:00–00:05:00)\n");
    List<String> lines = table.lines().toList();
    assertThat(lines.get(1))
        .matches(
            "TENANT +CONNECTOR +OBJECT +STATUS +RECORDS +CALLS +BY ACTIVITY +BY STYLE"
                + " +BUDGET LEFT +BACKLOG +DRAIN");
    assertThat(lines.get(2))
        .matches(
            "acme +fake +Account +QUOTA_EXHAUSTED +50 +6 +LOGIN 1, SYNC 5 +REST 6 +0/6 +50 +1 day");
    assertThat(lines.get(3)).matches("acme +fake +\\(writes\\) +CARRIED +0 +0 +- +- +0/6 +1 +-");
  }

  // ---- helpers

  private FakeConnector.Provider provider(FakeSource... sources) {
    FakeConnector.Provider p = new FakeConnector.Provider();
    for (FakeSource s : sources) p.source(s);
    return p;
  }

  private ConnectionConfig config(String connectionId, long limit, long reserve) {
    QuotaPolicy policy =
        QuotaPolicy.builder()
            .dailyLimit(limit)
            .writeReserve(reserve)
            .ledger(store.quotaLedger())
            .build();
    return ConnectionConfig.builder(connectionId).clock(clock).quotaPolicy(policy).build();
  }

  private PipelineConnection connection(
      String tenant, FakeConnector.Provider provider, long limit, long reserve, String... objects) {
    return PipelineConnection.builder(tenant, provider, config("tenant-" + tenant, limit, reserve))
        .objects(objects)
        .build();
  }

  private DailyPipeline.Builder pipeline() {
    return DailyPipeline.builder().store(store).sinks(sinks).clock(clock).listener(recorder);
  }

  private DailyPipeline build(DailyPipeline.Builder builder) {
    DailyPipeline pipeline = builder.build();
    pipelines.add(pipeline);
    return pipeline;
  }

  private static WriteRequest scores(List<WriteItem> items) {
    return WriteRequest.builder("Lead", Activity.SCORE_EXPORT).items(items).build();
  }

  /** Records what the pipeline tells its listener. */
  static final class Recorder implements PipelineListener {
    final List<List<String>> orders = new CopyOnWriteArrayList<>();
    final List<Progress> progress = new CopyOnWriteArrayList<>();
    final List<DailyReport> reports = new CopyOnWriteArrayList<>();
    volatile java.util.function.Consumer<Progress> onProgress = p -> {};

    @Override
    public void dayStarted(LocalDate day, List<PipelineConnection> order) {
      orders.add(order.stream().map(PipelineConnection::tenant).toList());
    }

    @Override
    public void progress(Progress p) {
      progress.add(p);
      onProgress.accept(p);
    }

    @Override
    public void dayFinished(DailyReport report) {
      reports.add(report);
    }
  }
}
