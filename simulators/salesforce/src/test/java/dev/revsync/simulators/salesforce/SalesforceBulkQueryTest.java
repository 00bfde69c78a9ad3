package dev.revsync.simulators.salesforce;

import static org.assertj.core.api.Assertions.assertThat;

import de.siegmar.fastcsv.reader.CsvReader;
import de.siegmar.fastcsv.reader.CsvRecord;
import dev.revsync.simulators.SimRecord;
import dev.revsync.simulators.SimulatedClock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

class SalesforceBulkQueryTest {
  private final SimulatedClock clock = SimulatedClock.at("2026-11-28T00:00:00Z");
  private SalesforceSimulator sim;
  private SfClient client;
  private String token;
  private String jobs;

  @BeforeEach
  void start() {
    sim =
        SalesforceSimulator.builder()
            .clock(clock)
            .records("Contact", 2_500)
            .records("Account", 40)
            .bulkJobTiming(Duration.ofSeconds(2), Duration.ofSeconds(5), 2)
            .start();
    client = new SfClient(sim.baseUrl());
    token = client.login(sim);
    jobs = "/services/data/v" + sim.apiVersion() + "/jobs/query";
  }

  @AfterEach
  void stop() {
    client.close();
    sim.close();
  }

  private SfClient.Reply create(String body) {
    return client.json("POST", jobs, token, body);
  }

  private String createJob(String soql) {
    SfClient.Reply r = create("{\"operation\":\"query\",\"query\":\"" + soql + "\"}");
    assertThat(r.code()).as(r.body()).isEqualTo(200);
    return (String) r.map().get("id");
  }

  private String state(String id) {
    return (String) client.get(jobs + "/" + id, token).map().get("state");
  }

  /** Polls as a client does, letting simulated time pass between polls. */
  private String waitForTerminal(String id) {
    for (int i = 0; i < 50; i++) {
      String s = state(id);
      if (s.equals("JobComplete") || s.equals("Failed") || s.equals("Aborted")) return s;
      clock.advance(Duration.ofSeconds(1));
    }
    throw new AssertionError("job never finished");
  }

  private SfClient.Reply results(String id, String query) {
    return client.send(
        client
            .request(jobs + "/" + id + "/results" + query, token)
            .header("Accept", "text/csv")
            .build());
  }

  private static List<CsvRecord> csv(String body) {
    List<CsvRecord> rows = new ArrayList<>();
    CsvReader.builder().ofCsvRecord(body).forEach(rows::add);
    return rows;
  }

  @Test
  void jobMovesThroughItsStatesOnTheSimulatorClockAndAfterPolls() {
    SfClient.Reply created =
        create("{\"operation\":\"query\",\"query\":\"SELECT Id FROM Contact\"}");
    assertThat(created.map().keySet())
        .containsExactly(
            "id",
            "operation",
            "object",
            "createdById",
            "createdDate",
            "systemModstamp",
            "state",
            "concurrencyMode",
            "contentType",
            "apiVersion",
            "lineEnding",
            "columnDelimiter");
    assertThat(created.map())
        .containsEntry("state", "UploadComplete")
        .containsEntry("object", "Contact")
        .containsEntry("apiVersion", 66.0)
        .containsEntry("columnDelimiter", "COMMA")
        .containsEntry("lineEnding", "LF");
    String id = (String) created.map().get("id");
    assertThat(id).startsWith("750").hasSize(18);
    assertThat(state(id)).isEqualTo("UploadComplete");
    clock.advance(Duration.ofSeconds(2));
    assertThat(state(id)).isEqualTo("InProgress");
    clock.advance(Duration.ofSeconds(3));
    SfClient.Reply done = client.get(jobs + "/" + id, token);
    assertThat(done.map())
        .containsEntry("state", "JobComplete")
        .containsEntry("jobType", "V2Query")
        .containsEntry("numberRecordsProcessed", 2500.0)
        .containsKey("totalProcessingTime");
    assertThat(sim.bulkJobsCreated()).isEqualTo(1);
  }

  @Test
  void resultsBeforeCompletionAreRefused() {
    String id = createJob("SELECT Id FROM Contact");
    SfClient.Reply early = results(id, "");
    assertThat(early.code()).isEqualTo(412);
    assertThat(early.error()).containsEntry("errorCode", "JOB_NOT_COMPLETE");
  }

  @Test
  void chunksFollowLocatorsUntilTheNullTerminatorWithAHeaderRowEach() {
    String id = createJob("SELECT Id, LastName, Email, SystemModstamp FROM Contact");
    assertThat(waitForTerminal(id)).isEqualTo("JobComplete");
    Set<String> ids = new HashSet<>();
    List<String> locators = new ArrayList<>();
    String locator = null;
    do {
      SfClient.Reply r =
          results(id, "?maxRecords=1000" + (locator == null ? "" : "&locator=" + locator));
      assertThat(r.code()).isEqualTo(200);
      assertThat(r.header("Content-Type")).startsWith("text/csv");
      List<CsvRecord> rows = csv(r.body());
      assertThat(rows.get(0).getFields())
          .containsExactly("Id", "LastName", "Email", "SystemModstamp");
      assertThat(rows.size() - 1).isEqualTo(Integer.parseInt(r.header("Sforce-NumberOfRecords")));
      rows.subList(1, rows.size()).forEach(row -> ids.add(row.getField(0)));
      locator = r.header("Sforce-Locator");
      locators.add(locator);
    } while (!locator.equals("null"));
    assertThat(locators).containsExactly("MTAwMA", "MjAwMA", "null");
    assertThat(ids).hasSize(2500);
  }

  @Test
  void withoutMaxRecordsTheServerPicksTheChunkSize() {
    String id = createJob("SELECT Id FROM Contact");
    waitForTerminal(id);
    SfClient.Reply r = results(id, "");
    assertThat(r.header("Sforce-NumberOfRecords")).isEqualTo("2500");
    assertThat(r.header("Sforce-Locator")).isEqualTo("null");
    assertThat(r.body().lines().count()).isEqualTo(2501);
  }

  @Test
  void csvQuotesEveryValueAndWritesNullsAsEmptyQuotedFields() {
    SimRecord odd = sim.table("Account").stream(false).findFirst().orElseThrow();
    sim.table("Account")
        .update(odd.id(), Map.of("Name", "Bluth \"Banana\", Inc.\nStand", "Website", ""));
    Map<String, Object> nullWebsite = new java.util.HashMap<>();
    nullWebsite.put("Website", null);
    sim.table("Account").update(odd.id(), nullWebsite);
    String id =
        createJob(
            "SELECT Id, Name, Website, NumberOfEmployees, Owner.Username FROM Account WHERE Id = '"
                + odd.id()
                + "'");
    waitForTerminal(id);
    String body = results(id, "").body();
    assertThat(body)
        .startsWith("\"Id\",\"Name\",\"Website\",\"NumberOfEmployees\",\"Owner.Username\"\n");
    assertThat(body).contains("\"Bluth \"\"Banana\"\", Inc.\nStand\",\"\",");
    CsvRecord row = csv(body).get(1);
    assertThat(row.getField(1)).isEqualTo("Bluth \"Banana\", Inc.\nStand");
    assertThat(row.getField(4)).endsWith("@revsync-sim.example.com");
  }

  @Test
  void dialectOptionsChangeDelimiterAndLineEnding() {
    SfClient.Reply r =
        create(
            "{\"operation\":\"query\",\"query\":\"SELECT Id, LastName FROM Contact LIMIT 3\","
                + "\"contentType\":\"CSV\",\"columnDelimiter\":\"TAB\",\"lineEnding\":\"CRLF\"}");
    String id = (String) r.map().get("id");
    waitForTerminal(id);
    String body = results(id, "").body();
    assertThat(body).startsWith("\"Id\"\t\"LastName\"\r\n");
    assertThat(body.split("\r\n")).hasSize(4);
  }

  @Test
  void compoundFieldsAggregatesAndBadSoqlAreRefusedAtCreation() {
    SfClient.Reply compound =
        create("{\"operation\":\"query\",\"query\":\"SELECT Id, MailingAddress FROM Contact\"}");
    assertThat(compound.code()).isEqualTo(400);
    assertThat(compound.body())
        .isEqualTo(
            "[{\"message\":\"Selecting compound data not supported in Bulk Query\",\"errorCode\":\"API_ERROR\"}]");
    assertThat(create("{\"operation\":\"query\",\"query\":\"SELECT COUNT() FROM Contact\"}").code())
        .isEqualTo(400);
    assertThat(
            create("{\"operation\":\"query\",\"query\":\"SELECT Nope__c FROM Contact\"}").error())
        .containsEntry("errorCode", "INVALID_FIELD");
    assertThat(create("{\"operation\":\"upsert\",\"query\":\"SELECT Id FROM Contact\"}").code())
        .isEqualTo(400);
    assertThat(create("{not json").error()).containsEntry("errorCode", "JSON_PARSER_ERROR");
    assertThat(sim.bulkJobsCreated()).isZero();
  }

  @Test
  void queryAllJobsIncludeDeletedRecordsAndQueryJobsDoNot() {
    List<String> doomed = sim.table("Contact").stream(false).limit(5).map(SimRecord::id).toList();
    clock.advance(Duration.ofMinutes(1));
    doomed.forEach(sim.table("Contact")::delete);
    String q = createJob("SELECT Id, IsDeleted FROM Contact");
    SfClient.Reply all =
        create("{\"operation\":\"queryAll\",\"query\":\"SELECT Id, IsDeleted FROM Contact\"}");
    String a = (String) all.map().get("id");
    waitForTerminal(q);
    waitForTerminal(a);
    assertThat(results(q, "").header("Sforce-NumberOfRecords")).isEqualTo("2495");
    String allBody = results(a, "").body();
    assertThat(allBody.lines().skip(1).count()).isEqualTo(2500);
    assertThat(allBody).contains("\"" + doomed.get(0) + "\",\"true\"");
  }

  @Test
  void resultsStayAsOfCompletionWhileDataChanges() {
    String id = createJob("SELECT Id FROM Contact");
    waitForTerminal(id);
    SfClient.Reply first = results(id, "?maxRecords=1000");
    // after completion: records are deleted and added; the prepared result does not move
    clock.advance(Duration.ofMinutes(1));
    List<String> tail =
        sim.table("Contact").stream(false).skip(2000).limit(10).map(SimRecord::id).toList();
    tail.forEach(sim.table("Contact")::delete);
    sim.table("Contact").insert(Map.of("LastName", "Late", "Name", "Late"));
    SfClient.Reply second =
        results(id, "?maxRecords=1000&locator=" + first.header("Sforce-Locator"));
    SfClient.Reply third =
        results(id, "?maxRecords=1000&locator=" + second.header("Sforce-Locator"));
    assertThat(third.header("Sforce-Locator")).isEqualTo("null");
    assertThat(third.header("Sforce-NumberOfRecords")).isEqualTo("500");
    assertThat(csv(third.body())).hasSize(501);
    assertThat(third.body()).contains(tail.get(0));
  }

  @Test
  void failedAndAbortedOutcomesAreConfigurable() {
    sim.planBulkJobs(
        SalesforceSimulator.BulkJobOutcome.FAIL, SalesforceSimulator.BulkJobOutcome.ABORT);
    String failed = createJob("SELECT Id FROM Contact");
    String aborted = createJob("SELECT Id FROM Contact");
    String fine = createJob("SELECT Id FROM Contact");
    assertThat(waitForTerminal(failed)).isEqualTo("Failed");
    assertThat(client.get(jobs + "/" + failed, token).map()).containsKey("errorMessage");
    assertThat(waitForTerminal(aborted)).isEqualTo("Aborted");
    assertThat(waitForTerminal(fine)).isEqualTo("JobComplete");
    assertThat(results(failed, "").code()).isEqualTo(412);
  }

  @Test
  void clientsCanAbortListAndDeleteJobs() {
    String id = createJob("SELECT Id FROM Contact");
    SfClient.Reply aborted =
        client.json("PATCH", jobs + "/" + id, token, "{\"state\":\"Aborted\"}");
    assertThat(aborted.map()).containsEntry("state", "Aborted");
    assertThat(client.get(jobs, token).map()).containsEntry("done", true);
    assertThat(client.send(client.request(jobs + "/" + id, token).delete().build()).code())
        .isEqualTo(204);
    assertThat(client.get(jobs + "/" + id, token).code()).isEqualTo(404);
  }

  @Test
  void jobsAndResultsExpireSevenDaysAfterCompletion() {
    String id = createJob("SELECT Id FROM Contact");
    waitForTerminal(id);
    SfClient.Reply first = results(id, "?maxRecords=1000");
    clock.advance(Duration.ofDays(6));
    token = client.login(sim);
    assertThat(results(id, "?maxRecords=1000&locator=" + first.header("Sforce-Locator")).code())
        .isEqualTo(200);
    clock.advance(Duration.ofDays(1));
    token = client.login(sim);
    SfClient.Reply gone = results(id, "?maxRecords=1000&locator=" + first.header("Sforce-Locator"));
    assertThat(gone.code()).isEqualTo(404);
    assertThat(gone.error()).containsEntry("errorCode", "NOT_FOUND");
    assertThat(client.get(jobs + "/" + id, token).code()).isEqualTo(404);
  }

  @Test
  void resultsMustUseTheVersionThatCreatedTheJob() {
    String id = createJob("SELECT Id FROM Contact");
    waitForTerminal(id);
    SfClient.Reply other = client.get("/services/data/v60.0/jobs/query/" + id + "/results", token);
    assertThat(other.code()).isEqualTo(409);
  }

  @Test
  void largeResultsAreStreamedInChunkedEncodingNotBuffered() throws Exception {
    try (SalesforceSimulator big =
            SalesforceSimulator.builder()
                .clock(clock)
                .records("Lead", 100_000)
                .bulkJobTiming(Duration.ZERO, Duration.ZERO, 0)
                .start();
        SfClient c = new SfClient(big.baseUrl())) {
      String t = c.login(big);
      String base = "/services/data/v" + big.apiVersion() + "/jobs/query";
      String id =
          (String)
              c.json(
                      "POST",
                      base,
                      t,
                      "{\"operation\":\"query\",\"query\":\"SELECT Id, Email,"
                          + " Company, SystemModstamp FROM Lead\"}")
                  .map()
                  .get("id");
      assertThat(c.get(base + "/" + id, t).map()).containsEntry("numberRecordsProcessed", 100000.0);
      try (okhttp3.Response r =
          c.http
              .newCall(c.request(base + "/" + id + "/results?maxRecords=100000", t).build())
              .execute()) {
        assertThat(r.header("Content-Length")).isNull();
        assertThat(r.header("Sforce-NumberOfRecords")).isEqualTo("100000");
        assertThat(r.header("Sforce-Locator")).isEqualTo("null");
        okio.BufferedSource source = r.body().source();
        long lines = 0;
        while (source.readUtf8Line() != null) lines++;
        assertThat(lines).isGreaterThanOrEqualTo(100_001);
      }
    }
  }

  @Test
  void everyPollAndChunkIsCounted() {
    long before = sim.dailyApiRequestsUsed();
    String id = createJob("SELECT Id FROM Contact");
    waitForTerminal(id);
    long afterPolls = sim.dailyApiRequestsUsed();
    results(id, "?maxRecords=2000");
    assertThat(sim.dailyApiRequestsUsed()).isEqualTo(afterPolls + 1);
    assertThat(afterPolls - before).isGreaterThanOrEqualTo(3);
  }
}
