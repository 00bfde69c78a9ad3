package dev.revsync.eloqua;

import static org.assertj.core.api.Assertions.assertThat;

import dev.revsync.RevsyncException;
import dev.revsync.TransientException;
import dev.revsync.VendorApiException;
import java.util.List;
import org.junit.jupiter.api.Test;

class EloquaErrorsTest {
  private static EloquaErrors.SyncLog log(String severity, String code, String message) {
    return new EloquaErrors.SyncLog(severity, code, message, 0);
  }

  @Test
  void aBulkValidationBodyBecomesOneLineNamingEachFieldAndConstraint() {
    String body =
        "{\"failures\":[{\"field\":\"filter\",\"value\":\"'{{Contact.Nope}}' > '1'\","
            + "\"constraint\":\"Must reference service instance within a workflow\"},{\"field\":\"name\",\"value\":\"\","
            + "\"constraint\":\"Must be a string value\"}]}";
    assertThat(EloquaErrors.validationMessage(body))
        .isEqualTo(
            "There was a validation error: filter: Must reference "
                + "service instance within a workflow (value ''{{Contact.Nope}}' > '1''); name: Must be a string value (value '')");
    assertThat(EloquaErrors.validationMessage("<html>oops</html>")).isEqualTo("<html>oops</html>");
  }

  @Test
  void syncLogCodesBecomeTypedFailures() {
    List<EloquaErrors.SyncLog> retry =
        List.of(
            log("information", "ELQ-00101", "Sync processed"),
            log("error", "ELQ-00146", "Temporary failure; retry the sync after an hour."));
    RevsyncException later = EloquaErrors.syncFailure("GET /syncs/1", "/syncs/1", "error", retry);
    assertThat(later)
        .isInstanceOf(TransientException.class)
        .hasMessageContaining("ELQ-00146")
        .hasMessageContaining("an hour");

    RevsyncException invalid =
        EloquaErrors.syncFailure(
            "GET /syncs/2",
            "/syncs/2",
            "errored",
            List.of(log("error", "ELQ-00122", "There were validation errors")));
    assertThat(invalid).isInstanceOf(VendorApiException.class);
    assertThat(((VendorApiException) invalid).vendorCode()).isEqualTo("ELQ-00122");

    assertThat(
            EloquaErrors.syncFailure(
                "GET /syncs/3",
                "/syncs/3",
                "error",
                List.of(log("error", "ELQ-00143", "The definition was deleted"))))
        .isInstanceOf(TransientException.class);
    RevsyncException full =
        EloquaErrors.syncFailure(
            "GET /syncs/4",
            "/syncs/4",
            "error",
            List.of(log("error", "ELQ-00136", "Staging area limit exceeded.")));
    assertThat(full).hasMessageContaining("staging area is full");
    RevsyncException silent =
        EloquaErrors.syncFailure("GET /syncs/5", "/syncs/5", "error", List.of());
    assertThat(((VendorApiException) silent).vendorCode()).isEqualTo("SYNC_ERROR");
  }
}
