package dev.revsync.pipeline;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.revsync.Activity;
import dev.revsync.ApiStyle;
import dev.revsync.QuotaPolicy;
import dev.revsync.SyncResult;
import java.util.Map;
import java.util.OptionalLong;
import org.junit.jupiter.api.Test;

/** The rows of a {@link DailyReport}, built by the pipeline with builders. */
class DailyReportRowsTest {

  @Test
  void anObjectRowDefaultsToAStartedPullThatSpentNothingAndLeftNoBacklog() {
    DailyReport.ObjectReport row =
        DailyReport.ObjectReport.builder("Account", SyncResult.Status.COMPLETED).build();

    assertThat(row.object()).isEqualTo("Account");
    assertThat(row.status()).isEqualTo(SyncResult.Status.COMPLETED);
    assertThat(row.started()).isTrue();
    assertThat(row.records()).isZero();
    assertThat(row.deletes()).isZero();
    assertThat(row.calls()).isZero();
    assertThat(row.callsByActivity()).isEmpty();
    assertThat(row.callsByStyle()).isEmpty();
    assertThat(row.budgetLeft()).isEqualTo(QuotaPolicy.UNLIMITED);
    assertThat(row.backlog()).isFalse();
    assertThat(row.backlogRecords()).isEmpty();
    assertThat(row.daysToDrain()).isEmpty();
    assertThat(row.failure()).isNull();
  }

  @Test
  void anObjectRowKeepsEveryPartAndACopyChangesOnlyWhatItSets() {
    DailyReport.ObjectReport row =
        DailyReport.ObjectReport.builder("Contact", SyncResult.Status.QUOTA_EXHAUSTED)
            .records(50)
            .deletes(2)
            .calls(6)
            .callsByActivity(Map.of(Activity.LOGIN, 1L, Activity.SYNC, 5L))
            .callsByStyle(Map.of(ApiStyle.REST, 6L))
            .budgetLeft(0)
            .backlog(true)
            .backlogRecords(50)
            .build();
    DailyReport.ObjectReport withDrain = row.newBuilder().daysToDrain(2).build();

    assertThat(row.callsByActivity())
        .containsOnly(Map.entry(Activity.LOGIN, 1L), Map.entry(Activity.SYNC, 5L));
    assertThat(row.backlogRecords()).hasValue(50);
    assertThat(row.daysToDrain()).isEmpty();
    assertThat(withDrain.daysToDrain()).hasValue(2);
    assertThat(withDrain.newBuilder().daysToDrain(OptionalLong.empty()).build())
        .isEqualTo(row)
        .hasSameHashCodeAs(row);
    assertThat(withDrain).isNotEqualTo(row);
    assertThat(withDrain.toString())
        .contains("object=Contact", "status=QUOTA_EXHAUSTED", "daysToDrain=OptionalLong[2]");
  }

  @Test
  void anObjectRowRefusesNegativeCountsAndMoreDeletesThanRecordsNamingTheValue() {
    DailyReport.ObjectReport.Builder b =
        DailyReport.ObjectReport.builder("Lead", SyncResult.Status.COMPLETED);
    assertThatThrownBy(() -> b.records(-1))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("records must not be negative: -1");
    assertThatThrownBy(() -> b.calls(-3))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("calls must not be negative: -3");
    assertThatThrownBy(() -> b.budgetLeft(-7))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("budgetLeft must not be negative: -7");
    assertThatThrownBy(() -> b.records(3).deletes(5).build())
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("Lead: deletes (5) must not exceed records (3)");
    assertThatThrownBy(() -> DailyReport.ObjectReport.builder("Lead", null))
        .isInstanceOf(NullPointerException.class)
        .hasMessage("status of Lead");
  }

  @Test
  void aWriteRowDefaultsToNothingSentAndNoneKeepsTheBudget() {
    DailyReport.WriteReport none = DailyReport.WriteReport.none(40);
    DailyReport.WriteReport sent =
        DailyReport.WriteReport.builder()
            .requests(2)
            .succeeded(180)
            .failed(3)
            .carried(17)
            .calls(4)
            .callsByActivity(Map.of(Activity.SCORE_EXPORT, 4L))
            .callsByStyle(Map.of(ApiStyle.SOAP, 4L))
            .budgetLeft(0)
            .failure("stopped")
            .build();

    assertThat(none.requests()).isZero();
    assertThat(none.succeeded() + none.failed() + none.carried() + none.calls()).isZero();
    assertThat(none.budgetLeft()).isEqualTo(40);
    assertThat(none.failure()).isNull();
    assertThat(none).isEqualTo(DailyReport.WriteReport.builder().budgetLeft(40).build());
    assertThat(DailyReport.WriteReport.builder().build().budgetLeft())
        .isEqualTo(QuotaPolicy.UNLIMITED);
    assertThat(sent.requests()).isEqualTo(2);
    assertThat(sent.succeeded()).isEqualTo(180);
    assertThat(sent.failed()).isEqualTo(3);
    assertThat(sent.carried()).isEqualTo(17);
    assertThat(sent.callsByStyle()).containsOnly(Map.entry(ApiStyle.SOAP, 4L));
    assertThat(sent.failure()).isEqualTo("stopped");
    assertThatThrownBy(() -> DailyReport.WriteReport.builder().carried(-4))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("carried must not be negative: -4");
  }

  @Test
  void aConnectionRowSumsItsObjectsAndDefaultsItsWritesToNoneWithTheWriteBudget() {
    DailyReport.ObjectReport account =
        DailyReport.ObjectReport.builder("Account", SyncResult.Status.COMPLETED)
            .records(10)
            .build();
    DailyReport.ObjectReport contact =
        DailyReport.ObjectReport.builder("Contact", SyncResult.Status.WINDOW_CLOSED)
            .records(5)
            .backlog(true)
            .build();
    DailyReport.ConnectionReport c =
        DailyReport.ConnectionReport.builder("acme", "salesforce", "tenant-acme")
            .object(account)
            .object(contact)
            .dailyLimit(100)
            .spent(60)
            .budgetLeft(30)
            .budgetLeftForWrites(40)
            .backlogRecords(OptionalLong.of(7))
            .daysToDrain(OptionalLong.of(1))
            .build();

    assertThat(c.tenant()).isEqualTo("acme");
    assertThat(c.connector()).isEqualTo("salesforce");
    assertThat(c.connectionId()).isEqualTo("tenant-acme");
    assertThat(c.objects()).containsExactly(account, contact);
    assertThat(c.object("Contact")).contains(contact);
    assertThat(c.records()).isEqualTo(15);
    assertThat(c.hasBacklog()).isTrue();
    assertThat(c.writes()).isEqualTo(DailyReport.WriteReport.none(40));
    assertThat(c.dailyLimit()).isEqualTo(100);
    assertThat(c.spent()).isEqualTo(60);
    assertThat(c.budgetLeft()).isEqualTo(30);
    assertThat(c.backlogRecords()).hasValue(7);
    assertThat(c.daysToDrain()).hasValue(1);

    DailyReport.ConnectionReport idle =
        DailyReport.ConnectionReport.builder("acme", "salesforce", "tenant-acme").build();
    assertThat(idle.dailyLimit()).isEqualTo(QuotaPolicy.UNLIMITED);
    assertThat(idle.objects()).isEmpty();
    assertThat(idle.hasBacklog()).isFalse();
    assertThat(idle.backlogRecords()).isEmpty();
    assertThatThrownBy(() -> DailyReport.ConnectionReport.builder("acme", null, "tenant-acme"))
        .isInstanceOf(NullPointerException.class)
        .hasMessage("connector");
    assertThatThrownBy(
            () -> DailyReport.ConnectionReport.builder("acme", "salesforce", "id").spent(-1))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("spent must not be negative: -1");
  }
}
