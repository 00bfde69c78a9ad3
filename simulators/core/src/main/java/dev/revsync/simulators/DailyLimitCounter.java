package dev.revsync.simulators;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayDeque;

/**
 * A system's own daily API allowance as a simulator enforces it: either per UTC day or rolling over
 * the last 24 hours (Salesforce). Thread-safe.
 */
public final class DailyLimitCounter {
  private final Clock clock;
  private final boolean rolling;
  private volatile long max;
  private final ArrayDeque<Instant> rollingCalls = new ArrayDeque<>();
  private long dayCount;
  private long day = Long.MIN_VALUE;

  private DailyLimitCounter(Clock clock, long max, boolean rolling) {
    this.clock = clock;
    this.max = max;
    this.rolling = rolling;
  }

  /** Resets at 00:00 UTC. */
  public static DailyLimitCounter perUtcDay(Clock clock, long max) {
    return new DailyLimitCounter(clock, max, false);
  }

  /** Counts the calls of the last 24 hours. */
  public static DailyLimitCounter rolling24h(Clock clock, long max) {
    return new DailyLimitCounter(clock, max, true);
  }

  /** Counts one call if the allowance has room; false (nothing counted) if it is spent. */
  public synchronized boolean tryConsume() {
    expire();
    long used = rolling ? rollingCalls.size() : dayCount;
    if (used >= max) return false;
    if (rolling) rollingCalls.addLast(clock.instant());
    else dayCount++;
    return true;
  }

  public synchronized long used() {
    expire();
    return rolling ? rollingCalls.size() : dayCount;
  }

  public long max() {
    return max;
  }

  public void setMax(long max) {
    this.max = max;
  }

  public synchronized long remaining() {
    return Math.max(0, max - used());
  }

  private void expire() {
    Instant now = clock.instant();
    if (rolling) {
      Instant cutoff = now.minus(Duration.ofHours(24));
      while (!rollingCalls.isEmpty() && !rollingCalls.peekFirst().isAfter(cutoff))
        rollingCalls.removeFirst();
    } else {
      long today = Math.floorDiv(now.getEpochSecond(), 86_400);
      if (today != day) {
        day = today;
        dayCount = 0;
      }
    }
  }
}
