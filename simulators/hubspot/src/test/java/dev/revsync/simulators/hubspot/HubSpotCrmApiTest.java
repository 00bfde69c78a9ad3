package dev.revsync.simulators.hubspot;

import static org.assertj.core.api.Assertions.assertThat;

import dev.revsync.simulators.SimRecord;
import dev.revsync.simulators.SimulatedClock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** Shapes, status codes and paging of the CRM v3 endpoints, from the protocol notes' examples. */
class HubSpotCrmApiTest {
  private final SimulatedClock clock = SimulatedClock.at("2026-11-28T00:30:00Z");
  private HubSpotSimulator sim;

  private Client start(int contacts) {
    sim = HubSpotSimulator.builder().clock(clock).records("contacts", contacts).start();
    return new Client(sim.baseUrl(), sim.privateAppToken());
  }

  @AfterEach
  void stop() {
    if (sim != null) sim.close();
  }

  @Test
  void accountDetailsCarryTheNineRequiredFieldsAndEveryResponseACorrelationIdAndRateLimitHeaders() {
    Client c = start(10);
    Client.Reply r = c.get("/account-info/v3/details");
    assertThat(r.code()).isEqualTo(200);
    assertThat(r.json())
        .containsKeys(
            "portalId",
            "accountType",
            "timeZone",
            "companyCurrency",
            "additionalCurrencies",
            "utcOffset",
            "utcOffsetMilliseconds",
            "uiDomain",
            "dataHostingLocation");
    assertThat(r.json().get("timeZone")).isEqualTo("US/Eastern");
    assertThat(r.header("X-HubSpot-Correlation-Id")).isNotBlank();
    assertThat(r.header("X-HubSpot-RateLimit-Daily")).isEqualTo("1000000");
    assertThat(r.header("X-HubSpot-RateLimit-Daily-Remaining")).isEqualTo("999999");
    assertThat(r.header("X-HubSpot-RateLimit-Interval-Milliseconds")).isEqualTo("10000");
    assertThat(r.header("X-HubSpot-RateLimit-Max")).isEqualTo("190");
    assertThat(r.header("X-HubSpot-RateLimit-Remaining")).isEqualTo("189");
    assertThat(c.get("/account-info/2026-09/details").code()).as("the dated alias").isEqualTo(200);
  }

  @Test
  void listPagesInIdOrderWithPagingNextAfterAndTheLastPageHasNoPaging() {
    Client c = start(250);
    List<String> ids = new ArrayList<>();
    String after = null;
    int pages = 0;
    while (true) {
      Client.Reply r =
          c.get(
              "/crm/v3/objects/contacts?limit=100&archived=false&properties=email&properties=firstname,"
                  + "no_such_property"
                  + (after == null ? "" : "&after=" + after));
      assertThat(r.code()).isEqualTo(200);
      pages++;
      for (Map<String, Object> rec : r.list("results")) {
        ids.add((String) rec.get("id"));
        assertThat(rec).containsKeys("id", "properties", "createdAt", "updatedAt", "archived");
        @SuppressWarnings("unchecked")
        Map<String, Object> props = (Map<String, Object>) rec.get("properties");
        assertThat(props).containsOnlyKeys("email", "firstname");
        assertThat((String) rec.get("updatedAt"))
            .matches("\\d{4}-\\d\\d-\\d\\dT\\d\\d:\\d\\d:\\d\\d\\.\\d{3}Z");
      }
      Object paging = r.json().get("paging");
      if (paging == null) break;
      @SuppressWarnings("unchecked")
      Map<String, Object> next = (Map<String, Object>) ((Map<String, Object>) paging).get("next");
      after = (String) next.get("after");
      assertThat((String) next.get("link")).contains("after=" + after);
    }
    assertThat(pages).isEqualTo(3);
    assertThat(ids).hasSize(250).doesNotHaveDuplicates();
    assertThat(ids)
        .isSortedAccordingTo((a, b) -> Long.compare(Long.parseLong(a), Long.parseLong(b)));
    assertThat(c.get("/crm/v3/objects/contacts?limit=101").code()).isEqualTo(400);
    Client.Reply defaults = c.get("/crm/v3/objects/contacts?limit=1");
    @SuppressWarnings("unchecked")
    Map<String, Object> props =
        (Map<String, Object>) defaults.list("results").get(0).get("properties");
    assertThat(props)
        .containsOnlyKeys(
            "firstname", "lastname", "email", "createdate", "lastmodifieddate", "hs_object_id");
  }

  @Test
  void archivedTrueListsDeletedRecordsWithArchivedAt() {
    Client c = start(20);
    String id = sim.table("contacts").stream(false).findFirst().orElseThrow().id();
    clock.advance(Duration.ofSeconds(5));
    assertThat(sim.table("contacts").delete(id)).isTrue();
    Client.Reply r = c.get("/crm/v3/objects/contacts?archived=true&limit=100");
    assertThat(r.list("results"))
        .singleElement()
        .satisfies(
            rec -> {
              assertThat(rec.get("id")).isEqualTo(id);
              assertThat(rec.get("archived")).isEqualTo(true);
              assertThat(rec.get("archivedAt")).isEqualTo("2026-11-28T00:30:05.000Z");
            });
    assertThat(c.get("/crm/v3/objects/contacts/" + id).code()).isEqualTo(404);
  }

  @Test
  void searchPagesByOffsetUpToTheCapAndAnswers400PastIt() {
    Client c = start(10_250);
    String body =
        "{\"filterGroups\":[{\"filters\":[{\"propertyName\":\"lastmodifieddate\",\"operator\":\"GTE\","
            + "\"value\":\"0\"}]}],\"sorts\":[{\"propertyName\":\"lastmodifieddate\",\"direction\":\"ASCENDING\"}],"
            + "\"properties\":[\"email\",\"lastmodifieddate\"],\"limit\":200,\"after\":\"%s\"}";
    Client.Reply first = c.post("/crm/v3/objects/contacts/search", String.format(body, "0"));
    assertThat(first.code()).isEqualTo(200);
    assertThat(first.json().get("total")).isEqualTo(10_250L);
    assertThat(first.header("X-HubSpot-RateLimit-Max"))
        .as("search carries no rate-limit headers")
        .isNull();
    assertThat(first.header("X-HubSpot-Correlation-Id")).isNotBlank();
    Set<String> seen = new HashSet<>();
    String last = null;
    String after = "0";
    int pages = 0;
    while (after != null) {
      clock.advance(Duration.ofSeconds(1)); // search's per-second limit
      Client.Reply r = c.post("/crm/v3/objects/contacts/search", String.format(body, after));
      assertThat(r.code()).as(r.body()).isEqualTo(200);
      pages++;
      for (Map<String, Object> rec : r.list("results")) {
        assertThat(seen.add((String) rec.get("id"))).isTrue();
        @SuppressWarnings("unchecked")
        String modified =
            (String) ((Map<String, Object>) rec.get("properties")).get("lastmodifieddate");
        if (last != null) assertThat(modified).isGreaterThanOrEqualTo(last);
        last = modified;
      }
      @SuppressWarnings("unchecked")
      Map<String, Object> paging = (Map<String, Object>) r.json().get("paging");
      @SuppressWarnings("unchecked")
      String next =
          paging == null ? null : (String) ((Map<String, Object>) paging.get("next")).get("after");
      after = next;
      if ("10000".equals(next)) break;
    }
    assertThat(pages).isEqualTo(50);
    assertThat(seen).hasSize(10_000);
    clock.advance(Duration.ofSeconds(1));
    Client.Reply past = c.post("/crm/v3/objects/contacts/search", String.format(body, "10000"));
    assertThat(past.code()).isEqualTo(400);
    assertThat(past.json())
        .containsEntry("category", "VALIDATION_ERROR")
        .containsKey("correlationId");
    clock.advance(Duration.ofSeconds(1));
    assertThat(c.post("/crm/v3/objects/contacts/search", "{\"limit\":201}").code()).isEqualTo(400);
  }

  @Test
  void searchFiltersWithTheIdTieBreakerAndContactsIgnoreHsLastmodifieddate() {
    Client c = start(30);
    List<SimRecord> all = sim.table("contacts").stream(false).toList();
    SimRecord pivot = all.get(10);
    long ms = pivot.modifiedAt().toEpochMilli();
    String body =
        "{\"filterGroups\":[{\"filters\":[{\"propertyName\":\"lastmodifieddate\",\"operator\":\"GT\",\"value\":\""
            + ms
            + "\"}]},{\"filters\":[{\"propertyName\":\"lastmodifieddate\",\"operator\":\"EQ\",\"value\":\""
            + ms
            + "\"},{\"propertyName\":\"hs_object_id\",\"operator\":\"GT\",\"value\":\""
            + pivot.id()
            + "\"}]}],"
            + "\"sorts\":[{\"propertyName\":\"lastmodifieddate\",\"direction\":\"ASCENDING\"}],\"limit\":100}";
    Client.Reply r = c.post("/crm/v3/objects/contacts/search", body);
    assertThat(r.code()).isEqualTo(200);
    List<String> ids = r.list("results").stream().map(m -> (String) m.get("id")).toList();
    assertThat(ids)
        .containsExactlyElementsOf(all.subList(11, 30).stream().map(SimRecord::id).toList());
    assertThat(r.json().get("total")).isEqualTo(19L);
    clock.advance(Duration.ofSeconds(1));
    Client.Reply wrongField =
        c.post(
            "/crm/v3/objects/contacts/search",
            "{\"filterGroups\":[{\"filters\":[{"
                + "\"propertyName\":\"hs_lastmodifieddate\",\"operator\":\"GTE\",\"value\":\"0\"}]}],\"limit\":10}");
    assertThat(wrongField.json().get("total")).isEqualTo(0L);
  }

  @Test
  void batchUpdateAnswers200WhenAllSucceedAnd207NamingFailedIdsInContext() {
    Client c = start(10);
    List<SimRecord> all = sim.table("contacts").stream(false).toList();
    Client.Reply ok =
        c.post(
            "/crm/v3/objects/contacts/batch/update",
            "{\"inputs\":[{\"id\":\""
                + all.get(0).id()
                + "\",\"properties\":{\"annualrevenue\":\"87\",\"jobtitle\":\"CTO\"}}]}");
    assertThat(ok.code()).isEqualTo(200);
    assertThat(ok.json())
        .containsEntry("status", "COMPLETE")
        .containsKeys("results", "startedAt", "completedAt");
    assertThat(sim.table("contacts").get(all.get(0).id()).get("jobtitle")).isEqualTo("CTO");
    Client.Reply partial =
        c.post(
            "/crm/v3/objects/contacts/batch/update",
            "{\"inputs\":[{\"id\":\""
                + all.get(1).id()
                + "\",\"properties\":{\"jobtitle\":\"CEO\"}},{\"id\":\"999\",\"properties\":{\"jobtitle\":\"x\"}},{\"id\":\""
                + all.get(2).id()
                + "\",\"properties\":{\"annualrevenue\":\"lots\"}}]}");
    assertThat(partial.code()).isEqualTo(207);
    assertThat(partial.json().get("numErrors")).isEqualTo(2L);
    List<Map<String, Object>> errors = partial.list("errors");
    assertThat(errors)
        .anySatisfy(
            e -> {
              assertThat(e.get("category")).isEqualTo("OBJECT_NOT_FOUND");
              assertThat(e.get("context")).isEqualTo(Map.of("ids", List.of("999")));
            });
    assertThat(errors).anySatisfy(e -> assertThat(e.get("category")).isEqualTo("VALIDATION_ERROR"));
    assertThat(
            c.post(
                    "/crm/v3/objects/contacts/batch/update",
                    "{\"inputs\":[{\"id\":\"1\",\"properties\":{}},"
                        + "{\"id\":\"1\",\"properties\":{}}]}")
                .code())
        .as("duplicate ids")
        .isEqualTo(400);
    assertThat(
            c.post(
                    "/crm/v3/objects/contacts/batch/update",
                    "{\"inputs\":[{\"id\":\""
                        + all.get(1).id()
                        + "\",\"properties\":{\"no_such\":\"1\"}}]}")
                .code())
        .as("unknown property")
        .isEqualTo(400);
    assertThat(
            c.post(
                    "/crm/v3/objects/contacts/batch/update",
                    "{\"inputs\":[{\"id\":\""
                        + all.get(1).id()
                        + "\",\"properties\":{\"hs_object_id\":\"1\"}}]}")
                .code())
        .as("read-only property")
        .isEqualTo(400);
  }

  @Test
  void batchUpsertOnEmailReportsNewAndArchiveAnswers204() {
    Client c = start(10);
    SimRecord existing = sim.table("contacts").stream(false).findFirst().orElseThrow();
    String email = ((String) existing.get("email")).toUpperCase(Locale.ROOT);
    Client.Reply r =
        c.post(
            "/crm/v3/objects/contacts/batch/upsert",
            "{\"inputs\":[{\"id\":\""
                + email
                + "\",\"idProperty\":\"email\",\"properties\":{\"jobtitle\":\"VP\"}},{\"id\":\"new@x.example\","
                + "\"idProperty\":\"email\",\"properties\":{\"firstname\":\"Nu\"}}]}");
    assertThat(r.code()).as(r.body()).isEqualTo(200);
    List<Map<String, Object>> results = r.list("results");
    assertThat(results)
        .anySatisfy(
            m -> {
              assertThat(m.get("id")).isEqualTo(existing.id());
              assertThat(m.get("new")).isEqualTo(false);
            });
    assertThat(results).anySatisfy(m -> assertThat(m.get("new")).isEqualTo(true));
    assertThat(results)
        .allSatisfy(
            m ->
                assertThat(m)
                    .containsKeys("createdAt", "archived", "id", "new", "properties", "updatedAt"));
    Client.Reply created =
        c.post(
            "/crm/v3/objects/contacts/batch/create",
            "{\"inputs\":[{\"properties\":{\"email\":" + "\"other@x.example\"}}]}");
    assertThat(created.code()).isEqualTo(201);
    Client.Reply archive =
        c.post(
            "/crm/v3/objects/contacts/batch/archive",
            "{\"inputs\":[{\"id\":\"" + existing.id() + "\"}]}");
    assertThat(archive.code()).isEqualTo(204);
    assertThat(archive.body()).isEmpty();
    assertThat(sim.table("contacts").get(existing.id()).deleted()).isTrue();
  }

  @Test
  void propertiesDescribeEveryFieldAndCustomPropertiesCanBeCreatedInAGroup() {
    Client c = start(5);
    Client.Reply r = c.get("/crm/v3/properties/contacts");
    assertThat(r.code()).isEqualTo(200);
    List<Map<String, Object>> props = r.list("results");
    assertThat(props)
        .extracting(p -> p.get("name"))
        .contains("email", "lastmodifieddate", "hs_object_id");
    assertThat(props)
        .allSatisfy(
            p ->
                assertThat(p)
                    .containsKeys(
                        "name",
                        "label",
                        "type",
                        "fieldType",
                        "groupName",
                        "description",
                        "options",
                        "hasUniqueValue",
                        "hidden",
                        "calculated",
                        "hubspotDefined",
                        "modificationMetadata"));
    assertThat(
            c.post(
                    "/crm/v3/properties/contacts/groups",
                    "{\"name\":\"revsync\",\"label\":\"Revsync\"}")
                .code())
        .isEqualTo(201);
    assertThat(
            c.post(
                    "/crm/v3/properties/contacts",
                    "{\"name\":\"revsync_score\",\"label\":\"Score\",\"type\":"
                        + "\"number\",\"fieldType\":\"number\",\"groupName\":\"revsync\"}")
                .code())
        .isEqualTo(201);
    assertThat(
            c.post(
                    "/crm/v3/properties/contacts",
                    "{\"name\":\"revsync_score\",\"label\":\"Score\",\"type\":"
                        + "\"number\",\"fieldType\":\"number\",\"groupName\":\"revsync\"}")
                .code())
        .isEqualTo(409);
    assertThat(
            c.post(
                    "/crm/v3/properties/contacts",
                    "{\"name\":\"hs_mine\",\"label\":\"x\",\"type\":"
                        + "\"number\",\"fieldType\":\"number\",\"groupName\":\"revsync\"}")
                .code())
        .isEqualTo(400);
    SimRecord first = sim.table("contacts").stream(false).findFirst().orElseThrow();
    assertThat(
            c.patch(
                    "/crm/v3/objects/contacts/" + first.id(),
                    "{\"properties\":{\"revsync_score\":\"87.5\"}}")
                .code())
        .isEqualTo(200);
    assertThat(sim.table("contacts").get(first.id()).get("revsync_score"))
        .isEqualTo(new java.math.BigDecimal("87.5"));
  }

  @Test
  void unauthenticatedCallsGet401AndMissingScopesGet403NamingTheScope() {
    start(5);
    Client anonymous = new Client(sim.baseUrl(), null);
    Client.Reply r = anonymous.get("/crm/v3/objects/contacts");
    assertThat(r.code()).isEqualTo(401);
    assertThat(r.json())
        .containsEntry("category", "INVALID_AUTHENTICATION")
        .containsKey("correlationId");
    sim.grantScopes(Set.of("crm.objects.companies.read"));
    Client.Reply denied =
        new Client(sim.baseUrl(), sim.privateAppToken()).get("/crm/v3/objects/contacts?limit=1");
    assertThat(denied.code()).isEqualTo(403);
    assertThat(denied.json()).containsEntry("category", "MISSING_SCOPES");
    assertThat(denied.body())
        .contains("requiredGranularScopes")
        .contains("crm.objects.contacts.read");
  }

  @Test
  void theBurstWindowTheSearchLimitAndTheDailyLimitAnswer429WithTheirPolicyNames() {
    Client c = start(5);
    sim.burstLimit(3);
    for (int i = 0; i < 3; i++)
      assertThat(c.get("/crm/v3/objects/contacts?limit=1").code()).isEqualTo(200);
    Client.Reply burst = c.get("/crm/v3/objects/contacts?limit=1");
    assertThat(burst.code()).isEqualTo(429);
    assertThat(burst.json())
        .containsEntry("policyName", "TEN_SECONDLY_ROLLING")
        .containsEntry("errorType", "RATE_LIMIT")
        .containsKeys("message", "correlationId", "requestId");
    assertThat(sim.burstRefusals()).isEqualTo(1);
    clock.advance(Duration.ofSeconds(10));
    assertThat(c.get("/crm/v3/objects/contacts?limit=1").code()).as("a new window").isEqualTo(200);
    for (int i = 0; i < 4; i++)
      assertThat(c.post("/crm/v3/objects/contacts/search", "{}").code()).isEqualTo(200);
    Client.Reply search = c.post("/crm/v3/objects/contacts/search", "{}");
    assertThat(search.code()).isEqualTo(429);
    assertThat(search.json()).containsEntry("policyName", "SECONDLY");
    sim.dailyLimit(5); // 8 calls were admitted today
    clock.advance(Duration.ofSeconds(10));
    Client.Reply daily = c.get("/crm/v3/objects/contacts?limit=1");
    assertThat(daily.code()).isEqualTo(429);
    assertThat(daily.json())
        .containsEntry("policyName", "DAILY")
        .containsEntry("message", "You have reached your daily limit.");
    // the portal is on US/Eastern: the day turns at 05:00 UTC, not at 00:00 UTC
    assertThat(sim.nextDailyReset()).isEqualTo(Instant.parse("2026-11-28T05:00:00Z"));
    clock.set(Instant.parse("2026-11-28T05:00:00Z"));
    assertThat(c.get("/crm/v3/objects/contacts?limit=1").code()).isEqualTo(200);
  }

  @Test
  void associationsAnswerInlineAndThroughV4AndTheBatchReadsAlike() {
    Client c = start(10);
    String id = sim.table("contacts").stream(false).findFirst().orElseThrow().id();
    Client.Reply inline = c.get("/crm/v3/objects/contacts/" + id + "?associations=companies");
    @SuppressWarnings("unchecked")
    Map<String, Object> companies =
        (Map<String, Object>)
            ((Map<String, Object>) inline.json().get("associations")).get("companies");
    @SuppressWarnings("unchecked")
    String company =
        (String) ((List<Map<String, Object>>) companies.get("results")).get(0).get("id");
    Client.Reply v4 = c.get("/crm/v4/objects/contacts/" + id + "/associations/companies");
    assertThat(v4.code()).isEqualTo(200);
    assertThat(v4.list("results").get(0).get("toObjectId")).isEqualTo(Long.parseLong(company));
    Client.Reply batch =
        c.post(
            "/crm/v4/associations/contacts/companies/batch/read",
            "{\"inputs\":[{\"id\":\"" + id + "\"}]}");
    assertThat(batch.code()).isEqualTo(200);
    assertThat(batch.list("results").get(0)).containsKeys("from", "to");
  }
}
