package dev.revsync.spi;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicReference;

/**
 * A test clock that moves only when told, or when revsync sleeps on it: each sleep is recorded
 * and advances the clock at once. Thread-safe.
 */
public final class RecordingClock extends Clock implements Sleeper {
  private final AtomicReference<Instant> now;
  private final List<Duration> sleeps = new CopyOnWriteArrayList<>();

  public RecordingClock(Instant start) {
    this.now = new AtomicReference<>(start);
  }

  public static RecordingClock at(String iso) {
    return new RecordingClock(Instant.parse(iso));
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
    return this;
  }

  public Instant advance(Duration d) {
    return now.updateAndGet(t -> t.plus(d));
  }

  public void set(Instant instant) {
    now.set(instant);
  }

  @Override
  public void sleep(Duration duration) {
    sleeps.add(duration);
    advance(duration);
  }

  /** Every sleep so far, in order. */
  public List<Duration> sleeps() {
    return List.copyOf(sleeps);
  }

  public Duration slept() {
    return sleeps.stream().reduce(Duration.ZERO, Duration::plus);
  }
}
