package dev.revsync.simulators.salesforce;

import dev.revsync.simulators.DailyLimitCounter;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;

/**
 * The org's daily API request allocation over a rolling 24 hours: every counted REST, SOAP and Bulk
 * request takes one; when none is left the org is refused ({@code REQUEST_LIMIT_EXCEEDED}) until
 * calls older than 24 hours drop out. Tests can set what is left ({@link #setRemaining}); that
 * usage counts as made at the moment it is set and ages out like real calls. Thread-safe.
 */
final class ApiAllocation {
  private final Clock clock;

  /** Counts calls only; the allocation is enforced here so a preset can also give room back. */
  private final DailyLimitCounter counter;

  private volatile long max;

  /**
   * Usage set by a test (may be negative to give room back) and when; it expires 24 hours later.
   */
  private long presetUsage;

  private Instant presetAt;

  ApiAllocation(Clock clock, long max) {
    this.clock = clock;
    this.counter = DailyLimitCounter.rolling24h(clock, Long.MAX_VALUE);
    this.max = max;
  }

  /** Takes one request from the allocation; false (nothing taken) when it is spent. */
  synchronized boolean tryConsume() {
    if (used() >= max) return false;
    return counter.tryConsume();
  }

  synchronized long used() {
    return Math.max(0, counter.used() + preset());
  }

  long max() {
    return max;
  }

  synchronized long remaining() {
    return Math.max(0, max - used());
  }

  synchronized void setMax(long max) {
    this.max = max;
  }

  /** Makes {@code remaining} requests available now. */
  synchronized void setRemaining(long remaining) {
    if (remaining < 0) throw new IllegalArgumentException("remaining must be >= 0: " + remaining);
    long wantedUsed = Math.max(0, max - remaining);
    presetUsage = wantedUsed - counter.used();
    presetAt = clock.instant();
  }

  private long preset() {
    if (presetAt == null) return 0;
    if (!clock.instant().isBefore(presetAt.plus(Duration.ofHours(24)))) {
      presetAt = null;
      presetUsage = 0;
      return 0;
    }
    return presetUsage;
  }
}
