package dev.revsync;

import dev.revsync.spi.Sleeper;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicReference;

/**
 * The test clock of core's tests: it moves only when told ({@link #advance}, {@link #set}) or when
 * revsync sleeps on it, which records the sleep and advances the clock at once, so waits are
 * asserted without real time passing. Like a real sleep, sleeping on an interrupted thread throws.
 * Core's tests cannot use the simulators module's {@code SimulatedClock}, hence this one.
 * Thread-safe.
 */
public final class TestClock extends Clock implements Sleeper {
  private final AtomicReference<Instant> now;
  private final List<Duration> sleeps = new CopyOnWriteArrayList<>();

  public TestClock(Instant start) {
    this.now = new AtomicReference<>(start);
  }

  public static TestClock at(String isoInstant) {
    return new TestClock(Instant.parse(isoInstant));
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
      throw new UnsupportedOperationException("a test clock stays in UTC: " + zone);
    return this;
  }

  /** Moves time by {@code d}; returns the new time. */
  public Instant advance(Duration d) {
    return now.updateAndGet(t -> t.plus(d));
  }

  /** Sets the time, forward or back. */
  public void set(Instant instant) {
    now.set(instant);
  }

  /** Records the sleep and advances the clock by it (not by a negative one). */
  @Override
  public void sleep(Duration duration) throws InterruptedException {
    if (Thread.currentThread().isInterrupted())
      throw new InterruptedException("interrupted before sleeping");
    sleeps.add(duration);
    if (!duration.isNegative()) advance(duration);
  }

  /** Every sleep so far, in order. */
  public List<Duration> sleeps() {
    return List.copyOf(sleeps);
  }

  /** The sum of every sleep so far. */
  public Duration slept() {
    return sleeps.stream().reduce(Duration.ZERO, Duration::plus);
  }

  @Override
  public String toString() {
    return "TestClock{" + now.get() + "}";
  }
}
