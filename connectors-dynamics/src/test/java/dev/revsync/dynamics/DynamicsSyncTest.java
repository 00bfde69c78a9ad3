package dev.revsync.dynamics;

import static org.assertj.core.api.Assertions.assertThat;

import dev.revsync.Checkpoint;
import dev.revsync.Connector;
import dev.revsync.Record;
import dev.revsync.SyncMode;
import dev.revsync.SyncRequest;
import dev.revsync.SyncResult;
import dev.revsync.simulators.SimRecord;
import dev.revsync.simulators.dynamics.DynamicsSimulator;
import dev.revsync.spi.CursorPager;
import dev.revsync.testkit.RecordingSink;
import java.time.Duration;
import java.time.Instant;
import java.util.Comparator;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * Syncs against the Dynamics simulator: call counts, ties across a page, delta-token expiry,
 * deletes.
 */
class DynamicsSyncTest {
  private DynamicsWorld world;

  @AfterEach
  void close() {
    if (world != null) world.close();
  }

  private static SyncResult sync(Connector c, String table, Checkpoint from, RecordingSink sink) {
    return c.sync(
        SyncRequest.builder(table)
            .mode(SyncMode.INCREMENTAL)
            .checkpoint(Checkpoint.parse(from.serialize()))
            .includeDeletes(true)
            .build(),
        sink);
  }

  @Test
  void tenThousandRecordsCostTwoPagesPlusTheTokenAndTheTableDefinition() {
    world = new DynamicsWorld(b -> b.records("contact", 10_000));
    Connector c = world.open();
    RecordingSink sink = new RecordingSink();
    SyncResult r = sync(c, "contact", Checkpoint.EMPTY, sink);
    assertThat(r.status()).isEqualTo(SyncResult.Status.COMPLETED);
    assertThat(sink.latestById()).hasSize(10_000);
    long pages = (10_000 + 4_999) / 5_000;
    assertThat(world.sim.requestLog().count("/contacts")).isEqualTo(pages);
    assertThat(r.callsSpent())
        .isEqualTo(world.sim.requestLog().count())
        .isEqualTo(pages + 2)
        .isLessThanOrEqualTo(pages + 3);
    assertThat(world.sim.requestLog().entries())
        .filteredOn(e -> e.path().endsWith("/contacts"))
        .allSatisfy(e -> assertThat(e.headers().get("Prefer")).contains("odata.maxpagesize=5000"));
  }

  @Test
  void anExpiredDeltaTokenMeansAFullResyncStatedInTheCheckpoint() {
    world = new DynamicsWorld(b -> b.records("account", 120));
    Connector c = world.open();
    SyncResult first = sync(c, "account", Checkpoint.EMPTY, new RecordingSink());
    assertThat(first.checkpoint().get(DynamicsSync.DELTA_LINK)).contains("$deltatoken=");
    world.clock.advance(Duration.ofDays(8)); // past the default seven-day retention
    RecordingSink second = new RecordingSink();
    SyncResult r = sync(c, "account", first.checkpoint(), second);
    assertThat(r.status()).isEqualTo(SyncResult.Status.COMPLETED);
    assertThat(second.latestById()).hasSize(120);
    assertThat(r.checkpoint().get(DynamicsSync.FULL_RESYNC))
        .contains("full resync of account")
        .contains("Version stamp associated with the client has expired");
    assertThat(r.checkpoint().get(DynamicsSync.DELTA_LINK))
        .isNotEqualTo(first.checkpoint().get(DynamicsSync.DELTA_LINK));
    SyncResult third = sync(c, "account", r.checkpoint(), new RecordingSink());
    assertThat(third.records()).isZero();
    assertThat(third.checkpoint().get(DynamicsSync.FULL_RESYNC)).isNull();
  }

  @Test
  void deltasCarryChangesAndDeletesAndResumeMidDeltaFromTheNextLink() {
    world = new DynamicsWorld(b -> b.records("contact", 40));
    Connector c = world.open(Map.of("pageSize", "10"));
    SyncResult first = sync(c, "contact", Checkpoint.EMPTY, new RecordingSink());
    world.clock.advance(Duration.ofSeconds(2));
    List<SimRecord> rows = world.sim.table("contact").stream(false).collect(Collectors.toList());
    for (int i = 0; i < 12; i++)
      world.sim.table("contact").update(rows.get(i).id(), Map.of("jobtitle", "CTO " + i));
    world.sim.table("contact").delete(rows.get(30).id());
    RecordingSink sink = new RecordingSink();
    SyncResult delta = sync(c, "contact", first.checkpoint(), sink);
    assertThat(delta.records()).isEqualTo(13);
    assertThat(delta.deletes()).isEqualTo(1);
    assertThat(sink.latestById().get(rows.get(30).id()).isDeleted()).isTrue();
    assertThat(sink.checkpoints())
        .anySatisfy(cp -> assertThat(cp.get(DynamicsSync.NEXT_LINK)).contains("$skiptoken="));
  }

  @Test
  void aSyncCrossingAPageBoundaryInsideOneModifiedOnSecondLosesAndRepeatsNothing() {
    world = new DynamicsWorld(b -> b.records("new_project", 300).recordsPerTimestamp(120));
    Connector c = world.open(Map.of("pageSize", "50"));
    RecordingSink first = new RecordingSink();
    SyncResult r1 = sync(c, "new_project", Checkpoint.EMPTY, first);
    assertThat(r1.status()).isEqualTo(SyncResult.Status.COMPLETED);
    assertThat(first.count()).isEqualTo(300);
    assertThat(first.latestById()).hasSize(300);
    assertThat(world.sim.requestLog().count("/new_projects")).isEqualTo(6);
    assertThat(r1.checkpoint().get(DynamicsSync.DELTA_LINK)).isNull();
    // the cursor is the last row's (modifiedon, id): the 60 rows of the last second are behind it
    assertThat(Instant.parse(r1.checkpoint().get(Checkpoint.CURSOR)))
        .isEqualTo(
            world.sim.table("new_project").stream(false)
                .map(SimRecord::modifiedAt)
                .max(Comparator.naturalOrder())
                .orElseThrow());
    assertThat(r1.checkpoint().get(CursorPager.PAGE_TOKEN)).isNull();

    // 130 rows change within one second: more than two pages' worth share one modifiedon value
    world.clock.advance(Duration.ofSeconds(1));
    List<SimRecord> rows =
        world.sim.table("new_project").stream(false).collect(Collectors.toList());
    Set<String> changed = new HashSet<>();
    for (int i = 0; i < 130; i++) {
      String id = rows.get(i * 2).id();
      world.sim.table("new_project").update(id, Map.of("new_name", "Renamed " + i));
      changed.add(id);
    }
    RecordingSink second = new RecordingSink();
    // stop after the first page, as a crash would, then resume from the last checkpoint
    SyncResult stopped =
        c.sync(
            SyncRequest.builder("new_project")
                .mode(SyncMode.INCREMENTAL)
                .checkpoint(r1.checkpoint())
                .cancelWhen(() -> second.count() >= 50)
                .build(),
            second);
    assertThat(stopped.status()).isEqualTo(SyncResult.Status.CANCELLED);
    SyncResult resumed = sync(c, "new_project", stopped.checkpoint(), second);
    assertThat(resumed.status()).isEqualTo(SyncResult.Status.COMPLETED);
    List<String> ids = second.records().stream().map(Record::id).collect(Collectors.toList());
    assertThat(new HashSet<>(ids)).isEqualTo(changed);
    assertThat(ids).hasSize(130);
    Instant second1 = world.clock.instant().truncatedTo(java.time.temporal.ChronoUnit.SECONDS);
    assertThat(second.records()).allSatisfy(rec -> assertThat(rec.modifiedAt()).isEqualTo(second1));

    RecordingSink third = new RecordingSink();
    SyncResult r3 = sync(c, "new_project", resumed.checkpoint(), third);
    assertThat(third.records()).isEmpty();
    assertThat(r3.status()).isEqualTo(SyncResult.Status.COMPLETED);
  }

  @Test
  void aStormOfServiceProtection429sIsWaitedOutWithRetryAfter() {
    world =
        new DynamicsWorld(
            b ->
                b.records("new_project", 300)
                    .limits(
                        new DynamicsSimulator.Limits(
                            4,
                            1_200_000,
                            52,
                            Duration.ofSeconds(60),
                            20,
                            5,
                            Duration.ofSeconds(1),
                            4)));
    Connector c = world.open(Map.of("pageSize", "25"));
    Instant before = world.clock.instant();
    RecordingSink sink = new RecordingSink();
    SyncResult r = sync(c, "new_project", Checkpoint.EMPTY, sink);
    assertThat(r.status()).as("%s", r).isEqualTo(SyncResult.Status.COMPLETED);
    assertThat(sink.latestById()).hasSize(300);
    int refused = world.sim.serviceProtectionRefusals();
    // 14 calls (token, definition, 12 pages) at 4 per 60-second window: each window's fifth call is
    // refused
    assertThat(refused).isGreaterThanOrEqualTo(3);
    assertThat(world.sim.requestLog().count(e -> e.status() == 429)).isEqualTo(refused);
    assertThat(Duration.between(before, world.clock.instant()))
        .isGreaterThanOrEqualTo(Duration.ofSeconds(180));
  }

  @Test
  void throttlingLongerThanTheTransportsAttemptsIsWaitedOutNotAFailedSync() {
    world = new DynamicsWorld(b -> b.records("new_project", 120));
    Connector c = world.open(Map.of("pageSize", "50"));
    world
        .sim
        .faults()
        .retryAfter(Duration.ofSeconds(30))
        .next(dev.revsync.simulators.FaultPlan.Fault.TOO_MANY_REQUESTS, 15, "/new_projects");
    Instant before = world.clock.instant();
    RecordingSink sink = new RecordingSink();
    SyncResult r = sync(c, "new_project", Checkpoint.EMPTY, sink);
    assertThat(r.status()).as("%s", r).isEqualTo(SyncResult.Status.COMPLETED);
    assertThat(sink.latestById()).hasSize(120);
    assertThat(world.sim.requestLog().count(e -> e.status() == 429)).isEqualTo(15);
    assertThat(Duration.between(before, world.clock.instant()))
        .isGreaterThanOrEqualTo(Duration.ofSeconds(15 * 30));
  }
}
