package dev.revsync.simulators.marketo;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneId;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * The subscription's limits, checked in Marketo's order for every counted call: the daily quota
 * (607, resetting at midnight in the quota's zone), the rolling rate window (606) and the
 * concurrency cap (615). Keeps the per-day usage and error counts the usage API reports.
 * Thread-safe.
 */
final class Gate {
  private final Clock clock;
  private final ZoneId quotaZone;
  private final int rateMax;
  private final Duration rateWindow;
  private final int maxConcurrent;
  private volatile long dailyQuota;
  private final ArrayDeque<Instant> window = new ArrayDeque<>();
  private final AtomicInteger inFlight = new AtomicInteger();
  private final AtomicInteger maxSeen = new AtomicInteger();
  private final TreeMap<LocalDate, long[]> usageByDay = new TreeMap<>();
  private final TreeMap<LocalDate, Map<String, Integer>> errorsByDay = new TreeMap<>();

  Gate(
      Clock clock,
      ZoneId quotaZone,
      long dailyQuota,
      int rateMax,
      Duration rateWindow,
      int maxConcurrent) {
    this.clock = clock;
    this.quotaZone = quotaZone;
    this.dailyQuota = dailyQuota;
    this.rateMax = rateMax;
    this.rateWindow = rateWindow;
    this.maxConcurrent = maxConcurrent;
  }

  /** The quota's day now (Marketo's "CST" midnight). */
  LocalDate today() {
    return LocalDate.ofInstant(clock.instant(), quotaZone);
  }

  void dailyQuota(long calls) {
    this.dailyQuota = calls;
  }

  long dailyQuota() {
    return dailyQuota;
  }

  /**
   * Admits one counted call or names the error code refusing it. An admitted call holds a
   * concurrency slot until {@link #release()}; a refused one holds none.
   */
  String admit() {
    LocalDate day = today();
    synchronized (this) {
      long[] used = usageByDay.computeIfAbsent(day, d -> new long[1]);
      if (used[0] >= dailyQuota) return "607";
      Instant now = clock.instant();
      while (!window.isEmpty() && !window.peekFirst().isAfter(now.minus(rateWindow)))
        window.removeFirst();
      used[0]++;
      if (window.size() >= rateMax) return "606";
      window.addLast(now);
    }
    int n = inFlight.incrementAndGet();
    if (n > maxConcurrent) {
      inFlight.decrementAndGet();
      return "615";
    }
    maxSeen.accumulateAndGet(n, Math::max);
    return null;
  }

  void release() {
    inFlight.decrementAndGet();
  }

  synchronized void recordError(String code) {
    errorsByDay.computeIfAbsent(today(), d -> new TreeMap<>()).merge(code, 1, Integer::sum);
  }

  synchronized long usedOn(LocalDate day) {
    long[] used = usageByDay.get(day);
    return used == null ? 0 : used[0];
  }

  synchronized Map<String, Integer> errorsOn(LocalDate day) {
    Map<String, Integer> m = errorsByDay.get(day);
    return m == null ? Map.of() : new TreeMap<>(m);
  }

  /** The most calls in flight at once so far. */
  int maxConcurrentSeen() {
    return maxSeen.get();
  }

  /** The last seven days of the quota's calendar, newest last. */
  List<LocalDate> lastSevenDays() {
    LocalDate today = today();
    List<LocalDate> days = new ArrayList<>();
    for (int i = 6; i >= 0; i--) days.add(today.minusDays(i));
    return days;
  }
}
