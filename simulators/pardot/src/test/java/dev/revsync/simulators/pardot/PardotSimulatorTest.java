package dev.revsync.simulators.pardot;

import static org.assertj.core.api.Assertions.assertThat;

import com.squareup.moshi.Moshi;
import dev.revsync.simulators.SimRecord;
import dev.revsync.simulators.SimulatedClock;
import java.io.IOException;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.ServiceLoader;
import okhttp3.FormBody;
import okhttp3.MediaType;
import okhttp3.OkHttpClient;
import okhttp3.Request;
import okhttp3.RequestBody;
import okhttp3.Response;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * The simulator read against the protocol notes' own examples (§2–§7), with a plain HTTP client: a
 * second reading of the notes, independent of the connector.
 */
class PardotSimulatorTest {
  private static final MediaType JSON = MediaType.get("application/json");
  private final OkHttpClient http = new OkHttpClient();
  private SimulatedClock clock;
  private PardotSimulator sim;
  private String token;

  @BeforeEach
  void start() throws IOException {
    clock = SimulatedClock.at("2026-11-28T00:30:00Z");
    sim = PardotSimulator.builder().clock(clock).records("prospects", 2_500).start();
    Map<String, Object> reply =
        json(
            post(
                "/services/oauth2/token",
                new FormBody.Builder()
                    .add("grant_type", "refresh_token")
                    .add("client_id", sim.connectionSettings().get("clientId"))
                    .add("client_secret", sim.connectionSettings().get("clientSecret"))
                    .add("refresh_token", sim.connectionSettings().get("refreshToken"))
                    .build(),
                false));
    token = (String) reply.get("access_token");
  }

  @AfterEach
  void stop() {
    sim.close();
  }

  @Test
  void theTokenReplyHasTheNotesKeysAndNoExpiresIn() throws IOException {
    Map<String, Object> reply =
        json(
            post(
                "/services/oauth2/token",
                new FormBody.Builder()
                    .add("grant_type", "client_credentials")
                    .add("client_id", sim.connectionSettings().get("clientId"))
                    .add("client_secret", sim.connectionSettings().get("clientSecret"))
                    .build(),
                false));
    assertThat(reply)
        .containsKeys(
            "access_token", "instance_url", "id", "token_type", "issued_at", "signature", "scope")
        .doesNotContainKey("expires_in");
    assertThat((String) reply.get("access_token")).startsWith("00D").contains("!AQ");
    assertThat(reply.get("scope").toString()).contains("pardot_api");
    try (Response bad =
        http.newCall(
                new Request.Builder()
                    .url(sim.baseUrl() + "/services/oauth2/token")
                    .post(
                        new FormBody.Builder()
                            .add("grant_type", "refresh_token")
                            .add("client_id", sim.connectionSettings().get("clientId"))
                            .add("refresh_token", "nope")
                            .build())
                    .build())
            .execute()) {
      assertThat(bad.code()).isEqualTo(400);
      assertThat(bad.body().string()).contains("\"error\":\"invalid_grant\"");
    }
  }

  @Test
  void callsWithoutTheBusinessUnitHeaderAWrongUnitOrABadTokenGetTheNotesCodes() throws IOException {
    String url = sim.baseUrl() + "/api/v5/objects/prospects?fields=id&limit=1";
    try (Response r =
        http.newCall(
                new Request.Builder().url(url).header("Authorization", "Bearer " + token).build())
            .execute()) {
      assertThat(r.code()).isEqualTo(400);
      assertThat(json(r)).containsEntry("code", 181.0);
    }
    try (Response r =
        call(
            new Request.Builder()
                .url(url)
                .header("Authorization", "Bearer " + token)
                .header("Pardot-Business-Unit-Id", "0Uv5e000000ZZZZCAA"))) {
      assertThat(json(r)).containsEntry("code", 201.0);
    }
    try (Response r =
        call(
            new Request.Builder()
                .url(url)
                .header("Authorization", "Bearer 00Dx!AQbogus")
                .header("Pardot-Business-Unit-Id", sim.businessUnitId()))) {
      assertThat(r.code()).isEqualTo(401);
      assertThat(json(r))
          .containsEntry("code", 184.0)
          .containsEntry("message", "access_token is invalid, unknown, or malformed");
    }
  }

  @Test
  void aQueryPagesWithTokensAndUrlsAndEndsWithNulls() throws IOException {
    Map<String, Object> first =
        json(
            get(
                "/api/v5/objects/prospects?fields=id,email,updatedAt,isDeleted"
                    + "&orderBy=updatedAt%20ASC&limit=1000&deleted=all"));
    assertThat((List<?>) first.get("values")).hasSize(1000);
    String next = (String) first.get("nextPageToken");
    assertThat(next).startsWith("eyJ");
    assertThat((String) first.get("nextPageUrl"))
        .contains("nextPageToken=" + next)
        .contains("fields=id,email,updatedAt,isDeleted");
    @SuppressWarnings("unchecked")
    Map<String, Object> record = (Map<String, Object>) ((List<?>) first.get("values")).get(0);
    assertThat(record).containsOnlyKeys("id", "email", "updatedAt", "isDeleted");
    assertThat(record.get("id")).isInstanceOf(Double.class); // a JSON number
    assertThat((String) record.get("updatedAt"))
        .matches("\\d{4}-\\d\\d-\\d\\dT\\d\\d:\\d\\d:\\d\\d[-+]\\d\\d:\\d\\d");

    try (Response r =
        call(
            authorized("/api/v5/objects/prospects?nextPageToken=" + next + "&fields=id&limit=5"))) {
      assertThat(r.code()).as("a token with limit").isEqualTo(400);
    }
    Map<String, Object> second =
        json(
            get(
                "/api/v5/objects/prospects?nextPageToken="
                    + next
                    + "&fields=id,email,updatedAt,isDeleted"));
    Map<String, Object> third =
        json(get(((String) second.get("nextPageUrl")).substring(sim.baseUrl().length())));
    assertThat((List<?>) third.get("values")).hasSize(500);
    assertThat(third).containsEntry("nextPageToken", null).containsEntry("nextPageUrl", null);

    clock.advance(Duration.ofHours(4));
    try (Response r =
        call(authorized("/api/v5/objects/prospects?nextPageToken=" + next + "&fields=id"))) {
      assertThat(r.code()).isEqualTo(400);
      assertThat(json(r)).containsEntry("code", 210.0);
    }
  }

  @Test
  void aTokenSequenceStopsAtTheCapWithTheWarningHeader() throws IOException {
    sim.setTokenSequenceCap(1500);
    Map<String, Object> first =
        json(get("/api/v5/objects/prospects?fields=id&orderBy=updatedAt&limit=1000"));
    try (Response r =
        call(
            authorized(
                "/api/v5/objects/prospects?nextPageToken="
                    + first.get("nextPageToken")
                    + "&fields=id"))) {
      assertThat(r.header("Pardot-Warning"))
          .isEqualTo(
              "203;Record count for nextPageToken sequence has been exceeded. No page token returned.");
      Map<String, Object> page = json(r);
      assertThat((List<?>) page.get("values")).hasSize(500);
      assertThat(page.get("nextPageToken")).isNull();
    }
  }

  @Test
  void aHugePageFaultAnswersEveryRemainingRecordWhateverTheLimitAskedFor() throws IOException {
    sim.faults().next(dev.revsync.simulators.FaultPlan.Fault.HUGE_PAGE, 1, "/objects/prospects");
    Map<String, Object> huge =
        json(get("/api/v5/objects/prospects?fields=id&orderBy=updatedAt&limit=1000"));
    assertThat((List<?>) huge.get("values")).hasSize(2_500);
    assertThat(huge.get("nextPageToken")).isNull();
    Map<String, Object> normal =
        json(get("/api/v5/objects/prospects?fields=id&orderBy=updatedAt&limit=1000"));
    assertThat((List<?>) normal.get("values")).as("the fault was for one request").hasSize(1000);
  }

  @Test
  void moreThanThreeFilteredFieldsOrAnUnencodedPlusAreRefused() throws IOException {
    try (Response r =
        call(
            authorized(
                "/api/v5/objects/prospects?fields=id&updatedAtAfter=2024-05-01T00:00:00+02:00"))) {
      assertThat(r.code()).as("a + decoded to a space").isEqualTo(400);
    }
    Map<String, Object> ok =
        json(
            get(
                "/api/v5/objects/prospects?fields=id&updatedAtAfter=2024-05-01T00:00:00%2B02:00&limit=1"));
    assertThat((List<?>) ok.get("values")).hasSize(1);
    try (Response r =
        call(authorized("/api/v5/objects/visitor-activities?fields=id&deleted=all"))) {
      assertThat(r.code()).as("visitor activities have no deleted parameter").isEqualTo(400);
    }
    try (Response r = call(authorized("/api/v5/objects/prospects?fields=nope"))) {
      assertThat(json(r)).containsEntry("code", 180.0);
    }
  }

  @Test
  void theDailyLimitAnswersCode122AndUsageIsReported() throws IOException {
    sim.setDailyLimit(2);
    try (Response r =
        call(
            authorized("/api/v5/objects/prospects?fields=id&limit=1")
                .header("X-Return-Api-Usage", "1"))) {
      assertThat(r.header("x-api-usage")).isEqualTo("1/2");
    }
    get("/api/v5/objects/prospects?fields=id&limit=1");
    try (Response r = call(authorized("/api/v5/objects/prospects?fields=id&limit=1"))) {
      assertThat(r.code()).isEqualTo(429);
      assertThat(json(r))
          .containsEntry("code", 122.0)
          .containsEntry("message", "Daily API rate limit met");
    }
    clock.advance(Duration.ofDays(1));
    assertThat(json(get("/api/v5/objects/prospects?fields=id&limit=1"))).containsKey("values");
  }

  @Test
  void patchUpsertByEmailAndUnknownFieldsBehaveAsTheNotesSay() throws IOException {
    SimRecord victim = sim.table("prospects").stream(false).findFirst().orElseThrow();
    try (Response r =
        call(
            authorized("/api/v5/objects/prospects/" + victim.id() + "?fields=id,updatedAt")
                .patch(
                    RequestBody.create(
                        "{\"revsync_score__c\":\"87\",\"jobTitle\":\"CTO\"}", JSON)))) {
      assertThat(r.code()).isEqualTo(200);
      assertThat(json(r)).containsOnlyKeys("id", "updatedAt");
    }
    assertThat(sim.table("prospects").get(victim.id()).get("jobTitle")).isEqualTo("CTO");
    try (Response r =
        call(
            authorized("/api/v5/objects/prospects/" + victim.id())
                .patch(RequestBody.create("{\"nope__c\":1}", JSON)))) {
      assertThat(json(r)).containsEntry("code", 180.0);
    }
    try (Response r =
        call(
            authorized("/api/v5/objects/prospects/do/upsertLatestByEmail")
                .post(
                    RequestBody.create(
                        "{\"matchEmail\":\"new@x.com\",\"prospect\":{\"email\":\"new@x.com\",\"revsync_score__c\":\"87\"},"
                            + "\"secondaryDeletedSearch\":true,\"fields\":[\"id\",\"email\"]}",
                        JSON)))) {
      assertThat(r.code()).isBetween(200, 201);
      assertThat(json(r)).containsEntry("email", "new@x.com").containsKey("id");
    }
    try (Response r =
        call(
            authorized("/api/v5/objects/prospects/99999999?fields=id")
                .patch(RequestBody.create("{\"jobTitle\":\"x\"}", JSON)))) {
      assertThat(r.code()).isEqualTo(404);
    }
  }

  @Test
  void anExportWaitsProcessesCompletesAndServesCsvFiles() throws IOException {
    sim.setExportRowsPerFile(1000);
    Map<String, Object> created =
        json(
            post(
                "/api/v5/exports",
                RequestBody.create(
                    "{\"object\":\"prospect\","
                        + "\"fields\":[\"id\",\"email\",\"updatedAt\"],\"procedure\":{\"name\":\"filter_by_updated_at\","
                        + "\"arguments\":{\"updated_after\":\"2026-01-01 00:00:00\",\"updatedBefore\":\"2026-11-28T00:30:00Z\"}}}",
                    JSON),
                true));
    Object id = ((Number) created.get("id")).longValue();
    assertThat(created).containsEntry("status", "Waiting").containsEntry("isExpired", false);
    clock.advance(Duration.ofSeconds(30));
    Map<String, Object> done = json(get("/api/v5/exports/" + id));
    assertThat(done).containsEntry("status", "Complete");
    List<?> refs = (List<?>) done.get("resultRefs");
    assertThat(refs).hasSizeGreaterThanOrEqualTo(2);
    try (Response r = call(authorized(((String) refs.get(0)).substring(sim.baseUrl().length())))) {
      String csv = r.body().string();
      assertThat(csv).startsWith("id,email,updatedAt\n");
      assertThat(csv.split("\n")).hasSize(1001);
    }
    try (Response r =
        call(
            authorized("/api/v5/exports")
                .post(
                    RequestBody.create(
                        "{\"object\":\"prospect\","
                            + "\"procedure\":{\"name\":\"filter_by_nothing\"}}",
                        JSON)))) {
      assertThat(json(r)).containsEntry("code", 174.0);
    }
  }

  @Test
  void theDocumentedV4ExportFormWrapsTheExportAndGivesOneFileAsAString() throws IOException {
    Map<String, Object> created =
        json(
            post(
                "/api/export/version/4/do/create",
                RequestBody.create(
                    "{\"object\":"
                        + "\"visitorActivity\",\"fields\":[\"id\",\"prospectId\",\"type\",\"createdAt\"],\"procedure\":"
                        + "{\"name\":\"filter_by_created_at\",\"arguments\":{\"created_after\":\"2026-11-01 00:00:00\","
                        + "\"created_before\":\"2026-11-28 00:00:00\"}}}",
                    JSON),
                true));
    @SuppressWarnings("unchecked")
    Map<String, Object> export = (Map<String, Object>) created.get("export");
    assertThat(export).containsEntry("state", "Waiting");
    assertThat((String) export.get("createdAt"))
        .matches("\\d{4}-\\d\\d-\\d\\d \\d\\d:\\d\\d:\\d\\d");
    clock.advance(Duration.ofMinutes(1));
    @SuppressWarnings("unchecked")
    Map<String, Object> read =
        (Map<String, Object>)
            json(get("/api/export/version/4/do/read/id/" + ((Number) export.get("id")).longValue()))
                .get("export");
    assertThat(read).containsEntry("state", "Complete");
    assertThat(read.get("resultRefs")).isInstanceOf(String.class);
    try (Response r =
        call(authorized(((String) read.get("resultRefs")).substring(sim.baseUrl().length())))) {
      assertThat(r.body().string()).startsWith("id,prospectId,type,createdAt\n");
    }
  }

  @Test
  void readsAnswer304WhenUnchangedAndUpsertsMatchTheRecycleBinOnlyWhenAsked() throws IOException {
    SimRecord r = sim.table("prospects").stream(false).findFirst().orElseThrow();
    String since =
        java.time.format.DateTimeFormatter.RFC_1123_DATE_TIME.format(
            r.modifiedAt().atZone(java.time.ZoneOffset.UTC));
    try (Response unchanged =
        call(
            authorized("/api/v5/objects/prospects/" + r.id() + "?fields=id")
                .header("If-Modified-Since", since))) {
      assertThat(unchanged.code()).isEqualTo(304);
    }
    String email = (String) r.get("email");
    sim.table("prospects").stream(false)
        .filter(p -> email.equals(p.get("email")))
        .forEach(p -> sim.table("prospects").delete(p.id()));
    try (Response r1 = call(authorized("/api/v5/objects/prospects/" + r.id() + "?fields=id"))) {
      assertThat(r1.code()).isEqualTo(404);
      assertThat(r1.header("Pardot-Warning")).isEqualTo("201;Record In Recycle Bin");
    }
    try (Response restored =
        call(
            authorized("/api/v5/objects/prospects/do/upsertLatestByEmail")
                .post(
                    RequestBody.create(
                        "{\"matchEmail\":\""
                            + email
                            + "\",\"prospect\":{\"jobTitle\":\"Back\"},"
                            + "\"secondaryDeletedSearch\":true,\"fields\":[\"id\"]}",
                        JSON)))) {
      assertThat(json(restored)).containsEntry("id", Double.parseDouble(r.id()));
    }
    assertThat(sim.table("prospects").get(r.id()).deleted()).isFalse();
    assertThat(sim.table("prospects").get(r.id()).get("jobTitle")).isEqualTo("Back");
    try (Response malformed =
        call(
            new Request.Builder()
                .url(sim.baseUrl() + "/api/v5/objects/prospects?fields=id")
                .header("Authorization", "Bearer " + token)
                .header("Pardot-Business-Unit-Id", "not-a-unit"))) {
      assertThat(json(malformed)).containsEntry("code", 182.0);
    }
    try (Response delete = call(authorized("/api/v5/objects/prospects/" + r.id()).delete())) {
      assertThat(delete.code()).isEqualTo(405);
    }
  }

  @Test
  void recordCountsMayNameCollectionsOrConnectorObjects() {
    assertThat(PardotSimulator.collectionName("VisitorActivity")).isEqualTo("visitor-activities");
    assertThat(PardotSimulator.collectionName("ListMembership")).isEqualTo("list-memberships");
    assertThat(PardotSimulator.collectionName("Opportunity")).isEqualTo("opportunities");
    assertThat(PardotSimulator.collectionName("prospects")).isEqualTo("prospects");
    assertThat(PardotSimulator.collectionName("Account")).isNull();
  }

  @Test
  void theProviderIsRegistered() {
    assertThat(
            ServiceLoader.load(dev.revsync.simulators.SimulatorProvider.class).stream()
                .map(p -> p.get().system()))
        .contains("pardot");
  }

  private Request.Builder authorized(String path) {
    return new Request.Builder()
        .url(sim.baseUrl() + path)
        .header("Authorization", "Bearer " + token)
        .header("Pardot-Business-Unit-Id", sim.businessUnitId());
  }

  private Response call(Request.Builder b) throws IOException {
    return http.newCall(b.build()).execute();
  }

  private Response get(String path) throws IOException {
    Response r = call(authorized(path));
    assertThat(r.code()).as("GET %s: %s", path, r.peekBody(500).string()).isEqualTo(200);
    return r;
  }

  private Response post(String path, RequestBody body, boolean auth) throws IOException {
    Request.Builder b = auth ? authorized(path) : new Request.Builder().url(sim.baseUrl() + path);
    Response r = call(b.post(body));
    assertThat(r.code()).as("POST %s: %s", path, r.peekBody(500).string()).isBetween(200, 201);
    return r;
  }

  @SuppressWarnings("unchecked")
  private static Map<String, Object> json(Response r) throws IOException {
    try (r) {
      return (Map<String, Object>)
          new Moshi.Builder()
              .build()
              .adapter(Object.class)
              .serializeNulls()
              .fromJson(r.body().string());
    }
  }
}
