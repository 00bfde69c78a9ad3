package dev.revsync.internal.http;

import dev.revsync.PermissionException;
import dev.revsync.VendorApiException;
import dev.revsync.spi.CallContext;
import dev.revsync.spi.Classification;
import dev.revsync.spi.ResponseClassifier;
import java.time.Duration;
import java.time.Instant;
import java.util.Date;
import okhttp3.Response;

/** HTTP semantics alone; see {@link ResponseClassifier#standard()}. Stateless and thread-safe. */
public final class StandardClassifier implements ResponseClassifier {
  public static final StandardClassifier INSTANCE = new StandardClassifier();

  /** How much of an error body goes into a message. */
  public static final int BODY_START_CHARS = 500;

  private StandardClassifier() {}

  @Override
  public Classification classify(Response response, CallContext call) {
    int code = response.code();
    if (code >= 200 && code < 300) return Classification.ok();
    if (isTransient(code)) {
      return Classification.retry(
          retryAfter(response, call.clock().instant()), statusLine(response));
    }
    if (code == 401) return Classification.authExpired(statusLine(response));
    if (code == 403) {
      return Classification.fatal(
          new PermissionException(
              call.system(),
              call.call(),
              "HTTP 403 Forbidden: " + Redaction.bodyStart(response, BODY_START_CHARS),
              "Ask the customer's administrator to grant the integration user access to this API and object",
              null));
    }
    String action =
        code == 404
            ? "Check that the object, record or API version exists for this account"
            : "Check the request against the system's message; retrying will not help";
    return Classification.fatal(
        new VendorApiException(
            call.system(),
            call.call(),
            code,
            null,
            Redaction.bodyStart(response, BODY_START_CHARS),
            action));
  }

  /** 408, 425, 429 and 5xx other than 501 and 505: the same request may succeed later. */
  public static boolean isTransient(int code) {
    return code == 408
        || code == 425
        || code == 429
        || (code >= 500 && code <= 599 && code != 501 && code != 505);
  }

  /**
   * The wait {@code Retry-After} asks for: delta seconds, or an HTTP date measured against the
   * response's own {@code Date} (so clock skew cancels out) or else {@code now}. Null when absent
   * or unreadable.
   */
  public static Duration retryAfter(Response response, Instant now) {
    String value = response.header("Retry-After");
    if (value == null || value.isBlank()) return null;
    value = value.strip();
    if (value.chars().allMatch(Character::isDigit)) {
      try {
        return Duration.ofSeconds(Long.parseLong(value));
      } catch (NumberFormatException e) {
        return null; // absurdly large: treat as absent, backoff applies
      }
    }
    Date at = response.headers().getDate("Retry-After");
    if (at == null) return null;
    Date sent = response.headers().getDate("Date");
    Instant reference = sent != null ? sent.toInstant() : now;
    Duration wait = Duration.between(reference, at.toInstant());
    return wait.isNegative() ? Duration.ZERO : wait;
  }

  static String statusLine(Response response) {
    String message = response.message();
    return "HTTP " + response.code() + (message == null || message.isEmpty() ? "" : " " + message);
  }
}
