package dev.revsync.eloqua;

import static org.assertj.core.api.Assertions.assertThat;

import dev.revsync.Checkpoint;
import dev.revsync.QuotaPolicy;
import dev.revsync.Record;
import dev.revsync.SyncMode;
import dev.revsync.SyncRequest;
import dev.revsync.SyncResult;
import dev.revsync.TransientException;
import dev.revsync.VendorApiException;
import dev.revsync.simulators.RequestLog;
import dev.revsync.simulators.SimRecord;
import dev.revsync.simulators.eloqua.EloquaSimulator;
import dev.revsync.testkit.RecordingSink;
import java.time.Duration;
import java.time.Instant;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;
import okhttp3.Credentials;
import okhttp3.OkHttpClient;
import okhttp3.Request;
import okhttp3.Response;
import org.junit.jupiter.api.Test;

/**
 * Pulls against the Eloqua simulator: pods, resumes, expiry, wide exports, activities, failures,
 * call counts.
 */
class EloquaSyncTest {
  private static final int PAGE = 1_000;

  private static SyncRequest request(String object, SyncMode mode, Checkpoint checkpoint) {
    return SyncRequest.builder(object).mode(mode).checkpoint(checkpoint).build();
  }

  @Test
  void aPodMoveMidSyncIsFollowedToTheNewBaseUrlFoundByAskingIdAgain() {
    try (EloquaWorld w = new EloquaWorld(b -> {})) {
      EloquaConnector connector = w.open(PAGE);
      RecordingSink sink = new RecordingSink();
      boolean[] moved = {false};
      sink.onRecord(
          r -> {
            if (!moved[0] && sink.count() == PAGE + 10) {
              moved[0] = true;
              w.sim.movePod("p07");
            }
          });
      SyncResult result = connector.sync(request("Contact", SyncMode.FULL, Checkpoint.EMPTY), sink);

      assertThat(result.status()).as("%s", result).isEqualTo(SyncResult.Status.COMPLETED);
      assertThat(sink.latestById()).hasSize(2_500);
      assertThat(w.count(e -> e.path().equals("/id")))
          .as("/id asked at login and after the 401")
          .isEqualTo(2);
      assertThat(w.count(e -> e.path().startsWith("/pod/p03/") && e.status() == 401))
          .as("calls to the old pod")
          .isEqualTo(1);
      assertThat(w.count(e -> e.path().startsWith("/pod/p07/") && EloquaWorld.isData(e)))
          .as("the page after the move, read at the new pod")
          .isEqualTo(1);
      assertThat(result.callsSpent()).isEqualTo(w.log().count());
    }
  }

  @Test
  void aSyncInterruptedMidDownloadResumesOnTheSameStagedDataByOffsetWithoutANewExport() {
    try (EloquaWorld w = new EloquaWorld(b -> b.contacts(3_500))) {
      RecordingSink first = new RecordingSink();
      first.onRecord(
          r -> {
            if (first.count() == PAGE + PAGE / 2)
              throw new IllegalStateException("the process died");
          });
      SyncResult died =
          w.open(PAGE).sync(request("Contact", SyncMode.INCREMENTAL, Checkpoint.EMPTY), first);
      assertThat(died.status()).isEqualTo(SyncResult.Status.FAILED);
      Checkpoint persisted =
          Checkpoint.parse(first.checkpoints().get(first.checkpoints().size() - 1).serialize());
      assertThat(persisted.get(Checkpoint.JOB_ID))
          .as("the staged export in the checkpoint")
          .startsWith("/syncs/");
      assertThat(persisted.get(Checkpoint.JOB_POSITION))
          .as("offset after the first page")
          .startsWith("1000");

      int before = w.log().count();
      RecordingSink second = new RecordingSink();
      SyncResult resumed =
          w.open(PAGE).sync(request("Contact", SyncMode.INCREMENTAL, persisted), second);

      assertThat(resumed.status()).as("%s", resumed).isEqualTo(SyncResult.Status.COMPLETED);
      List<RequestLog.Entry> calls = w.since(before);
      assertThat(calls)
          .noneMatch(EloquaWorld::isExportDefinition)
          .noneMatch(EloquaWorld::isSyncCreation)
          .noneMatch(EloquaWorld::isPoll);
      List<RequestLog.Entry> pages = calls.stream().filter(EloquaWorld::isData).toList();
      assertThat(pages.get(0).path())
          .isEqualTo(
              persisted.get(Checkpoint.JOB_ID).replace("/syncs", "/pod/p03/api/bulk/2.0/syncs")
                  + "/data");
      assertThat(pages.get(0).query()).contains("offset=1000");
      assertThat(pages).hasSize(3);
      Set<String> ids = new HashSet<>(first.latestById().keySet());
      ids.addAll(second.latestById().keySet());
      assertThat(ids).hasSize(3_500);
      assertThat(second.count()).as("only the rows from the checkpoint's offset").isEqualTo(2_500);
      assertThat(resumed.checkpoint().get(Checkpoint.JOB_ID))
          .as("the finished export leaves the checkpoint")
          .isNull();
      assertThat(resumed.checkpoint().get(Checkpoint.CURSOR)).isNotNull();
    }
  }

  @Test
  void stagedDataPastItsRetentionIsExportedAgainFromTheCheckpointsCursor() {
    try (EloquaWorld w = new EloquaWorld(b -> b.contacts(3_000))) {
      SyncResult full =
          w.open(PAGE)
              .sync(
                  request("Contact", SyncMode.INCREMENTAL, Checkpoint.EMPTY), new RecordingSink());
      Instant cursor = Instant.parse(full.checkpoint().get(Checkpoint.CURSOR));
      w.clock.advance(Duration.ofMinutes(5));
      List<SimRecord> all = w.sim.table("contacts").stream(false).limit(2_500).toList();
      for (SimRecord r : all) w.sim.update("contacts", r.id(), Map.of("C_Title", "Changed"));

      RecordingSink first = new RecordingSink();
      first.onRecord(
          r -> {
            if (first.count() == PAGE + 1) throw new IllegalStateException("the process died");
          });
      w.open(PAGE).sync(request("Contact", SyncMode.INCREMENTAL, full.checkpoint()), first);
      Checkpoint persisted = first.checkpoints().get(first.checkpoints().size() - 1);
      assertThat(persisted.get(Checkpoint.CURSOR))
          .as("the cursor stays until the export is read")
          .isEqualTo(cursor.toString());
      String oldSync = persisted.get(Checkpoint.JOB_ID);

      w.clock.advance(Duration.ofDays(3)); // past the two days Eloqua keeps the staged rows
      int before = w.log().count();
      RecordingSink second = new RecordingSink();
      SyncResult resumed =
          w.open(PAGE).sync(request("Contact", SyncMode.INCREMENTAL, persisted), second);

      assertThat(resumed.status()).as("%s", resumed).isEqualTo(SyncResult.Status.COMPLETED);
      List<RequestLog.Entry> calls = w.since(before);
      assertThat(calls.stream().filter(EloquaWorld::isExportDefinition))
          .as("a new export")
          .hasSize(1);
      assertThat(calls)
          .as("no read of the expired data")
          .noneMatch(e -> e.path().contains(oldSync + "/"));
      assertThat(second.latestById()).as("every changed record, from the cursor").hasSize(2_500);
      assertThat(second.records()).allMatch(r -> !r.modifiedAt().isBefore(cursor));
    }
  }

  @Test
  void stagedDataGoneBeforeOurClockExpectsItIsExportedAgainWhenTheFirstPageIsEmpty()
      throws Exception {
    try (EloquaWorld w =
        new EloquaWorld(
            b -> b.contacts(3_000).expiredData(EloquaSimulator.ExpiredData.EMPTY_PAGE))) {
      RecordingSink first = new RecordingSink();
      first.onRecord(
          r -> {
            if (first.count() == PAGE + 1) throw new IllegalStateException("the process died");
          });
      w.open(PAGE).sync(request("Contact", SyncMode.INCREMENTAL, Checkpoint.EMPTY), first);
      Checkpoint persisted = first.checkpoints().get(first.checkpoints().size() - 1);
      String definition = persisted.get(ExportCheckpoint.JOB_DEFINITIONS);
      deleteStagedData(w, definition);

      int before = w.log().count();
      RecordingSink second = new RecordingSink();
      SyncResult resumed =
          w.open(PAGE).sync(request("Contact", SyncMode.INCREMENTAL, persisted), second);

      assertThat(resumed.status()).as("%s", resumed).isEqualTo(SyncResult.Status.COMPLETED);
      assertThat(w.since(before).stream().filter(EloquaWorld::isExportDefinition)).hasSize(1);
      assertThat(second.latestById())
          .as("a new full export, as the checkpoint had no cursor yet")
          .hasSize(3_000);
    }
  }

  /** What a staged export looks like once Eloqua dropped it: {@code DELETE {definition}/data}. */
  private static void deleteStagedData(EloquaWorld w, String definition) throws Exception {
    OkHttpClient http = new OkHttpClient();
    Request delete =
        new Request.Builder()
            .url(w.sim.podBaseUrl() + "/api/bulk/2.0" + definition + "/data")
            .delete()
            .header(
                "Authorization", Credentials.basic("AcmeCorp\\Acme.Integration", "sim-Passw0rd!"))
            .build();
    try (Response response = http.newCall(delete).execute()) {
      assertThat(response.code()).isEqualTo(204);
    }
  }

  @Test
  void threeHundredFieldsAreSplitIntoTwoExportsOfAtMost250AndJoinedByIdIntoWholeRecords() {
    try (EloquaWorld w = new EloquaWorld(b -> b.extraContactFields(300))) {
      RecordingSink sink = new RecordingSink();
      SyncResult result =
          w.open(PAGE).sync(request("Contact", SyncMode.FULL, Checkpoint.EMPTY), sink);

      assertThat(result.status()).as("%s", result).isEqualTo(SyncResult.Status.COMPLETED);
      assertThat(w.count(EloquaWorld::isExportDefinition)).isEqualTo(2);
      assertThat(w.count(EloquaWorld::isData)).as("3 offsets x 2 syncs").isEqualTo(6);
      assertThat(sink.count()).isEqualTo(2_500);
      EloquaFixture fixture = new EloquaFixture(false);
      List<String> wrong = new java.util.ArrayList<>();
      for (SimRecord s : w.sim.table("contacts").stream(false).toList()) {
        Map<String, String> expected = new java.util.TreeMap<>();
        fixture.expected(s).fields().forEach((k, v) -> expected.put(k, String.valueOf(v)));
        for (int k = 1; k <= 300; k++) {
          String f = String.format("C_Extra_Field_%03d", k);
          expected.put(f, String.valueOf(s.get(f)));
        }
        Map<String, String> got = new java.util.TreeMap<>();
        sink.latestById().get(s.id()).fields().forEach((k, v) -> got.put(k, String.valueOf(v)));
        if (!got.equals(expected)) wrong.add(s.id());
      }
      assertThat(wrong).as("records whose 320 joined fields differ from the simulator's").isEmpty();
    }
  }

  @Test
  void activitiesArePulledInCreatedAtWindowsEndingAnHourAgoAndTheNextSyncStartsAtTheWindowsEnd() {
    try (EloquaWorld w = new EloquaWorld(b -> b.emailOpens(2_000))) {
      EloquaConnector connector = w.open(PAGE);
      RecordingSink first = new RecordingSink();
      SyncResult r1 =
          connector.sync(request("EmailOpen", SyncMode.INCREMENTAL, Checkpoint.EMPTY), first);
      assertThat(r1.status()).as("%s", r1).isEqualTo(SyncResult.Status.COMPLETED);
      assertThat(first.latestById()).hasSize(2_000);
      Record any = first.records().get(0);
      assertThat(any.get("Type")).isEqualTo("EmailOpen");
      assertThat(any.modifiedAt()).isEqualTo(any.get("CreatedAt"));
      Instant windowEnd = w.clock.instant().minus(Duration.ofHours(1));
      assertThat(Instant.parse(r1.checkpoint().get(Checkpoint.CURSOR)))
          .isBetween(windowEnd.minusSeconds(60), windowEnd);

      SimRecord fresh =
          w.sim.insert(
              "activities.EmailOpen", Map.of("$type", "EmailOpen", "SubjectLine", "Hello"));
      RecordingSink tooSoon = new RecordingSink();
      connector.sync(request("EmailOpen", SyncMode.INCREMENTAL, r1.checkpoint()), tooSoon);
      assertThat(tooSoon.latestById())
          .as("a bounceback-safe window ends an hour ago")
          .doesNotContainKey(fresh.id());

      w.clock.advance(Duration.ofHours(2));
      RecordingSink later = new RecordingSink();
      connector.sync(request("EmailOpen", SyncMode.INCREMENTAL, r1.checkpoint()), later);
      assertThat(later.latestById().keySet()).containsExactly(fresh.id());
    }
  }

  @Test
  void anActivityWindowEloquaRefusesForTooManyRowsIsHalvedUntilEachFits() {
    try (EloquaWorld w =
        new EloquaWorld(b -> b.emailOpens(3_000).maxActivityRecordsPerSync(1_000))) {
      RecordingSink sink = new RecordingSink();
      SyncResult result =
          w.open(PAGE).sync(request("EmailOpen", SyncMode.FULL, Checkpoint.EMPTY), sink);
      assertThat(result.status()).as("%s", result).isEqualTo(SyncResult.Status.COMPLETED);
      assertThat(sink.latestById()).hasSize(3_000);
      assertThat(sink.count()).as("windows do not overlap").isEqualTo(3_000);
    }
  }

  @Test
  void aSyncEndingWithElq00146IsATransientFailureThatLeavesNoDeadJobInTheCheckpoint() {
    try (EloquaWorld w = new EloquaWorld(b -> {})) {
      EloquaConnector connector = w.open(PAGE);
      w.sim.failNextSyncs(EloquaSimulator.SyncFault.TEMPORARY_FAILURE, 1);
      SyncResult failed =
          connector.sync(
              request("Contact", SyncMode.INCREMENTAL, Checkpoint.EMPTY), new RecordingSink());
      assertThat(failed.status()).isEqualTo(SyncResult.Status.FAILED);
      assertThat(failed.failure())
          .isInstanceOf(TransientException.class)
          .hasMessageContaining("ELQ-00146");
      assertThat(failed.checkpoint().get(Checkpoint.JOB_ID)).isNull();

      RecordingSink sink = new RecordingSink();
      SyncResult retried =
          connector.sync(request("Contact", SyncMode.INCREMENTAL, failed.checkpoint()), sink);
      assertThat(retried.status()).isEqualTo(SyncResult.Status.COMPLETED);
      assertThat(sink.latestById()).hasSize(2_500);
    }
  }

  @Test
  void aSyncEndingWithElq00122IsAVendorValidationError() {
    try (EloquaWorld w = new EloquaWorld(b -> {})) {
      w.sim.failNextSyncs(EloquaSimulator.SyncFault.VALIDATION_ERROR, 1);
      SyncResult failed =
          w.open(PAGE)
              .sync(request("Contact", SyncMode.FULL, Checkpoint.EMPTY), new RecordingSink());
      assertThat(failed.failure()).isInstanceOf(VendorApiException.class);
      assertThat(((VendorApiException) failed.failure()).vendorCode()).isEqualTo("ELQ-00122");
      assertThat(failed.failure().getMessage()).contains("eloqua").contains("validation");
    }
  }

  @Test
  void theWindowClosingWhileASyncIsPendingKeepsItsJobAndTheNextNightReadsItWithoutANewExport() {
    try (EloquaWorld w = new EloquaWorld(b -> {})) {
      SyncRequest closing =
          SyncRequest.builder("Contact").deadline(w.clock.instant().plusSeconds(5)).build();
      SyncResult night1 = w.open(PAGE).sync(closing, new RecordingSink());
      assertThat(night1.status()).isEqualTo(SyncResult.Status.WINDOW_CLOSED);
      assertThat(night1.checkpoint().get(Checkpoint.JOB_ID)).startsWith("/syncs/");

      w.clock.advance(Duration.ofDays(1));
      int before = w.log().count();
      RecordingSink sink = new RecordingSink();
      SyncResult night2 =
          w.open(PAGE).sync(request("Contact", SyncMode.INCREMENTAL, night1.checkpoint()), sink);
      assertThat(night2.status()).isEqualTo(SyncResult.Status.COMPLETED);
      assertThat(w.since(before)).noneMatch(EloquaWorld::isExportDefinition);
      assertThat(w.since(before).stream().filter(EloquaWorld::isPoll)).hasSize(1);
      assertThat(sink.latestById()).hasSize(2_500);
    }
  }

  @Test
  void aPullOfSomeFieldsGivesTheValuesAPullOfEveryFieldGivesForThem() {
    // Every field: each row becomes its record in place; some fields, without the cursor: not.
    try (EloquaWorld w = new EloquaWorld(b -> {})) {
      EloquaConnector connector = w.open(PAGE);
      RecordingSink all = new RecordingSink();
      connector.sync(request("Contact", SyncMode.FULL, Checkpoint.EMPTY), all);
      List<String> some = List.of("C_EmailAddress", "Id", "C_FirstName");
      RecordingSink part = new RecordingSink();
      SyncResult result =
          connector.sync(
              SyncRequest.builder("Contact").mode(SyncMode.FULL).fields(some).build(), part);
      assertThat(result.status()).as("%s", result).isEqualTo(SyncResult.Status.COMPLETED);
      assertThat(part.latestById()).hasSameSizeAs(all.latestById()).isNotEmpty();
      part.latestById()
          .forEach(
              (id, record) -> {
                assertThat(record.fields().keySet()).containsExactlyElementsOf(some);
                Record whole = all.latestById().get(id);
                for (String field : some)
                  assertThat(record.get(field)).as(field).isEqualTo(whole.get(field));
                assertThat(record.modifiedAt()).isEqualTo(whole.modifiedAt());
              });
      assertThat(all.latestById().values().iterator().next().fields())
          .containsKeys("UpdatedAt", "C_EmailAddress");
    }
  }

  @Test
  void aCustomObjectIsDiscoveredByNameAndSyncedWithItsFields() {
    try (EloquaWorld w = new EloquaWorld(b -> b.customObjectRecords(1_200))) {
      EloquaConnector connector = w.open(PAGE);
      assertThat(connector.discover().object("CustomObject[7]"))
          .get()
          .satisfies(o -> assertThat(o.label()).isEqualTo("Purchase"))
          .satisfies(o -> assertThat(o.field("Order_Number1")).isPresent());
      RecordingSink sink = new RecordingSink();
      SyncResult result =
          connector.sync(request("CustomObject[7]", SyncMode.FULL, Checkpoint.EMPTY), sink);
      assertThat(result.status()).as("%s", result).isEqualTo(SyncResult.Status.COMPLETED);
      assertThat(sink.latestById()).hasSize(1_200);
      SimRecord s = w.sim.table("customObjects.Purchase").stream(false).findFirst().orElseThrow();
      assertThat(sink.latestById().get(s.id()).get("Order_Number1"))
          .isEqualTo(s.get("Order_Number1"));
      assertThat(sink.latestById().get(s.id()).get("Amount1")).isEqualTo(s.get("Amount1"));
    }
  }

  @Test
  void recordsChangedInTheSecondTheExportBeganBringOneCatchUpExportAndTheNextSyncRepeatsNothing() {
    try (EloquaWorld w = new EloquaWorld(b -> {})) {
      EloquaConnector connector = w.open(PAGE);
      SyncResult r1 =
          connector.sync(
              request("Contact", SyncMode.INCREMENTAL, Checkpoint.EMPTY), new RecordingSink());
      List<SimRecord> some = w.sim.table("contacts").stream(false).limit(5).toList();
      for (SimRecord r : some) w.sim.update("contacts", r.id(), Map.of("C_Title", "Now"));
      int before = w.log().count();
      RecordingSink second = new RecordingSink();
      SyncResult r2 =
          connector.sync(request("Contact", SyncMode.INCREMENTAL, r1.checkpoint()), second);
      assertThat(w.since(before).stream().filter(EloquaWorld::isExportDefinition))
          .as("export and catch-up")
          .hasSize(2);
      assertThat(second.latestById().keySet())
          .containsExactlyInAnyOrderElementsOf(
              some.stream().map(SimRecord::id).collect(Collectors.toList()));

      RecordingSink third = new RecordingSink();
      connector.sync(request("Contact", SyncMode.INCREMENTAL, r2.checkpoint()), third);
      assertThat(third.count()).isZero();

      w.sim.update("contacts", some.get(0).id(), Map.of("C_Title", "Again"));
      w.clock.advance(Duration.ofSeconds(30));
      before = w.log().count();
      RecordingSink fourth = new RecordingSink();
      connector.sync(
          request("Contact", SyncMode.INCREMENTAL, r2.checkpoint())
              .newBuilder()
              .option(EloquaSync.CATCH_UP_OPTION, "false")
              .build(),
          fourth);
      assertThat(w.since(before).stream().filter(EloquaWorld::isExportDefinition)).hasSize(1);
      assertThat(fourth.latestById().keySet()).containsExactly(some.get(0).id());
    }
  }

  /**
   * The budget: for N = 200,000 contacts a sync spends what the Bulk API needs (definition,
   * sync, polls, N / 50,000 data pages) plus at most 3 ({@code /id}, the field list, one poll more
   * than the least possible).
   */
  @Test
  void callsForTwoHundredThousandContactsAreTheMinimumPlusAtMostThree() {
    try (EloquaWorld w = new EloquaWorld(b -> b.contacts(200_000))) {
      EloquaConnector connector = w.open(EloquaBulkClient.MAX_DATA_PAGE);
      RecordingSink sink = new RecordingSink();
      SyncResult result = connector.sync(request("Contact", SyncMode.FULL, Checkpoint.EMPTY), sink);

      assertThat(result.status()).as("%s", result).isEqualTo(SyncResult.Status.COMPLETED);
      assertThat(sink.count()).isEqualTo(200_000);
      long pages = w.count(EloquaWorld::isData);
      long polls = w.count(EloquaWorld::isPoll);
      long minimum =
          1 /* definition */
              + 1 /* sync */
              + 1 /* one poll at best */
              + (200_000 + 49_999) / 50_000;
      assertThat(pages).isEqualTo(4);
      assertThat(w.log().entries())
          .filteredOn(EloquaWorld::isData)
          .allMatch(e -> e.query().contains("limit=50000"));
      assertThat(result.callsSpent())
          .as("calls (%d polls) against the minimum %d", polls, minimum)
          .isEqualTo(w.log().count())
          .isBetween(minimum, minimum + 3);
      System.out.printf(
          "eloqua: %d contacts: %d calls (%d polls, %d pages); minimum %d%n",
          200_000, result.callsSpent(), polls, pages, minimum);
    }
  }

  @Test
  void runningOutOfBudgetWhilePollingKeepsTheJobAndTheNextDayPollsTheSameSync() {
    try (EloquaWorld w = new EloquaWorld(b -> {})) {
      QuotaPolicy budget = QuotaPolicy.daily(4); // /id, fields, definition, sync: no poll left
      SyncResult day1 =
          w.open(budget, (c, k, v) -> {}, PAGE)
              .sync(
                  request("Contact", SyncMode.INCREMENTAL, Checkpoint.EMPTY), new RecordingSink());
      assertThat(day1.status()).isEqualTo(SyncResult.Status.QUOTA_EXHAUSTED);
      assertThat(day1.checkpoint().get(Checkpoint.JOB_ID)).startsWith("/syncs/");
      w.clock.set(QuotaPolicy.nextReset(w.clock.instant()));
      budget.setDailyLimit(100);
      int before = w.log().count();
      RecordingSink sink = new RecordingSink();
      SyncResult day2 =
          w.open(budget, (c, k, v) -> {}, PAGE)
              .sync(request("Contact", SyncMode.INCREMENTAL, day1.checkpoint()), sink);
      assertThat(day2.status()).isEqualTo(SyncResult.Status.COMPLETED);
      assertThat(w.since(before)).noneMatch(EloquaWorld::isExportDefinition);
      assertThat(sink.latestById()).hasSize(2_500);
    }
  }
}
