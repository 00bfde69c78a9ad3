package dev.revsync.hubspot;

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
import dev.revsync.simulators.ObjectTable;
import dev.revsync.simulators.SimRecord;
import dev.revsync.simulators.SimulatedClock;
import dev.revsync.simulators.hubspot.HubSpotSimulator;
import java.math.BigDecimal;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * hubspot-crm pulls and writes at the sizes, counted against the simulator's request log.
 */
class HubSpotSyncTest {
  private final SimulatedClock clock = SimulatedClock.at("2026-11-28T00:30:00Z");
  private final List<AutoCloseable> open = new ArrayList<>();

  @AfterEach
  void close() throws Exception {
    for (AutoCloseable c : open) c.close();
  }

  private HubSpotSimulator sim(long contacts) {
    HubSpotSimulator sim =
        HubSpotSimulator.builder().clock(clock).records("contacts", contacts).start();
    open.add(sim);
    clock.advance(Duration.ofHours(1)); // changes come after every generated record
    return sim;
  }

  private Connector connector(HubSpotSimulator sim) {
    ConnectionConfig config =
        ConnectionConfig.builder("test/hubspot-crm")
            .baseUrl(sim.baseUrl())
            .secret("privateAppToken", sim.privateAppToken())
            .setting("portalId", Long.toString(sim.portalId()))
            .setting("burstLimit", "190")
            .clock(clock)
            .quotaPolicy(QuotaPolicy.unlimited())
            .build();
    Connector c = new HubSpotCrmConnectorProvider().open(config);
    open.add(c);
    return c;
  }

  /** Records handed over, by id, with how often each came. */
  private static final class Counting implements RecordSink {
    final Map<String, Integer> times = new HashMap<>();
    int records;
    Checkpoint last;

    @Override
    public void accept(Record record) {
      records++;
      times.merge(record.id(), 1, Integer::sum);
    }

    @Override
    public void checkpoint(Checkpoint checkpoint) {
      last = checkpoint;
    }
  }

  private static Checkpoint cursorAt(Instant at) {
    return Checkpoint.EMPTY
        .with(Checkpoint.CURSOR, at.toString())
        .with(HubSpotSync.DELETES_SINCE, at.toString());
  }

  /** Modifies {@code n} records, {@code perSecond} of them in each second; returns their ids. */
  private Set<String> modify(HubSpotSimulator sim, int n, int perSecond) {
    ObjectTable table = sim.table("contacts");
    List<SimRecord> all = table.stream(false).limit(n).toList();
    Set<String> ids = new LinkedHashSet<>();
    for (int i = 0; i < n; i++) {
      if (i % perSecond == 0) clock.advance(Duration.ofSeconds(1));
      ids.add(table.update(all.get(i).id(), Map.of("jobtitle", "Changed " + i)).id());
    }
    return ids;
  }

  private void assertExactlyOnce(Counting sink, Set<String> changed, SyncResult result) {
    assertThat(result.status()).as("%s", result).isEqualTo(SyncResult.Status.COMPLETED);
    assertThat(sink.times.keySet()).as("records handed over").isEqualTo(changed);
    assertThat(sink.times.values()).as("times each record was handed over").containsOnly(1);
  }

  @Test
  void twelveThousandChangesInOneSearchWindowAreDeliveredExactlyOnceAcrossTheTenThousandCap() {
    HubSpotSimulator sim = sim(15_000);
    Instant cursor = clock.instant();
    Set<String> changed = modify(sim, 12_000, 100);
    Connector c = connector(sim);
    int before = sim.requestLog().count();
    Counting sink = new Counting();
    SyncResult result =
        c.sync(
            SyncRequest.builder("contacts")
                .mode(SyncMode.INCREMENTAL)
                .checkpoint(cursorAt(cursor))
                .includeDeletes(true)
                .build(),
            sink);
    assertExactlyOnce(sink, changed, result);
    int searches = sim.requestLog().count(e -> e.path().endsWith("/search"));
    assertThat(searches)
        .as("search pages for 12,000 changes: 60 and the window moved once")
        .isLessThanOrEqualTo(60 + 2);
    assertThat(sim.requestLog().count() - before)
        .as("every call: properties, searches, one archived page")
        .isLessThanOrEqualTo(60 + 4);
    assertThat(sim.searchRefusals()).as("search's per-second limit was kept").isZero();
  }

  @Test
  void twelveThousandChangesWithinOneSecondArePagedByIdPastTheCap() {
    HubSpotSimulator sim = sim(15_000);
    Instant cursor = clock.instant();
    Set<String> changed = modify(sim, 12_000, 12_000);
    Connector c = connector(sim);
    Counting sink = new Counting();
    SyncResult result =
        c.sync(
            SyncRequest.builder("contacts")
                .mode(SyncMode.INCREMENTAL)
                .checkpoint(cursorAt(cursor))
                .build(),
            sink);
    assertExactlyOnce(sink, changed, result);
    assertThat(sim.requestLog().count(e -> e.path().endsWith("/search")))
        .as("50 pages to the cap, then 10 by id")
        .isLessThanOrEqualTo(60 + 2);
    // the next pull from the final checkpoint finds nothing new
    Counting again = new Counting();
    SyncResult second =
        c.sync(
            SyncRequest.builder("contacts")
                .mode(SyncMode.INCREMENTAL)
                .checkpoint(Checkpoint.parse(result.checkpoint().serialize()))
                .build(),
            again);
    assertThat(second.status()).isEqualTo(SyncResult.Status.COMPLETED);
    assertThat(again.records).isZero();
  }

  @Test
  void callsForTenThousandContactsAreTheApiMinimumPlusAtMostThree() {
    int n = 10_000;
    HubSpotSimulator sim = sim(n);
    Connector c = connector(sim);

    int before = sim.requestLog().count();
    Counting full = new Counting();
    SyncResult r1 = c.sync(SyncRequest.builder("contacts").mode(SyncMode.FULL).build(), full);
    assertThat(r1.status()).isEqualTo(SyncResult.Status.COMPLETED);
    assertThat(full.records).isEqualTo(n);
    long fullCalls = (long) sim.requestLog().count() - before;
    assertThat(fullCalls)
        .as("full pull: ⌈N/100⌉ list pages + ≤ 3")
        .isBetween((long) n / 100, (long) n / 100 + 3);
    assertThat(r1.callsSpent()).isEqualTo(fullCalls);

    before = sim.requestLog().count();
    Counting incremental = new Counting();
    SyncResult r2 =
        c.sync(
            SyncRequest.builder("contacts")
                .mode(SyncMode.INCREMENTAL)
                .checkpoint(cursorAt(Instant.parse("2026-01-01T00:00:00Z")))
                .includeDeletes(true)
                .build(),
            incremental);
    assertThat(r2.status()).isEqualTo(SyncResult.Status.COMPLETED);
    assertThat(incremental.records).isEqualTo(n);
    long searchCalls = (long) sim.requestLog().count() - before;
    assertThat(searchCalls)
        .as("incremental pull: ⌈N/200⌉ search pages + ≤ 3")
        .isBetween((long) n / 200, (long) n / 200 + 3);

    List<WriteItem> items = new ArrayList<>();
    sim.table("contacts").stream(false)
        .forEach(
            r ->
                items.add(
                    WriteItem.of(
                        r.id(), Map.of("annualrevenue", BigDecimal.valueOf(items.size())))));
    before = sim.requestLog().count();
    WriteResult written =
        c.write(WriteRequest.builder("contacts", Activity.SCORE_EXPORT).items(items).build());
    long writeCalls = (long) sim.requestLog().count() - before;
    assertThat(written.succeeded()).isEqualTo(n);
    assertThat(writeCalls)
        .as("writes: ⌈N/100⌉ batch calls + ≤ 3")
        .isBetween((long) n / 100, (long) n / 100 + 3);
    assertThat(written.callsSpent()).isEqualTo(writeCalls);
  }

  @Test
  void
      pullsWhileThePortalChangesAndArchivesRecordsMissNothingThatChangedBeforeTheLastPullStarted() {
    HubSpotSimulator sim =
        HubSpotSimulator.builder().clock(clock).records("contacts", 2_000).churn(5, 1).start();
    open.add(sim);
    clock.advance(Duration.ofHours(1));
    Connector c = connector(sim);
    Map<String, Record> latest = new HashMap<>();
    RecordSink sink =
        new RecordSink() {
          @Override
          public void accept(Record record) {
            latest.put(record.id(), record);
          }
        };
    SyncResult first =
        c.sync(
            SyncRequest.builder("contacts").mode(SyncMode.INCREMENTAL).includeDeletes(true).build(),
            sink);
    assertThat(first.status()).isEqualTo(SyncResult.Status.COMPLETED);
    clock.advance(Duration.ofSeconds(1));
    Instant secondStarted = clock.instant();
    SyncResult second =
        c.sync(
            SyncRequest.builder("contacts")
                .mode(SyncMode.INCREMENTAL)
                .includeDeletes(true)
                .checkpoint(Checkpoint.parse(first.checkpoint().serialize()))
                .build(),
            sink);
    assertThat(second.status()).isEqualTo(SyncResult.Status.COMPLETED);
    assertThat(second.deletes()).as("archived while the first pull ran").isPositive();
    List<String> wrong = new ArrayList<>();
    sim.table("contacts").stream(true)
        .filter(r -> r.modifiedAt().isBefore(secondStarted))
        .forEach(
            r -> {
              Record got = latest.get(r.id());
              if (got == null) {
                if (!r.deleted()) wrong.add(r.id() + " never handed over");
              } else if (r.deleted() != got.isDeleted()) {
                wrong.add(
                    r.id()
                        + (r.deleted()
                            ? " archived but handed over live"
                            : " live but handed over archived"));
              } else if (!r.deleted()
                  && !java.util.Objects.equals(r.get("jobtitle"), got.get("jobtitle"))) {
                wrong.add(
                    r.id() + " stale: " + got.get("jobtitle") + " instead of " + r.get("jobtitle"));
              }
            });
    assertThat(wrong).as("records changed before the second pull started").isEmpty();
  }

  @Test
  void anOverlapReReadsTheSecondsBeforeTheCursorForSearchsIndexLag() {
    HubSpotSimulator sim = sim(500);
    Instant cursor = clock.instant();
    Set<String> before = modify(sim, 3, 3); // one second after the cursor
    clock.advance(Duration.ofSeconds(10));
    Instant later = clock.instant();
    Set<String> after = modify(sim, 2, 2);
    ConnectionConfig config =
        ConnectionConfig.builder("test/hubspot-crm-overlap")
            .baseUrl(sim.baseUrl())
            .secret("privateAppToken", sim.privateAppToken())
            .setting("searchOverlapSeconds", "30")
            .clock(clock)
            .quotaPolicy(QuotaPolicy.unlimited())
            .build();
    Connector c = new HubSpotCrmConnectorProvider().open(config);
    open.add(c);
    Counting sink = new Counting();
    SyncResult r =
        c.sync(
            SyncRequest.builder("contacts")
                .mode(SyncMode.INCREMENTAL)
                .checkpoint(cursorAt(later))
                .build(),
            sink);
    assertThat(r.status()).isEqualTo(SyncResult.Status.COMPLETED);
    Set<String> expected = new LinkedHashSet<>(after);
    expected.addAll(before);
    assertThat(sink.times.keySet())
        .as("changes after the cursor and those within 30 s before it")
        .isEqualTo(expected);
    assertThat(cursor).isBefore(later);
  }
}
