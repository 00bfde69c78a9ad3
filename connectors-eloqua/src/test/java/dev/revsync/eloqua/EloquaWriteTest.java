package dev.revsync.eloqua;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.revsync.Activity;
import dev.revsync.QuotaPolicy;
import dev.revsync.VendorApiException;
import dev.revsync.WriteItem;
import dev.revsync.WriteOutcome;
import dev.revsync.WriteRequest;
import dev.revsync.WriteResult;
import dev.revsync.simulators.SimRecord;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** Enrichment and score exports through Bulk imports against the simulator. */
class EloquaWriteTest {

  /**
   * Ten contacts get a score and an email; item 3 names no contact, item 6 an invalid email. The
   * rejects must land on exactly those items whether Eloqua counts {@code recordIndex} from 0 or 1.
   */
  @ParameterizedTest(name = "recordIndex counted from {0}")
  @ValueSource(ints = {0, 1})
  void rejectedRowsOfAnImportAreMappedBackToTheirItemsByRecordIndex(int base) {
    try (EloquaWorld w = new EloquaWorld(b -> b.rejectIndexBase(base))) {
      List<SimRecord> contacts = w.sim.table("contacts").stream(false).limit(10).toList();
      List<WriteItem> items = new ArrayList<>();
      for (int i = 0; i < 10; i++) {
        Map<String, Object> fields = new LinkedHashMap<>();
        fields.put("C_Revsync_Score1", (long) (10 + i));
        fields.put("C_EmailAddress", i == 6 ? "bad@" : "scored." + i + "@example.com");
        items.add(WriteItem.of(i == 3 ? "9999999" : contacts.get(i).id(), fields));
      }
      WriteRequest request =
          WriteRequest.builder("Contact", Activity.SCORE_EXPORT).items(items).build();
      WriteResult result = w.open(1_000).write(request);

      assertThat(result.status()).as("%s", result).isEqualTo(WriteResult.Status.COMPLETED);
      assertThat(result.failures()).extracting(WriteOutcome::index).containsExactly(3, 6);
      WriteOutcome unknown = result.failures().get(0);
      assertThat(unknown.key()).isEqualTo("9999999");
      assertThat(unknown.code()).isEqualTo("ELQ-00060");
      WriteOutcome badEmail = result.failures().get(1);
      assertThat(badEmail.code()).isEqualTo("ELQ-00002");
      assertThat(badEmail.fields()).containsExactly("C_EmailAddress");
      assertThat(result.succeeded()).isEqualTo(8);
      for (int i : new int[] {0, 1, 2, 4, 5, 7, 8, 9}) {
        SimRecord now = w.sim.table("contacts").get(contacts.get(i).id());
        assertThat(now.get("C_Revsync_Score1")).isEqualTo((long) (10 + i));
        assertThat(now.get("C_EmailAddress")).isEqualTo("scored." + i + "@example.com");
      }
      assertThat(w.sim.table("contacts").get(contacts.get(6).id()).get("C_EmailAddress"))
          .isEqualTo(contacts.get(6).get("C_EmailAddress"));
      assertThat(w.count(EloquaWorld::isSyncCreation))
          .as("one import sync for the write")
          .isEqualTo(1);
      assertThat(result.callsSpent()).isEqualTo(w.log().count());
    }
  }

  @Test
  void itemsSettingDifferentFieldsGoToSeparateImportsSoNoFieldIsCleared() {
    try (EloquaWorld w = new EloquaWorld(b -> {})) {
      List<SimRecord> contacts = w.sim.table("contacts").stream(false).limit(2).toList();
      Map<String, Object> clear = new LinkedHashMap<>();
      clear.put("C_Title", null);
      WriteRequest request =
          WriteRequest.builder("Contact", Activity.ENRICHMENT)
              .items(
                  List.of(
                      WriteItem.of(contacts.get(0).id(), Map.of("C_Revsync_Segment1", "A")),
                      WriteItem.of(contacts.get(1).id(), clear)))
              .build();
      WriteResult result = w.open(1_000).write(request);
      assertThat(result.succeeded()).isEqualTo(2);
      SimRecord first = w.sim.table("contacts").get(contacts.get(0).id());
      SimRecord second = w.sim.table("contacts").get(contacts.get(1).id());
      assertThat(first.get("C_Revsync_Segment1")).isEqualTo("A");
      assertThat(first.get("C_Title"))
          .as("not part of item 0, so untouched")
          .isEqualTo(contacts.get(0).get("C_Title"));
      assertThat(second.get("C_Title")).as("set to null: cleared").isNull();
    }
  }

  @Test
  void anUpsertMatchesContactsOnTheirEmailAddress() {
    try (EloquaWorld w = new EloquaWorld(b -> {})) {
      SimRecord contact = w.sim.table("contacts").stream(false).findFirst().orElseThrow();
      String email = (String) contact.get("C_EmailAddress");
      WriteRequest request =
          WriteRequest.builder("Contact", Activity.ENRICHMENT)
              .upsertOn("C_EmailAddress")
              .items(List.of(WriteItem.of(email, Map.of("C_Revsync_Segment1", "matched"))))
              .build();
      WriteResult result = w.open(1_000).write(request);
      assertThat(result.succeeded()).isEqualTo(1);
      assertThat(w.sim.table("contacts").get(contact.id()).get("C_Revsync_Segment1"))
          .isEqualTo("matched");
    }
  }

  @Test
  void theBudgetRunningOutMidWriteReturnsTheUnsentItemsAsBacklog() {
    try (EloquaWorld w = new EloquaWorld(b -> {})) {
      List<WriteItem> items = new ArrayList<>();
      for (SimRecord r : w.sim.table("contacts").stream(false).limit(50).toList()) {
        items.add(WriteItem.of(r.id(), Map.of("C_Revsync_Score1", 5L)));
      }
      QuotaPolicy budget =
          QuotaPolicy.daily(4); // /id, fields, definition, data post: the sync is refused
      WriteResult result =
          w.open(budget, (c, k, v) -> {}, 1_000)
              .write(WriteRequest.builder("Contact", Activity.SCORE_EXPORT).items(items).build());
      assertThat(result.status()).isEqualTo(WriteResult.Status.QUOTA_EXHAUSTED);
      assertThat(result.backlog()).containsExactlyElementsOf(items);
      assertThat(w.log().count()).isEqualTo(4);
      assertThat(result.callsSpent()).isEqualTo(4);
      assertThat(w.count(EloquaWorld::isSyncCreation)).isZero();
    }
  }

  @Test
  void unknownAndReadOnlyFieldsAreRefusedBeforeAnyRowIsSent() {
    try (EloquaWorld w = new EloquaWorld(b -> {})) {
      EloquaConnector connector = w.open(1_000);
      WriteRequest request =
          WriteRequest.builder("Contact", Activity.ENRICHMENT)
              .items(
                  List.of(
                      WriteItem.of(
                          "1000001", Map.of("C_Nope", "x", "C_DateModified", "2024-01-01"))))
              .build();
      assertThatThrownBy(() -> connector.write(request))
          .isInstanceOf(VendorApiException.class)
          .hasMessageContaining("C_Nope")
          .hasMessageContaining("C_DateModified");
      assertThat(w.log().entries())
          .noneMatch(e -> e.path().toLowerCase(Locale.ROOT).contains("/imports"));
    }
  }
}
