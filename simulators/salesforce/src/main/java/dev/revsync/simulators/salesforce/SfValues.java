package dev.revsync.simulators.salesforce;

import com.squareup.moshi.JsonWriter;
import java.io.IOException;
import java.math.BigDecimal;
import java.time.Instant;
import java.time.LocalDate;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeParseException;
import java.time.temporal.ChronoUnit;
import java.util.Locale;

/**
 * Renders and parses field values the way Salesforce writes them: datetimes as {@code
 * 2024-05-20T20:49:32.000+0000} in JSON and SOAP, {@code …000Z} in Bulk CSV; dates {@code
 * 2024-05-20}; numbers as numbers; booleans {@code true/false}.
 */
final class SfValues {
  private static final DateTimeFormatter JSON_DATETIME =
      DateTimeFormatter.ofPattern("yyyy-MM-dd'T'HH:mm:ss.SSSxx", Locale.ROOT)
          .withZone(ZoneOffset.UTC);
  private static final DateTimeFormatter CSV_DATETIME =
      DateTimeFormatter.ofPattern("yyyy-MM-dd'T'HH:mm:ss.SSS'Z'", Locale.ROOT)
          .withZone(ZoneOffset.UTC);

  private SfValues() {}

  /** {@code 2024-05-20T20:49:32.000+0000}. */
  static String dateTime(Instant t) {
    return JSON_DATETIME.format(t);
  }

  /** {@code 2024-05-20T20:49:32.000Z}, as Bulk API CSV and SOAP write it. */
  static String dateTimeZ(Instant t) {
    return CSV_DATETIME.format(t);
  }

  /** Salesforce keeps milliseconds. */
  static Instant millis(Instant t) {
    return t == null ? null : t.truncatedTo(ChronoUnit.MILLIS);
  }

  /** Writes {@code value} of {@code field} as a JSON value. */
  static void writeJson(JsonWriter w, SfField field, Object value) throws IOException {
    if (value == null) {
      w.nullValue();
      return;
    }
    switch (field.type()) {
      case "boolean" -> w.value(asBoolean(value));
      case "int", "long" -> w.value(asDecimal(value).longValue());
      case "double", "currency", "percent" -> w.value(asDecimal(value).doubleValue());
      case "datetime" -> w.value(dateTime(asInstant(value)));
      case "date" -> w.value(value.toString());
      default -> w.value(value.toString());
    }
  }

  /** The text form of a value in CSV and XML; null stays null. */
  static String text(SfField field, Object value) {
    if (value == null) return null;
    return switch (field.type()) {
      case "boolean" -> Boolean.toString(asBoolean(value));
      case "int", "long" -> Long.toString(asDecimal(value).longValue());
      case "double", "currency", "percent" -> plain(asDecimal(value));
      case "datetime" -> dateTimeZ(asInstant(value));
      default -> value.toString();
    };
  }

  private static String plain(BigDecimal d) {
    BigDecimal s = d.stripTrailingZeros();
    return (s.scale() < 0 ? s.setScale(0) : s).toPlainString();
  }

  static boolean asBoolean(Object v) {
    return v instanceof Boolean b ? b : Boolean.parseBoolean(v.toString());
  }

  static BigDecimal asDecimal(Object v) {
    if (v instanceof BigDecimal d) return d;
    if (v instanceof Long || v instanceof Integer || v instanceof Short)
      return BigDecimal.valueOf(((Number) v).longValue());
    if (v instanceof Number n) return BigDecimal.valueOf(n.doubleValue());
    return new BigDecimal(v.toString());
  }

  static Instant asInstant(Object v) {
    if (v instanceof Instant i) return i;
    if (v instanceof OffsetDateTime o) return o.toInstant();
    return parseDateTime(v.toString());
  }

  /**
   * Parses a datetime as SOAP and CSV clients send it: ISO 8601 with {@code Z}, an offset such as
   * {@code +00:00} or {@code +0000}, and optional fractional seconds.
   */
  static Instant parseDateTime(String s) {
    String t = s.trim();
    if (t.matches(".*[+-]\\d{4}$"))
      t = t.substring(0, t.length() - 2) + ":" + t.substring(t.length() - 2);
    try {
      return OffsetDateTime.parse(t).toInstant();
    } catch (DateTimeParseException e) {
      return Instant.parse(t);
    }
  }

  /**
   * Converts text sent by a client (SOAP element content) to the stored value of {@code field}.
   *
   * @throws IllegalArgumentException if the text is not a value of the field's type
   */
  static Object parse(SfField field, String text) {
    String s = text.trim();
    try {
      return switch (field.type()) {
        case "boolean" -> {
          if (s.equalsIgnoreCase("true") || s.equals("1")) yield Boolean.TRUE;
          if (s.equalsIgnoreCase("false") || s.equals("0")) yield Boolean.FALSE;
          throw new IllegalArgumentException(text);
        }
        case "int", "long" -> Long.valueOf(new BigDecimal(s).longValueExact());
        case "double", "currency", "percent" -> new BigDecimal(s);
        case "date" -> LocalDate.parse(s.length() > 10 ? s.substring(0, 10) : s);
        case "datetime" -> millis(parseDateTime(s));
        default -> text;
      };
    } catch (RuntimeException e) {
      throw new IllegalArgumentException(text, e);
    }
  }

  /** Brings a value stored by someone else (a test, the framework) to this field's Java type. */
  static Object normalize(SfField field, Object v) {
    if (v == null) return null;
    return switch (field.type()) {
      case "boolean" -> asBoolean(v);
      case "int", "long" -> asDecimal(v).longValue();
      case "double", "currency", "percent" -> asDecimal(v);
      case "datetime" -> asInstant(v);
      case "date" -> v instanceof LocalDate d ? d : LocalDate.parse(v.toString());
      default -> v.toString();
    };
  }
}
