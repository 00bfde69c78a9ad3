package dev.revsync.simulators.salesforce;

import static org.assertj.core.api.Assertions.assertThat;

import dev.revsync.simulators.ObjectTable;
import dev.revsync.simulators.SimRecord;
import dev.revsync.simulators.SimulatedClock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.Set;
import okhttp3.Request;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

class SalesforceQueryTest {
  private final SimulatedClock clock = SimulatedClock.at("2026-11-28T00:00:00Z");
  private SalesforceSimulator sim;
  private SfClient client;
  private String token;
  private String v;

  @BeforeEach
  void start() {
    sim =
        SalesforceSimulator.builder()
            .clock(clock)
            .records("Contact", 1_000)
            .records("Account", 50)
            .recordsPerTimestamp(70)
            .start();
    client = new SfClient(sim.baseUrl());
    token = client.login(sim);
    v = sim.apiVersion();
  }

  @AfterEach
  void stop() {
    client.close();
    sim.close();
  }

  private SfClient.Reply page(String pathAndQuery, int batchSize) {
    return client.send(
        client
            .request(pathAndQuery, token)
            .header("Sforce-Query-Options", "batchSize=" + batchSize)
            .build());
  }

  @SuppressWarnings("unchecked")
  private List<Map<String, Object>> records(SfClient.Reply r) {
    return (List<Map<String, Object>>) r.map().get("records");
  }

  /** Follows nextRecordsUrl to the end; returns every record. */
  private List<Map<String, Object>> all(String soql, int batchSize, List<Integer> pageSizes) {
    List<Map<String, Object>> out = new ArrayList<>();
    SfClient.Reply r = page("/services/data/v" + v + "/query?q=" + SfClient.enc(soql), batchSize);
    while (true) {
      assertThat(r.code()).as(r.body()).isEqualTo(200);
      List<Map<String, Object>> recs = records(r);
      pageSizes.add(recs.size());
      out.addAll(recs);
      if (Boolean.TRUE.equals(r.map().get("done"))) break;
      String next = (String) r.map().get("nextRecordsUrl");
      assertThat(next)
          .matches("/services/data/v" + v.replace(".", "\\.") + "/query/01g\\w{15}-\\d+");
      r = page(next, batchSize);
    }
    return out;
  }

  @Test
  void pagesAtTheRequestedBatchSizeAndReturnsEveryRecordOnceDespiteTiedModstamps() {
    List<Integer> sizes = new ArrayList<>();
    List<Map<String, Object>> recs =
        all("SELECT Id, SystemModstamp FROM Contact ORDER BY SystemModstamp, Id", 200, sizes);
    assertThat(recs).hasSize(1000);
    assertThat(sizes).containsExactly(200, 200, 200, 200, 200);
    Set<Object> ids = new HashSet<>();
    recs.forEach(m -> ids.add(m.get("Id")));
    assertThat(ids).hasSize(1000);
    // 70 records share each timestamp, so many page boundaries fall inside a tie
    assertThat(recs.get(199).get("SystemModstamp")).isEqualTo(recs.get(200).get("SystemModstamp"));
    for (int i = 1; i < recs.size(); i++) {
      String a = recs.get(i - 1).get("SystemModstamp") + "/" + recs.get(i - 1).get("Id");
      String b = recs.get(i).get("SystemModstamp") + "/" + recs.get(i).get("Id");
      assertThat(a.compareTo(b)).isNegative();
    }
  }

  @Test
  @SuppressWarnings("unchecked")
  void firstPageCarriesTotalSizeAttributesAndSalesforceDatetimeFormat() {
    SfClient.Reply r =
        page(
            "/services/data/v"
                + v
                + "/query?q="
                + SfClient.enc("SELECT Id, Email, SystemModstamp, HasOptedOutOfEmail FROM Contact"),
            500);
    assertThat(r.map()).containsEntry("totalSize", 1000.0).containsEntry("done", false);
    Map<String, Object> first = records(r).get(0);
    assertThat(first.keySet())
        .containsExactly("attributes", "Id", "Email", "SystemModstamp", "HasOptedOutOfEmail");
    assertThat((Map<String, Object>) first.get("attributes"))
        .containsEntry("type", "Contact")
        .containsEntry("url", "/services/data/v" + v + "/sobjects/Contact/" + first.get("Id"));
    assertThat((String) first.get("SystemModstamp"))
        .matches("\\d{4}-\\d\\d-\\d\\dT\\d\\d:\\d\\d:\\d\\d\\.\\d{3}\\+0000");
    assertThat(first.get("HasOptedOutOfEmail")).isInstanceOf(Boolean.class);
    assertThat(r.header("Sforce-Limit-Info")).matches("api-usage=\\d+/100000");
  }

  @Test
  void batchSizeOutsideTheBoundsIsClampedToTwoHundredAndTwoThousand() {
    assertThat(
            records(
                page(
                    "/services/data/v" + v + "/query?q=" + SfClient.enc("SELECT Id FROM Contact"),
                    5)))
        .hasSize(200);
    SfClient.Reply big =
        page("/services/data/v" + v + "/query?q=" + SfClient.enc("SELECT Id FROM Contact"), 5000);
    assertThat(records(big)).hasSize(1000);
    assertThat(big.map()).containsEntry("done", true).doesNotContainKey("nextRecordsUrl");
  }

  @Test
  void incrementalCursorWithIdTieBreakReturnsExactlyTheRecordsAfterThePosition() {
    List<SimRecord> ordered = new ArrayList<>();
    sim.table("Contact").scan(null, null, false).forEachRemaining(ordered::add);
    SimRecord cursor = ordered.get(430); // inside a group of 70 equal timestamps
    String ts = SfValues.dateTimeZ(cursor.modifiedAt()).replace(".000Z", "Z");
    String soql =
        "SELECT Id FROM Contact WHERE SystemModstamp > "
            + ts
            + " OR (SystemModstamp = "
            + ts
            + " AND Id > '"
            + cursor.id()
            + "') ORDER BY SystemModstamp, Id";
    List<Map<String, Object>> recs = all(soql, 200, new ArrayList<>());
    assertThat(recs)
        .extracting(m -> m.get("Id"))
        .containsExactlyElementsOf(ordered.subList(431, 1000).stream().map(SimRecord::id).toList());
  }

  @Test
  void totalSizeCountedFromPositionsEqualsTheRowsReturnedAndACountThatTestsEachRow() {
    ObjectTable contacts = sim.table("Contact");
    List<SimRecord> ordered = new ArrayList<>();
    contacts.scan(null, null, false).forEachRemaining(ordered::add);
    SimRecord cursor = ordered.get(430); // inside a group of 70 equal timestamps
    String ts = SfValues.dateTimeZ(cursor.modifiedAt());
    String end = SfValues.dateTimeZ(ordered.get(900).modifiedAt());
    clock.advance(Duration.ofMinutes(1));
    contacts.update(ordered.get(10).id(), Map.of("Title", "Moved"));
    contacts.delete(ordered.get(700).id());
    contacts.delete(ordered.get(20).id());
    contacts.insert(Map.of("LastName", "New", "Name", "New"));
    String keyset =
        "(SystemModstamp > "
            + ts
            + " OR (SystemModstamp = "
            + ts
            + " AND Id > '"
            + cursor.id()
            + "'))";
    List<String> wheres =
        List.of(
            keyset,
            keyset + " AND SystemModstamp <= " + end,
            "SystemModstamp >= " + ts + " AND SystemModstamp < " + end,
            "SystemModstamp > " + ts,
            "SystemModstamp = " + ts,
            "SystemModstamp <= " + ts,
            "SystemModstamp < 2000-01-01T00:00:00Z");
    for (String where : wheres) {
      String soql = "SELECT Id FROM Contact WHERE " + where + " ORDER BY SystemModstamp, Id";
      Object total = client.query(v, token, soql).map().get("totalSize");
      int returned = all(soql, 2000, new ArrayList<>()).size();
      Object tested =
          client
              .query(v, token, "SELECT COUNT() FROM Contact WHERE " + where + " AND Id != null")
              .map()
              .get("totalSize");
      assertThat(total).as(where).isEqualTo((double) returned).isEqualTo(tested);
      Object totalAll =
          client
              .get("/services/data/v" + v + "/queryAll?q=" + SfClient.enc(soql), token)
              .map()
              .get("totalSize");
      Object testedAll =
          client
              .get(
                  "/services/data/v"
                      + v
                      + "/queryAll?q="
                      + SfClient.enc(
                          "SELECT COUNT() FROM Contact WHERE " + where + " AND Id != null"),
                  token)
              .map()
              .get("totalSize");
      assertThat(totalAll).as("queryAll " + where).isEqualTo(testedAll);
    }
    Object live =
        client
            .query(v, token, "SELECT COUNT() FROM Contact WHERE " + keyset)
            .map()
            .get("totalSize");
    Object withDeleted =
        client
            .get(
                "/services/data/v"
                    + v
                    + "/queryAll?q="
                    + SfClient.enc("SELECT COUNT() FROM Contact WHERE " + keyset),
                token)
            .map()
            .get("totalSize");
    assertThat(live)
        .isEqualTo(
            1000.0 - 431 - 1 + 1 + 1); // after the cursor, one deleted, one moved in, one new
    assertThat(withDeleted).isEqualTo(1000.0 - 431 + 1 + 1 + 1);
  }

  @Test
  void datetimeLiteralsWithOffsetsAndFractionsSelectTheSameRecords() {
    SimRecord r = sim.table("Contact").stream(false).skip(500).findFirst().orElseThrow();
    String z = SfValues.dateTimeZ(r.modifiedAt()).replace(".000Z", "Z");
    String offset =
        r.modifiedAt().atOffset(java.time.ZoneOffset.ofHours(2)).toLocalDateTime() + ":00+02:00";
    String fraction = SfValues.dateTimeZ(r.modifiedAt());
    Object a =
        client
            .query(v, token, "SELECT COUNT() FROM Contact WHERE SystemModstamp >= " + z)
            .map()
            .get("totalSize");
    Object b =
        client
            .query(v, token, "SELECT COUNT() FROM Contact WHERE SystemModstamp >= " + offset)
            .map()
            .get("totalSize");
    Object c =
        client
            .query(v, token, "SELECT COUNT() FROM Contact WHERE SystemModstamp >= " + fraction)
            .map()
            .get("totalSize");
    assertThat(a).isEqualTo(b).isEqualTo(c);
    assertThat((Double) a).isBetween(500.0, 1000.0);
  }

  @Test
  void unencodedPlusInADatetimeIsAMalformedQuery() {
    SfClient.Reply r =
        client.get(
            "/services/data/v"
                + v
                + "/query?q=SELECT+Id+FROM+Contact+WHERE+SystemModstamp+>+"
                + "2024-05-20T20:49:32+00:00",
            token);
    assertThat(r.code()).isEqualTo(400);
    assertThat(r.error()).containsEntry("errorCode", "MALFORMED_QUERY");
    assertThat((String) r.error().get("message"))
        .contains("no viable alternative at character ' '");
  }

  @Test
  void queryAllReturnsDeletedRecordsThatQueryHides() {
    ObjectTable contacts = sim.table("Contact");
    String deletedId = contacts.stream(false).skip(3).findFirst().orElseThrow().id();
    clock.advance(Duration.ofMinutes(5));
    assertThat(contacts.delete(deletedId)).isTrue();
    String soql = "SELECT Id, IsDeleted FROM Contact WHERE Id = '" + deletedId + "'";
    assertThat(records(client.query(v, token, soql))).isEmpty();
    SfClient.Reply all =
        client.get("/services/data/v" + v + "/queryAll?q=" + SfClient.enc(soql), token);
    assertThat(records(all))
        .singleElement()
        .satisfies(m -> assertThat(m).containsEntry("IsDeleted", true));
    SfClient.Reply count =
        client.get(
            "/services/data/v"
                + v
                + "/queryAll?q="
                + SfClient.enc("SELECT COUNT() FROM Contact WHERE IsDeleted = true"),
            token);
    assertThat(count.map()).containsEntry("totalSize", 1.0);
    assertThat(client.query(v, token, "SELECT COUNT() FROM Contact").map())
        .containsEntry("totalSize", 999.0);
  }

  @Test
  void recordsChangedDuringPagingAreNotLost() {
    List<Map<String, Object>> out = new ArrayList<>();
    SfClient.Reply r =
        page(
            "/services/data/v"
                + v
                + "/query?q="
                + SfClient.enc("SELECT Id, Title FROM Contact ORDER BY SystemModstamp, Id"),
            200);
    out.addAll(records(r));
    // a user edits a record the cursor has not reached yet and adds a new one
    Iterator<SimRecord> it = sim.table("Contact").scan(null, null, false);
    for (int i = 0; i < 600; i++) it.next();
    String later = it.next().id();
    clock.advance(Duration.ofMinutes(1));
    sim.table("Contact").update(later, Map.of("Title", "Chief Edited Officer"));
    String inserted = sim.table("Contact").insert(Map.of("LastName", "New", "Name", "New")).id();
    while (!Boolean.TRUE.equals(r.map().get("done"))) {
      r = page((String) r.map().get("nextRecordsUrl"), 200);
      out.addAll(records(r));
    }
    assertThat(out).extracting(m -> m.get("Id")).contains(later, inserted);
    assertThat(out)
        .filteredOn(m -> later.equals(m.get("Id")))
        .extracting(m -> m.get("Title"))
        .containsExactly("Chief Edited Officer");
  }

  @Test
  @SuppressWarnings("unchecked")
  void parentRelationshipsRenderAsNestedObjectsOrNull() {
    SfClient.Reply r =
        client.query(
            v,
            token,
            "SELECT Id, Account.Name, Account.Owner.Username, AccountId, MailingAddress FROM Contact LIMIT 200");
    List<Map<String, Object>> recs = records(r);
    Map<String, Object> withAccount =
        recs.stream().filter(m -> m.get("AccountId") != null).findFirst().orElseThrow();
    Map<String, Object> account = (Map<String, Object>) withAccount.get("Account");
    assertThat(account.keySet()).containsExactly("attributes", "Name", "Owner");
    assertThat((Map<String, Object>) account.get("attributes")).containsEntry("type", "Account");
    String accountName =
        (String) sim.table("Account").get((String) withAccount.get("AccountId")).get("Name");
    assertThat(account.get("Name")).isEqualTo(accountName);
    assertThat((Map<String, Object>) account.get("Owner")).containsKey("Username");
    assertThat(recs.stream().filter(m -> m.get("AccountId") == null).findFirst())
        .hasValueSatisfying(m -> assertThat(m).containsEntry("Account", null));
    Map<String, Object> address = (Map<String, Object>) withAccount.get("MailingAddress");
    assertThat(address.keySet())
        .containsExactly(
            "city",
            "country",
            "geocodeAccuracy",
            "latitude",
            "longitude",
            "postalCode",
            "state",
            "street");
  }

  @Test
  void aLocatorCanBeFetchedAgainAndAnUnknownOneIsInvalid() {
    SfClient.Reply first =
        page("/services/data/v" + v + "/query?q=" + SfClient.enc("SELECT Id FROM Contact"), 300);
    String next = (String) first.map().get("nextRecordsUrl");
    SfClient.Reply a = page(next, 300);
    SfClient.Reply b = page(next, 300);
    assertThat(records(a)).isEqualTo(records(b));
    // clients may rebuild the URL from the last path segment, and queryAll/<locator> also works
    String locator = next.substring(next.lastIndexOf('/') + 1);
    assertThat(records(page("/services/data/v" + v + "/queryAll/" + locator, 300)))
        .isEqualTo(records(a));
    SfClient.Reply bad =
        client.get("/services/data/v" + v + "/query/01gRO0000000zzzAAA-2000", token);
    assertThat(bad.code()).isEqualTo(400);
    assertThat(bad.error()).containsEntry("errorCode", "INVALID_QUERY_LOCATOR");
  }

  @Test
  void locatorsExpireAfterTwoDays() {
    SfClient.Reply first =
        page("/services/data/v" + v + "/query?q=" + SfClient.enc("SELECT Id FROM Contact"), 200);
    String next = (String) first.map().get("nextRecordsUrl");
    clock.advance(Duration.ofDays(2).plusMinutes(1));
    String fresh = client.login(sim);
    SfClient.Reply expired = client.get(next, fresh);
    assertThat(expired.code()).isEqualTo(400);
    assertThat(expired.error()).containsEntry("errorCode", "INVALID_QUERY_LOCATOR");
  }

  @Test
  void unknownFieldsAndObjectsAnswerSalesforceErrorsWithACaret() {
    SfClient.Reply field = client.query(v, token, "SELECT Id, Foo__c FROM Contact");
    assertThat(field.code()).isEqualTo(400);
    assertThat(field.error()).containsEntry("errorCode", "INVALID_FIELD");
    assertThat((String) field.error().get("message"))
        .isEqualTo(
            "\nSELECT Id, Foo__c FROM Contact\n           ^\nERROR at Row:1:Column:12\nNo such column 'Foo__c' on"
                + " entity 'Contact'. If you are attempting to use a custom field, be sure to append the '__c' after the"
                + " custom field name. Please reference your WSDL or the describe call for the appropriate names.");
    SfClient.Reply type = client.query(v, token, "SELECT Id FROM Widget");
    assertThat(type.error()).containsEntry("errorCode", "INVALID_TYPE");
    SfClient.Reply quoted =
        client.query(
            v, token, "SELECT Id FROM Contact WHERE SystemModstamp > '2024-01-01T00:00:00Z'");
    assertThat(quoted.error()).containsEntry("errorCode", "INVALID_FIELD");
    assertThat((String) quoted.error().get("message"))
        .endsWith(
            "value of filter criterion for field 'SystemModstamp'"
                + " must be of type dateTime and should not be enclosed in quotes");
  }

  @Test
  void everyCountedResponseCarriesTheUsageHeaderAndTheVersionsListIsFree() {
    long before = sim.dailyApiRequestsUsed();
    SfClient.Reply versions = client.get("/services/data/", null);
    assertThat(versions.code()).isEqualTo(200);
    assertThat(versions.header("Sforce-Limit-Info")).isNull();
    assertThat(sim.dailyApiRequestsUsed()).isEqualTo(before);
    SfClient.Reply bad = client.query(v, token, "SELECT Id FRM Contact");
    assertThat(bad.code()).isEqualTo(400);
    assertThat(bad.header("Sforce-Limit-Info")).isEqualTo("api-usage=" + (before + 1) + "/100000");
    assertThat(sim.dailyApiRequestsUsed()).isEqualTo(before + 1);
  }

  @Test
  void recordRetrievalAndReplicationHelpersSeeChanges() {
    String id = sim.table("Contact").stream(false).findFirst().orElseThrow().id();
    SfClient.Reply rec =
        client.get(
            "/services/data/v" + v + "/sobjects/Contact/" + id + "?fields=Id,LastName", token);
    assertThat(rec.map().keySet()).containsExactly("attributes", "Id", "LastName");
    String start = SfValues.dateTimeZ(clock.instant());
    clock.advance(Duration.ofMinutes(3));
    sim.table("Contact").delete(id);
    clock.advance(Duration.ofMinutes(3));
    String end = SfValues.dateTimeZ(clock.instant());
    SfClient.Reply deleted =
        client.get(
            "/services/data/v"
                + v
                + "/sobjects/Contact/deleted/?start="
                + SfClient.enc(start)
                + "&end="
                + SfClient.enc(end),
            token);
    assertThat(deleted.code()).as(deleted.body()).isEqualTo(200);
    assertThat(deleted.body()).contains("\"id\":\"" + id + "\"").contains("earliestDateAvailable");
    assertThat(client.get("/services/data/v" + v + "/sobjects/Contact/" + id, token).error())
        .containsEntry("errorCode", "ENTITY_IS_DELETED");
  }

  @Test
  void lowerCaseHeaderOptionSendsHyperforceHeaderNames() {
    try (SalesforceSimulator lower =
            SalesforceSimulator.builder().clock(clock).lowerCaseHeaders(true).start();
        SfClient c = new SfClient(lower.baseUrl())) {
      String t = c.login(lower);
      SfClient.Reply r =
          c.send(c.request("/services/data/v" + lower.apiVersion() + "/limits", t).build());
      assertThat(r.headers().names())
          .contains("sforce-limit-info")
          .doesNotContain("Sforce-Limit-Info");
    }
  }

  @Test
  void sortedQueriesWithALimitMatchAFullSortAndCountEveryMatch() {
    List<SimRecord> all = new ArrayList<>();
    sim.table("Contact").scan(null, null, false).forEachRemaining(all::add);
    all.sort(
        java.util.Comparator.comparing(
                (SimRecord r) -> ((String) r.get("LastName")).toLowerCase(java.util.Locale.ROOT))
            .thenComparing(SimRecord::id, java.util.Comparator.reverseOrder()));
    SfClient.Reply r =
        client.query(
            v,
            token,
            "SELECT Id, LastName FROM Contact ORDER BY LastName, Id DESC LIMIT 5 OFFSET 2");
    assertThat(records(r))
        .extracting(m -> m.get("Id"))
        .containsExactlyElementsOf(all.subList(2, 7).stream().map(SimRecord::id).toList());
    assertThat(r.map()).containsEntry("totalSize", 5.0).containsEntry("done", true);
    SfClient.Reply desc = client.query(v, token, "SELECT Id FROM Contact ORDER BY Id DESC LIMIT 3");
    assertThat(records(desc))
        .extracting(m -> m.get("Id"))
        .containsExactly(SfIds.of("003", 999), SfIds.of("003", 998), SfIds.of("003", 997));
  }

  @Test
  void latestAliasAndRetiredVersions() {
    assertThat(client.get("/services/data/latest/limits", token).code()).isEqualTo(200);
    assertThat(client.get("/services/data/v29.0/limits", token).code()).isEqualTo(410);
    assertThat(client.get("/services/data/v99.0/limits", token).code()).isEqualTo(404);
    assertThat(
            client.send(new Request.Builder().url(sim.baseUrl() + "/services/data").build()).body())
        .contains(
            "{\"label\":\"Spring '24\",\"url\":\"/services/data/v60.0\",\"version\":\"60.0\"}");
  }
}
