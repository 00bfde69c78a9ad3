package dev.revsync.salesforce;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.revsync.Activity;
import dev.revsync.AuthenticationException;
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
import dev.revsync.simulators.salesforce.SalesforceSimulator;
import java.math.BigDecimal;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.UnaryOperator;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** SOAP writes and each login flow against the Salesforce simulator. */
class SalesforceWriteAndLoginTest {
  final SimulatedClock clock = SimulatedClock.at("2026-11-28T09:00:00Z");
  SalesforceSimulator sim;
  Connector connector;

  @AfterEach
  void close() {
    if (connector != null) connector.close();
    if (sim != null) sim.close();
  }

  void start(UnaryOperator<SalesforceSimulator.Builder> options) {
    sim = options.apply(SalesforceSimulator.builder().clock(clock)).start();
  }

  ConnectionConfig.Builder config() {
    ConnectionConfig.Builder b =
        ConnectionConfig.builder("test/salesforce").clock(clock).readTimeout(Duration.ofSeconds(5));
    sim.connectionSettings()
        .forEach(
            (k, v) -> {
              if (k.equals("baseUrl")) b.baseUrl(v);
              else if (Set.of("clientSecret", "refreshToken", "privateKey").contains(k))
                b.secret(k, v);
              else b.setting(k, v);
            });
    return b;
  }

  Connector open(ConnectionConfig.Builder config) {
    connector = new SalesforceConnectorProvider().open(config.build());
    return connector;
  }

  static Map<String, Object> score(int i) {
    Map<String, Object> m = new LinkedHashMap<>();
    m.put("Score__c", BigDecimal.valueOf(i % 10_000, 2));
    m.put("Score_Reason__c", i % 2 == 0 ? null : "reason " + i);
    return m;
  }

  // ---- writes -----------------------------------------------------------------------------------

  @Test
  void tenThousandScoresTakeFiftySoapCallsOfTwoHundred() {
    start(b -> b.records("Contact", 10_000));
    List<SimRecord> contacts = sim.table("Contact").stream(false).toList();
    List<WriteItem> items = new ArrayList<>();
    for (int i = 0; i < 10_000; i++) items.add(WriteItem.of(contacts.get(i).id(), score(i)));
    WriteResult result =
        open(config())
            .write(WriteRequest.builder("Contact", Activity.SCORE_EXPORT).items(items).build());
    assertThat(result.status()).isEqualTo(WriteResult.Status.COMPLETED);
    assertThat(result.succeeded()).isEqualTo(10_000);
    assertThat(sim.requestLog().count("/services/Soap/u/"))
        .as("SOAP calls for 10,000 records")
        .isEqualTo(50);
    assertThat(result.callsSpent()).as("the SOAP calls and one token").isEqualTo(51);
    SimRecord written = sim.table("Contact").get(contacts.get(7).id());
    assertThat(written.get("Score__c")).isEqualTo(new BigDecimal("0.07"));
    assertThat(written.get("Score_Reason__c")).isEqualTo("reason 7");
    assertThat(sim.table("Contact").get(contacts.get(8).id()).get("Score_Reason__c"))
        .as("cleared by fieldsToNull")
        .isNull();
    assertThat(connector.usage().spent(Activity.SCORE_EXPORT))
        .as("the token call is usage of LOGIN")
        .isEqualTo(50);
    assertThat(connector.usage().spent()).isEqualTo(51);
  }

  @Test
  void upsertOnTheExternalIdCreatesAndUpdatesAndReportsPerRecordErrors() {
    start(b -> b.records("Contact", 50));
    SimRecord existing =
        sim.table("Contact").stream(false)
            .filter(r -> r.get("External_Id__c") != null)
            .findFirst()
            .orElseThrow();
    String existingKey = (String) existing.get("External_Id__c");
    Map<String, Object> create = new LinkedHashMap<>(score(1));
    create.put("LastName", "Newperson");
    Map<String, Object> bad = new LinkedHashMap<>();
    bad.put("Score__c", "not a number");
    List<WriteItem> items =
        List.of(
            WriteItem.of(existingKey, score(2)),
            WriteItem.of("CON-NEW-0001", create),
            WriteItem.of("CON-NEW-0002", bad));
    WriteResult result =
        open(config())
            .write(
                WriteRequest.builder("Contact", Activity.ENRICHMENT)
                    .upsertOn("External_Id__c")
                    .items(items)
                    .build());
    assertThat(result.status()).isEqualTo(WriteResult.Status.COMPLETED);
    List<WriteOutcome> outcomes = result.outcomes();
    assertThat(outcomes.get(0).status()).isEqualTo(WriteOutcome.Status.SUCCEEDED);
    assertThat(outcomes.get(0).id()).isEqualTo(existing.id());
    assertThat(outcomes.get(0).created()).isFalse();
    assertThat(outcomes.get(1).status()).isEqualTo(WriteOutcome.Status.SUCCEEDED);
    assertThat(outcomes.get(1).created()).isTrue();
    assertThat(sim.table("Contact").get(outcomes.get(1).id()).get("LastName"))
        .isEqualTo("Newperson");
    WriteOutcome failed = outcomes.get(2);
    assertThat(failed.status()).isEqualTo(WriteOutcome.Status.FAILED);
    assertThat(failed.index()).isEqualTo(2);
    assertThat(failed.key()).isEqualTo("CON-NEW-0002");
    assertThat(failed.code()).isNotBlank();
    assertThat(failed.message()).isNotBlank();
  }

  @Test
  void anExpiredSessionMidWriteIsRefreshedAndTheBatchSentAgainOnce() {
    start(b -> b.records("Contact", 600));
    List<SimRecord> contacts = sim.table("Contact").stream(false).toList();
    List<WriteItem> items = new ArrayList<>();
    for (int i = 0; i < 600; i++) items.add(WriteItem.of(contacts.get(i).id(), score(i)));
    sim.faults().expireTokensAfter(2);
    WriteResult result =
        open(config())
            .write(WriteRequest.builder("Contact", Activity.ENRICHMENT).items(items).build());
    assertThat(result.status()).as("%s", result).isEqualTo(WriteResult.Status.COMPLETED);
    assertThat(result.succeeded()).isEqualTo(600);
    assertThat(sim.requestLog().count(e -> e.path().contains("/Soap/") && e.status() == 500))
        .as("INVALID_SESSION_ID faults")
        .isEqualTo(1);
    assertThat(sim.requestLog().count(e -> e.path().endsWith("/oauth2/token"))).isEqualTo(2);
    assertThat(sim.requestLog().count(e -> e.path().contains("/Soap/") && e.status() == 200))
        .isEqualTo(3);
  }

  @Test
  void theOrgsAllocationRunningOutMidWriteLeavesTheRestAsBacklog() {
    start(b -> b.records("Contact", 600));
    List<SimRecord> contacts = sim.table("Contact").stream(false).toList();
    List<WriteItem> items = new ArrayList<>();
    for (int i = 0; i < 600; i++) items.add(WriteItem.of(contacts.get(i).id(), score(i)));
    sim.setRemainingDailyApiRequests(1);
    WriteResult result =
        open(config().quotaPolicy(QuotaPolicy.unlimited()))
            .write(WriteRequest.builder("Contact", Activity.ENRICHMENT).items(items).build());
    assertThat(result.status()).isEqualTo(WriteResult.Status.QUOTA_EXHAUSTED);
    assertThat(result.succeeded()).isEqualTo(200);
    assertThat(result.failures()).isEmpty();
    assertThat(result.backlog()).hasSize(400).first().isEqualTo(items.get(200));
    assertThat(sim.requestLog().count(e -> e.path().contains("/Soap/") && e.status() == 500))
        .as("the LimitInfoHeader said none was left: no refused call")
        .isZero();
  }

  // ---- login flows ------------------------------------------------------------------------------

  @Test
  void verifyReportsOrgUserAndTheDailyAllowanceInTwoCalls() {
    start(b -> b.dailyApiRequests(15_000));
    VerifyResult result = open(config()).verify();
    assertThat(result.organizationId()).isEqualTo(sim.organizationId());
    assertThat(result.user()).isNotBlank();
    assertThat(result.systemDailyLimit()).hasValue(15_000);
    assertThat(result.systemRemaining()).isPresent();
    assertThat(result.callsSpent()).isEqualTo(2).isEqualTo(sim.requestLog().count());
  }

  @Test
  void jwtBearerFlowLogsInWithTheJdkSignedAssertion() {
    start(b -> b.authFlow("jwt"));
    VerifyResult result = open(config()).verify();
    assertThat(result.organizationId()).isEqualTo(sim.organizationId());
    assertThat(result.details()).containsEntry("authFlow", "jwt");
  }

  @Test
  void clientCredentialsFlowLogsInAsTheRunAsUser() {
    start(b -> b.authFlow("client_credentials"));
    VerifyResult result = open(config()).verify();
    assertThat(result.organizationId()).isEqualTo(sim.organizationId());
    assertThat(result.details()).containsEntry("authFlow", "client_credentials");
  }

  @Test
  void aRevokedRefreshTokenSaysTheCustomerMustReconnect() {
    start(b -> b);
    sim.revokeRefreshTokens();
    assertThatThrownBy(() -> open(config()).verify())
        .isInstanceOf(AuthenticationException.class)
        .hasMessageContaining("invalid_grant")
        .hasMessageContaining("reconnect");
  }

  @Test
  void aWrongClientIdIsNamed() {
    start(b -> b);
    assertThatThrownBy(() -> open(config().setting("clientId", "3MVG9unknown")).verify())
        .isInstanceOf(AuthenticationException.class)
        .hasMessageContaining("invalid_client_id")
        .hasMessageContaining("consumer key");
  }

  @Test
  void anInactiveUserIsNamed() {
    start(b -> b.authFlow("jwt").inactiveUser("gone@revsync-sim.example.com"));
    assertThatThrownBy(
            () -> open(config().setting("username", "gone@revsync-sim.example.com")).verify())
        .isInstanceOf(AuthenticationException.class)
        .hasMessageContaining("inactive_user")
        .hasMessageContaining("reactivate");
  }

  @Test
  void aUserWithoutApiPermissionIsAPermissionError() {
    start(b -> b.authFlow("jwt").userWithoutApiPermission("noapi@revsync-sim.example.com"));
    assertThatThrownBy(
            () -> open(config().setting("username", "noapi@revsync-sim.example.com")).verify())
        .isInstanceOf(PermissionException.class)
        .hasMessageContaining("API_CURRENTLY_DISABLED")
        .hasMessageContaining("API Enabled");
  }
}
