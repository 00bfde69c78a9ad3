package dev.revsync.simulators.hubspot;

import static org.assertj.core.api.Assertions.assertThat;

import dev.revsync.simulators.SimulatedClock;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** The OAuth endpoints and the marketing APIs, shaped as the protocol notes show them. */
class HubSpotOAuthAndMarketingTest {
  private final SimulatedClock clock = SimulatedClock.at("2026-11-28T00:30:00Z");
  private HubSpotSimulator sim;

  @AfterEach
  void stop() {
    if (sim != null) sim.close();
  }

  private String refresh(Client anonymous, Map<String, String> s) {
    Client.Reply r =
        anonymous.form(
            "/oauth/v1/token",
            Map.of(
                "grant_type",
                "refresh_token",
                "client_id",
                s.get("clientId"),
                "client_secret",
                s.get("clientSecret"),
                "refresh_token",
                s.get("refreshToken")));
    assertThat(r.code()).as(r.body()).isEqualTo(200);
    assertThat(r.json())
        .containsKeys(
            "access_token",
            "refresh_token",
            "expires_in",
            "token_type",
            "token_use",
            "hub_id",
            "scopes");
    assertThat(r.json().get("expires_in")).isEqualTo(1800L);
    assertThat(((String) r.json().get("access_token")).length()).isGreaterThanOrEqualTo(300);
    return (String) r.json().get("access_token");
  }

  @Test
  void theRefreshGrantIssuesAnAccessTokenWhoseCallsOmitTheDailyHeadersAndWhichExpires() {
    sim = HubSpotSimulator.builder().clock(clock).records("contacts", 5).start();
    Client anonymous = new Client(sim.baseUrl(), null);
    String token = refresh(anonymous, sim.oauthConnectionSettings());
    Client.Reply r = new Client(sim.baseUrl(), token).get("/crm/v3/objects/contacts?limit=1");
    assertThat(r.code()).isEqualTo(200);
    assertThat(r.header("X-HubSpot-RateLimit-Daily")).isNull();
    assertThat(r.header("X-HubSpot-RateLimit-Max")).isEqualTo("110");
    Client.Reply info = anonymous.get("/oauth/v1/access-tokens/" + token);
    assertThat(info.json())
        .containsKeys(
            "token",
            "user",
            "hub_domain",
            "scopes",
            "hub_id",
            "app_id",
            "expires_in",
            "user_id",
            "token_type");
    clock.advance(Duration.ofMinutes(31));
    Client.Reply expired = new Client(sim.baseUrl(), token).get("/crm/v3/objects/contacts?limit=1");
    assertThat(expired.code()).isEqualTo(401);
    assertThat(expired.json()).containsEntry("category", "INVALID_AUTHENTICATION");
  }

  @Test
  void aBadRefreshTokenAnswers400BadRefreshTokenWithOrWithoutTheOAuthErrorField() {
    for (boolean carries : List.of(true, false)) {
      sim =
          HubSpotSimulator.builder()
              .clock(clock)
              .records("contacts", 1)
              .badRefreshTokenCarriesOAuthError(carries)
              .start();
      Map<String, String> s = sim.oauthConnectionSettings();
      Client.Reply r =
          new Client(sim.baseUrl(), null)
              .form(
                  "/oauth/v1/token",
                  Map.of(
                      "grant_type",
                      "refresh_token",
                      "client_id",
                      s.get("clientId"),
                      "client_secret",
                      s.get("clientSecret"),
                      "refresh_token",
                      "nope"));
      assertThat(r.code()).isEqualTo(400);
      assertThat(r.json())
          .containsEntry("status", "BAD_REFRESH_TOKEN")
          .containsKey("correlationId");
      assertThat(r.json().containsKey("error")).isEqualTo(carries);
      sim.close();
      sim = null;
    }
  }

  @Test
  void emailEventsPageWithAnOpaqueOffsetWhileHasMore() {
    sim = HubSpotSimulator.builder().clock(clock).records("email_events", 250).start();
    Client c = new Client(sim.baseUrl(), sim.privateAppToken());
    String offset = null;
    int events = 0;
    int pages = 0;
    while (true) {
      Client.Reply r =
          c.get(
              "/email/public/v1/events?limit=100&startTimestamp=0&endTimestamp="
                  + clock.instant().toEpochMilli()
                  + (offset == null ? "" : "&offset=" + offset));
      assertThat(r.code()).isEqualTo(200);
      pages++;
      List<Map<String, Object>> page = r.list("events");
      events += page.size();
      assertThat(page)
          .allSatisfy(
              e ->
                  assertThat(e)
                      .containsKeys(
                          "id",
                          "created",
                          "type",
                          "recipient",
                          "portalId",
                          "appId",
                          "appName",
                          "emailCampaignId",
                          "sentBy"));
      assertThat(page.get(0).get("created")).isInstanceOf(Long.class);
      if (!Boolean.TRUE.equals(r.json().get("hasMore"))) break;
      offset = (String) r.json().get("offset");
    }
    assertThat(events).isEqualTo(250);
    assertThat(pages).isEqualTo(3);
  }

  @Test
  void marketingEmailsFormsSubmissionsAndListsHaveTheirShapes() {
    sim =
        HubSpotSimulator.builder()
            .clock(clock)
            .records("marketing_emails", 3)
            .records("forms", 1)
            .records("form_submissions", 60)
            .records("lists", 2)
            .start();
    Client c = new Client(sim.baseUrl(), sim.privateAppToken());
    Client.Reply emails = c.get("/marketing/v3/emails?limit=10&sort=updatedAt");
    assertThat(emails.json()).containsEntry("total", 3L);
    assertThat(emails.list("results"))
        .allSatisfy(
            e ->
                assertThat(e)
                    .containsKeys(
                        "id",
                        "name",
                        "subject",
                        "state",
                        "type",
                        "createdAt",
                        "updatedAt",
                        "publishDate"));
    String form = (String) c.get("/marketing/v3/forms?limit=10").list("results").get(0).get("id");
    Client.Reply subs = c.get("/form-integrations/v1/submissions/forms/" + form + "?limit=50");
    List<Map<String, Object>> results = subs.list("results");
    assertThat(results).hasSize(50);
    assertThat((Long) results.get(0).get("submittedAt"))
        .as("newest first")
        .isGreaterThanOrEqualTo((Long) results.get(49).get("submittedAt"));
    assertThat(subs.json()).containsKey("paging");
    assertThat(c.get("/form-integrations/v1/submissions/forms/" + form + "?limit=51").code())
        .isEqualTo(400);
    Client.Reply lists =
        c.post("/crm/v3/lists/search", "{\"query\":\"\",\"offset\":0,\"count\":500}");
    assertThat(lists.json()).containsKeys("lists", "hasMore", "offset", "total");
    assertThat(lists.list("lists").get(0))
        .containsKeys(
            "listId",
            "name",
            "objectTypeId",
            "processingType",
            "processingStatus",
            "listVersion",
            "createdAt",
            "updatedAt",
            "additionalProperties");
    String listId = (String) lists.list("lists").get(0).get("listId");
    Client.Reply members = c.get("/crm/v3/lists/" + listId + "/memberships?limit=100");
    assertThat(members.list("results").get(0)).containsKeys("recordId", "membershipTimestamp");
  }
}
