package dev.revsync.spi;

import static dev.revsync.spi.TransportFixtures.bodyString;
import static dev.revsync.spi.TransportFixtures.config;
import static dev.revsync.spi.TransportFixtures.descriptor;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.revsync.Activity;
import dev.revsync.ApiStyle;
import dev.revsync.ConnectionConfig;
import dev.revsync.QuotaPolicy;
import dev.revsync.TestClock;
import java.util.OptionalLong;
import java.util.regex.Pattern;
import mockwebserver3.MockResponse;
import mockwebserver3.MockWebServer;
import mockwebserver3.RecordedRequest;
import okhttp3.Request;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

class TransportHeadersAndUsageTest {
  private final TestClock clock = TestClock.at(TransportFixtures.START);
  private final MockWebServer server = TransportFixtures.startServer();
  private Transport transport;

  @AfterEach
  void tearDown() {
    if (transport != null) transport.close();
    server.close();
  }

  private Request get(String path) {
    return new Request.Builder().url(server.url(path)).build();
  }

  @Test
  void everyCallSaysRevsyncAndItsVersionAndCarriesTheConnectionsVendorHeaders() throws Exception {
    server.enqueue(
        new MockResponse.Builder()
            .code(200)
            .body("{\"access_token\":\"t1\",\"expires_in\":3600}")
            .build());
    server.enqueue(new MockResponse.Builder().code(200).body("a").build());
    server.enqueue(new MockResponse.Builder().code(200).body("b").build());
    transport =
        Transport.builder(descriptor(), config(clock).build())
            .tokenProvider(
                TokenProviders.oauth2ClientCredentials(
                    server.url("/token").toString(), "c", "s", null))
            .header("Pardot-Business-Unit-Id", "0Uv000000000001")
            .header("X-Api-Version", "2")
            .build();
    transport.execute(Activity.SYNC, ApiStyle.REST, get("/items"), bodyString());
    transport.execute(
        Activity.SYNC,
        ApiStyle.REST,
        get("/items").newBuilder().header("X-Api-Version", "3").build(),
        bodyString());

    RecordedRequest token = server.takeRequest();
    RecordedRequest first = server.takeRequest();
    RecordedRequest second = server.takeRequest();
    for (RecordedRequest r : new RecordedRequest[] {token, first, second}) {
      assertThat(r.getHeaders().get("User-Agent")).matches("revsync/\\d+\\.\\d+\\.\\d+.*");
    }
    assertThat(token.getHeaders().get("Pardot-Business-Unit-Id"))
        .as("token requests go to the login service")
        .isNull();
    assertThat(first.getHeaders().get("Pardot-Business-Unit-Id")).isEqualTo("0Uv000000000001");
    assertThat(first.getHeaders().get("X-Api-Version")).isEqualTo("2");
    assertThat(second.getHeaders().get("X-Api-Version"))
        .as("a request's own header wins")
        .isEqualTo("3");
    assertThat(second.getHeaders().get("Authorization")).isEqualTo("Bearer t1");
  }

  private static okio.Buffer gzipped(String text) throws java.io.IOException {
    okio.Buffer compressed = new okio.Buffer();
    try (okio.BufferedSink gz = okio.Okio.buffer(new okio.GzipSink(compressed))) {
      gz.writeUtf8(text);
    }
    return compressed;
  }

  @Test
  void everyCallAsksForGzipAndTheHandlerReadsTheBodyUnpacked() throws Exception {
    String body = "{\"records\":[" + "{\"id\":\"1\"},".repeat(2_000) + "{\"id\":\"2\"}]}";
    server.enqueue(
        new MockResponse.Builder()
            .code(200)
            .setHeader("Content-Encoding", "gzip")
            .body(gzipped(body))
            .build());
    transport = Transport.builder(descriptor(), config(clock).build()).build();
    String read = transport.execute(Activity.SYNC, ApiStyle.REST, get("/items"), bodyString());
    assertThat(read).isEqualTo(body);
    assertThat(server.takeRequest().getHeaders().get("Accept-Encoding")).isEqualTo("gzip");
  }

  @Test
  void theResponseCapCountsUnpackedBytesSoASmallGzipBombIsStopped() throws Exception {
    // 4 MiB of zeros compress to a few KiB: the cap must apply to what the parser would read.
    server.enqueue(
        new MockResponse.Builder()
            .code(200)
            .setHeader("Content-Encoding", "gzip")
            .body(gzipped("0".repeat(4 << 20)))
            .build());
    transport =
        Transport.builder(descriptor(), config(clock).maxResponseBytes(64 * 1024).build()).build();
    assertThatThrownBy(
            () -> transport.execute(Activity.SYNC, ApiStyle.REST, get("/items"), bodyString()))
        .isInstanceOf(dev.revsync.RevsyncException.class)
        .hasMessageContaining("65536");
  }

  @Test
  void aConnectionHeaderCannotReplaceTheCredential() {
    assertThatThrownBy(
            () ->
                Transport.builder(descriptor(), config(clock).build()).header("authorization", "x"))
        .isInstanceOf(IllegalArgumentException.class);
  }

  @Test
  void theSystemsRemainingCallsHeaderFeedsTheQuotaPolicyAndIsRemembered() {
    server.enqueue(
        new MockResponse.Builder()
            .code(200)
            .body("a")
            .addHeader("X-Daily-Remaining", "4200")
            .addHeader("X-Daily-Limit", "5000")
            .build());
    server.enqueue(
        new MockResponse.Builder()
            .code(200)
            .body("b")
            .addHeader("X-Daily-Remaining", "n/a")
            .build());
    ConnectionConfig c = config(clock).quotaPolicy(QuotaPolicy.daily(10_000)).build();
    transport =
        Transport.builder(descriptor(), c)
            .usage(UsageReader.remainingHeader("X-Daily-Remaining", "X-Daily-Limit"))
            .build();
    assertThat(transport.systemUsage()).isEmpty();

    transport.execute(Activity.SYNC, ApiStyle.REST, get("/items"), bodyString());
    assertThat(transport.systemUsage()).contains(new SystemUsage(OptionalLong.of(5000), 4200));
    assertThat(transport.systemUsage().get().used()).hasValue(800);
    assertThat(c.quotaPolicy().systemRemaining(c.connectionId(), clock.instant())).hasValue(4200);

    // an unreadable header leaves the last good report and does not fail the call
    assertThat(transport.execute(Activity.SYNC, ApiStyle.REST, get("/items"), bodyString()))
        .isEqualTo("b");
    assertThat(transport.usage().systemRemaining()).hasValue(4200);
  }

  @Test
  void aUsageBodyTheConnectorReadsIsFedTheSameWay() {
    ConnectionConfig c = config(clock).build();
    transport = Transport.builder(descriptor(), c).build();
    transport.reportSystemUsage(SystemUsage.usedOf(49_000, 50_000));
    assertThat(c.quotaPolicy().systemRemaining(c.connectionId(), clock.instant())).hasValue(1_000);
    assertThat(transport.systemUsage().get().limit()).hasValue(50_000);
  }

  @Test
  void aUsedOfLimitHeaderIsReadWithItsPattern() {
    server.enqueue(
        new MockResponse.Builder()
            .code(200)
            .body("a")
            .addHeader("Sforce-Limit-Info", "api-usage=18/15000")
            .build());
    transport =
        Transport.builder(descriptor(), config(clock).build())
            .usage(
                UsageReader.usedOfLimitHeader(
                    "Sforce-Limit-Info", Pattern.compile("api-usage=(\\d+)/(\\d+)")))
            .build();
    transport.execute(Activity.SYNC, ApiStyle.REST, get("/items"), bodyString());
    assertThat(transport.systemUsage()).contains(SystemUsage.usedOf(18, 15_000));
    assertThat(transport.systemUsage().get().remaining()).isEqualTo(14_982);
  }

  @Test
  void aClassifierThatReadsUsageFromTheBodyIsRememberedToo() {
    server.enqueue(new MockResponse.Builder().code(200).body("<limit>7/100</limit>").build());
    transport =
        Transport.builder(descriptor(), config(clock).build())
            .classifier(
                (response, call) -> {
                  call.reportSystemUsage(SystemUsage.usedOf(7, 100));
                  return Classification.ok();
                })
            .build();
    transport.execute(Activity.ENRICHMENT, ApiStyle.SOAP, get("/soap"), bodyString());
    assertThat(transport.systemUsage()).contains(SystemUsage.usedOf(7, 100));
  }
}
