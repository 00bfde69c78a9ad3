package dev.revsync.simulators.dynamics;

import java.text.DecimalFormat;
import java.text.DecimalFormatSymbols;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayDeque;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;
import mockwebserver3.MockResponse;

/**
 * Dataverse service protection limits, per user over a sliding window (default 5 minutes): requests
 * (6,000), combined execution time (1,200,000 ms) and concurrent requests (52). Over a limit the
 * request answers 429 with {@code Retry-After} and the limit's error code and message; every answer
 * carries the {@code x-ms-ratelimit-*} headers (time remaining in seconds written {@code 1,200.00},
 * as the service writes it) and {@code x-ms-dop-hint}. Thread-safe.
 */
final class ServiceProtection {
  private final Clock clock;
  private volatile DynamicsSimulator.Limits limits;
  private final Map<String, UserWindow> users = new ConcurrentHashMap<>();
  private final AtomicInteger maxConcurrentSeen = new AtomicInteger();
  private final AtomicInteger refusals = new AtomicInteger();

  ServiceProtection(Clock clock, DynamicsSimulator.Limits limits) {
    this.clock = clock;
    this.limits = limits;
  }

  /** A request admitted for {@code user}; close it when its handler is done. */
  final class Slot implements AutoCloseable {
    private final UserWindow window;
    private boolean closed;

    Slot(UserWindow window) {
      this.window = window;
    }

    @Override
    public void close() {
      if (closed) return;
      closed = true;
      window.inFlight.decrementAndGet();
    }

    /** Rate-limit headers of this user's window, after this request. */
    void headers(MockResponse.Builder b) {
      ServiceProtection.this.headers(window, b);
    }
  }

  /**
   * Admits one request for {@code user} (a {@code $batch} of {@code batchOperations} operations, or
   * 0), or throws the 429 of the first limit it would break (concurrency first, as the service
   * checks it on arrival). A batch accrues every operation's execution time.
   */
  Slot enter(String user, long batchOperations) {
    DynamicsSimulator.Limits limits = this.limits;
    long executionMillis =
        limits.executionMillisPerRequest() + batchOperations * limits.executionMillisPerOperation();
    UserWindow w = users.computeIfAbsent(user, u -> new UserWindow());
    int now = w.inFlight.incrementAndGet();
    if (now > limits.concurrentRequests()) {
      w.inFlight.decrementAndGet();
      refusals.incrementAndGet();
      throw new Throttled(
          WebErrors.CONCURRENCY_LIMIT,
          "Number of concurrent requests exceeded the limit of "
              + limits.concurrentRequests()
              + ".",
          limits.concurrencyRetryAfter(),
          w);
    }
    maxConcurrentSeen.accumulateAndGet(now, Math::max);
    long nowMillis = clock.millis();
    synchronized (w) {
      w.expire(nowMillis, limits.window().toMillis());
      if (w.calls.size() >= limits.requestsPerWindow()) {
        w.inFlight.decrementAndGet();
        refusals.incrementAndGet();
        throw new Throttled(
            WebErrors.REQUESTS_LIMIT,
            "Number of requests exceeded the limit of "
                + limits.requestsPerWindow()
                + " over time window of "
                + limits.window().toSeconds()
                + " seconds.",
            w.untilOldestLeaves(nowMillis, limits.window().toMillis()),
            w);
      }
      if (w.executionMillis >= limits.executionMillisPerWindow()) {
        w.inFlight.decrementAndGet();
        refusals.incrementAndGet();
        throw new Throttled(
            WebErrors.TIME_LIMIT,
            "Combined execution time of incoming requests exceeded limit of "
                + String.format(Locale.ROOT, "%,d", limits.executionMillisPerWindow())
                + " milliseconds over time window of "
                + limits.window().toSeconds()
                + " seconds. Decrease number of concurrent requests or reduce the duration "
                + "of requests and try again later.",
            w.untilOldestLeaves(nowMillis, limits.window().toMillis()),
            w);
      }
      w.calls.addLast(new long[] {nowMillis, executionMillis});
      w.executionMillis += executionMillis;
    }
    return new Slot(w);
  }

  void limits(DynamicsSimulator.Limits limits) {
    this.limits = limits;
  }

  /** The most requests one user had in flight at once. */
  int maxConcurrentSeen() {
    return maxConcurrentSeen.get();
  }

  int refusals() {
    return refusals.get();
  }

  private void headers(UserWindow w, MockResponse.Builder b) {
    long requestsLeft;
    long millisLeft;
    synchronized (w) {
      w.expire(clock.millis(), limits.window().toMillis());
      requestsLeft = Math.max(0, limits.requestsPerWindow() - w.calls.size());
      millisLeft = Math.max(0, limits.executionMillisPerWindow() - w.executionMillis);
    }
    DecimalFormat seconds =
        new DecimalFormat("#,##0.00", DecimalFormatSymbols.getInstance(Locale.ROOT));
    b.setHeader("x-ms-ratelimit-burst-remaining-xrm-requests", Long.toString(requestsLeft));
    b.setHeader("x-ms-ratelimit-time-remaining-xrm-requests", seconds.format(millisLeft / 1000.0));
    b.setHeader("x-ms-dop-hint", Integer.toString(limits.dopHint()));
  }

  /** A 429 of one of the three limits. */
  final class Throttled extends RuntimeException {
    private static final long serialVersionUID = 1L;
    final String code;
    final Duration retryAfter;
    private final transient UserWindow window;

    Throttled(String code, String message, Duration retryAfter, UserWindow window) {
      super(message);
      this.code = code;
      this.retryAfter = retryAfter;
      this.window = window;
    }

    @Override
    public synchronized Throwable fillInStackTrace() {
      return this;
    }

    MockResponse response() {
      MockResponse.Builder b =
          WebErrors.response(429, code, getMessage())
              .setHeader(
                  "Retry-After", Long.toString(Math.max(1, (retryAfter.toMillis() + 999) / 1000)));
      headers(window, b);
      return b.build();
    }
  }

  private static final class UserWindow {
    final AtomicInteger inFlight = new AtomicInteger();
    final ArrayDeque<long[]> calls = new ArrayDeque<>();
    long executionMillis;

    void expire(long nowMillis, long windowMillis) {
      while (!calls.isEmpty() && calls.peekFirst()[0] <= nowMillis - windowMillis) {
        executionMillis -= calls.removeFirst()[1];
      }
    }

    Duration untilOldestLeaves(long nowMillis, long windowMillis) {
      long[] oldest = calls.peekFirst();
      long wait = oldest == null ? 1000 : oldest[0] + windowMillis - nowMillis;
      return Duration.ofMillis(Math.max(1000, wait));
    }
  }
}
