package dev.revsync;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Instant;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** SyncRequest, SyncResult, WriteResult and Record: the values a sync and a write pass around. */
class ResultTypesTest {

  @Test
  void aSyncRequestDefaultsToAnIncrementalPullOfAllFieldsFromTheStart() {
    SyncRequest request = SyncRequest.builder("Contact").build();
    assertThat(request.mode()).isEqualTo(SyncMode.INCREMENTAL);
    assertThat(request.fields()).isEmpty();
    assertThat(request.checkpoint()).isSameAs(Checkpoint.EMPTY);
    assertThat(request.deadline()).isNull();
    assertThat(request.includeDeletes()).isTrue();
    assertThat(request.isCancelled()).isFalse();
    assertThatThrownBy(() -> SyncRequest.builder(" ")).isInstanceOf(IllegalArgumentException.class);
  }

  @Test
  void newBuilderCopiesEverythingAndTheOriginalStaysUnchanged() {
    SyncRequest original =
        SyncRequest.builder("Lead")
            .fields("Id", "Email")
            .mode(SyncMode.FULL)
            .checkpoint(Checkpoint.EMPTY.with(Checkpoint.CURSOR, "t"))
            .deadline(Instant.parse("2024-05-21T02:00:00Z"))
            .includeDeletes(false)
            .option("style", "BATCH")
            .build();
    SyncRequest copy = original.newBuilder().option("extra", "1").build();

    assertThat(copy.fields()).containsExactly("Id", "Email");
    assertThat(copy.mode()).isEqualTo(SyncMode.FULL);
    assertThat(copy.checkpoint()).isEqualTo(original.checkpoint());
    assertThat(copy.deadline()).isEqualTo(original.deadline());
    assertThat(copy.includeDeletes()).isFalse();
    assertThat(copy.options()).containsEntry("style", "BATCH").containsEntry("extra", "1");
    assertThat(original.options()).doesNotContainKey("extra");
  }

  @Test
  void aFailedSyncResultNeedsItsFailure() {
    assertThatThrownBy(() -> SyncResult.builder("Contact", SyncResult.Status.FAILED).build())
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("needs its failure");
    SyncResult stopped =
        SyncResult.builder("Contact", SyncResult.Status.QUOTA_EXHAUSTED).records(10).build();
    assertThat(stopped.hasBacklog()).isTrue();
    assertThat(stopped.backlogRecords()).isEmpty();
    assertThat(SyncResult.builder("Contact", SyncResult.Status.COMPLETED).build().hasBacklog())
        .isFalse();
  }

  @Test
  void aWriteResultNeedsOneOutcomePerItemAndListsTheBacklogInOrder() {
    List<WriteItem> items =
        List.of(
            WriteItem.of("a", Map.of()), WriteItem.of("b", Map.of()), WriteItem.of("c", Map.of()));
    WriteRequest request =
        WriteRequest.builder("Contact", Activity.ENRICHMENT).items(items).build();

    assertThatThrownBy(
            () ->
                new WriteResult(
                    request,
                    WriteResult.Status.COMPLETED,
                    List.of(WriteOutcome.succeeded(0, "a", "1", false)),
                    1,
                    null))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("1 outcomes for 3 items");

    WriteResult result =
        new WriteResult(
            request,
            WriteResult.Status.QUOTA_EXHAUSTED,
            List.of(
                WriteOutcome.succeeded(0, "a", "1", false),
                WriteOutcome.notSent(1, "b"),
                WriteOutcome.notSent(2, "c")),
            1,
            null);
    assertThat(result.backlog()).extracting(WriteItem::key).containsExactly("b", "c");
    assertThat(request.withItems(result.backlog()).items()).hasSize(2);
    assertThatThrownBy(() -> WriteRequest.builder("Contact", Activity.SYNC))
        .isInstanceOf(IllegalArgumentException.class);
  }

  @Test
  void aRecordKeepsFieldOrderAndNullsAndIsImmutable() {
    Map<String, Object> fields = new LinkedHashMap<>();
    fields.put("Id", "003A");
    fields.put("Email", null);
    fields.put("Score", 87L);
    Record record = Record.of("Contact", "003A", Instant.parse("2024-05-20T10:00:00Z"), fields);
    fields.put("Later", "x");

    assertThat(record.fields().keySet()).containsExactly("Id", "Email", "Score");
    assertThat(record.fields()).containsEntry("Email", null);
    assertThat(record.isDeleted()).isFalse();
    assertThatThrownBy(() -> record.fields().put("x", 1))
        .isInstanceOf(UnsupportedOperationException.class);
    assertThat(Record.deleted("Contact", "003A", null, Map.of()).isDeleted()).isTrue();
    assertThat(record)
        .isEqualTo(
            Record.of(
                "Contact",
                "003A",
                Instant.parse("2024-05-20T10:00:00Z"),
                new HashMap<>(record.fields())));
  }

  @Test
  void aRecordsToStringLeavesValuesOut() {
    Record record = Record.of("Contact", "003A", null, Map.of("Email", "ann@private.example"));
    assertThat(record.toString())
        .contains("003A")
        .contains("Email")
        .doesNotContain("ann@private.example");
  }

  @Test
  void anAdoptedRecordKeepsTheConnectorsMapInOrderAndReadOnly() {
    Map<String, Object> fields = new LinkedHashMap<>();
    fields.put("Name", "Acme");
    fields.put("Phone", null);
    Record adopted =
        Record.adopt("Account", "001", Instant.parse("2026-11-28T00:00:00Z"), true, fields);
    assertThat(adopted.isDeleted()).isTrue();
    assertThat(adopted.fields().keySet()).containsExactly("Name", "Phone");
    assertThat(adopted)
        .isEqualTo(Record.deleted("Account", "001", Instant.parse("2026-11-28T00:00:00Z"), fields));
    assertThatThrownBy(() -> adopted.fields().put("Name", "x"))
        .isInstanceOf(UnsupportedOperationException.class);
  }
}
