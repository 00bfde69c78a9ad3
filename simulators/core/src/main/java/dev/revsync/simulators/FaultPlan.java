package dev.revsync.simulators;

import java.time.Duration;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Random;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;

/**
 * Faults a simulator injects, chosen per request from a seeded plan (like Retrofit's {@code
 * NetworkBehavior}): 429 with {@code Retry-After}, 5xx, the connection dropped mid-body, a
 * truncated body, a slow response, and token expiry after N calls; and hostile servers: a body that
 * never ends, a body drip-fed a byte at a time, a page far larger than asked for, and a malformed
 * answer (to a read or a write). Faults can be scheduled for the next N matching requests, for
 * request number k, or at a seeded rate. At most one fault hits a request: scheduled faults first
 * (in the order they were planned), then request-number faults, then rates. Thread-safe.
 */
public final class FaultPlan {
  /** The kinds of fault. */
  public enum Fault {
    /** HTTP 429 with {@code Retry-After}; the handler does not run. */
    TOO_MANY_REQUESTS(429),
    /** HTTP 500; the handler does not run. */
    SERVER_ERROR(500),
    /** HTTP 503; the handler does not run. */
    SERVICE_UNAVAILABLE(503),
    /**
     * The handler runs (its changes take effect), part of its body is sent, then the socket closes.
     */
    DROP_MID_BODY(0),
    /** The handler runs, its headers promise more body than is sent, then the stream ends. */
    TRUNCATED_BODY(0),
    /** The handler's response, sent after {@link #slowResponseDelay(Duration)}. */
    SLOW_RESPONSE(0),
    /**
     * The handler runs; its body is sent without its last bytes and followed by spaces that never
     * end (chunked). Only a cap on the body's size or the call's total time ends the call.
     */
    ENDLESS_BODY(0),
    /**
     * The handler's response, its body sent one byte every {@link #dripInterval(Duration)}: each
     * read succeeds well inside a read timeout, so only the call's total timeout ends it.
     */
    DRIP_FEED(0),
    /**
     * A page of records far larger than asked for: a paging simulator ignores the page size the
     * client asked for and answers every remaining record ({@link SimulatorServer#currentFault()}
     * tells its handler). Simulators without pages answer as usual.
     */
    HUGE_PAGE(0),
    /**
     * The handler runs (its changes take effect: a write is applied), then its body is replaced
     * with bytes that are no JSON, XML or CSV a client expects (an HTML proxy page with an
     * unterminated quote), status 200. Aimed at a write, it is "a write answered with garbage".
     */
    MALFORMED_BODY(0);

    private final int status;

    Fault(int status) {
      this.status = status;
    }

    /** The status an HTTP fault answers, or 0 when the fault changes the handler's own response. */
    public int status() {
      return status;
    }

    /** Whether the handler's response is replaced (429/5xx) instead of altered. */
    public boolean replacesResponse() {
      return status != 0;
    }
  }

  private static final class Scheduled {
    final Fault fault;
    final String pathFragment;
    int remaining;

    Scheduled(Fault fault, int remaining, String pathFragment) {
      this.fault = fault;
      this.remaining = remaining;
      this.pathFragment = pathFragment;
    }
  }

  private final Random random;
  private final List<Scheduled> scheduled = new ArrayList<>();
  private final Map<Long, Fault> byRequestNumber = new ConcurrentHashMap<>();
  private final Map<Fault, Double> rates = new ConcurrentHashMap<>();
  private final Map<String, AtomicInteger> callsByToken = new ConcurrentHashMap<>();
  private final AtomicLong requests = new AtomicLong();
  private final AtomicLong injected = new AtomicLong();
  private volatile Duration retryAfter = Duration.ofSeconds(1);
  private volatile Duration slowResponseDelay = Duration.ofMillis(50);
  private volatile Duration dripInterval = Duration.ofMillis(50);
  private volatile int tokenCallLimit = Integer.MAX_VALUE;
  private volatile Duration latencyMin = Duration.ZERO;
  private volatile Duration latencyMax = Duration.ZERO;

  public FaultPlan(long seed) {
    this.random = new Random(seed);
  }

  /**
   * Injects {@code fault} into the next {@code count} requests whose path contains {@code
   * pathFragment} ("" for any).
   */
  public FaultPlan next(Fault fault, int count, String pathFragment) {
    Objects.requireNonNull(fault, "fault");
    Objects.requireNonNull(pathFragment, "pathFragment");
    if (count < 0) throw new IllegalArgumentException("count must be >= 0: " + count);
    synchronized (scheduled) {
      scheduled.add(new Scheduled(fault, count, pathFragment));
    }
    return this;
  }

  /**
   * Injects {@code fault} into the request numbered {@code requestNumber} (1 for the first request
   * this plan sees, counting every request, faulted or not).
   */
  public FaultPlan onRequest(long requestNumber, Fault fault) {
    if (requestNumber < 1)
      throw new IllegalArgumentException("request numbers start at 1: " + requestNumber);
    byRequestNumber.put(requestNumber, Objects.requireNonNull(fault, "fault"));
    return this;
  }

  /** Injects {@code fault} into roughly {@code rate} (0..1) of requests, from the seed. */
  public FaultPlan rate(Fault fault, double rate) {
    if (!(rate >= 0 && rate <= 1))
      throw new IllegalArgumentException("rate must be in 0..1: " + rate);
    if (rate == 0) rates.remove(fault);
    else rates.put(Objects.requireNonNull(fault, "fault"), rate);
    return this;
  }

  /** The {@code Retry-After} a 429 carries; default 1 second. */
  public FaultPlan retryAfter(Duration retryAfter) {
    if (retryAfter.isNegative())
      throw new IllegalArgumentException("retryAfter must not be negative: " + retryAfter);
    this.retryAfter = retryAfter;
    return this;
  }

  public Duration retryAfter() {
    return retryAfter;
  }

  /**
   * How long a {@link Fault#SLOW_RESPONSE} holds its headers back, in real time (the server cannot
   * wait on a simulated clock while a client reads a socket); default 50 ms. Set it above a
   * client's read timeout to provoke a timeout.
   */
  public FaultPlan slowResponseDelay(Duration delay) {
    if (delay.isNegative())
      throw new IllegalArgumentException("delay must not be negative: " + delay);
    this.slowResponseDelay = delay;
    return this;
  }

  public Duration slowResponseDelay() {
    return slowResponseDelay;
  }

  /**
   * How long a {@link Fault#DRIP_FEED} waits between bytes, in real time; default 50 ms. Keep it
   * below the client's read timeout so that only its call timeout can end the call.
   */
  public FaultPlan dripInterval(Duration interval) {
    if (interval.isNegative() || interval.isZero()) {
      throw new IllegalArgumentException("dripInterval must be positive: " + interval);
    }
    this.dripInterval = interval;
    return this;
  }

  public Duration dripInterval() {
    return dripInterval;
  }

  /**
   * Every request is answered after a latency drawn (seeded, uniform) from {@code min..max} of the
   * simulator's clock, waited through that clock's {@link dev.revsync.spi.Sleeper}: a {@link
   * ScaledClock} blocks for the scaled real time, a {@link SimulatedClock} advances at once, the
   * system clock waits in real time. The handler runs after the wait, so what it answers (a job's
   * state) is as of the answer's time. Default zero; {@link #clear()} keeps it, as it keeps the
   * other settings.
   */
  public FaultPlan latency(Duration min, Duration max) {
    if (min.isNegative() || max.compareTo(min) < 0)
      throw new IllegalArgumentException(
          "latency must be 0 <= min <= max: min " + min + ", max " + max);
    this.latencyMin = min;
    this.latencyMax = max;
    return this;
  }

  /** The latency of the next request: zero unless {@link #latency(Duration, Duration)} is set. */
  Duration drawLatency() {
    Duration min = latencyMin;
    long spreadNanos = latencyMax.minus(min).toNanos();
    if (spreadNanos <= 0) return min;
    double draw;
    synchronized (random) {
      draw = random.nextDouble();
    }
    return min.plusNanos((long) (draw * spreadNanos));
  }

  /**
   * Tokens issued expire after {@code calls} authenticated calls (the simulator answers its
   * system's expired-session error).
   */
  public FaultPlan expireTokensAfter(int calls) {
    if (calls < 1) throw new IllegalArgumentException("calls must be >= 1: " + calls);
    this.tokenCallLimit = calls;
    return this;
  }

  /**
   * Counts one authenticated call made with {@code token}; false once that token has outlived
   * {@link #expireTokensAfter(int)} (the simulator then answers its system's expired-session
   * error).
   */
  public boolean tokenCallAllowed(String token) {
    int limit = tokenCallLimit;
    AtomicInteger calls =
        callsByToken.computeIfAbsent(String.valueOf(token), t -> new AtomicInteger());
    return calls.incrementAndGet() <= limit;
  }

  /** Removes every planned fault and forgets token call counts; settings (delays) stay. */
  public FaultPlan clear() {
    synchronized (scheduled) {
      scheduled.clear();
    }
    byRequestNumber.clear();
    rates.clear();
    callsByToken.clear();
    tokenCallLimit = Integer.MAX_VALUE;
    return this;
  }

  /** How many faults this plan has injected so far. */
  public long injectedCount() {
    return injected.get();
  }

  /**
   * Decides the fault for one request (null for none) and counts it. Called once per request by the
   * server.
   */
  Fault decide(String path) {
    long number = requests.incrementAndGet();
    Fault fault = takeScheduled(path);
    if (fault == null) fault = byRequestNumber.remove(number);
    if (fault == null && !rates.isEmpty()) fault = drawRate();
    if (fault != null) injected.incrementAndGet();
    return fault;
  }

  private Fault takeScheduled(String path) {
    synchronized (scheduled) {
      for (Iterator<Scheduled> it = scheduled.iterator(); it.hasNext(); ) {
        Scheduled s = it.next();
        if (s.remaining <= 0) {
          it.remove();
          continue;
        }
        if (path.contains(s.pathFragment)) {
          if (--s.remaining == 0) it.remove();
          return s.fault;
        }
      }
      return null;
    }
  }

  private Fault drawRate() {
    double draw;
    synchronized (random) {
      draw = random.nextDouble();
    }
    double cumulative = 0;
    for (Fault f : Fault.values()) {
      Double r = rates.get(f);
      if (r == null) continue;
      cumulative += r;
      if (draw < cumulative) return f;
    }
    return null;
  }
}
