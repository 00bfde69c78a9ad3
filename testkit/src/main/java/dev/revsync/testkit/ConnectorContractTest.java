package dev.revsync.testkit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowable;
import static org.assertj.core.api.Assertions.fail;
import static org.junit.jupiter.api.Assertions.assertTimeoutPreemptively;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import dev.revsync.Activity;
import dev.revsync.AuthenticationException;
import dev.revsync.Catalog;
import dev.revsync.Checkpoint;
import dev.revsync.ConnectionConfig;
import dev.revsync.Connector;
import dev.revsync.ObjectSchema;
import dev.revsync.QuotaPolicy;
import dev.revsync.Record;
import dev.revsync.RevsyncException;
import dev.revsync.SyncMode;
import dev.revsync.SyncRequest;
import dev.revsync.SyncResult;
import dev.revsync.Usage;
import dev.revsync.VerifyResult;
import dev.revsync.WriteItem;
import dev.revsync.WriteOutcome;
import dev.revsync.WriteRequest;
import dev.revsync.WriteResult;
import dev.revsync.simulators.FaultPlan;
import dev.revsync.simulators.FaultPlan.Fault;
import dev.revsync.simulators.ObjectTable;
import dev.revsync.simulators.RequestLog;
import dev.revsync.simulators.SimRecord;
import dev.revsync.simulators.SimulatedClock;
import dev.revsync.simulators.Simulator;
import java.math.BigDecimal;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestFactory;
import org.junit.jupiter.api.Timeout;

/**
 * The contract every revsync connector keeps, as a JUnit 5 suite: a connector's test extends it and
 * supplies a {@link ContractFixture} (its provider, its simulator, how to connect, the object to
 * sync, how simulator records map to revsync records, and its {@link Capabilities}).
 *
 * <pre>{@code
 * class AcmeContractTest extends ConnectorContractTest {
 *   @Override
 *   protected ContractFixture fixture() {
 *     return new AcmeFixture();
 *   }
 * }
 * }</pre>
 *
 * <p>Each test starts a fresh simulator on a {@link SimulatedClock} (shared with the connection, so
 * retries, {@code Retry-After} waits and whole days pass instantly) and checks, against the
 * simulator's own data and request log:
 *
 * <ul>
 *   <li>verify with good credentials, and a typed authentication error without secrets for bad
 *       ones;
 *   <li>discover describes the object with every field its records carry, and its calls count under
 *       {@link Activity#SYNC} (the rule {@link Connector} states for each kind of call);
 *   <li>a full sync returns exactly the simulator's records and values, each once;
 *   <li>an incremental sync from a checkpoint returns exactly what changed after it: records
 *       changed while the previous sync ran, and more records sharing one timestamp than a page
 *       holds; a second one from its checkpoint returns nothing;
 *   <li>deletes surface as tombstones;
 *   <li>after each injected fault (429, 5xx, a dropped connection, a truncated body, a slow
 *       response) and each hostile server (a body that never ends, one drip-fed a byte at a time, a
 *       page far larger than asked for, a malformed answer) the sync, resumed if it stopped, has no
 *       gap; a connection's calls are bounded in total time and its bodies in size, so none hangs
 *       or fills the heap;
 *   <li>a response malformed on every attempt fails the sync with a typed error naming the system,
 *       and the next sync resumes without a gap;
 *   <li>running out of budget stops with QUOTA_EXHAUSTED and a checkpoint, each next UTC day
 *       resumes, the job finishes, and no day sees one call over budget; the same when the system's
 *       own daily quota runs out, without hammering it;
 *   <li>a storm of 429s completes, honouring {@code Retry-After}; expired tokens are refreshed;
 *   <li>a write round trip shows the values in the simulator and reports per-record failures; a
 *       write answered with garbage is never reported as not sent (it may have been applied);
 *   <li>calls spent are at least the API's minimum, at most that plus a small constant, and every
 *       one the simulator served is counted by the connector.
 * </ul>
 *
 * <p>Checks a connector cannot support are skipped by its {@link Capabilities}, not by a list of
 * test names.
 */
@Timeout(value = 5, unit = TimeUnit.MINUTES)
public abstract class ConnectorContractTest {
  /** Where every test's clock starts: inside the daily pull window. */
  protected static final Instant START = Instant.parse("2026-11-28T00:30:00Z");

  private static final int MAX_BUDGET_DAYS = 30;

  /** Hostile-server tests: each call's total time, so a drip-fed body ends in seconds. */
  private static final Duration HOSTILE_CALL_TIMEOUT = Duration.ofSeconds(2);

  /**
   * Hostile-server tests: a read timeout a drip-fed body never meets (it sends a byte every 50 ms).
   */
  private static final Duration HOSTILE_READ_TIMEOUT = Duration.ofSeconds(10);

  /** Hostile-server tests: bodies are capped here, so an endless one ends quickly. */
  private static final long HOSTILE_MAX_RESPONSE_BYTES = 16L << 20;

  private final List<AutoCloseable> opened = new ArrayList<>();
  private ContractFixture fixture;

  /** The connector under test, its simulator and their settings. Called once per test. */
  protected abstract ContractFixture fixture();

  private ContractFixture f() {
    if (fixture == null) fixture = Objects.requireNonNull(fixture(), "fixture()");
    return fixture;
  }

  @AfterEach
  final void closeConnectorsAndSimulators() {
    Collections.reverse(opened);
    for (AutoCloseable c : opened) {
      try {
        c.close();
      } catch (Exception e) {
        throw new AssertionError("close() must not throw, but " + c + " threw " + e, e);
      }
    }
    opened.clear();
  }

  @Test
  void verifySucceedsWithGoodCredentialsAndCountsEveryCall() {
    World w = world();
    Connector connector = open(w, QuotaPolicy.unlimited());
    VerifyResult result = connector.verify();
    assertThat(result.system())
        .as("VerifyResult.system() of verify(): the descriptor's id")
        .isEqualTo(systemId());
    assertThat(w.log().count()).as("calls the simulator served").isPositive();
    assertThat(result.callsSpent())
        .as("VerifyResult.callsSpent against the simulator's request log")
        .isEqualTo(w.log().count());
    assertThat(connector.usage().spent())
        .as("usage().spent() against the simulator's request log")
        .isEqualTo(w.log().count());
    if (f().capabilities().systemUsage()) {
      assertThat(result.systemRemaining()).as("the system's own remaining allowance").isPresent();
    }
  }

  @Test
  void verifyWithWrongCredentialsFailsWithAnAuthenticationErrorThatHidesTheSecrets() {
    World w = world();
    ConnectionConfig bad =
        f().badCredentials(w.simulator).clock(w.clock).quotaPolicy(QuotaPolicy.unlimited()).build();
    ConnectionConfig good = config(w, QuotaPolicy.unlimited());
    Connector connector = open(bad);
    Throwable thrown = catchThrowable(connector::verify);
    assertThat(thrown)
        .as("verify() with credentials the system refuses")
        .isInstanceOf(AuthenticationException.class);
    assertThat(((RevsyncException) thrown).system()).isEqualTo(systemId());
    List<String> secrets = new ArrayList<>();
    for (ConnectionConfig c : List.of(bad, good)) {
      for (String key : c.secretKeys())
        c.secret(key).filter(s -> s.length() >= 6).ifPresent(secrets::add);
    }
    String shown = describeThrowable(thrown) + bad + good;
    for (String secret : secrets) {
      assertThat(shown)
          .as("error messages and config toString() must not show a secret")
          .doesNotContain(secret);
    }
  }

  @Test
  void discoverDescribesTheObjectWithEveryFieldItsRecordsCarryAndItsCursor() {
    World w = world();
    Catalog catalog = open(w, QuotaPolicy.unlimited()).discover();
    assertThat(catalog.system())
        .as("Catalog.system() of discover(): the descriptor's id")
        .isEqualTo(systemId());
    ObjectSchema schema =
        catalog
            .object(f().object())
            .orElseThrow(
                () ->
                    new AssertionError(
                        "discover() does not list " + f().object() + ": " + catalog.objects()));
    assertThat(schema.fields()).as("fields of %s", f().object()).isNotEmpty();
    assertThat(schema.cursorField()).as("cursor field of %s", f().object()).isNotBlank();
    Record sample =
        f().expected(
                w.table.stream(false)
                    .findFirst()
                    .orElseThrow(
                        () ->
                            new AssertionError(
                                "the simulator's "
                                    + f().object()
                                    + " table is empty: the fixture's startSimulator(clock, records) must"
                                    + " generate the records it is asked for")));
    for (String field : sample.fields().keySet()) {
      assertThat(schema.field(field))
          .as("discover() describes field %s that synced records carry", field)
          .isPresent();
    }
  }

  @Test
  void discoverSpendsItsCallsUnderSync() {
    World w = world();
    Connector connector = open(w, QuotaPolicy.unlimited());
    connector.verify(); // logged in, so what follows is discovery's own calls, not a token fetch
    long served = w.log().count();
    Usage before = connector.usage();
    connector.discover();
    Usage after = connector.usage();
    long calls = w.log().count() - served;
    assertThat(after.spent(Activity.SYNC) - before.spent(Activity.SYNC))
        .as("discover()'s calls counted under SYNC in usage(), against the simulator's request log")
        .isEqualTo(calls);
    for (Activity other : Activity.values()) {
      if (other == Activity.SYNC) continue;
      assertThat(after.spent(other) - before.spent(other))
          .as("discover()'s calls counted under %s", other)
          .isZero();
    }
  }

  @Test
  void fullSyncReturnsExactlyTheSimulatorsRecordsAndValuesEachOnce() {
    World w = world();
    long n = w.table.size(false);
    RecordingSink sink = sink();
    SyncResult result =
        open(w, QuotaPolicy.unlimited()).sync(request(SyncMode.FULL, Checkpoint.EMPTY), sink);
    assertCompleted(result);
    assertSameAsSimulator("after a full sync", sink.latestById(), w);
    assertThat((long) sink.count())
        .as("records handed over by a full sync of %d records without faults", n)
        .isEqualTo(n);
    assertThat(result.records()).as("SyncResult.records()").isEqualTo(n);
    assertThat(result.checkpoint().isEmpty()).as("a completed sync's checkpoint").isFalse();
    assertThat(sink.checkpoints()).as("checkpoints handed to the sink").isNotEmpty();
    assertThat(sink.checkpoints().get(sink.checkpoints().size() - 1))
        .as("the sink's last checkpoint")
        .isEqualTo(result.checkpoint());
  }

  @Test
  void
      incrementalSyncReturnsExactlyWhatChangedAfterItsCheckpointIncludingChangesDuringThePreviousSyncAndTiesAcrossAPage() {
    World w = world();
    Capabilities caps = f().capabilities();
    List<SimRecord> live = live(w);
    int n = live.size();
    int page = f().pageSize();
    Mutator m = new Mutator(w);
    Connector connector = open(w, QuotaPolicy.unlimited());

    // sync 1: changes after its first page (ahead of and behind its cursor) and once the record
    // that
    // was last when it started is in (not the table's last at that moment: a snapshot API such as a
    // bulk export never shows a sync what was inserted after its snapshot)
    String lastAtStart = w.table.last(caps.deletes()).id();
    RecordingSink first = sink();
    boolean[] early = {false};
    boolean[] late = {false};
    first.onRecord(
        r -> {
          if (!early[0] && first.count() >= page) {
            early[0] = true;
            w.clock.advance(Duration.ofSeconds(1));
            m.modify(live.get(0));
            m.modify(live.get(n - 5));
            if (caps.deletes()) {
              m.delete(live.get(1));
              m.delete(live.get(n - 10));
            }
            m.insert();
          } else if (early[0] && !late[0] && r.id().equals(lastAtStart)) {
            late[0] = true;
            w.clock.advance(Duration.ofSeconds(1));
            m.modify(live.get(2));
            m.modify(live.get(n / 2));
            if (caps.deletes()) m.delete(live.get(n / 2 + 1));
            m.insert();
          }
        });
    SyncResult r1 = connector.sync(request(SyncMode.INCREMENTAL, Checkpoint.EMPTY), first);
    assertCompleted(r1);
    assertThat(early[0] && late[0])
        .as("sync 1 handed over its first page and the record last when it started")
        .isTrue();

    // between syncs: more records than a page holds change within one second
    w.clock.advance(Duration.ofSeconds(1));
    Set<String> touchedBefore = new LinkedHashSet<>(m.touched);
    List<SimRecord> untouched =
        live.stream().filter(s -> !touchedBefore.contains(s.id())).collect(Collectors.toList());
    int ties = page + 3;
    assertThat(untouched.size()).as("records available for the tie group").isGreaterThan(ties + 4);
    for (int i = 0; i < ties; i++) m.modify(untouched.get(i * (untouched.size() - 3) / ties));
    m.insert();
    m.insert();
    if (caps.deletes()) m.delete(untouched.get(untouched.size() - 1));

    RecordingSink second = sink();
    SyncResult r2 =
        connector.sync(request(SyncMode.INCREMENTAL, roundTrip(r1.checkpoint())), second);
    assertCompleted(r2);
    Map<String, Record> d1 = first.latestById();
    Map<String, Record> d2 = second.latestById();
    assertOnlyChangedRecords("sync 2", d2, m.touched, maxModified(d1));

    List<String> missed = new ArrayList<>();
    for (String id : m.touched) {
      SimRecord now = w.table.get(id);
      Record alreadyHad = d1.get(id);
      boolean upToDate = alreadyHad != null && differences(f().expected(now), alreadyHad).isEmpty();
      if (now.deleted() && !caps.deletes()) continue;
      if (!upToDate
          && (d2.get(id) == null || !differences(f().expected(now), d2.get(id)).isEmpty())) {
        missed.add(id + (now.deleted() ? " (deleted)" : "") + ": sync 2 handed over " + d2.get(id));
      }
    }
    assertThat(missed)
        .as("records changed after sync 1 read them, which sync 2 must hand over")
        .isEmpty();
    Map<String, Record> union = new LinkedHashMap<>(d1);
    union.putAll(d2);
    assertSameAsSimulator("after sync 1 and sync 2", union, w);

    // sync 3: nothing changed since sync 2
    RecordingSink third = sink();
    SyncResult r3 =
        connector.sync(request(SyncMode.INCREMENTAL, roundTrip(r2.checkpoint())), third);
    assertCompleted(r3);
    assertOnlyChangedRecords(
        "sync 3, with nothing changed since sync 2,",
        third.latestById(),
        Set.of(),
        maxModified(d2));
  }

  @Test
  void deletedRecordsSurfaceAsTombstonesInTheNextIncrementalSync() {
    assumeTrue(f().capabilities().deletes(), "the connector does not surface deletes");
    World w = world();
    List<SimRecord> live = live(w);
    Connector connector = open(w, QuotaPolicy.unlimited());
    RecordingSink first = sink();
    SyncResult r1 = connector.sync(request(SyncMode.INCREMENTAL, Checkpoint.EMPTY), first);
    assertCompleted(r1);

    w.clock.advance(Duration.ofSeconds(1));
    Mutator m = new Mutator(w);
    for (SimRecord victim :
        List.of(live.get(0), live.get(live.size() / 2), live.get(live.size() - 1)))
      m.delete(victim);
    RecordingSink second = sink();
    SyncResult r2 =
        connector.sync(request(SyncMode.INCREMENTAL, roundTrip(r1.checkpoint())), second);
    assertCompleted(r2);
    Map<String, Record> d2 = second.latestById();
    for (String id : m.touched) {
      assertThat(d2.get(id))
          .as("the deleted record %s in the next incremental sync", id)
          .isNotNull();
      assertThat(d2.get(id).isDeleted()).as("record %s is handed over as deleted", id).isTrue();
    }
    assertOnlyChangedRecords(
        "the sync after three deletes", d2, m.touched, maxModified(first.latestById()));
    long tombstones = second.records().stream().filter(Record::isDeleted).count();
    assertThat(r2.deletes()).as("SyncResult.deletes()").isEqualTo(tombstones);
    Map<String, Record> union = new LinkedHashMap<>(first.latestById());
    union.putAll(d2);
    assertSameAsSimulator("after the deletes", union, w);
  }

  @TestFactory
  Stream<DynamicTest> aSyncResumedAfterEachInjectedFaultHasNoGap() {
    return f().capabilities().faults().stream()
        .sorted()
        .map(
            fault ->
                DynamicTest.dynamicTest(
                    "after " + fault,
                    () ->
                        assertTimeoutPreemptively(
                            Duration.ofMinutes(5), () -> syncSurvives(fault))));
  }

  private void syncSurvives(Fault fault) {
    World w = world();
    int page = f().pageSize();
    long n = w.table.size(false);
    w.faults()
        .slowResponseDelay(Duration.ofMillis(20))
        .retryAfter(Duration.ofSeconds(2))
        .dripInterval(Duration.ofMillis(50));
    Connector connector = open(hostile(w).build());
    RecordingSink sink = sink();
    boolean[] planned = {false};
    sink.onRecord(
        r -> {
          if (!planned[0] && sink.count() >= page) {
            planned[0] = true;
            w.faults().next(fault, 1, f().dataPathFragment());
          }
        });
    SyncResult result = connector.sync(request(SyncMode.INCREMENTAL, Checkpoint.EMPTY), sink);
    int runs = 1;
    while (result.status() != SyncResult.Status.COMPLETED && runs < 3) {
      assertThat(result.status())
          .as("a sync stopped by %s: %s", fault, result)
          .isEqualTo(SyncResult.Status.FAILED);
      w.faults().clear();
      result = connector.sync(request(SyncMode.INCREMENTAL, roundTrip(result.checkpoint())), sink);
      runs++;
    }
    assertCompleted(result);
    assertThat(w.log().count(e -> fault.name().equals(e.fault())))
        .as("requests that met the injected %s", fault)
        .isEqualTo(1);
    assertSameAsSimulator("after a sync that met " + fault, sink.latestById(), w);
    assertThat((long) sink.count())
        .as("records handed over: nothing twice beyond the page in flight")
        .isLessThanOrEqualTo(n + page);
  }

  @Test
  @Timeout(value = 2, unit = TimeUnit.MINUTES)
  void aResponseMalformedOnEveryAttemptFailsTheSyncTypedAndTheNextSyncResumesWithoutGap() {
    World w = world();
    int page = f().pageSize();
    long n = w.table.size(false);
    Connector connector = open(hostile(w).build());
    RecordingSink sink = sink();
    boolean[] planned = {false};
    sink.onRecord(
        r -> {
          if (!planned[0] && sink.count() >= page) {
            planned[0] = true;
            w.faults().next(Fault.MALFORMED_BODY, 1_000, f().dataPathFragment());
          }
        });
    SyncResult failed = connector.sync(request(SyncMode.INCREMENTAL, Checkpoint.EMPTY), sink);
    assertThat(failed.status())
        .as("a sync whose every data call is answered with garbage: %s", failed)
        .isEqualTo(SyncResult.Status.FAILED);
    assertThat(failed.failure())
        .as("the failure of %s", failed)
        .isInstanceOf(RevsyncException.class);
    assertThat(failed.failure().system()).as("the system the failure names").isEqualTo(systemId());
    assertThat(failed.failure().getMessage())
        .as("the failure's message")
        .doesNotContainIgnoringCase("unexpected")
        .doesNotContain("Lenient");
    assertThat(w.log().count(e -> Fault.MALFORMED_BODY.name().equals(e.fault())))
        .as("garbage answers before the sync gave up (bounded retries)")
        .isBetween(1, 20);

    w.faults().clear();
    SyncResult resumed =
        connector.sync(request(SyncMode.INCREMENTAL, roundTrip(failed.checkpoint())), sink);
    assertCompleted(resumed);
    assertSameAsSimulator(
        "after a sync failed on garbage and the next one resumed", sink.latestById(), w);
    assertThat((long) sink.count())
        .as("records handed over: nothing twice beyond the page in flight")
        .isLessThanOrEqualTo(n + page);
  }

  @Test
  void
      runningOutOfBudgetStopsWithACheckpointAndEachNextUtcDayResumesUntilDoneWithoutOneCallOverBudget() {
    World w = world();
    long n = w.table.size(false);
    long minimum = f().minimumCalls(n);
    long budget = Math.max(f().minimumCalls(1) + 1, (minimum + 1) / 2);
    assertThat(budget)
        .as("a daily budget that cannot finish the job in a day (recordCount too small?)")
        .isLessThan(minimum);
    ConnectionConfig config = config(w, QuotaPolicy.daily(budget));
    RecordingSink sink = sink();
    Day last =
        syncOncePerDay(
            w,
            config,
            sink,
            day -> {
              long callsToday = w.log().count(e -> QuotaPolicy.dayOf(e.at()).equals(day.date()));
              assertThat(callsToday)
                  .as(
                      "calls the simulator served on day %d (%s) with a daily budget of %d",
                      day.number(), day.date(), budget)
                  .isLessThanOrEqualTo(budget);
              if (day.number() == 1) {
                assertThat(day.result().status())
                    .as(
                        "day 1 of a job that needs %d calls with a budget of %d: %s",
                        minimum, budget, day.result())
                    .isEqualTo(SyncResult.Status.QUOTA_EXHAUSTED);
              }
            });
    int days = last.number();
    assertCompleted(last.result());
    assertSameAsSimulator("after " + days + " days on a budget of " + budget, sink.latestById(), w);
    assertThat((long) sink.count())
        .as("records handed over in %d days: nothing twice beyond a page per stop", days)
        .isLessThanOrEqualTo(n + (long) (days - 1) * f().pageSize());
  }

  @Test
  void whenTheSystemsOwnDailyQuotaRunsOutTheSyncStopsWithACheckpointAndTheNextDayFinishes() {
    World w = world();
    long n = w.table.size(false);
    long minimum = f().minimumCalls(n);
    long allowance = Math.max(f().minimumCalls(1) + 1, (minimum + 1) / 2);
    assumeTrue(
        f().limitSystemDailyCalls(w.simulator, allowance),
        "the simulator has no daily quota of its own");
    ConnectionConfig config = config(w, QuotaPolicy.unlimited());
    RecordingSink sink = sink();
    Day last =
        syncOncePerDay(
            w,
            config,
            sink,
            day -> {
              if (day.number() == 1) {
                assertThat(day.result().status())
                    .as("day 1 against a system quota of %d calls: %s", allowance, day.result())
                    .isEqualTo(SyncResult.Status.QUOTA_EXHAUSTED);
              }
              int refusals = 0;
              for (RequestLog.Entry e : day.calls()) {
                if (e.fault() == null
                    && e.status() >= 400
                    && QuotaPolicy.dayOf(e.at()).equals(day.date())) refusals++;
              }
              assertThat(refusals)
                  .as(
                      "calls the system refused on day %d: a spent quota is not retried",
                      day.number())
                  .isLessThanOrEqualTo(1);
            });
    assertCompleted(last.result());
    assertSameAsSimulator(
        "after " + last.number() + " days on a system quota of " + allowance, sink.latestById(), w);
  }

  /**
   * One day of {@link #syncOncePerDay}: its number (from 1), UTC date, result and the requests it
   * made.
   */
  private record Day(int number, LocalDate date, SyncResult result, List<RequestLog.Entry> calls) {}

  /**
   * Syncs incrementally once per UTC day until a sync ends other than {@code QUOTA_EXHAUSTED} (at
   * most {@value #MAX_BUDGET_DAYS} days), with a new connection each night as a host's scheduler
   * opens one, sharing the budget's ledger. Each {@code QUOTA_EXHAUSTED} must carry a checkpoint,
   * which the next day resumes from at 00:00 UTC. {@code check} asserts on each day; returns the
   * last.
   */
  private Day syncOncePerDay(
      World w, ConnectionConfig config, RecordingSink sink, Consumer<Day> check) {
    Checkpoint checkpoint = Checkpoint.EMPTY;
    Day day = null;
    do {
      int number = day == null ? 1 : day.number() + 1;
      LocalDate date = QuotaPolicy.dayOf(w.clock.instant());
      int callsBefore = w.log().count();
      SyncResult result;
      try (Connector connector = f().provider().open(config)) {
        result = connector.sync(request(SyncMode.INCREMENTAL, checkpoint), sink);
      }
      List<RequestLog.Entry> calls = w.log().entries();
      day = new Day(number, date, result, calls.subList(callsBefore, calls.size()));
      check.accept(day);
      if (result.status() == SyncResult.Status.QUOTA_EXHAUSTED) {
        assertThat(result.checkpoint().isEmpty())
            .as("the checkpoint of day %d's QUOTA_EXHAUSTED", number)
            .isFalse();
        checkpoint = roundTrip(result.checkpoint());
        w.clock.set(QuotaPolicy.nextReset(w.clock.instant()));
      }
    } while (day.result().status() == SyncResult.Status.QUOTA_EXHAUSTED
        && day.number() < MAX_BUDGET_DAYS);
    return day;
  }

  @Test
  void aStormOf429sCompletesAndHonoursRetryAfter() {
    World w = world();
    Duration retryAfter = Duration.ofSeconds(2);
    w.faults()
        .retryAfter(retryAfter)
        .next(Fault.TOO_MANY_REQUESTS, 3, f().dataPathFragment())
        .rate(Fault.TOO_MANY_REQUESTS, 0.3);
    Instant before = w.clock.instant();
    RecordingSink sink = sink();
    SyncResult result =
        open(w, QuotaPolicy.unlimited())
            .sync(request(SyncMode.INCREMENTAL, Checkpoint.EMPTY), sink);
    assertCompleted(result);
    assertSameAsSimulator("after a 429 storm", sink.latestById(), w);
    int tooMany = w.log().count(e -> Fault.TOO_MANY_REQUESTS.name().equals(e.fault()));
    assertThat(tooMany).as("429s the simulator answered").isGreaterThanOrEqualTo(3);
    assertThat(Duration.between(before, w.clock.instant()))
        .as("time waited for %d 429s with Retry-After %s", tooMany, retryAfter)
        .isGreaterThanOrEqualTo(retryAfter.multipliedBy(tooMany));
  }

  @Test
  void expiredTokensAreRefreshedAndTheSyncCompletes() {
    assumeTrue(
        f().capabilities().tokenExpiry(), "the connector's calls carry no token that expires");
    World w = world();
    w.faults().expireTokensAfter(2);
    RecordingSink sink = sink();
    SyncResult result =
        open(w, QuotaPolicy.unlimited())
            .sync(request(SyncMode.INCREMENTAL, Checkpoint.EMPTY), sink);
    assertCompleted(result);
    assertThat(f().expiredTokenRefusals(w.simulator))
        .as("calls refused for an expired token")
        .isPositive();
    assertSameAsSimulator("after tokens expired mid-sync", sink.latestById(), w);
  }

  @Test
  void theDescriptorSaysWhetherTheConnectorWritesAsItsCapabilitiesDo() {
    boolean declared = f().provider().descriptor().writes();
    assertThat(declared)
        .as(
            "the descriptor of %s says writes()=%s (%s) but the fixture's capabilities say writes=%s:"
                + " declare .readOnly() in the descriptor of a connector that does not write, or set"
                + " Capabilities.writes(true) and a writeTarget() for one that does",
            systemId(),
            declared,
            f().provider().descriptor().apiStyles(),
            f().capabilities().writes())
        .isEqualTo(f().capabilities().writes());
  }

  @Test
  void aConnectorThatDoesNotWriteRefusesAWriteTypedWithoutSpendingACall() {
    assumeTrue(
        !f().capabilities().writes(), "the connector writes (the write round trip checks it)");
    World w = world();
    Connector connector = open(w, QuotaPolicy.unlimited());
    WriteRequest request =
        WriteRequest.builder(f().object(), Activity.ENRICHMENT)
            .items(List.of(WriteItem.of("any-id", Map.of("any-field", "value"))))
            .build();
    Throwable thrown = catchThrowable(() -> connector.write(request));
    assertThat(thrown)
        .as(
            "write() on a read-only connector must throw ConfigurationException (the Connector"
                + " interface's default write() does), not return or throw %s",
            thrown)
        .isInstanceOf(dev.revsync.ConfigurationException.class);
    assertThat(w.log().count()).as("calls a refused write sent to the system").isZero();
  }

  @Test
  void usageShowsCallsOnlyUnderApiStylesTheDescriptorDeclares() {
    World w = world();
    Connector connector = open(w, QuotaPolicy.unlimited());
    connector.verify();
    connector.sync(request(SyncMode.FULL, Checkpoint.EMPTY), sink());
    Set<dev.revsync.ApiStyle> declared = new TreeSet<>();
    f().provider().descriptor().apiStyles().values().forEach(declared::addAll);
    Usage usage = connector.usage();
    for (Map.Entry<dev.revsync.ApiStyle, Long> e : usage.byStyle().entrySet()) {
      if (e.getValue() == 0) continue;
      assertThat(declared)
          .as(
              "usage() counts %d calls as %s, a style the descriptor of %s never declares (%s):"
                  + " build the Transport with the connector's own descriptor and pass the style the descriptor lists"
                  + " for the activity",
              e.getValue(), e.getKey(), systemId(), f().provider().descriptor().apiStyles())
          .contains(e.getKey());
    }
  }

  @Test
  void aWriteRoundTripShowsTheValuesInTheSimulatorAndReportsPerRecordFailures() {
    assumeTrue(f().capabilities().writes(), "the connector does not write");
    WriteTarget target =
        Objects.requireNonNull(
            f().writeTarget(), "capabilities say writes, but writeTarget() is null");
    World w = world();
    ObjectTable table = target.table(w.simulator);
    int n = target.batchSize() + 5;
    List<SimRecord> records = table.stream(false).limit(n).collect(Collectors.toList());
    assertThat(records).as("records to write to in %s", target.object()).hasSize(n);
    List<WriteItem> items = new ArrayList<>();
    for (int i = 0; i < n; i++)
      items.add(WriteItem.of(target.key(records.get(i)), target.values(i)));
    int failingIndex = n / 2;
    WriteItem failing = target.failingItem();
    items.add(failingIndex, failing);
    WriteRequest.Builder request =
        WriteRequest.builder(target.object(), target.activity()).items(items);
    if (target.upsertField() != null) request.upsertOn(target.upsertField());

    Connector connector = open(w, QuotaPolicy.unlimited());
    int callsBefore = w.log().count();
    WriteResult result = connector.write(request.build());
    int calls = w.log().count() - callsBefore;

    assertThat(result.status()).as("%s", result).isEqualTo(WriteResult.Status.COMPLETED);
    assertThat(result.succeeded()).as("items written").isEqualTo(n);
    assertThat(result.failures()).as("per-record failures").hasSize(1);
    WriteOutcome failure = result.failures().get(0);
    assertThat(failure.index()).as("index of the failing item").isEqualTo(failingIndex);
    assertThat(failure.key()).isEqualTo(failing.key());
    assertThat(failure.code()).as("the system's error code for the failing item").isNotBlank();
    assertThat(failure.message()).as("the system's message for the failing item").isNotBlank();
    for (int i = 0; i < n; i++) {
      Map<String, Object> written = target.values(i);
      Map<String, Object> stored =
          target.readBack(w.simulator, target.key(records.get(i)), written.keySet());
      assertThat(valuesDiffer(written, stored))
          .as("values of %s after the write", target.key(records.get(i)))
          .isEmpty();
    }
    long batches = (n + 1L + target.batchSize() - 1) / target.batchSize();
    assertThat((long) calls)
        .as("calls for %d items in batches of %d", n + 1, target.batchSize())
        .isLessThanOrEqualTo(batches + f().callSlack());
    assertThat(result.callsSpent())
        .as("WriteResult.callsSpent against the simulator's request log")
        .isEqualTo(calls);
  }

  @Test
  @Timeout(value = 2, unit = TimeUnit.MINUTES)
  void aWriteAnsweredWithGarbageIsNeverReportedAsNotSent() {
    assumeTrue(f().capabilities().writes(), "the connector does not write");
    WriteTarget target =
        Objects.requireNonNull(
            f().writeTarget(), "capabilities say writes, but writeTarget() is null");
    World w = world();
    List<SimRecord> records =
        target.table(w.simulator).stream(false).limit(3).collect(Collectors.toList());
    List<WriteItem> items = new ArrayList<>();
    for (int i = 0; i < records.size(); i++)
      items.add(WriteItem.of(target.key(records.get(i)), target.values(i)));
    WriteRequest.Builder request =
        WriteRequest.builder(target.object(), target.activity()).items(items);
    if (target.upsertField() != null) request.upsertOn(target.upsertField());
    Connector connector = open(hostile(w).build());
    w.faults().next(Fault.MALFORMED_BODY, 1_000, target.pathFragment());

    WriteResult result = connector.write(request.build());

    int garbage = w.log().count(e -> Fault.MALFORMED_BODY.name().equals(e.fault()));
    assertThat(garbage).as("write calls the simulator answered with garbage").isPositive();
    assertThat(result.status())
        .as("a write answered only with garbage: %s", result)
        .isEqualTo(WriteResult.Status.FAILED);
    assertThat(result.failure())
        .as("the failure of %s", result)
        .isInstanceOf(RevsyncException.class);
    assertThat(result.backlog())
        .as(
            "items of a write whose request reached the system, reported NOT_SENT (%s)",
            result.outcomes())
        .isEmpty();
    assertThat(result.callsSpent())
        .as("WriteResult.callsSpent against the simulator's request log")
        .isEqualTo(w.log().count());
  }

  @Test
  void
      aSyncThatParksOnItsJobResumesOnANewConnectionFromTheCheckpointAloneAndDeliversEachRecordOnce() {
    assumeTrue(
        f().provider().descriptor().maxConcurrentJobs() > 0,
        "the connector pulls without server-side jobs (its descriptor's maxConcurrentJobs() is 0)");
    World w = world();
    long n = w.table.size(false);
    RecordingSink sink = sink();
    SyncResult result =
        open(w, QuotaPolicy.unlimited()).sync(parkingRequest(Checkpoint.EMPTY), sink);
    assertThat(result.status())
        .as("a sync that starts a job with parkJobs(true): %s", result)
        .isEqualTo(SyncResult.Status.PARKED);
    int parks = 0;
    while (result.status() == SyncResult.Status.PARKED) {
      assertThat(++parks).as("parks before the job is ready").isLessThan(100);
      assertThat(result.checkpoint().get(Checkpoint.JOB_ID))
          .as("the parked job in the checkpoint")
          .isNotNull();
      assertThat(sink.checkpoints().get(sink.checkpoints().size() - 1))
          .as("the sink's last checkpoint when parked")
          .isEqualTo(result.checkpoint());
      Instant resumeAt = result.resumeAt().orElseThrow();
      assertThat(resumeAt).as("resumeAt").isAfter(w.clock.instant());
      assertThat(result.jobWait()).as("the job the sync parked on").isPresent();
      w.clock.set(resumeAt);
      // As after a restart: a new connection, only the stored checkpoint.
      result =
          open(w, QuotaPolicy.unlimited())
              .sync(parkingRequest(roundTrip(result.checkpoint())), sink);
    }
    assertCompleted(result);
    assertThat(result.jobWait().orElseThrow().state())
        .as("the job's state when the download began")
        .isEqualTo(SyncResult.JobWait.State.READY);
    assertThat(result.checkpoint().get(Checkpoint.JOB_ID)).as("a job left behind").isNull();
    assertSameAsSimulator("after parking and resuming", sink.latestById(), w);
    assertThat((long) sink.count()).as("records handed over, each once").isEqualTo(n);
  }

  private SyncRequest parkingRequest(Checkpoint checkpoint) {
    return f().jobRequest(
            SyncRequest.builder(f().object())
                .mode(SyncMode.FULL)
                .checkpoint(checkpoint)
                .includeDeletes(f().capabilities().deletes()))
        .parkJobs(true)
        .build();
  }

  @Test
  void callsSpentAreAtLeastTheApiMinimumAtMostASmallConstantMoreAndEveryOneIsCounted() {
    World w = world();
    long n = w.table.size(false);
    Connector connector = open(w, QuotaPolicy.unlimited());
    SyncResult result = connector.sync(request(SyncMode.INCREMENTAL, Checkpoint.EMPTY), sink());
    assertCompleted(result);
    long calls = w.log().count();
    long minimum = f().minimumCalls(n);
    assertThat(calls)
        .as(
            "calls for %d records: the fixture's minimumCalls(%d) = %d must be a true minimum",
            n, n, minimum)
        .isGreaterThanOrEqualTo(minimum);
    assertThat(calls)
        .as(
            "calls for %d records against the API minimum %d plus slack %d",
            n, minimum, f().callSlack())
        .isLessThanOrEqualTo(minimum + f().callSlack());
    assertThat(result.callsSpent())
        .as("SyncResult.callsSpent against the simulator's request log")
        .isEqualTo(calls);
    assertThat(connector.usage().spent())
        .as("usage().spent() against the simulator's request log")
        .isEqualTo(calls);
  }

  // ---- helpers

  /** One simulator and its clock, for one test. */
  private static final class World {
    final SimulatedClock clock;
    final Simulator simulator;
    final ObjectTable table;

    World(SimulatedClock clock, Simulator simulator, ObjectTable table) {
      this.clock = clock;
      this.simulator = simulator;
      this.table = table;
    }

    RequestLog log() {
      return simulator.requestLog();
    }

    FaultPlan faults() {
      return simulator.faults();
    }
  }

  /** Changes records through the simulator's table and remembers which. */
  private final class Mutator {
    final World w;
    final Set<String> touched = new LinkedHashSet<>();
    int serial;

    Mutator(World w) {
      this.w = w;
    }

    void modify(SimRecord record) {
      assertThat(w.table.update(record.id(), f().modification(record, ++serial)))
          .as("update of %s", record.id())
          .isNotNull();
      touched.add(record.id());
    }

    void delete(SimRecord record) {
      assertThat(w.table.delete(record.id())).as("delete of %s", record.id()).isTrue();
      touched.add(record.id());
    }

    void insert() {
      touched.add(w.table.insert(f().newRecord(++serial)).id());
    }
  }

  private World world() {
    ContractFixture fx = f();
    SimulatedClock clock = new SimulatedClock(START);
    Simulator simulator = fx.startSimulator(clock, fx.recordCount());
    opened.add(simulator);
    ObjectTable table = fx.table(simulator);
    assertThat(table).as("the simulator's table for %s", fx.object()).isNotNull();
    SimRecord last = table.last(true);
    // changes must be stamped after every generated record, as in a live system
    if (last != null && !last.modifiedAt().isBefore(clock.instant()))
      clock.set(last.modifiedAt().plus(Duration.ofHours(1)));
    return new World(clock, simulator, table);
  }

  /** Settings for hostile servers: calls bounded in total time, bodies in size. */
  private ConnectionConfig.Builder hostile(World w) {
    return f().config(w.simulator)
        .clock(w.clock)
        .quotaPolicy(QuotaPolicy.unlimited())
        .callTimeout(HOSTILE_CALL_TIMEOUT)
        .readTimeout(HOSTILE_READ_TIMEOUT)
        .maxResponseBytes(HOSTILE_MAX_RESPONSE_BYTES);
  }

  private ConnectionConfig config(World w, QuotaPolicy quota) {
    return f().config(w.simulator).clock(w.clock).quotaPolicy(quota).build();
  }

  private Connector open(World w, QuotaPolicy quota) {
    return open(config(w, quota));
  }

  private Connector open(ConnectionConfig config) {
    Connector connector = f().provider().open(config);
    opened.add(connector);
    return connector;
  }

  private String systemId() {
    return f().provider().descriptor().id();
  }

  private SyncRequest request(SyncMode mode, Checkpoint checkpoint) {
    return SyncRequest.builder(f().object())
        .mode(mode)
        .checkpoint(checkpoint)
        .includeDeletes(f().capabilities().deletes())
        .build();
  }

  /** What a host does: stores the checkpoint as a string and parses it the next night. */
  private static Checkpoint roundTrip(Checkpoint checkpoint) {
    return Checkpoint.parse(checkpoint.serialize());
  }

  /** A sink that stops a connector paging in circles long before it would exhaust memory. */
  private RecordingSink sink() {
    return new RecordingSink().limit(20 * (f().recordCount() + f().pageSize()) + 1_000);
  }

  private static List<SimRecord> live(World w) {
    return w.table.stream(false).collect(Collectors.toList());
  }

  private static void assertCompleted(SyncResult result) {
    if (result.status() != SyncResult.Status.COMPLETED) {
      fail(
          "expected the sync to complete, but it ended "
              + result
              + (result.failure() != null ? "\n" + describeThrowable(result.failure()) : ""),
          result.failure());
    }
  }

  private static Instant maxModified(Map<String, Record> records) {
    return records.values().stream()
        .map(Record::modifiedAt)
        .filter(Objects::nonNull)
        .max(Instant::compareTo)
        .orElse(Instant.MIN);
  }

  /**
   * Records a sync handed over that did not change: none with a tie-breaker; without one, only
   * those at the previous sync's last timestamp (which it must re-read).
   */
  private void assertOnlyChangedRecords(
      String which,
      Map<String, Record> delivered,
      Set<String> changed,
      Instant previousLastTimestamp) {
    boolean tieBreaker = f().capabilities().tieBreaker();
    List<String> unchanged =
        delivered.values().stream()
            .filter(r -> !changed.contains(r.id()))
            .filter(r -> tieBreaker || !previousLastTimestamp.equals(r.modifiedAt()))
            .map(r -> r.id() + "@" + r.modifiedAt())
            .collect(Collectors.toList());
    assertThat(unchanged)
        .as("%s handed over records that had not changed since its checkpoint", which)
        .isEmpty();
  }

  /** Asserts that the latest delivered version of every record equals the simulator's state. */
  private void assertSameAsSimulator(String when, Map<String, Record> latest, World w) {
    Map<String, Record> expected = new LinkedHashMap<>();
    w.table.stream(false).forEach(s -> expected.put(s.id(), f().expected(s)));
    Set<String> deliveredLive = new TreeSet<>();
    latest.values().stream().filter(r -> !r.isDeleted()).forEach(r -> deliveredLive.add(r.id()));
    Set<String> missing = new TreeSet<>(expected.keySet());
    missing.removeAll(deliveredLive);
    Set<String> extra = new TreeSet<>(deliveredLive);
    extra.removeAll(expected.keySet());
    List<String> stale = new ArrayList<>();
    for (String id : extra) {
      SimRecord sim = w.table.get(id);
      stale.add(
          id
              + (sim == null
                  ? " (unknown to the simulator)"
                  : sim.deleted() ? " (deleted in the simulator)" : ""));
    }
    assertThat(missing)
        .as(
            "%s: records in the simulator never handed over (%d of %d)",
            when, missing.size(), expected.size())
        .isEmpty();
    assertThat(stale)
        .as("%s: records handed over as live that the simulator does not hold live", when)
        .isEmpty();
    List<String> wrong = new ArrayList<>();
    for (Map.Entry<String, Record> e : expected.entrySet()) {
      List<String> diff = differences(e.getValue(), latest.get(e.getKey()));
      if (!diff.isEmpty()) wrong.add(e.getKey() + ": " + String.join("; ", diff));
      if (wrong.size() >= 10) break;
    }
    assertThat(wrong)
        .as("%s: records whose latest version differs from the simulator's", when)
        .isEmpty();
  }

  /**
   * How {@code actual} differs from {@code expected}; tombstones compare by id and deleted flag.
   */
  private static List<String> differences(Record expected, Record actual) {
    List<String> diff = new ArrayList<>();
    if (actual == null) {
      diff.add("not handed over");
      return diff;
    }
    if (!expected.id().equals(actual.id()))
      diff.add("id " + actual.id() + ", expected " + expected.id());
    if (expected.isDeleted() != actual.isDeleted()) {
      diff.add(actual.isDeleted() ? "handed over as deleted" : "not handed over as deleted");
    }
    if (expected.isDeleted()) return diff;
    if (!Objects.equals(expected.modifiedAt(), actual.modifiedAt())) {
      diff.add("modifiedAt " + actual.modifiedAt() + ", expected " + expected.modifiedAt());
    }
    diff.addAll(valuesDiffer(expected.fields(), actual.fields()));
    return diff;
  }

  private static List<String> valuesDiffer(Map<String, ?> expected, Map<String, ?> actual) {
    List<String> diff = new ArrayList<>();
    Set<String> names = new LinkedHashSet<>(expected.keySet());
    names.addAll(actual.keySet());
    for (String name : names) {
      if (!expected.containsKey(name)) {
        diff.add(name + " unexpected (" + describe(actual.get(name)) + ")");
      } else if (!actual.containsKey(name)) {
        diff.add(name + " missing, expected " + describe(expected.get(name)));
      } else if (!sameValue(expected.get(name), actual.get(name))) {
        diff.add(
            name
                + " = "
                + describe(actual.get(name))
                + ", expected "
                + describe(expected.get(name)));
      }
    }
    return diff;
  }

  private static boolean sameValue(Object a, Object b) {
    if (a instanceof Number
        && b instanceof Number
        && (a instanceof BigDecimal || b instanceof BigDecimal)) {
      return new BigDecimal(a.toString()).compareTo(new BigDecimal(b.toString())) == 0;
    }
    return Objects.equals(a, b);
  }

  private static String describe(Object value) {
    return value == null ? "null" : value + " (" + value.getClass().getSimpleName() + ")";
  }

  private static String describeThrowable(Throwable t) {
    StringBuilder b = new StringBuilder();
    for (Throwable c = t; c != null; c = c.getCause()) {
      b.append(c).append('\n');
      if (c.getCause() == c) break;
    }
    return b.toString();
  }
}
