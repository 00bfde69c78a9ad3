package dev.revsync.simulators.eloqua;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayDeque;

/**
 * Eloqua's throttling as the simulator applies it: too many requests in flight at once, too many in
 * a burst window of the simulator's clock, or {@code /id} called too often each draw a 429. Limits
 * of 0 are off. Thread-safe.
 */
final class RequestGate {
  private final Clock clock;
  private final int maxConcurrent;
  private final int burstLimit;
  private final Duration burstWindow;
  private final int idLimit;
  private final Duration idWindow;
  private final ArrayDeque<Instant> burst = new ArrayDeque<>();
  private final ArrayDeque<Instant> idCalls = new ArrayDeque<>();
  private int inFlight;
  private long throttled;

  RequestGate(
      Clock clock,
      int maxConcurrent,
      int burstLimit,
      Duration burstWindow,
      int idLimit,
      Duration idWindow) {
    this.clock = clock;
    this.maxConcurrent = maxConcurrent;
    this.burstLimit = burstLimit;
    this.burstWindow = burstWindow;
    this.idLimit = idLimit;
    this.idWindow = idWindow;
  }

  /**
   * Admits a request (the caller must {@link #exit()} after it) or refuses it with a 429 (no exit).
   */
  synchronized boolean enter(boolean isIdCall) {
    Instant now = clock.instant();
    if (maxConcurrent > 0 && inFlight >= maxConcurrent) return refuse();
    if (burstLimit > 0 && !fits(burst, burstLimit, burstWindow, now)) return refuse();
    if (isIdCall && idLimit > 0 && !fits(idCalls, idLimit, idWindow, now)) return refuse();
    if (burstLimit > 0) burst.addLast(now);
    if (isIdCall && idLimit > 0) idCalls.addLast(now);
    inFlight++;
    return true;
  }

  synchronized void exit() {
    inFlight--;
  }

  synchronized long throttled() {
    return throttled;
  }

  private boolean refuse() {
    throttled++;
    return false;
  }

  private static boolean fits(ArrayDeque<Instant> window, int limit, Duration length, Instant now) {
    Instant cutoff = now.minus(length);
    while (!window.isEmpty() && !window.peekFirst().isAfter(cutoff)) window.removeFirst();
    return window.size() < limit;
  }
}
