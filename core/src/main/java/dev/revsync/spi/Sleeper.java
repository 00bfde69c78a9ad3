package dev.revsync.spi;

import java.time.Clock;
import java.time.Duration;

/**
 * Waits. Every wait in revsync (retry backoff, {@code Retry-After}, job polling, rate limiting)
 * goes through a sleeper, so a test clock that also implements {@code Sleeper} turns waits into
 * instant clock advances. Implementations must be thread-safe; {@link #SYSTEM} is.
 */
@FunctionalInterface
public interface Sleeper {
  /** Real time: {@link Thread#sleep}. */
  Sleeper SYSTEM =
      d -> {
        if (!d.isNegative() && !d.isZero())
          Thread.sleep(d.toMillis(), (int) (d.toNanos() % 1_000_000));
      };

  /** Waits for {@code duration} (not at all when it is zero or negative). */
  void sleep(Duration duration) throws InterruptedException;

  /** The clock itself when it is a sleeper (a simulated clock), else {@link #SYSTEM}. */
  static Sleeper forClock(Clock clock) {
    return clock instanceof Sleeper ? (Sleeper) clock : SYSTEM;
  }
}
