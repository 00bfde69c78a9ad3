package dev.revsync.simulators.hubspot;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneId;
import java.util.ArrayDeque;

/**
 * The portal's API limits, shared by every app and token of the portal (HubSpot limits are per
 * account): the rolling ten-second burst window, search's own per-second limit, and the daily
 * allowance that resets at midnight in the portal's time zone. Counts what it refused, and the most
 * calls it ever saw inside one burst window, so tests can assert clients stayed under the limit.
 * Thread-safe.
 */
final class PortalLimits {
  static final Duration BURST_WINDOW = Duration.ofSeconds(10);
  static final Duration SEARCH_WINDOW = Duration.ofSeconds(1);

  private final Clock clock;
  private final ZoneId zone;
  private final ArrayDeque<Instant> burst = new ArrayDeque<>();
  private final ArrayDeque<Instant> search = new ArrayDeque<>();
  private volatile int burstMax;
  private volatile int searchPerSecond;
  private volatile long dailyMax;
  private LocalDate day;
  private long dayCount;
  private long burstRefusals;
  private long searchRefusals;
  private long dailyRefusals;
  private int mostInBurstWindow;

  PortalLimits(Clock clock, ZoneId zone, int burstMax, int searchPerSecond, long dailyMax) {
    this.clock = clock;
    this.zone = zone;
    this.burstMax = burstMax;
    this.searchPerSecond = searchPerSecond;
    this.dailyMax = dailyMax;
  }

  /** Which limit refused a call. */
  enum Refusal {
    NONE,
    DAILY,
    BURST,
    SEARCH
  }

  /**
   * Admits one call or names the limit that refuses it. Search calls are exempt from the burst
   * window (HubSpot marks them {@code ten-secondly}-exempt) and meet their per-second limit
   * instead; every admitted call counts against the day.
   */
  synchronized Refusal admit(boolean isSearch) {
    Instant now = clock.instant();
    rollDay(now);
    if (dayCount >= dailyMax) {
      dailyRefusals++;
      return Refusal.DAILY;
    }
    if (isSearch) {
      expire(search, now, SEARCH_WINDOW);
      if (search.size() >= searchPerSecond) {
        searchRefusals++;
        return Refusal.SEARCH;
      }
      search.addLast(now);
    } else {
      expire(burst, now, BURST_WINDOW);
      if (burst.size() >= burstMax) {
        burstRefusals++;
        return Refusal.BURST;
      }
      burst.addLast(now);
      mostInBurstWindow = Math.max(mostInBurstWindow, burst.size());
    }
    dayCount++;
    return Refusal.NONE;
  }

  private static void expire(ArrayDeque<Instant> calls, Instant now, Duration window) {
    Instant start = now.minus(window);
    while (!calls.isEmpty() && !calls.peekFirst().isAfter(start)) calls.pollFirst();
  }

  private void rollDay(Instant now) {
    LocalDate today = LocalDate.ofInstant(now, zone);
    if (!today.equals(day)) {
      day = today;
      dayCount = 0;
    }
  }

  synchronized long dailyRemaining() {
    rollDay(clock.instant());
    return Math.max(0, dailyMax - dayCount);
  }

  synchronized int burstRemaining() {
    Instant now = clock.instant();
    expire(burst, now, BURST_WINDOW);
    return Math.max(0, burstMax - burst.size());
  }

  /** When the daily allowance is next reset: midnight in the portal's time zone. */
  Instant nextDailyReset() {
    return LocalDate.ofInstant(clock.instant(), zone).plusDays(1).atStartOfDay(zone).toInstant();
  }

  int burstMax() {
    return burstMax;
  }

  void burstMax(int max) {
    this.burstMax = max;
  }

  void searchPerSecond(int max) {
    this.searchPerSecond = max;
  }

  long dailyMax() {
    return dailyMax;
  }

  void dailyMax(long max) {
    this.dailyMax = max;
  }

  synchronized long burstRefusals() {
    return burstRefusals;
  }

  synchronized long searchRefusals() {
    return searchRefusals;
  }

  synchronized long dailyRefusals() {
    return dailyRefusals;
  }

  synchronized int mostInBurstWindow() {
    return mostInBurstWindow;
  }
}
