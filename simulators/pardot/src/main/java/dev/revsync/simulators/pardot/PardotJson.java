package dev.revsync.simulators.pardot;

import com.squareup.moshi.JsonAdapter;
import com.squareup.moshi.JsonWriter;
import com.squareup.moshi.Moshi;
import dev.revsync.simulators.SimRecord;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.math.BigDecimal;
import java.time.Instant;
import java.time.LocalDateTime;
import java.time.OffsetDateTime;
import java.time.ZoneId;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeParseException;
import java.util.List;
import java.util.Map;
import java.util.regex.Pattern;
import mockwebserver3.MockResponse;
import okio.Buffer;

/** Pardot's v5 wire shapes: error bodies, datetimes, record values; request JSON parsing. */
final class PardotJson {
  static final String JSON = "application/json";
  static final JsonAdapter<Object> VALUE = new Moshi.Builder().build().adapter(Object.class);

  /**
   * v5 datetimes: ISO-8601 with offset, no fractional seconds ({@code 2024-05-01T00:00:00-04:00}).
   */
  private static final DateTimeFormatter V5 =
      DateTimeFormatter.ofPattern("uuuu-MM-dd'T'HH:mm:ssxxx");

  /** v3/v4 and export CSV datetimes, in the account's time zone. */
  static final DateTimeFormatter LEGACY = DateTimeFormatter.ofPattern("uuuu-MM-dd HH:mm:ss");

  private static final Pattern ISO_WITH_OFFSET =
      Pattern.compile(
          "\\d{4}-\\d{2}-\\d{2}T\\d{2}:\\d{2}:\\d{2}(\\.\\d{1,9})?(Z|[+-]\\d{2}:\\d{2})");

  private PardotJson() {}

  /** A v5 error: {@code {"code":N,"message":"..."}} with {@code status}. */
  static MockResponse error(int status, int code, String message) {
    return new MockResponse.Builder()
        .code(status)
        .setHeader("Content-Type", JSON)
        .body("{\"code\":" + code + ",\"message\":" + quote(message) + "}")
        .build();
  }

  static MockResponse json(int status, String body) {
    return new MockResponse.Builder()
        .code(status)
        .setHeader("Content-Type", JSON)
        .body(body)
        .build();
  }

  static String quote(String s) {
    Buffer b = new Buffer();
    try (JsonWriter w = JsonWriter.of(b)) {
      w.value(s);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    return b.readUtf8();
  }

  static String format(Instant at, ZoneId zone) {
    return at == null ? null : V5.format(at.atZone(zone));
  }

  /**
   * A request datetime: ISO-8601 with an offset (a {@code +} that arrived unencoded decodes to a
   * space and is refused, as the notes warn).
   */
  static Instant parseTime(String s) {
    if (s == null || !ISO_WITH_OFFSET.matcher(s).matches()) {
      throw new IllegalArgumentException("not an ISO-8601 datetime with offset: " + s);
    }
    try {
      return OffsetDateTime.parse(s).toInstant();
    } catch (DateTimeParseException e) {
      throw new IllegalArgumentException("not a datetime: " + s, e);
    }
  }

  /** An export argument: ISO with offset, or {@code YYYY-MM-DD HH:MM:SS} in the account zone. */
  static Instant parseExportTime(String s, ZoneId zone) {
    if (s != null && s.length() == 19 && s.charAt(10) == ' ') {
      try {
        return LocalDateTime.parse(s, LEGACY).atZone(zone).toInstant();
      } catch (DateTimeParseException e) {
        throw new IllegalArgumentException("not a datetime: " + s, e);
      }
    }
    return parseTime(s);
  }

  /**
   * The wire value of {@code field} of {@code r}: the id and the stamps come from the record
   * itself.
   */
  static Object value(SimRecord r, String field) {
    return switch (field) {
      case "id" -> Long.parseLong(r.id());
      case "createdAt" -> r.createdAt() != null ? r.createdAt() : r.modifiedAt();
      case "updatedAt" -> r.modifiedAt();
      case "isDeleted" -> r.deleted();
      default -> r.get(field);
    };
  }

  static void writeValue(JsonWriter w, Object v, ZoneId zone) throws IOException {
    if (v == null) w.nullValue();
    else if (v instanceof Instant i) w.value(format(i, zone));
    else if (v instanceof Boolean b) w.value(b);
    else if (v instanceof Long l) w.value(l);
    else if (v instanceof Integer n) w.value(n.longValue());
    else if (v instanceof BigDecimal d) w.value(d);
    else if (v instanceof Number n) w.value(n);
    else w.value(v.toString());
  }

  /** The body as a JSON object; IllegalArgumentException when it is not one. */
  @SuppressWarnings("unchecked")
  static Map<String, Object> object(String body) {
    Object parsed;
    try {
      parsed = VALUE.fromJson(body);
    } catch (IOException | RuntimeException e) {
      throw new IllegalArgumentException("invalid JSON: " + e.getMessage(), e);
    }
    if (!(parsed instanceof Map))
      throw new IllegalArgumentException("the body is not a JSON object");
    return (Map<String, Object>) parsed;
  }

  @SuppressWarnings("unchecked")
  static List<Object> list(Object value) {
    return value instanceof List ? (List<Object>) value : null;
  }
}
