package dev.revsync.spi;

import static dev.revsync.spi.TransportFixtures.bodyString;
import static dev.revsync.spi.TransportFixtures.config;
import static dev.revsync.spi.TransportFixtures.descriptor;
import static dev.revsync.spi.TransportFixtures.ok;
import static dev.revsync.spi.TransportFixtures.status;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.revsync.Activity;
import dev.revsync.ApiStyle;
import dev.revsync.ConfigurationException;
import dev.revsync.PermissionException;
import dev.revsync.ProtocolException;
import dev.revsync.QuotaExhaustedException;
import dev.revsync.QuotaPolicy;
import dev.revsync.TestClock;
import dev.revsync.TransientException;
import dev.revsync.VendorApiException;
import java.time.Duration;
import java.time.Instant;
import java.util.concurrent.atomic.AtomicInteger;
import mockwebserver3.MockResponse;
import mockwebserver3.MockWebServer;
import mockwebserver3.SocketEffect;
import okhttp3.Request;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

class TransportRetryTest {
  private final TestClock clock = TestClock.at(TransportFixtures.START);
  private final MockWebServer server = TransportFixtures.startServer();
  private Transport transport;

  @AfterEach
  void tearDown() {
    if (transport != null) transport.close();
    server.close();
  }

  private Transport transport(dev.revsync.ConnectionConfig.Builder config) {
    transport = Transport.builder(descriptor(), config.build()).build();
    return transport;
  }

  private Request get(String path) {
    return new Request.Builder().url(server.url(path)).build();
  }

  @Test
  void tooManyRequestsWaitsExactlyWhatRetryAfterAsks() {
    server.enqueue(new MockResponse.Builder().code(429).setHeader("Retry-After", "7").build());
    server.enqueue(ok("done"));
    Transport t = transport(config(clock));

    String body = t.execute(Activity.SYNC, ApiStyle.REST, get("/items"), bodyString());

    assertThat(body).isEqualTo("done");
    assertThat(clock.sleeps()).containsExactly(Duration.ofSeconds(7));
    assertThat(t.callsMade()).isEqualTo(2);
    assertThat(server.getRequestCount()).isEqualTo(2);
  }

  @Test
  void serviceUnavailableStormEndsInSuccessWithGrowingJitteredBackoff() {
    for (int i = 0; i < 4; i++) server.enqueue(status(503));
    server.enqueue(ok("finally"));
    Transport t = transport(config(clock));

    String body = t.execute(Activity.SYNC, ApiStyle.REST, get("/items"), bodyString());

    assertThat(body).isEqualTo("finally");
    assertThat(t.callsMade()).isEqualTo(5);
    assertThat(clock.sleeps()).hasSize(4);
    // Equal jitter: each wait lies between half and all of 500 ms, 1 s, 2 s, 4 s.
    long[] base = {500, 1000, 2000, 4000};
    for (int i = 0; i < 4; i++) {
      assertThat(clock.sleeps().get(i).toMillis()).isBetween(base[i] / 2, base[i]);
    }
  }

  @Test
  void attemptsAreBoundedAndTheFailureNamesSystemCallAttemptsAndReason() {
    for (int i = 0; i < 3; i++) server.enqueue(status(503));
    server.enqueue(ok("never reached"));
    Transport t = transport(config(clock).maxAttempts(3));

    assertThatThrownBy(
            () ->
                t.execute(
                    Activity.SYNC,
                    ApiStyle.REST,
                    get("/items?q=SELECT+Email+FROM+Contact"),
                    bodyString()))
        .isInstanceOf(TransientException.class)
        .hasMessageContaining("acme")
        .hasMessageContaining("GET /items")
        .hasMessageContaining("3 attempts")
        .hasMessageContaining("HTTP 503")
        .hasMessageNotContaining("SELECT");
    assertThat(server.getRequestCount()).isEqualTo(3);
    assertThat(t.callsMade()).isEqualTo(3);
    assertThat(clock.sleeps()).hasSize(2);
  }

  @Test
  void retryingStopsWhenTheNextWaitWouldPassMaxRetryDurationOnTheConnectionClock() {
    for (int i = 0; i < 5; i++) {
      server.enqueue(new MockResponse.Builder().code(429).setHeader("Retry-After", "40").build());
    }
    Transport t =
        transport(config(clock).maxAttempts(10).maxRetryDuration(Duration.ofSeconds(100)));

    assertThatThrownBy(() -> t.execute(Activity.SYNC, ApiStyle.REST, get("/items"), bodyString()))
        .isInstanceOf(TransientException.class)
        .hasMessageContaining("3 attempts");
    assertThat(clock.sleeps()).containsExactly(Duration.ofSeconds(40), Duration.ofSeconds(40));
  }

  @Test
  void retryAfterLongerThanMaxRetryAfterFailsAtOnceWithoutWaiting() {
    server.enqueue(new MockResponse.Builder().code(429).setHeader("Retry-After", "3600").build());
    Transport t = transport(config(clock).maxRetryAfter(Duration.ofMinutes(5)));

    assertThatThrownBy(() -> t.execute(Activity.SYNC, ApiStyle.REST, get("/items"), bodyString()))
        .isInstanceOf(TransientException.class)
        .hasMessageContaining("PT1H")
        .hasMessageContaining("maxRetryAfter");
    assertThat(clock.sleeps()).isEmpty();
    assertThat(t.callsMade()).isEqualTo(1);
  }

  @Test
  void connectionDroppedMidBodyIsRetriedAndCountedAsTwoCalls() {
    String big = "x".repeat(64 * 1024);
    server.enqueue(
        new MockResponse.Builder()
            .code(200)
            .body(big)
            .onResponseBody(new SocketEffect.CloseSocket())
            .build());
    server.enqueue(ok(big));
    Transport t = transport(config(clock));
    AtomicInteger handlerRuns = new AtomicInteger();

    String body =
        t.execute(
            Activity.SYNC,
            ApiStyle.REST,
            get("/export"),
            r -> {
              handlerRuns.incrementAndGet();
              return r.body().string();
            });

    assertThat(body).hasSize(big.length());
    assertThat(handlerRuns).hasValue(2);
    assertThat(t.callsMade()).isEqualTo(2);
    assertThat(t.usage().spent()).isEqualTo(2);
  }

  @Test
  void truncatedBodyThatParsesAsMalformedIsRetriedAndReportedAsProtocolErrorWhenItPersists() {
    server.enqueue(ok("{\"records\":[{\"Id\":"));
    server.enqueue(ok("{\"records\":[{\"Id\":"));
    Transport t = transport(config(clock).maxAttempts(2));
    ResponseHandler<String> parser =
        r -> {
          String s = r.body().string();
          if (!s.endsWith("}")) {
            throw new ProtocolException(
                "acme", "GET /query", "malformed JSON: unexpected end at $.records[0]", null, null);
          }
          return s;
        };

    assertThatThrownBy(() -> t.execute(Activity.SYNC, ApiStyle.REST, get("/query"), parser))
        .isInstanceOf(ProtocolException.class)
        .hasMessageContaining("2 attempts")
        .hasMessageContaining("unexpected end at $.records[0]");
    assertThat(server.getRequestCount()).isEqualTo(2);
  }

  @Test
  void notFoundIsAVendorErrorWithStatusAndBodyAndIsNotRetried() {
    server.enqueue(
        new MockResponse.Builder()
            .code(404)
            .body(
                "[{\"errorCode\":\"NOT_FOUND\",\"message\":\"The requested resource does not exist\"}]")
            .build());
    Transport t = transport(config(clock));

    assertThatThrownBy(
            () -> t.execute(Activity.SYNC, ApiStyle.REST, get("/sobjects/Widget"), bodyString()))
        .isInstanceOfSatisfying(
            VendorApiException.class,
            e -> {
              assertThat(e.httpStatus()).isEqualTo(404);
              assertThat(e.vendorMessage()).contains("NOT_FOUND");
              assertThat(e.call()).isEqualTo("GET /sobjects/Widget");
            });
    assertThat(server.getRequestCount()).isEqualTo(1);
  }

  @Test
  void forbiddenIsAPermissionError() {
    server.enqueue(
        new MockResponse.Builder()
            .code(403)
            .body("{\"errorCode\":\"API_DISABLED_FOR_ORG\"}")
            .build());
    Transport t = transport(config(clock));

    assertThatThrownBy(() -> t.execute(Activity.SYNC, ApiStyle.REST, get("/limits"), bodyString()))
        .isInstanceOf(PermissionException.class)
        .hasMessageContaining("API_DISABLED_FOR_ORG");
  }

  @Test
  void plainHttpToANonLoopbackHostIsRefusedBeforeAnyCall() {
    Transport t = transport(config(clock).quotaPolicy(QuotaPolicy.daily(10)));

    assertThatThrownBy(
            () ->
                t.execute(
                    Activity.SYNC,
                    ApiStyle.REST,
                    new Request.Builder().url("http://api.example.com/items").build(),
                    bodyString()))
        .isInstanceOf(ConfigurationException.class)
        .hasMessageContaining("api.example.com")
        .hasMessageContaining("https");
    assertThat(t.callsMade()).isZero();
    assertThat(t.usage().spent()).isZero();
  }

  @Test
  void redirectWithinTheSameOriginIsFollowedAndEachHopCounted() {
    server.enqueue(new MockResponse.Builder().code(302).setHeader("Location", "/moved").build());
    server.enqueue(ok("here"));
    Transport t = transport(config(clock));

    String body = t.execute(Activity.SYNC, ApiStyle.REST, get("/old"), bodyString());

    assertThat(body).isEqualTo("here");
    assertThat(t.callsMade()).isEqualTo(2);
    assertThat(server.getRequestCount()).isEqualTo(2);
  }

  @Test
  void redirectToAnotherHostIsRefusedAndNothingIsSentThere() throws Exception {
    try (MockWebServer other = TransportFixtures.startServer()) {
      other.enqueue(ok("stolen"));
      server.enqueue(
          new MockResponse.Builder()
              .code(307)
              .setHeader("Location", other.url("/collect").toString())
              .build());
      Transport t = transport(config(clock));

      assertThatThrownBy(() -> t.execute(Activity.SYNC, ApiStyle.REST, get("/items"), bodyString()))
          .isInstanceOf(ProtocolException.class)
          .hasMessageContaining(server.url("/items").toString())
          .hasMessageContaining(other.url("/collect").toString());
      assertThat(other.getRequestCount()).isZero();
      assertThat(server.getRequestCount()).isEqualTo(1);
    }
  }

  @Test
  void responseLargerThanTheCapFailsWithoutRetry() {
    server.enqueue(ok("y".repeat(5000)));
    server.enqueue(new MockResponse.Builder().code(200).chunkedBody("z".repeat(5000), 512).build());
    Transport t = transport(config(clock).maxResponseBytes(1024));

    assertThatThrownBy(() -> t.execute(Activity.SYNC, ApiStyle.REST, get("/big"), bodyString()))
        .isInstanceOf(ProtocolException.class)
        .hasMessageContaining("maxResponseBytes=1024");
    assertThatThrownBy(
            () -> t.execute(Activity.SYNC, ApiStyle.REST, get("/big-chunked"), bodyString()))
        .isInstanceOf(ProtocolException.class)
        .hasMessageContaining("maxResponseBytes=1024");
    assertThat(server.getRequestCount()).isEqualTo(2);
    assertThat(clock.sleeps()).isEmpty();
  }

  @Test
  void gzipBodyIsCappedAfterDecoding() throws Exception {
    okio.Buffer gzipped = new okio.Buffer();
    try (okio.BufferedSink sink = okio.Okio.buffer(new okio.GzipSink(gzipped))) {
      sink.writeUtf8("a".repeat(100_000));
    }
    long compressed = gzipped.size();
    server.enqueue(
        new MockResponse.Builder()
            .code(200)
            .setHeader("Content-Encoding", "gzip")
            .body(gzipped)
            .build());
    Transport t = transport(config(clock).maxResponseBytes(4096));

    assertThat(compressed).isLessThan(4096);
    assertThatThrownBy(() -> t.execute(Activity.SYNC, ApiStyle.REST, get("/zip"), bodyString()))
        .isInstanceOf(ProtocolException.class)
        .hasMessageContaining("maxResponseBytes=4096");
  }

  @Test
  void systemQuotaExhaustedIsNotRetriedAndStopsTheConnectionsNextCalls() {
    server.enqueue(
        new MockResponse.Builder()
            .code(403)
            .body("[{\"errorCode\":\"REQUEST_LIMIT_EXCEEDED\"}]")
            .build());
    ResponseClassifier salesforceLike =
        (response, call) ->
            response.code() == 403
                    && response.peekBody(1000).string().contains("REQUEST_LIMIT_EXCEEDED")
                ? Classification.quotaExhausted("REQUEST_LIMIT_EXCEEDED", null)
                : ResponseClassifier.standard().classify(response, call);
    transport =
        Transport.builder(descriptor(), config(clock).build()).classifier(salesforceLike).build();

    assertThatThrownBy(
            () -> transport.execute(Activity.SYNC, ApiStyle.REST, get("/query"), bodyString()))
        .isInstanceOfSatisfying(
            QuotaExhaustedException.class,
            e -> assertThat(e.resetsAt()).isEqualTo(Instant.parse("2026-11-29T00:00:00Z")));
    assertThatThrownBy(
            () -> transport.execute(Activity.SYNC, ApiStyle.REST, get("/query"), bodyString()))
        .isInstanceOf(QuotaExhaustedException.class)
        .hasMessageContaining("system's own");
    assertThat(server.getRequestCount()).isEqualTo(1);
    assertThat(clock.sleeps()).isEmpty();
  }

  @Test
  void reportedSystemRemainingMinusTheMarginStopsCalls() {
    for (int i = 0; i < 10; i++) {
      server.enqueue(
          new MockResponse.Builder()
              .code(200)
              .setHeader("X-Daily-Remaining", String.valueOf(7 - i))
              .body("ok")
              .build());
    }
    ResponseClassifier reportsUsage =
        (response, call) -> {
          String left = response.header("X-Daily-Remaining");
          if (left != null) call.reportSystemRemaining(Long.parseLong(left));
          return ResponseClassifier.standard().classify(response, call);
        };
    QuotaPolicy quota = QuotaPolicy.builder().dailyLimit(1000).systemMargin(5).build();
    transport =
        Transport.builder(descriptor(), config(clock).quotaPolicy(quota).build())
            .classifier(reportsUsage)
            .build();

    int made = 0;
    try {
      while (made < 10) {
        transport.execute(Activity.SYNC, ApiStyle.REST, get("/items"), bodyString());
        made++;
      }
    } catch (QuotaExhaustedException e) {
      assertThat(e.getMessage()).contains("system's own daily API allowance");
    }

    // Reports 7, 6, 5 left: after the third call 5 remain, which is the margin.
    assertThat(made).isEqualTo(3);
    assertThat(server.getRequestCount()).isEqualTo(3);
    assertThat(transport.usage().systemRemaining()).hasValue(5);
  }
}
