package dev.revsync.simulators;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.revsync.simulators.FaultPlan.Fault;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class FaultPlanTest {

  @Test
  void scheduledFaultsHitOnlyTheNextMatchingRequests() {
    FaultPlan plan = new FaultPlan(1).next(Fault.SERVER_ERROR, 2, "/query");
    assertThat(plan.decide("/services/oauth2/token")).isNull();
    assertThat(plan.decide("/services/data/v62.0/query")).isEqualTo(Fault.SERVER_ERROR);
    assertThat(plan.decide("/services/data/v62.0/limits")).isNull();
    assertThat(plan.decide("/services/data/v62.0/query")).isEqualTo(Fault.SERVER_ERROR);
    assertThat(plan.decide("/services/data/v62.0/query")).isNull();
    assertThat(plan.injectedCount()).isEqualTo(2);
  }

  @Test
  void scheduledFaultsApplyInTheOrderTheyWerePlanned() {
    FaultPlan plan =
        new FaultPlan(1).next(Fault.TOO_MANY_REQUESTS, 1, "").next(Fault.DROP_MID_BODY, 1, "");
    assertThat(List.of(plan.decide("/a"), plan.decide("/b")))
        .containsExactly(Fault.TOO_MANY_REQUESTS, Fault.DROP_MID_BODY);
    assertThat(plan.decide("/c")).isNull();
  }

  @Test
  void requestNumberFaultHitsExactlyThatRequest() {
    FaultPlan plan = new FaultPlan(1).onRequest(3, Fault.TRUNCATED_BODY);
    List<Fault> faults = new ArrayList<>();
    for (int i = 0; i < 5; i++) faults.add(plan.decide("/x"));
    assertThat(faults).containsExactly(null, null, Fault.TRUNCATED_BODY, null, null);
  }

  @Test
  void ratedFaultsAreSeededAndRoughlyAtTheRate() {
    List<Fault> first = draw(new FaultPlan(7).rate(Fault.SERVICE_UNAVAILABLE, 0.2), 2000);
    List<Fault> second = draw(new FaultPlan(7).rate(Fault.SERVICE_UNAVAILABLE, 0.2), 2000);
    assertThat(first).isEqualTo(second);
    long hits = first.stream().filter(f -> f == Fault.SERVICE_UNAVAILABLE).count();
    assertThat(hits).isBetween(320L, 480L);
    assertThat(draw(new FaultPlan(8).rate(Fault.SERVICE_UNAVAILABLE, 0.2), 2000))
        .isNotEqualTo(first);
  }

  @Test
  void tokenExpiresAfterItsAllowanceOfCallsAndOtherTokensAreUnaffected() {
    FaultPlan plan = new FaultPlan(1).expireTokensAfter(3);
    assertThat(plan.tokenCallAllowed("t1")).isTrue();
    assertThat(plan.tokenCallAllowed("t1")).isTrue();
    assertThat(plan.tokenCallAllowed("t2")).isTrue();
    assertThat(plan.tokenCallAllowed("t1")).isTrue();
    assertThat(plan.tokenCallAllowed("t1")).isFalse();
    assertThat(plan.tokenCallAllowed("t1")).isFalse();
    assertThat(plan.tokenCallAllowed("t2")).isTrue();
  }

  @Test
  void tokensNeverExpireUnlessPlanned() {
    FaultPlan plan = new FaultPlan(1);
    for (int i = 0; i < 10_000; i++) assertThat(plan.tokenCallAllowed("t")).isTrue();
  }

  @Test
  void clearRemovesEveryPlannedFault() {
    FaultPlan plan =
        new FaultPlan(1)
            .next(Fault.SERVER_ERROR, 5, "")
            .rate(Fault.SLOW_RESPONSE, 1.0)
            .onRequest(1, Fault.DROP_MID_BODY)
            .expireTokensAfter(1);
    plan.tokenCallAllowed("t");
    plan.clear();
    assertThat(draw(plan, 20)).containsOnlyNulls();
    assertThat(plan.tokenCallAllowed("t")).isTrue();
  }

  @Test
  void badSettingsAreRejectedWithTheValue() {
    FaultPlan plan = new FaultPlan(1);
    assertThatThrownBy(() -> plan.rate(Fault.SERVER_ERROR, 1.5)).hasMessageContaining("1.5");
    assertThatThrownBy(() -> plan.next(Fault.SERVER_ERROR, -1, "")).hasMessageContaining("-1");
    assertThatThrownBy(() -> plan.expireTokensAfter(0)).hasMessageContaining("0");
  }

  private static List<Fault> draw(FaultPlan plan, int n) {
    List<Fault> faults = new ArrayList<>();
    for (int i = 0; i < n; i++) faults.add(plan.decide("/p"));
    return faults;
  }
}
