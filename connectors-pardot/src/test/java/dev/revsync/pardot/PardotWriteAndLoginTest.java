package dev.revsync.pardot;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowable;

import dev.revsync.Activity;
import dev.revsync.ConfigurationException;
import dev.revsync.ConnectionConfig;
import dev.revsync.Connector;
import dev.revsync.PermissionException;
import dev.revsync.QuotaPolicy;
import dev.revsync.VerifyResult;
import dev.revsync.WriteItem;
import dev.revsync.WriteOutcome;
import dev.revsync.WriteRequest;
import dev.revsync.WriteResult;
import dev.revsync.simulators.SimRecord;
import dev.revsync.simulators.SimulatedClock;
import dev.revsync.simulators.pardot.PardotSimulator;
import java.math.BigDecimal;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** Writes as the API allows them, verify, and the typed errors of the business unit and access. */
class PardotWriteAndLoginTest {
  private final SimulatedClock clock = SimulatedClock.at("2026-11-28T00:30:00Z");
  private PardotSimulator sim;

  @BeforeEach
  void start() {
    sim = PardotSimulator.builder().clock(clock).records("prospects", 200).start();
  }

  @AfterEach
  void stop() {
    sim.close();
  }

  private ConnectionConfig.Builder config() {
    return new PardotFixture().config(sim).clock(clock).quotaPolicy(QuotaPolicy.unlimited());
  }

  @Test
  void scoresArePatchedOneCallPerProspectAtMostFiveAtOnce() {
    List<SimRecord> targets = sim.table("prospects").stream(false).limit(23).toList();
    List<WriteItem> items = new ArrayList<>();
    for (int i = 0; i < targets.size(); i++) {
      items.add(
          WriteItem.of(targets.get(i).id(), Map.of("revsync_score__c", BigDecimal.valueOf(i, 1))));
    }
    WriteResult result;
    try (Connector c = new PardotConnectorProvider().open(config().build())) {
      result =
          c.write(WriteRequest.builder("Prospect", Activity.SCORE_EXPORT).items(items).build());
    }
    assertThat(result.status()).isEqualTo(WriteResult.Status.COMPLETED);
    assertThat(result.succeeded()).isEqualTo(23);
    assertThat(sim.requestLog().count(e -> e.method().equals("PATCH")))
        .as("one PATCH per prospect")
        .isEqualTo(23);
    assertThat(result.callsSpent())
        .as("a token and the PATCHes")
        .isEqualTo(24)
        .isEqualTo(sim.requestLog().count());
    assertThat(sim.requestLog().count(e -> e.status() == 429))
        .as("concurrency refusals (66): never over five")
        .isZero();
    for (int i = 0; i < targets.size(); i++) {
      assertThat(
              (BigDecimal) sim.table("prospects").get(targets.get(i).id()).get("revsync_score__c"))
          .isEqualByComparingTo(BigDecimal.valueOf(i, 1));
    }
  }

  @Test
  void anUpsertOnEmailUpdatesTheLatestProspectOrCreatesOne() {
    SimRecord existing = sim.table("prospects").stream(false).findFirst().orElseThrow();
    String email = (String) existing.get("email");
    List<WriteItem> items =
        List.of(
            WriteItem.of(email, Map.of("jobTitle", "CTO")),
            WriteItem.of(
                "brand.new@example.com",
                Map.of("firstName", "Zoë", "revsync_score__c", new BigDecimal("87"))),
            WriteItem.of("bad@example.com", Map.of("nope__c", "x")));
    WriteResult result;
    try (Connector c = new PardotConnectorProvider().open(config().build())) {
      result =
          c.write(
              WriteRequest.builder("Prospect", Activity.ENRICHMENT)
                  .upsertOn("email")
                  .items(items)
                  .build());
    }
    assertThat(result.succeeded()).isEqualTo(2);
    assertThat(result.failures())
        .singleElement()
        .satisfies(
            f -> {
              assertThat(f.index()).isEqualTo(2);
              assertThat(f.code()).isEqualTo("180");
              assertThat(f.fields()).containsExactly("nope__c");
            });
    assertThat(result.outcomes().get(1).status()).isEqualTo(WriteOutcome.Status.SUCCEEDED);
    assertThat(sim.table("prospects").get(existing.id()).get("jobTitle")).isEqualTo("CTO");
    assertThat(
            sim.table("prospects").stream(false)
                .filter(r -> "brand.new@example.com".equals(r.get("email")))
                .count())
        .isEqualTo(1);
    assertThat(sim.requestLog().count("upsertLatestByEmail")).isEqualTo(3);
  }

  @Test
  void verifyMakesTwoCallsAndReportsTheDailyAllowance() {
    try (Connector c = new PardotConnectorProvider().open(config().build())) {
      VerifyResult v = c.verify();
      assertThat(v.callsSpent()).isEqualTo(2).isEqualTo(sim.requestLog().count());
      assertThat(v.organizationId()).isEqualTo(sim.businessUnitId());
      assertThat(v.systemDailyLimit()).hasValue(100_000);
      assertThat(v.systemRemaining()).hasValue(100_000 - 1);
      assertThat(v.permissions()).contains("pardot_api");
      assertThat(sim.requestLog().entries().get(1).query()).isEqualTo("fields=id&limit=1");
    }
  }

  @Test
  void aWrongBusinessUnitIsAConfigurationErrorAndAUserWithoutAccessAPermissionError() {
    try (Connector c =
        new PardotConnectorProvider()
            .open(config().setting("businessUnitId", "0Uv5e000000NoPeCAA").build())) {
      Throwable t = catchThrowable(c::verify);
      assertThat(t)
          .isInstanceOf(ConfigurationException.class)
          .hasMessageContaining("201")
          .hasMessageContaining("host=demo");
    }
    Throwable malformed =
        catchThrowable(
            () ->
                new PardotConnectorProvider()
                    .open(config().setting("businessUnitId", "123").build()));
    assertThat(malformed).isInstanceOf(ConfigurationException.class).hasMessageContaining("0Uv");
    sim.setUserHasAccess(false);
    try (Connector c = new PardotConnectorProvider().open(config().build())) {
      assertThat(catchThrowable(c::verify))
          .isInstanceOf(PermissionException.class)
          .hasMessageContaining("49");
    }
  }

  @Test
  void theJwtBearerFlowLogsInAsTheUsernameAndAWrongUserIsAnAuthenticationError() throws Exception {
    java.security.KeyPairGenerator g = java.security.KeyPairGenerator.getInstance("RSA");
    g.initialize(2048);
    String pem =
        "-----BEGIN PRIVATE KEY-----\n"
            + java.util.Base64.getMimeEncoder()
                .encodeToString(g.generateKeyPair().getPrivate().getEncoded())
            + "\n-----END PRIVATE KEY-----\n";
    Map<String, String> s = sim.connectionSettings();
    ConnectionConfig.Builder jwt =
        ConnectionConfig.builder("t/pardot")
            .baseUrl(s.get("baseUrl"))
            .clock(clock)
            .quotaPolicy(QuotaPolicy.unlimited())
            .setting("loginUrl", s.get("loginUrl"))
            .setting("clientId", s.get("clientId"))
            .setting("businessUnitId", s.get("businessUnitId"))
            .setting("authFlow", "jwt")
            .secret("privateKey", pem);
    try (Connector c =
        new PardotConnectorProvider().open(jwt.setting("username", sim.username()).build())) {
      assertThat(c.verify().callsSpent()).isEqualTo(2);
    }
    try (Connector c =
        new PardotConnectorProvider()
            .open(jwt.setting("username", "someone@else.example").build())) {
      assertThat(catchThrowable(c::verify))
          .isInstanceOf(dev.revsync.AuthenticationException.class)
          .hasMessageContaining("JWT bearer")
          .hasMessageNotContaining("BEGIN PRIVATE KEY");
    }
    Throwable badKey =
        catchThrowable(
            () -> new PardotConnectorProvider().open(jwt.secret("privateKey", "nope").build()));
    assertThat(badKey)
        .isInstanceOf(ConfigurationException.class)
        .hasMessageContaining("privateKey");
  }

  @Test
  void pardotWarningHeadersSplitOnUnescapedCommasAndSemicolons() {
    List<String[]> w = PardotErrors.warnings("201;Record In Recycle Bin,203;a\\, b\\; c");
    assertThat(w).hasSize(2);
    assertThat(w.get(0)).containsExactly("201", "Record In Recycle Bin");
    assertThat(w.get(1)).containsExactly("203", "a, b; c");
  }
}
