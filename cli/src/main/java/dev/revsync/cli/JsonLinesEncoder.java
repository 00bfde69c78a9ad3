package dev.revsync.cli;

import dev.revsync.Record;
import java.io.IOException;
import java.io.OutputStream;
import java.math.BigDecimal;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.time.LocalDate;
import java.time.temporal.TemporalAccessor;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.function.BiConsumer;

/**
 * Encodes records as JSON lines into a byte array of its own, byte for byte as Moshi's writer does
 * ({@link Json#line}). A line is written in one pass over each value (escapes and UTF-8 together,
 * no okio segment per byte), and each field name is encoded once per sync: names are remembered by
 * their position in the record, so a shaped record's names (the same strings for every record) are
 * found by reference, and others through a map. A pull writes several hundred bytes per record, and
 * this encoding was as costly as the pull itself. Not thread-safe: one per sink.
 */
final class JsonLinesEncoder {
  private static final byte[] OPEN_OBJECT = ascii("{\"object\":");
  private static final byte[] ID = ascii(",\"id\":");
  private static final byte[] MODIFIED_AT = ascii(",\"modifiedAt\":");
  private static final byte[] DELETED_TRUE = ascii(",\"deleted\":true,\"fields\":{");
  private static final byte[] DELETED_FALSE = ascii(",\"deleted\":false,\"fields\":{");
  private static final byte[] NULL = ascii("null");
  private static final byte[] TRUE = ascii("true");
  private static final byte[] FALSE = ascii("false");

  /**
   * Moshi's escapes: control characters, the quote, the backslash, and the two JavaScript line
   * separators (these two are handled apart); null where an ASCII character goes as itself.
   */
  private static final byte[][] ESCAPES = new byte[128][];

  static {
    for (int c = 0; c < 0x20; c++) ESCAPES[c] = ascii(String.format("\\u%04x", c));
    ESCAPES['"'] = ascii("\\\"");
    ESCAPES['\\'] = ascii("\\\\");
    ESCAPES['\t'] = ascii("\\t");
    ESCAPES['\b'] = ascii("\\b");
    ESCAPES['\n'] = ascii("\\n");
    ESCAPES['\r'] = ascii("\\r");
    ESCAPES['\f'] = ascii("\\f");
  }

  private static final byte[] LS = ascii("\\u2028");
  private static final byte[] PS = ascii("\\u2029");

  private byte[] bytes = new byte[1 << 17];
  private int size;

  /** The last record's field names by position, and their {@code "name":} encodings. */
  private String[] lastNames = new String[0];

  private byte[][] lastEncoded = new byte[0][];

  /** Every name encoded so far, for records whose names are not the last record's strings. */
  private final Map<String, byte[]> names = new HashMap<>();

  private final FieldWriter fieldWriter = new FieldWriter();

  /** A string's chars while it is encoded (see {@link #string}). */
  private char[] chars = new char[256];

  /** Appends {@code r} as one line, newline included. */
  void encode(Record r) {
    write(OPEN_OBJECT);
    string(r.object());
    write(ID);
    string(r.id());
    write(MODIFIED_AT);
    if (r.modifiedAt() == null) write(NULL);
    else instant(r.modifiedAt());
    write(r.isDeleted() ? DELETED_TRUE : DELETED_FALSE);
    fieldWriter.position = 0;
    r.fields().forEach(fieldWriter);
    ensure(3);
    bytes[size++] = '}';
    bytes[size++] = '}';
    bytes[size++] = '\n';
  }

  /** The bytes encoded and not yet written. */
  int size() {
    return size;
  }

  /** Writes what is encoded to {@code out} and starts empty. */
  void writeTo(OutputStream out) throws IOException {
    out.write(bytes, 0, size);
    size = 0;
  }

  /** What is encoded, as text, emptying the encoder (for tests). */
  String take() {
    String s = new String(bytes, 0, size, StandardCharsets.UTF_8);
    size = 0;
    return s;
  }

  /** Writes one field, with the comma before every field but the first. */
  private final class FieldWriter implements BiConsumer<String, Object> {
    int position;

    @Override
    public void accept(String name, Object value) {
      if (position > 0) {
        ensure(1);
        bytes[size++] = ',';
      }
      write(name(name, position++));
      value(value);
    }
  }

  /** {@code "name":} for the field at {@code position}. */
  // Identity on purpose: a shaped record's names are the shape's strings, the same for every
  // record, so == finds them without hashing; an equal string of another record takes the map.
  @SuppressWarnings("ReferenceEquality")
  private byte[] name(String name, int position) {
    if (position < lastNames.length && lastNames[position] == name) return lastEncoded[position];
    byte[] encoded = names.get(name);
    if (encoded == null) {
      int mark = size;
      string(name);
      ensure(1);
      bytes[size++] = ':';
      encoded = Arrays.copyOfRange(bytes, mark, size);
      size = mark;
      names.put(name, encoded);
    }
    if (position >= lastNames.length) {
      int grown = Math.max(position + 1, lastNames.length * 2);
      lastNames = Arrays.copyOf(lastNames, grown);
      lastEncoded = Arrays.copyOf(lastEncoded, grown);
    }
    lastNames[position] = name;
    lastEncoded[position] = encoded;
    return encoded;
  }

  private void value(Object v) {
    if (v == null) {
      write(NULL);
    } else if (v instanceof String s) {
      string(s);
    } else if (v instanceof Boolean b) {
      write(b ? TRUE : FALSE);
    } else if (v instanceof Long || v instanceof Integer) {
      decimal(((Number) v).longValue());
    } else if (v instanceof BigDecimal || v instanceof Number) {
      latin1(v.toString());
    } else if (v instanceof Instant i) {
      instant(i);
    } else if (v instanceof LocalDate d && d.getYear() >= 0 && d.getYear() <= 9999) {
      // As LocalDate.toString spells years 0–9999, without the string.
      ensure(12);
      bytes[size++] = '"';
      date(d);
      bytes[size++] = '"';
    } else if (v instanceof TemporalAccessor) {
      string(v.toString());
    } else if (v instanceof Map<?, ?> m) {
      write('{');
      boolean first = true;
      for (Map.Entry<?, ?> e : m.entrySet()) {
        if (!first) write(',');
        first = false;
        string(String.valueOf(e.getKey()));
        write(':');
        value(e.getValue());
      }
      write('}');
    } else if (v instanceof List<?> l) {
      write('[');
      for (int i = 0; i < l.size(); i++) {
        if (i > 0) write(',');
        value(l.get(i));
      }
      write(']');
    } else {
      string(v.toString());
    }
  }

  /**
   * An instant as the JSON string of {@link Instant#toString()} ({@code 2024-05-20T20:49:32Z},
   * {@code …:32.120Z}; fractions in groups of three digits), written digit by digit for years
   * 0–9999; other years through {@code toString()}. A pull writes several per record, and the JDK's
   * formatter costs more than the rest of the line's numbers together.
   */
  void instant(Instant instant) {
    long seconds = instant.getEpochSecond();
    long days = Math.floorDiv(seconds, 86_400);
    int secondOfDay = Math.floorMod(seconds, 86_400);
    if (days < MIN_DAY || days > MAX_DAY) {
      string(instant.toString());
      return;
    }
    ensure(32);
    bytes[size++] = '"';
    // Records of a pull often share a day (and a record's timestamps nearly always do): the
    // date's ten bytes are kept from the last instant.
    if (days != lastDay) {
      int mark = size;
      date(LocalDate.ofEpochDay(days));
      bytes[size++] = 'T';
      System.arraycopy(bytes, mark, lastDate, 0, 11);
      lastDay = days;
    } else {
      System.arraycopy(lastDate, 0, bytes, size, 11);
      size += 11;
    }
    digits(secondOfDay / 3600, 2);
    bytes[size++] = ':';
    digits(secondOfDay / 60 % 60, 2);
    bytes[size++] = ':';
    digits(secondOfDay % 60, 2);
    int nanos = instant.getNano();
    if (nanos > 0) {
      bytes[size++] = '.';
      if (nanos % 1_000_000 == 0) digits(nanos / 1_000_000, 3);
      else if (nanos % 1_000 == 0) digits(nanos / 1_000, 6);
      else digits(nanos, 9);
    }
    bytes[size++] = 'Z';
    bytes[size++] = '"';
  }

  /** The epoch day of the last instant written, and its {@code yyyy-MM-ddT}. */
  private long lastDay = Long.MIN_VALUE;

  private final byte[] lastDate = new byte[11];

  private static final long MIN_DAY = LocalDate.of(0, 1, 1).toEpochDay();
  private static final long MAX_DAY = LocalDate.of(9999, 12, 31).toEpochDay();

  /** {@code yyyy-MM-dd} of a date of years 0–9999; room ensured. */
  private void date(LocalDate d) {
    digits(d.getYear(), 4);
    bytes[size++] = '-';
    digits(d.getMonthValue(), 2);
    bytes[size++] = '-';
    digits(d.getDayOfMonth(), 2);
  }

  /** {@code value} (not negative) in exactly {@code width} digits, zero-padded; room ensured. */
  private void digits(int value, int width) {
    int i = size + width;
    // Two digits a step from a table: half the divisions.
    for (; i - size >= 2; value /= 100) {
      int pair = (value % 100) * 2;
      bytes[--i] = PAIRS[pair + 1];
      bytes[--i] = PAIRS[pair];
    }
    if (i > size) bytes[--i] = (byte) ('0' + value % 10);
    size += width;
  }

  /** "00" to "99", two bytes each. */
  private static final byte[] PAIRS = new byte[200];

  static {
    for (int n = 0; n < 100; n++) {
      PAIRS[2 * n] = (byte) ('0' + n / 10);
      PAIRS[2 * n + 1] = (byte) ('0' + n % 10);
    }
  }

  /** A long in decimal, as {@link Long#toString(long)} spells it. */
  private void decimal(long v) {
    if (v == Long.MIN_VALUE) {
      latin1(Long.toString(v));
      return;
    }
    ensure(20);
    if (v < 0) {
      bytes[size++] = '-';
      v = -v;
    }
    int width = 1;
    for (long rest = v / 10; rest > 0; rest /= 10) width++;
    for (int i = size + width - 1; i >= size; i--) {
      bytes[i] = (byte) ('0' + v % 10);
      v /= 10;
    }
    size += width;
  }

  /**
   * A JSON string, escaped as Moshi does and encoded as okio's UTF-8 encoder does (an unpaired
   * surrogate becomes {@code ?}), in one pass.
   */
  private void string(String s) {
    int length = s.length();
    // The worst case is six bytes per char (an escape); most strings are far from it.
    ensure(length * 3 + 2);
    // The chars are copied out at once (a vectorized copy) and read from an array: charAt's checks
    // on every char were the writer thread's largest cost.
    if (chars.length < length) chars = new char[Math.max(length, chars.length * 2)];
    char[] cs = chars;
    s.getChars(0, length, cs, 0);
    byte[] b = bytes;
    int at = size;
    b[at++] = '"';
    int i = 0;
    // ASCII that goes as itself, the usual case, in a loop of its own.
    while (i < length) {
      char c = cs[i];
      if (c >= 0x80 || ESCAPES[c] != null) break;
      b[at++] = (byte) c;
      i++;
    }
    for (; i < length; i++) {
      char c = cs[i];
      if (c < 0x80) {
        byte[] escape = ESCAPES[c];
        if (escape == null) {
          b[at++] = (byte) c;
          continue;
        }
        size = at;
        write(escape);
        ensure(length * 3 + 2);
        b = bytes;
        at = size;
      } else if (c < 0x800) {
        b[at++] = (byte) (0xc0 | c >> 6);
        b[at++] = (byte) (0x80 | (c & 0x3f));
      } else if (c == '\u2028' || c == '\u2029') {
        size = at;
        write(c == '\u2028' ? LS : PS);
        ensure(length * 3 + 2);
        b = bytes;
        at = size;
      } else if (!Character.isSurrogate(c)) {
        b[at++] = (byte) (0xe0 | c >> 12);
        b[at++] = (byte) (0x80 | (c >> 6 & 0x3f));
        b[at++] = (byte) (0x80 | (c & 0x3f));
      } else {
        char low = i + 1 < length ? cs[i + 1] : 0;
        if (Character.isHighSurrogate(c) && Character.isLowSurrogate(low)) {
          int codePoint = Character.toCodePoint(c, low);
          b[at++] = (byte) (0xf0 | codePoint >> 18);
          b[at++] = (byte) (0x80 | (codePoint >> 12 & 0x3f));
          b[at++] = (byte) (0x80 | (codePoint >> 6 & 0x3f));
          b[at++] = (byte) (0x80 | (codePoint & 0x3f));
          i++;
        } else {
          b[at++] = '?';
        }
      }
    }
    b[at++] = '"';
    size = at;
  }

  /** Text known to be ASCII (a number's digits). */
  private void latin1(String s) {
    int length = s.length();
    ensure(length);
    for (int i = 0; i < length; i++) bytes[size++] = (byte) s.charAt(i);
  }

  private void write(byte[] b) {
    ensure(b.length);
    System.arraycopy(b, 0, bytes, size, b.length);
    size += b.length;
  }

  private void write(char c) {
    ensure(1);
    bytes[size++] = (byte) c;
  }

  /** Room for {@code more} bytes after {@link #size}. */
  private void ensure(int more) {
    if (bytes.length - size < more)
      bytes = Arrays.copyOf(bytes, Math.max(bytes.length * 2, size + more));
  }

  private static byte[] ascii(String s) {
    return s.getBytes(StandardCharsets.US_ASCII);
  }
}
