package dev.revsync.simulators.marketo;

import dev.revsync.spi.Json;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.time.LocalDate;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeFormatterBuilder;
import java.time.format.DateTimeParseException;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.atomic.AtomicLong;
import mockwebserver3.MockResponse;

/**
 * Marketo's response envelope and value spellings: every {@code /rest} and {@code /bulk} answer is
 * HTTP 200 with {@code requestId} and {@code success}, errors as {@code
 * [{"code":"606","message":...}]} (the code a quoted integer), datetimes ISO-8601 without
 * milliseconds. Thread-safe.
 */
final class Wire {
  private static final AtomicLong REQUESTS = new AtomicLong(0x14272d07d78L);
  private static final DateTimeFormatter OFFSET_NO_COLON =
      new DateTimeFormatterBuilder()
          .append(DateTimeFormatter.ISO_LOCAL_DATE_TIME)
          .appendOffset("+HHMM", "Z")
          .toFormatter(Locale.ROOT);

  private Wire() {}

  static String requestId() {
    long n = REQUESTS.incrementAndGet();
    return String.format(Locale.ROOT, "%04x#%x", ((int) ((n * 2654435761L) >>> 16)) & 0xffff, n);
  }

  /** {@code 2024-05-01T12:00:00Z}. */
  static String time(Instant t) {
    return DateTimeFormatter.ISO_INSTANT.format(t.truncatedTo(ChronoUnit.SECONDS));
  }

  /**
   * Reads {@code Z}, {@code +00:00}, {@code +0000} offsets and plain dates (midnight UTC); null if
   * unreadable.
   */
  static Instant parseTime(String s) {
    if (s == null || s.isBlank()) return null;
    try {
      return OffsetDateTime.parse(s).toInstant();
    } catch (DateTimeParseException e) {
      // try the other spellings
    }
    try {
      return OffsetDateTime.parse(s, OFFSET_NO_COLON).toInstant();
    } catch (DateTimeParseException e) {
      // try a date
    }
    try {
      return LocalDate.parse(s).atStartOfDay(ZoneOffset.UTC).toInstant();
    } catch (DateTimeParseException e) {
      return null;
    }
  }

  static MockResponse json(int status, Object body) {
    return new MockResponse.Builder()
        .code(status)
        .setHeader("Content-Type", "application/json;charset=UTF-8")
        .body(Json.toJson(body))
        .build();
  }

  /** A success envelope around {@code result} (omitted when null) plus {@code extra} keys. */
  static MockResponse ok(List<?> result, Map<String, Object> extra) {
    Map<String, Object> m = new LinkedHashMap<>();
    m.put("requestId", requestId());
    if (result != null) m.put("result", result);
    m.put("success", true);
    if (extra != null) m.putAll(extra);
    return json(200, m);
  }

  static MockResponse ok(List<?> result) {
    return ok(result, null);
  }

  /** The failure envelope, HTTP 200 as Marketo sends it. */
  static MockResponse error(String code, String message) {
    Map<String, Object> m = new LinkedHashMap<>();
    m.put("requestId", requestId());
    m.put("success", false);
    m.put("errors", List.of(reason(code, message)));
    return json(200, m);
  }

  static Map<String, Object> reason(String code, String message) {
    Map<String, Object> e = new LinkedHashMap<>();
    e.put("code", code);
    e.put("message", message);
    return e;
  }

  static Map<String, Object> map(Object... keyValues) {
    Map<String, Object> m = new LinkedHashMap<>();
    for (int i = 0; i < keyValues.length; i += 2) m.put((String) keyValues[i], keyValues[i + 1]);
    return m;
  }

  /** A position token in Marketo's look (base32 text); opaque to clients. */
  static String token(String plain) {
    return Base32.encode(plain.getBytes(StandardCharsets.UTF_8));
  }

  /** The text inside a token, or null if it is not one of ours. */
  static String untoken(String token) {
    if (token == null || token.isEmpty()) return null;
    byte[] bytes = Base32.decode(token);
    return bytes == null ? null : new String(bytes, StandardCharsets.UTF_8);
  }

  /** Splits a comma-separated parameter, trimming and dropping empties. */
  static List<String> csv(String value) {
    List<String> out = new ArrayList<>();
    if (value == null) return out;
    for (String part : value.split(",", -1)) {
      String t = part.trim();
      if (!t.isEmpty()) out.add(t);
    }
    return out;
  }

  static String base64Url(byte[] bytes) {
    return Base64.getUrlEncoder().withoutPadding().encodeToString(bytes);
  }

  /** RFC 4648 base32, the alphabet Marketo's paging tokens are written in. */
  static final class Base32 {
    private static final String ALPHABET = "ABCDEFGHIJKLMNOPQRSTUVWXYZ234567";

    private Base32() {}

    static String encode(byte[] data) {
      StringBuilder b = new StringBuilder((data.length + 4) / 5 * 8);
      int buffer = 0;
      int bits = 0;
      for (byte d : data) {
        buffer = (buffer << 8) | (d & 0xff);
        bits += 8;
        while (bits >= 5) {
          b.append(ALPHABET.charAt((buffer >> (bits - 5)) & 31));
          bits -= 5;
        }
      }
      if (bits > 0) b.append(ALPHABET.charAt((buffer << (5 - bits)) & 31));
      while (b.length() % 8 != 0) b.append('=');
      return b.toString();
    }

    static byte[] decode(String s) {
      String t = s.trim();
      int end = t.length();
      while (end > 0 && t.charAt(end - 1) == '=') end--;
      byte[] out = new byte[end * 5 / 8];
      int buffer = 0;
      int bits = 0;
      int n = 0;
      for (int i = 0; i < end; i++) {
        int v = ALPHABET.indexOf(Character.toUpperCase(t.charAt(i)));
        if (v < 0) return null;
        buffer = (buffer << 5) | v;
        bits += 5;
        if (bits >= 8) {
          out[n++] = (byte) (buffer >> (bits - 8));
          bits -= 8;
        }
      }
      return out;
    }
  }
}
