package dev.revsync.simulators.eloqua;

import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.time.OffsetDateTime;
import java.time.ZoneId;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeFormatterBuilder;
import java.time.format.DateTimeParseException;
import java.time.temporal.ChronoField;
import java.util.Locale;

/**
 * Eloqua's date formats: staged data values, filter literals, resource timestamps and ISO
 * durations.
 */
final class EloquaTime {
  private EloquaTime() {}

  /** Staged data renders dates as {@code 2024-05-01 10:00:00.000}. */
  static final DateTimeFormatter DATA =
      DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm:ss.SSS", Locale.ROOT);

  private static final DateTimeFormatter LITERAL =
      new DateTimeFormatterBuilder()
          .append(DateTimeFormatter.ISO_LOCAL_DATE)
          .appendLiteral(' ')
          .append(DateTimeFormatter.ISO_LOCAL_TIME)
          .toFormatter(Locale.ROOT);
  private static final DateTimeFormatter ISO_LOCAL =
      new DateTimeFormatterBuilder()
          .append(DateTimeFormatter.ISO_LOCAL_DATE)
          .appendLiteral('T')
          .append(DateTimeFormatter.ISO_LOCAL_TIME)
          .toFormatter(Locale.ROOT);

  /** Resource timestamps ({@code createdAt} of definitions and syncs). */
  private static final DateTimeFormatter RESOURCE =
      new DateTimeFormatterBuilder()
          .appendPattern("yyyy-MM-dd'T'HH:mm:ss")
          .appendFraction(ChronoField.NANO_OF_SECOND, 3, 3, true)
          .appendLiteral('Z')
          .toFormatter(Locale.ROOT)
          .withZone(java.time.ZoneOffset.UTC);

  static String data(Instant instant, ZoneId zone) {
    return DATA.format(instant.atZone(zone));
  }

  static String resource(Instant instant) {
    return RESOURCE.format(instant);
  }

  /**
   * Parses a filter or import date: {@code 2024-05-01 00:00:00} (fraction optional), {@code
   * 2024-05-01}, or ISO {@code 2024-05-01T00:00:00} with an optional offset or {@code Z}. A value
   * without an offset is read in {@code zone}. Null if it is not a date.
   */
  static Instant parse(String text, ZoneId zone) {
    String s = text.trim();
    try {
      if (s.length() == 10) return LocalDate.parse(s).atStartOfDay(zone).toInstant();
      if (s.length() > 10 && s.charAt(10) == ' ')
        return LocalDateTime.parse(s, LITERAL).atZone(zone).toInstant();
      if (s.endsWith("Z") || s.matches(".*[+-]\\d\\d:?\\d\\d$"))
        return OffsetDateTime.parse(s).toInstant();
      return LocalDateTime.parse(s, ISO_LOCAL).atZone(zone).toInstant();
    } catch (DateTimeParseException e) {
      return null;
    }
  }

  /** An ISO-8601 duration such as {@code PT1H} or {@code P7D}, or null if malformed. */
  static Duration duration(String text) {
    try {
      return Duration.parse(text);
    } catch (DateTimeParseException e) {
      return null;
    }
  }
}
