package dev.revsync.spi;

import static dev.revsync.spi.TransportFixtures.bodyString;
import static dev.revsync.spi.TransportFixtures.config;
import static dev.revsync.spi.TransportFixtures.descriptor;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.revsync.Activity;
import dev.revsync.ApiStyle;
import dev.revsync.AuthenticationException;
import dev.revsync.QuotaExhaustedException;
import dev.revsync.QuotaPolicy;
import dev.revsync.TestClock;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.IntFunction;
import mockwebserver3.Dispatcher;
import mockwebserver3.MockResponse;
import mockwebserver3.MockWebServer;
import mockwebserver3.RecordedRequest;
import okhttp3.Request;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

class TransportAuthTest {
  private static final String CLIENT_SECRET = "s3cr3t-client";
  private static final String REFRESH_TOKEN = "r-secret-1";

  private final TestClock clock = TestClock.at(TransportFixtures.START);
  private final MockWebServer server = TransportFixtures.startServer();
  private final FakeSystem system = new FakeSystem();
  private Transport transport;

  TransportAuthTest() {
    server.setDispatcher(system);
  }

  @AfterEach
  void tearDown() {
    if (transport != null) transport.close();
    server.close();
  }

  /** A token endpoint at /token and an API at /data, both scriptable. */
  static final class FakeSystem extends Dispatcher {
    final AtomicInteger tokenRequests = new AtomicInteger();
    final AtomicInteger dataRequests = new AtomicInteger();
    final List<RecordedRequest> tokenLog = new CopyOnWriteArrayList<>();
    final List<String> dataAuthorizations = new CopyOnWriteArrayList<>();
    volatile IntFunction<MockResponse> token =
        n ->
            tokenJson(
                "{\"access_token\":\"t"
                    + n
                    + "\",\"token_type\":\"Bearer\",\"expires_in\":3600,\"instance_url\":\"https://acme.example.com\","
                    + "\"scopes\":[\"crm.objects.contacts.read\",\"content\"],\"nested\":[{\"a\":1}]}");
    volatile java.util.function.Function<String, MockResponse> data =
        auth -> TransportFixtures.ok("ok");

    @Override
    public MockResponse dispatch(RecordedRequest request) {
      if (request.getUrl().encodedPath().equals("/token")) {
        tokenLog.add(request);
        return token.apply(tokenRequests.incrementAndGet());
      }
      dataRequests.incrementAndGet();
      String auth = request.getHeaders().get("Authorization");
      dataAuthorizations.add(String.valueOf(auth));
      return data.apply(auth);
    }

    static MockResponse tokenJson(String json) {
      return new MockResponse.Builder()
          .code(200)
          .setHeader("Content-Type", "application/json")
          .body(json)
          .build();
    }
  }

  private String tokenUrl() {
    return server.url("/token").toString();
  }

  private Request data() {
    return new Request.Builder().url(server.url("/data")).build();
  }

  private Transport build(TokenProvider provider, dev.revsync.ConnectionConfig.Builder config) {
    transport = Transport.builder(descriptor(), config.build()).tokenProvider(provider).build();
    return transport;
  }

  private TokenProvider refreshTokenProvider() {
    return TokenProviders.oauth2RefreshToken(
        tokenUrl(), "client-1", CLIENT_SECRET, REFRESH_TOKEN, "refreshToken");
  }

  @Test
  void expiredTokenIsRefreshedOnceForTenConcurrentCalls() throws Exception {
    Transport t = build(refreshTokenProvider(), config(clock));
    assertThat(t.token(Activity.SYNC).value()).isEqualTo("t1");
    CountDownLatch allArrived = new CountDownLatch(10);
    system.data =
        auth -> {
          if ("Bearer t1".equals(auth)) {
            // Hold every 401 until all ten calls have sent the expired token.
            allArrived.countDown();
            try {
              allArrived.await(20, TimeUnit.SECONDS);
            } catch (InterruptedException e) {
              Thread.currentThread().interrupt();
            }
            return new MockResponse.Builder()
                .code(401)
                .body("[{\"errorCode\":\"INVALID_SESSION_ID\"}]")
                .build();
          }
          return TransportFixtures.ok("ok");
        };
    ExecutorService pool = Executors.newFixedThreadPool(10);
    try {
      List<Future<String>> results = new ArrayList<>();
      for (int i = 0; i < 10; i++) {
        results.add(
            pool.submit(() -> t.execute(Activity.SYNC, ApiStyle.REST, data(), bodyString())));
      }
      for (Future<String> f : results) assertThat(f.get(30, TimeUnit.SECONDS)).isEqualTo("ok");
    } finally {
      pool.shutdownNow();
    }

    assertThat(allArrived.getCount()).isZero();
    assertThat(system.tokenRequests).hasValue(2);
    assertThat(system.dataRequests).hasValue(20);
    assertThat(t.callsMade()).isEqualTo(22);
    assertThat(system.dataAuthorizations).filteredOn("Bearer t2"::equals).hasSize(10);
  }

  @Test
  void secondUnauthorizedOnTheSameCallIsAnAuthenticationError() {
    system.data = auth -> new MockResponse.Builder().code(401).build();
    Transport t = build(refreshTokenProvider(), config(clock));

    assertThatThrownBy(() -> t.execute(Activity.SYNC, ApiStyle.REST, data(), bodyString()))
        .isInstanceOf(AuthenticationException.class)
        .hasMessageContaining("GET /data")
        .hasMessageContaining("freshly fetched token");
    assertThat(system.tokenRequests).hasValue(2);
    assertThat(system.dataRequests).hasValue(2);
  }

  @Test
  void staticTokenRefusedIsAnAuthenticationErrorWithoutAPointlessRetry() {
    system.data = auth -> new MockResponse.Builder().code(401).build();
    Transport t = build(TokenProviders.staticBearer("pat-123"), config(clock));

    assertThatThrownBy(() -> t.execute(Activity.SYNC, ApiStyle.REST, data(), bodyString()))
        .isInstanceOf(AuthenticationException.class)
        .hasMessageContaining("cannot be refreshed")
        .hasMessageNotContaining("pat-123");
    assertThat(system.dataRequests).hasValue(1);
    assertThat(system.dataAuthorizations).containsExactly("Bearer pat-123");
  }

  @Test
  void rotatedRefreshTokenReachesTheCredentialListenerBeforeTheNewTokenIsUsed() {
    system.token =
        n ->
            FakeSystem.tokenJson(
                "{\"access_token\":\"t"
                    + n
                    + "\",\"refresh_token\":\"r-secret-"
                    + (n + 1)
                    + "\",\"token_type\":\"Bearer\"}");
    List<String> rotations = new CopyOnWriteArrayList<>();
    dev.revsync.ConnectionConfig.Builder config =
        config(clock)
            .secret("refreshToken", REFRESH_TOKEN)
            .credentialListener(
                (connectionId, key, value) ->
                    rotations.add(
                        key + "=" + value + " after " + system.dataRequests.get() + " data calls"));
    Transport t = build(refreshTokenProvider(), config);

    t.execute(Activity.SYNC, ApiStyle.REST, data(), bodyString());
    t.invalidate(t.token(Activity.SYNC));
    t.execute(Activity.SYNC, ApiStyle.REST, data(), bodyString());

    assertThat(rotations)
        .containsExactly(
            "refreshToken=r-secret-2 after 0 data calls",
            "refreshToken=r-secret-3 after 1 data calls");
    assertThat(system.tokenLog.get(0).getBody().utf8())
        .contains("grant_type=refresh_token", "refresh_token=r-secret-1");
    assertThat(system.tokenLog.get(1).getBody().utf8()).contains("refresh_token=r-secret-2");
    assertThat(system.dataAuthorizations).containsExactly("Bearer t1", "Bearer t2");
  }

  @Test
  void invalidGrantIsAnAuthenticationErrorThatSaysWhatToDoAndHoldsNoSecret() {
    system.token =
        n ->
            new MockResponse.Builder()
                .code(400)
                .setHeader("Content-Type", "application/json")
                .body(
                    "{\"error\":\"invalid_grant\",\"error_description\":\"expired access/refresh token\"}")
                .build();
    Transport t = build(refreshTokenProvider(), config(clock));

    assertThatThrownBy(() -> t.execute(Activity.SYNC, ApiStyle.REST, data(), bodyString()))
        .isInstanceOf(AuthenticationException.class)
        .hasMessageContaining("acme")
        .hasMessageContaining("POST /token")
        .hasMessageContaining("invalid_grant")
        .hasMessageContaining("expired access/refresh token")
        .hasMessageContaining("reconnect")
        .hasMessageContaining("'refreshToken'")
        .hasMessageNotContaining(CLIENT_SECRET)
        .hasMessageNotContaining(REFRESH_TOKEN);
    assertThat(system.tokenRequests).hasValue(1);
    assertThat(system.dataRequests).hasValue(0);
  }

  @Test
  void invalidClientTellsToCheckTheClientIdAndSecret() {
    system.token =
        n ->
            new MockResponse.Builder()
                .code(401)
                .body(
                    "{\"error\":\"invalid_client\",\"error_description\":\"invalid client credentials\"}")
                .build();
    Transport t =
        build(
            TokenProviders.oauth2ClientCredentials(tokenUrl(), "client-1", CLIENT_SECRET, null),
            config(clock));

    assertThatThrownBy(() -> t.token(Activity.LOGIN))
        .isInstanceOf(AuthenticationException.class)
        .hasMessageContaining("client id/secret")
        .hasMessageNotContaining(CLIENT_SECRET);
  }

  @Test
  void tokenEndpointServerErrorsAreRetried() {
    system.token =
        n ->
            n == 1
                ? new MockResponse.Builder().code(503).build()
                : FakeSystem.tokenJson("{\"access_token\":\"t" + n + "\"}");
    Transport t = build(refreshTokenProvider(), config(clock));

    assertThat(t.execute(Activity.SYNC, ApiStyle.REST, data(), bodyString())).isEqualTo("ok");
    assertThat(system.tokenRequests).hasValue(2);
    assertThat(clock.sleeps()).hasSize(1);
    assertThat(system.dataAuthorizations).containsExactly("Bearer t2");
  }

  @Test
  void clientCredentialsPostsTheGrantWithoutOurAuthorizationAndKeepsNonSecretAttributes() {
    Transport t =
        build(
            TokenProviders.oauth2ClientCredentials(tokenUrl(), "client-1", CLIENT_SECRET, "api"),
            config(clock));

    t.execute(Activity.SYNC, ApiStyle.REST, data(), bodyString());
    AccessToken token = t.token(Activity.SYNC);

    RecordedRequest tokenRequest = system.tokenLog.get(0);
    assertThat(tokenRequest.getMethod()).isEqualTo("POST");
    assertThat(tokenRequest.getHeaders().get("Authorization")).isNull();
    assertThat(tokenRequest.getBody().utf8())
        .contains(
            "grant_type=client_credentials",
            "client_id=client-1",
            "client_secret=" + CLIENT_SECRET,
            "scope=api");
    assertThat(system.dataAuthorizations).containsExactly("Bearer t1");
    assertThat(token.attribute("instance_url")).isEqualTo("https://acme.example.com");
    assertThat(token.attributes()).doesNotContainKeys("access_token", "refresh_token", "nested");
    assertThat(token.attribute("scopes"))
        .as("a list of plain values, joined by spaces")
        .isEqualTo("crm.objects.contacts.read content");
    assertThat(token.expiresAt()).isEqualTo(clock.instant().plusSeconds(3600));
    assertThat(token.toString()).doesNotContain("t1");
    assertThat(system.tokenRequests).hasValue(1);
  }

  @Test
  void jwtBearerPostsAFreshlySignedAssertionAndNamesTheUserWhenItIsRefused() throws Exception {
    java.security.KeyPairGenerator g = java.security.KeyPairGenerator.getInstance("RSA");
    g.initialize(2048);
    java.security.KeyPair keys = g.generateKeyPair();
    Transport t =
        build(
            TokenProviders.oauth2JwtBearer(
                tokenUrl(),
                "client-1",
                "user@example.com",
                "https://login.example.com",
                keys.getPrivate()),
            config(clock));

    t.execute(Activity.SYNC, ApiStyle.REST, data(), bodyString());

    String form =
        java.net.URLDecoder.decode(system.tokenLog.get(0).getBody().utf8(), StandardCharsets.UTF_8);
    assertThat(form)
        .startsWith("grant_type=urn:ietf:params:oauth:grant-type:jwt-bearer&assertion=")
        .doesNotContain("client_secret");
    String[] jwt = form.substring(form.indexOf("assertion=") + "assertion=".length()).split("\\.");
    assertThat(new String(Base64.getUrlDecoder().decode(jwt[1]), StandardCharsets.UTF_8))
        .isEqualTo(
            "{\"iss\":\"client-1\",\"sub\":\"user@example.com\",\"aud\":\"https://login.example.com\",\"exp\":"
                + (clock.instant().getEpochSecond() + JwtAssertion.BEARER_LIFETIME_SECONDS)
                + "}");
    java.security.Signature rsa = java.security.Signature.getInstance("SHA256withRSA");
    rsa.initVerify(keys.getPublic());
    rsa.update((jwt[0] + "." + jwt[1]).getBytes(StandardCharsets.US_ASCII));
    assertThat(rsa.verify(Base64.getUrlDecoder().decode(jwt[2]))).isTrue();
    t.close();

    system.token =
        n ->
            new MockResponse.Builder()
                .code(400)
                .body(
                    "{\"error\":\"invalid_grant\",\"error_description\":\"user hasn't approved this consumer\"}")
                .build();
    Transport refused =
        build(
            TokenProviders.oauth2JwtBearer(
                tokenUrl(),
                "client-1",
                "user@example.com",
                "https://login.example.com",
                keys.getPrivate()),
            config(clock));
    assertThatThrownBy(() -> refused.token(Activity.LOGIN))
        .isInstanceOf(AuthenticationException.class)
        .hasMessageContaining("JWT bearer assertion was refused")
        .hasMessageContaining("'user@example.com'");
  }

  @Test
  void tokenIsReusedUntilAMinuteBeforeItExpires() {
    system.token =
        n -> FakeSystem.tokenJson("{\"access_token\":\"t" + n + "\",\"expires_in\":\"3600\"}");
    Transport t = build(refreshTokenProvider(), config(clock));

    t.execute(Activity.SYNC, ApiStyle.REST, data(), bodyString());
    clock.advance(Duration.ofSeconds(3600 - 61));
    t.execute(Activity.SYNC, ApiStyle.REST, data(), bodyString());
    clock.advance(Duration.ofSeconds(2));
    t.execute(Activity.SYNC, ApiStyle.REST, data(), bodyString());

    assertThat(system.dataAuthorizations).containsExactly("Bearer t1", "Bearer t1", "Bearer t2");
  }

  @Test
  void tokenRequestsCountAgainstTheTriggeringActivityAndShowAsLoginUsage() {
    QuotaPolicy quota = QuotaPolicy.builder().dailyLimit(3).writeReserve(2).build();
    Transport t = build(refreshTokenProvider(), config(clock).quotaPolicy(quota));

    // The sync's token request takes the one call syncs may spend; the sync itself is refused.
    assertThatThrownBy(() -> t.execute(Activity.SYNC, ApiStyle.REST, data(), bodyString()))
        .isInstanceOf(QuotaExhaustedException.class);
    t.execute(Activity.ENRICHMENT, ApiStyle.REST, data(), bodyString());

    assertThat(system.tokenRequests).hasValue(1);
    assertThat(system.dataRequests).hasValue(1);
    assertThat(t.usage().spent(Activity.LOGIN)).isEqualTo(1);
    assertThat(t.usage().spent(Activity.ENRICHMENT)).isEqualTo(1);
    assertThat(t.usage().spent(Activity.SYNC)).isZero();
    assertThat(t.usage().spent(ApiStyle.REST)).isEqualTo(2);
  }

  @Test
  void basicCredentialsAreSentAsBasicAuthorization() {
    Transport t = build(TokenProviders.basic("bob", "pa ss"), config(clock));

    t.execute(Activity.SYNC, ApiStyle.REST, data(), bodyString());

    String expected =
        "Basic " + Base64.getEncoder().encodeToString("bob:pa ss".getBytes(StandardCharsets.UTF_8));
    assertThat(system.dataAuthorizations).containsExactly(expected);
    assertThat(TokenProviders.basic("bob", "pa ss").toString()).doesNotContain("pa ss");
  }

  @Test
  void aRequestWithItsOwnAuthorizationKeepsIt() {
    Transport t = build(refreshTokenProvider(), config(clock));

    t.execute(
        Activity.SYNC,
        ApiStyle.REST,
        data().newBuilder().header("Authorization", "Custom abc").build(),
        bodyString());

    assertThat(system.dataAuthorizations).containsExactly("Custom abc");
    assertThat(system.tokenRequests).hasValue(0);
  }
}
