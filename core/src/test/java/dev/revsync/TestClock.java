package dev.revsync;

import dev.revsync.spi.Sleeper;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;

/**
 * A mutable test clock that is also a {@link Sleeper}: a sleep advances the clock instantly and
 * is recorded, so waits are asserted without real time passing. Core tests cannot depend on the
 * simulators module, hence this small copy of the idea.
 */
public final class TestClock extends Clock implements Sleeper {
  private Instant now;
  private final List<Duration> sleeps = new ArrayList<>();

  public TestClock(Instant start) {
    this.now = start;
  }

  public static TestClock at(String isoInstant) {
    return new TestClock(Instant.parse(isoInstant));
  }

  @Override
  public synchronized void sleep(Duration duration) throws InterruptedException {
    if (Thread.currentThread().isInterrupted()) throw new InterruptedException("interrupted before sleeping");
    sleeps.add(duration);
    now = now.plus(duration);
  }

  public synchronized void advance(Duration duration) {
    now = now.plus(duration);
  }

  /** Every sleep so far, in order. */
  public synchronized List<Duration> sleeps() {
    return List.copyOf(sleeps);
  }

  @Override
  public synchronized Instant instant() {
    return now;
  }

  @Override
  public ZoneId getZone() {
    return ZoneOffset.UTC;
  }

  @Override
  public Clock withZone(ZoneId zone) {
    throw new UnsupportedOperationException("a test clock stays in UTC");
  }
}
