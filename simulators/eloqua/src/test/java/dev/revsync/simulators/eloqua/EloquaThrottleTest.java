package dev.revsync.simulators.eloqua;

import static org.assertj.core.api.Assertions.assertThat;

import dev.revsync.simulators.FaultPlan;
import java.time.Duration;
import org.junit.jupiter.api.Test;

class EloquaThrottleTest extends EloquaTestBase {
  EloquaThrottleTest() {
    super(b -> b.contacts(50).accounts(5).emailOpens(5).formSubmits(5).customObjectRecords(5));
  }

  @Test
  void burstsBeyondTheLimitGet429WithoutRetryAfterUntilTheWindowPasses() {
    start(b -> b.burstLimit(3, Duration.ofSeconds(1)));
    String url = client.bulk("/contacts/fields?limit=1");
    for (int i = 0; i < 3; i++) assertThat(client.get(url).code()).isEqualTo(200);
    EloquaClient.Reply throttled = client.get(url);
    assertThat(throttled.code()).isEqualTo(429);
    assertThat(throttled.headers().get("Retry-After")).isNull();
    assertThat(sim.throttledRequests()).isEqualTo(1);
    clock.advance(Duration.ofSeconds(1));
    assertThat(client.get(url).code()).isEqualTo(200);
  }

  @Test
  void idIsThrottledOnItsOwnWhenCalledPerRequest() {
    start(b -> b.idCallLimit(2, Duration.ofMinutes(1)));
    assertThat(client.get(sim.baseUrl() + "/id").code()).isEqualTo(200);
    assertThat(client.get(sim.baseUrl() + "/id").code()).isEqualTo(200);
    assertThat(client.get(sim.baseUrl() + "/id").code()).isEqualTo(429);
    assertThat(client.get(client.bulk("/contacts/fields?limit=1")).code()).isEqualTo(200);
    clock.advance(Duration.ofMinutes(1));
    assertThat(client.get(sim.baseUrl() + "/id").code()).isEqualTo(200);
  }

  @Test
  void retryAfterIsSentOnlyWhenConfigured() {
    start(b -> b.burstLimit(1, Duration.ofMinutes(1)).retryAfterOn429(Duration.ofSeconds(30)));
    client.get(client.bulk("/contacts/fields?limit=1"));
    assertThat(client.get(client.bulk("/contacts/fields?limit=1")).headers().get("Retry-After"))
        .isEqualTo("30");
  }

  @Test
  void injectedFaultsUseEloquaShapedAnswers() {
    start(b -> {});
    sim.faults()
        .next(FaultPlan.Fault.TOO_MANY_REQUESTS, 1, "/syncs")
        .next(FaultPlan.Fault.SERVER_ERROR, 1, "/syncs");
    EloquaClient.Reply throttled = client.get(client.bulk("/syncs"));
    assertThat(throttled.code()).isEqualTo(429);
    assertThat(throttled.headers().get("Retry-After")).isNull();
    EloquaClient.Reply failed = client.get(client.bulk("/syncs"));
    assertThat(failed.code()).isEqualTo(500);
    assertThat(failed.failures())
        .singleElement()
        .satisfies(f -> assertThat(f).containsKeys("field", "value", "constraint"));
    assertThat(client.get(client.bulk("/syncs")).code()).isEqualTo(200);
    assertThat(sim.requestLog().count("/syncs")).isEqualTo(3);
  }

  @Test
  void requestsInFlightBeyondTheConcurrencyLimitAreRefused() {
    RequestGate gate =
        new RequestGate(clock, 2, 0, Duration.ofSeconds(1), 0, Duration.ofMinutes(1));
    assertThat(gate.enter(false)).isTrue();
    assertThat(gate.enter(false)).isTrue();
    assertThat(gate.enter(false)).isFalse();
    gate.exit();
    assertThat(gate.enter(true)).isTrue();
    assertThat(gate.throttled()).isEqualTo(1);
  }
}
