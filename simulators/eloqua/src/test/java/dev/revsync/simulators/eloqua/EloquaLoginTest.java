package dev.revsync.simulators.eloqua;

import static org.assertj.core.api.Assertions.assertThat;

import dev.revsync.simulators.Simulator;
import dev.revsync.simulators.SimulatorOptions;
import dev.revsync.simulators.SimulatorProvider;
import java.time.Duration;
import java.util.Map;
import java.util.ServiceLoader;
import okhttp3.FormBody;
import okhttp3.Request;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

class EloquaLoginTest extends EloquaTestBase {
  EloquaLoginTest() {
    super(b -> b.contacts(100).accounts(10).emailOpens(10).formSubmits(10).customObjectRecords(10));
  }

  @BeforeEach
  void start() {
    start(b -> {});
  }

  private EloquaClient.Reply token(String clientAuth, String json) {
    client.authorization = clientAuth;
    return client.post(sim.baseUrl() + "/auth/oauth2/token", json);
  }

  private String clientAuth() {
    Map<String, String> s = sim.connectionSettings();
    return EloquaClient.basic(s.get("clientId") + ":" + s.get("clientSecret"));
  }

  @Test
  void idNamesTheLoopbackPodBaseAndTheBulkUrl() {
    EloquaClient.Reply id = client.get(sim.baseUrl() + "/id");
    assertThat(id.code()).isEqualTo(200);
    @SuppressWarnings("unchecked")
    Map<String, Object> urls = (Map<String, Object>) id.json().get("urls");
    assertThat((String) urls.get("base"))
        .startsWith("http://127.0.0.1:")
        .endsWith("/pod/p03")
        .isEqualTo(sim.podBaseUrl());
    assertThat(id.body())
        .contains("\"bulk\":\"" + sim.podBaseUrl() + "/API/Bulk/{version}/\"")
        .contains("\"name\":\"AcmeCorp\"")
        .contains("\"username\":\"Acme.Integration\"");
  }

  @Test
  void badCredentialsOnIdGet200WithTheNotAuthenticatedString() {
    client.authorization = EloquaClient.basic("AcmeCorp\\Acme.Integration:wrong");
    EloquaClient.Reply id = client.get(sim.baseUrl() + "/id");
    assertThat(id.code()).isEqualTo(200);
    assertThat(id.body()).isEqualTo("\"Not authenticated.\"");
    assertThat(id.headers().get("Content-Type")).startsWith("application/json");
    client.authorization = null;
    assertThat(client.get(sim.baseUrl() + "/id").body()).isEqualTo("\"Not authenticated.\"");
  }

  @Test
  void basicAuthNeedsCompanyBackslashUserAndTheExactPassword() {
    assertThat(client.get(client.bulk("/contacts/fields?limit=1")).code()).isEqualTo(200);
    client.authorization = EloquaClient.basic("acmecorp\\acme.integration:sim-Passw0rd!");
    assertThat(client.get(client.bulk("/contacts/fields?limit=1")).code()).isEqualTo(200);
    client.authorization = EloquaClient.basic("AcmeCorp\\Acme.Integration:SIM-PASSW0RD!");
    assertThat(client.get(client.bulk("/contacts/fields?limit=1")).code()).isEqualTo(401);
    client.authorization = EloquaClient.basic("Acme.Integration:sim-Passw0rd!");
    assertThat(client.get(client.bulk("/contacts/fields?limit=1")).code()).isEqualTo(401);
  }

  @Test
  void podMoveMakesTheOldBaseAnswer401AndIdNameTheNewOne() {
    String oldBase = sim.podBaseUrl();
    sim.movePod("p06");
    assertThat(client.get(oldBase + "/api/bulk/2.0/contacts/fields?limit=1").code()).isEqualTo(401);
    @SuppressWarnings("unchecked")
    Map<String, Object> urls =
        (Map<String, Object>) client.get(sim.baseUrl() + "/id").json().get("urls");
    String newBase = (String) urls.get("base");
    assertThat(newBase).endsWith("/pod/p06").isNotEqualTo(oldBase);
    assertThat(client.get(newBase + "/api/bulk/2.0/contacts/fields?limit=1").code()).isEqualTo(200);
  }

  @Test
  void refreshRotatesTheRefreshTokenAndTheUsedOneIsRefused() {
    String first = sim.connectionSettings().get("refreshToken");
    EloquaClient.Reply reply =
        token(
            clientAuth(),
            "{\"grant_type\":\"refresh_token\",\"refresh_token\":\""
                + first
                + "\",\"scope\":\"full\"}");
    assertThat(reply.code()).as(reply.body()).isEqualTo(200);
    assertThat(reply.string("token_type")).isEqualTo("bearer");
    assertThat(reply.number("expires_in")).isEqualTo(28_800);
    String access = reply.string("access_token");
    String second = reply.string("refresh_token");
    assertThat(second).isNotEqualTo(first).isEqualTo(sim.currentRefreshToken());
    assertThat(sim.connectionSettings().get("refreshToken")).isEqualTo(second);

    EloquaClient.Reply reused =
        token(
            clientAuth(),
            "{\"grant_type\":\"refresh_token\",\"refresh_token\":\""
                + first
                + "\",\"scope\":\"full\"}");
    assertThat(reused.code()).isEqualTo(400);
    assertThat(reused.string("error")).isEqualTo("invalid_grant");

    client.authorization = "Bearer " + access;
    assertThat(client.get(client.bulk("/contacts/fields?limit=1")).code()).isEqualTo(200);
    assertThat(client.get(sim.baseUrl() + "/id").json()).containsKey("urls");
  }

  @Test
  void refreshKeepsThePreviousAccessTokenValidUnlessConfiguredToRevokeIt() {
    String access =
        token(
                clientAuth(),
                "{\"grant_type\":\"refresh_token\",\"refresh_token\":\""
                    + sim.currentRefreshToken()
                    + "\"}")
            .string("access_token");
    // a form body works as well as JSON
    client.authorization = clientAuth();
    EloquaClient.Reply second =
        client.call(
            new Request.Builder()
                .url(sim.baseUrl() + "/auth/oauth2/token")
                .post(
                    new FormBody.Builder()
                        .add("grant_type", "refresh_token")
                        .add("refresh_token", sim.currentRefreshToken())
                        .build()));
    assertThat(second.code()).isEqualTo(200);
    client.authorization = "Bearer " + access;
    assertThat(client.get(client.bulk("/contacts/fields?limit=1")).code()).isEqualTo(200);

    try (EloquaSimulator revoking =
            EloquaSimulator.builder()
                .clock(clock)
                .contacts(10)
                .changesPerHour(0)
                .revokeAccessTokenOnRefresh(true)
                .start();
        EloquaClient c = new EloquaClient(revoking)) {
      c.authorization = clientAuth();
      String old =
          c.post(
                  revoking.baseUrl() + "/auth/oauth2/token",
                  "{\"grant_type\":\"refresh_token\","
                      + "\"refresh_token\":\""
                      + revoking.currentRefreshToken()
                      + "\"}")
              .string("access_token");
      c.post(
          revoking.baseUrl() + "/auth/oauth2/token",
          "{\"grant_type\":\"refresh_token\","
              + "\"refresh_token\":\""
              + revoking.currentRefreshToken()
              + "\"}");
      c.authorization = "Bearer " + old;
      assertThat(c.get(c.bulk("/contacts/fields?limit=1")).code()).isEqualTo(401);
    }
  }

  @Test
  void accessTokensExpireAfterEightHoursOfSimulatedTime() {
    String access =
        token(
                clientAuth(),
                "{\"grant_type\":\"password\",\"scope\":\"full\","
                    + "\"username\":\"AcmeCorp\\\\Acme.Integration\",\"password\":\"sim-Passw0rd!\"}")
            .string("access_token");
    client.authorization = "Bearer " + access;
    clock.advance(Duration.ofHours(8).minusSeconds(1));
    assertThat(client.get(client.bulk("/contacts/fields?limit=1")).code()).isEqualTo(200);
    clock.advance(Duration.ofSeconds(1));
    assertThat(client.get(client.bulk("/contacts/fields?limit=1")).code()).isEqualTo(401);
    assertThat(client.get(sim.baseUrl() + "/id").body()).isEqualTo("\"Not authenticated.\"");
  }

  @Test
  void tokenEndpointRefusesClientsWithoutBasicAuthAndUnknownGrants() {
    EloquaClient.Reply noClient =
        token(
            null,
            "{\"grant_type\":\"refresh_token\",\"refresh_token\":\""
                + sim.currentRefreshToken()
                + "\"}");
    assertThat(noClient.code()).isEqualTo(401);
    assertThat(noClient.string("error")).isEqualTo("invalid_client");
    assertThat(token(clientAuth(), "{\"grant_type\":\"client_credentials\"}").string("error"))
        .isEqualTo("unsupported_grant_type");
    assertThat(
            token(
                    clientAuth(),
                    "{\"grant_type\":\"password\",\"username\":\"AcmeCorp\\\\Acme.Integration\","
                        + "\"password\":\"nope\"}")
                .code())
        .isEqualTo(400);
    assertThat(
            token(
                    clientAuth(),
                    "{\"grant_type\":\"refresh_token\",\"scope\":\"read\",\"refresh_token\":\"x\"}")
                .string("error"))
        .isEqualTo("invalid_scope");
  }

  @Test
  void injectedTokenExpiryAnswers401OnBulkCalls() {
    String access =
        token(
                clientAuth(),
                "{\"grant_type\":\"refresh_token\",\"refresh_token\":\""
                    + sim.currentRefreshToken()
                    + "\"}")
            .string("access_token");
    sim.faults().expireTokensAfter(2);
    client.authorization = "Bearer " + access;
    assertThat(client.get(client.bulk("/contacts/fields?limit=1")).code()).isEqualTo(200);
    assertThat(client.get(client.bulk("/contacts/fields?limit=1")).code()).isEqualTo(200);
    assertThat(client.get(client.bulk("/contacts/fields?limit=1")).code()).isEqualTo(401);
  }

  @Test
  void connectionSettingsHaveExactlyTheConnectorKeys() {
    Map<String, String> s = sim.connectionSettings();
    assertThat(s)
        .containsOnlyKeys(
            "loginUrl",
            "company",
            "username",
            "password",
            "authFlow",
            "clientId",
            "clientSecret",
            "refreshToken");
    assertThat(s.get("loginUrl")).isEqualTo(sim.baseUrl()).startsWith("http://127.0.0.1:");
    assertThat(s.get("authFlow")).isEqualTo("oauth");
    assertThat(sim.system()).isEqualTo("eloqua");
  }

  @Test
  void providerIsRegisteredAndHonoursRecordCounts() {
    SimulatorProvider provider =
        ServiceLoader.load(SimulatorProvider.class).stream()
            .map(ServiceLoader.Provider::get)
            .filter(p -> p.system().equals("eloqua"))
            .findFirst()
            .orElseThrow();
    try (Simulator s =
        provider.start(new SimulatorOptions(3, clock, Map.of("contacts", 77L, "accounts", 5L)))) {
      assertThat(s.store().table("contacts").size(false)).isEqualTo(77);
      assertThat(s.store().table("accounts").size(false)).isEqualTo(5);
      assertThat(s.store().objects())
          .contains("activities.EmailOpen", "activities.FormSubmit", "customObjects.Purchase");
    }
  }
}
