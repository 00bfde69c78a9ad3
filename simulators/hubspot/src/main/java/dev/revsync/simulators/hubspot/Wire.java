package dev.revsync.simulators.hubspot;

import com.squareup.moshi.JsonReader;
import com.squareup.moshi.JsonWriter;
import dev.revsync.simulators.FaultPlan;
import dev.revsync.simulators.SimulatorServer;
import java.io.IOException;
import java.math.BigDecimal;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import mockwebserver3.MockResponse;
import mockwebserver3.RecordedRequest;
import okio.Buffer;

/**
 * HubSpot's JSON conventions on the wire: response bodies with {@code X-HubSpot-Correlation-Id},
 * the v3 error envelope, CRM timestamps as ISO-8601 UTC with milliseconds, request bodies read into
 * plain values with exact numbers. Stateless.
 */
final class Wire {
  private Wire() {}

  @FunctionalInterface
  interface Body {
    void write(JsonWriter w) throws IOException;
  }

  /** A malformed request body; answered 400 VALIDATION_ERROR. */
  static final class BadRequest extends Exception {
    private static final long serialVersionUID = 1L;

    BadRequest(String message) {
      super(message);
    }
  }

  /**
   * A page far larger than any client asks for: what the {@code HUGE_PAGE} fault answers instead of
   * {@code limit}.
   */
  static final int HUGE_PAGE = 1_000_000;

  /**
   * The page size to answer with: {@code limit}, or {@link #HUGE_PAGE} when the fault plan injected
   * {@code HUGE_PAGE} into this request (a server ignoring the page size).
   */
  static int pageSize(int limit) {
    return SimulatorServer.currentFault() == FaultPlan.Fault.HUGE_PAGE ? HUGE_PAGE : limit;
  }

  static String correlationId() {
    return UUID.randomUUID().toString();
  }

  /** A JSON response; {@code correlationId} goes in the header (and error bodies repeat it). */
  static MockResponse.Builder json(int status, String correlationId, Body body) throws IOException {
    Buffer buffer = new Buffer();
    try (JsonWriter w = JsonWriter.of(buffer)) {
      w.setSerializeNulls(true);
      body.write(w);
    }
    return new MockResponse.Builder()
        .code(status)
        .setHeader("Content-Type", "application/json;charset=utf-8")
        .setHeader("X-HubSpot-Correlation-Id", correlationId)
        .body(buffer);
  }

  static MockResponse.Builder noContent(String correlationId) {
    return new MockResponse.Builder()
        .code(204)
        .setHeader("X-HubSpot-Correlation-Id", correlationId);
  }

  /**
   * The v3 error envelope: status, message, correlationId, category, optional subCategory, errors,
   * context, links.
   */
  static MockResponse.Builder error(
      int status,
      String correlationId,
      String category,
      String message,
      List<Map<String, Object>> errors,
      Map<String, Object> context,
      Map<String, Object> links)
      throws IOException {
    return json(
        status,
        correlationId,
        w -> {
          w.beginObject();
          w.name("status").value("error");
          w.name("message").value(message);
          w.name("correlationId").value(correlationId);
          w.name("category").value(category);
          if (errors != null && !errors.isEmpty()) {
            w.name("errors");
            write(w, errors);
          }
          if (context != null && !context.isEmpty()) {
            w.name("context");
            write(w, context);
          }
          if (links != null && !links.isEmpty()) {
            w.name("links");
            write(w, links);
          }
          w.endObject();
        });
  }

  static MockResponse.Builder error(
      int status, String correlationId, String category, String message) throws IOException {
    return error(status, correlationId, category, message, null, null, null);
  }

  /** CRM v3 timestamps: ISO-8601 UTC with exactly three fraction digits. */
  static String iso(Instant at) {
    Instant ms = at.truncatedTo(ChronoUnit.MILLIS);
    String s = ms.toString(); // omits a zero fraction and trims trailing zeros
    int dot = s.indexOf('.');
    if (dot < 0) return s.substring(0, s.length() - 1) + ".000Z";
    String fraction = s.substring(dot + 1, s.length() - 1);
    return s.substring(0, dot + 1) + (fraction + "000").substring(0, 3) + "Z";
  }

  /** Writes maps, lists, strings, numbers, booleans and nulls. */
  static void write(JsonWriter w, Object value) throws IOException {
    if (value == null) {
      w.nullValue();
    } else if (value instanceof Map<?, ?> map) {
      w.beginObject();
      for (Map.Entry<?, ?> e : map.entrySet()) {
        w.name(String.valueOf(e.getKey()));
        write(w, e.getValue());
      }
      w.endObject();
    } else if (value instanceof List<?> list) {
      w.beginArray();
      for (Object o : list) write(w, o);
      w.endArray();
    } else if (value instanceof Boolean b) {
      w.value(b);
    } else if (value instanceof Number n) {
      w.value(n);
    } else {
      w.value(value.toString());
    }
  }

  /**
   * The request body as plain values; whole numbers as Long, others as BigDecimal (never double).
   */
  static Object readBody(RecordedRequest request) throws BadRequest {
    Buffer body = new Buffer();
    if (request.getBody() != null) body.write(request.getBody());
    if (body.size() == 0)
      throw new BadRequest("The request body is empty; a JSON body is required");
    try (JsonReader reader = JsonReader.of(body)) {
      Object value = readValue(reader);
      if (reader.peek() != JsonReader.Token.END_DOCUMENT)
        throw new BadRequest("Trailing data after the JSON body");
      return value;
    } catch (IOException | RuntimeException e) {
      throw new BadRequest("Invalid input JSON on line 1: " + e.getMessage());
    }
  }

  @SuppressWarnings("unchecked")
  static Map<String, Object> readObjectBody(RecordedRequest request) throws BadRequest {
    Object body = readBody(request);
    if (!(body instanceof Map)) throw new BadRequest("The request body must be a JSON object");
    return (Map<String, Object>) body;
  }

  private static Object readValue(JsonReader reader) throws IOException {
    switch (reader.peek()) {
      case BEGIN_OBJECT:
        {
          Map<String, Object> map = new LinkedHashMap<>();
          reader.beginObject();
          while (reader.hasNext()) map.put(reader.nextName(), readValue(reader));
          reader.endObject();
          return map;
        }
      case BEGIN_ARRAY:
        {
          List<Object> list = new ArrayList<>();
          reader.beginArray();
          while (reader.hasNext()) list.add(readValue(reader));
          reader.endArray();
          return list;
        }
      case NUMBER:
        {
          BigDecimal exact = new BigDecimal(reader.nextString());
          try {
            return exact.longValueExact();
          } catch (ArithmeticException e) {
            return exact;
          }
        }
      case BOOLEAN:
        return reader.nextBoolean();
      case NULL:
        return reader.nextNull();
      default:
        return reader.nextString();
    }
  }

  /** A value as compact JSON, for messages. */
  static String compact(Object value) {
    Buffer buffer = new Buffer();
    try (JsonWriter w = JsonWriter.of(buffer)) {
      write(w, value);
    } catch (IOException e) {
      return String.valueOf(value);
    }
    return buffer.readUtf8();
  }

  static Map<String, String> parseForm(String body) {
    Map<String, String> form = new LinkedHashMap<>();
    for (String pair : body.split("&")) {
      int eq = pair.indexOf('=');
      if (eq > 0) {
        form.put(
            URLDecoder.decode(pair.substring(0, eq), StandardCharsets.UTF_8),
            URLDecoder.decode(pair.substring(eq + 1), StandardCharsets.UTF_8));
      }
    }
    return form;
  }

  /** A query parameter given as repeated parameters, comma lists, or both (clients send either). */
  static List<String> listParam(RecordedRequest request, String name) {
    List<String> out = new ArrayList<>();
    for (String v : request.getUrl().queryParameterValues(name)) {
      if (v == null) continue;
      for (String part : v.split(",")) {
        String p = part.strip();
        if (!p.isEmpty() && !out.contains(p)) out.add(p);
      }
    }
    return out;
  }
}
