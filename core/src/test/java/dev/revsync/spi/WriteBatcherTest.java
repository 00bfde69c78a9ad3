package dev.revsync.spi;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.revsync.Activity;
import dev.revsync.PermissionException;
import dev.revsync.ProtocolException;
import dev.revsync.QuotaExhaustedException;
import dev.revsync.VendorApiException;
import dev.revsync.WriteItem;
import dev.revsync.WriteOutcome;
import dev.revsync.WriteRequest;
import dev.revsync.WriteResult;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;

class WriteBatcherTest {
  private final FakeMeter meter = new FakeMeter("salesforce", 40);
  private final List<Integer> batchSizes = new ArrayList<>();

  private static WriteRequest request(int n) {
    List<WriteItem> items =
        IntStream.range(0, n)
            .mapToObj(i -> WriteItem.of("ext-" + i, Map.of("Score__c", i)))
            .toList();
    return WriteRequest.builder("Lead", Activity.SCORE_EXPORT)
        .upsertOn("External_Id__c")
        .items(items)
        .build();
  }

  /** A writer that succeeds, fails every tenth item, and spends one call per batch. */
  private List<WriteOutcome> write(List<WriteItem> batch, int firstIndex) {
    meter.calls++;
    batchSizes.add(batch.size());
    List<WriteOutcome> outcomes = new ArrayList<>();
    for (int i = 0; i < batch.size(); i++) {
      int index = firstIndex + i;
      outcomes.add(
          index % 10 == 9
              ? WriteOutcome.failed(
                  index, batch.get(i).key(), null, "INVALID_FIELD", "bad", List.of("Score__c"))
              : WriteOutcome.succeeded(index, batch.get(i).key(), "00Q" + index, false));
    }
    return outcomes;
  }

  @Test
  void itemsGoInBatchesOfTheMaximumSizeWithOutcomesInOrder() {
    WriteResult result = WriteBatcher.write(meter, request(450), 200, this::write);

    assertThat(batchSizes).containsExactly(200, 200, 50);
    assertThat(result.status()).isEqualTo(WriteResult.Status.COMPLETED);
    assertThat(result.callsSpent()).isEqualTo(3);
    assertThat(result.outcomes())
        .extracting(WriteOutcome::index)
        .containsExactlyElementsOf(IntStream.range(0, 450).boxed().toList());
    assertThat(result.succeeded()).isEqualTo(405);
    assertThat(result.failures()).hasSize(45);
    assertThat(result.backlog()).isEmpty();
  }

  @Test
  void quotaRunningOutMakesThatBatchAndAllLaterOnesBacklog() {
    WriteRequest request = request(500);
    WriteResult result =
        WriteBatcher.write(
            meter,
            request,
            200,
            (batch, first) -> {
              if (first == 200)
                throw new QuotaExhaustedException(
                    "salesforce", "SOAP upsert", "budget spent", Instant.EPOCH);
              return write(batch, first);
            });

    assertThat(result.status()).isEqualTo(WriteResult.Status.QUOTA_EXHAUSTED);
    assertThat(result.failure()).isNull();
    assertThat(result.callsSpent()).isEqualTo(1);
    assertThat(result.outcomes()).hasSize(500);
    assertThat(result.outcomes().subList(200, 500))
        .allSatisfy(o -> assertThat(o.status()).isEqualTo(WriteOutcome.Status.NOT_SENT));
    assertThat(result.backlog()).isEqualTo(request.items().subList(200, 500));
    assertThat(result.failures()).hasSize(20); // the sent batch's own per-record failures only
  }

  @Test
  void aBatchWhoseAnswerWasLostIsReportedSentWithResultUnknownNeverNotSent() {
    ProtocolException garbage =
        new ProtocolException(
            "salesforce",
            "POST /services/Soap/u/66.0",
            "still malformed after 6 attempts in 3 s: not a SOAP envelope",
            "The next run tries again",
            null);
    WriteResult result =
        WriteBatcher.write(
            meter,
            request(5),
            2,
            (batch, first) -> {
              if (first == 2) throw garbage;
              return write(batch, first);
            });

    assertThat(result.status()).isEqualTo(WriteResult.Status.FAILED);
    assertThat(result.failure()).isSameAs(garbage);
    assertThat(result.succeeded()).isEqualTo(2);
    assertThat(result.unknown()).extracting(WriteOutcome::key).containsExactly("ext-2", "ext-3");
    assertThat(result.unknown())
        .allSatisfy(o -> assertThat(o.message()).contains("not a SOAP envelope"));
    assertThat(result.backlog())
        .as("only what was never sent")
        .extracting(WriteItem::key)
        .containsExactly("ext-4");
  }

  @Test
  void aPermanentRefusalFailsEveryRemainingItemWithTheVendorsReasonInsteadOfBackloggingIt() {
    VendorApiException unknownObject =
        new VendorApiException(
            "salesforce",
            "POST /services/Soap/u/66.0",
            500,
            "INVALID_TYPE",
            "sObject type 'Leed' is not supported",
            null);
    WriteResult result =
        WriteBatcher.write(
            meter,
            request(5),
            2,
            (batch, first) -> {
              if (first == 2) throw unknownObject;
              return write(batch, first);
            });

    assertThat(result.status()).isEqualTo(WriteResult.Status.FAILED);
    assertThat(result.backlog()).as("items that can never succeed are not backlog").isEmpty();
    assertThat(result.failures())
        .extracting(WriteOutcome::key)
        .containsExactly("ext-2", "ext-3", "ext-4");
    assertThat(result.failures())
        .allSatisfy(
            o -> {
              assertThat(o.code()).isEqualTo("INVALID_TYPE");
              assertThat(o.message()).contains("sObject type 'Leed' is not supported");
            });
  }

  @Test
  void aWriteStoppedBeforeSendingAnythingBackLogsOnlyWhatCanSucceedLater() {
    WriteRequest request = request(3);
    WriteResult quota =
        WriteBatcher.stoppedBeforeSending(
            request,
            new QuotaExhaustedException(
                "eloqua", "GET /contacts/fields", "budget spent", Instant.EPOCH),
            1);
    WriteResult refused =
        WriteBatcher.stoppedBeforeSending(
            request,
            new PermissionException(
                "eloqua",
                "GET /contacts/fields",
                "the user may not read contact fields",
                "Grant the Bulk API permission",
                null),
            1);

    assertThat(quota.status()).isEqualTo(WriteResult.Status.QUOTA_EXHAUSTED);
    assertThat(quota.backlog()).hasSize(3);
    assertThat(refused.status()).isEqualTo(WriteResult.Status.FAILED);
    assertThat(refused.backlog()).isEmpty();
    assertThat(refused.failures())
        .hasSize(3)
        .allSatisfy(o -> assertThat(o.code()).isEqualTo("PERMISSION"));
    assertThat(refused.unknown()).isEmpty();
  }

  @Test
  void aWriterReturningTheWrongOutcomesIsCaught() {
    WriteResult tooFew =
        WriteBatcher.write(
            meter,
            request(4),
            2,
            (batch, first) -> first == 0 ? write(batch, first) : write(batch, first).subList(0, 1));
    WriteResult misnumbered =
        WriteBatcher.write(
            meter,
            request(3),
            2,
            (batch, first) ->
                List.of(
                    WriteOutcome.succeeded(0, "ext-0", "1", false),
                    WriteOutcome.succeeded(0, "ext-1", "2", false)));

    assertThat(tooFew.status()).isEqualTo(WriteResult.Status.FAILED);
    assertThat(tooFew.failure())
        .hasMessageContaining("returned 1 outcomes for a batch of 2 items starting at index 2");
    assertThat(tooFew.outcomes().subList(2, 4))
        .allSatisfy(o -> assertThat(o.code()).isEqualTo("NO_OUTCOME"));
    assertThat(misnumbered.failure()).hasMessageContaining("for index 0 instead of 1");
    assertThat(misnumbered.backlog()).extracting(WriteItem::key).containsExactly("ext-2");
  }

  @Test
  void anEmptyWriteSendsNothing() {
    WriteResult result = WriteBatcher.write(meter, request(0), 200, this::write);
    assertThat(result.status()).isEqualTo(WriteResult.Status.COMPLETED);
    assertThat(batchSizes).isEmpty();
    assertThat(result.callsSpent()).isZero();
  }

  @Test
  void aBatchSizeBelowOneIsRefused() {
    assertThatThrownBy(() -> WriteBatcher.write(meter, request(1), 0, this::write))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("maxBatchSize");
  }

  @Test
  void outcomesCollectedFromResultsCarryTheItemsIndexAndKeyAndStartAgainForARetriedCall() {
    WriteResult result =
        WriteBatcher.write(
            meter,
            request(5),
            3,
            (batch, first) -> {
              WriteBatcher.Outcomes outcomes = WriteBatcher.outcomes(batch, first);
              outcomes.succeeded("stale", false); // a first attempt cut short...
              outcomes.clear(); // ...and its retry reads every result again
              for (int i = 0; i < batch.size(); i++) {
                if (first + i == 1)
                  outcomes.failed(null, "INVALID", "bad score", List.of("Score__c"));
                else outcomes.succeeded("00Q" + (first + i), first + i == 4);
              }
              return outcomes.list();
            });
    assertThat(result.status()).isEqualTo(WriteResult.Status.COMPLETED);
    assertThat(result.outcomes()).extracting(WriteOutcome::index).containsExactly(0, 1, 2, 3, 4);
    assertThat(result.outcomes())
        .extracting(WriteOutcome::key)
        .containsExactly("ext-0", "ext-1", "ext-2", "ext-3", "ext-4");
    assertThat(result.outcomes().get(1).status()).isEqualTo(WriteOutcome.Status.FAILED);
    assertThat(result.outcomes().get(1).fields()).containsExactly("Score__c");
    assertThat(result.outcomes().get(4).created()).isTrue();
    assertThat(result.outcomes().get(3).id()).isEqualTo("00Q3");
  }

  @Test
  void anItemTheAnswerSaysNothingAboutIsUnknownNotSucceededNorBacklog() {
    WriteResult result =
        WriteBatcher.write(
            meter,
            request(3),
            3,
            (batch, first) -> {
              WriteBatcher.Outcomes outcomes = WriteBatcher.outcomes(batch, first);
              outcomes.succeeded("1", false);
              outcomes.unknown("the answer named neither a result nor an error for it");
              outcomes.succeeded("3", false);
              return outcomes.list();
            });
    assertThat(result.outcomes())
        .extracting(WriteOutcome::status)
        .containsExactly(
            WriteOutcome.Status.SUCCEEDED,
            WriteOutcome.Status.UNKNOWN,
            WriteOutcome.Status.SUCCEEDED);
    assertThat(result.outcomes().get(1).key()).isEqualTo("ext-1");
    assertThat(result.outcomes().get(1).message()).contains("neither a result nor an error");
    assertThat(result.backlog()).isEmpty();
  }
}
