package dev.revsync.pardot;

import static org.assertj.core.api.Assertions.assertThat;

import dev.revsync.Checkpoint;
import dev.revsync.ConnectionConfig;
import dev.revsync.Connector;
import dev.revsync.QuotaPolicy;
import dev.revsync.Record;
import dev.revsync.RecordSink;
import dev.revsync.SyncMode;
import dev.revsync.SyncRequest;
import dev.revsync.SyncResult;
import dev.revsync.simulators.SimRecord;
import dev.revsync.simulators.SimulatedClock;
import dev.revsync.simulators.pardot.PardotSimulator;
import dev.revsync.testkit.RecordingSink;
import java.time.Duration;
import java.time.Instant;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.stream.Collectors;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * The sync cases: the token-sequence cap, expired tokens, interrupted exports, error 122,
 * call counts.
 */
class PardotSyncTest {
  private final SimulatedClock clock = SimulatedClock.at("2026-11-28T00:30:00Z");
  private PardotSimulator sim;

  @AfterEach
  void stop() {
    if (sim != null) sim.close();
  }

  private PardotSimulator start(long prospects, Duration history, int perTimestamp) {
    sim =
        PardotSimulator.builder()
            .clock(clock)
            .records("prospects", prospects)
            .history(history, perTimestamp)
            .start();
    return sim;
  }

  private ConnectionConfig.Builder config(QuotaPolicy quota) {
    return new PardotFixture().config(sim).clock(clock).quotaPolicy(quota);
  }

  private static SyncRequest.Builder incremental(Checkpoint cp) {
    return SyncRequest.builder("Prospect")
        .mode(SyncMode.INCREMENTAL)
        .checkpoint(Checkpoint.parse(cp.serialize()))
        .includeDeletes(true);
  }

  private Set<String> liveIds() {
    return sim.table("prospects").stream(false).map(SimRecord::id).collect(Collectors.toSet());
  }

  /** Counts records and distinct ids without keeping 110,000 records. */
  private static final class CountingSink implements RecordSink {
    final Set<String> ids = new HashSet<>();
    long records;

    @Override
    public void accept(Record record) {
      records++;
      ids.add(record.id());
    }

    @Override
    public void checkpoint(Checkpoint checkpoint) {}
  }

  @Test
  void crossingTheHundredThousandRecordCapOfATokenSequenceLosesNothing() {
    // 110,000 prospects modified within ten minutes: 25 share each second, so the cap falls inside
    // a tie
    start(110_000, Duration.ofMinutes(10), 25);
    clock.set(Instant.parse("2026-11-28T01:45:00Z"));
    CountingSink sink = new CountingSink();
    try (Connector c =
        new PardotConnectorProvider().open(config(QuotaPolicy.unlimited()).build())) {
      SyncResult result = c.sync(incremental(Checkpoint.EMPTY).fields("email").build(), sink);
      assertThat(result.status()).as("%s", result).isEqualTo(SyncResult.Status.COMPLETED);
    }
    assertThat(sink.ids).as("every prospect once").isEqualTo(liveIds()).hasSize(110_000);
    assertThat(sink.records).as("records handed over").isEqualTo(110_000);
    // the sequence stopped at the cap once, and the sync re-queried (a tie query, then the rest)
    long firstPages =
        sim.requestLog()
            .count(
                e ->
                    e.path().endsWith("/objects/prospects")
                        && e.query() != null
                        && !e.query().contains("nextPageToken"));
    assertThat(firstPages)
        .as("queries started: the first, then one from the cursor after the cap")
        .isEqualTo(2);
    assertThat(sim.requestLog().count("/objects/prospects"))
        .as("pages for 110,000 records")
        .isLessThanOrEqualTo(110 + 1);
  }

  @Test
  void aCapFallingInsideALargeGroupOfEqualTimestampsFinishesTheGroupByIdWithoutRereadingIt() {
    start(6_000, Duration.ofSeconds(4), 1_500); // four seconds of 1,500 prospects each
    clock.set(Instant.parse("2026-11-28T01:45:00Z"));
    sim.setTokenSequenceCap(2_500);
    RecordingSink sink = new RecordingSink();
    try (Connector c =
        new PardotConnectorProvider().open(config(QuotaPolicy.unlimited()).build())) {
      SyncResult r = c.sync(incremental(Checkpoint.EMPTY).build(), sink);
      assertThat(r.status()).as("%s", r).isEqualTo(SyncResult.Status.COMPLETED);
    }
    assertThat(sink.latestById().keySet()).isEqualTo(liveIds());
    assertThat(sink.count()).as("each prospect once").isEqualTo(6_000);
    assertThat(
            sim.requestLog().count(e -> e.query() != null && e.query().contains("idGreaterThan")))
        .as("queries finishing a group by id after a cap")
        .isPositive();
  }

  @Test
  void anExpiredPageTokenResumesFromTheCheckpointsCursor() {
    start(3_500, Duration.ofDays(30), 3);
    sim.setPageTokenLifetime(Duration.ofMinutes(1));
    RecordingSink first = new RecordingSink();
    Instant deadline = clock.instant().plusSeconds(10);
    first.onRecord(
        r -> {
          if (first.count() == 2_000)
            clock.advance(Duration.ofSeconds(20)); // the window closes after page 2
        });
    Checkpoint cp;
    try (Connector c =
        new PardotConnectorProvider().open(config(QuotaPolicy.unlimited()).build())) {
      SyncResult r1 = c.sync(incremental(Checkpoint.EMPTY).deadline(deadline).build(), first);
      assertThat(r1.status()).as("%s", r1).isEqualTo(SyncResult.Status.WINDOW_CLOSED);
      cp = r1.checkpoint();
    }
    assertThat(cp.get(dev.revsync.spi.CursorPager.PAGE_TOKEN))
        .as("the checkpoint keeps the live page token")
        .isNotNull();
    clock.advance(
        Duration.ofMinutes(
            2)); // the simulator's tokens live one minute: the connector still tries it
    RecordingSink second = new RecordingSink();
    try (Connector c =
        new PardotConnectorProvider().open(config(QuotaPolicy.unlimited()).build())) {
      SyncResult r2 = c.sync(incremental(cp).build(), second);
      assertThat(r2.status()).as("%s", r2).isEqualTo(SyncResult.Status.COMPLETED);
    }
    assertThat(sim.requestLog().count(e -> e.status() == 400))
        .as("the expired token's refusal (210)")
        .isEqualTo(1);
    Set<String> all = new HashSet<>(first.latestById().keySet());
    all.addAll(second.latestById().keySet());
    assertThat(all).isEqualTo(liveIds());
    assertThat(first.count() + second.count()).as("nothing handed over twice").isEqualTo(3_500);
  }

  @Test
  void anExportInterruptedBetweenFilesResumesWithoutANewExport() {
    start(5_000, Duration.ofDays(300), 3);
    sim.setExportRowsPerFile(1_000);
    // day 1: token, custom fields, the first page, the export's create and poll, two files: then
    // the budget is spent
    QuotaPolicy budget = QuotaPolicy.daily(7);
    RecordingSink sink = new RecordingSink();
    SyncResult r1;
    try (Connector c = new PardotConnectorProvider().open(config(budget).build())) {
      r1 = c.sync(SyncRequest.builder("Prospect").mode(SyncMode.FULL).build(), sink);
    }
    assertThat(r1.status()).as("%s", r1).isEqualTo(SyncResult.Status.QUOTA_EXHAUSTED);
    assertThat(r1.checkpoint().get(Checkpoint.JOB_ID))
        .as("the export's id in the checkpoint")
        .isNotNull();
    assertThat(r1.checkpoint().get(Checkpoint.JOB_POSITION)).as("the next file").isEqualTo("3");
    assertThat(sim.exportsCreated()).isEqualTo(1);

    clock.set(QuotaPolicy.nextReset(clock.instant()));
    SyncResult r2;
    try (Connector c = new PardotConnectorProvider().open(config(QuotaPolicy.daily(50)).build())) {
      r2 =
          c.sync(
              SyncRequest.builder("Prospect")
                  .mode(SyncMode.FULL)
                  .checkpoint(Checkpoint.parse(r1.checkpoint().serialize()))
                  .build(),
              sink);
    }
    assertThat(r2.status()).as("%s", r2).isEqualTo(SyncResult.Status.COMPLETED);
    assertThat(sim.exportsCreated())
        .as("exports created: the resumed sync reused the first")
        .isEqualTo(1);
    assertThat(sim.exportFilesDownloaded()).as("each of the 5 files once").isEqualTo(5);
    assertThat(sink.latestById().keySet()).isEqualTo(liveIds());
    assertThat(sink.count())
        .as("records handed over: the first page, then the files without it")
        .isEqualTo(5_000);
  }

  @Test
  void error122MidSyncEndsQuotaExhaustedAndTheNextDayResumes() {
    for (int status : List.of(429, 400, 200)) {
      stop();
      start(4_000, Duration.ofDays(30), 3);
      sim.setUsageWithMax(false); // a bare usage count: the connector cannot see the limit coming
      sim.setLimitStatus(status);
      sim.setDailyLimit(3); // custom fields and two pages
      RecordingSink sink = new RecordingSink();
      SyncResult r1;
      try (Connector c =
          new PardotConnectorProvider().open(config(QuotaPolicy.unlimited()).build())) {
        r1 = c.sync(incremental(Checkpoint.EMPTY).build(), sink);
      }
      assertThat(r1.status())
          .as("HTTP %d code 122: %s", status, r1)
          .isEqualTo(SyncResult.Status.QUOTA_EXHAUSTED);
      // a token, the custom fields, two pages, and the one refusal: a spent quota is not retried
      assertThat(sim.requestLog().count()).as("calls, the refusal included").isEqualTo(5);
      assertThat(sim.requestLog().entries().get(4).status()).isEqualTo(status);
      assertThat(sink.count()).isEqualTo(2_000);

      clock.set(QuotaPolicy.nextReset(clock.instant()));
      sim.setDailyLimit(100_000);
      SyncResult r2;
      try (Connector c =
          new PardotConnectorProvider().open(config(QuotaPolicy.unlimited()).build())) {
        r2 = c.sync(incremental(r1.checkpoint()).build(), sink);
      }
      assertThat(r2.status()).as("%s", r2).isEqualTo(SyncResult.Status.COMPLETED);
      assertThat(sink.latestById().keySet()).isEqualTo(liveIds());
      assertThat(sink.count()).as("nothing twice").isEqualTo(4_000);
    }
  }

  @Test
  void aPageOfMoreThanAThousandRecordsIsNotHeldButRefusedAndAskedForAgain() {
    start(4_000, Duration.ofDays(30), 3);
    sim.faults().next(dev.revsync.simulators.FaultPlan.Fault.HUGE_PAGE, 1, "/objects/prospects");
    RecordingSink sink = new RecordingSink();
    try (Connector c =
        new PardotConnectorProvider().open(config(QuotaPolicy.unlimited()).build())) {
      SyncResult r = c.sync(incremental(Checkpoint.EMPTY).build(), sink);
      assertThat(r.status()).as("%s", r).isEqualTo(SyncResult.Status.COMPLETED);
      // a token, the custom fields, the huge page (refused at its 1,001st record, nothing handed
      // over), four pages
      assertThat(r.callsSpent()).isEqualTo(7).isEqualTo(sim.requestLog().count());
    }
    assertThat(sim.requestLog().count(e -> "HUGE_PAGE".equals(e.fault()))).isEqualTo(1);
    assertThat(sink.latestById().keySet()).isEqualTo(liveIds());
    assertThat(sink.count()).as("each prospect once").isEqualTo(4_000);
  }

  @Test
  void tenThousandProspectsCostOneCallPerThousandPlusAtMostThree() {
    start(10_000, Duration.ofDays(200), 3);
    try (Connector c =
        new PardotConnectorProvider().open(config(QuotaPolicy.unlimited()).build())) {
      SyncResult r = c.sync(incremental(Checkpoint.EMPTY).build(), new CountingSink());
      assertThat(r.records()).isEqualTo(10_000);
      assertThat(r.callsSpent())
          .as("calls for 10,000 prospects: a token, the custom fields, 10 pages")
          .isEqualTo(sim.requestLog().count())
          .isEqualTo(10 + 2)
          .isLessThanOrEqualTo(10 + 3);
    }
    long before = sim.requestLog().count();
    try (Connector c =
        new PardotConnectorProvider().open(config(QuotaPolicy.unlimited()).build())) {
      SyncResult r =
          c.sync(SyncRequest.builder("Prospect").mode(SyncMode.FULL).build(), new CountingSink());
      assertThat(r.records()).isEqualTo(10_000);
      // a token, the custom fields, the first page, the export's create, one poll, one file, the
      // REST catch-up
      assertThat(r.callsSpent())
          .as("calls for a full pull through an export")
          .isEqualTo(7)
          .isEqualTo(sim.requestLog().count() - before);
    }
  }

  @Test
  void prospectsScoredDeletedAndCreatedByTheBusinessUnitWhileSyncsRunAreAllCaughtUp() {
    start(5_000, Duration.ofDays(30), 3);
    sim.setChangesPerHour(3_600); // one change per simulated second
    RecordingSink sink = new RecordingSink();
    sink.onRecord(
        r -> {
          if (sink.count() % 500 == 0) clock.advance(Duration.ofSeconds(20));
        });
    Checkpoint cp = Checkpoint.EMPTY;
    for (int run = 0; run < 3; run++) {
      try (Connector c =
          new PardotConnectorProvider().open(config(QuotaPolicy.unlimited()).build())) {
        SyncResult r = c.sync(incremental(cp).build(), sink);
        assertThat(r.status()).as("%s", r).isEqualTo(SyncResult.Status.COMPLETED);
        cp = r.checkpoint();
      }
      if (run == 1) sim.setChangesPerHour(0); // the last sync reads a business unit at rest
      clock.advance(Duration.ofMinutes(1));
    }
    assertThat(sim.liveChangesApplied())
        .as("changes the business unit made while syncs ran")
        .isGreaterThan(100);
    Set<String> live =
        sink.latestById().values().stream()
            .filter(r -> !r.isDeleted())
            .map(Record::id)
            .collect(Collectors.toSet());
    assertThat(live).isEqualTo(liveIds());
    for (Record r : sink.latestById().values()) {
      SimRecord now = sim.table("prospects").get(r.id());
      if (!r.isDeleted()) {
        assertThat(r.get("score")).as("score of %s", r.id()).isEqualTo(now.get("score"));
        assertThat(r.modifiedAt()).isEqualTo(now.modifiedAt());
      }
    }
  }

  @Test
  void theReadLagKeepsChangesTheReadCacheHasNotSeenForTheNextSync() {
    start(2_000, Duration.ofDays(30), 3);
    sim.setReadCacheLag(Duration.ofSeconds(60));
    Checkpoint cp;
    try (Connector c =
        new PardotConnectorProvider()
            .open(config(QuotaPolicy.unlimited()).setting("readLag", "PT60S").build())) {
      cp = c.sync(incremental(Checkpoint.EMPTY).build(), new RecordingSink()).checkpoint();
    }
    List<SimRecord> changed = sim.table("prospects").stream(false).limit(5).toList();
    clock.advance(Duration.ofSeconds(30));
    for (SimRecord r : changed)
      sim.table("prospects").update(r.id(), java.util.Map.of("jobTitle", "Changed"));
    clock.advance(Duration.ofSeconds(10)); // the cache has not seen the changes yet
    RecordingSink second = new RecordingSink();
    try (Connector c =
        new PardotConnectorProvider()
            .open(config(QuotaPolicy.unlimited()).setting("readLag", "PT60S").build())) {
      SyncResult r = c.sync(incremental(cp).build(), second);
      assertThat(r.status()).isEqualTo(SyncResult.Status.COMPLETED);
      cp = r.checkpoint();
    }
    assertThat(second.count()).as("changes the cache has not seen").isZero();
    clock.advance(Duration.ofMinutes(2));
    RecordingSink third = new RecordingSink();
    try (Connector c =
        new PardotConnectorProvider()
            .open(config(QuotaPolicy.unlimited()).setting("readLag", "PT60S").build())) {
      assertThat(c.sync(incremental(cp).build(), third).status())
          .isEqualTo(SyncResult.Status.COMPLETED);
    }
    assertThat(third.latestById().keySet())
        .as("the changes, once the cache has them")
        .containsExactlyInAnyOrderElementsOf(changed.stream().map(SimRecord::id).toList());
  }

  @Test
  void requestedFieldsMayNameARelatedObjectsFieldAtNoExtraCall() {
    start(1_500, Duration.ofDays(30), 3);
    RecordingSink sink = new RecordingSink();
    try (Connector c =
        new PardotConnectorProvider().open(config(QuotaPolicy.unlimited()).build())) {
      SyncResult r =
          c.sync(incremental(Checkpoint.EMPTY).fields("email", "campaign.name").build(), sink);
      assertThat(r.status()).isEqualTo(SyncResult.Status.COMPLETED);
      assertThat(r.callsSpent()).as("a token, the custom fields, two pages").isEqualTo(4);
    }
    for (Record r : sink.records()) {
      assertThat(r.fields())
          .containsOnlyKeys("id", "updatedAt", "isDeleted", "email", "campaign.name");
      Object campaignId = sim.table("prospects").get(r.id()).get("campaignId");
      Object expected =
          campaignId == null ? null : sim.table("campaigns").get(campaignId.toString()).get("name");
      assertThat(r.get("campaign.name")).as("campaign of %s", r.id()).isEqualTo(expected);
    }
  }

  @Test
  void aMinuteLimitIsWaitedOutUntilTheNextMinute() {
    start(3_000, Duration.ofDays(30), 3);
    sim.setMinuteLimit(2);
    RecordingSink sink = new RecordingSink();
    try (Connector c =
        new PardotConnectorProvider().open(config(QuotaPolicy.unlimited()).build())) {
      SyncResult r = c.sync(incremental(Checkpoint.EMPTY).build(), sink);
      assertThat(r.status()).as("%s", r).isEqualTo(SyncResult.Status.COMPLETED);
    }
    assertThat(sim.requestLog().count(e -> e.status() == 429)).as("202 refusals met").isPositive();
    assertThat(sink.latestById().keySet()).isEqualTo(liveIds());
  }
}
