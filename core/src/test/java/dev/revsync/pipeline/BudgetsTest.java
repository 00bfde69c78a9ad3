package dev.revsync.pipeline;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.revsync.Activity;
import dev.revsync.ConfigurationException;
import dev.revsync.ConnectionConfig;
import dev.revsync.QuotaPolicy;
import dev.revsync.TestClock;
import org.junit.jupiter.api.Test;

class BudgetsTest {
  private final TestClock clock = TestClock.at("2026-12-01T09:00:00Z");
  private final CheckpointStore store = CheckpointStore.inMemory();
  private final QuotaPolicy acme =
      QuotaPolicy.builder().dailyLimit(100).writeReserve(10).ledger(store.quotaLedger()).build();
  private final QuotaPolicy globex =
      QuotaPolicy.builder().dailyLimit(50).ledger(store.quotaLedger()).build();

  private DailyPipeline pipeline() {
    return DailyPipeline.builder()
        .store(store)
        .clock(clock)
        .sinks((c, o) -> r -> {})
        .connection(connection("acme", acme))
        .connection(connection("globex", globex))
        .build();
  }

  private PipelineConnection connection(String tenant, QuotaPolicy policy) {
    ConnectionConfig config =
        ConnectionConfig.builder(tenant + "/salesforce").clock(clock).quotaPolicy(policy).build();
    return PipelineConnection.builder(tenant, "salesforce", config).objects("Account").build();
  }

  private void spend(QuotaPolicy policy, String connectionId, int calls) {
    for (int i = 0; i < calls; i++)
      assertThat(policy.tryAcquire(connectionId, Activity.SYNC, clock.instant()).granted())
          .isTrue();
  }

  @Test
  void aNewLimitAppliesToTheNextCallAndIsSaved() {
    try (DailyPipeline pipeline = pipeline()) {
      Budgets budgets = Budgets.of(pipeline, store);
      spend(acme, "acme/salesforce", 20);

      Budgets.Change change = budgets.set("acme", "salesforce", 30, 5);

      assertThat(acme.dailyLimit()).isEqualTo(30);
      assertThat(change.budget().leftForPulls()).isEqualTo(5);
      assertThat(change.budget().leftForWrites()).isEqualTo(10);
      assertThat(change.message()).contains("5 calls are left today for pulls");
      assertThat(store.limits("acme", "salesforce"))
          .get()
          .extracting(CheckpointStore.Limits::dailyLimit)
          .isEqualTo(30L);
      spend(acme, "acme/salesforce", 5);
      assertThat(acme.tryAcquire("acme/salesforce", Activity.SYNC, clock.instant()))
          .isEqualTo(QuotaPolicy.Decision.RESERVED_FOR_WRITES);
      assertThat(globex.dailyLimit()).isEqualTo(50);
    }
  }

  @Test
  void aLimitBelowWhatTodaySpentIsAcceptedAndExplained() {
    try (DailyPipeline pipeline = pipeline()) {
      spend(globex, "globex/salesforce", 12);

      Budgets.Change change = Budgets.of(pipeline, store).set("globex", "salesforce", 8, 0);

      assertThat(change.message())
          .contains("Today already used 12 calls")
          .contains("no more calls today");
      assertThat(change.budget().exhausted()).isTrue();
      assertThat(globex.tryAcquire("globex/salesforce", Activity.ENRICHMENT, clock.instant()))
          .isEqualTo(QuotaPolicy.Decision.BUDGET_SPENT);
    }
  }

  @Test
  void invalidValuesAreRefusedWithTheReasonAndChangeNothing() {
    try (DailyPipeline pipeline = pipeline()) {
      Budgets budgets = Budgets.of(pipeline, store);

      assertThatThrownBy(() -> budgets.set("acme", "salesforce", -1, 0))
          .isInstanceOf(ConfigurationException.class)
          .hasMessageContaining(
              "salesforce: Budgets.set acme/salesforce: the daily limit must not be negative: -1");
      assertThatThrownBy(() -> budgets.set("acme", "salesforce", Budgets.MAX_DAILY_LIMIT + 1, 0))
          .hasMessageContaining("above the largest accepted");
      assertThatThrownBy(() -> budgets.set("acme", "salesforce", 10, 11))
          .hasMessageContaining("write reserve of 11 is above");
      assertThatThrownBy(() -> budgets.set("initech", "salesforce", 10, 0))
          .hasMessageContaining("no connection initech/salesforce");

      assertThat(acme.dailyLimit()).isEqualTo(100);
      assertThat(acme.writeReserve()).isEqualTo(10);
      assertThat(store.limits("acme", "salesforce")).isEmpty();
    }
  }

  @Test
  void restoreAppliesWhatCustomersSavedOverTheHostsDefaults() {
    store.saveLimits("globex", "salesforce", new CheckpointStore.Limits(7, 2, clock.instant()));
    try (DailyPipeline pipeline = pipeline()) {
      Budgets budgets = Budgets.of(pipeline, store);

      assertThat(budgets.restore()).isEqualTo(1);

      assertThat(globex.dailyLimit()).isEqualTo(7);
      assertThat(globex.writeReserve()).isEqualTo(2);
      assertThat(acme.dailyLimit()).isEqualTo(100);
      assertThat(budgets.get("globex", "salesforce").savedAt()).contains(clock.instant());
    }
  }
}
