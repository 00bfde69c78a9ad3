package dev.revsync.benchmarks;

import dev.revsync.spi.Sleeper;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.util.concurrent.atomic.AtomicLong;

/**
 * Real time, except that waits are skipped: a {@link Sleeper} wait (job polling intervals, retry
 * backoff) moves this clock forward at once instead of blocking. Throughput runs use it so a Bulk
 * job's fixed polling interval (seconds, on every job) does not hide what the connector costs per
 * record; the time skipped is reported beside the result. Thread-safe.
 */
final class SkipWaitsClock extends Clock implements Sleeper {
  private final Clock real;
  private final AtomicLong skippedNanos = new AtomicLong();

  SkipWaitsClock(Clock real) {
    this.real = real;
  }

  @Override
  public Instant instant() {
    return real.instant().plusNanos(skippedNanos.get());
  }

  @Override
  public ZoneId getZone() {
    return ZoneOffset.UTC;
  }

  @Override
  public Clock withZone(ZoneId zone) {
    if (!ZoneOffset.UTC.equals(zone)) throw new UnsupportedOperationException("UTC only");
    return this;
  }

  @Override
  public void sleep(Duration duration) {
    if (!duration.isNegative()) skippedNanos.addAndGet(duration.toNanos());
  }

  /** The waits skipped so far. */
  Duration skipped() {
    return Duration.ofNanos(skippedNanos.get());
  }
}
