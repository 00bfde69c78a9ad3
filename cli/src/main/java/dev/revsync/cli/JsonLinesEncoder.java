package dev.revsync.cli;

import dev.revsync.Record;
import java.math.BigDecimal;
import java.time.Instant;
import java.time.LocalDate;
import java.time.temporal.TemporalAccessor;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import okio.Buffer;
import okio.ByteString;

/**
 * Encodes records as JSON lines straight into a buffer, byte for byte as Moshi's writer does
 * ({@link Json#line}), but with each field name encoded once per sync instead of once per value: a
 * pull's records share their names, and escaping them again per record was a good part of the
 * file's cost. Not thread-safe: one per sink.
 */
final class JsonLinesEncoder {
  private static final ByteString OPEN_OBJECT = ByteString.encodeUtf8("{\"object\":");
  private static final ByteString ID = ByteString.encodeUtf8(",\"id\":");
  private static final ByteString MODIFIED_AT = ByteString.encodeUtf8(",\"modifiedAt\":");
  private static final ByteString DELETED_TRUE =
      ByteString.encodeUtf8(",\"deleted\":true,\"fields\":{");
  private static final ByteString DELETED_FALSE =
      ByteString.encodeUtf8(",\"deleted\":false,\"fields\":{");
  private static final ByteString NULL = ByteString.encodeUtf8("null");

  /**
   * Moshi's escapes: control characters, the quote, the backslash, and the two JavaScript line
   * separators.
   */
  private static final String[] ESCAPES = new String[128];

  static {
    for (int c = 0; c < 0x20; c++) ESCAPES[c] = String.format("\\u%04x", c);
    ESCAPES['"'] = "\\\"";
    ESCAPES['\\'] = "\\\\";
    ESCAPES['\t'] = "\\t";
    ESCAPES['\b'] = "\\b";
    ESCAPES['\n'] = "\\n";
    ESCAPES['\r'] = "\\r";
    ESCAPES['\f'] = "\\f";
  }

  /** {@code "name":} (with the comma before it where it is not the first), by field name. */
  private final Map<String, ByteString> names = new HashMap<>();

  /** Appends {@code r} as one line, newline included. */
  void encode(Record r, Buffer out) {
    out.write(OPEN_OBJECT);
    string(r.object(), out);
    out.write(ID);
    string(r.id(), out);
    out.write(MODIFIED_AT);
    if (r.modifiedAt() == null) out.write(NULL);
    else instant(r.modifiedAt(), out);
    out.write(r.isDeleted() ? DELETED_TRUE : DELETED_FALSE);
    boolean[] first = {true};
    r.fields()
        .forEach(
            (name, value) -> {
              if (first[0]) {
                first[0] = false;
                name(name, out, false);
              } else {
                name(name, out, true);
              }
              value(value, out);
            });
    out.writeByte('}').writeByte('}').writeByte('\n');
  }

  private void name(String name, Buffer out, boolean comma) {
    ByteString encoded = names.get(name);
    if (encoded == null) {
      Buffer b = new Buffer();
      string(name, b);
      b.writeByte(':');
      encoded = b.readByteString();
      names.put(name, encoded);
    }
    if (comma) out.writeByte(',');
    out.write(encoded);
  }

  private void value(Object v, Buffer out) {
    if (v == null) {
      out.write(NULL);
    } else if (v instanceof String s) {
      string(s, out);
    } else if (v instanceof Boolean b) {
      out.writeUtf8(b ? "true" : "false");
    } else if (v instanceof Long || v instanceof Integer) {
      out.writeDecimalLong(((Number) v).longValue());
    } else if (v instanceof BigDecimal || v instanceof Number) {
      out.writeUtf8(v.toString());
    } else if (v instanceof Instant i) {
      instant(i, out);
    } else if (v instanceof TemporalAccessor) {
      string(v.toString(), out);
    } else if (v instanceof Map<?, ?> m) {
      out.writeByte('{');
      boolean first = true;
      for (Map.Entry<?, ?> e : m.entrySet()) {
        if (!first) out.writeByte(',');
        first = false;
        string(String.valueOf(e.getKey()), out);
        out.writeByte(':');
        value(e.getValue(), out);
      }
      out.writeByte('}');
    } else if (v instanceof List<?> l) {
      out.writeByte('[');
      for (int i = 0; i < l.size(); i++) {
        if (i > 0) out.writeByte(',');
        value(l.get(i), out);
      }
      out.writeByte(']');
    } else {
      string(v.toString(), out);
    }
  }

  /**
   * An instant as the JSON string of {@link Instant#toString()} ({@code 2024-05-20T20:49:32Z},
   * {@code …:32.120Z}; fractions in groups of three digits), written digit by digit for years
   * 0–9999; other years through {@code toString()}. A pull writes several per record, and the JDK's
   * formatter costs more than the rest of the line's numbers together.
   */
  static void instant(Instant instant, Buffer out) {
    long seconds = instant.getEpochSecond();
    long days = Math.floorDiv(seconds, 86_400);
    int secondOfDay = Math.floorMod(seconds, 86_400);
    if (days < MIN_DAY || days > MAX_DAY) {
      string(instant.toString(), out);
      return;
    }
    LocalDate date = LocalDate.ofEpochDay(days);
    out.writeByte('"');
    digits(date.getYear(), 4, out);
    out.writeByte('-');
    digits(date.getMonthValue(), 2, out);
    out.writeByte('-');
    digits(date.getDayOfMonth(), 2, out);
    out.writeByte('T');
    digits(secondOfDay / 3600, 2, out);
    out.writeByte(':');
    digits(secondOfDay / 60 % 60, 2, out);
    out.writeByte(':');
    digits(secondOfDay % 60, 2, out);
    int nanos = instant.getNano();
    if (nanos > 0) {
      out.writeByte('.');
      if (nanos % 1_000_000 == 0) digits(nanos / 1_000_000, 3, out);
      else if (nanos % 1_000 == 0) digits(nanos / 1_000, 6, out);
      else digits(nanos, 9, out);
    }
    out.writeByte('Z').writeByte('"');
  }

  private static final long MIN_DAY = LocalDate.of(0, 1, 1).toEpochDay();
  private static final long MAX_DAY = LocalDate.of(9999, 12, 31).toEpochDay();

  /** {@code value} (not negative) in exactly {@code width} digits, zero-padded. */
  private static void digits(int value, int width, Buffer out) {
    for (int divisor = POWERS[width - 1]; divisor > 0; divisor /= 10)
      out.writeByte('0' + value / divisor % 10);
  }

  private static final int[] POWERS = {
    1, 10, 100, 1_000, 10_000, 100_000, 1_000_000, 10_000_000, 100_000_000
  };

  /** A JSON string: runs without escapes go to okio's UTF-8 encoder whole. */
  private static void string(String s, Buffer out) {
    out.writeByte('"');
    int last = 0;
    int length = s.length();
    for (int i = 0; i < length; i++) {
      char c = s.charAt(i);
      String escape;
      if (c < 128) {
        escape = ESCAPES[c];
        if (escape == null) continue;
      } else if (c == '\u2028') {
        escape = "\\u2028";
      } else if (c == '\u2029') {
        escape = "\\u2029";
      } else {
        continue;
      }
      if (last < i) out.writeUtf8(s, last, i);
      out.writeUtf8(escape);
      last = i + 1;
    }
    if (last < length) out.writeUtf8(s, last, length);
    out.writeByte('"');
  }
}
