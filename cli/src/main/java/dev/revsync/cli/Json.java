package dev.revsync.cli;

import com.squareup.moshi.JsonReader;
import com.squareup.moshi.JsonWriter;
import dev.revsync.Record;
import java.io.IOException;
import java.math.BigDecimal;
import java.time.Instant;
import java.time.LocalDate;
import java.time.temporal.TemporalAccessor;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import okio.Buffer;

/** JSON for the CLI's files: records out, write items in. */
final class Json {
  private Json() {}

  /** One record as a single JSON line (without the newline). */
  static String line(Record r) {
    Buffer buffer = new Buffer();
    try (JsonWriter w = JsonWriter.of(buffer)) {
      w.setSerializeNulls(true);
      w.beginObject();
      w.name("object").value(r.object());
      w.name("id").value(r.id());
      w.name("modifiedAt").value(r.modifiedAt() == null ? null : r.modifiedAt().toString());
      w.name("deleted").value(r.isDeleted());
      w.name("fields");
      value(w, r.fields());
      w.endObject();
    } catch (IOException e) {
      throw new IllegalStateException("writing to a memory buffer cannot fail", e);
    }
    return buffer.readUtf8();
  }

  static void value(JsonWriter w, Object v) throws IOException {
    if (v == null) {
      w.nullValue();
    } else if (v instanceof String s) {
      w.value(s);
    } else if (v instanceof Boolean b) {
      w.value(b);
    } else if (v instanceof Long || v instanceof Integer) {
      w.value(((Number) v).longValue());
    } else if (v instanceof BigDecimal d) {
      w.value(d);
    } else if (v instanceof Number n) {
      w.value(n);
    } else if (v instanceof Instant || v instanceof LocalDate || v instanceof TemporalAccessor) {
      w.value(v.toString());
    } else if (v instanceof Map<?, ?> m) {
      w.beginObject();
      for (Map.Entry<?, ?> e : m.entrySet()) {
        w.name(String.valueOf(e.getKey()));
        value(w, e.getValue());
      }
      w.endObject();
    } else if (v instanceof List<?> l) {
      w.beginArray();
      for (Object o : l) value(w, o);
      w.endArray();
    } else {
      w.value(v.toString());
    }
  }

  /**
   * Reads one JSON object (a line of a write file) into ordered maps, numbers as Long or
   * BigDecimal. A name given twice in one object is refused: which value was meant is unknown.
   *
   * @throws IOException saying what is wrong and where, in words for the file's author (no parser
   *     advice such as Moshi's "Use JsonReader.setLenient(true)")
   */
  static Map<String, Object> readObject(String line) throws IOException {
    JsonReader r = JsonReader.of(new Buffer().writeUtf8(line));
    Object v;
    try {
      v = read(r);
      if (r.peek() != JsonReader.Token.END_DOCUMENT)
        throw new IOException("trailing data after the object");
    } catch (com.squareup.moshi.JsonDataException | com.squareup.moshi.JsonEncodingException e) {
      throw new IOException(plain(e.getMessage()), e);
    } catch (java.io.EOFException e) {
      throw new IOException("the line ends before the JSON does", e);
    }
    if (!(v instanceof Map)) throw new IOException("expected a JSON object");
    @SuppressWarnings("unchecked")
    Map<String, Object> map = (Map<String, Object>) v;
    return map;
  }

  /** Moshi's message without its advice to parse leniently, which is no help to a file's author. */
  private static String plain(String message) {
    if (message == null) return "malformed JSON";
    return message
        .replaceAll("\\s*Use JsonReader\\.setLenient\\(true\\) to accept malformed JSON\\s*", " ")
        .replace(" at path ", " at ")
        .trim()
        .replaceAll("\\s+", " ");
  }

  /** " in fields" for the path {@code $.fields.Score__c}; "" at the top level. */
  private static String in(String path) {
    int dot = path.lastIndexOf('.');
    return dot <= 1 ? "" : " in " + path.substring(2, dot);
  }

  private static Object read(JsonReader r) throws IOException {
    switch (r.peek()) {
      case BEGIN_OBJECT:
        {
          Map<String, Object> m = new LinkedHashMap<>();
          r.beginObject();
          while (r.hasNext()) {
            String name = r.nextName();
            if (m.containsKey(name))
              throw new IOException("\"" + name + "\" appears twice" + in(r.getPath()));
            m.put(name, read(r));
          }
          r.endObject();
          return m;
        }
      case BEGIN_ARRAY:
        {
          List<Object> l = new java.util.ArrayList<>();
          r.beginArray();
          while (r.hasNext()) l.add(read(r));
          r.endArray();
          return l;
        }
      case NUMBER:
        {
          String s = r.nextString();
          BigDecimal d = new BigDecimal(s);
          try {
            return d.longValueExact();
          } catch (ArithmeticException e) {
            return d;
          }
        }
      case BOOLEAN:
        return r.nextBoolean();
      case NULL:
        return r.nextNull();
      default:
        return r.nextString();
    }
  }
}
