package dev.revsync.simulators;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.Set;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.atomic.AtomicLong;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;

class ObjectTableTest {
  private static final Instant T0 = Instant.parse("2026-01-01T00:00:00Z");
  private final SimulatedClock clock = SimulatedClock.at("2026-11-28T00:00:00Z");
  private final RecordStore store = new RecordStore(clock, 42);

  private ObjectTable contacts(long count, int sameTimestamp) {
    return store.define(
        "Contact", count, new TestFactory(), T0, Duration.ofMinutes(1), sameTimestamp);
  }

  @Test
  void generatedRecordsShareTimestampsInGroupsAndComeInModifiedThenIdOrder() {
    ObjectTable table = contacts(10, 3);
    List<SimRecord> all = table.stream(false).collect(Collectors.toList());
    assertThat(all)
        .extracting(SimRecord::id)
        .containsExactly(
            "C000000000",
            "C000000001",
            "C000000002",
            "C000000003",
            "C000000004",
            "C000000005",
            "C000000006",
            "C000000007",
            "C000000008",
            "C000000009");
    assertThat(all)
        .extracting(SimRecord::modifiedAt)
        .containsExactly(
            T0,
            T0,
            T0,
            T0.plusSeconds(60),
            T0.plusSeconds(60),
            T0.plusSeconds(60),
            T0.plusSeconds(120),
            T0.plusSeconds(120),
            T0.plusSeconds(120),
            T0.plusSeconds(180));
    assertThat(table.size(false)).isEqualTo(10);
  }

  @Test
  void sameSeedGivesSameValuesAndGetAgreesWithScan() {
    ObjectTable a = contacts(50, 1);
    ObjectTable b =
        new RecordStore(clock, 42)
            .define("Contact", 50, new TestFactory(), T0, Duration.ofMinutes(1), 1);
    ObjectTable c =
        new RecordStore(clock, 43)
            .define("Contact", 50, new TestFactory(), T0, Duration.ofMinutes(1), 1);
    List<SimRecord> ra = a.stream(true).collect(Collectors.toList());
    assertThat(b.stream(true).collect(Collectors.toList())).isEqualTo(ra);
    assertThat(c.stream(true).map(SimRecord::fields).collect(Collectors.toList()))
        .isNotEqualTo(ra.stream().map(SimRecord::fields).collect(Collectors.toList()));
    assertThat(a.get("C000000017")).isEqualTo(ra.get(17));
    assertThat(a.get("C000000050")).isNull();
    assertThat(a.get("nope")).isNull();
  }

  @Test
  void scanResumesInsideATimestampByIdAndAfterIdNullSkipsTheWholeTimestamp() {
    ObjectTable table = contacts(10, 4);
    assertThat(ids(table.scan(T0, "C000000001", false)))
        .containsExactly(
            "C000000002",
            "C000000003",
            "C000000004",
            "C000000005",
            "C000000006",
            "C000000007",
            "C000000008",
            "C000000009");
    assertThat(ids(table.scan(T0, null, false))).startsWith("C000000004").hasSize(6);
    assertThat(ids(table.scan(T0.plusSeconds(60), "C000000007", false)))
        .containsExactly("C000000008", "C000000009");
    assertThat(ids(table.scan(T0.plusSeconds(30), null, false)))
        .startsWith("C000000004")
        .hasSize(6);
    assertThat(ids(table.scan(T0.minusSeconds(1), null, false))).hasSize(10);
    assertThat(ids(table.scan(T0.plusSeconds(3600), null, false))).isEmpty();
  }

  @Test
  void updateMovesARecordToNowKeepingOtherFieldsAndNullClears() {
    ObjectTable table = contacts(5, 1);
    SimRecord before = table.get("C000000001");
    clock.advance(Duration.ofMillis(1500));
    SimRecord after = table.update("C000000001", nullable("Score", 99L, "Company", null));
    assertThat(after.modifiedAt()).isEqualTo(Instant.parse("2026-11-28T00:00:01Z"));
    assertThat(after.createdAt()).isEqualTo(before.createdAt());
    assertThat(after.get("Score")).isEqualTo(99L);
    assertThat(after.fields())
        .containsEntry("Company", null)
        .containsEntry("Email", before.get("Email"));
    assertThat(ids(table.scan(null, null, false)))
        .containsExactly("C000000000", "C000000002", "C000000003", "C000000004", "C000000001");
    assertThat(table.get("C000000001")).isEqualTo(after);
    assertThat(table.update("C999", Map.of("Score", 1L))).isNull();
  }

  @Test
  void aRecordUpdatedTwiceAppearsOnceAtItsLatestPosition() {
    ObjectTable table = contacts(3, 1);
    table.update("C000000000", Map.of("Score", 1L));
    clock.advance(Duration.ofSeconds(5));
    table.update("C000000000", Map.of("Score", 2L));
    List<SimRecord> all = table.stream(false).collect(Collectors.toList());
    assertThat(all)
        .extracting(SimRecord::id)
        .containsExactly("C000000001", "C000000002", "C000000000");
    assertThat(all.get(2).get("Score")).isEqualTo(2L);
  }

  @Test
  void aRecordChangedTwiceWithinOneSecondStaysInScans() {
    ObjectTable table = contacts(3, 1);
    clock.advance(Duration.ofSeconds(5));
    table.update("C000000001", Map.of("Score", 1L));
    table.update("C000000001", Map.of("Score", 2L));
    table.delete("C000000001");
    List<SimRecord> all = table.stream(true).collect(Collectors.toList());
    assertThat(all)
        .extracting(SimRecord::id)
        .containsExactly("C000000000", "C000000002", "C000000001");
    assertThat(all.get(2).deleted()).isTrue();
    assertThat(table.count(null, null, true)).isEqualTo(3);
  }

  @Test
  void deletedRecordsLeaveLiveScansButStayAsTombstones() {
    ObjectTable table = contacts(5, 1);
    clock.advance(Duration.ofSeconds(1));
    assertThat(table.delete("C000000002")).isTrue();
    assertThat(table.delete("C000000002")).isFalse();
    assertThat(table.delete("unknown")).isFalse();
    assertThat(table.update("C000000002", Map.of("Score", 5L))).isNull();
    assertThat(table.size(false)).isEqualTo(4);
    assertThat(table.size(true)).isEqualTo(5);
    assertThat(ids(table.scan(null, null, false))).doesNotContain("C000000002").hasSize(4);
    List<SimRecord> withDeleted = table.stream(true).collect(Collectors.toList());
    SimRecord tombstone = withDeleted.get(4);
    assertThat(tombstone.id()).isEqualTo("C000000002");
    assertThat(tombstone.deleted()).isTrue();
    assertThat(tombstone.modifiedAt()).isEqualTo(clock.instant());
    assertThat(table.get("C000000002").deleted()).isTrue();
  }

  @Test
  void insertedRecordsGetNewIdsAfterTheGeneratedOnesAndTieByIdInTheSameSecond() {
    ObjectTable table = contacts(3, 1);
    clock.advance(Duration.ofMillis(10));
    SimRecord a = table.insert(Map.of("LastName", "Ng"));
    clock.advance(Duration.ofMillis(10));
    SimRecord b = table.insert(Map.of("LastName", "Ode"));
    assertThat(a.id()).isEqualTo("C000000003");
    assertThat(b.id()).isEqualTo("C000000004");
    assertThat(a.modifiedAt())
        .isEqualTo(b.modifiedAt())
        .isEqualTo(Instant.parse("2026-11-28T00:00:00Z"));
    assertThat(table.size(false)).isEqualTo(5);
    assertThat(ids(table.scan(a.modifiedAt(), a.id(), false))).containsExactly("C000000004");
    assertThat(ids(table.scan(a.modifiedAt(), null, false))).isEmpty();
    assertThat(table.get(a.id()).get("LastName")).isEqualTo("Ng");
  }

  @Test
  void aRecordChangedAheadOfARunningScanIsFoundAtItsNewPositionAndOneBehindIsSeenAgain() {
    ObjectTable table = contacts(6, 1);
    Iterator<SimRecord> scan = table.scan(null, null, false);
    List<String> seen = new ArrayList<>();
    seen.add(scan.next().id());
    seen.add(scan.next().id());
    clock.advance(Duration.ofSeconds(1));
    table.update("C000000004", Map.of("Score", 1L)); // ahead of the cursor
    table.update("C000000000", Map.of("Score", 2L)); // behind it
    table.delete("C000000003");
    scan.forEachRemaining(r -> seen.add(r.id()));
    assertThat(seen)
        .containsExactly(
            "C000000000", "C000000001", "C000000002", "C000000005", "C000000000", "C000000004");
  }

  @Test
  void concurrentChangesDuringAScanNeverHideALiveRecord() throws Exception {
    ObjectTable table = contacts(20_000, 7);
    CountDownLatch started = new CountDownLatch(1);
    Thread writer =
        new Thread(
            () -> {
              try {
                started.await();
              } catch (InterruptedException e) {
                return;
              }
              for (int i = 0; i < 20_000; i += 3) {
                if (i % 1000 == 0) clock.advance(Duration.ofSeconds(1));
                table.update(String.format("C%09d", i), Map.of("Score", (long) i));
              }
            });
    writer.start();
    Set<String> seen = new HashSet<>();
    Iterator<SimRecord> scan = table.scan(null, null, false);
    started.countDown();
    while (scan.hasNext()) seen.add(scan.next().id());
    writer.join();
    assertThat(seen).hasSize(20_000);
  }

  @Test
  void scanOfAMillionRecordsVisitsEachOnceAndResumingNearTheEndOfFiveMillionVisitsOnlyTheTail() {
    // Work is counted in records the factory is asked for, not in milliseconds: the speed itself is
    // a
    // benchmark's business, and a timed unit test fails on a loaded machine for no reason of its
    // own.
    CountingFactory factory = new CountingFactory();
    ObjectTable million =
        store.define("Contact", 1_000_000, factory, T0, Duration.ofMinutes(1), 200);
    long count = 0;
    Iterator<SimRecord> it = million.scan(null, null, true);
    while (it.hasNext()) {
      it.next();
      count++;
    }
    assertThat(count).isEqualTo(1_000_000);
    assertThat(factory.ids.get()).as("ids generated for a 1M scan").isLessThanOrEqualTo(2_000_000);

    CountingFactory bigFactory = new CountingFactory();
    ObjectTable big = store.define("Lead", 5_000_000, bigFactory, T0, Duration.ofSeconds(1), 10);
    SimRecord near = big.get("C004999990");
    bigFactory.ids.set(0);
    List<String> tail = ids(big.scan(near.modifiedAt(), near.id(), false));
    assertThat(tail)
        .containsExactly(
            "C004999991",
            "C004999992",
            "C004999993",
            "C004999994",
            "C004999995",
            "C004999996",
            "C004999997",
            "C004999998",
            "C004999999");
    assertThat(bigFactory.ids.get())
        .as("ids generated to resume near the end of 5M")
        .isLessThan(1_000);
  }

  /** {@link TestFactory} that counts the ids it is asked for: the work a scan does. */
  private static final class CountingFactory implements RecordFactory {
    final AtomicLong ids = new AtomicLong();
    final TestFactory delegate = new TestFactory();

    @Override
    public String id(long index) {
      ids.incrementAndGet();
      return delegate.id(index);
    }

    @Override
    public Map<String, Object> fields(long index, String id, Random random) {
      return delegate.fields(index, id, random);
    }
  }

  @Test
  void lastIsWhatAFullScanEndsWith() {
    ObjectTable table = contacts(10, 3);
    assertThat(table.last(false).id()).isEqualTo("C000000009");
    clock.advance(Duration.ofSeconds(1));
    table.update("C000000002", Map.of("Score", 3L));
    assertThat(table.last(false).id()).isEqualTo("C000000002");
    table.delete("C000000005");
    assertThat(table.last(true).id()).isEqualTo("C000000005");
    assertThat(table.last(false).id()).isEqualTo("C000000002");
    assertThat(contacts(0, 1).last(true)).isNull();
    table.delete("C000000002");
    assertThat(table.last(false).id()).isEqualTo("C000000009");
  }

  @Test
  void storeListsObjectsInDefinitionOrderAndUsesItsClock() {
    contacts(1, 1);
    store.define("Account", 1, new TestFactory(), T0, Duration.ZERO, 1);
    assertThat(store.objects()).containsExactly("Contact", "Account");
    assertThat(store.table("Account").name()).isEqualTo("Account");
    assertThat(store.table("Nope")).isNull();
    assertThat(store.clock()).isSameAs(clock);
  }

  @Test
  void aZeroStepPutsEveryRecordOnOneTimestampAndIdsStillPage() {
    ObjectTable table = store.define("Task", 100, new TestFactory(), T0, Duration.ZERO, 1);
    List<String> paged = new ArrayList<>();
    Instant at = null;
    String after = null;
    while (true) {
      Iterator<SimRecord> page = table.scan(at, after, false);
      int n = 0;
      while (page.hasNext() && n < 7) {
        SimRecord r = page.next();
        paged.add(r.id());
        at = r.modifiedAt();
        after = r.id();
        n++;
      }
      if (n < 7) break;
    }
    assertThat(paged).hasSize(100).doesNotHaveDuplicates();
  }

  @Test
  void countAgreesWithAScanFromEveryPositionAndWindowWithoutGeneratingARecord() {
    AtomicLong generated = new AtomicLong();
    TestFactory fields = new TestFactory();
    RecordFactory counting =
        new RecordFactory() {
          @Override
          public String id(long index) {
            return fields.id(index);
          }

          @Override
          public Map<String, Object> fields(long index, String id, Random random) {
            generated.incrementAndGet();
            return fields.fields(index, id, random);
          }
        };
    ObjectTable table = store.define("Contact", 40, counting, T0, Duration.ofMinutes(1), 4);
    table.update(
        "C000000005", Map.of("Score", 1L)); // moved to now, ahead of every generated record
    table.delete("C000000021");
    table.insert(Map.of("LastName", "Ng")); // ties with the update above, broken by id
    clock.advance(Duration.ofSeconds(1));
    table.delete("C000000005");
    table.update("C000000033", Map.of("Score", 2L));

    List<SimRecord> all = table.stream(true).collect(Collectors.toList());
    List<Instant> times = new ArrayList<>();
    times.add(null);
    for (SimRecord r : all) {
      times.add(r.modifiedAt());
      times.add(r.modifiedAt().minusMillis(1));
    }
    Map<String, Long> expected = new HashMap<>();
    for (boolean deleted : new boolean[] {false, true}) {
      for (Instant before : times) {
        expected.put(
            key(null, null, before, deleted), countScan(table, null, null, before, deleted));
        for (SimRecord from : all) {
          for (String afterId : new String[] {from.id(), null}) {
            expected.put(
                key(from.modifiedAt(), afterId, before, deleted),
                countScan(table, from.modifiedAt(), afterId, before, deleted));
          }
        }
      }
    }
    assertThat(expected.get(key(null, null, null, true))).isEqualTo(41);
    assertThat(expected.get(key(null, null, null, false))).isEqualTo(39);

    generated.set(0);
    for (boolean deleted : new boolean[] {false, true}) {
      for (Instant before : times) {
        assertThat(table.count(null, null, before, deleted))
            .isEqualTo(expected.get(key(null, null, before, deleted)));
        for (SimRecord from : all) {
          for (String afterId : new String[] {from.id(), null}) {
            assertThat(table.count(from.modifiedAt(), afterId, before, deleted))
                .as(
                    "after (%s, %s) before %s, deleted %s",
                    from.modifiedAt(), afterId, before, deleted)
                .isEqualTo(expected.get(key(from.modifiedAt(), afterId, before, deleted)));
          }
        }
      }
    }
    assertThat(table.count(T0, "C000000001", false))
        .isEqualTo(expected.get(key(T0, "C000000001", null, false)));
    assertThat(generated.get()).isZero();
  }

  private static String key(Instant after, String afterId, Instant before, boolean deleted) {
    return after + "/" + afterId + "/" + before + "/" + deleted;
  }

  private static long countScan(
      ObjectTable table, Instant after, String afterId, Instant before, boolean deleted) {
    long n = 0;
    for (Iterator<SimRecord> it = table.scan(after, afterId, deleted); it.hasNext(); ) {
      Instant modified = it.next().modifiedAt();
      if (before == null || modified.isBefore(before)) n++;
    }
    return n;
  }

  private static List<String> ids(Iterator<SimRecord> it) {
    List<String> ids = new ArrayList<>();
    it.forEachRemaining(r -> ids.add(r.id()));
    return ids;
  }

  private static Map<String, Object> nullable(Object... kv) {
    Map<String, Object> m = new HashMap<>();
    for (int i = 0; i < kv.length; i += 2) m.put((String) kv[i], kv[i + 1]);
    return m;
  }
}
