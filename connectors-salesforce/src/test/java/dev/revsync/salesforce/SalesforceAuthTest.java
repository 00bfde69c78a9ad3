package dev.revsync.salesforce;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.revsync.AuthenticationException;
import dev.revsync.ConfigurationException;
import dev.revsync.ConnectionConfig;
import dev.revsync.PermissionException;
import dev.revsync.RevsyncException;
import dev.revsync.VerifyResult;
import dev.revsync.simulators.SimulatedClock;
import java.net.InetAddress;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.Signature;
import java.util.ArrayList;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import mockwebserver3.MockResponse;
import mockwebserver3.MockWebServer;
import mockwebserver3.RecordedRequest;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** Each OAuth flow against a scripted token endpoint, and how its failures read. */
class SalesforceAuthTest {
  static final String ORG = "00D5g000004XyZaEAK";
  static final String USER = "0055g00000AbCdEAAV";
  static final String REFRESH = "5Aep861-secret-refresh";

  MockWebServer server;
  String base;
  SimulatedClock clock = SimulatedClock.at("2026-11-28T00:30:00Z");

  @BeforeEach
  void start() throws Exception {
    server = new MockWebServer();
    server.start(InetAddress.getByName("127.0.0.1"), 0);
    base = server.url("/").toString().replaceAll("/$", "");
  }

  @AfterEach
  void stop() {
    server.close();
  }

  MockResponse token(String accessToken, String extra) {
    return new MockResponse.Builder()
        .code(200)
        .setHeader("Content-Type", "application/json")
        .body(
            "{\"access_token\":\""
                + accessToken
                + "\",\"instance_url\":\""
                + base
                + "\",\"id\":\""
                + "https://login.salesforce.com/id/"
                + ORG
                + "/"
                + USER
                + "\",\"token_type\":\"Bearer\","
                + "\"issued_at\":\"1717171717171\",\"signature\":\"x=\",\"scope\":\"api refresh_token\""
                + extra
                + "}")
        .build();
  }

  static MockResponse limits() {
    return new MockResponse.Builder()
        .code(200)
        .setHeader("Content-Type", "application/json")
        .setHeader("Sforce-Limit-Info", "api-usage=18/15000")
        .body(
            "{\"DailyApiRequests\":{\"Max\":15000,\"Remaining\":14982},"
                + "\"DailyBulkV2QueryJobs\":{\"Max\":10000,\"Remaining\":9999},\"DataStorageMB\":{\"Max\":5,\"Remaining\":5}}")
        .build();
  }

  static MockResponse restError(int code, String errorCode, String message) {
    return new MockResponse.Builder()
        .code(code)
        .setHeader("Content-Type", "application/json")
        .setHeader("Sforce-Limit-Info", "api-usage=19/15000")
        .body("[{\"message\":\"" + message + "\",\"errorCode\":\"" + errorCode + "\"}]")
        .build();
  }

  static MockResponse oauthError(int code, String error, String description) {
    return new MockResponse.Builder()
        .code(code)
        .setHeader("Content-Type", "application/json")
        .body("{\"error\":\"" + error + "\",\"error_description\":\"" + description + "\"}")
        .build();
  }

  ConnectionConfig.Builder refreshConfig() {
    return ConnectionConfig.builder("t/sf")
        .baseUrl(base)
        .clock(clock)
        .setting("clientId", "3MVG9client")
        .secret("clientSecret", "app-secret")
        .secret("refreshToken", REFRESH);
  }

  static Map<String, String> form(RecordedRequest request) {
    Map<String, String> form = new LinkedHashMap<>();
    for (String pair : request.getBody().utf8().split("&")) {
      int eq = pair.indexOf('=');
      form.put(
          URLDecoder.decode(pair.substring(0, eq), StandardCharsets.UTF_8),
          URLDecoder.decode(pair.substring(eq + 1), StandardCharsets.UTF_8));
    }
    return form;
  }

  @Test
  void refreshTokenFlowVerifiesInTwoCallsWithOrgUserAndDailyAllowance() throws Exception {
    server.enqueue(token("00D!AQ.first", ""));
    server.enqueue(limits());
    try (SalesforceConnector sf = SalesforceConnector.open(refreshConfig().build())) {
      VerifyResult result = sf.verify();
      assertThat(result.organizationId()).isEqualTo(ORG);
      assertThat(result.user()).isEqualTo(USER);
      assertThat(result.systemDailyLimit()).hasValue(15000);
      assertThat(result.systemRemaining()).hasValue(14982);
      assertThat(result.callsSpent()).isEqualTo(2);
      assertThat(result.permissions()).containsExactly("api", "refresh_token");
      assertThat(result.baseUrl()).isEqualTo(base);
    }
    RecordedRequest tokenCall = server.takeRequest();
    assertThat(tokenCall.getUrl().encodedPath()).isEqualTo("/services/oauth2/token");
    assertThat(form(tokenCall))
        .containsEntry("grant_type", "refresh_token")
        .containsEntry("refresh_token", REFRESH)
        .containsEntry("client_id", "3MVG9client")
        .containsEntry("client_secret", "app-secret");
    RecordedRequest limitsCall = server.takeRequest();
    assertThat(limitsCall.getUrl().encodedPath()).isEqualTo("/services/data/v66.0/limits");
    assertThat(limitsCall.getHeaders().get("Authorization")).isEqualTo("Bearer 00D!AQ.first");
    assertThat(server.getRequestCount()).isEqualTo(2);
  }

  @Test
  void aRotatedRefreshTokenReachesTheListenerAndIsUsedForTheNextRefresh() throws Exception {
    List<String> rotated = new ArrayList<>();
    server.enqueue(token("00D!AQ.first", ",\"refresh_token\":\"5Aep861-rotated\""));
    server.enqueue(restError(401, "INVALID_SESSION_ID", "Session expired or invalid"));
    server.enqueue(token("00D!AQ.second", ""));
    server.enqueue(limits());
    try (SalesforceConnector sf =
        SalesforceConnector.open(
            refreshConfig()
                .credentialListener((id, key, value) -> rotated.add(id + " " + key + " " + value))
                .build())) {
      assertThat(sf.verify().callsSpent()).isEqualTo(4);
    }
    assertThat(rotated).containsExactly("t/sf refreshToken 5Aep861-rotated");
    server.takeRequest();
    server.takeRequest();
    assertThat(form(server.takeRequest())).containsEntry("refresh_token", "5Aep861-rotated");
    assertThat(server.takeRequest().getHeaders().get("Authorization"))
        .isEqualTo("Bearer 00D!AQ.second");
  }

  @Test
  void clientCredentialsFlowPostsTheAppsIdAndSecretToTheMyDomainHost() throws Exception {
    server.enqueue(token("00D!AQ.cc", ""));
    server.enqueue(limits());
    ConnectionConfig config =
        ConnectionConfig.builder("t/sf")
            .baseUrl(base)
            .clock(clock)
            .setting("authFlow", "client_credentials")
            .setting("clientId", "3MVG9client")
            .secret("clientSecret", "app-secret")
            .build();
    try (SalesforceConnector sf = SalesforceConnector.open(config)) {
      assertThat(sf.verify().organizationId()).isEqualTo(ORG);
    }
    assertThat(form(server.takeRequest()))
        .containsExactly(
            Map.entry("grant_type", "client_credentials"),
            Map.entry("client_id", "3MVG9client"),
            Map.entry("client_secret", "app-secret"));
  }

  @Test
  void jwtBearerFlowSendsAnRs256AssertionTheServerVerifiesWithTheCertificate() throws Exception {
    KeyPairGenerator g = KeyPairGenerator.getInstance("RSA");
    g.initialize(2048);
    KeyPair keys = g.generateKeyPair();
    server.enqueue(
        new MockResponse.Builder()
            .code(200)
            .setHeader("Content-Type", "application/json")
            .body(
                "{\"access_token\":\"00D!AQ.jwt\",\"scope\":\"api\",\"instance_url\":\""
                    + base
                    + "\",\"id\":"
                    + "\"https://login.salesforce.com/id/"
                    + ORG
                    + "/"
                    + USER
                    + "\",\"token_type\":\"Bearer\"}")
            .build());
    server.enqueue(limits());
    ConnectionConfig config =
        ConnectionConfig.builder("t/sf")
            .baseUrl(base)
            .clock(clock)
            .setting("clientId", "3MVG9client")
            .setting("username", "integration@acme.com")
            .secret("privateKey", SalesforceFixture.pkcs8Pem(keys.getPrivate()))
            .build();
    try (SalesforceConnector sf = SalesforceConnector.open(config)) {
      VerifyResult result = sf.verify();
      assertThat(result.user()).isEqualTo("integration@acme.com");
      assertThat(result.organizationId()).isEqualTo(ORG);
    }
    Map<String, String> form = form(server.takeRequest());
    assertThat(form)
        .containsEntry("grant_type", "urn:ietf:params:oauth:grant-type:jwt-bearer")
        .doesNotContainKey("client_secret");
    String[] jwt = form.get("assertion").split("\\.");
    Signature verifier = Signature.getInstance("SHA256withRSA");
    verifier.initVerify(keys.getPublic());
    verifier.update((jwt[0] + "." + jwt[1]).getBytes(StandardCharsets.US_ASCII));
    assertThat(verifier.verify(Base64.getUrlDecoder().decode(jwt[2]))).isTrue();
    String claims = new String(Base64.getUrlDecoder().decode(jwt[1]), StandardCharsets.UTF_8);
    assertThat(claims)
        .contains(
            "\"iss\":\"3MVG9client\"",
            "\"sub\":\"integration@acme.com\"",
            "\"aud\":\"https://login.salesforce.com\"",
            "\"exp\":" + (clock.instant().getEpochSecond() + 180));
  }

  @ParameterizedTest(name = "{1}")
  @CsvSource({
    "400, invalid_client_id, client identifier invalid, AuthenticationException, consumer key",
    "400, invalid_client, invalid client credentials, AuthenticationException, clientSecret",
    "400, invalid_grant, expired access/refresh token, AuthenticationException, reconnect",
    "400, invalid_grant, authentication failure, AuthenticationException, credentials were refused",
    "400, inactive_user, user is inactive, AuthenticationException, reactivate",
    "400, invalid_grant, user hasn't approved this consumer, PermissionException, Pre-authorize",
    "400, unsupported_grant_type, grant type not supported, ConfigurationException, Enable this flow",
    "401, invalid_client, invalid client credentials, AuthenticationException, clientSecret"
  })
  void tokenEndpointRefusalsAreTypedAndSayWhatToDo(
      int status, String error, String description, String type, String advice) {
    server.enqueue(oauthError(status, error, description));
    try (SalesforceConnector sf = SalesforceConnector.open(refreshConfig().build())) {
      assertThatThrownBy(sf::verify)
          .isInstanceOf(
              switch (type) {
                case "PermissionException" -> PermissionException.class;
                case "ConfigurationException" -> ConfigurationException.class;
                default -> AuthenticationException.class;
              })
          .hasMessageContaining("salesforce")
          .hasMessageContaining("/services/oauth2/token")
          .hasMessageContaining(error)
          .hasMessageContaining(advice)
          .hasMessageNotContaining(REFRESH)
          .hasMessageNotContaining("app-secret");
    }
    assertThat(server.getRequestCount()).isEqualTo(1);
  }

  @Test
  void anOrgWithoutApiAccessIsAPermissionError() {
    server.enqueue(token("00D!AQ.first", ""));
    server.enqueue(
        restError(
            403, "API_DISABLED_FOR_ORG", "API is not enabled for this Organization or Partner"));
    try (SalesforceConnector sf = SalesforceConnector.open(refreshConfig().build())) {
      assertThatThrownBy(sf::verify)
          .isInstanceOf(PermissionException.class)
          .hasMessageContaining("API_DISABLED_FOR_ORG")
          .hasMessageContaining("API Enabled");
    }
  }

  @Test
  void aSessionRefusedEvenAfterRefreshIsAnAuthenticationErrorNotALoop() {
    server.enqueue(token("00D!AQ.first", ""));
    server.enqueue(restError(401, "INVALID_SESSION_ID", "Session expired or invalid"));
    server.enqueue(token("00D!AQ.second", ""));
    server.enqueue(restError(401, "INVALID_SESSION_ID", "Session expired or invalid"));
    try (SalesforceConnector sf = SalesforceConnector.open(refreshConfig().build())) {
      assertThatThrownBy(sf::verify).isInstanceOf(AuthenticationException.class);
    }
    assertThat(server.getRequestCount()).isEqualTo(4);
  }

  @Test
  void aTokenResponseThatIsNotJsonIsAProtocolErrorNamingTheEndpoint() {
    for (int i = 0; i < 10; i++) {
      server.enqueue(new MockResponse.Builder().code(200).body("<html>maintenance</html>").build());
    }
    try (SalesforceConnector sf =
        SalesforceConnector.open(refreshConfig().maxAttempts(2).build())) {
      assertThatThrownBy(sf::verify)
          .isInstanceOf(RevsyncException.class)
          .hasMessageContaining("/services/oauth2/token");
    }
  }
}
