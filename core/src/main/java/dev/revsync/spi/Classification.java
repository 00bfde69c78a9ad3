package dev.revsync.spi;

import dev.revsync.RevsyncException;
import java.time.Duration;
import java.time.Instant;
import java.util.Objects;

/**
 * What a {@link ResponseClassifier} made of a response: go on, retry (after a wait), stop for the
 * day's quota, refresh the token and retry once, or fail with a typed exception. Immutable.
 */
public final class Classification {

  /** The kinds of outcome. */
  public enum Kind {
    /** {@link #ok()}. */
    OK,
    /** {@link #retry(Duration, String)}. */
    RETRY,
    /** {@link #quotaExhausted(String, Instant)}. */
    QUOTA_EXHAUSTED,
    /** {@link #authExpired(String)}. */
    AUTH_EXPIRED,
    /** {@link #fatal(RevsyncException)}. */
    FATAL
  }

  private static final Classification OK = new Classification(Kind.OK, null, null, null, null);

  private final Kind kind;
  private final Duration retryAfter;
  private final String reason;
  private final Instant resetsAt;
  private final RevsyncException failure;

  private Classification(
      Kind kind, Duration retryAfter, String reason, Instant resetsAt, RevsyncException failure) {
    this.kind = kind;
    this.retryAfter = retryAfter;
    this.reason = reason;
    this.resetsAt = resetsAt;
    this.failure = failure;
  }

  /** A good response: hand it to the {@link ResponseHandler}. */
  public static Classification ok() {
    return OK;
  }

  /**
   * A transient fault (429, 5xx, an in-body throttle code): retry with backoff.
   *
   * @param retryAfter the wait the system asked for ({@code Retry-After}); null to use backoff
   * @param reason what happened, for logs and the final error
   */
  public static Classification retry(Duration retryAfter, String reason) {
    return new Classification(
        Kind.RETRY, retryAfter, Objects.requireNonNull(reason, "reason"), null, null);
  }

  /**
   * The system's own daily quota is spent: stop now, no retry.
   *
   * @param resetsAt when the system's quota resets, if it says; null for the next 00:00 UTC
   */
  public static Classification quotaExhausted(String reason, Instant resetsAt) {
    return new Classification(
        Kind.QUOTA_EXHAUSTED, null, Objects.requireNonNull(reason, "reason"), resetsAt, null);
  }

  /** The token expired or was revoked: refresh it (once, single-flight) and retry. */
  public static Classification authExpired(String reason) {
    return new Classification(
        Kind.AUTH_EXPIRED, null, Objects.requireNonNull(reason, "reason"), null, null);
  }

  /** A failure retrying cannot fix; {@code failure} is thrown to the caller as is. */
  public static Classification fatal(RevsyncException failure) {
    return new Classification(
        Kind.FATAL, null, failure.getMessage(), null, Objects.requireNonNull(failure, "failure"));
  }

  public Kind kind() {
    return kind;
  }

  public Duration retryAfter() {
    return retryAfter;
  }

  public String reason() {
    return reason;
  }

  public Instant resetsAt() {
    return resetsAt;
  }

  public RevsyncException failure() {
    return failure;
  }

  @Override
  public String toString() {
    return "Classification{"
        + kind
        + (reason != null ? " " + reason : "")
        + (retryAfter != null ? " retryAfter=" + retryAfter : "")
        + "}";
  }
}
