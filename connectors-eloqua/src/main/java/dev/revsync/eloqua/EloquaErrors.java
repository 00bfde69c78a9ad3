package dev.revsync.eloqua;

import dev.revsync.AuthenticationException;
import dev.revsync.PermissionException;
import dev.revsync.RevsyncException;
import dev.revsync.TransientException;
import dev.revsync.VendorApiException;
import dev.revsync.spi.CallContext;
import dev.revsync.spi.Classification;
import dev.revsync.spi.Json;
import dev.revsync.spi.ResponseClassifier;
import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import okhttp3.Response;

/**
 * What Eloqua's answers mean. Over HTTP: 401 is "not authenticated" (the client re-checks {@code
 * /id}: the instance may have moved pods), 403 a missing permission, 400 a validation error with
 * {@code failures[{field,value,constraint}]}, 404/409/412/413 vendor errors, 429 and 5xx retried
 * with backoff (Eloqua documents no {@code Retry-After}; one is honoured if sent). A sync that ends
 * {@code error} or {@code warning} is no HTTP error: its ELQ codes, read from {@code
 * /syncs/{id}/logs}, become typed exceptions here.
 *
 * <p>Thread-safe.
 */
final class EloquaErrors implements ResponseClassifier {
  static final EloquaErrors INSTANCE = new EloquaErrors();

  /** Sync log codes the connector acts on. */
  static final String ELQ_VALIDATION = "ELQ-00122";

  static final String ELQ_RETRY_LATER = "ELQ-00146";
  static final String ELQ_DEFINITION_DELETED = "ELQ-00143";
  static final String ELQ_STAGING_FULL = "ELQ-00136";

  private static final long PEEK = 16 * 1024;

  private EloquaErrors() {}

  /**
   * A 401 from a Bulk call: the credentials or the pod changed. {@link EloquaBulkClient} re-runs
   * {@code /id} and retries once at the base URL it answers; a second 401 is final.
   */
  static final class NotAuthenticated extends AuthenticationException {
    private static final long serialVersionUID = 1L;

    NotAuthenticated(String call) {
      super(
          EloquaConfig.SYSTEM,
          call,
          "HTTP 401 not authenticated",
          "Reconnect the Eloqua account: the credentials were refused after re-discovering the instance with /id",
          null);
    }
  }

  @Override
  public Classification classify(Response response, CallContext call) throws IOException {
    int code = response.code();
    if (code >= 200 && code < 300) return Classification.ok();
    String body = response.peekBody(PEEK).string();
    if (code == 401) return Classification.fatal(new NotAuthenticated(call.call()));
    if (code == 429)
      return Classification.retry(
          ResponseClassifier.retryAfter(response),
          "HTTP 429 Too Many Requests (Eloqua throttling)");
    if (code == 500 || code == 502 || code == 503 || code == 504 || code == 408) {
      return Classification.retry(
          ResponseClassifier.retryAfter(response), "HTTP " + code + " " + snippet(body));
    }
    if (code == 403) {
      return Classification.fatal(
          new PermissionException(
              EloquaConfig.SYSTEM,
              call.call(),
              "HTTP 403 forbidden: " + snippet(body),
              "The Eloqua user needs API access (Advanced Users - Marketing or API Users security group) and the "
                  + "Bulk API must be enabled for the site",
              null));
    }
    if (code == 400) {
      return Classification.fatal(
          new VendorApiException(
              EloquaConfig.SYSTEM,
              call.call(),
              400,
              "VALIDATION",
              validationMessage(body),
              "Check the definition's fields and filter against discover()"));
    }
    String vendorCode =
        switch (code) {
          case 404 -> "NOT_FOUND";
          case 409 -> "CONFLICT";
          case 412 -> "PRECONDITION_FAILED";
          case 413 -> "STORAGE_EXCEEDED";
          default -> "HTTP_" + code;
        };
    String action =
        switch (code) {
          case 404 ->
              "The definition, sync or staged data is gone (deleted or past its retention); a new export is made "
                  + "from the cursor";
          case 413 ->
              "The site's Bulk staging area is full: delete old exports or shorten their data retention";
          default -> "Check the request against Eloqua's Bulk API 2.0 reference";
        };
    return Classification.fatal(
        new VendorApiException(
            EloquaConfig.SYSTEM, call.call(), code, vendorCode, snippet(body), action));
  }

  /**
   * The Bulk API's 400 body, {@code {"failures":[{"field","value","constraint"}]}}, as one line:
   * {@code filter: Must reference ... (value '...')}. Other bodies are returned cut short.
   */
  static String validationMessage(String body) {
    Map<String, Object> parsed;
    try {
      parsed = Json.parseObject(body, EloquaConfig.SYSTEM, "validation error");
    } catch (RuntimeException notJson) {
      return snippet(body);
    }
    List<String> failures = new ArrayList<>();
    if (parsed.get("failures") instanceof List<?> list) {
      for (Object o : list) {
        if (!(o instanceof Map<?, ?> f)) continue;
        Object field = f.get("field");
        Object value = f.get("value");
        Object constraint = f.get("constraint");
        failures.add(
            (field == null ? "?" : field)
                + ": "
                + (constraint == null ? "invalid" : constraint)
                + (value == null ? "" : " (value '" + cut(String.valueOf(value), 200) + "')"));
      }
    }
    return failures.isEmpty()
        ? snippet(body)
        : "There was a validation error: " + String.join("; ", failures);
  }

  /** One line of a sync's log. */
  record SyncLog(String severity, String statusCode, String message, long count) {}

  /**
   * The typed failure of a sync that ended {@code error} (or {@code warning} where a caller cannot
   * use partial data), from its logs: ELQ-00146 is temporary (retry later), ELQ-00122 a validation
   * error, ELQ-00143 a definition deleted mid-sync (a new export fixes it), ELQ-00136 a full
   * staging area; any other code is reported as sent.
   */
  static RevsyncException syncFailure(
      String call, String syncUri, String status, List<SyncLog> logs) {
    SyncLog worst = null;
    for (SyncLog log : logs) {
      if (log.statusCode() == null) continue;
      if (worst == null || rank(log) > rank(worst)) worst = log;
    }
    String code = worst == null ? "SYNC_" + status.toUpperCase(Locale.ROOT) : worst.statusCode();
    String message =
        worst == null
            ? "sync " + syncUri + " ended " + status + " without a log entry"
            : "sync " + syncUri + " ended " + status + ": " + worst.message();
    return switch (code) {
      case ELQ_RETRY_LATER ->
          new TransientException(
              EloquaConfig.SYSTEM,
              call,
              code + " " + message,
              "Eloqua reports a temporary failure; the next run retries (Oracle advises waiting an hour)",
              null);
      case ELQ_DEFINITION_DELETED ->
          new TransientException(
              EloquaConfig.SYSTEM,
              call,
              code + " " + message,
              "The definition was deleted while the sync ran; the next run makes a new one",
              null);
      case ELQ_VALIDATION ->
          new VendorApiException(
              EloquaConfig.SYSTEM,
              call,
              0,
              code,
              message,
              "Eloqua refused the definition: check the fields and filter against discover()");
      case ELQ_STAGING_FULL ->
          new VendorApiException(
              EloquaConfig.SYSTEM,
              call,
              0,
              code,
              message,
              "The site's Bulk staging area is full: delete old exports or shorten their data retention");
      default ->
          new VendorApiException(
              EloquaConfig.SYSTEM,
              call,
              0,
              code,
              message,
              "See Eloqua's status codes reference for " + code);
    };
  }

  private static int rank(SyncLog log) {
    String severity = log.severity() == null ? "" : log.severity().toLowerCase(Locale.ROOT);
    int base =
        switch (severity) {
          case "error" -> 3;
          case "warning" -> 2;
          default -> 1;
        };
    // The codes we type beat generic errors of the same severity.
    String c = log.statusCode();
    boolean known =
        ELQ_RETRY_LATER.equals(c)
            || ELQ_VALIDATION.equals(c)
            || ELQ_DEFINITION_DELETED.equals(c)
            || ELQ_STAGING_FULL.equals(c);
    return base * 2 + (known ? 1 : 0);
  }

  static String snippet(String body) {
    if (body == null || body.isBlank()) return "(empty body)";
    return cut(body.replaceAll("\\s+", " ").trim(), 300);
  }

  private static String cut(String s, int max) {
    return s.length() <= max ? s : s.substring(0, max) + "...";
  }
}
