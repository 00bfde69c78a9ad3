package dev.revsync.salesforce;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.revsync.Checkpoint;
import dev.revsync.ConfigurationException;
import dev.revsync.ConnectionConfig;
import dev.revsync.Connector;
import dev.revsync.QuotaPolicy;
import dev.revsync.Record;
import dev.revsync.SyncMode;
import dev.revsync.SyncRequest;
import dev.revsync.SyncResult;
import dev.revsync.VendorApiException;
import dev.revsync.simulators.RequestLog;
import dev.revsync.simulators.SimRecord;
import dev.revsync.simulators.SimulatedClock;
import dev.revsync.simulators.salesforce.SalesforceSimulator;
import dev.revsync.testkit.RecordingSink;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.function.UnaryOperator;
import java.util.stream.Collectors;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * Syncs against the Salesforce simulator: call counts, bulk resume, quota, sessions, hostile
 * values.
 */
class SalesforceSyncTest {
  static final Instant START = Instant.parse("2026-11-28T00:30:00Z");

  final SimulatedClock clock = new SimulatedClock(START);
  SalesforceSimulator sim;
  Connector connector;

  @AfterEach
  void close() {
    if (connector != null) connector.close();
    if (sim != null) sim.close();
  }

  SalesforceSimulator start(long accounts, UnaryOperator<SalesforceSimulator.Builder> options) {
    sim =
        options
            .apply(SalesforceSimulator.builder().clock(clock).records("Account", accounts))
            .start();
    return sim;
  }

  ConnectionConfig.Builder config(Map<String, String> extra) {
    ConnectionConfig.Builder b =
        ConnectionConfig.builder("test/salesforce").clock(clock).readTimeout(Duration.ofSeconds(5));
    sim.connectionSettings()
        .forEach(
            (k, v) -> {
              if (k.equals("baseUrl")) b.baseUrl(v);
              else if (Set.of("clientSecret", "refreshToken", "privateKey").contains(k))
                b.secret(k, v);
              else b.setting(k, v);
            });
    extra.forEach(b::setting);
    return b;
  }

  Connector open(Map<String, String> extra) {
    connector = new SalesforceConnectorProvider().open(config(extra).build());
    return connector;
  }

  static SyncRequest.Builder request() {
    return SyncRequest.builder("Account").mode(SyncMode.INCREMENTAL);
  }

  Set<String> liveIds() {
    return sim.table("Account").stream(false)
        .map(SimRecord::id)
        .collect(Collectors.toCollection(TreeSet::new));
  }

  static Set<String> ids(RecordingSink sink) {
    return sink.records().stream()
        .filter(r -> !r.isDeleted())
        .map(Record::id)
        .collect(Collectors.toCollection(TreeSet::new));
  }

  RequestLog log() {
    return sim.requestLog();
  }

  // ---- calls against the minimum ----------------------------------------------------------------

  @Test
  void tenThousandRecordsOverRestCostTheFiveQueryPagesPlusATokenAndADescribe() {
    start(10_000, b -> b);
    RecordingSink sink = new RecordingSink();
    SyncResult result = open(Map.of()).sync(request().build(), sink);
    assertThat(result.status()).isEqualTo(SyncResult.Status.COMPLETED);
    assertThat(sink.count()).isEqualTo(10_000);
    long pages = (10_000 + 1999) / 2000;
    assertThat(log().count(e -> e.path().contains("/query")))
        .as("query pages")
        .isEqualTo((int) pages);
    assertThat(log().count())
        .as("calls: the pages, a token and a describe")
        .isEqualTo((int) pages + 2)
        .isLessThanOrEqualTo((int) pages + 3);
    assertThat(result.callsSpent()).isEqualTo(log().count());
    assertThat(log().entries())
        .filteredOn(e -> e.path().contains("/query"))
        .allMatch(e -> "batchSize=2000".equals(e.headers().get("Sforce-Query-Options")));
  }

  @Test
  void tenThousandRecordsInABulkJobCostCreatePollsAndChunksPlusATokenADescribeAndTheCatchUpPage() {
    start(10_000, b -> b);
    RecordingSink sink = new RecordingSink();
    SyncResult result = open(Map.of()).sync(request().option("style", "BATCH").build(), sink);
    assertThat(result.status()).as("%s", result).isEqualTo(SyncResult.Status.COMPLETED);
    assertThat(ids(sink)).isEqualTo(liveIds());
    int creates = log().count(e -> e.method().equals("POST") && e.path().endsWith("/jobs/query"));
    int polls =
        log().count(e -> e.method().equals("GET") && e.path().matches(".*/jobs/query/[^/]+"));
    int chunks = log().count(e -> e.path().endsWith("/results"));
    assertThat(creates).isEqualTo(1);
    assertThat(polls).as("polls of a job the simulator finishes in 3 s").isEqualTo(1);
    assertThat(chunks).as("chunks of maxRecords=50,000").isEqualTo(1);
    assertThat(log().count())
        .as("calls against create + polls + chunks")
        .isEqualTo(creates + polls + chunks + 3);
    assertThat(sim.bulkJobsCreated()).isEqualTo(1);
  }

  @Test
  void aSyncOverTheBulkThresholdChoosesTheBulkJobFromTheFirstPagesTotalSize() {
    start(6_000, b -> b);
    RecordingSink sink = new RecordingSink();
    SyncResult result = open(Map.of("bulkThreshold", "5000")).sync(request().build(), sink);
    assertThat(result.status()).isEqualTo(SyncResult.Status.COMPLETED);
    assertThat(sim.bulkJobsCreated()).isEqualTo(1);
    assertThat(ids(sink)).isEqualTo(liveIds());
    assertThat(sink.count()).as("the held first page is dropped, not delivered").isEqualTo(6_000);
    assertThat(result.checkpoint().get(Checkpoint.JOB_ID)).isNull();
    assertThat(result.checkpoint().get(Checkpoint.CURSOR)).isNotNull();
  }

  @Test
  void restAndBulkPullsOfTheSameDataHandOverEqualRecordsWhetherBulkNullsAreQuotedOrBare() {
    for (boolean quoteNulls : new boolean[] {true, false}) {
      start(2_500, b -> b.bulkQuoteNulls(quoteNulls));
      RecordingSink viaRest = new RecordingSink();
      RecordingSink viaBulk = new RecordingSink();
      open(Map.of()).sync(request().option("style", "REST").build(), viaRest);
      connector.sync(request().option("style", "BATCH").build(), viaBulk);
      assertThat(viaBulk.count()).isEqualTo(2_500);
      Map<String, Record> rest = viaRest.latestById();
      Map<String, Record> bulk = viaBulk.latestById();
      assertThat(bulk.keySet()).isEqualTo(rest.keySet());
      for (String id : rest.keySet()) {
        assertThat(bulk.get(id).fields())
            .as("record %s (nulls quoted: %s)", id, quoteNulls)
            .usingRecursiveComparison()
            .withComparatorForType(java.math.BigDecimal::compareTo, java.math.BigDecimal.class)
            .isEqualTo(rest.get(id).fields());
      }
      close();
    }
  }

  // ---- bulk resume ------------------------------------------------------------------------------

  /** A sink that dies, as the host process would, after {@code limit} records. */
  static final class DyingSink extends RuntimeException {
    private static final long serialVersionUID = 1L;
  }

  @Test
  void aBulkDownloadInterruptedMidWayResumesFromTheSavedJobAndLocatorWithoutANewJob() {
    start(7_000, b -> b);
    Map<String, String> small = Map.of("bulkMaxRecords", "2000");
    RecordingSink first = new RecordingSink();
    first.onRecord(
        r -> {
          if (first.count() == 3_000) throw new DyingSink(); // in the middle of the second chunk
        });
    SyncResult died = open(small).sync(request().option("style", "BATCH").build(), first);
    assertThat(died.status()).isEqualTo(SyncResult.Status.FAILED);
    Checkpoint saved =
        Checkpoint.parse(first.checkpoints().get(first.checkpoints().size() - 1).serialize());
    assertThat(saved.get(Checkpoint.JOB_ID)).startsWith("750");
    assertThat(saved.get(Checkpoint.JOB_POSITION))
        .as("the locator of the second chunk")
        .isNotBlank();
    connector.close();
    int chunksBefore = log().count(e -> e.path().endsWith("/results"));

    // a new process, a new connection, the stored checkpoint
    RecordingSink second = new RecordingSink();
    SyncResult resumed = open(small).sync(request().checkpoint(saved).build(), second);
    assertThat(resumed.status()).as("%s", resumed).isEqualTo(SyncResult.Status.COMPLETED);
    assertThat(sim.bulkJobsCreated())
        .as("jobs created: the resume reuses the saved one")
        .isEqualTo(1);
    assertThat(log().count(e -> e.path().endsWith("/results")) - chunksBefore)
        .as("chunks downloaded after the resume: the second (again), third and fourth")
        .isEqualTo(3);
    Set<String> union = ids(first);
    union.addAll(ids(second));
    assertThat(union).isEqualTo(liveIds());
    assertThat(second.count())
        .as("only the interrupted chunk is read twice")
        .isEqualTo(7_000 - 2_000);
  }

  @Test
  void aSavedJobThatIsGoneIsCreatedAgainFromTheCursor() {
    start(5_000, b -> b);
    RecordingSink first = new RecordingSink();
    first.onRecord(
        r -> {
          if (first.count() == 2_500) throw new DyingSink();
        });
    open(Map.of("bulkMaxRecords", "2000")).sync(request().option("style", "BATCH").build(), first);
    Checkpoint saved = first.checkpoints().get(first.checkpoints().size() - 1);
    assertThat(saved.get(Checkpoint.JOB_ID)).isNotNull();
    connector.close();
    clock.advance(Duration.ofDays(8)); // results are kept 7 days

    RecordingSink second = new RecordingSink();
    SyncResult resumed =
        open(Map.of("bulkMaxRecords", "2000")).sync(request().checkpoint(saved).build(), second);
    assertThat(resumed.status()).as("%s", resumed).isEqualTo(SyncResult.Status.COMPLETED);
    assertThat(sim.bulkJobsCreated()).isEqualTo(2);
    assertThat(ids(second)).isEqualTo(liveIds());
  }

  @Test
  void aFailedBulkJobFailsTheSyncAndTheNextSyncStartsANewJob() {
    start(3_000, b -> b);
    sim.planBulkJobs(SalesforceSimulator.BulkJobOutcome.FAIL);
    RecordingSink sink = new RecordingSink();
    SyncResult failed = open(Map.of()).sync(request().option("style", "BATCH").build(), sink);
    assertThat(failed.status()).isEqualTo(SyncResult.Status.FAILED);
    assertThat(failed.failure())
        .isInstanceOf(VendorApiException.class)
        .hasMessageContaining("Failed")
        .hasMessageContaining("salesforce");
    assertThat(failed.checkpoint().get(Checkpoint.JOB_ID)).isNull();
    SyncResult next =
        connector.sync(
            request().checkpoint(failed.checkpoint()).option("style", "BATCH").build(), sink);
    assertThat(next.status()).isEqualTo(SyncResult.Status.COMPLETED);
    assertThat(sim.bulkJobsCreated()).isEqualTo(2);
    assertThat(ids(sink)).isEqualTo(liveIds());
  }

  // ---- the org's own allocation -----------------------------------------------------------------

  @Test
  void requestLimitExceededMidSyncEndsAsQuotaExhaustedWithACheckpointAndTheNextDayFinishes() {
    start(6_000, b -> b.dailyApiRequests(15_000));
    RecordingSink sink = new RecordingSink();
    sink.onRecord(
        r -> {
          // Another integration spends the org's allocation while the first page is handed over.
          if (sink.count() == 2_000) sim.setRemainingDailyApiRequests(0);
        });
    SyncResult stopped = open(Map.of()).sync(request().build(), sink);
    assertThat(stopped.status()).as("%s", stopped).isEqualTo(SyncResult.Status.QUOTA_EXHAUSTED);
    assertThat(stopped.failure()).isNull();
    assertThat(sink.count()).isEqualTo(2_000);
    assertThat(stopped.checkpoint().get(Checkpoint.CURSOR)).isNotNull();
    assertThat(stopped.checkpoint().get(Checkpoint.CURSOR_ID))
        .isEqualTo(sink.records().get(1_999).id());
    assertThat(log().count(e -> e.status() == 403))
        .as("REQUEST_LIMIT_EXCEEDED answers: one, no hammering")
        .isEqualTo(1);
    assertThat(connector.usage().systemRemaining()).hasValue(0);

    clock.advance(Duration.ofHours(25));
    SyncResult finished = connector.sync(request().checkpoint(stopped.checkpoint()).build(), sink);
    assertThat(finished.status()).isEqualTo(SyncResult.Status.COMPLETED);
    assertThat(ids(sink)).isEqualTo(liveIds());
    assertThat(sink.count()).as("nothing pulled twice").isEqualTo(6_000);
  }

  @Test
  void sforceLimitInfoStopsTheSyncBeforeTheOrgRefusesACall() {
    start(6_000, b -> b.dailyApiRequests(15_000));
    sim.setRemainingDailyApiRequests(
        3); // describe and two pages (the token endpoint is not counted)
    RecordingSink sink = new RecordingSink();
    SyncResult stopped = open(Map.of()).sync(request().build(), sink);
    assertThat(stopped.status()).as("%s", stopped).isEqualTo(SyncResult.Status.QUOTA_EXHAUSTED);
    assertThat(sink.count()).isEqualTo(4_000);
    assertThat(log().count(e -> e.status() == 403)).as("calls the org refused").isZero();
  }

  @Test
  void requestLimitExceededMidBulkDownloadKeepsTheJobForTheNextDay() {
    start(6_000, b -> b.dailyApiRequests(15_000));
    sim.setRemainingDailyApiRequests(5); // describe, create, poll, two chunks
    RecordingSink sink = new RecordingSink();
    SyncResult stopped =
        open(Map.of("bulkMaxRecords", "2000"))
            .sync(request().option("style", "BATCH").build(), sink);
    assertThat(stopped.status()).as("%s", stopped).isEqualTo(SyncResult.Status.QUOTA_EXHAUSTED);
    assertThat(stopped.checkpoint().get(Checkpoint.JOB_ID)).isNotNull();
    assertThat(stopped.checkpoint().get(Checkpoint.JOB_POSITION)).isNotNull();
    clock.advance(Duration.ofHours(25));
    SyncResult finished = connector.sync(request().checkpoint(stopped.checkpoint()).build(), sink);
    assertThat(finished.status()).as("%s", finished).isEqualTo(SyncResult.Status.COMPLETED);
    assertThat(sim.bulkJobsCreated()).isEqualTo(1);
    assertThat(ids(sink)).isEqualTo(liveIds());
  }

  @Test
  void aSystemMarginKeepsPartOfTheOrgsAllocationForOtherIntegrations() {
    start(6_000, b -> b.dailyApiRequests(15_000));
    sim.setRemainingDailyApiRequests(100);
    ConnectionConfig config =
        config(Map.of()).quotaPolicy(QuotaPolicy.builder().systemMargin(98).build()).build();
    connector = new SalesforceConnectorProvider().open(config);
    SyncResult result = connector.sync(request().build(), new RecordingSink());
    // The describe reports 99 left; with 98 kept in reserve one more call may go, and no 403 is
    // met.
    assertThat(result.status()).isEqualTo(SyncResult.Status.QUOTA_EXHAUSTED);
    assertThat(log().count(e -> e.status() == 403)).isZero();
    assertThat(log().count()).isEqualTo(3);
  }

  // ---- sessions ---------------------------------------------------------------------------------

  @Test
  void anExpiredSessionMidSyncIsRefreshedOnceAndTheSyncCompletes() {
    start(6_000, b -> b);
    RecordingSink sink = new RecordingSink();
    sink.onRecord(
        r -> {
          if (sink.count() == 2_500) sim.expireSessions();
        });
    SyncResult result = open(Map.of()).sync(request().build(), sink);
    assertThat(result.status()).isEqualTo(SyncResult.Status.COMPLETED);
    assertThat(log().count(e -> e.status() == 401)).isEqualTo(1);
    assertThat(log().count(e -> e.path().endsWith("/oauth2/token"))).isEqualTo(2);
    assertThat(ids(sink)).isEqualTo(liveIds());
  }

  @Test
  void anExpiredSessionMidBulkDownloadIsRefreshedOnce() {
    start(6_000, b -> b);
    RecordingSink sink = new RecordingSink();
    sink.onRecord(
        r -> {
          if (sink.count() == 2_500) sim.expireSessions();
        });
    SyncResult result =
        open(Map.of("bulkMaxRecords", "2000"))
            .sync(request().option("style", "BATCH").build(), sink);
    assertThat(result.status()).isEqualTo(SyncResult.Status.COMPLETED);
    assertThat(log().count(e -> e.status() == 401)).isEqualTo(1);
    assertThat(ids(sink)).isEqualTo(liveIds());
  }

  // ---- hostile values, bad requests, header case
  // --------------------------------------------------

  @Test
  void aCheckpointWhoseIdIsNotASalesforceIdIsRefusedBeforeAnyQuery() {
    start(300, b -> b);
    Checkpoint tampered =
        Checkpoint.EMPTY
            .with(Checkpoint.CURSOR, "2000-01-01T00:00:00Z")
            .with(Checkpoint.CURSOR_ID, "001' OR Name != 'x");
    open(Map.of());
    assertThatThrownBy(
            () -> connector.sync(request().checkpoint(tampered).build(), new RecordingSink()))
        .isInstanceOf(ConfigurationException.class)
        .hasMessageContaining("cursorId");
    assertThat(log().count(e -> e.path().contains("/query"))).isZero();
  }

  @Test
  void anUnknownObjectOrFieldIsABadRequestNotASyncOutcome() {
    start(10, b -> b);
    open(Map.of());
    assertThatThrownBy(
            () -> connector.sync(SyncRequest.builder("Widget__c").build(), new RecordingSink()))
        .isInstanceOf(ConfigurationException.class)
        .hasMessageContaining("Widget__c");
    assertThatThrownBy(
            () ->
                connector.sync(
                    request().fields("Name", "Shoe_Size__c").build(), new RecordingSink()))
        .isInstanceOf(ConfigurationException.class)
        .hasMessageContaining("Shoe_Size__c");
    assertThatThrownBy(() -> connector.describe("Widget__c"))
        .isInstanceOf(VendorApiException.class)
        .hasMessageContaining("NOT_FOUND");
    assertThatThrownBy(
            () -> connector.sync(request().option("style", "SOAP").build(), new RecordingSink()))
        .isInstanceOf(ConfigurationException.class)
        .hasMessageContaining("REST nor BATCH");
  }

  @Test
  void chosenFieldsAndRelationshipPathsComeBackTyped() {
    start(50, b -> b);
    RecordingSink sink = new RecordingSink();
    SyncResult result =
        open(Map.of())
            .sync(request().fields("Name", "AnnualRevenue", "Owner.Username").build(), sink);
    assertThat(result.status()).as("%s", result).isEqualTo(SyncResult.Status.COMPLETED);
    Record first = sink.records().get(0);
    assertThat(first.fields().keySet())
        .containsExactly(
            "Id", "Name", "AnnualRevenue", "Owner.Username", "SystemModstamp", "IsDeleted");
    assertThat(sink.records()).anyMatch(r -> r.get("Owner.Username") instanceof String);
    assertThat(sink.records())
        .allMatch(
            r ->
                r.get("AnnualRevenue") == null
                    || r.get("AnnualRevenue") instanceof java.math.BigDecimal);
  }

  @Test
  void lowerCaseHeadersAsHyperforceSendsThemWorkForLimitsAndBulkLocators() {
    start(5_000, b -> b.lowerCaseHeaders(true));
    RecordingSink sink = new RecordingSink();
    SyncResult result =
        open(Map.of("bulkMaxRecords", "2000"))
            .sync(request().option("style", "BATCH").build(), sink);
    assertThat(result.status()).isEqualTo(SyncResult.Status.COMPLETED);
    assertThat(log().count(e -> e.path().endsWith("/results"))).isEqualTo(3);
    assertThat(ids(sink)).isEqualTo(liveIds());
    assertThat(connector.usage().systemRemaining()).isPresent();
  }
}
