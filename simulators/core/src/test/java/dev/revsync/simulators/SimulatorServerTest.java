package dev.revsync.simulators;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.revsync.simulators.FaultPlan.Fault;
import java.io.IOException;
import java.io.InputStream;
import java.net.SocketTimeoutException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.concurrent.TimeUnit;
import mockwebserver3.MockResponse;
import okhttp3.MediaType;
import okhttp3.OkHttpClient;
import okhttp3.Request;
import okhttp3.RequestBody;
import okhttp3.Response;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

class SimulatorServerTest {
  private final SimulatedClock clock = SimulatedClock.at("2026-11-28T00:00:00Z");
  private final FaultPlan faults = new FaultPlan(3);
  private final RequestLog log = new RequestLog();
  private final OkHttpClient client =
      new OkHttpClient.Builder()
          .retryOnConnectionFailure(false)
          .readTimeout(Duration.ofSeconds(10))
          .build();
  private SimulatorServer server;

  private static final String BODY =
      "{\"records\":["
          + "{\"id\":\"1\",\"name\":\"Ada\"},".repeat(200)
          + "{\"id\":\"2\",\"name\":\"Bo\"}]}";

  private void start(SimHandler handler) {
    server = SimulatorServer.start("acme", handler, faults, null, log, clock);
  }

  @AfterEach
  void stop() {
    if (server != null) server.close();
    client.dispatcher().executorService().shutdown();
    client.connectionPool().evictAll();
  }

  /**
   * A GET asking for the body as it is (these tests look at its framing); the gzip tests ask for
   * gzip.
   */
  private Response get(String pathAndQuery) throws IOException {
    return client
        .newCall(
            new Request.Builder()
                .url(server.baseUrl() + pathAndQuery)
                .header("Authorization", "Bearer s3cr3t-token")
                .header("Accept-Encoding", "identity")
                .build())
        .execute();
  }

  /**
   * A GET that says {@code Accept-Encoding: gzip} itself, so OkHttp hands over the compressed
   * bytes.
   */
  private Response getGzip(String pathAndQuery) throws IOException {
    return client
        .newCall(
            new Request.Builder()
                .url(server.baseUrl() + pathAndQuery)
                .header("Accept-Encoding", "gzip")
                .build())
        .execute();
  }

  private static String gunzip(byte[] compressed) throws IOException {
    try (InputStream in =
        new java.util.zip.GZIPInputStream(new java.io.ByteArrayInputStream(compressed))) {
      return new String(in.readAllBytes(), StandardCharsets.UTF_8);
    }
  }

  @Test
  void aClientThatAcceptsGzipGetsTheBodyCompressedAndOneThatDoesNotGetsItAsIs() throws IOException {
    start(
        request ->
            new MockResponse.Builder()
                .code(200)
                .setHeader("Content-Type", "application/json")
                .body(BODY)
                .build());
    try (Response r = getGzip("/x")) {
      assertThat(r.header("Content-Encoding")).isEqualTo("gzip");
      assertThat(r.header("Vary")).isEqualTo("Accept-Encoding");
      byte[] compressed = r.body().bytes();
      assertThat(compressed.length)
          .as("compressed bytes of a %d-byte body", BODY.length())
          .isLessThan(BODY.length() / 4);
      assertThat(gunzip(compressed)).isEqualTo(BODY);
    }
    try (Response r = get("/x")) {
      assertThat(r.header("Content-Encoding")).isNull();
      assertThat(r.body().string()).isEqualTo(BODY);
    }
    try (Response r =
        client
            .newCall(
                new Request.Builder()
                    .url(server.baseUrl() + "/x")
                    .header("Accept-Encoding", "gzip;q=0, identity")
                    .build())
            .execute()) {
      assertThat(r.header("Content-Encoding")).as("gzip refused with q=0").isNull();
    }
    try (Response r =
        client.newCall(new Request.Builder().url(server.baseUrl() + "/x").build()).execute()) {
      assertThat(r.body().string())
          .as("OkHttp asks for gzip by default and unpacks it")
          .isEqualTo(BODY);
      assertThat(r.networkResponse().header("Content-Encoding")).isEqualTo("gzip");
    }
  }

  @Test
  void aStreamedBodyIsCompressedWhileItIsSentAndATruncatedOneStillFailsTheRead()
      throws IOException {
    start(
        request ->
            StreamingBodies.chunked(
                    new MockResponse.Builder().code(200),
                    sink -> {
                      for (int i = 0; i < 20_000; i++)
                        sink.writeUtf8("row-" + i + ",Ada,Lovelace\n");
                    })
                .build());
    String expected;
    try (Response r = getGzip("/x")) {
      assertThat(r.header("Content-Encoding")).isEqualTo("gzip");
      expected = gunzip(r.body().bytes());
    }
    assertThat(expected).startsWith("row-0,Ada,Lovelace\n").endsWith("row-19999,Ada,Lovelace\n");
    faults.next(Fault.TRUNCATED_BODY, 1, "");
    // The compressed stream ends early: the chunked framing or the gzip trailer is missing.
    assertThatThrownBy(
            () -> {
              try (Response r = getGzip("/x")) {
                gunzip(r.body().bytes());
              }
            })
        .isInstanceOf(IOException.class);
  }

  @Test
  void statusLinesCarryTheStandardReasonPhrases() throws IOException {
    start(
        request ->
            switch (request.getUrl().encodedPath()) {
              case "/created" -> new MockResponse.Builder().code(201).body("{}").build();
              case "/missing" -> new MockResponse.Builder().code(404).body("{}").build();
              case "/bad" -> new MockResponse.Builder().code(400).body("{}").build();
              case "/own" ->
                  new MockResponse.Builder()
                      .status("HTTP/1.1 400 Custom Vendor Phrase")
                      .body("{}")
                      .build();
              default -> new MockResponse.Builder().code(200).body("{}").build();
            });
    String[][] expected = {
      {"/created", "Created"},
      {"/missing", "Not Found"},
      {"/bad", "Bad Request"},
      {"/own", "Custom Vendor Phrase"},
      {"/ok", "OK"}
    };
    for (String[] e : expected) {
      try (Response r = get(e[0])) {
        assertThat(r.message()).as(e[0]).isEqualTo(e[1]);
      }
    }
    faults.next(Fault.TOO_MANY_REQUESTS, 1, "").next(Fault.SERVICE_UNAVAILABLE, 1, "");
    try (Response r = get("/ok")) {
      assertThat(r.code() + " " + r.message()).isEqualTo("429 Too Many Requests");
    }
    try (Response r = get("/ok")) {
      assertThat(r.code() + " " + r.message()).isEqualTo("503 Service Unavailable");
    }
  }

  @Test
  void listensOnLoopbackAndLogsEveryRequestWithSecretsMasked() throws IOException {
    start(request -> new MockResponse.Builder().code(200).body("ok").build());
    assertThat(server.baseUrl()).startsWith("http://127.0.0.1:").endsWith(":" + server.port());
    clock.advance(Duration.ofSeconds(5));
    try (Response r =
        get("/api/v1/contacts?limit=10&access_token=abc&client_secret=xyz&code=c0de&after_id=7")) {
      assertThat(r.body().string()).isEqualTo("ok");
    }
    try (Response r =
        client
            .newCall(
                new Request.Builder()
                    .url(server.baseUrl() + "/oauth/token")
                    .header("X-Api-Key", "k3y")
                    .post(
                        RequestBody.create(
                            "grant_type=client_credentials&client_secret=xyz",
                            MediaType.get("application/x-www-form-urlencoded")))
                    .build())
            .execute()) {
      assertThat(r.code()).isEqualTo(200);
    }
    assertThat(log.count()).isEqualTo(2);
    RequestLog.Entry first = log.entries().get(0);
    assertThat(first.at()).isEqualTo(Instant.parse("2026-11-28T00:00:05Z"));
    assertThat(first.method()).isEqualTo("GET");
    assertThat(first.path()).isEqualTo("/api/v1/contacts");
    assertThat(first.query())
        .isEqualTo("limit=10&access_token=***&client_secret=***&code=***&after_id=7");
    assertThat(first.headers()).containsEntry("Authorization", "***");
    assertThat(first.status()).isEqualTo(200);
    assertThat(first.fault()).isNull();
    RequestLog.Entry second = log.entries().get(1);
    assertThat(second.headers()).containsEntry("X-Api-Key", "***");
    assertThat(second.bodyBytes()).isEqualTo(47);
    assertThat(log.entries().toString()).doesNotContain("s3cr3t", "abc", "xyz", "k3y", "c0de");
    assertThat(log.count("/oauth")).isEqualTo(1);
  }

  @Test
  void latencyIsWaitedOnTheSimulatorsClockBeforeTheHandlerRuns() throws IOException {
    faults.latency(Duration.ofMillis(100), Duration.ofMillis(400));
    Instant[] seenByHandler = new Instant[1];
    start(
        request -> {
          seenByHandler[0] = clock.instant();
          return new MockResponse.Builder().code(200).body("ok").build();
        });
    Instant before = clock.instant();
    for (int i = 0; i < 20; i++) {
      try (Response r = get("/x")) {
        assertThat(r.body().string()).isEqualTo("ok");
      }
    }
    // A simulated clock advances by each latency: 20 draws of 100..400 ms.
    Duration spent = Duration.between(before, clock.instant());
    assertThat(spent).isBetween(Duration.ofMillis(2000), Duration.ofMillis(8000));
    assertThat(seenByHandler[0]).isEqualTo(clock.instant());
    assertThat(log.entries().get(0).at()).isAfterOrEqualTo(before.plusMillis(100));
  }

  @Test
  void aLatencyRangeThatGoesBackwardsIsRefused() {
    assertThatThrownBy(() -> faults.latency(Duration.ofMillis(400), Duration.ofMillis(100)))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("PT0.4S");
  }

  @Test
  void injectedTooManyRequestsCarriesRetryAfterAndSkipsTheHandler() throws IOException {
    int[] handled = {0};
    start(
        request -> {
          handled[0]++;
          return new MockResponse.Builder().code(200).body("ok").build();
        });
    faults
        .retryAfter(Duration.ofSeconds(7))
        .next(Fault.TOO_MANY_REQUESTS, 1, "/contacts")
        .next(Fault.SERVICE_UNAVAILABLE, 1, "/contacts")
        .next(Fault.SERVER_ERROR, 1, "/contacts");
    try (Response r = get("/contacts")) {
      assertThat(r.code()).isEqualTo(429);
      assertThat(r.header("Retry-After")).isEqualTo("7");
      assertThat(r.body().string()).contains("too_many_requests");
    }
    try (Response r = get("/contacts")) {
      assertThat(r.code()).isEqualTo(503);
    }
    try (Response r = get("/contacts")) {
      assertThat(r.code()).isEqualTo(500);
    }
    try (Response r = get("/contacts")) {
      assertThat(r.code()).isEqualTo(200);
    }
    assertThat(handled[0]).isEqualTo(1);
    assertThat(log.entries())
        .extracting(RequestLog.Entry::fault)
        .containsExactly("TOO_MANY_REQUESTS", "SERVICE_UNAVAILABLE", "SERVER_ERROR", null);
    assertThat(log.entries())
        .extracting(RequestLog.Entry::status)
        .containsExactly(429, 503, 500, 200);
  }

  @Test
  void theSystemsRendererShapesInjectedErrors() throws IOException {
    server =
        SimulatorServer.start(
            "acme",
            request -> new MockResponse.Builder().body("ok").build(),
            faults,
            (fault, status, retryAfter) ->
                new MockResponse.Builder()
                    .code(status)
                    .body(
                        "[{\"errorCode\":\"REQUEST_LIMIT_EXCEEDED\",\"wait\":" + retryAfter + "}]")
                    .build(),
            log,
            clock);
    faults.retryAfter(Duration.ofSeconds(3)).next(Fault.TOO_MANY_REQUESTS, 1, "");
    try (Response r = get("/x")) {
      assertThat(r.code()).isEqualTo(429);
      assertThat(r.body().string())
          .isEqualTo("[{\"errorCode\":\"REQUEST_LIMIT_EXCEEDED\",\"wait\":3}]");
    }
  }

  @Test
  void aHandlerThatThrowsAnswers500AndIsLogged() throws IOException {
    start(
        request -> {
          throw new IllegalStateException("boom \"quoted\"");
        });
    try (Response r = get("/x")) {
      assertThat(r.code()).isEqualTo(500);
      assertThat(r.body().string()).contains("simulator_error").contains("boom \\\"quoted\\\"");
    }
    assertThat(log.entries().get(0).status()).isEqualTo(500);
  }

  @Test
  void droppedConnectionMidBodyFailsTheReadAfterTheHandlerRan() throws IOException {
    int[] handled = {0};
    start(
        request -> {
          handled[0]++;
          return new MockResponse.Builder().code(200).body(BODY).build();
        });
    faults.next(Fault.DROP_MID_BODY, 1, "");
    try (Response r = get("/x")) {
      assertThat(r.code()).isEqualTo(200);
      assertThatThrownBy(() -> r.body().string()).isInstanceOf(IOException.class);
    }
    assertThat(handled[0]).isEqualTo(1);
    try (Response r = get("/x")) {
      assertThat(r.body().string()).isEqualTo(BODY);
    }
    assertThat(log.entries())
        .extracting(RequestLog.Entry::fault)
        .containsExactly("DROP_MID_BODY", null);
  }

  @Test
  void truncatedBodyWithContentLengthFailsTheRead() throws IOException {
    start(request -> new MockResponse.Builder().code(200).body(BODY).build());
    faults.next(Fault.TRUNCATED_BODY, 1, "");
    try (Response r = get("/x")) {
      assertThat(r.header("Content-Length")).isEqualTo(String.valueOf(BODY.length()));
      assertThatThrownBy(() -> r.body().string()).isInstanceOf(IOException.class);
    }
    try (Response r = get("/x")) {
      assertThat(r.body().string()).isEqualTo(BODY);
    }
  }

  @Test
  void truncatedOrDroppedChunkedBodyFailsTheReadEvenWhenShort() throws IOException {
    start(
        request ->
            StreamingBodies.chunked(
                    new MockResponse.Builder().code(200),
                    sink -> sink.writeUtf8("{\"short\":true}"))
                .build());
    try (Response r = get("/x")) {
      assertThat(r.header("Transfer-Encoding")).isEqualTo("chunked");
      assertThat(r.body().string()).isEqualTo("{\"short\":true}");
    }
    faults.next(Fault.TRUNCATED_BODY, 1, "").next(Fault.DROP_MID_BODY, 1, "");
    for (int i = 0; i < 2; i++) {
      try (Response r = get("/x")) {
        assertThatThrownBy(() -> r.body().string()).isInstanceOf(IOException.class);
      }
    }
  }

  @Test
  void slowResponseHoldsTheHeadersPastAClientsReadTimeout()
      throws IOException, InterruptedException {
    start(request -> new MockResponse.Builder().code(200).body("ok").build());
    faults.slowResponseDelay(Duration.ofSeconds(5)).next(Fault.SLOW_RESPONSE, 1, "");
    OkHttpClient impatient = client.newBuilder().readTimeout(100, TimeUnit.MILLISECONDS).build();
    assertThatThrownBy(
            () ->
                impatient
                    .newCall(new Request.Builder().url(server.baseUrl() + "/x").build())
                    .execute())
        .isInstanceOf(SocketTimeoutException.class);
    assertThat(log.awaitCount(1, Duration.ofSeconds(30))).isTrue();
    assertThat(log.entries().get(0).fault()).isEqualTo("SLOW_RESPONSE");
  }

  @Test
  void aFiftyMegabyteChunkedBodyStreamsWithoutBeingHeldInMemory() throws IOException {
    byte[] line =
        "0034x00000ABCDEFG,\"Globex, Inc.\",Ada,Lovelace,ada@globex.com,2026-11-27T23:59:59Z\n"
            .getBytes(StandardCharsets.UTF_8);
    long lines = 50L * 1024 * 1024 / line.length;
    start(
        request ->
            StreamingBodies.chunked(
                    new MockResponse.Builder().code(200).setHeader("Content-Type", "text/csv"),
                    sink -> {
                      for (long i = 0; i < lines; i++) sink.write(line);
                    })
                .build());
    long received = 0;
    try (Response r = get("/jobs/750/results");
        InputStream in = r.body().byteStream()) {
      byte[] buf = new byte[64 * 1024];
      for (int n; (n = in.read(buf)) != -1; ) received += n;
    }
    assertThat(received).isEqualTo(lines * line.length).isGreaterThan(50_000_000L);
  }

  @Test
  void aKnownLengthStreamingBodySendsItsContentLength() throws IOException {
    start(
        request ->
            new MockResponse.Builder()
                .code(200)
                .body(StreamingBodies.ofLength(6, sink -> sink.writeUtf8("abc").writeUtf8("def")))
                .build());
    try (Response r = get("/x")) {
      assertThat(r.header("Content-Length")).isEqualTo("6");
      assertThat(r.body().string()).isEqualTo("abcdef");
    }
  }

  @Test
  void anEndlessBodyKeepsComingPastAnyLengthUntilTheClientStops() throws IOException {
    start(request -> new MockResponse.Builder().code(200).body(BODY).build());
    faults.next(Fault.ENDLESS_BODY, 1, "");
    try (Response r = get("/api/v1/contacts")) {
      InputStream in = r.body().byteStream();
      byte[] read = in.readNBytes(BODY.length() * 20);
      assertThat(read).as("bytes read, still coming").hasSize(BODY.length() * 20);
      String text = new String(read, StandardCharsets.UTF_8);
      assertThat(text).startsWith(BODY.substring(0, 100)).doesNotContain(BODY);
      assertThat(text.substring(BODY.length())).isBlank();
    }
    assertThat(log.entries().get(0).fault()).isEqualTo("ENDLESS_BODY");
  }

  @Test
  void aDripFedBodyArrivesWholeButOnlyAByteEachInterval() throws IOException {
    start(request -> new MockResponse.Builder().code(200).body("0123456789").build());
    faults.dripInterval(Duration.ofMillis(30)).next(Fault.DRIP_FEED, 1, "");
    long started = System.nanoTime();
    try (Response r = get("/api/v1/contacts")) {
      assertThat(r.body().string()).isEqualTo("0123456789");
    }
    assertThat(Duration.ofNanos(System.nanoTime() - started))
        .as("ten bytes, one per 30 ms")
        .isGreaterThanOrEqualTo(Duration.ofMillis(250));
  }

  @Test
  void aMalformedBodyReplacesTheAnswerAfterTheHandlerRan() throws IOException {
    int[] handled = {0};
    start(
        request -> {
          handled[0]++;
          return new MockResponse.Builder().code(204).build();
        });
    faults.next(Fault.MALFORMED_BODY, 1, "/write");
    try (Response r = get("/write")) {
      assertThat(r.code()).as("a 204 cannot carry the garbage").isEqualTo(200);
      assertThat(r.body().string()).isEqualTo(SimulatorServer.GARBAGE);
    }
    assertThat(handled[0]).as("the write behind the garbage was applied").isEqualTo(1);
  }

  @Test
  void aHugePageIsLeftToTheHandlerWhichLearnsOfIt() throws IOException {
    start(
        request ->
            new MockResponse.Builder()
                .code(200)
                .body(String.valueOf(SimulatorServer.currentFault()))
                .build());
    faults.next(Fault.HUGE_PAGE, 1, "");
    try (Response huge = get("/page");
        Response normal = get("/page")) {
      assertThat(huge.body().string()).isEqualTo("HUGE_PAGE");
      assertThat(normal.body().string()).isEqualTo("null");
    }
  }
}
