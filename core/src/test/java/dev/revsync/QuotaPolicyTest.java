package dev.revsync;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Instant;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

class QuotaPolicyTest {
  private static final Instant MORNING = Instant.parse("2026-11-28T01:00:00Z");

  @Test
  void eachPolicyBuiltWithoutALedgerCountsOnItsOwn() {
    QuotaPolicy.Builder builder = QuotaPolicy.builder().dailyLimit(1);
    QuotaPolicy first = builder.build();
    QuotaPolicy second = builder.build();

    assertThat(first.tryAcquire("tenant-1/acme", Activity.SYNC, MORNING).granted()).isTrue();
    assertThat(second.tryAcquire("tenant-1/acme", Activity.SYNC, MORNING).granted()).isTrue();
    assertThat(first.ledger()).isNotSameAs(second.ledger());
  }

  @Test
  void thirtyTwoThreadsRacingForABudgetOfOneThousandGetExactlyOneThousandGrants() throws Exception {
    QuotaPolicy quota = QuotaPolicy.daily(1000);
    ExecutorService pool = Executors.newFixedThreadPool(32);
    CountDownLatch start = new CountDownLatch(1);
    List<Future<Integer>> grants = new ArrayList<>();
    try {
      for (int t = 0; t < 32; t++) {
        grants.add(
            pool.submit(
                () -> {
                  start.await();
                  int granted = 0;
                  for (int i = 0; i < 100; i++) {
                    if (quota.tryAcquire("tenant-1/acme", Activity.SYNC, MORNING).granted())
                      granted++;
                  }
                  return granted;
                }));
      }
      start.countDown();
      int total = 0;
      for (Future<Integer> f : grants) total += f.get(30, TimeUnit.SECONDS);

      assertThat(total).isEqualTo(1000);
      assertThat(quota.spent("tenant-1/acme", MORNING)).isEqualTo(1000);
    } finally {
      pool.shutdownNow();
    }
  }

  @Test
  void loweringTheBudgetStopsTheNextCallAndRaisingItLetsCallsGoAgain() {
    QuotaPolicy quota = QuotaPolicy.daily(100);
    for (int i = 0; i < 10; i++) quota.tryAcquire("c", Activity.SYNC, MORNING);

    quota.setDailyLimit(10);
    QuotaPolicy.Decision afterLowering = quota.tryAcquire("c", Activity.SYNC, MORNING);
    quota.setDailyLimit(11);
    QuotaPolicy.Decision afterRaising = quota.tryAcquire("c", Activity.SYNC, MORNING);

    assertThat(afterLowering).isEqualTo(QuotaPolicy.Decision.BUDGET_SPENT);
    assertThat(afterRaising).isEqualTo(QuotaPolicy.Decision.GRANTED);
    assertThat(quota.spent("c", MORNING)).isEqualTo(11);
  }

  @Test
  void budgetResetsAtMidnightUtc() {
    QuotaPolicy quota = QuotaPolicy.daily(2);
    Instant late = Instant.parse("2026-11-28T23:59:59Z");
    quota.tryAcquire("c", Activity.SYNC, late);
    quota.tryAcquire("c", Activity.SYNC, late);

    assertThat(quota.tryAcquire("c", Activity.SYNC, late))
        .isEqualTo(QuotaPolicy.Decision.BUDGET_SPENT);
    assertThat(quota.tryAcquire("c", Activity.SYNC, Instant.parse("2026-11-29T00:00:00Z")))
        .isEqualTo(QuotaPolicy.Decision.GRANTED);
    assertThat(QuotaPolicy.nextReset(late)).isEqualTo(Instant.parse("2026-11-29T00:00:00Z"));
  }

  @Test
  void writeReserveKeepsSyncOutOfTheLastCallsWhileScoreExportGetsThem() {
    QuotaPolicy quota = QuotaPolicy.builder().dailyLimit(10).writeReserve(3).build();
    int syncs = 0;
    while (quota.tryAcquire("c", Activity.SYNC, MORNING).granted()) syncs++;

    QuotaPolicy.Decision syncRefusal = quota.tryAcquire("c", Activity.SYNC, MORNING);
    int exports = 0;
    while (quota.tryAcquire("c", Activity.SCORE_EXPORT, MORNING).granted()) exports++;

    assertThat(syncs).isEqualTo(7);
    assertThat(syncRefusal).isEqualTo(QuotaPolicy.Decision.RESERVED_FOR_WRITES);
    assertThat(exports).isEqualTo(3);
    assertThat(quota.tryAcquire("c", Activity.ENRICHMENT, MORNING))
        .isEqualTo(QuotaPolicy.Decision.BUDGET_SPENT);
  }

  @Test
  void aRefusalWithNoWriteReserveSaysTheBudgetIsSpentWhateverTheLedgerReadsAfter() {
    // A shared ledger read after its refusal may show a count below the limit (another process's
    // row in flight, the limit changed between): with nothing reserved for writes, no refusal is
    // "reserved for enrichment and score exports".
    QuotaLedger refusing =
        new QuotaLedger() {
          @Override
          public boolean tryIncrement(String connectionId, LocalDate day, long ceiling) {
            return false;
          }

          @Override
          public long spent(String connectionId, LocalDate day) {
            return 3;
          }
        };
    QuotaPolicy quota = QuotaPolicy.builder().dailyLimit(10).ledger(refusing).build();

    assertThat(quota.tryAcquire("c", Activity.SYNC, MORNING))
        .isEqualTo(QuotaPolicy.Decision.BUDGET_SPENT);
    quota.setWriteReserve(2);
    assertThat(quota.tryAcquire("c", Activity.SYNC, MORNING))
        .isEqualTo(QuotaPolicy.Decision.RESERVED_FOR_WRITES);
  }

  @Test
  void systemReportedRemainingMinusMarginStopsCalls() {
    QuotaPolicy quota = QuotaPolicy.builder().dailyLimit(1000).systemMargin(50).build();
    quota.reportSystemRemaining("c", 52, MORNING);

    assertThat(quota.tryAcquire("c", Activity.SYNC, MORNING).granted()).isTrue();
    assertThat(quota.tryAcquire("c", Activity.SYNC, MORNING).granted()).isTrue();
    assertThat(quota.tryAcquire("c", Activity.SYNC, MORNING))
        .isEqualTo(QuotaPolicy.Decision.SYSTEM_LIMIT);
    assertThat(quota.spent("c", MORNING)).isEqualTo(2);
    // The report holds for its UTC day only.
    assertThat(
            quota.tryAcquire("c", Activity.SYNC, Instant.parse("2026-11-29T00:00:01Z")).granted())
        .isTrue();
  }
}
