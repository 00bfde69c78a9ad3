package dev.revsync.eloqua;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.revsync.Activity;
import dev.revsync.AuthenticationException;
import dev.revsync.ConnectionConfig;
import dev.revsync.PermissionException;
import dev.revsync.VendorApiException;
import dev.revsync.simulators.SimulatedClock;
import dev.revsync.spi.RecordShape;
import dev.revsync.spi.Transport;
import java.io.IOException;
import java.net.InetAddress;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Function;
import mockwebserver3.Dispatcher;
import mockwebserver3.MockResponse;
import mockwebserver3.MockWebServer;
import mockwebserver3.RecordedRequest;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * The Bulk client and the split-export join against a scripted server: errors, cut bodies, 401s,
 * disorder.
 */
class EloquaBulkClientTest {
  private final MockWebServer server = new MockWebServer();
  private final Map<String, Function<RecordedRequest, MockResponse>> routes =
      new ConcurrentHashMap<>();
  private final AtomicInteger requests = new AtomicInteger();
  private final ExecutorService pool = Executors.newCachedThreadPool();
  private static final RecordShape KEYS =
      RecordShape.of("contacts", List.of("Id", "UpdatedAt", "A"));
  private Transport transport;
  private EloquaBulkClient client;

  @BeforeEach
  void start() throws IOException {
    server.setDispatcher(
        new Dispatcher() {
          @Override
          public MockResponse dispatch(RecordedRequest request) {
            requests.incrementAndGet();
            String path = request.getUrl().encodedPath();
            Function<RecordedRequest, MockResponse> route =
                routes.get(request.getMethod() + " " + path);
            return route != null
                ? route.apply(request)
                : new MockResponse.Builder().code(404).build();
          }
        });
    server.start(InetAddress.getByName("127.0.0.1"), 0);
    String base = "http://127.0.0.1:" + server.getPort();
    ConnectionConfig config =
        ConnectionConfig.builder("test/eloqua")
            .baseUrl(base)
            .setting("loginUrl", base)
            .setting("company", "Acme")
            .setting("username", "u")
            .secret("password", "pw")
            .clock(SimulatedClock.at("2026-11-28T00:30:00Z"))
            .build();
    EloquaConfig eloqua = EloquaConfig.from(config);
    transport =
        Transport.builder(EloquaConfig.DESCRIPTOR, config)
            .tokenProvider(new EloquaAuth(eloqua))
            .classifier(EloquaErrors.INSTANCE)
            .build();
    client = new EloquaBulkClient(transport, eloqua);
  }

  @AfterEach
  void stop() throws IOException {
    pool.shutdownNow();
    transport.close();
    server.close();
  }

  private static MockResponse json(int code, String body) {
    return new MockResponse.Builder()
        .code(code)
        .setHeader("Content-Type", "application/json")
        .body(body)
        .build();
  }

  private static String page(List<String> rows, boolean hasMore) {
    return "{\"totalResults\":6,\"count\":"
        + rows.size()
        + ",\"hasMore\":"
        + hasMore
        + ",\"items\":["
        + String.join(",", rows)
        + "]}";
  }

  private static String row(int id, String updated, String extra) {
    return "{\"Id\":\"" + id + "\",\"UpdatedAt\":\"" + updated + "\"," + extra + "}";
  }

  @Test
  void aDataPageCutShortIsReadAgainAndEachRowReachesTheSinkOnce() {
    String full =
        page(
            List.of(
                row(1, "2024-05-01 10:00:00.000", "\"A\":\"x\""),
                row(2, "2024-05-01 10:00:00.000", "\"A\":\"y\""),
                row(3, "2024-05-01 10:00:01.000", "\"A\":\"z\"")),
            false);
    AtomicInteger served = new AtomicInteger();
    routes.put(
        "GET /api/bulk/2.0/syncs/9/data",
        r ->
            json(
                200,
                served.getAndIncrement() == 0
                    ? full.substring(0, full.indexOf("{\"Id\":\"3\"") + 12)
                    : full));
    List<String> ids = new ArrayList<>();
    EloquaBulkClient.Page p =
        client.data(Activity.SYNC, "/syncs/9", 0, 50_000, KEYS, r -> ids.add((String) r[0]));
    assertThat(ids).containsExactly("1", "2", "3");
    assertThat(p.count()).isEqualTo(3);
    assertThat(p.totalResults()).isEqualTo(6);
    assertThat(served).hasValue(2);
  }

  @Test
  void dataRowValuesAreStringsInTheirJsonSpellingAndNullIsNull() {
    routes.put(
        "GET /api/bulk/2.0/syncs/9/data",
        r ->
            json(
                200,
                page(
                    List.of(
                        row(
                            1,
                            "2024-05-01 10:00:00.000",
                            "\"Score\":12,\"Amount\":1E+3,\"Flag\":true,\"Empty\":null,\"NotAsked\":\"x\"")),
                    false)));
    List<Object[]> rows = new ArrayList<>();
    RecordShape keys =
        RecordShape.of(
            "contacts", List.of("Id", "UpdatedAt", "Score", "Amount", "Flag", "Empty", "Absent"));
    client.data(Activity.SYNC, "/syncs/9", 0, 50_000, keys, rows::add);
    assertThat(rows)
        .singleElement()
        .satisfies(
            row ->
                assertThat(row)
                    .containsExactly(
                        "1", "2024-05-01 10:00:00.000", "12", "1000", "true", null, null));
  }

  @Test
  void aBulkValidationErrorNamesTheFieldAndTheConstraint() {
    routes.put(
        "POST /api/bulk/2.0/contacts/exports",
        r ->
            json(
                400,
                "{\"failures\":[{\"field\":\"filter\","
                    + "\"value\":\"bad\",\"constraint\":\"Must reference service instance within a workflow\"}]}"));
    assertThatThrownBy(() -> client.createDefinition(Activity.SYNC, "/contacts/exports", "{}"))
        .isInstanceOfSatisfying(
            VendorApiException.class,
            e -> {
              assertThat(e.httpStatus()).isEqualTo(400);
              assertThat(e.getMessage())
                  .contains("eloqua")
                  .contains("POST /api/bulk/2.0/contacts/exports")
                  .contains(
                      "filter: Must reference service instance within a workflow (value 'bad')");
            });
  }

  @Test
  void aForbiddenCallIsAPermissionErrorAndThrottlingIsRetried() {
    routes.put("GET /api/bulk/2.0/contacts/fields", r -> json(403, "{}"));
    assertThatThrownBy(() -> client.fields(Activity.SYNC, EloquaObject.CONTACT))
        .isInstanceOf(PermissionException.class)
        .hasMessageContaining("API access");
    AtomicInteger calls = new AtomicInteger();
    routes.put(
        "GET /api/bulk/2.0/syncs/5",
        r ->
            calls.getAndIncrement() < 2
                ? json(429, "")
                : json(
                    200,
                    "{\"uri\":\"/syncs/5\",\"status\":\"success\",\"createdAt\":\"2026-11-28T00:30:00.000Z\"}"));
    assertThat(client.sync(Activity.SYNC, "/syncs/5").succeeded()).isTrue();
    assertThat(calls).hasValue(3);
  }

  @Test
  void a401IsCheckedWithIdAndASecond401AfterThatIsAnAuthenticationError() {
    routes.put(
        "GET /id",
        r ->
            json(
                200,
                "{\"site\":{\"id\":1,\"name\":\"Acme\"},\"user\":{\"id\":2,\"username\":\"u\"},"
                    + "\"urls\":{\"base\":\"http://127.0.0.1:"
                    + server.getPort()
                    + "\"}}"));
    routes.put("GET /api/bulk/2.0/syncs/5", r -> json(401, ""));
    assertThatThrownBy(() -> client.sync(Activity.SYNC, "/syncs/5"))
        .isInstanceOf(AuthenticationException.class)
        .hasMessageContaining("again after re-discovering the instance with /id");
    assertThat(requests).as("401, /id, 401").hasValue(3);
  }

  @Test
  void idAnsweringNotAuthenticatedAfterA401IsAnAuthenticationError() {
    routes.put("GET /id", r -> json(200, "\"Not authenticated.\""));
    routes.put("GET /api/bulk/2.0/syncs/5", r -> json(401, ""));
    assertThatThrownBy(() -> client.sync(Activity.SYNC, "/syncs/5"))
        .isInstanceOf(AuthenticationException.class)
        .hasMessageContaining("Not authenticated")
        .hasMessageNotContaining("pw");
  }

  /**
   * Two syncs of one split export list rows in different orders across the page boundary, and row 5
   * changed between their snapshots: rows 3 and 4 wait for their partner, the resume offset never
   * passes them, and row 5 is dropped for the next incremental sync to read.
   */
  @Test
  void aSplitExportIsJoinedByIdAcrossPagesAndInconsistentPartsAreDropped() {
    String t = "2024-05-01 10:00:00.000";
    Map<Integer, List<String>> first =
        Map.of(
            0,
                List.of(
                    row(1, t, "\"A\":\"a1\""),
                    row(2, t, "\"A\":\"a2\""),
                    row(3, t, "\"A\":\"a3\"")),
            3,
                List.of(
                    row(4, t, "\"A\":\"a4\""),
                    row(5, t, "\"A\":\"a5\""),
                    row(6, t, "\"A\":\"a6\"")));
    Map<Integer, List<String>> second =
        Map.of(
            0,
                List.of(
                    row(2, t, "\"B\":\"b2\""),
                    row(1, t, "\"B\":\"b1\""),
                    row(4, t, "\"B\":\"b4\"")),
            3,
                List.of(
                    row(3, t, "\"B\":\"b3\""),
                    row(6, t, "\"B\":\"b6\""),
                    row(5, "2024-05-01 10:00:09.000", "\"B\":\"b5\"")));
    routes.put("GET /api/bulk/2.0/syncs/1/data", r -> pageAt(first, r));
    routes.put("GET /api/bulk/2.0/syncs/2/data", r -> pageAt(second, r));
    RecordShape keys = RecordShape.of("contacts", List.of("Id", "UpdatedAt", "A", "B"));
    StagedReader reader =
        new StagedReader(
            client, Activity.SYNC, List.of("/syncs/1", "/syncs/2"), keys, "Id", "UpdatedAt", pool);
    List<Map<String, Object>> joined = new ArrayList<>();

    EloquaBulkClient.Page p1 =
        reader.page(0, 3, row -> joined.add(keys.record("-", null, false, row).fields()));
    assertThat(joined).extracting(m -> m.get("Id")).containsExactlyInAnyOrder("1", "2");
    assertThat(p1.hasMore()).isTrue();
    assertThat(reader.resumeOffset(3)).as("rows 3 and 4 still wait for their partners").isZero();

    EloquaBulkClient.Page p2 =
        reader.page(3, 3, row -> joined.add(keys.record("-", null, false, row).fields()));
    reader.finish();
    assertThat(p2.hasMore()).isFalse();
    assertThat(joined)
        .extracting(m -> m.get("Id"))
        .containsExactlyInAnyOrder("1", "2", "3", "4", "6");
    assertThat(joined)
        .allMatch(
            m -> m.get("A").equals("a" + m.get("Id")) && m.get("B").equals("b" + m.get("Id")));
    assertThat(reader.resumeOffset(6)).isEqualTo(6);
    assertThat(reader.dropped()).isEqualTo(1);
  }

  private static MockResponse pageAt(Map<Integer, List<String>> pages, RecordedRequest r) {
    int offset = Integer.parseInt(r.getUrl().queryParameter("offset"));
    return json(200, page(pages.getOrDefault(offset, List.of()), offset == 0));
  }
}
