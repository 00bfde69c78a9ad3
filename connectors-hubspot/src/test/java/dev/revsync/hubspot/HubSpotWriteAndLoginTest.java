package dev.revsync.hubspot;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowable;

import dev.revsync.Activity;
import dev.revsync.AuthenticationException;
import dev.revsync.Checkpoint;
import dev.revsync.ConfigurationException;
import dev.revsync.ConnectionConfig;
import dev.revsync.Connector;
import dev.revsync.PermissionException;
import dev.revsync.QuotaPolicy;
import dev.revsync.Record;
import dev.revsync.RecordSink;
import dev.revsync.SyncMode;
import dev.revsync.SyncRequest;
import dev.revsync.SyncResult;
import dev.revsync.VerifyResult;
import dev.revsync.WriteItem;
import dev.revsync.WriteOutcome;
import dev.revsync.WriteRequest;
import dev.revsync.WriteResult;
import dev.revsync.simulators.SimRecord;
import dev.revsync.simulators.SimulatedClock;
import dev.revsync.simulators.hubspot.HubSpotSimulator;
import java.math.BigDecimal;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** hubspot-crm's login, auth failures, writes and wide property lists against the simulator. */
class HubSpotWriteAndLoginTest {
  private final SimulatedClock clock = SimulatedClock.at("2026-11-28T00:30:00Z");
  private final List<AutoCloseable> open = new ArrayList<>();

  @AfterEach
  void close() throws Exception {
    for (AutoCloseable c : open) c.close();
  }

  private HubSpotSimulator sim(HubSpotSimulator.Builder b) {
    HubSpotSimulator sim = b.clock(clock).records("contacts", 300).start();
    open.add(sim);
    return sim;
  }

  private Connector open(ConnectionConfig.Builder config) {
    Connector c =
        new HubSpotCrmConnectorProvider()
            .open(config.clock(clock).quotaPolicy(QuotaPolicy.unlimited()).build());
    open.add(c);
    return c;
  }

  private static ConnectionConfig.Builder privateApp(HubSpotSimulator sim) {
    return ConnectionConfig.builder("test/hubspot-crm")
        .baseUrl(sim.baseUrl())
        .secret("privateAppToken", sim.privateAppToken());
  }

  private static ConnectionConfig.Builder oauth(HubSpotSimulator sim) {
    Map<String, String> s = sim.oauthConnectionSettings();
    return ConnectionConfig.builder("test/hubspot-crm-oauth")
        .baseUrl(sim.baseUrl())
        .setting("clientId", s.get("clientId"))
        .secret("clientSecret", s.get("clientSecret"))
        .secret("refreshToken", s.get("refreshToken"));
  }

  @Test
  void verifyReportsThePortalItsTierTimeZoneAndDailyLimit() {
    HubSpotSimulator sim =
        sim(HubSpotSimulator.builder().accountType("SANDBOX").dailyLimit(625_000));
    VerifyResult r = open(privateApp(sim)).verify();
    assertThat(r.organizationId()).isEqualTo("123456");
    assertThat(r.details())
        .containsEntry("accountType", "SANDBOX")
        .containsEntry("timeZone", "US/Eastern");
    assertThat(r.systemDailyLimit()).hasValue(625_000);
    assertThat(r.systemRemaining()).hasValue(625_000 - 2);
    assertThat(r.callsSpent()).isEqualTo(2);
  }

  @Test
  void oauthVerifyReportsTheTokensScopes() {
    HubSpotSimulator sim = sim(HubSpotSimulator.builder());
    VerifyResult r = open(oauth(sim)).verify();
    assertThat(r.permissions()).contains("crm.objects.contacts.read", "crm.objects.contacts.write");
    assertThat(r.systemRemaining()).as("OAuth calls carry no daily headers").isEmpty();
  }

  @Test
  void aMissingScopeFailsVerifyWithAPermissionErrorNamingIt() {
    HubSpotSimulator sim =
        sim(HubSpotSimulator.builder().scopes(Set.of("crm.objects.companies.read")));
    Throwable t = catchThrowable(() -> open(privateApp(sim)).verify());
    assertThat(t)
        .isInstanceOf(PermissionException.class)
        .hasMessageContaining("crm.objects.contacts.read")
        .hasMessageContaining("MISSING_SCOPES")
        .hasMessageStartingWith("hubspot-crm: ");
  }

  @Test
  void aRevokedRefreshTokenIsAnAuthenticationErrorInBothOfHubSpotsErrorShapes() {
    for (boolean withOAuthError : List.of(true, false)) {
      HubSpotSimulator sim =
          sim(HubSpotSimulator.builder().badRefreshTokenCarriesOAuthError(withOAuthError));
      String refreshToken = sim.oauthConnectionSettings().get("refreshToken");
      sim.revokeRefreshToken();
      Throwable t =
          catchThrowable(() -> open(oauth(sim).secret("refreshToken", refreshToken)).verify());
      assertThat(t)
          .as("with error=invalid_grant: %s", withOAuthError)
          .isInstanceOf(AuthenticationException.class);
      assertThat(t.getMessage())
          .doesNotContain(refreshToken)
          .doesNotContain(sim.oauthConnectionSettings().get("clientSecret"));
    }
  }

  @Test
  void aRotatedRefreshTokenGoesToTheCredentialListenerAndTokensAreRefreshedBeforeTheyExpire() {
    HubSpotSimulator sim =
        sim(
            HubSpotSimulator.builder()
                .rotateRefreshTokens(true)
                .tokenLifetime(Duration.ofMinutes(30)));
    Map<String, String> stored = new ConcurrentHashMap<>();
    Connector c = open(oauth(sim).credentialListener((id, key, value) -> stored.put(key, value)));
    c.verify();
    assertThat(stored)
        .containsEntry("refreshToken", sim.oauthConnectionSettings().get("refreshToken"));
    clock.advance(Duration.ofMinutes(29).plusSeconds(30));
    c.verify();
    assertThat(sim.accessTokensIssued()).as("a new token before the old one expired").isEqualTo(2);
    assertThat(sim.requestLog().count(e -> e.status() == 401))
        .as("calls refused for an expired token")
        .isZero();
  }

  @Test
  void upsertOnEmailMapsEachResultAndErrorToItsItemAndSplitsDuplicateKeys() {
    HubSpotSimulator sim = sim(HubSpotSimulator.builder());
    List<SimRecord> contacts = sim.table("contacts").stream(false).limit(3).toList();
    String existing = ((String) contacts.get(0).get("email")).toUpperCase(Locale.ROOT);
    List<WriteItem> items =
        List.of(
            WriteItem.of(existing, Map.of("annualrevenue", new BigDecimal("87"))),
            WriteItem.of("brand.new@example.com", Map.of("firstname", "Brand")),
            WriteItem.of(
                (String) contacts.get(1).get("email"), Map.of("annualrevenue", "not a number")),
            WriteItem.of(existing, Map.of("jobtitle", "Second write")));
    Connector c = open(privateApp(sim));
    int before = sim.requestLog().count();
    WriteResult r =
        c.write(
            WriteRequest.builder("contacts", Activity.SCORE_EXPORT)
                .upsertOn("email")
                .items(items)
                .build());
    assertThat(sim.requestLog().count() - before)
        .as("the duplicate key goes in a second call")
        .isEqualTo(2);
    List<WriteOutcome> o = r.outcomes();
    assertThat(o.get(0).status()).isEqualTo(WriteOutcome.Status.SUCCEEDED);
    assertThat(o.get(0).id()).isEqualTo(contacts.get(0).id());
    assertThat(o.get(1).status()).isEqualTo(WriteOutcome.Status.SUCCEEDED);
    assertThat(o.get(1).created()).isTrue();
    assertThat(o.get(2).status()).isEqualTo(WriteOutcome.Status.FAILED);
    assertThat(o.get(2).code()).isEqualTo("VALIDATION_ERROR");
    assertThat(o.get(2).fields()).containsExactly("annualrevenue");
    assertThat(o.get(3).status()).isEqualTo(WriteOutcome.Status.SUCCEEDED);
    SimRecord after = sim.table("contacts").get(contacts.get(0).id());
    assertThat(after.get("annualrevenue")).isEqualTo(new BigDecimal("87"));
    assertThat(after.get("jobtitle")).isEqualTo("Second write");
  }

  @Test
  void missingCustomPropertiesAreCreatedInTheRevsyncGroupWhenTheHostAsksAndHsNamesNever() {
    HubSpotSimulator sim = sim(HubSpotSimulator.builder());
    SimRecord contact = sim.table("contacts").stream(false).findFirst().orElseThrow();
    Connector c = open(privateApp(sim).setting("createMissingProperties", "true"));
    WriteResult r =
        c.write(
            WriteRequest.builder("contacts", Activity.SCORE_EXPORT)
                .items(
                    List.of(
                        WriteItem.of(
                            contact.id(),
                            Map.of("revsync_score", new BigDecimal("91.5"), "revsync_grade", "A"))))
                .build());
    assertThat(r.succeeded()).isEqualTo(1);
    assertThat(sim.table("contacts").get(contact.id()).get("revsync_score"))
        .isEqualTo(new BigDecimal("91.5"));
    assertThat(
            sim.requestLog()
                .count(
                    e ->
                        e.method().equals("POST")
                            && e.path().equals("/crm/v3/properties/contacts")))
        .isEqualTo(2);
    Throwable t =
        catchThrowable(
            () ->
                c.write(
                    WriteRequest.builder("contacts", Activity.SCORE_EXPORT)
                        .items(List.of(WriteItem.of(contact.id(), Map.of("hs_my_score", 1))))
                        .build()));
    assertThat(t).isInstanceOf(ConfigurationException.class).hasMessageContaining("hs_my_score");
  }

  @Test
  void propertiesThatDoNotFitTheListUrlComeByBatchReadAndEveryRecordCarriesThemAll() {
    HubSpotSimulator sim = sim(HubSpotSimulator.builder());
    Connector c = open(privateApp(sim).setting("maxUrlLength", "250"));
    List<Record> got = new ArrayList<>();
    SyncResult r =
        c.sync(
            SyncRequest.builder("contacts").mode(SyncMode.FULL).build(),
            new RecordSink() {
              @Override
              public void accept(Record record) {
                got.add(record);
              }

              @Override
              public void checkpoint(Checkpoint checkpoint) {}
            });
    assertThat(r.status()).isEqualTo(SyncResult.Status.COMPLETED);
    assertThat(got).hasSize(300);
    assertThat(sim.requestLog().count(e -> e.path().endsWith("/batch/read")))
        .as("one batch read per list page")
        .isEqualTo(3);
    SimRecord first = sim.table("contacts").get(got.get(0).id());
    assertThat(got.get(0).fields()).containsOnlyKeys(sim.crmProperties("contacts", first).keySet());
    assertThat(got.get(0).get("date_of_birth")).isEqualTo(first.get("date_of_birth"));
  }

  @Test
  void settingsProblemsAreReportedAllAtOnce() {
    Throwable t =
        catchThrowable(
            () ->
                new HubSpotCrmConnectorProvider()
                    .open(
                        ConnectionConfig.builder("x")
                            .setting("burstLimit", "lots")
                            .setting("clientId", "abc")
                            .build()));
    assertThat(t)
        .isInstanceOf(ConfigurationException.class)
        .hasMessageContaining("burstLimit must be a whole number")
        .hasMessageContaining("clientSecret is required by OAuth")
        .hasMessageContaining("refreshToken is required by OAuth");
  }
}
