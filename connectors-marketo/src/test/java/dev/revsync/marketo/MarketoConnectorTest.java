package dev.revsync.marketo;

import static org.assertj.core.api.Assertions.assertThat;

import dev.revsync.Activity;
import dev.revsync.Checkpoint;
import dev.revsync.ConnectionConfig;
import dev.revsync.Connector;
import dev.revsync.QuotaPolicy;
import dev.revsync.Record;
import dev.revsync.RecordSink;
import dev.revsync.SyncMode;
import dev.revsync.SyncRequest;
import dev.revsync.SyncResult;
import dev.revsync.WriteItem;
import dev.revsync.WriteRequest;
import dev.revsync.WriteResult;
import dev.revsync.simulators.FaultPlan.Fault;
import dev.revsync.simulators.RequestLog;
import dev.revsync.simulators.ScaledClock;
import dev.revsync.simulators.SimulatedClock;
import dev.revsync.simulators.marketo.MarketoSimulator;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * Marketo's own limits and codes, extract resume, token reuse and call counts, against the
 * simulator.
 */
class MarketoConnectorTest {
  private final SimulatedClock clock = SimulatedClock.at("2026-11-28T00:30:00Z");
  private final List<AutoCloseable> open = new ArrayList<>();

  @AfterEach
  void close() throws Exception {
    for (int i = open.size() - 1; i >= 0; i--) open.get(i).close();
  }

  private MarketoSimulator sim(MarketoSimulator.Builder b) {
    return sim(b, clock);
  }

  private MarketoSimulator sim(MarketoSimulator.Builder b, Clock clock) {
    MarketoSimulator sim = b.clock(clock).start();
    open.add(sim);
    return sim;
  }

  private Connector connect(MarketoSimulator sim, QuotaPolicy quota) {
    return connect(sim, quota, Map.of());
  }

  private Connector connect(MarketoSimulator sim, QuotaPolicy quota, Map<String, String> extra) {
    return connect(sim, quota, extra, clock);
  }

  private Connector connect(
      MarketoSimulator sim, QuotaPolicy quota, Map<String, String> extra, Clock clock) {
    Map<String, String> s = sim.connectionSettings();
    ConnectionConfig.Builder b =
        ConnectionConfig.builder("test/marketo")
            .baseUrl(s.get("baseUrl") + "/rest")
            .setting("clientId", s.get("clientId"))
            .secret("clientSecret", s.get("clientSecret"))
            .clock(clock)
            .quotaPolicy(quota);
    extra.forEach(b::setting);
    ConnectionConfig config = b.build();
    Connector c = new MarketoConnectorProvider().open(config);
    open.add(c);
    return c;
  }

  /** Keeps the latest version of each record and the last checkpoint. */
  private static final class Sink implements RecordSink {
    final Map<String, Record> latest = new ConcurrentHashMap<>();
    long count;
    Checkpoint last = Checkpoint.EMPTY;

    @Override
    public void accept(Record record) {
      latest.put(record.id(), record);
      count++;
    }

    @Override
    public void checkpoint(Checkpoint checkpoint) {
      last = checkpoint;
    }
  }

  private static SyncRequest leads(SyncMode mode, Checkpoint from) {
    return SyncRequest.builder("Lead").mode(mode).checkpoint(from).includeDeletes(true).build();
  }

  private static SyncRequest extract(Checkpoint from) {
    return SyncRequest.builder("Lead")
        .mode(SyncMode.FULL)
        .checkpoint(from)
        .option("method", "extract")
        .option("since", "2026-11-01T00:00:00Z")
        .build();
  }

  private static int calls(RequestLog log, String fragment) {
    return log.count(fragment);
  }

  @Test
  void rateLimit606FromTheSubscriptionIsWaitedOutAndTheSyncCompletes() {
    MarketoSimulator sim =
        sim(MarketoSimulator.builder().leads(3_000).rateLimit(4, Duration.ofSeconds(20)));
    Instant before = clock.instant();
    Sink sink = new Sink();
    SyncResult r =
        connect(sim, QuotaPolicy.unlimited())
            .sync(leads(SyncMode.INCREMENTAL, Checkpoint.EMPTY), sink);
    assertThat(r.status()).as("%s", r).isEqualTo(SyncResult.Status.COMPLETED);
    assertThat(sink.latest).hasSize(3_000);
    assertThat(Duration.between(before, clock.instant()))
        .as("time waited for the 20 s window")
        .isGreaterThanOrEqualTo(Duration.ofSeconds(40));
  }

  @Test
  void dailyQuota607StopsWithACheckpointAndTheNextMarketoDayResumesWithoutRepeatingCalls() {
    MarketoSimulator sim = sim(MarketoSimulator.builder().leads(3_000));
    sim.dailyQuota(4);
    Sink sink = new Sink();
    SyncResult day1 =
        connect(sim, QuotaPolicy.unlimited())
            .sync(leads(SyncMode.INCREMENTAL, Checkpoint.EMPTY), sink);
    assertThat(day1.status()).as("%s", day1).isEqualTo(SyncResult.Status.QUOTA_EXHAUSTED);
    assertThat(day1.checkpoint().get(MarketoSync.NEXT_ID)).isEqualTo("901");
    long refusedDay1 = sim.requestLog().entries().size();
    // Marketo's day ends at midnight in Chicago: 06:00 UTC in winter
    clock.set(Instant.parse("2026-11-28T06:00:00Z"));
    sim.dailyQuota(50_000);
    SyncResult day2 =
        connect(sim, QuotaPolicy.unlimited())
            .sync(leads(SyncMode.INCREMENTAL, day1.checkpoint()), sink);
    assertThat(day2.status()).as("%s", day2).isEqualTo(SyncResult.Status.COMPLETED);
    assertThat(sink.latest).hasSize(3_000);
    assertThat(refusedDay1)
        .as("calls on day 1: 4 counted and one 607, not retried")
        .isLessThanOrEqualTo(6);
  }

  @Test
  void concurrency615IsRetriedAfterAShortWaitAndEveryWriteLands() throws Exception {
    // Real time 20 times faster, not the simulated clock: the simulator holds each call 30 ms of
    // real time, and a 615 retried after 2 s of a clock that skips its waits would come back while
    // the two admitted calls are still held (every attempt refused).
    ScaledClock scaled = ScaledClock.startingAt(clock.instant(), 20);
    MarketoSimulator sim =
        sim(
            MarketoSimulator.builder()
                .leads(100)
                .maxConcurrent(2)
                .holdEachCall(Duration.ofMillis(30)),
            scaled);
    Connector c = connect(sim, QuotaPolicy.unlimited(), Map.of(), scaled);
    c.verify();
    ExecutorService pool = Executors.newFixedThreadPool(8);
    try {
      List<Future<WriteResult>> results = new ArrayList<>();
      for (int t = 0; t < 8; t++) {
        int id = t + 1;
        results.add(
            pool.submit(
                () ->
                    c.write(
                        WriteRequest.builder("Lead", Activity.SCORE_EXPORT)
                            .items(
                                List.of(
                                    WriteItem.of(
                                        Integer.toString(id), Map.of("revsyncScore", (long) id))))
                            .build())));
      }
      for (Future<WriteResult> f : results)
        assertThat(f.get(60, TimeUnit.SECONDS).succeeded()).isEqualTo(1);
    } finally {
      pool.shutdownNow();
    }
    assertThat(sim.requestLog().count()).isGreaterThan(9);
    for (int id = 1; id <= 8; id++)
      assertThat(sim.leads().get(Integer.toString(id)).get("revsyncScore")).isEqualTo((long) id);
  }

  @Test
  void tenConcurrentCallsAtMostUnderFiftyThreads() throws Exception {
    MarketoSimulator sim =
        sim(MarketoSimulator.builder().leads(100).holdEachCall(Duration.ofMillis(20)));
    Connector c = connect(sim, QuotaPolicy.unlimited());
    c.verify();
    ExecutorService pool = Executors.newFixedThreadPool(50);
    CountDownLatch go = new CountDownLatch(1);
    try {
      List<Future<WriteResult>> results = new ArrayList<>();
      for (int t = 0; t < 50; t++) {
        int id = t + 1;
        results.add(
            pool.submit(
                () -> {
                  go.await();
                  return c.write(
                      WriteRequest.builder("Lead", Activity.ENRICHMENT)
                          .items(
                              List.of(
                                  WriteItem.of(
                                      Integer.toString(id), Map.of("revsyncSegment", "T" + id))))
                          .build());
                }));
      }
      go.countDown();
      for (Future<WriteResult> f : results)
        assertThat(f.get(60, TimeUnit.SECONDS).succeeded()).isEqualTo(1);
    } finally {
      pool.shutdownNow();
    }
    assertThat(sim.maxConcurrentCalls()).as("calls Marketo saw in flight at once").isBetween(2, 10);
    assertThat(sim.requestLog().count())
        .as("one identity, one usage and 50 writes: no 615 to retry")
        .isEqualTo(52);
  }

  @Test
  void oneIdentityCallServesEverySyncWhileTheTokenLivesAndOneMoreAfterItExpires() {
    MarketoSimulator sim = sim(MarketoSimulator.builder().leads(500));
    Connector c = connect(sim, QuotaPolicy.unlimited());
    Checkpoint cp = Checkpoint.EMPTY;
    for (int i = 0; i < 5; i++) {
      SyncResult r = c.sync(leads(SyncMode.INCREMENTAL, cp), new Sink());
      assertThat(r.status()).isEqualTo(SyncResult.Status.COMPLETED);
      cp = r.checkpoint();
      clock.advance(Duration.ofMinutes(10));
    }
    assertThat(calls(sim.requestLog(), "/identity/oauth/token"))
        .as("identity calls for 5 syncs in 50 minutes")
        .isEqualTo(1);
    clock.advance(Duration.ofMinutes(15)); // past the token's hour
    assertThat(c.sync(leads(SyncMode.INCREMENTAL, cp), new Sink()).status())
        .isEqualTo(SyncResult.Status.COMPLETED);
    assertThat(calls(sim.requestLog(), "/identity/oauth/token")).isEqualTo(2);
    sim.expireTokens(); // 602 mid-day: one refresh and the call again
    assertThat(c.sync(leads(SyncMode.INCREMENTAL, cp), new Sink()).status())
        .isEqualTo(SyncResult.Status.COMPLETED);
    assertThat(calls(sim.requestLog(), "/identity/oauth/token")).isEqualTo(3);
    assertThat(sim.expiredTokenRefusals()).isEqualTo(1);
  }

  @Test
  void tenThousandLeadsByPagingCostOneCallPer300AndAtMostThreeMore() {
    MarketoSimulator sim = sim(MarketoSimulator.builder().leads(10_000));
    Sink sink = new Sink();
    SyncResult r =
        connect(sim, QuotaPolicy.unlimited())
            .sync(leads(SyncMode.INCREMENTAL, Checkpoint.EMPTY), sink);
    assertThat(r.status()).isEqualTo(SyncResult.Status.COMPLETED);
    assertThat(sink.latest).hasSize(10_000);
    assertThat(r.checkpoint().get(MarketoSync.METHOD)).isEqualTo("paging");
    long pages = (10_000 + 299) / 300;
    assertThat(r.callsSpent()).as("calls for 10,000 leads").isBetween(pages, pages + 3);
    assertThat((long) sim.requestLog().count()).isEqualTo(r.callsSpent());
  }

  @Test
  void writesCostOneCallPer300AndReportEachLeadsOutcome() {
    MarketoSimulator sim = sim(MarketoSimulator.builder().leads(10_000));
    List<WriteItem> items = new ArrayList<>();
    for (int i = 1; i <= 10_000; i++)
      items.add(WriteItem.of(Integer.toString(i), Map.of("revsyncScore", (long) (i % 100))));
    items.set(500, WriteItem.of("77777777", Map.of("revsyncScore", 1L)));
    WriteResult r =
        connect(sim, QuotaPolicy.unlimited())
            .write(WriteRequest.builder("Lead", Activity.SCORE_EXPORT).items(items).build());
    long batches = (10_000 + 299) / 300;
    assertThat(r.callsSpent()).isBetween(batches, batches + 3);
    assertThat(r.succeeded()).isEqualTo(9_999);
    assertThat(r.failures())
        .singleElement()
        .satisfies(
            f -> {
              assertThat(f.index()).isEqualTo(500);
              assertThat(f.code()).isEqualTo("1004");
            });
    assertThat(sim.leads().get("10000").get("revsyncScore")).isEqualTo(0L);
  }

  @Test
  void anExtractCostsCreateEnqueuePollsAndOneFileAndItsRecordsMatchTheSimulator() {
    MarketoSimulator sim = sim(MarketoSimulator.builder().leads(20_000).span(Duration.ofDays(20)));
    Sink sink = new Sink();
    SyncResult r = connect(sim, QuotaPolicy.unlimited()).sync(extract(Checkpoint.EMPTY), sink);
    assertThat(r.status()).as("%s", r).isEqualTo(SyncResult.Status.COMPLETED);
    assertThat(sink.latest).hasSize(20_000);
    assertThat(r.checkpoint().get(MarketoSync.METHOD)).isEqualTo("extract");
    int polls = calls(sim.requestLog(), "/status.json");
    assertThat(calls(sim.requestLog(), "/create.json")).isEqualTo(1);
    assertThat(calls(sim.requestLog(), "/enqueue.json")).isEqualTo(1);
    assertThat(calls(sim.requestLog(), "/file.json")).isEqualTo(1);
    assertThat(r.callsSpent())
        .as("create + enqueue + %d polls + 1 file, plus identity and describe", polls)
        .isBetween(3L + polls, 3L + polls + 3);
    Record sample = sink.latest.get("12345");
    assertThat(sample.get("email")).isEqualTo(sim.leads().get("12345").get("email"));
    assertThat(sample.get("annualRevenue"))
        .isEqualTo(sim.leads().get("12345").get("annualRevenue"));
    assertThat(sample.modifiedAt()).isEqualTo(sim.leads().get("12345").modifiedAt());
    // the next sync follows lead changes from the extract's end
    clock.advance(Duration.ofMinutes(1));
    sim.leads().update("7", Map.of("leadScore", 199L));
    Sink next = new Sink();
    SyncResult r2 =
        connect(sim, QuotaPolicy.unlimited())
            .sync(leads(SyncMode.INCREMENTAL, r.checkpoint()), next);
    assertThat(r2.status()).isEqualTo(SyncResult.Status.COMPLETED);
    assertThat(next.latest.keySet()).containsExactly("7");
  }

  @Test
  void anExtractDownloadKilledMidFileResumesAtItsByteOffsetWithoutANewJob() {
    MarketoSimulator sim = sim(MarketoSimulator.builder().leads(5_000).span(Duration.ofDays(20)));
    sim.faults().next(Fault.DROP_MID_BODY, 1, "/file.json");
    Sink sink = new Sink();
    SyncResult r = connect(sim, QuotaPolicy.unlimited()).sync(extract(Checkpoint.EMPTY), sink);
    assertThat(r.status()).as("%s", r).isEqualTo(SyncResult.Status.COMPLETED);
    assertThat(sim.extractJobsCreated()).isEqualTo(1);
    List<RequestLog.Entry> files =
        sim.requestLog().entries().stream().filter(e -> e.path().endsWith("/file.json")).toList();
    assertThat(files).hasSize(2);
    assertThat(files.get(1).headers().get("Range")).matches("bytes=[1-9][0-9]*-");
    assertThat(sink.latest).hasSize(5_000);
    assertThat(sink.count).as("rows handed over: none twice").isEqualTo(5_000);
  }

  @Test
  void exportQuota1029LeavesTheJobForTomorrowAndTheNextDayDownloadsIt() {
    MarketoSimulator sim =
        sim(
            MarketoSimulator.builder()
                .leads(2_000)
                .span(Duration.ofDays(20))
                .extractBytesPerDay(1));
    Connector c = connect(sim, QuotaPolicy.unlimited());
    assertThat(c.sync(extract(Checkpoint.EMPTY), new Sink()).status())
        .isEqualTo(SyncResult.Status.COMPLETED);
    Sink sink = new Sink();
    SyncResult day1 = c.sync(extract(Checkpoint.EMPTY), sink);
    assertThat(day1.status()).as("%s", day1).isEqualTo(SyncResult.Status.QUOTA_EXHAUSTED);
    String job = day1.checkpoint().get(Checkpoint.JOB_ID);
    assertThat(job).isNotNull();
    assertThat(calls(sim.requestLog(), "/enqueue.json"))
        .as("a spent export quota is not retried")
        .isEqualTo(2);
    clock.set(Instant.parse("2026-11-28T06:00:00Z"));
    SyncResult day2 = c.sync(extract(day1.checkpoint()), sink);
    assertThat(day2.status()).as("%s", day2).isEqualTo(SyncResult.Status.COMPLETED);
    assertThat(sim.extractJobsCreated())
        .as("the job created yesterday is the one downloaded")
        .isEqualTo(2);
    assertThat(sink.latest).hasSize(2_000);
  }

  @Test
  void aJobCancelledInMarketoUnderEitherSpellingIsReplacedByANewJobForTheSameWindow()
      throws Exception {
    MarketoSimulator sim =
        sim(
            MarketoSimulator.builder()
                .leads(1_000)
                .span(Duration.ofDays(20))
                .extractBytesPerDay(1)
                .canceledSpelling("Cancelled"));
    Connector c = connect(sim, QuotaPolicy.unlimited());
    assertThat(c.sync(extract(Checkpoint.EMPTY), new Sink()).status())
        .isEqualTo(SyncResult.Status.COMPLETED);
    SyncResult day1 = c.sync(extract(Checkpoint.EMPTY), new Sink());
    assertThat(day1.status()).isEqualTo(SyncResult.Status.QUOTA_EXHAUSTED);
    String job = day1.checkpoint().get(Checkpoint.JOB_ID);
    // someone cancels the waiting job in Marketo overnight
    Map<String, String> s = sim.connectionSettings();
    okhttp3.OkHttpClient http = new okhttp3.OkHttpClient();
    String token;
    try (okhttp3.Response r =
        http.newCall(
                new okhttp3.Request.Builder()
                    .url(
                        s.get("baseUrl")
                            + "/identity/oauth/token?grant_type=client_credentials&client_id="
                            + s.get("clientId")
                            + "&client_secret="
                            + s.get("clientSecret"))
                    .build())
            .execute()) {
      token =
          (String)
              dev.revsync.spi.Json.parseObject(r.body().string(), "test", "token")
                  .get("access_token");
    }
    try (okhttp3.Response r =
        http.newCall(
                new okhttp3.Request.Builder()
                    .url(s.get("baseUrl") + "/bulk/v1/leads/export/" + job + "/cancel.json")
                    .header("Authorization", "Bearer " + token)
                    .post(okhttp3.RequestBody.create(new byte[0]))
                    .build())
            .execute()) {
      assertThat(r.body().string()).contains("\"status\":\"Cancelled\"");
    }
    clock.set(Instant.parse("2026-11-28T06:00:00Z"));
    Sink sink = new Sink();
    SyncResult day2 = c.sync(extract(day1.checkpoint()), sink);
    assertThat(day2.status()).as("%s", day2).isEqualTo(SyncResult.Status.COMPLETED);
    assertThat(sim.extractJobsCreated()).isEqualTo(3);
    assertThat(sink.latest).hasSize(1_000);
  }

  @Test
  void aCursorWeeksOldIsCaughtUpByExtractAndTheDeletesFeedStillStartsAtTheCursor() {
    MarketoSimulator sim = sim(MarketoSimulator.builder().leads(2_000).span(Duration.ofDays(20)));
    Connector c = connect(sim, QuotaPolicy.unlimited());
    SyncResult first = c.sync(leads(SyncMode.INCREMENTAL, Checkpoint.EMPTY), new Sink());
    assertThat(first.status()).isEqualTo(SyncResult.Status.COMPLETED);
    clock.advance(Duration.ofDays(10));
    sim.leads().update("5", Map.of("leadScore", 1L));
    sim.leads().delete("9");
    clock.advance(Duration.ofMinutes(1));
    Sink sink = new Sink();
    SyncResult second = c.sync(leads(SyncMode.INCREMENTAL, first.checkpoint()), sink);
    assertThat(second.status()).as("%s", second).isEqualTo(SyncResult.Status.COMPLETED);
    assertThat(second.checkpoint().get(MarketoSync.METHOD)).isEqualTo("extract");
    assertThat(sink.latest.keySet()).containsExactly("5");
    SyncResult third = c.sync(leads(SyncMode.INCREMENTAL, second.checkpoint()), sink);
    assertThat(third.status()).isEqualTo(SyncResult.Status.COMPLETED);
    assertThat(sink.latest.get("9")).satisfies(r -> assertThat(r.isDeleted()).isTrue());
    assertThat(third.checkpoint().get(MarketoSync.METHOD)).isEqualTo("paging");
  }

  @Test
  void aGapOfDeletedIdsWiderThanARangeIsCrossedWhenTheSettingAllowsIt() {
    MarketoSimulator sim = sim(MarketoSimulator.builder().leads(1_500));
    for (int id = 301; id <= 900; id++) sim.leads().delete(Integer.toString(id));
    Sink defaults = new Sink();
    connect(sim, QuotaPolicy.unlimited()).sync(leads(SyncMode.FULL, Checkpoint.EMPTY), defaults);
    assertThat(defaults.latest).as("the default stops at the first empty range").hasSize(300);
    Sink wide = new Sink();
    SyncResult r =
        connect(sim, QuotaPolicy.unlimited(), Map.of("scanEmptyRanges", "3"))
            .sync(leads(SyncMode.FULL, Checkpoint.EMPTY), wide);
    assertThat(wide.latest).hasSize(900);
    assertThat(r.callsSpent())
        .as("identity, describe, 5 ranges and 3 empty at the end")
        .isEqualTo(1 + 1 + 5 + 3);
  }
}
