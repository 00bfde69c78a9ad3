package dev.revsync.spi;

import static dev.revsync.spi.TransportFixtures.config;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.revsync.Activity;
import dev.revsync.ApiStyle;
import dev.revsync.Catalog;
import dev.revsync.ConfigurationException;
import dev.revsync.ConnectorDescriptor;
import dev.revsync.RecordSink;
import dev.revsync.SyncRequest;
import dev.revsync.SyncResult;
import dev.revsync.TestClock;
import dev.revsync.VerifyResult;
import dev.revsync.WriteItem;
import dev.revsync.WriteRequest;
import dev.revsync.WriteResult;
import java.util.List;
import java.util.Map;
import mockwebserver3.MockResponse;
import mockwebserver3.MockWebServer;
import mockwebserver3.RecordedRequest;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

class RestConnectorTest {
  private static final ConnectorDescriptor DESCRIPTOR =
      ConnectorDescriptor.builder("acme", "Acme CRM")
          .apiStyles(Activity.LOGIN, ApiStyle.REST)
          .apiStyles(Activity.SYNC, ApiStyle.REST)
          .apiStyles(Activity.ENRICHMENT, ApiStyle.REST)
          .apiStyles(Activity.SCORE_EXPORT, ApiStyle.REST)
          .objects("contacts")
          .build();

  private final TestClock clock = TestClock.at(TransportFixtures.START);
  private final MockWebServer server = TransportFixtures.startServer();
  private final Tiny connector =
      new Tiny(
          Transport.builder(DESCRIPTOR, config(clock).build())
              .usage(UsageReader.remainingHeader("X-Left", "X-Limit"))
              .build(),
          server);

  /**
   * The smallest connector on the base class: what it leaves to the vendor code is all that is
   * here.
   */
  private static final class Tiny extends RestConnector {
    Tiny(Transport transport, MockWebServer server) {
      super(transport, server.url("/api/"));
    }

    @Override
    public VerifyResult verify() {
      try (CallMeter.Operation operation = transport.startOperation()) {
        Map<String, Object> me =
            get(Activity.LOGIN, "me", r -> Json.readObject(r.body().source(), "acme", "GET me"));
        return verified(
            (String) me.get("org"), "u", (List<?>) me.get("scopes"), Map.of("k", "v"), operation);
      }
    }

    @Override
    public Catalog discover() {
      throw new UnsupportedOperationException();
    }

    @Override
    public SyncResult sync(SyncRequest request, RecordSink sink) {
      return pull(
          request, sink, CursorPager.exclusive(), (from, records) -> CursorPager.Page.last());
    }

    @Override
    public WriteResult write(WriteRequest request) {
      requireWrite(request, WriteRequest.Operation.UPDATE);
      return WriteBatcher.write(
          transport,
          request,
          10,
          (batch, first) -> {
            WriteBatcher.Outcomes outcomes = WriteBatcher.outcomes(batch, first);
            send(
                request.activity(),
                "PATCH",
                "contacts",
                Map.of("ids", batch.stream().map(WriteItem::key).toList()),
                r ->
                    Json.readPage(
                        r.body().source(),
                        "results",
                        x -> outcomes.succeeded((String) x.get("id"), false),
                        "acme",
                        "PATCH contacts"));
            return outcomes.list();
          });
    }
  }

  @AfterEach
  void tearDown() {
    connector.close();
    server.close();
  }

  @Test
  void verifyFillsTheBaseUrlTheSystemsUsageAndTheCallsItSpent() throws Exception {
    server.enqueue(
        new MockResponse.Builder()
            .code(200)
            .addHeader("X-Left", "90")
            .addHeader("X-Limit", "100")
            .body("{\"org\":\"o-1\",\"scopes\":[\"read\",7]}")
            .build());
    VerifyResult result = connector.verify();
    assertThat(result.system()).isEqualTo("acme");
    assertThat(result.organizationId()).isEqualTo("o-1");
    assertThat(result.baseUrl()).isEqualTo(server.url("/api/").toString());
    assertThat(result.permissions()).containsExactly("read", "7");
    assertThat(result.systemDailyLimit()).hasValue(100);
    assertThat(result.systemRemaining()).hasValue(90);
    assertThat(result.callsSpent()).isEqualTo(1);
    assertThat(server.takeRequest().getUrl().encodedPath()).isEqualTo("/api/me");
    assertThat(connector.descriptor()).isSameAs(DESCRIPTOR);
    assertThat(connector.toString()).startsWith("Tiny{tenant-").endsWith(server.url("/api/") + "}");
  }

  @Test
  void sendPutsTheJsonBodyOnTheWireAndOutcomesComeBackInOrder() throws Exception {
    server.enqueue(
        new MockResponse.Builder()
            .code(200)
            .body("{\"results\":[{\"id\":\"1\"},{\"id\":\"2\"}]}")
            .build());
    WriteResult result =
        connector.write(
            WriteRequest.builder("contacts", Activity.ENRICHMENT)
                .update()
                .items(
                    List.of(WriteItem.of("a", Map.of("x", 1)), WriteItem.of("b", Map.of("x", 2))))
                .build());
    assertThat(result.outcomes())
        .extracting(o -> o.key() + "=" + o.id())
        .containsExactly("a=1", "b=2");
    RecordedRequest sent = server.takeRequest();
    assertThat(sent.getMethod()).isEqualTo("PATCH");
    assertThat(sent.getHeaders().get("Content-Type")).startsWith("application/json");
    assertThat(sent.getBody().utf8()).isEqualTo("{\"ids\":[\"a\",\"b\"]}");
  }

  @Test
  void anObjectOrOperationTheConnectorDoesNotOfferIsTheHostsConfigurationProblem() {
    assertThatThrownBy(() -> connector.sync(SyncRequest.builder("deals").build(), null))
        .isInstanceOf(ConfigurationException.class)
        .hasMessageContaining("Acme CRM has no object 'deals'")
        .hasMessageContaining("[contacts]");
    assertThatThrownBy(
            () ->
                connector.write(
                    WriteRequest.builder("contacts", Activity.ENRICHMENT)
                        .upsertOn("email")
                        .items(List.of(WriteItem.of("a", Map.of())))
                        .build()))
        .isInstanceOf(ConfigurationException.class)
        .hasMessageContaining("Acme CRM does not upsert contacts")
        .hasMessageContaining("[UPDATE]");
    assertThat(server.getRequestCount()).isZero();
  }
}
