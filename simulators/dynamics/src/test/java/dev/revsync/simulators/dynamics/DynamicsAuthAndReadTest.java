package dev.revsync.simulators.dynamics;

import static org.assertj.core.api.Assertions.assertThat;

import dev.revsync.simulators.SimRecord;
import dev.revsync.simulators.SimulatedClock;
import dev.revsync.simulators.SimulatorProvider;
import dev.revsync.spi.JwtAssertion;
import java.security.PrivateKey;
import java.time.Duration;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.ServiceLoader;
import java.util.Set;
import java.util.stream.Collectors;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * The token endpoint, WhoAmI, metadata and queries, asserted against the shapes in the protocol
 * notes.
 */
class DynamicsAuthAndReadTest {
  private final SimulatedClock clock = SimulatedClock.at("2026-11-28T00:30:00Z");
  private DynamicsSimulator sim;

  @AfterEach
  void close() {
    if (sim != null) sim.close();
  }

  private DataverseClient client(DynamicsSimulator.Builder b) {
    sim = b.clock(clock).start();
    return new DataverseClient(sim);
  }

  @Test
  void tokenEndpointAnswersTheV2ShapeAndTheTokenWorksOnWhoAmI() {
    DataverseClient c = client(DynamicsSimulator.builder());
    Map<String, String> s = sim.connectionSettings();
    DataverseClient.Reply r =
        c.token(
            s.get("tenantId"),
            Map.of(
                "grant_type",
                "client_credentials",
                "client_id",
                s.get("clientId"),
                "client_secret",
                s.get("clientSecret"),
                "scope",
                sim.baseUrl() + "/.default"));
    assertThat(r.code()).isEqualTo(200);
    Map<String, Object> body = r.map();
    assertThat(body).containsEntry("token_type", "Bearer").containsEntry("expires_in", 3599.0);
    assertThat((String) body.get("access_token")).matches("[\\w-]+\\.[\\w-]+\\.[\\w-]+");
    c.token = (String) body.get("access_token");
    DataverseClient.Reply who = c.get("WhoAmI");
    assertThat(who.code()).isEqualTo(200);
    assertThat(who.map())
        .containsEntry(
            "@odata.context",
            sim.baseUrl() + "/api/data/v9.2/$metadata#Microsoft.Dynamics.CRM.WhoAmIResponse")
        .containsEntry("UserId", sim.userId())
        .containsEntry("OrganizationId", sim.organizationId())
        .containsKey("BusinessUnitId");
    assertThat(who.header("x-ms-ratelimit-burst-remaining-xrm-requests")).matches("\\d+");
    assertThat(who.header("x-ms-ratelimit-time-remaining-xrm-requests"))
        .matches("\\d{1,3}(,\\d{3})*\\.\\d{2}");
    assertThat(who.header("OData-Version")).isEqualTo("4.0");
  }

  @Test
  void tokenErrorsCarryTheAadstsShapeForEachMistake() {
    DataverseClient c = client(DynamicsSimulator.builder());
    Map<String, String> s = sim.connectionSettings();
    String scope = sim.baseUrl() + "/.default";
    DataverseClient.Reply badSecret =
        c.token(
            s.get("tenantId"),
            Map.of(
                "grant_type",
                "client_credentials",
                "client_id",
                s.get("clientId"),
                "client_secret",
                "nope",
                "scope",
                scope));
    assertThat(badSecret.code()).isIn(400, 401);
    assertThat(badSecret.map())
        .containsEntry("error", "invalid_client")
        .containsKey("trace_id")
        .containsKey("correlation_id")
        .containsKey("timestamp");
    assertThat((String) badSecret.map().get("error_description"))
        .startsWith("AADSTS7000215: ")
        .contains("\r\nTrace ID: ");
    assertThat(badSecret.map().get("error_codes")).isEqualTo(List.of(7000215.0));

    DataverseClient.Reply badTenant =
        c.token(
            "11111111-2222-3333-4444-555555555555",
            Map.of(
                "grant_type",
                "client_credentials",
                "client_id",
                s.get("clientId"),
                "client_secret",
                s.get("clientSecret"),
                "scope",
                scope));
    assertThat(badTenant.code()).isEqualTo(400);
    assertThat((String) badTenant.map().get("error_description")).startsWith("AADSTS90002: Tenant");

    DataverseClient.Reply badApp =
        c.token(
            s.get("tenantId"),
            Map.of(
                "grant_type",
                "client_credentials",
                "client_id",
                "99999999-2222-3333-4444-555555555555",
                "client_secret",
                s.get("clientSecret"),
                "scope",
                scope));
    assertThat(badApp.map()).containsEntry("error", "unauthorized_client");
    assertThat((String) badApp.map().get("error_description")).startsWith("AADSTS700016: ");

    DataverseClient.Reply badScope =
        c.token(
            s.get("tenantId"),
            Map.of(
                "grant_type",
                "client_credentials",
                "client_id",
                s.get("clientId"),
                "client_secret",
                s.get("clientSecret"),
                "scope",
                "https://x.crm.dynamics.com/user_impersonation"));
    assertThat(badScope.map()).containsEntry("error", "invalid_scope");
  }

  @Test
  void theVerifiedDomainWorksInPlaceOfTheTenantIdAndV1AnswersStringFields() {
    DataverseClient c = client(DynamicsSimulator.builder());
    Map<String, String> s = sim.connectionSettings();
    DataverseClient.Reply r =
        c.send(
            new okhttp3.Request.Builder()
                .url(sim.baseUrl() + "/contoso.onmicrosoft.com/oauth2/token")
                .post(
                    new okhttp3.FormBody.Builder()
                        .add("grant_type", "client_credentials")
                        .add("client_id", s.get("clientId"))
                        .add("client_secret", s.get("clientSecret"))
                        .add("resource", sim.baseUrl())
                        .build())
                .build());
    assertThat(r.code()).isEqualTo(200);
    assertThat(r.map().get("expires_in")).isEqualTo("3599");
    assertThat(r.map()).containsKeys("expires_on", "not_before", "resource", "access_token");
  }

  @Test
  void aCertificateAppLogsInWithAJdkSignedClientAssertion() {
    DataverseClient c = client(DynamicsSimulator.builder().certificate(true));
    Map<String, String> s = sim.connectionSettings();
    assertThat(s)
        .doesNotContainKey("clientSecret")
        .containsKeys("certificatePrivateKey", "certificateThumbprint");
    // the client's side, signed by core's JwtAssertion as the connector signs it
    PrivateKey key = JwtAssertion.readPrivateKey(s.get("certificatePrivateKey"));
    long now = clock.instant().getEpochSecond();
    Map<String, Object> claims = new LinkedHashMap<>();
    claims.put("aud", sim.baseUrl() + "/" + s.get("tenantId") + "/oauth2/v2.0/token");
    claims.put("iss", s.get("clientId"));
    claims.put("sub", s.get("clientId"));
    claims.put("jti", "1");
    claims.put("nbf", now);
    claims.put("exp", now + 600);
    String jwt = JwtAssertion.sign(Map.of("typ", "JWT", "x5t", "abc"), claims, key);
    DataverseClient.Reply ok =
        c.token(
            s.get("tenantId"),
            Map.of(
                "grant_type",
                "client_credentials",
                "client_id",
                s.get("clientId"),
                "client_assertion_type",
                "urn:ietf:params:oauth:client-assertion-type:jwt-bearer",
                "client_assertion",
                jwt,
                "scope",
                sim.baseUrl() + "/.default"));
    assertThat(ok.code()).isEqualTo(200);
    DataverseClient.Reply forged =
        c.token(
            s.get("tenantId"),
            Map.of(
                "grant_type",
                "client_credentials",
                "client_id",
                s.get("clientId"),
                "client_assertion_type",
                "urn:ietf:params:oauth:client-assertion-type:jwt-bearer",
                "client_assertion",
                jwt.substring(0, jwt.length() - 4) + "AAAA",
                "scope",
                sim.baseUrl() + "/.default"));
    assertThat(forged.map()).containsEntry("error", "invalid_client");
    assertThat((String) forged.map().get("error_description")).startsWith("AADSTS700027");
  }

  @Test
  void anUnauthenticatedCallNamesTheTenantInWwwAuthenticate() {
    DataverseClient c = client(DynamicsSimulator.builder());
    DataverseClient.Reply r = c.get("");
    assertThat(r.code()).isEqualTo(401);
    assertThat(r.header("WWW-Authenticate"))
        .startsWith("Bearer authorization_uri=")
        .contains("/" + sim.tenantId() + "/oauth2/authorize");
  }

  @Test
  void anExpiredAccessTokenAnswers401() {
    DataverseClient c = client(DynamicsSimulator.builder()).login();
    clock.advance(Duration.ofSeconds(3600));
    assertThat(c.get("WhoAmI").code()).isEqualTo(401);
  }

  @Test
  void pagesFollowNextLinksVerbatimWithADoublyEncodedPagingCookie() {
    DataverseClient c = client(DynamicsSimulator.builder().records("account", 1_203)).login();
    Set<String> ids = new HashSet<>();
    String url = "accounts?$select=name,revenue,modifiedon";
    int pages = 0;
    while (url != null) {
      DataverseClient.Reply r = c.get(url, "odata.maxpagesize=500");
      assertThat(r.code()).as(r.body()).isEqualTo(200);
      assertThat(r.header("Preference-Applied")).isEqualTo("odata.maxpagesize=500");
      assertThat(r.header("Content-Type")).startsWith("application/json; odata.metadata=minimal");
      Map<String, Object> body = r.map();
      assertThat(body.get("@odata.context"))
          .isEqualTo(sim.baseUrl() + "/api/data/v9.2/$metadata#accounts(name,revenue,modifiedon)");
      for (Map<String, Object> row : r.value()) {
        assertThat(ids.add((String) row.get("accountid"))).isTrue();
        assertThat((String) row.get("@odata.etag")).matches("W/\"\\d+\"");
        assertThat((String) row.get("modifiedon"))
            .matches("\\d{4}-\\d\\d-\\d\\dT\\d\\d:\\d\\d:\\d\\dZ");
        assertThat(row).containsKey("_transactioncurrencyid_value");
      }
      url = (String) body.get("@odata.nextLink");
      if (url != null) {
        assertThat(url)
            .startsWith(sim.baseUrl() + "/api/data/v9.2/accounts?")
            .contains("$skiptoken=%3Ccookie%20pagenumber=")
            .contains("pagingcookie=%22%253ccookie%2520page%253d%2522");
        assertThat(r.value()).hasSize(500);
      }
      pages++;
    }
    assertThat(pages).isEqualTo(3);
    assertThat(ids).hasSize(1_203);
  }

  @Test
  void filtersTakeUnquotedDatetimesAndOrderByWithTheKeyAsTieBreaker() {
    DataverseClient c = client(DynamicsSimulator.builder().records("contact", 300)).login();
    List<SimRecord> all = sim.table("contact").stream(false).collect(Collectors.toList());
    SimRecord middle = all.get(150);
    DataverseClient.Reply r =
        c.get(
            "contacts?$select=firstname,modifiedon&$filter="
                + DataverseClient.enc(
                    "modifiedon ge " + middle.modifiedAt() + " and statecode eq 0")
                + "&$orderby=modifiedon%20asc,contactid%20asc");
    assertThat(r.code()).as(r.body()).isEqualTo(200);
    long expected =
        all.stream()
            .filter(x -> !x.modifiedAt().isBefore(middle.modifiedAt()))
            .filter(x -> Long.valueOf(0).equals(x.get("statecode")))
            .count();
    assertThat(r.value()).hasSize((int) expected);
    assertThat(r.value().get(0).get("contactid")).isNotNull();

    DataverseClient.Reply skip = c.get("contacts?$skip=10");
    assertThat(skip.code()).isEqualTo(400);
    assertThat(skip.error())
        .containsEntry("code", "0x80060888")
        .containsEntry("message", "Skip Clause is not supported in CRM");

    DataverseClient.Reply unknown = c.get("contacts?$select=nosuchcolumn");
    assertThat(unknown.error())
        .containsEntry(
            "message",
            "Could not find a property named 'nosuchcolumn' on type 'Microsoft.Dynamics.CRM.contact'.");

    DataverseClient.Reply quoted =
        c.get(
            "contacts?$filter="
                + DataverseClient.enc("lastname eq 'O''Brien' or contains(firstname,'ann')"));
    assertThat(quoted.code()).as(quoted.body()).isEqualTo(200);
  }

  @Test
  void countAndFormattedValuesAppearOnlyWhenAskedFor() {
    DataverseClient c = client(DynamicsSimulator.builder().records("account", 40)).login();
    DataverseClient.Reply r =
        c.get(
            "accounts?$select=industrycode,revenue,_primarycontactid_value&$count=true",
            "odata.include-annotations=\"*\"");
    assertThat(r.map().get("@odata.count")).isEqualTo(40.0);
    Map<String, Object> withIndustry =
        r.value().stream().filter(row -> row.get("industrycode") != null).findFirst().orElseThrow();
    assertThat(withIndustry.get("industrycode@OData.Community.Display.V1.FormattedValue"))
        .isInstanceOf(String.class);
    Map<String, Object> withContact =
        r.value().stream()
            .filter(row -> row.get("_primarycontactid_value") != null)
            .findFirst()
            .orElseThrow();
    assertThat(withContact)
        .containsEntry(
            "_primarycontactid_value@Microsoft.Dynamics.CRM.lookuplogicalname", "contact");
    DataverseClient.Reply plain = c.get("accounts?$select=industrycode");
    assertThat(plain.body()).doesNotContain("FormattedValue");
    DataverseClient.Reply bare = c.get("accounts/$count");
    assertThat(bare.body()).isEqualTo("40");
    assertThat(bare.header("Content-Type")).startsWith("text/plain");
  }

  @Test
  void changeTrackingAnswersChangesThenDeletesAndExpiresTokens() {
    DataverseClient c = client(DynamicsSimulator.builder().records("account", 30)).login();
    DataverseClient.Reply first =
        c.get("accounts?$select=name,telephone1", "odata.track-changes", "odata.maxpagesize=5000");
    assertThat(first.header("Preference-Applied")).contains("odata.track-changes");
    assertThat(first.value()).hasSize(30);
    String deltaLink = (String) first.map().get("@odata.deltaLink");
    assertThat(deltaLink)
        .startsWith(sim.baseUrl() + "/api/data/v9.2/accounts?$select=name,telephone1&$deltatoken=")
        .matches(".*\\$deltatoken=\\d+%21\\d\\d%2f\\d\\d%2f\\d{4}%20\\d\\d%3a\\d\\d%3a\\d\\d");

    clock.advance(Duration.ofSeconds(5));
    List<SimRecord> rows = sim.table("account").stream(false).collect(Collectors.toList());
    sim.table("account").update(rows.get(3).id(), Map.of("telephone1", "555000"));
    sim.table("account").delete(rows.get(7).id());
    String token = deltaLink.substring(deltaLink.indexOf("$deltatoken=") + "$deltatoken=".length());
    assertThat(c.get("accounts/$count?$deltatoken=" + token).body()).isEqualTo("2");
    DataverseClient.Reply delta = c.get(deltaLink);
    assertThat(delta.code()).as(delta.body()).isEqualTo(200);
    assertThat((String) delta.map().get("@odata.context"))
        .endsWith("/$metadata#accounts(name,telephone1)/$delta");
    List<Map<String, Object>> value = delta.value();
    assertThat(value).hasSize(2);
    assertThat(value.get(0))
        .containsEntry("accountid", rows.get(3).id())
        .containsEntry("telephone1", "555000");
    assertThat(value.get(1))
        .containsEntry("id", rows.get(7).id())
        .containsEntry("reason", "deleted")
        .containsEntry(
            "@odata.context", sim.baseUrl() + "/api/data/v9.2/$metadata#accounts/$deletedEntity");

    String next = (String) delta.map().get("@odata.deltaLink");
    DataverseClient.Reply empty = c.get(next);
    assertThat(empty.value()).isEmpty();
    assertThat(empty.map().get("@odata.deltaLink")).isNotNull();

    DataverseClient.Reply filtered =
        c.get("accounts?$filter=statecode%20eq%200", "odata.track-changes");
    assertThat(filtered.code()).isEqualTo(400);
    assertThat((String) filtered.error().get("message"))
        .contains("isn't supported when Change Tracking is enabled");

    clock.advance(Duration.ofDays(8));
    c.login();
    DataverseClient.Reply expired = c.get(next);
    assertThat(expired.code()).isEqualTo(400);
    assertThat((String) expired.error().get("message")).contains("Please perform a full sync");
  }

  @Test
  void theEnvironmentsUsersChangeAndDeleteRowsWhileASyncRuns() {
    DataverseClient c =
        client(DynamicsSimulator.builder().records("contact", 200).changesPerHour(3_600)).login();
    DataverseClient.Reply first = c.get("contacts?$select=jobtitle", "odata.track-changes");
    String deltaLink = (String) first.map().get("@odata.deltaLink");
    clock.advance(
        Duration.ofMinutes(30)); // 1,800 changes an hour's half: updates, inserts and deletes
    DataverseClient.Reply delta = c.get(deltaLink);
    List<Map<String, Object>> value = delta.value();
    assertThat(value).anySatisfy(row -> assertThat(row).containsKey("contactid"));
    assertThat(value).anySatisfy(row -> assertThat(row).containsEntry("reason", "deleted"));
    assertThat(sim.table("contact").size(false)).isNotEqualTo(200);
  }

  @Test
  void entityDefinitionsAreNotPagedAndDescribeColumnsAndKeys() {
    DataverseClient c = client(DynamicsSimulator.builder()).login();
    DataverseClient.Reply list =
        c.get(
            "EntityDefinitions?$select=LogicalName,EntitySetName,PrimaryIdAttribute,"
                + "ChangeTrackingEnabled&$filter=ChangeTrackingEnabled%20eq%20true");
    assertThat(list.code()).as(list.body()).isEqualTo(200);
    assertThat(list.value())
        .extracting(m -> m.get("LogicalName"))
        .contains("account", "contact")
        .doesNotContain("activitypointer");
    assertThat(list.value().get(0))
        .containsKeys("MetadataId", "EntitySetName", "PrimaryIdAttribute");
    assertThat(list.map()).doesNotContainKey("@odata.nextLink");
    DataverseClient.Reply attrs =
        c.get(
            "EntityDefinitions(LogicalName='account')/Attributes?$select=LogicalName,"
                + "AttributeType,IsValidForUpdate&$filter="
                + DataverseClient.enc(
                    "AttributeType eq Microsoft.Dynamics.CRM.AttributeTypeCode'Picklist'"));
    assertThat(attrs.code()).as(attrs.body()).isEqualTo(200);
    assertThat(attrs.value()).extracting(m -> m.get("LogicalName")).containsExactly("industrycode");
    DataverseClient.Reply one =
        c.get(
            "EntityDefinitions(LogicalName='contact')?$select=LogicalName&$expand=Attributes($select=LogicalName),Keys");
    assertThat((String) one.map().get("@odata.context")).endsWith("/$entity");
    assertThat(one.map()).containsKeys("Attributes", "Keys");
  }

  @Test
  void openIdDiscoveryNamesTheTokenEndpointAsMsalReadsIt() {
    DataverseClient c = client(DynamicsSimulator.builder());
    DataverseClient.Reply config =
        c.send(
            new okhttp3.Request.Builder()
                .url(
                    sim.baseUrl() + "/" + sim.tenantId() + "/v2.0/.well-known/openid-configuration")
                .build());
    assertThat(config.code()).isEqualTo(200);
    assertThat(config.map())
        .containsEntry(
            "token_endpoint", sim.baseUrl() + "/" + sim.tenantId() + "/oauth2/v2.0/token")
        .containsKey("issuer");
    DataverseClient.Reply instance =
        c.send(
            new okhttp3.Request.Builder()
                .url(
                    sim.baseUrl()
                        + "/common/discovery/instance?api-version=1.1&authorization_endpoint=x")
                .build());
    assertThat(instance.map()).containsKeys("tenant_discovery_endpoint", "metadata");
  }

  @Test
  void unsupportedQueryShapesAreRefusedClearlyNotIgnored() {
    DataverseClient c = client(DynamicsSimulator.builder()).login();
    assertThat(c.get("accounts?fetchXml=%3Cfetch%2F%3E").code()).isEqualTo(400);
    DataverseClient.Reply expand = c.get("contacts?$expand=parentcustomerid_account($select=name)");
    assertThat(expand.code()).isEqualTo(400);
    assertThat((String) expand.error().get("message")).contains("$expand is not supported");
  }

  @Test
  void theProviderIsRegistered() {
    assertThat(ServiceLoader.load(SimulatorProvider.class).stream().map(p -> p.get().system()))
        .contains("dynamics");
  }
}
