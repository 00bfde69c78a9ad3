package dev.revsync.pipeline;

import dev.revsync.ConfigurationException;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.LocalTime;
import java.time.ZoneOffset;
import java.util.Objects;

/**
 * The daily window in which scheduled pulls run: once a day, between 00:00 and 02:00 UTC. There are
 * no custom pull times — a non-daily pull makes a non-daily pipeline — so the only choice is a
 * narrower window inside those two hours (used by tests and hosts that share the window).
 *
 * <p>Immutable and thread-safe.
 */
public final class PullWindow {
  /** The earliest a pull may start: 00:00 UTC. */
  public static final LocalTime EARLIEST = LocalTime.MIDNIGHT;

  /** The latest a pull may run: 02:00 UTC. */
  public static final LocalTime LATEST = LocalTime.of(2, 0);

  private static final PullWindow DAILY = new PullWindow(EARLIEST, LATEST);

  private final LocalTime opens;
  private final LocalTime closes;

  private PullWindow(LocalTime opens, LocalTime closes) {
    this.opens = opens;
    this.closes = closes;
  }

  /** The standard window: every day 00:00–02:00 UTC. */
  public static PullWindow daily() {
    return DAILY;
  }

  /**
   * A window inside 00:00–02:00 UTC.
   *
   * @throws ConfigurationException for any time outside it: custom pull times are not supported
   */
  public static PullWindow between(LocalTime opens, LocalTime closes) {
    Objects.requireNonNull(opens, "opens");
    Objects.requireNonNull(closes, "closes");
    if (opens.isBefore(EARLIEST) || closes.isAfter(LATEST) || !opens.isBefore(closes)) {
      throw customTimes(opens + "–" + closes + " UTC");
    }
    return new PullWindow(opens, closes);
  }

  /**
   * Refuses a custom schedule (a cron expression, an interval, another time of day) with the error
   * hosts see; scheduled pulls are daily in 00:00–02:00 UTC only.
   */
  public static ConfigurationException customTimes(String requested) {
    return new ConfigurationException(
        "revsync",
        "PullWindow",
        "custom pull schedule '"
            + requested
            + "' refused: scheduled pulls run once a day between 00:00 and 02:00 UTC, never at custom times",
        "Remove the custom schedule; use PullWindow.daily() or a narrower window inside 00:00–02:00 UTC",
        null);
  }

  public LocalTime opens() {
    return opens;
  }

  public LocalTime closes() {
    return closes;
  }

  public Duration length() {
    return Duration.between(opens, closes);
  }

  /** When the window opens on {@code day}. */
  public Instant opensAt(LocalDate day) {
    return day.atTime(opens).toInstant(ZoneOffset.UTC);
  }

  /** When the window closes on {@code day}: the deadline of that day's syncs. */
  public Instant closesAt(LocalDate day) {
    return day.atTime(closes).toInstant(ZoneOffset.UTC);
  }

  /** True if {@code now} is inside the window (opening instant included, closing excluded). */
  public boolean contains(Instant now) {
    LocalDate day = LocalDate.ofInstant(now, ZoneOffset.UTC);
    return !now.isBefore(opensAt(day)) && now.isBefore(closesAt(day));
  }

  /**
   * The next opening at or after {@code now}: today's if {@code now} has not passed it, else
   * tomorrow's.
   */
  public Instant nextOpening(Instant now) {
    LocalDate day = LocalDate.ofInstant(now, ZoneOffset.UTC);
    Instant today = opensAt(day);
    return now.isAfter(today) ? opensAt(day.plusDays(1)) : today;
  }

  @Override
  public boolean equals(Object o) {
    return o instanceof PullWindow
        && ((PullWindow) o).opens.equals(opens)
        && ((PullWindow) o).closes.equals(closes);
  }

  @Override
  public int hashCode() {
    return Objects.hash(opens, closes);
  }

  @Override
  public String toString() {
    return "PullWindow{daily " + opens + "–" + closes + " UTC}";
  }
}
