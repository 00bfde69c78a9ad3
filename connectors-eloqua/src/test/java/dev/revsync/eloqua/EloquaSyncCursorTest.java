package dev.revsync.eloqua;

import static org.assertj.core.api.Assertions.assertThat;

import dev.revsync.VendorApiException;
import java.time.Instant;
import org.junit.jupiter.api.Test;

/**
 * The next lower bound of an incremental export, and the download position kept in the checkpoint.
 */
class EloquaSyncCursorTest {
  private static Instant t(String s) {
    return Instant.parse(s);
  }

  @Test
  void theNextBoundStepsPastTheNewestSecondOnlyWhenThatSecondEndedBeforeTheSyncWasCreated() {
    assertThat(
            EloquaSync.nextCursor(t("2026-01-01T10:00:00.400Z"), t("2026-01-01T10:00:05Z"), null))
        .isEqualTo(t("2026-01-01T10:00:01Z"));
    assertThat(
            EloquaSync.nextCursor(
                t("2026-01-01T10:00:05.400Z"), t("2026-01-01T10:00:05.100Z"), null))
        .as("a record may still take the second the sync began in")
        .isEqualTo(t("2026-01-01T10:00:05Z"));
    assertThat(EloquaSync.nextCursor(t("2026-01-01T10:00:09Z"), t("2026-01-01T10:00:05Z"), null))
        .as("rows stamped after creation (changed before the snapshot)")
        .isEqualTo(t("2026-01-01T10:00:09Z"));
    assertThat(EloquaSync.nextCursor(t("2026-01-01T10:00:00Z"), null, null))
        .as("no server time: repeat the second")
        .isEqualTo(t("2026-01-01T10:00:00Z"));
  }

  @Test
  void anEmptyExportKeepsTheBoundAndTheBoundNeverMovesBack() {
    assertThat(EloquaSync.nextCursor(null, t("2026-01-01T10:00:05Z"), t("2026-01-01T09:00:00Z")))
        .isEqualTo(t("2026-01-01T09:00:00Z"));
    assertThat(EloquaSync.nextCursor(null, null, null)).isNull();
    assertThat(
            EloquaSync.nextCursor(
                t("2026-01-01T08:00:00Z"), t("2026-01-01T10:00:00Z"), t("2026-01-01T09:00:00Z")))
        .isEqualTo(t("2026-01-01T09:00:00Z"));
  }

  @Test
  void aPositionWritesAndReadsItsOffsetResumePointTotalAndNewestTimestamp() {
    ExportCheckpoint.Position p =
        new ExportCheckpoint.Position(150_000, 100_000, 200_000, t("2026-01-01T10:00:00.123Z"));
    assertThat(p.format())
        .isEqualTo("150000;resume=100000;total=200000;max=2026-01-01T10:00:00.123Z");
    assertThat(ExportCheckpoint.Position.parse(p.format())).isEqualTo(p);
    assertThat(ExportCheckpoint.Position.parse("50000"))
        .isEqualTo(new ExportCheckpoint.Position(50_000, 50_000, -1, null));
    assertThat(ExportCheckpoint.Position.parse(null)).isEqualTo(ExportCheckpoint.Position.START);
    assertThat(ExportCheckpoint.Position.parse("10;future=1").next()).isEqualTo(10);
  }

  @Test
  void onlyAValidationFailureAboutTheRecordCapNarrowsAnActivityWindow() {
    assertThat(
            EloquaSync.tooManyActivities(
                new VendorApiException(
                    "eloqua",
                    "GET /syncs/1",
                    0,
                    "ELQ-00122",
                    "Activity exports stage at most 5000000 records; narrow the date range of the filter.",
                    null)))
        .isTrue();
    assertThat(
            EloquaSync.tooManyActivities(
                new VendorApiException(
                    "eloqua",
                    "GET /syncs/1",
                    0,
                    "ELQ-00122",
                    "There were validation errors; the sync will not proceed.",
                    null)))
        .isFalse();
    assertThat(
            EloquaSync.tooManyActivities(
                new VendorApiException("eloqua", "GET /syncs/1", 0, "ELQ-00146", "narrow", null)))
        .isFalse();
  }
}
