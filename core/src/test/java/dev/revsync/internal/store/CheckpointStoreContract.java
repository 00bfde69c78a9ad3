package dev.revsync.internal.store;

import static org.assertj.core.api.Assertions.assertThat;

import dev.revsync.Activity;
import dev.revsync.Checkpoint;
import dev.revsync.QuotaLedger;
import dev.revsync.QuotaPolicy;
import dev.revsync.WriteItem;
import dev.revsync.WriteOutcome;
import dev.revsync.WriteRequest;
import dev.revsync.pipeline.CheckpointStore;
import dev.revsync.pipeline.SubmittedWrite;
import java.math.BigDecimal;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import java.util.concurrent.CyclicBarrier;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** What every durable {@link CheckpointStore} must do; each implementation's test extends it. */
abstract class CheckpointStoreContract {
  static final LocalDate DAY = LocalDate.parse("2026-03-02");

  protected CheckpointStore store;
  private final List<CheckpointStore> opened = new ArrayList<>();

  /** A new store instance over the same storage, as a restarted process would open it. */
  protected abstract CheckpointStore open();

  protected CheckpointStore reopen() {
    CheckpointStore s = open();
    opened.add(s);
    return s;
  }

  @BeforeEach
  void openStore() {
    store = reopen();
  }

  @AfterEach
  void closeStores() {
    opened.forEach(CheckpointStore::close);
  }

  @Test
  void callersRacingForTheDaysFirstCallAreAllGrantedBelowTheCeiling() throws Exception {
    // Three Kafka Connect tasks asked for their first token at once: in the database ledger one
    // was refused as if the budget were spent (the day's row another caller had just inserted was
    // invisible to its UPDATE and visible to the SELECT after it).
    int racers = 4;
    ExecutorService threads = Executors.newFixedThreadPool(racers);
    try {
      for (int day = 0; day < 20; day++) {
        LocalDate date = DAY.plusDays(day);
        CyclicBarrier start = new CyclicBarrier(racers);
        List<Callable<Boolean>> calls = new ArrayList<>();
        for (int t = 0; t < racers; t++) {
          QuotaLedger ledger = reopen().quotaLedger();
          calls.add(
              () -> {
                start.await();
                return ledger.tryIncrement("tenant-acme", date, racers);
              });
        }
        for (Future<Boolean> granted : threads.invokeAll(calls)) {
          assertThat(granted.get()).as("a racer on %s", date).isTrue();
        }
        assertThat(reopen().quotaLedger().spent("tenant-acme", date)).isEqualTo(racers);
      }
    } finally {
      threads.shutdown();
    }
  }

  @Test
  void theStoreAndItsLedgerSayTheyAreDurable() {
    assertThat(store.durable()).isTrue();
    assertThat(store.quotaLedger().durable()).isTrue();
  }

  @Test
  void figuresSavedAreLoadedBackByAnotherInstanceAndASaveReplacesThem() {
    CheckpointStore.Figures first =
        new CheckpointStore.Figures(
            DAY, 120_000, 31, Duration.ofSeconds(95), Duration.ofMinutes(14).plusMillis(250), true);
    CheckpointStore.Figures rest =
        new CheckpointStore.Figures(
            DAY.plusDays(1), 40, 2, Duration.ofMillis(800), Duration.ZERO, false);

    store.saveFigures("acme", "eloqua", "Contact", first);
    assertThat(reopen().figures("acme", "eloqua", "Contact")).contains(first);
    store.saveFigures("acme", "eloqua", "Contact", rest);

    assertThat(reopen().figures("acme", "eloqua", "Contact")).contains(rest);
    assertThat(rest.usedJob()).isFalse();
    assertThat(store.figures("acme", "eloqua", "Account")).isEmpty();
    assertThat(store.figures("globex", "eloqua", "Contact")).isEmpty();
  }

  @Test
  void limitsSavedAreLoadedBackByAnotherInstanceAndASaveReplacesThem() {
    CheckpointStore.Limits first =
        new CheckpointStore.Limits(5_000, 500, Instant.parse("2026-03-02T09:00:00Z"));
    CheckpointStore.Limits unlimited =
        new CheckpointStore.Limits(
            dev.revsync.QuotaPolicy.UNLIMITED, 0, Instant.parse("2026-03-02T10:00:00Z"));

    store.saveLimits("acme", "salesforce", first);
    assertThat(reopen().limits("acme", "salesforce")).contains(first);
    store.saveLimits("acme", "salesforce", unlimited);

    assertThat(reopen().limits("acme", "salesforce")).contains(unlimited);
    assertThat(store.limits("acme", "eloqua")).isEmpty();
    assertThat(store.limits("globex", "salesforce")).isEmpty();
  }

  @Test
  void anEntrySavedIsLoadedBackEqualByAnotherInstance() {
    Checkpoint checkpoint =
        Checkpoint.EMPTY
            .with(Checkpoint.CURSOR, "2026-03-01T23:59:59.123Z")
            .with(Checkpoint.CURSOR_ID, "001/&=x y\n")
            .with(Checkpoint.JOB_POSITION, "locator=ABC%3D");
    CheckpointStore.Entry entry =
        new CheckpointStore.Entry(checkpoint, true, Instant.parse("2026-03-02T00:41:00Z"));

    store.save("acme", "salesforce", "Account", entry);

    assertThat(store.load("acme", "salesforce", "Account")).contains(entry);
    assertThat(reopen().load("acme", "salesforce", "Account")).contains(entry);
    assertThat(store.load("acme", "salesforce", "Contact")).isEmpty();
  }

  @Test
  void aSaveReplacesThePreviousEntry() {
    store.save("acme", "salesforce", "Account", entry("1", true));
    store.save("acme", "salesforce", "Account", entry("2", false));

    assertThat(reopen().load("acme", "salesforce", "Account")).contains(entry("2", false));
  }

  @Test
  void idsThatDifferOnlyInCaseOrHoldPathCharactersStayApart() {
    List<String> tenants =
        List.of("acme", "Acme", "a/b", "a%2Fb", "../x", ".", "Ünïcødé 租户", "t".repeat(255));
    for (String tenant : tenants) {
      store.save(tenant, "salesforce", "Lead", entry(tenant + "-Lead", true));
      store.save(tenant, "salesforce", "lead", entry(tenant + "-lead", true));
    }
    CheckpointStore again = reopen();
    for (String tenant : tenants) {
      assertThat(again.load(tenant, "salesforce", "Lead")).contains(entry(tenant + "-Lead", true));
      assertThat(again.load(tenant, "salesforce", "lead")).contains(entry(tenant + "-lead", true));
    }
  }

  @Test
  void deleteForgetsOneObjectOnly() {
    store.save("acme", "salesforce", "Account", entry("1", false));
    store.save("acme", "salesforce", "Contact", entry("2", false));

    store.delete("acme", "salesforce", "Account");
    store.delete("acme", "salesforce", "Nothing");

    assertThat(reopen().load("acme", "salesforce", "Account")).isEmpty();
    assertThat(reopen().load("acme", "salesforce", "Contact")).contains(entry("2", false));
  }

  @Test
  void writesAreKeptPerConnectionInSubmissionOrderWithTheirOutcomesAndFieldTypes() {
    Map<String, Object> fields = new LinkedHashMap<>();
    fields.put("Score__c", 87);
    fields.put("Big__c", 12345678901L);
    fields.put("Ratio__c", 0.1);
    fields.put("Amount__c", new BigDecimal("1234.5600"));
    fields.put("Seen__c", Instant.parse("2026-03-01T10:00:00Z"));
    fields.put("Day__c", LocalDate.parse("2026-02-28"));
    fields.put("Flag__c", true);
    fields.put("Note__c", "quote \" and ünïcode\n");
    fields.put("Cleared__c", null);
    WriteRequest request =
        WriteRequest.builder("Lead", Activity.ENRICHMENT)
            .upsertOn("Ext__c")
            .items(List.of(WriteItem.of("k1", fields), WriteItem.of("k2", Map.of("Score__c", 3))))
            .build();
    SubmittedWrite later =
        SubmittedWrite.of(
            "w2", "acme", "salesforce", Instant.parse("2026-03-02T10:00:00Z"), request);
    SubmittedWrite earlier =
        SubmittedWrite.of(
            "w1", "acme", "salesforce", Instant.parse("2026-03-01T10:00:00Z"), request);
    SubmittedWrite other =
        SubmittedWrite.of(
            "w3", "globex", "salesforce", Instant.parse("2026-03-01T09:00:00Z"), request);
    store.saveWrite(later);
    store.saveWrite(earlier);
    store.saveWrite(other);
    SubmittedWrite half =
        earlier.withOutcomes(
            List.of(WriteOutcome.succeeded(0, "k1", "00Q1", true), WriteOutcome.notSent(1, "k2")));
    store.saveWrite(half);

    CheckpointStore again = reopen();
    assertThat(again.writes("acme", "salesforce")).containsExactly(half, later);
    assertThat(again.writes("globex", "salesforce")).containsExactly(other);
    assertThat(again.writes("nobody", "salesforce")).isEmpty();
    SubmittedWrite read = again.write("w1").orElseThrow();
    assertThat(read.request().items().get(0).fields()).isEqualTo(fields);
    assertThat(read.request().matchField()).isEqualTo("Ext__c");
    assertThat(read.pendingItems()).extracting(WriteItem::key).containsExactly("k2");

    again.deleteWrite("w1");
    assertThat(reopen().write("w1")).isEmpty();
    assertThat(reopen().writes("acme", "salesforce")).containsExactly(later);
  }

  @Test
  void theLedgerNeverGrantsMoreThanTheCeilingToRacingThreads() throws Exception {
    QuotaLedger ledger = store.quotaLedger();
    ExecutorService threads = Executors.newFixedThreadPool(8);
    try {
      List<Callable<Integer>> racers = new ArrayList<>();
      for (int t = 0; t < 8; t++) {
        racers.add(
            () -> {
              int granted = 0;
              for (int i = 0; i < 60; i++) {
                if (ledger.tryIncrement("tenant-acme", DAY, 300)) granted++;
              }
              return granted;
            });
      }
      int total = 0;
      for (Future<Integer> f : threads.invokeAll(racers)) total += f.get();
      assertThat(total).isEqualTo(300);
      assertThat(ledger.spent("tenant-acme", DAY)).isEqualTo(300);
    } finally {
      threads.shutdown();
    }
  }

  @Test
  void countsAreKeptPerConnectionAndDay() {
    QuotaLedger ledger = store.quotaLedger();
    for (int i = 0; i < 5; i++) assertThat(ledger.tryIncrement("a", DAY, 5)).isTrue();
    assertThat(ledger.tryIncrement("a", DAY, 5)).isFalse();
    assertThat(ledger.tryIncrement("b", DAY, 5)).isTrue();
    assertThat(ledger.tryIncrement("a", DAY.plusDays(1), 5)).isTrue();
    assertThat(ledger.tryIncrement("a", DAY, 0)).isFalse();

    assertThat(ledger.spent("a", DAY)).isEqualTo(5);
    assertThat(ledger.spent("b", DAY)).isEqualTo(1);
    assertThat(ledger.spent("c", DAY)).isZero();
  }

  @Test
  void aProcessRestartedAtOneOClockDoesNotHandOutTheDaysBudgetAgain() {
    QuotaPolicy before = QuotaPolicy.builder().dailyLimit(50).ledger(store.quotaLedger()).build();
    int granted = 0;
    while (before
        .tryAcquire("tenant-acme", Activity.SYNC, Instant.parse("2026-03-02T00:30:00Z"))
        .granted()) granted++;
    assertThat(granted).isEqualTo(50);

    // The process dies without closing anything; a new one opens the same store.
    QuotaPolicy after = QuotaPolicy.builder().dailyLimit(50).ledger(reopen().quotaLedger()).build();

    assertThat(
            after.tryAcquire("tenant-acme", Activity.SYNC, Instant.parse("2026-03-02T01:00:00Z")))
        .isEqualTo(QuotaPolicy.Decision.BUDGET_SPENT);
    assertThat(after.spent("tenant-acme", Instant.parse("2026-03-02T01:00:00Z"))).isEqualTo(50);
    assertThat(
            after
                .tryAcquire("tenant-acme", Activity.SYNC, Instant.parse("2026-03-03T00:00:00Z"))
                .granted())
        .isTrue();
  }

  static CheckpointStore.Entry entry(String cursorId, boolean backlog) {
    return new CheckpointStore.Entry(
        Checkpoint.EMPTY.with(Checkpoint.CURSOR_ID, cursorId),
        backlog,
        Instant.parse("2026-03-02T00:10:00Z"));
  }
}
