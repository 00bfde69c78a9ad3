package dev.revsync.simulators.salesforce;

import static org.assertj.core.api.Assertions.assertThat;

import dev.revsync.simulators.FaultPlan.Fault;
import dev.revsync.simulators.SimulatedClock;
import java.time.Duration;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

class SalesforceLimitsAndFaultsTest {
  private final SimulatedClock clock = SimulatedClock.at("2026-11-28T00:00:00Z");
  private SalesforceSimulator sim;
  private SfClient client;
  private String token;
  private String limits;

  @BeforeEach
  void start() {
    sim = SalesforceSimulator.builder().clock(clock).dailyApiRequests(5).start();
    client = new SfClient(sim.baseUrl());
    token = client.login(sim);
    limits = "/services/data/v" + sim.apiVersion() + "/limits";
  }

  @AfterEach
  void stop() {
    client.close();
    sim.close();
  }

  @Test
  void theAllocationRollsOverTwentyFourHoursNotAtMidnight() {
    for (int i = 1; i <= 3; i++) {
      assertThat(client.get(limits, token).header("Sforce-Limit-Info"))
          .isEqualTo("api-usage=" + i + "/5");
    }
    clock.advance(Duration.ofHours(12)); // crosses 00:00 UTC: nothing resets
    token = client.login(sim); // the session timed out meanwhile; token requests are not counted
    assertThat(client.get(limits, token).code()).isEqualTo(200);
    assertThat(client.get(limits, token).code()).isEqualTo(200);
    SfClient.Reply refused = client.get(limits, token);
    assertThat(refused.code()).isEqualTo(403);
    assertThat(refused.error())
        .containsEntry("errorCode", "REQUEST_LIMIT_EXCEEDED")
        .containsEntry("message", "TotalRequests Limit exceeded.");
    assertThat(sim.dailyApiRequestsUsed()).isEqualTo(5);
    // the first three calls age out 24 hours after they were made, the last two not yet
    clock.advance(Duration.ofHours(12));
    token = client.login(sim);
    assertThat(client.get(limits, token).header("Sforce-Limit-Info")).isEqualTo("api-usage=3/5");
  }

  @Test
  void tokenCallsAreNotCountedUnlessConfigured() {
    long before = sim.dailyApiRequestsUsed();
    client.login(sim);
    assertThat(sim.dailyApiRequestsUsed()).isEqualTo(before);
    try (SalesforceSimulator counting =
            SalesforceSimulator.builder().clock(clock).countTokenRequests(true).start();
        SfClient c = new SfClient(counting.baseUrl())) {
      c.login(counting);
      assertThat(counting.dailyApiRequestsUsed()).isEqualTo(1);
    }
  }

  @Test
  void injectedServerErrorsUseTheSalesforceErrorShape() {
    sim.faults()
        .next(Fault.SERVER_ERROR, 1, "/limits")
        .next(Fault.SERVICE_UNAVAILABLE, 1, "/limits");
    SfClient.Reply error = client.get(limits, token);
    assertThat(error.code()).isEqualTo(500);
    assertThat(error.error()).containsEntry("errorCode", "UNKNOWN_EXCEPTION");
    SfClient.Reply unavailable = client.get(limits, token);
    assertThat(unavailable.code()).isEqualTo(503);
    assertThat(unavailable.error()).containsEntry("errorCode", "SERVER_UNAVAILABLE");
    assertThat(client.get(limits, token).code()).isEqualTo(200);
    assertThat(sim.requestLog().count("/limits")).isEqualTo(3);
  }

  @Test
  void theRequestLogMasksTokens() {
    client.get(limits, token);
    assertThat(sim.requestLog().entries().toString())
        .doesNotContain(token)
        .doesNotContain(sim.connectionSettings().get("refreshToken"));
  }
}
