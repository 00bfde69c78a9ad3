package dev.revsync.simulators.salesforce;

import static dev.revsync.simulators.salesforce.SfClient.enc;
import static org.assertj.core.api.Assertions.assertThat;

import dev.revsync.simulators.SimulatedClock;
import dev.revsync.spi.JwtAssertion;
import java.nio.charset.StandardCharsets;
import java.security.PrivateKey;
import java.time.Duration;
import java.util.Base64;
import java.util.Map;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;
import okhttp3.MediaType;
import okhttp3.RequestBody;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

class SalesforceAuthTest {
  private static JwtKeys keys;
  private static JwtKeys otherKeys;
  private final SimulatedClock clock = SimulatedClock.at("2026-11-28T00:00:00Z");
  private SalesforceSimulator sim;
  private SfClient client;
  private Map<String, String> settings;

  @BeforeAll
  static void keys() {
    keys = JwtKeys.generate();
    otherKeys = JwtKeys.generate();
  }

  @AfterAll
  static void forget() {
    keys = null;
    otherKeys = null;
  }

  @BeforeEach
  void start() {
    sim = SalesforceSimulator.builder().clock(clock).jwtKeys(keys).authFlow("jwt").start();
    client = new SfClient(sim.baseUrl());
    settings = sim.connectionSettings();
  }

  @AfterEach
  void stop() {
    client.close();
    sim.close();
  }

  private SfClient.Reply token(String form) {
    return client.form("/services/oauth2/token", form);
  }

  private String refreshForm(String refreshToken) {
    return "grant_type=refresh_token&refresh_token="
        + enc(refreshToken)
        + "&client_id="
        + enc(settings.get("clientId"))
        + "&client_secret="
        + enc(settings.get("clientSecret"));
  }

  /**
   * The client's side of the grant, signed by core's {@link JwtAssertion} as the connectors sign
   * it; any {@code exp}.
   */
  private String jwt(PrivateKey key, String iss, String sub, String aud, long exp) {
    Map<String, Object> claims = JwtAssertion.bearerClaims(iss, sub, aud, clock.instant());
    claims.put("exp", exp);
    return JwtAssertion.sign(claims, key);
  }

  private String jwtForm(String assertion) {
    return "grant_type=" + enc(OAuthEndpoint.JWT_GRANT) + "&assertion=" + enc(assertion);
  }

  private long inThreeMinutes() {
    return clock.instant().plusSeconds(180).getEpochSecond();
  }

  @Test
  void connectionSettingsNameExactlyTheConnectorKeys() {
    assertThat(settings.keySet())
        .containsExactly(
            "baseUrl",
            "loginUrl",
            "clientId",
            "clientSecret",
            "refreshToken",
            "authFlow",
            "username",
            "privateKey",
            "apiVersion");
    assertThat(settings)
        .containsEntry("loginUrl", sim.baseUrl())
        .containsEntry("authFlow", "jwt")
        .containsEntry("apiVersion", "66.0");
    assertThat(settings.get("privateKey")).startsWith("-----BEGIN PRIVATE KEY-----");
    assertThat(keys.toString()).doesNotContain(settings.get("privateKey").substring(30, 60));
  }

  @Test
  void refreshGrantReturnsASignedTokenForTheInstance() throws Exception {
    SfClient.Reply r = token(refreshForm(settings.get("refreshToken")));
    assertThat(r.code()).isEqualTo(200);
    Map<String, Object> m = r.map();
    assertThat(m)
        .containsEntry("instance_url", sim.baseUrl())
        .containsEntry("token_type", "Bearer")
        .doesNotContainKey("refresh_token")
        .doesNotContainKey("expires_in");
    assertThat((String) m.get("access_token"))
        .startsWith(sim.organizationId().substring(0, 15) + "!");
    assertThat((String) m.get("id"))
        .endsWith("/id/" + sim.organizationId() + "/" + SfIds.of("005", 0));
    assertThat(m.get("issued_at")).isEqualTo(Long.toString(clock.instant().toEpochMilli()));
    Mac mac = Mac.getInstance("HmacSHA256");
    mac.init(
        new SecretKeySpec(
            settings.get("clientSecret").getBytes(StandardCharsets.UTF_8), "HmacSHA256"));
    String expected =
        Base64.getEncoder()
            .encodeToString(
                mac.doFinal(
                    (m.get("id") + (String) m.get("issued_at")).getBytes(StandardCharsets.UTF_8)));
    assertThat(m.get("signature")).isEqualTo(expected);
    SfClient.Reply identity =
        client.get(
            ((String) m.get("id")).substring(sim.baseUrl().length()),
            (String) m.get("access_token"));
    assertThat(identity.map())
        .containsEntry("username", "integration@revsync-sim.example.com")
        .containsEntry("organization_id", sim.organizationId());
  }

  @Test
  void refreshGrantAcceptsBasicClientCredentials() {
    String basic =
        Base64.getEncoder()
            .encodeToString(
                (settings.get("clientId") + ":" + settings.get("clientSecret"))
                    .getBytes(StandardCharsets.UTF_8));
    SfClient.Reply r =
        client.send(
            client
                .request("/services/oauth2/token", null)
                .header("Authorization", "Basic " + basic)
                .post(
                    RequestBody.create(
                        "grant_type=refresh_token&refresh_token="
                            + enc(settings.get("refreshToken")),
                        MediaType.get("application/x-www-form-urlencoded")))
                .build());
    assertThat(r.code()).isEqualTo(200);
  }

  @Test
  void refreshGrantErrorsHaveSalesforceBodies() {
    assertThat(
            token("grant_type=refresh_token&refresh_token=x&client_id=nobody&client_secret=y")
                .map())
        .containsEntry("error", "invalid_client_id")
        .containsEntry("error_description", "client identifier invalid");
    SfClient.Reply badSecret =
        token(
            "grant_type=refresh_token&refresh_token="
                + enc(settings.get("refreshToken"))
                + "&client_id="
                + enc(settings.get("clientId"))
                + "&client_secret=wrong");
    assertThat(badSecret.code()).isEqualTo(400);
    assertThat(badSecret.map())
        .containsEntry("error", "invalid_client")
        .containsEntry("error_description", "invalid client credentials");
    assertThat(token(refreshForm("5Aep861notatoken")).map())
        .containsEntry("error", "invalid_grant")
        .containsEntry("error_description", "expired access/refresh token");
    assertThat(token("grant_type=authorization_code&code=x").map())
        .containsEntry("error", "unsupported_grant_type");
  }

  @Test
  void revokedRefreshTokenEndsItsSessionsAndCannotRefresh() {
    String access = client.login(sim);
    sim.revokeRefreshTokens();
    assertThat(token(refreshForm(settings.get("refreshToken"))).map())
        .containsEntry("error", "invalid_grant");
    SfClient.Reply call = client.get("/services/data/v66.0/limits", access);
    assertThat(call.code()).isEqualTo(401);
    assertThat(call.body())
        .isEqualTo(
            "[{\"message\":\"Session expired or invalid\",\"errorCode\":\"INVALID_SESSION_ID\"}]");
  }

  @Test
  void rotationReturnsANewRefreshTokenAndKillsTheOldOne() {
    try (SalesforceSimulator rotating =
            SalesforceSimulator.builder().clock(clock).rotateRefreshTokens(true).start();
        SfClient c = new SfClient(rotating.baseUrl())) {
      Map<String, String> s = rotating.connectionSettings();
      String form =
          "grant_type=refresh_token&client_id="
              + enc(s.get("clientId"))
              + "&client_secret="
              + enc(s.get("clientSecret"))
              + "&refresh_token=";
      SfClient.Reply first = c.form("/services/oauth2/token", form + enc(s.get("refreshToken")));
      String rotated = (String) first.map().get("refresh_token");
      assertThat(rotated).isNotNull().isNotEqualTo(s.get("refreshToken"));
      assertThat(c.form("/services/oauth2/token", form + enc(s.get("refreshToken"))).map())
          .containsEntry("error", "invalid_grant");
      assertThat(c.form("/services/oauth2/token", form + enc(rotated)).code()).isEqualTo(200);
    }
  }

  @Test
  void clientCredentialsRunsAsTheConfiguredUserWithoutARefreshToken() {
    SfClient.Reply r =
        token(
            "grant_type=client_credentials&client_id="
                + enc(settings.get("clientId"))
                + "&client_secret="
                + enc(settings.get("clientSecret")));
    assertThat(r.code()).isEqualTo(200);
    assertThat(r.map()).doesNotContainKey("refresh_token").containsKey("access_token");
    assertThat(
            token(
                    "grant_type=client_credentials&client_id="
                        + enc(settings.get("clientId"))
                        + "&client_secret=nope")
                .map())
        .containsEntry("error", "invalid_client");
    try (SalesforceSimulator none =
            SalesforceSimulator.builder().clock(clock).clientCredentialsUser(null).start();
        SfClient c = new SfClient(none.baseUrl())) {
      Map<String, String> s = none.connectionSettings();
      assertThat(
              c.form(
                      "/services/oauth2/token",
                      "grant_type=client_credentials&client_id="
                          + enc(s.get("clientId"))
                          + "&client_secret="
                          + enc(s.get("clientSecret")))
                  .map())
          .containsEntry("error", "invalid_grant")
          .containsEntry("error_description", "no client credentials user enabled");
    }
  }

  @Test
  void jwtSignedWithTheConfiguredKeyIsAccepted() throws Exception {
    SfClient.Reply r =
        token(
            jwtForm(
                jwt(
                    keys.privateKey(),
                    settings.get("clientId"),
                    settings.get("username"),
                    "https://login.salesforce.com",
                    inThreeMinutes())));
    assertThat(r.code()).as(r.body()).isEqualTo(200);
    assertThat(r.map())
        .containsKeys("access_token", "instance_url", "id", "token_type", "scope")
        .doesNotContainKey("refresh_token");
    assertThat(
            client.get("/services/data/v66.0/limits", (String) r.map().get("access_token")).code())
        .isEqualTo(200);
  }

  @Test
  void jwtSignedWithAnotherKeyIsAnInvalidAssertion() throws Exception {
    SfClient.Reply r =
        token(
            jwtForm(
                jwt(
                    otherKeys.privateKey(),
                    settings.get("clientId"),
                    settings.get("username"),
                    "https://login.salesforce.com",
                    inThreeMinutes())));
    assertThat(r.code()).isEqualTo(400);
    assertThat(r.map())
        .containsEntry("error", "invalid_grant")
        .containsEntry("error_description", "invalid assertion");
    String good =
        jwt(
            keys.privateKey(),
            settings.get("clientId"),
            settings.get("username"),
            "https://login.salesforce.com",
            inThreeMinutes());
    String tampered =
        good.substring(0, good.lastIndexOf('.') - 4)
            + "AAAA"
            + good.substring(good.lastIndexOf('.'));
    assertThat(token(jwtForm(tampered)).map()).containsEntry("error", "invalid_grant");
    assertThat(token(jwtForm("not.a.jwt")).map()).containsEntry("error", "invalid_grant");
  }

  @Test
  void jwtClaimsAreChecked() throws Exception {
    String id = settings.get("clientId");
    String user = settings.get("username");
    assertThat(
            token(
                    jwtForm(
                        jwt(
                            keys.privateKey(),
                            id,
                            user,
                            "https://evil.example.com",
                            inThreeMinutes())))
                .map())
        .containsEntry("error_description", "audience is invalid");
    long expired = clock.instant().minus(Duration.ofMinutes(10)).getEpochSecond();
    assertThat(
            token(jwtForm(jwt(keys.privateKey(), id, user, "https://test.salesforce.com", expired)))
                .map())
        .containsEntry("error", "invalid_grant");
    assertThat(
            token(
                    jwtForm(
                        jwt(
                            keys.privateKey(),
                            "unknown-client",
                            user,
                            "https://login.salesforce.com",
                            inThreeMinutes())))
                .map())
        .containsEntry("error", "invalid_client_id");
    assertThat(
            token(
                    jwtForm(
                        jwt(
                            keys.privateKey(),
                            id,
                            "stranger@example.com",
                            "https://login.salesforce.com",
                            inThreeMinutes())))
                .map())
        .containsEntry("error_description", "user hasn't approved this consumer");
    assertThat(
            token(
                    jwtForm(
                        jwt(
                            keys.privateKey(),
                            id,
                            "inactive@revsync-sim.example.com",
                            "https://login.salesforce.com",
                            inThreeMinutes())))
                .map())
        .containsEntry("error", "inactive_user");
  }

  @Test
  void passwordGrantNeedsThePasswordWithTheSecurityToken() {
    String base =
        "grant_type=password&client_id="
            + enc(settings.get("clientId"))
            + "&client_secret="
            + enc(settings.get("clientSecret"))
            + "&username="
            + enc("integration@revsync-sim.example.com");
    assertThat(token(base + "&password=" + enc("Passw0rd!")).map())
        .containsEntry("error", "invalid_grant")
        .containsEntry("error_description", "authentication failure");
    assertThat(token(base + "&password=" + enc("Passw0rd!SIMSECURITYTOKEN1")).code())
        .isEqualTo(200);
  }

  @Test
  void expiredSessionsAnswerInvalidSessionIdAndARefreshRecovers() {
    String access = client.login(sim);
    assertThat(client.get("/services/data/v66.0/limits", access).code()).isEqualTo(200);
    sim.expireSessions();
    SfClient.Reply expired = client.get("/services/data/v66.0/limits", access);
    assertThat(expired.code()).isEqualTo(401);
    assertThat(expired.error())
        .containsEntry("errorCode", "INVALID_SESSION_ID")
        .containsEntry("message", "Session expired or invalid");
    assertThat(client.get("/services/data/v66.0/limits", client.login(sim)).code()).isEqualTo(200);
  }

  @Test
  void sessionsTimeOutAfterTwoIdleHoursButNotWhileUsed() {
    String access = client.login(sim);
    for (int i = 0; i < 4; i++) {
      clock.advance(Duration.ofMinutes(90));
      assertThat(client.get("/services/data/v66.0/limits", access).code()).isEqualTo(200);
    }
    clock.advance(Duration.ofHours(2).plusSeconds(1));
    assertThat(client.get("/services/data/v66.0/limits", access).code()).isEqualTo(401);
  }

  @Test
  void faultPlanTokenExpiryAppliesToRestCalls() {
    sim.faults().expireTokensAfter(2);
    String access = client.login(sim);
    assertThat(client.get("/services/data/v66.0/limits", access).code()).isEqualTo(200);
    assertThat(client.get("/services/data/v66.0/limits", access).code()).isEqualTo(200);
    assertThat(client.get("/services/data/v66.0/limits", access).code()).isEqualTo(401);
  }

  @Test
  void usersWithoutApiPermissionAreRefused() {
    String form =
        "grant_type=password&client_id="
            + enc(settings.get("clientId"))
            + "&client_secret="
            + enc(settings.get("clientSecret"))
            + "&username="
            + enc("noapi@revsync-sim.example.com")
            + "&password="
            + enc("Passw0rd!SIMSECURITYTOKEN3");
    String access = (String) token(form).map().get("access_token");
    SfClient.Reply r = client.get("/services/data/v66.0/sobjects", access);
    assertThat(r.code()).isEqualTo(403);
    assertThat(r.error()).containsEntry("errorCode", "API_CURRENTLY_DISABLED");
  }
}
