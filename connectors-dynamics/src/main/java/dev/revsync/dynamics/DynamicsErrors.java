package dev.revsync.dynamics;

import dev.revsync.PermissionException;
import dev.revsync.ProtocolException;
import dev.revsync.TransientException;
import dev.revsync.VendorApiException;
import dev.revsync.spi.CallContext;
import dev.revsync.spi.Classification;
import dev.revsync.spi.Json;
import dev.revsync.spi.ResponseClassifier;
import dev.revsync.spi.Sleeper;
import dev.revsync.spi.Values;
import java.io.IOException;
import java.math.BigDecimal;
import java.time.Clock;
import java.time.Duration;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.Supplier;
import okhttp3.Response;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * What Dataverse answers mean: service-protection 429s (requests, execution time, concurrency) are
 * waited out with their {@code Retry-After}, 5xx retried, 401 refreshes the token, 403 names the
 * missing application user or security role, other errors carry the {@code
 * {"error":{"code","message"}}} of the body. Every answer's {@code
 * x-ms-ratelimit-burst-remaining-xrm-requests} and {@code
 * x-ms-ratelimit-time-remaining-xrm-requests} (written {@code 1,200.00}) are kept for {@code
 * verify()}. Thread-safe.
 */
final class DynamicsErrors implements ResponseClassifier {
  static final String NOT_A_MEMBER = "0x80072560";
  private static final Logger LOG = LoggerFactory.getLogger(DynamicsErrors.class);
  private static final int MAX_THROTTLED_ROUNDS = 20;

  private final AtomicLong burstRemaining = new AtomicLong(-1);
  private final AtomicLong timeRemainingMillis = new AtomicLong(-1);
  private final AtomicReference<Duration> lastRetryAfter = new AtomicReference<>();

  @Override
  public Classification classify(Response response, CallContext call) throws IOException {
    readLimitHeaders(response);
    int status = response.code();
    if (status >= 200 && status < 300) return Classification.ok();
    String type = response.header("Content-Type");
    if (status == 400
        && type != null
        && type.toLowerCase(Locale.ROOT).startsWith("multipart/mixed")) {
      // a $batch stopped at a failing operation still answers each operation it ran: the writer
      // reads them
      return Classification.ok();
    }
    if (status == 401)
      return Classification.authExpired("HTTP 401 from the Web API (token expired or revoked)");
    if (status == 429 || status >= 500) {
      Classification standard = ResponseClassifier.standard().classify(response, call);
      if (standard.kind() != Classification.Kind.RETRY) return standard;
      if (status == 429 && standard.retryAfter() != null) lastRetryAfter.set(standard.retryAfter());
      Map<String, String> error = error(response, call);
      String reason =
          "HTTP "
              + status
              + (error.isEmpty() ? "" : " " + error.get("code") + ": " + error.get("message"));
      return Classification.retry(standard.retryAfter(), reason);
    }
    Map<String, String> error = error(response, call);
    String code = error.get("code");
    String message = error.getOrDefault("message", "HTTP " + status);
    if (status == 403) {
      if (NOT_A_MEMBER.equalsIgnoreCase(code)
          || message.toLowerCase(Locale.ROOT).contains("not a member of the organization")) {
        return Classification.fatal(
            new PermissionException(
                call.system(),
                call.call(),
                "the app is not an " + "application user of this environment: " + message,
                "In the Power Platform admin center, add the app "
                    + "registration as an application user of the environment and give it a security role",
                null));
      }
      return Classification.fatal(
          new PermissionException(
              call.system(),
              call.call(),
              "access denied (" + code + "): " + message,
              "Give the application user a security role with read (and, for writes, write) privileges on "
                  + "this table",
              null));
    }
    String action =
        switch (status) {
          case 404 -> "Check the table, row or API version exists in this environment";
          case 412 -> "The row changed or already exists; re-read it before writing";
          case 413 -> "Send smaller requests";
          default -> "Check the request against Dataverse's message; retrying will not help";
        };
    return Classification.fatal(
        new VendorApiException(call.system(), call.call(), status, code, message, action));
  }

  /**
   * A check made before and after each wait for throttling to pass (a sync's deadline and
   * cancellation).
   */
  @FunctionalInterface
  interface BetweenWaits {
    void check() throws InterruptedException;
  }

  /**
   * Runs {@code call} again when service protection outlasted the transport's attempts (each of
   * which waited its answer's {@code Retry-After}), after the last answer's {@code Retry-After}:
   * Dataverse lengthens {@code Retry-After} under repeated pressure, and throttling is waited out,
   * never a failed sync or write. After {@value #MAX_THROTTLED_ROUNDS} rounds the service is taken
   * to be down and the call's exception stands. Only for calls safe to repeat (reads and PATCHes).
   */
  <T> T waitOutThrottling(Clock clock, Supplier<T> call, BetweenWaits between)
      throws InterruptedException {
    for (int round = 1; ; round++) {
      try {
        return call.get();
      } catch (TransientException e) {
        if (round >= MAX_THROTTLED_ROUNDS || !String.valueOf(e.getMessage()).contains("HTTP 429"))
          throw e;
        Duration wait = lastRetryAfter();
        LOG.info(
            "revsync: {}: {}: still throttled after the transport's attempts (round {}); waiting {}",
            e.system(),
            e.call(),
            round,
            wait);
        between.check();
        if (wait != null) Sleeper.forClock(clock).sleep(wait);
        between.check();
      }
    }
  }

  /**
   * {@code {"error":{"code","message"}}} of an error answer, peeked; empty when the body is not
   * that shape.
   */
  static Map<String, String> error(Response response, CallContext call) throws IOException {
    String text = response.peekBody(16 * 1024).string();
    if (text.isBlank()) return Map.of();
    try {
      Object error = Json.parseObject(text, call.system(), call.call()).get("error");
      if (error instanceof Map<?, ?> m) {
        String code = m.get("code") == null ? "" : m.get("code").toString();
        String message = m.get("message") == null ? "" : m.get("message").toString();
        return Map.of("code", code, "message", message);
      }
    } catch (ProtocolException notJson) {
      // an HTML error page from a gateway: the status tells enough
    }
    return Map.of();
  }

  private void readLimitHeaders(Response response) {
    long burst = parseLenient(response.header("x-ms-ratelimit-burst-remaining-xrm-requests"), 1);
    if (burst >= 0) burstRemaining.set(burst);
    long millis = parseLenient(response.header("x-ms-ratelimit-time-remaining-xrm-requests"), 1000);
    if (millis >= 0) timeRemainingMillis.set(millis);
  }

  /**
   * A header number written with thousands separators and decimals ({@code 1,200.00}, {@code
   * 1,199.46}), times {@code scale}; -1 when absent or unreadable.
   */
  static long parseLenient(String value, long scale) {
    if (value == null) return -1;
    try {
      return Values.decimal(value.strip().replace(",", "").replace(" ", ""))
          .multiply(BigDecimal.valueOf(scale))
          .longValue();
    } catch (NumberFormatException | ArithmeticException e) {
      return -1;
    }
  }

  /** The {@code Retry-After} of the latest 429, or null. */
  Duration lastRetryAfter() {
    return lastRetryAfter.get();
  }

  /** Requests left in this user's 5-minute window on the last server answering, or -1. */
  long burstRemaining() {
    return burstRemaining.get();
  }

  /** Execution time left in the window, in milliseconds, or -1. */
  long timeRemainingMillis() {
    return timeRemainingMillis.get();
  }
}
