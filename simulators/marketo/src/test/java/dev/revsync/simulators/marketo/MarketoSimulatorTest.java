package dev.revsync.simulators.marketo;

import static org.assertj.core.api.Assertions.assertThat;

import dev.revsync.simulators.SimRecord;
import dev.revsync.simulators.SimulatedClock;
import dev.revsync.spi.Json;
import java.io.IOException;
import java.security.MessageDigest;
import java.time.Duration;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import okhttp3.FormBody;
import okhttp3.MediaType;
import okhttp3.OkHttpClient;
import okhttp3.Request;
import okhttp3.RequestBody;
import okhttp3.Response;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** Wire shapes from the protocol notes' examples, as any Marketo client sees them. */
class MarketoSimulatorTest {
  private final SimulatedClock clock = SimulatedClock.at("2026-11-28T00:30:00Z");
  private final OkHttpClient http = new OkHttpClient();
  private MarketoSimulator sim;

  @AfterEach
  void close() {
    if (sim != null) sim.close();
  }

  private MarketoSimulator start(MarketoSimulator.Builder b) {
    sim = b.clock(clock).start();
    return sim;
  }

  private Map<String, Object> call(Request request) throws IOException {
    try (Response r = http.newCall(request).execute()) {
      assertThat(r.code()).as("HTTP status of %s", request.url()).isEqualTo(200);
      return Json.parseObject(r.body().string(), "test", request.url().toString());
    }
  }

  private String token() throws IOException {
    Map<String, String> s = sim.connectionSettings();
    return (String)
        call(new Request.Builder()
                .url(
                    sim.baseUrl()
                        + "/identity/oauth/token?grant_type=client_credentials"
                        + "&client_id="
                        + s.get("clientId")
                        + "&client_secret="
                        + s.get("clientSecret"))
                .build())
            .get("access_token");
  }

  private Map<String, Object> get(String pathAndQuery, String token) throws IOException {
    return call(
        new Request.Builder()
            .url(sim.baseUrl() + pathAndQuery)
            .header("Authorization", "Bearer " + token)
            .build());
  }

  private static String code(Map<String, Object> envelope) {
    assertThat(envelope.get("success")).isEqualTo(false);
    Object code = ((Map<?, ?>) ((List<?>) envelope.get("errors")).get(0)).get("code");
    assertThat(code).as("error codes are quoted integers").isInstanceOf(String.class);
    return (String) code;
  }

  @SuppressWarnings("unchecked")
  private static List<Map<String, Object>> result(Map<String, Object> envelope) {
    assertThat(envelope.get("success")).as("%s", envelope).isEqualTo(true);
    assertThat(envelope.get("requestId")).isInstanceOf(String.class);
    return (List<Map<String, Object>>) envelope.get("result");
  }

  @Test
  void theIdentityServiceHandsBackTheSameTokenWithItsRemainingLifeUntilItExpires()
      throws IOException {
    start(MarketoSimulator.builder().leads(10));
    Map<String, String> s = sim.connectionSettings();
    String url =
        sim.baseUrl()
            + "/identity/oauth/token?grant_type=client_credentials&client_id="
            + s.get("clientId")
            + "&client_secret="
            + s.get("clientSecret");
    Map<String, Object> first = call(new Request.Builder().url(url).build());
    assertThat(first)
        .containsEntry("token_type", "bearer")
        .containsEntry("expires_in", 3599L)
        .containsEntry("scope", "revsync-api@example.com");
    clock.advance(Duration.ofSeconds(600));
    Map<String, Object> again =
        call(
            new Request.Builder()
                .url(sim.baseUrl() + "/identity/oauth/token")
                .post(
                    new FormBody.Builder()
                        .add("grant_type", "client_credentials")
                        .add("client_id", s.get("clientId"))
                        .add("client_secret", s.get("clientSecret"))
                        .build())
                .build());
    assertThat(again.get("access_token")).isEqualTo(first.get("access_token"));
    assertThat(again.get("expires_in")).isEqualTo(3000L);
    clock.advance(Duration.ofSeconds(3000));
    assertThat(code(get("/rest/v1/leads/describe2.json", (String) first.get("access_token"))))
        .isEqualTo("602");
    assertThat(call(new Request.Builder().url(url).build()).get("access_token"))
        .isNotEqualTo(first.get("access_token"));

    try (Response bad =
        http.newCall(new Request.Builder().url(url.replace(s.get("clientSecret"), "nope")).build())
            .execute()) {
      assertThat(bad.code()).isEqualTo(401);
      assertThat(bad.body().string()).contains("\"error\":\"invalid_client\"");
    }
  }

  @Test
  void tokensTravelInTheAuthorizationHeaderOnlyAndBadOnesAnswer600Or601WithHttp200()
      throws IOException {
    start(MarketoSimulator.builder().leads(10));
    String token = token();
    assertThat(
            code(
                call(
                    new Request.Builder()
                        .url(sim.baseUrl() + "/rest/v1/leads/describe2.json?access_token=" + token)
                        .build())))
        .isEqualTo("601");
    assertThat(
            code(
                call(
                    new Request.Builder()
                        .url(sim.baseUrl() + "/rest/v1/leads/describe2.json")
                        .build())))
        .isEqualTo("600");
    assertThat(code(get("/rest/v1/leads/describe2.json", "garbage:ab"))).isEqualTo("601");
    assertThat(code(get("/rest/v1//leads/describe2.json", token))).isEqualTo("610");
    Map<String, Object> describe = result(get("/rest/v1/leads/describe2.json", token)).get(0);
    assertThat(describe.get("name")).isEqualTo("API Lead");
    assertThat(describe.get("searchableFields").toString()).contains("[email]", "[id]");
  }

  @Test
  void leadsByIdPageWithATokenAndTheLastPageHasNoToken() throws IOException {
    start(MarketoSimulator.builder().leads(20));
    String token = token();
    Map<String, Object> page1 =
        get("/rest/v1/leads.json?filterType=id&filterValues=1%2C2%2C3%2C4%2C5&batchSize=3", token);
    assertThat(result(page1)).extracting(m -> m.get("id")).containsExactly(1L, 2L, 3L);
    assertThat(result(page1).get(0).keySet())
        .containsExactlyInAnyOrder(
            "id", "email", "firstName", "lastName", "createdAt", "updatedAt");
    assertThat(page1.get("moreResult")).isEqualTo(true);
    Map<String, Object> page2 =
        get(
            "/rest/v1/leads.json?filterType=id&filterValues=1%2C2%2C3%2C4%2C5&batchSize=3"
                + "&nextPageToken="
                + page1.get("nextPageToken"),
            token);
    assertThat(result(page2)).extracting(m -> m.get("id")).containsExactly(4L, 5L);
    assertThat(page2).doesNotContainKey("nextPageToken");
    String updatedAt = (String) result(page2).get(0).get("updatedAt");
    assertThat(updatedAt).matches("\\d{4}-\\d\\d-\\d\\dT\\d\\d:\\d\\d:\\d\\dZ");
    assertThat(code(get("/rest/v1/leads.json?filterType=id&filterValues=1&fields=nope", token)))
        .isEqualTo("1006");
    // a long filter travels as a POST with _method=GET and a form body
    Map<String, Object> viaPost =
        call(
            new Request.Builder()
                .url(sim.baseUrl() + "/rest/v1/leads.json?_method=GET")
                .header("Authorization", "Bearer " + token)
                .post(
                    new FormBody.Builder()
                        .add("filterType", "id")
                        .add("filterValues", "7,8")
                        .add("fields", "id,leadScore")
                        .build())
                .build());
    assertThat(result(viaPost)).extracting(m -> m.get("id")).containsExactly(7L, 8L);
  }

  @Test
  void clientsThatJoinRestWithDotDotBulkPathsAndLegacyPathsAreServed() throws IOException {
    start(MarketoSimulator.builder().leads(5));
    String token = token();
    String create =
        Json.toJson(
            Map.of(
                "fields",
                List.of("id", "email"),
                "format",
                "CSV",
                "filter",
                Map.of(
                    "createdAt",
                    Map.of("startAt", "2026-11-01T00:00:00Z", "endAt", "2026-11-20T00:00:00Z"))));
    Map<String, Object> created =
        call(
            new Request.Builder()
                .url(sim.baseUrl() + "/rest/../bulk/v1/leads/export/create.json")
                .header("Authorization", "Bearer " + token)
                .post(RequestBody.create(create, MediaType.get("application/json")))
                .build());
    assertThat(result(created).get(0).get("status")).isEqualTo("Created");
    assertThat(MarketoHandler.normalize("/rest/../bulk/v1/x.json")).isEqualTo("/bulk/v1/x.json");
    assertThat(result(get("/rest/v1/lead/3.json?fields=id,email", token)))
        .extracting(m -> m.get("id"))
        .containsExactly(3L);
    assertThat(result(get("/rest/v1/lead/99.json", token))).isEmpty();
    assertThat(result(get("/rest/v1/campaigns.json", token))).hasSize(4);
    try (Response tooLong =
        http.newCall(
                new Request.Builder()
                    .url(
                        sim.baseUrl()
                            + "/rest/v1/leads.json?filterType=id"
                            + "&filterValues="
                            + "1,".repeat(4_200)
                            + "1")
                    .header("Authorization", "Bearer " + token)
                    .build())
            .execute()) {
      assertThat(tooLong.code()).as("a URI over 8 KB").isEqualTo(414);
    }
  }

  @Test
  void syncLeadsReportsEachRecordsStatusAndReasonsInInputOrder() throws IOException {
    start(MarketoSimulator.builder().leads(5));
    String token = token();
    String email = (String) sim.leads().get("2").get("email");
    String body =
        Json.toJson(
            Map.of(
                "action",
                "updateOnly",
                "lookupField",
                "email",
                "input",
                List.of(
                    Map.of("email", email, "revsyncScore", 87),
                    Map.of("email", "nobody@example.com", "revsyncScore", 1))));
    Map<String, Object> answer =
        call(
            new Request.Builder()
                .url(sim.baseUrl() + "/rest/v1/leads.json")
                .header("Authorization", "Bearer " + token)
                .post(RequestBody.create(body, MediaType.get("application/json")))
                .build());
    List<Map<String, Object>> result = result(answer);
    assertThat(result.get(0)).containsEntry("id", 2L).containsEntry("status", "updated");
    assertThat(result.get(1)).containsEntry("status", "skipped");
    assertThat(result.get(1).get("reasons").toString()).contains("1004");
    assertThat(sim.leads().get("2").get("revsyncScore")).isEqualTo(87L);
    Map<String, Object> wrongType =
        call(
            new Request.Builder()
                .url(sim.baseUrl() + "/rest/v1/leads.json")
                .header("Authorization", "Bearer " + token)
                .post(RequestBody.create(body, MediaType.get("text/plain")))
                .build());
    assertThat(code(wrongType)).isEqualTo("612");
  }

  @Test
  void leadChangesAndDeletesFollowThePagingTokenAndItsFreshTokenSeesNothingTwice()
      throws IOException {
    start(MarketoSimulator.builder().leads(50));
    String token = token();
    clock.advance(Duration.ofMinutes(30));
    Map<String, Object> t =
        get(
            "/rest/v1/activities/pagingtoken.json?sinceDatetime=" + "2026-11-28T01:00:00%2B0000",
            token);
    assertThat(t).doesNotContainKey("result");
    clock.advance(Duration.ofSeconds(5));
    sim.leads().update("7", Map.of("leadScore", 150L));
    SimRecord created = sim.leads().insert(Map.of("email", "new@example.com", "lastName", "New"));
    sim.leads().delete("9");
    Map<String, Object> changes =
        get(
            "/rest/v1/activities/leadchanges.json?fields=leadScore,email&nextPageToken="
                + t.get("nextPageToken"),
            token);
    assertThat(result(changes))
        .extracting(m -> m.get("leadId"))
        .containsExactly(7L, Long.parseLong(created.id()));
    assertThat(result(changes)).extracting(m -> m.get("activityTypeId")).containsExactly(13L, 12L);
    assertThat(changes.get("moreResult")).isEqualTo(false);
    Map<String, Object> deletes =
        get("/rest/v1/activities/deletedleads.json?nextPageToken=" + t.get("nextPageToken"), token);
    assertThat(result(deletes)).extracting(m -> m.get("leadId")).containsExactly(9L);
    Map<String, Object> after =
        get(
            "/rest/v1/activities/leadchanges.json?fields=email&nextPageToken="
                + changes.get("nextPageToken"),
            token);
    assertThat(after.get("success")).isEqualTo(true);
    assertThat(after)
        .as("an empty activity page")
        .doesNotContainKey("result")
        .containsKey("nextPageToken");
    assertThat(
            code(
                get(
                    "/rest/v1/activities.json?nextPageToken="
                        + t.get("nextPageToken")
                        + "&activityTypeIds=1,2,3,4,5,6,7,8,9,10,11",
                    token)))
        .isEqualTo("1003");
  }

  @Test
  void aLiveSubscriptionChangesCreatesAndDeletesLeadsOnItsOwnAndTheFeedsShowThem()
      throws IOException {
    start(MarketoSimulator.builder().leads(500).changesPerHour(600));
    String token = token();
    String since =
        (String)
            get("/rest/v1/activities/pagingtoken.json?sinceDatetime=2026-11-28T00:30:00Z", token)
                .get("nextPageToken");
    clock.advance(Duration.ofMinutes(30));
    Map<String, Object> changes =
        get("/rest/v1/activities/leadchanges.json?fields=leadScore&nextPageToken=" + since, token);
    assertThat(result(changes))
        .as("300 changes in half an hour at 600 an hour, on fewer leads")
        .hasSizeGreaterThan(150);
    assertThat(sim.leads().changedCount())
        .as("leads changed, created or deleted, some twice")
        .isBetween(150L, 300L);
  }

  @Test
  void theRateWindowTheDailyQuotaAndTheUsageApiAgree() throws IOException {
    start(MarketoSimulator.builder().leads(5).dailyQuota(150));
    String token = token();
    for (int i = 0; i < 100; i++) result(get("/rest/v1/stats/usage.json", token));
    assertThat(code(get("/rest/v1/stats/usage.json", token))).isEqualTo("606");
    clock.advance(Duration.ofSeconds(21));
    Map<String, Object> usage = result(get("/rest/v1/stats/usage.json", token)).get(0);
    assertThat(usage.get("total")).isEqualTo(102L);
    assertThat(usage.get("date")).isEqualTo("2026-11-27"); // Chicago's day at 00:30 UTC
    for (int i = 0; i < 48; i++) get("/rest/v1/stats/usage.json", token);
    clock.advance(Duration.ofSeconds(21));
    assertThat(code(get("/rest/v1/stats/usage.json", token))).isEqualTo("607");
    clock.advance(Duration.ofHours(6)); // past midnight in Chicago
    token = token();
    assertThat(result(get("/rest/v1/stats/usage.json", token)).get(0).get("total")).isEqualTo(1L);
  }

  @Test
  void anExtractJobRunsCreatedQueuedProcessingCompletedAndItsFileResumesByRange() throws Exception {
    start(MarketoSimulator.builder().leads(40).span(Duration.ofDays(10)).extractBytesPerDay(1));
    String token = token();
    String create =
        Json.toJson(
            Map.of(
                "fields",
                List.of("id", "email", "updatedAt", "annualRevenue"),
                "format",
                "CSV",
                "filter",
                Map.of(
                    "updatedAt",
                    Map.of("startAt", "2026-11-01T00:00:00Z", "endAt", "2026-12-01T00:00:00Z"))));
    Map<String, Object> created =
        result(
                call(
                    new Request.Builder()
                        .url(sim.baseUrl() + "/bulk/v1/leads/export/create.json")
                        .header("Authorization", "Bearer " + token)
                        .post(RequestBody.create(create, MediaType.get("application/json")))
                        .build()))
            .get(0);
    assertThat(created).containsEntry("status", "Created").containsEntry("format", "CSV");
    String id = (String) created.get("exportId");
    String base = sim.baseUrl() + "/bulk/v1/leads/export/" + id;
    try (Response early =
        http.newCall(
                new Request.Builder()
                    .url(base + "/file.json")
                    .header("Authorization", "Bearer " + token)
                    .build())
            .execute()) {
      assertThat(early.code()).isEqualTo(404);
      assertThat(early.header("Content-Type")).startsWith("text/plain");
    }
    Map<String, Object> queued =
        result(
                call(
                    new Request.Builder()
                        .url(base + "/enqueue.json")
                        .header("Authorization", "Bearer " + token)
                        .post(RequestBody.create(new byte[0]))
                        .build()))
            .get(0);
    assertThat(queued.get("status")).isEqualTo("Queued");
    clock.advance(Duration.ofMinutes(5));
    Map<String, Object> done =
        result(get("/bulk/v1/leads/export/" + id + "/status.json", token)).get(0);
    assertThat(done.get("status")).isEqualTo("Completed");
    assertThat(done.get("numberOfRecords")).isEqualTo(40L);
    byte[] whole;
    try (Response r =
        http.newCall(
                new Request.Builder()
                    .url(base + "/file.json")
                    .header("Authorization", "Bearer " + token)
                    .build())
            .execute()) {
      whole = r.body().bytes();
    }
    assertThat(new String(whole, java.nio.charset.StandardCharsets.UTF_8))
        .startsWith("id,email,updatedAt,annualRevenue\n");
    assertThat(done.get("fileSize")).isEqualTo((long) whole.length);
    assertThat(done.get("fileChecksum"))
        .isEqualTo(
            "sha256:"
                + HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(whole)));
    try (Response r =
        http.newCall(
                new Request.Builder()
                    .url(base + "/file.json")
                    .header("Range", "bytes=100-")
                    .header("Authorization", "Bearer " + token)
                    .build())
            .execute()) {
      assertThat(r.code()).isEqualTo(206);
      assertThat(r.header("Content-Range"))
          .isEqualTo("bytes 100-" + (whole.length - 1) + "/" + whole.length);
      assertThat(r.body().bytes())
          .isEqualTo(java.util.Arrays.copyOfRange(whole, 100, whole.length));
    }
    // the day's export quota (1 byte here) is spent: the next job cannot be queued
    String next =
        (String)
            result(
                    call(
                        new Request.Builder()
                            .url(sim.baseUrl() + "/bulk/v1/leads/export/create.json")
                            .header("Authorization", "Bearer " + token)
                            .post(RequestBody.create(create, MediaType.get("application/json")))
                            .build()))
                .get(0)
                .get("exportId");
    Map<String, Object> refused =
        call(
            new Request.Builder()
                .url(sim.baseUrl() + "/bulk/v1/leads/export/" + next + "/enqueue.json")
                .header("Authorization", "Bearer " + token)
                .post(RequestBody.create(new byte[0]))
                .build());
    assertThat(code(refused)).isEqualTo("1029");
  }

  @Test
  void anActivityExtractWritesTheDefaultColumnsWithAttributesAsAQuotedJsonCell()
      throws IOException {
    start(MarketoSimulator.builder().leads(30).span(Duration.ofDays(10)));
    String token = token();
    String create =
        Json.toJson(
            Map.of(
                "format",
                "CSV",
                "filter",
                Map.of(
                    "createdAt",
                    Map.of("startAt", "2026-11-01T00:00:00Z", "endAt", "2026-11-30T00:00:00Z"),
                    "activityTypeIds",
                    List.of(12, 13))));
    Map<String, Object> created =
        result(
                call(
                    new Request.Builder()
                        .url(sim.baseUrl() + "/bulk/v1/activities/export/create.json")
                        .header("Authorization", "Bearer " + token)
                        .post(RequestBody.create(create, MediaType.get("application/json")))
                        .build()))
            .get(0);
    String base = sim.baseUrl() + "/bulk/v1/activities/export/" + created.get("exportId");
    result(
        call(
            new Request.Builder()
                .url(base + "/enqueue.json")
                .header("Authorization", "Bearer " + token)
                .post(RequestBody.create(new byte[0]))
                .build()));
    clock.advance(Duration.ofMinutes(5));
    assertThat(
            result(
                    get(
                        "/bulk/v1/activities/export/" + created.get("exportId") + "/status.json",
                        token))
                .get(0))
        .containsEntry("status", "Completed")
        .containsEntry("numberOfRecords", 30L);
    try (Response r =
        http.newCall(
                new Request.Builder()
                    .url(base + "/file.json")
                    .header("Authorization", "Bearer " + token)
                    .build())
            .execute()) {
      String[] lines = r.body().string().split("\n");
      assertThat(lines[0])
          .isEqualTo(
              "marketoGUID,leadId,activityDate,activityTypeId,campaignId,primaryAttributeValueId,"
                  + "primaryAttributeValue,attributes");
      assertThat(lines).hasSize(31);
      assertThat(lines[1])
          .contains(",12,")
          .endsWith(
              "\"[{\"\"name\"\":\"\"Source Type\"\",\"\"value\"\":\"\"Web service API\"\"}]\"");
    }
    String deletes =
        Json.toJson(
            Map.of(
                "filter",
                Map.of(
                    "createdAt",
                    Map.of("startAt", "2026-11-01T00:00:00Z", "endAt", "2026-11-30T00:00:00Z"),
                    "activityTypeIds",
                    List.of(37))));
    assertThat(
            code(
                call(
                    new Request.Builder()
                        .url(sim.baseUrl() + "/bulk/v1/activities/export/create.json")
                        .header("Authorization", "Bearer " + token)
                        .post(RequestBody.create(deletes, MediaType.get("application/json")))
                        .build())))
        .isEqualTo("1003");
  }
}
