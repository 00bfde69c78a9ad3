package dev.revsync.eloqua;

import dev.revsync.FieldType;
import dev.revsync.ProtocolException;
import dev.revsync.spi.Values;
import java.math.BigDecimal;
import java.time.DateTimeException;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.Locale;

/**
 * Turns Eloqua's values into typed record values and back. The Bulk API sends every value as a
 * string (an empty string for no value), so parsing is by the field's declared type.
 *
 * <p>Timestamps: with {@code areSystemTimestampsInUTC} set on every export, system timestamps come
 * in UTC as {@code yyyy-MM-dd HH:mm:ss[.fff]}; ISO forms with {@code T} and a zone are accepted
 * too. Date fields (the listed ones, {@code dataType} {@code date}) are written in the instance's
 * time zone, which the connection's {@code timeZone} setting names.
 */
final class RecordMapping {
  private static final DateTimeFormatter LITERAL =
      DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm:ss", Locale.ROOT).withZone(ZoneOffset.UTC);

  private RecordMapping() {}

  /** The record type of an Eloqua {@code dataType}. Unknown types stay strings. */
  static FieldType typeOf(String dataType) {
    if (dataType == null) return FieldType.STRING;
    return switch (dataType.toLowerCase(Locale.ROOT)) {
      case "text", "largetext", "string", "emailaddress", "email", "picklist", "phone", "url" ->
          FieldType.STRING;
      case "number", "numeric", "decimal", "float", "double", "money", "currency" ->
          FieldType.DECIMAL;
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
    return value(field, parser(field, zone), raw, recordId);
  }

  /**
   * How {@code field}'s text becomes its typed value, resolved once per sync (a pull converts every
   * field of every row); null for a field kept as text.
   */
  static Values.Parser<?> parser(EloquaField field, ZoneId zone) {
    return switch (field.type()) {
      case STRING, ID, REFERENCE, OTHER -> null;
      case INTEGER -> raw -> Values.integer(stripped(raw));
      case DECIMAL -> raw -> Values.decimal(stripped(raw));
      case BOOLEAN -> Values::bool;
      case DATE -> raw -> Values.date(stripped(raw));
      case DATETIME -> {
        ZoneId in = field.isSystem() ? ZoneOffset.UTC : zone;
        yield raw -> Values.instant(raw, in);
      }
    };
  }

  /**
   * {@code s} without surrounding whitespace, as {@link String#strip()} has it; {@code s} itself,
   * unscanned, when it starts and ends with printable ASCII (every value of a pull but a rare one).
   */
  private static String stripped(String s) {
    int n = s.length();
    if (n == 0) return s;
    char first = s.charAt(0);
    char last = s.charAt(n - 1);
    return first > ' ' && first < 0x7F && last > ' ' && last < 0x7F ? s : s.strip();
  }

  /**
   * {@link #value(EloquaField, String, String, ZoneId)} with the field's {@link #parser} already
   * resolved.
   */
  static Object value(EloquaField field, Values.Parser<?> parser, String raw, String recordId) {
    if (raw == null || raw.isEmpty()) return null;
    if (parser == null) return raw;
    try {
      return parser.parse(raw);
    } catch (RuntimeException e) {
      throw new ProtocolException(
          EloquaConfig.SYSTEM,
          "GET /syncs/{id}/data",
          "record "
              + recordId
              + " has a value of "
              + raw.length()
              + " characters in field "
              + field.name()
              + " that is not a valid "
              + field.dataType()
              + " ("
              + e.getMessage()
              + ")",
          "Check the field's data type in Eloqua; the sync resumes from its last checkpoint once it is fixed",
          e);
    }
  }

  /**
   * Reads an Eloqua timestamp ({@code 2024-05-01 10:00:00[.000]}, ISO with {@code T} and a zone, a
   * bare date); no zone means UTC.
   *
   * @throws java.time.DateTimeException when it is none of those
   */
  static Instant parseTimestamp(String raw) {
    return Values.instant(raw);
  }

  /**
   * The timestamp, or null when absent or unreadable (for server times that only tune behaviour).
   */
  static Instant parseTimestampOrNull(String raw) {
    if (raw == null || raw.isBlank()) return null;
    try {
      return parseTimestamp(raw);
    } catch (DateTimeException e) {
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
    if (value instanceof Double || value instanceof Float)
      return BigDecimal.valueOf(((Number) value).doubleValue())
          .stripTrailingZeros()
          .toPlainString();
    return value.toString();
  }
}
