package dev.revsync.simulators;

import dev.revsync.spi.Sleeper;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.util.concurrent.atomic.AtomicReference;

/**
 * A clock that moves only when told: {@link #advance(Duration)}, {@link #set(Instant)}, or a {@link
 * #sleep(Duration)} by revsync (backoff, polling), which advances it at once. Give the same
 * instance to a simulator and a connection's config and a whole day runs in milliseconds.
 *
 * <p>Thread-safe.
 */
public final class SimulatedClock extends Clock implements Sleeper {
  private final AtomicReference<Instant> now;

  public SimulatedClock(Instant start) {
    this.now = new AtomicReference<>(start);
  }

  /** A clock at {@code iso}, such as {@code 2026-11-28T00:00:00Z}. */
  public static SimulatedClock at(String iso) {
    return new SimulatedClock(Instant.parse(iso));
  }

  @Override
  public Instant instant() {
    return now.get();
  }

  @Override
  public ZoneId getZone() {
    return ZoneOffset.UTC;
  }

  @Override
  public Clock withZone(ZoneId zone) {
    if (!ZoneOffset.UTC.equals(zone))
      throw new UnsupportedOperationException("a simulated clock is UTC only");
    return this;
  }

  /** Moves time forward by {@code d}; returns the new time. */
  public Instant advance(Duration d) {
    if (d.isNegative()) throw new IllegalArgumentException("time does not go back: " + d);
    return now.updateAndGet(t -> t.plus(d));
  }

  /** Sets the time; it may not go back. */
  public void set(Instant instant) {
    now.updateAndGet(
        t -> {
          if (instant.isBefore(t))
            throw new IllegalArgumentException("time does not go back: " + t + " -> " + instant);
          return instant;
        });
  }

  /** Advances the clock instead of waiting. */
  @Override
  public void sleep(Duration duration) {
    if (!duration.isNegative()) advance(duration);
  }

  @Override
  public String toString() {
    return "SimulatedClock{" + now.get() + "}";
  }
}
