package dev.revsync.simulators;

import dev.revsync.spi.Sleeper;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.util.Objects;

/**
 * Real time run faster: from an anchor, every real second is {@code factor} seconds of this clock,
 * and a {@link #sleep(Duration)} (revsync's backoff, job polling, rate limiting, a simulator's
 * latency) blocks for the real time that is that much of this clock. Unlike {@link SimulatedClock},
 * nothing is skipped: a two-hour window at factor 36 takes 200 real seconds, and every wait,
 * latency and job's preparation inside it keeps its share of those seconds.
 *
 * <p>The anchor is wall-clock time ({@link Clock#systemUTC()}), not {@link System#nanoTime()}, so
 * two processes given the same {@link #spec()} read the same scaled time (a simulator in one JVM, a
 * pipeline in another).
 *
 * <p>Thread-safe and immutable.
 */
public final class ScaledClock extends Clock implements Sleeper {
  private final Instant realAnchor;
  private final Instant scaledAnchor;
  private final double factor;
  private final Clock real;

  private ScaledClock(Instant realAnchor, Instant scaledAnchor, double factor, Clock real) {
    if (!(factor >= 1 && factor <= 10_000))
      throw new IllegalArgumentException("factor must be in 1..10000: " + factor);
    this.realAnchor = Objects.requireNonNull(realAnchor, "realAnchor");
    this.scaledAnchor = Objects.requireNonNull(scaledAnchor, "scaledAnchor");
    this.factor = factor;
    this.real = real;
  }

  /** A clock that reads {@code start} now and runs {@code factor} times as fast as real time. */
  public static ScaledClock startingAt(Instant start, double factor) {
    Clock real = Clock.systemUTC();
    return new ScaledClock(real.instant(), start, factor, real);
  }

  /**
   * The clock described by {@link #spec()}: {@code <real anchor>/<scaled anchor>/<factor>}, such as
   * {@code 2026-12-03T10:00:00Z/2026-12-03T23:59:00Z/36.0}.
   *
   * @throws IllegalArgumentException if {@code spec} is not such a string
   */
  public static ScaledClock parse(String spec) {
    String[] parts = spec.split("/", -1);
    if (parts.length != 3)
      throw new IllegalArgumentException(
          "a scaled clock is <real anchor>/<scaled anchor>/<factor>, not: " + spec);
    return new ScaledClock(
        Instant.parse(parts[0]),
        Instant.parse(parts[1]),
        Double.parseDouble(parts[2]),
        Clock.systemUTC());
  }

  /** This clock as a string {@link #parse(String)} reads, to share it with another process. */
  public String spec() {
    return realAnchor + "/" + scaledAnchor + "/" + factor;
  }

  public double factor() {
    return factor;
  }

  @Override
  public Instant instant() {
    long realNanos = Duration.between(realAnchor, real.instant()).toNanos();
    return scaledAnchor.plusNanos(Math.round(realNanos * factor));
  }

  @Override
  public ZoneId getZone() {
    return ZoneOffset.UTC;
  }

  @Override
  public Clock withZone(ZoneId zone) {
    if (!ZoneOffset.UTC.equals(zone))
      throw new UnsupportedOperationException("a scaled clock is UTC only");
    return this;
  }

  /** The real time that {@code scaled} of this clock takes. */
  public Duration toReal(Duration scaled) {
    return Duration.ofNanos(Math.round(scaled.toNanos() / factor));
  }

  /** Blocks for the real time that {@code duration} of this clock takes. */
  @Override
  public void sleep(Duration duration) throws InterruptedException {
    if (duration.isNegative() || duration.isZero()) return;
    Sleeper.SYSTEM.sleep(toReal(duration));
  }

  @Override
  public String toString() {
    return "ScaledClock{" + instant() + " at " + factor + "x}";
  }
}
