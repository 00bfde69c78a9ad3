package dev.revsync.eloqua;

import dev.revsync.FieldType;
import dev.revsync.ProtocolException;
import java.math.BigDecimal;
import java.time.Instant;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.time.Month;
import java.time.OffsetDateTime;
import java.time.Year;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeParseException;
import java.util.Locale;

/**
 * Turns Eloqua's values into typed record values and back. The Bulk API sends every value as a
 * string (an empty string for no value), so parsing is by the field's declared type.
 *
 * <p>Timestamps: with {@code areSystemTimestampsInUTC} set on every export, system timestamps come
 * in UTC as {@code yyyy-MM-dd HH:mm:ss[.fff]}; ISO forms with {@code T} and a zone are accepted too.
 * Date fields (the listed ones, {@code dataType} {@code date}) are written in the instance's time
 * zone, which the connection's {@code timeZone} setting names.
 */
final class RecordMapping {
  private static final DateTimeFormatter LITERAL =
      DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm:ss", Locale.ROOT).withZone(ZoneOffset.UTC);

  private RecordMapping() {}

  /** The record type of an Eloqua {@code dataType}. Unknown types stay strings. */
  static FieldType typeOf(String dataType) {
    if (dataType == null) return FieldType.STRING;
    return switch (dataType.toLowerCase(Locale.ROOT)) {
      case "text", "largetext", "string", "emailaddress", "email", "picklist", "phone", "url" -> FieldType.STRING;
      case "number", "numeric", "decimal", "float", "double", "money", "currency" -> FieldType.DECIMAL;
      case "integer", "int", "long" -> FieldType.INTEGER;
      case "date", "datetime", "timestamp" -> FieldType.DATETIME;
      case "boolean", "bool", "checkbox" -> FieldType.BOOLEAN;
      default -> FieldType.OTHER;
    };
  }

  /**
   * The typed value of {@code raw} for {@code field}; null for an empty value.
   *
   * @throws ProtocolException when the value does not fit the field's type
   */
  static Object value(EloquaField field, String raw, String recordId, ZoneId zone) {
    if (raw == null || raw.isEmpty()) return null;
    try {
      return switch (field.type()) {
        case STRING, ID, REFERENCE, OTHER -> raw;
        case INTEGER -> Long.parseLong(raw.trim());
        case DECIMAL -> new BigDecimal(raw.trim());
        case BOOLEAN -> parseBoolean(raw);
        case DATE -> LocalDate.parse(raw.trim().substring(0, Math.min(10, raw.trim().length())));
        case DATETIME -> parseTimestamp(raw, field.isSystem() ? ZoneOffset.UTC : zone);
      };
    } catch (RuntimeException e) {
      throw new ProtocolException(EloquaConfig.SYSTEM, "GET /syncs/{id}/data",
          "record " + recordId + " has a value of " + raw.length() + " characters in field " + field.name()
              + " that is not a valid " + field.dataType() + " (" + e.getMessage() + ")",
          "Check the field's data type in Eloqua; the sync resumes from its last checkpoint once it is fixed", e);
    }
  }

  private static Boolean parseBoolean(String raw) {
    return switch (raw.trim().toLowerCase(Locale.ROOT)) {
      case "true", "1", "yes", "y", "on" -> Boolean.TRUE;
      case "false", "0", "no", "n", "off" -> Boolean.FALSE;
      default -> throw new IllegalArgumentException("not a boolean");
    };
  }

  /**
   * Reads an Eloqua timestamp: {@code 2024-05-01 10:00:00}, {@code 2024-05-01 10:00:00.000},
   * {@code 2024-05-01T10:00:00.1234567Z}, {@code 2024-05-01T10:00:00+02:00} or a bare date. No zone
   * means UTC.
   *
   * @throws DateTimeParseException when it is none of those
   */
  static Instant parseTimestamp(String raw) {
    return parseTimestamp(raw, ZoneOffset.UTC);
  }

  /**
   * {@link #parseTimestamp(String)} reading a value without a zone in {@code zone}. The shapes the
   * Bulk API writes ({@code yyyy-MM-dd HH:mm:ss.SSS}, ISO with {@code T}, {@code Z} or
   * {@code ±HH:MM}, a bare date) are read by hand in their valid ranges; anything else goes through
   * the JDK's ISO parsers, which decide what it means or name the problem.
   */
  static Instant parseTimestamp(String raw, ZoneId zone) {
    Instant fast = parseCommonTimestamp(raw, zone);
    return fast != null ? fast : parseTimestampWithFormatter(raw, zone);
  }

  /** {@code yyyy-MM-dd} or {@code yyyy-MM-dd[ T]HH:mm:ss[.f{1,9}][Z|z|±HH:MM]} in valid ranges, else null. */
  static Instant parseCommonTimestamp(String s, ZoneId zone) {
    int n = s.length();
    if (n != 10 && n < 19) return null;
    if (s.charAt(4) != '-' || s.charAt(7) != '-') return null;
    int year = digits(s, 0, 4);
    int month = digits(s, 5, 2);
    int day = digits(s, 8, 2);
    if (year < 0 || month < 1 || month > 12 || day < 1 || day > Month.of(month).length(Year.isLeap(year))) return null;
    if (n == 10) {
      LocalDate date = LocalDate.of(year, month, day);
      return zone instanceof ZoneOffset offset
          ? Instant.ofEpochSecond(date.toEpochDay() * 86_400 - offset.getTotalSeconds())
          : date.atStartOfDay(zone).toInstant();
    }
    char separator = s.charAt(10);
    if ((separator != ' ' && separator != 'T') || s.charAt(13) != ':' || s.charAt(16) != ':') return null;
    int hour = digits(s, 11, 2);
    int minute = digits(s, 14, 2);
    int second = digits(s, 17, 2);
    if (hour < 0 || hour > 23 || minute < 0 || minute > 59 || second < 0 || second > 59) return null;
    int i = 19;
    int nanos = 0;
    if (i < n && s.charAt(i) == '.') {
      int start = ++i;
      while (i < n && i - start < 9 && isDigit(s.charAt(i))) nanos = nanos * 10 + (s.charAt(i++) - '0');
      int length = i - start;
      if (length == 0 || (i < n && isDigit(s.charAt(i)))) return null;
      for (int k = length; k < 9; k++) nanos *= 10;
    }
    long local = LocalDate.of(year, month, day).toEpochDay() * 86_400 + hour * 3600 + minute * 60 + second;
    if (i == n) {
      // No zone: the instance's (UTC for system timestamps).
      if (zone instanceof ZoneOffset offset) return Instant.ofEpochSecond(local - offset.getTotalSeconds(), nanos);
      return LocalDateTime.of(year, month, day, hour, minute, second, nanos).atZone(zone).toInstant();
    }
    char c = s.charAt(i);
    if ((c == 'Z' || c == 'z') && i + 1 == n) return Instant.ofEpochSecond(local, nanos);
    if ((c == '+' || c == '-') && n == i + 6 && s.charAt(i + 3) == ':') {
      int hours = digits(s, i + 1, 2);
      int minutes = digits(s, i + 4, 2);
      if (hours < 0 || hours > 17 || minutes < 0 || minutes > 59) return null;
      int offsetSeconds = (c == '-' ? -1 : 1) * (hours * 3600 + minutes * 60);
      return Instant.ofEpochSecond(local - offsetSeconds, nanos);
    }
    return null;
  }

  /** The general path: the JDK's ISO parsers, with their own error for what they refuse. */
  static Instant parseTimestampWithFormatter(String raw, ZoneId zone) {
    String s = raw.trim();
    if (s.length() == 10) return LocalDate.parse(s).atStartOfDay(zone).toInstant();
    if (s.length() > 10 && s.charAt(10) == ' ') s = s.substring(0, 10) + 'T' + s.substring(11);
    if (s.endsWith("Z") || s.endsWith("z")) return OffsetDateTime.parse(s.toUpperCase(Locale.ROOT)).toInstant();
    int t = s.indexOf('T');
    if (t > 0 && (s.indexOf('+', t) > 0 || s.indexOf('-', t) > 0)) return OffsetDateTime.parse(s).toInstant();
    return LocalDateTime.parse(s).atZone(zone).toInstant();
  }

  /** The ASCII digits at {@code [from, from + count)} as a number, or -1 if any is not one. */
  private static int digits(String s, int from, int count) {
    if (from + count > s.length()) return -1;
    int v = 0;
    for (int i = from; i < from + count; i++) {
      char c = s.charAt(i);
      if (!isDigit(c)) return -1;
      v = v * 10 + (c - '0');
    }
    return v;
  }

  private static boolean isDigit(char c) {
    return c >= '0' && c <= '9';
  }

  /** The timestamp, or null when absent or unreadable (for server times that only tune behaviour). */
  static Instant parseTimestampOrNull(String raw) {
    if (raw == null || raw.isBlank()) return null;
    try {
      return parseTimestamp(raw);
    } catch (DateTimeParseException e) {
      return null;
    }
  }

  /** A filter literal in the documented form {@code yyyy-MM-dd HH:mm:ss} (UTC; sub-seconds cut). */
  static String literal(Instant instant) {
    return LITERAL.format(instant);
  }

  /**
   * An import value: dates as {@code yyyy-MM-dd HH:mm:ss} in the instance's zone (as Eloqua reads
   * them), numbers in plain digits, an empty string for null (clears the field).
   */
  static String importValue(Object value, ZoneId zone) {
    if (value == null) return "";
    if (value instanceof Instant i) return LITERAL.withZone(zone).format(i);
    if (value instanceof OffsetDateTime o) return LITERAL.withZone(zone).format(o.toInstant());
    if (value instanceof BigDecimal d) return d.toPlainString();
    if (value instanceof Double || value instanceof Float) return BigDecimal.valueOf(((Number) value).doubleValue())
        .stripTrailingZeros().toPlainString();
    return value.toString();
  }
}
