package dev.revsync.simulators.eloqua;

import static org.assertj.core.api.Assertions.assertThat;

import dev.revsync.simulators.ObjectTable;
import dev.revsync.simulators.SimRecord;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDateTime;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.HashSet;
import java.util.Iterator;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;

class EloquaExportTest extends EloquaTestBase {
  private static final String CONTACT_FIELDS =
      "\"fields\":{\"ContactId\":\"{{Contact.Id}}\","
          + "\"Email\":\"{{Contact.Field(C_EmailAddress)}}\",\"Title\":\"{{Contact.Field(C_Title)}}\","
          + "\"UpdatedAt\":\"{{Contact.UpdatedAt}}\"}";
  private static final DateTimeFormatter LITERAL =
      DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm:ss");

  EloquaExportTest() {
    super(
        b ->
            b.contacts(2_500)
                .accounts(50)
                .emailOpens(400)
                .formSubmits(100)
                .customObjectRecords(60));
  }

  private static String literal(Instant instant) {
    return LITERAL.format(instant.atOffset(ZoneOffset.UTC));
  }

  private String contactExport(String filter) {
    return "{\"name\":\"revsync contacts\","
        + CONTACT_FIELDS
        + (filter == null ? "" : ",\"filter\":\"" + filter + "\"")
        + ",\"areSystemTimestampsInUTC\":true}";
  }

  @Test
  void contactFieldsListStatementsAndPageWithTotals() {
    start(b -> {});
    EloquaClient.Reply first = client.get(client.bulk("/contacts/fields?limit=1"));
    assertThat(first.code()).isEqualTo(200);
    assertThat(first.number("limit")).isEqualTo(1);
    assertThat(first.number("count")).isEqualTo(1);
    assertThat(first.json().get("hasMore")).isEqualTo(true);
    assertThat(first.number("totalResults"))
        .isEqualTo(17); // 15 writable fields plus Date Created and Date Modified
    Map<String, Object> email = first.items().get(0);
    assertThat(email)
        .containsEntry("internalName", "C_EmailAddress")
        .containsEntry("name", "Email Address")
        .containsEntry("dataType", "text")
        .containsEntry("statement", "{{Contact.Field(C_EmailAddress)}}")
        .containsEntry("hasUniquenessConstraint", true)
        .containsKey("uri");

    EloquaClient.Reply all = client.get(client.bulk("/contacts/fields?totalResults=false"));
    assertThat(all.json()).doesNotContainKey("totalResults");
    assertThat(all.items())
        .extracting(i -> i.get("internalName"))
        .contains("C_Lead_Score1", "C_Revsync_Score1", "C_DateModified");
    assertThat(client.get(client.bulk("/contacts/fields?limit=1001")).code()).isEqualTo(400);
    assertThat(client.get(client.bulk("/contacts/fields?q=internalName='C_Revsync*'")).items())
        .extracting(i -> i.get("internalName"))
        .allMatch(n -> n.toString().startsWith("C_Revsync"));
    // Oracle spells the path both ways
    assertThat(client.get(sim.podBaseUrl() + "/API/Bulk/2.0/Contacts/Fields?limit=1").code())
        .isEqualTo(200);
  }

  @Test
  void activityAndCustomObjectFieldsAreListedPerTypeAndObject() {
    start(b -> {});
    assertThat(client.get(client.bulk("/activities/fields?activityType=EmailOpen")).items())
        .extracting(i -> i.get("statement"))
        .contains("{{Activity.Id}}", "{{Activity.CreatedAt}}", "{{Activity.Field(EmailAddress)}}")
        .doesNotContain("{{Activity.Field(RawData)}}");
    assertThat(client.get(client.bulk("/activities/fields?activityType=FormSubmit")).items())
        .extracting(i -> i.get("statement"))
        .contains("{{Activity.Field(RawData)}}");
    assertThat(client.get(client.bulk("/activities/fields?activityType=Nope")).code())
        .isEqualTo(400);
    EloquaClient.Reply objects = client.get(client.bulk("/customObjects"));
    assertThat(objects.items())
        .singleElement()
        .satisfies(
            o ->
                assertThat(o)
                    .containsEntry("name", "Purchase")
                    .containsEntry("uri", "/customObjects/7"));
    assertThat(client.get(client.bulk("/customObjects/7/fields")).items())
        .extracting(i -> i.get("statement"))
        .contains("{{CustomObject[7].Field[71]}}", "{{CustomObject[7].Field[73]}}");
  }

  @Test
  void syncMovesPendingActiveSuccessOnTheSimulatedClockAndLogsTheCount() {
    start(b -> b.syncTiming(Duration.ofSeconds(10), Duration.ofSeconds(20), Duration.ZERO));
    EloquaClient.Reply created = client.post(client.bulk("/contacts/exports"), contactExport(null));
    assertThat(created.code()).isEqualTo(201);
    assertThat(created.json())
        .containsEntry("name", "revsync contacts")
        .containsEntry("areSystemTimestampsInUTC", true)
        .containsEntry("dataRetentionDuration", "PT6H")
        .containsKeys("createdAt", "createdBy", "updatedAt", "kbUsed");
    String definition = created.string("uri");
    assertThat(definition).matches("/contacts/exports/\\d+");
    String sync = client.sync(definition);
    assertThat(sync).matches("/syncs/\\d+");

    clock.advance(Duration.ofSeconds(9));
    assertThat(client.get(client.bulk(sync)).string("status")).isEqualTo("pending");
    assertThat(client.get(client.bulk(sync + "/data")).number("count")).isZero();
    clock.advance(Duration.ofSeconds(1));
    EloquaClient.Reply active = client.get(client.bulk(sync));
    assertThat(active.string("status")).isEqualTo("active");
    assertThat(active.string("syncStartedAt")).isEqualTo("2026-05-02T00:00:10.000Z");
    assertThat(active.json()).doesNotContainKey("syncEndedAt");
    clock.advance(Duration.ofSeconds(20));
    EloquaClient.Reply done = client.get(client.bulk(sync));
    assertThat(done.string("status")).isEqualTo("success");
    assertThat(done.string("syncEndedAt")).isEqualTo("2026-05-02T00:00:30.000Z");
    assertThat(done.string("syncedInstanceUri")).isEqualTo(definition);

    List<Map<String, Object>> logs = client.get(client.bulk(sync + "/logs")).items();
    assertThat(logs)
        .anySatisfy(
            l ->
                assertThat(l)
                    .containsEntry("statusCode", "ELQ-00102")
                    .containsEntry("count", 2500.0)
                    .containsEntry("severity", "information")
                    .containsEntry("syncUri", sync));
  }

  @Test
  void stagedDataPagesWithLimitOffsetHasMoreAndTotals() {
    start(b -> {});
    String sync = client.export("/contacts/exports", contactExport(null), clock);
    Set<String> ids = new HashSet<>();
    int offset = 0;
    int pages = 0;
    boolean hasMore = true;
    while (hasMore) {
      EloquaClient.Reply page = client.get(client.bulk(sync + "/data?limit=1000&offset=" + offset));
      assertThat(page.number("totalResults")).isEqualTo(2500);
      assertThat(page.number("offset")).isEqualTo(offset);
      assertThat(page.number("count"))
          .isEqualTo(page.items().size())
          .isEqualTo(Math.min(1000, 2500 - offset));
      page.items().forEach(row -> ids.add((String) row.get("ContactId")));
      hasMore = (Boolean) page.json().get("hasMore");
      offset += 1000;
      pages++;
    }
    assertThat(pages).isEqualTo(3);
    assertThat(ids).hasSize(2500);
    assertThat(client.get(client.bulk(sync + "/data?limit=50000")).number("count")).isEqualTo(2500);
    assertThat(client.get(client.bulk(sync + "/data?limit=50001")).code()).isEqualTo(400);
    assertThat(client.get(client.bulk(sync + "/data?offset=-1")).code()).isEqualTo(400);
    assertThat(client.get(client.bulk(sync + "/data?offset=3000")).json())
        .containsEntry("count", 0.0)
        .containsEntry("hasMore", false);
    assertThat(client.get(client.bulk(sync + "/data?totalResults=false&limit=5")).json())
        .doesNotContainKey("totalResults")
        .containsEntry("hasMore", true);
  }

  @Test
  void stagedValuesAreStringsWithEmptyForNullAndEloquaDates() {
    start(b -> {});
    String sync = client.export("/contacts/exports", contactExport(null), clock);
    List<Map<String, Object>> rows = client.get(client.bulk(sync + "/data?limit=2500")).items();
    assertThat(rows)
        .allSatisfy(
            row -> {
              assertThat(row).containsOnlyKeys("ContactId", "Email", "Title", "UpdatedAt");
              assertThat(row.values()).allMatch(v -> v instanceof String);
              assertThat((String) row.get("UpdatedAt"))
                  .matches("\\d{4}-\\d\\d-\\d\\d \\d\\d:\\d\\d:\\d\\d\\.000");
            });
    Map<String, Object> untitled =
        rows.stream().filter(r -> r.get("Title").equals("")).findFirst().orElseThrow();
    assertThat(sim.table("contacts").get((String) untitled.get("ContactId")).get("C_Title"))
        .isNull();
    Map<String, Object> row = rows.get(0);
    SimRecord record = sim.table("contacts").get((String) row.get("ContactId"));
    assertThat(row.get("Email")).isEqualTo(record.get("C_EmailAddress"));
    assertThat(row.get("UpdatedAt"))
        .isEqualTo(EloquaTime.data(record.modifiedAt(), ZoneOffset.UTC));
  }

  @Test
  void nullsCanBeRenderedAsJsonNullOrOmitted() {
    start(b -> b.nullRendering(EloquaSimulator.NullRendering.JSON_NULL));
    String sync = client.export("/contacts/exports", contactExport(null), clock);
    assertThat(client.get(client.bulk(sync + "/data?limit=2500")).body())
        .contains("\"Title\":null");
    stop();
    start(b -> b.nullRendering(EloquaSimulator.NullRendering.OMIT_KEY));
    sync = client.export("/contacts/exports", contactExport(null), clock);
    assertThat(client.get(client.bulk(sync + "/data?limit=2500")).items())
        .anySatisfy(r -> assertThat(r).doesNotContainKey("Title"));
  }

  @Test
  void updatedAtWindowFilterStagesExactlyTheRecordsInTheWindow() {
    start(b -> {});
    ObjectTable contacts = sim.table("contacts");
    List<SimRecord> all = contacts.stream(false).toList();
    Instant from = all.get(1000).modifiedAt();
    Instant to = all.get(1800).modifiedAt();
    long expected =
        all.stream()
            .filter(r -> !r.modifiedAt().isBefore(from) && r.modifiedAt().isBefore(to))
            .count();
    String filter =
        "'{{Contact.UpdatedAt}}' >= '"
            + literal(from)
            + "' AND '{{Contact.UpdatedAt}}' < '"
            + literal(to)
            + "'";
    String sync = client.export("/contacts/exports", contactExport(filter), clock);
    EloquaClient.Reply page = client.get(client.bulk(sync + "/data?limit=50000"));
    assertThat(page.number("totalResults")).isEqualTo(expected).isBetween(795L, 805L);
    Set<String> expectedIds =
        all.stream()
            .filter(r -> !r.modifiedAt().isBefore(from) && r.modifiedAt().isBefore(to))
            .map(SimRecord::id)
            .collect(Collectors.toSet());
    assertThat(page.items())
        .extracting(r -> (String) r.get("ContactId"))
        .containsExactlyInAnyOrderElementsOf(expectedIds);
  }

  @Test
  void orAndParenthesesInFiltersSelectTheUnion() {
    start(b -> {});
    String a = sim.table("contacts").get(EloquaSchema.id(5)).get("C_EmailAddress").toString();
    String b = sim.table("contacts").get(EloquaSchema.id(9)).get("C_EmailAddress").toString();
    String filter =
        "('{{Contact.Field(C_EmailAddress)}}' = '"
            + a.replace("'", "''")
            + "' OR "
            + "'{{Contact.Field(C_EmailAddress)}}' = '"
            + b.toUpperCase(Locale.ROOT).replace("'", "''")
            + "') AND "
            + "'{{Contact.CreatedAt}}' >= '2000-01-01T00:00:00Z'";
    String sync = client.export("/contacts/exports", contactExport(filter), clock);
    assertThat(client.get(client.bulk(sync + "/data")).items())
        .extracting(r -> r.get("ContactId"))
        .containsExactlyInAnyOrder(EloquaSchema.id(5), EloquaSchema.id(9));
  }

  @Test
  void malformedDefinitionsAnswer400WithFailures() {
    start(b -> {});
    EloquaClient.Reply unquoted =
        client.post(
            client.bulk("/contacts/exports"),
            contactExport("{{Contact.UpdatedAt}} >= '2024-05-01 00:00:00'"));
    assertThat(unquoted.code()).isEqualTo(400);
    assertThat(unquoted.failures())
        .singleElement()
        .satisfies(
            f ->
                assertThat(f)
                    .containsEntry("field", "filter")
                    .containsKey("value")
                    .containsKey("constraint"));
    EloquaClient.Reply unknown =
        client.post(
            client.bulk("/contacts/exports"),
            "{\"name\":\"x\",\"fields\":{\"A\":\"{{Contact.Field(C_Missing)}}\"}}");
    assertThat(unknown.code()).isEqualTo(400);
    assertThat(unknown.failures())
        .extracting(f -> f.get("value"))
        .contains("{{Contact.Field(C_Missing)}}");
    assertThat(
            client
                .post(client.bulk("/contacts/exports"), "{\"fields\":{\"A\":\"{{Contact.Id}}\"}}")
                .failures())
        .extracting(f -> f.get("field"))
        .contains("name");
    assertThat(
            client
                .post(
                    client.bulk("/contacts/exports"),
                    "{\"name\":\"x\",\"fields\":{\"A\":\"{{Contact.Id}}\"},"
                        + "\"dataRetentionDuration\":\"P30D\"}")
                .code())
        .isEqualTo(400);
    assertThat(client.post(client.bulk("/contacts/exports"), "{\"name\":\"x\",").code())
        .isEqualTo(400);
    assertThat(
            client
                .post(client.bulk("/contacts/exports"), "{\"name\":\"x\"}", EloquaClient.CSV)
                .code())
        .isEqualTo(415);
    assertThat(
            client
                .post(client.bulk("/syncs"), "{\"syncedInstanceUri\":\"/contacts/exports/999999\"}")
                .failures())
        .extracting(f -> f.get("field"))
        .containsExactly("syncedInstanceUri");
  }

  @Test
  void systemTimestampsAreUtcWithTheFlagAndInTheInstanceZoneWithout() {
    start(b -> b.instanceZone(ZoneId.of("America/New_York")));
    SimRecord first = sim.table("contacts").get(EloquaSchema.id(0));
    String filter = "'{{Contact.Id}}' = '" + first.id() + "'";
    String utc = client.export("/contacts/exports", contactExport(filter), clock);
    String local =
        client.export(
            "/contacts/exports",
            contactExport(filter)
                .replace("\"areSystemTimestampsInUTC\":true", "\"areSystemTimestampsInUTC\":false"),
            clock);
    String utcValue =
        (String) client.get(client.bulk(utc + "/data")).items().get(0).get("UpdatedAt");
    String localValue =
        (String) client.get(client.bulk(local + "/data")).items().get(0).get("UpdatedAt");
    LocalDateTime utcTime = LocalDateTime.parse(utcValue, EloquaTime.DATA);
    assertThat(utcTime.toInstant(ZoneOffset.UTC)).isEqualTo(first.modifiedAt());
    assertThat(
            LocalDateTime.parse(localValue, EloquaTime.DATA)
                .atZone(ZoneId.of("America/New_York"))
                .toInstant())
        .isEqualTo(first.modifiedAt());
    assertThat(localValue).isNotEqualTo(utcValue);
  }

  @Test
  void stagedDataStaysFrozenWhileRecordsChangeAndANewSyncSeesTheChange() {
    start(b -> {});
    String filter = "'{{Contact.Id}}' = '" + EloquaSchema.id(3) + "'";
    String before = client.export("/contacts/exports", contactExport(filter), clock);
    clock.advance(Duration.ofMinutes(5));
    Instant changedAt = clock.instant().truncatedTo(java.time.temporal.ChronoUnit.SECONDS);
    sim.update("contacts", EloquaSchema.id(3), Map.of("C_Title", "Chief Frozen Officer"));
    assertThat(client.get(client.bulk(before + "/data")).items().get(0).get("Title"))
        .isNotEqualTo("Chief Frozen Officer");
    String after = client.export("/contacts/exports", contactExport(filter), clock);
    Map<String, Object> row = client.get(client.bulk(after + "/data")).items().get(0);
    assertThat(row.get("Title")).isEqualTo("Chief Frozen Officer");
    assertThat(row.get("UpdatedAt")).isEqualTo(EloquaTime.data(changedAt, ZoneOffset.UTC));
  }

  @Test
  void dataChangesWhileSyncsRunAndIncrementalExportsFindTheChanges() {
    start(b -> b.changesPerHour(600));
    Instant cursor = clock.instant();
    clock.advance(Duration.ofHours(1));
    String sync =
        client.export(
            "/contacts/exports",
            contactExport("'{{Contact.UpdatedAt}}' >= '" + literal(cursor) + "'"),
            clock);
    long changed = client.get(client.bulk(sync + "/data")).number("totalResults");
    assertThat(changed)
        .isBetween(500L, 700L); // ~600 updates + 60 inserts, less deletes and repeats
    Iterator<SimRecord> it = sim.table("contacts").scan(cursor.minusNanos(1), null, false);
    long expected = 0;
    while (it.hasNext()) {
      it.next();
      expected++;
    }
    assertThat(changed).isLessThanOrEqualTo(expected); // more changes arrive while the sync runs
    assertThat(sim.table("activities.EmailOpen").size(false)).isGreaterThan(900);
  }

  @Test
  void stagedDataExpiresAfterItsRetentionPeriod() {
    start(b -> {});
    String sync =
        client.export(
            "/contacts/exports",
            "{\"name\":\"short\"," + CONTACT_FIELDS + ",\"dataRetentionDuration\":\"PT1H\"}",
            clock);
    assertThat(client.get(client.bulk(sync + "/data?limit=1")).code()).isEqualTo(200);
    clock.advance(Duration.ofMinutes(59));
    assertThat(client.get(client.bulk(sync + "/data?limit=1")).number("count")).isEqualTo(1);
    clock.advance(Duration.ofMinutes(1));
    assertThat(client.get(client.bulk(sync + "/data?limit=1")).code()).isEqualTo(404);
    assertThat(client.get(client.bulk(sync)).string("status")).isEqualTo("success");
    stop();
    start(
        b ->
            b.expiredData(EloquaSimulator.ExpiredData.EMPTY_PAGE)
                .defaultExportRetention(Duration.ofHours(2)));
    sync = client.export("/contacts/exports", contactExport(null), clock);
    clock.advance(Duration.ofHours(2));
    EloquaClient.Reply expired = client.get(client.bulk(sync + "/data"));
    assertThat(expired.code()).isEqualTo(200);
    assertThat(expired.json()).containsEntry("totalResults", 0.0).containsEntry("hasMore", false);
  }

  @Test
  void activityExportsNeedOneTypeAndStageOnlyThatTypeInTheWindow() {
    start(b -> {});
    String fields =
        "\"fields\":{\"ActivityId\":\"{{Activity.Id}}\",\"Type\":\"{{Activity.Type}}\","
            + "\"ActivityDate\":\"{{Activity.CreatedAt}}\",\"ContactId\":\"{{Activity.Contact.Id}}\","
            + "\"Email\":\"{{Activity.Field(EmailAddress)}}\",\"AssetName\":\"{{Activity.Asset.Name}}\","
            + "\"FirstName\":\"{{Activity.Contact.Field(C_FirstName)}}\"}";
    List<SimRecord> opens = sim.table("activities.EmailOpen").stream(false).toList();
    Instant from = opens.get(100).modifiedAt();
    Instant to = opens.get(300).modifiedAt();
    String filter =
        "'{{Activity.Type}}' = 'EmailOpen' AND '{{Activity.CreatedAt}}' >= '"
            + literal(from)
            + "' AND '{{Activity.CreatedAt}}' < '"
            + literal(to)
            + "'";
    String sync =
        client.export(
            "/activities/exports",
            "{\"name\":\"opens\","
                + fields
                + ",\"filter\":\""
                + filter
                + "\",\"areSystemTimestampsInUTC\":true}",
            clock);
    EloquaClient.Reply page = client.get(client.bulk(sync + "/data?limit=1000"));
    long expected =
        opens.stream()
            .filter(r -> !r.modifiedAt().isBefore(from) && r.modifiedAt().isBefore(to))
            .count();
    assertThat(page.number("totalResults")).isEqualTo(expected).isPositive();
    assertThat(page.items())
        .allSatisfy(
            r -> {
              assertThat(r.get("Type")).isEqualTo("EmailOpen");
              assertThat(r.get("FirstName"))
                  .isEqualTo(
                      sim.table("contacts").get((String) r.get("ContactId")).get("C_FirstName"));
            });

    EloquaClient.Reply noType =
        client.post(
            client.bulk("/activities/exports"),
            "{\"name\":\"x\","
                + fields
                + ",\"filter\":\"'{{Activity.CreatedAt}}' >= '2026-01-01 00:00:00'\"}");
    assertThat(noType.code()).isEqualTo(400);
    assertThat(noType.failures().get(0).get("constraint").toString())
        .contains("exactly one activity type");
    assertThat(
            client
                .post(
                    client.bulk("/activities/exports"),
                    "{\"name\":\"x\","
                        + fields
                        + ",\"filter\":\"'{{Activity.Type}}' = 'EmailOpen' OR '{{Activity.Type}}' = 'FormSubmit'\"}")
                .code())
        .isEqualTo(400);
    assertThat(
            client
                .post(
                    client.bulk("/activities/exports"),
                    "{\"name\":\"x\","
                        + fields
                        + ",\"filter\":\"'{{Activity.Type}}' = 'EmailOpen' AND '{{Activity.Contact.Field(C_FirstName)}}' = 'Ada'\"}")
                .failures()
                .get(0)
                .get("constraint")
                .toString())
        .contains("cannot filter on contact fields");
    String pageViews =
        client.export(
            "/activities/exports",
            "{\"name\":\"views\",\"fields\":{\"Id\":\"{{Activity.Id}}\"},"
                + "\"filter\":\"'{{Activity.Type}}' = 'PageView'\"}",
            clock);
    assertThat(client.get(client.bulk(pageViews + "/data")).number("totalResults")).isZero();
  }

  @Test
  void customObjectAndAccountExportsReadTheirFieldsAndLinkedRecords() {
    start(b -> {});
    String co =
        client.export(
            "/customObjects/7/exports",
            "{\"name\":\"purchases\",\"fields\":{"
                + "\"Id\":\"{{CustomObject[7].Id}}\",\"Order\":\"{{CustomObject[7].Field[71]}}\","
                + "\"Amount\":\"{{CustomObject[7].Field[73]}}\",\"ContactId\":\"{{CustomObject[7].Contact.Id}}\","
                + "\"UpdatedAt\":\"{{CustomObject[7].UpdatedAt}}\"},"
                + "\"filter\":\"'{{CustomObject[7].Field[73]}}' >= '0'\"}",
            clock);
    EloquaClient.Reply rows = client.get(client.bulk(co + "/data?limit=100"));
    assertThat(rows.number("totalResults")).isEqualTo(60);
    assertThat(rows.items()).allSatisfy(r -> assertThat((String) r.get("Order")).startsWith("PO-"));
    assertThat(rows.items())
        .allSatisfy(r -> assertThat((String) r.get("Amount")).matches("\\d+\\.\\d\\d"));

    String accounts =
        client.export(
            "/contacts/exports",
            "{\"name\":\"with account\",\"fields\":{"
                + "\"Id\":\"{{Contact.Id}}\",\"Company\":\"{{Contact.Account.Field(M_CompanyName)}}\"},"
                + "\"filter\":\"'{{Contact.Id}}' = '"
                + EloquaSchema.id(60)
                + "'\"}",
            clock);
    assertThat(client.get(client.bulk(accounts + "/data")).items().get(0).get("Company"))
        .isEqualTo(sim.table("accounts").get(EloquaSchema.id(10)).get("M_CompanyName"));
    assertThat(client.get(client.bulk("/accounts/exports")).items()).isEmpty();
    assertThat(client.get(client.bulk("/contacts/exports?q=name='with*'")).items()).hasSize(1);
  }

  @Test
  void exportsAllowAtMost250FieldsSoThreeHundredFieldsMustBeSplit() {
    start(b -> b.extraContactFields(300).contacts(20));
    List<Map<String, Object>> fields =
        client.get(client.bulk("/contacts/fields?limit=1000")).items();
    assertThat(fields).hasSizeGreaterThan(300);
    String all =
        fields.stream()
            .map(f -> "\"" + f.get("internalName") + "\":\"" + f.get("statement") + "\"")
            .collect(Collectors.joining(","));
    EloquaClient.Reply tooMany =
        client.post(
            client.bulk("/contacts/exports"), "{\"name\":\"all\",\"fields\":{" + all + "}}");
    assertThat(tooMany.code()).isEqualTo(400);
    assertThat(tooMany.failures().get(0).get("constraint").toString()).contains("at most 250");
    String first250 =
        fields.subList(0, 249).stream()
            .map(f -> "\"" + f.get("internalName") + "\":\"" + f.get("statement") + "\"")
            .collect(Collectors.joining(","));
    String sync =
        client.export(
            "/contacts/exports",
            "{\"name\":\"part 1\",\"fields\":{\"Id\":\"{{Contact.Id}}\"," + first250 + "}}",
            clock);
    assertThat(client.get(client.bulk(sync + "/data")).items().get(0)).hasSize(250);
  }

  @Test
  void csvIsServedWhenAskedFor() {
    start(b -> {});
    String sync =
        client.export(
            "/contacts/exports",
            contactExport("'{{Contact.Id}}' <= '" + EloquaSchema.id(9) + "'"),
            clock);
    String csv = client.get(client.bulk(sync + "/data?limit=100"), "text/csv").body();
    String[] lines = csv.split("\r\n");
    assertThat(lines[0]).isEqualTo("ContactId,Email,Title,UpdatedAt");
    assertThat(lines).hasSize(11);
  }

  @Test
  void deletedDefinitionsEndTheirSyncsInErrorAndPlannedFaultsShowInLogs() {
    start(b -> b.failedStatus("errored"));
    String definition = client.define("/contacts/exports", contactExport(null));
    String sync = client.sync(definition);
    assertThat(client.delete(client.bulk(definition)).code()).isEqualTo(204);
    assertThat(client.get(client.bulk(definition)).code()).isEqualTo(404);
    assertThat(client.await(sync, clock).get("status")).isEqualTo("errored");
    assertThat(client.get(client.bulk(sync + "/logs")).items())
        .extracting(l -> l.get("statusCode"))
        .contains("ELQ-00143");

    sim.failNextSyncs(EloquaSimulator.SyncFault.TEMPORARY_FAILURE, 1);
    String next = client.sync(client.define("/contacts/exports", contactExport(null)));
    assertThat(client.await(next, clock).get("status")).isEqualTo("errored");
    assertThat(client.get(client.bulk(next + "/logs")).items())
        .anySatisfy(
            l ->
                assertThat(l)
                    .containsEntry("statusCode", "ELQ-00146")
                    .containsEntry("severity", "error"));
    assertThat(client.get(client.bulk(next + "/data")).number("totalResults")).isZero();
  }

  @Test
  void autoDeleteRemovesTheDefinitionAfterItsDuration() {
    start(b -> {});
    String definition =
        client.define(
            "/contacts/exports",
            "{\"name\":\"temp\"," + CONTACT_FIELDS + ",\"autoDeleteDuration\":\"PT1H\"}");
    assertThat(client.get(client.bulk(definition)).json())
        .containsEntry("autoDeleteDuration", "PT1H");
    clock.advance(Duration.ofHours(1));
    assertThat(client.get(client.bulk(definition)).code()).isEqualTo(404);
  }

  @Test
  void aMillionContactsStageAnIncrementalWindowWithoutScanningThemAll() {
    start(b -> b.contacts(1_000_000));
    ObjectTable contacts = sim.table("contacts");
    SimRecord last = contacts.last(false);
    Instant from = last.modifiedAt().minus(Duration.ofHours(2));
    long expected = 0;
    for (Iterator<SimRecord> it = contacts.scan(from.minusNanos(1), null, false);
        it.hasNext();
        it.next()) expected++;
    long started = System.nanoTime();
    String sync =
        client.export(
            "/contacts/exports",
            contactExport("'{{Contact.UpdatedAt}}' >= '" + literal(from) + "'"),
            clock);
    EloquaClient.Reply page = client.get(client.bulk(sync + "/data?limit=50000"));
    assertThat(page.number("totalResults")).isEqualTo(expected).isPositive();
    assertThat(page.items()).extracting(r -> (String) r.get("ContactId")).contains(last.id());
    assertThat(Duration.ofNanos(System.nanoTime() - started)).isLessThan(Duration.ofSeconds(20));
    assertThat(
            IntStream.range(0, page.items().size())
                .mapToObj(i -> page.items().get(i).get("ContactId"))
                .distinct()
                .count())
        .isEqualTo(expected);
  }
}
