package dev.revsync.spi;

import com.squareup.moshi.JsonReader;
import com.squareup.moshi.JsonWriter;
import dev.revsync.ProtocolException;
import dev.revsync.internal.format.JsonValues;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.math.BigDecimal;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import okio.Buffer;
import okio.BufferedSink;
import okio.BufferedSource;

/**
 * Streaming JSON for the REST styles, on Moshi's {@code JsonReader}: a page's records are read one
 * at a time and handed to a callback, never held as a whole page tree.
 *
 * <p>Values come back as plain Java: objects as ordered {@code Map<String, Object>} (a {@link
 * java.util.LinkedHashMap}, values may be null), arrays as {@code List<Object>}, strings, booleans,
 * null, and numbers <em>never through double</em>: a {@link Long} when the literal is an integer
 * that fits, else a {@link java.math.BigDecimal} with the literal's exact digits.
 *
 * <p>Malformed or truncated input raises {@link dev.revsync.ProtocolException} whose message names
 * the system, the call, where (a Moshi path such as {@code $.records[512].Name}) and what ({@code
 * truncated: the JSON body ended inside ...} or {@code malformed JSON at ...: ...}). A genuine I/O
 * failure of the underlying source (a dropped socket) propagates as the original {@link
 * IOException} so the transport can retry the call.
 *
 * <pre>{@code
 * Json.Page page = Json.readPage(response.body().source(), "records",
 *     fields -> run.emit(toRecord(fields)), "salesforce", "GET " + path);
 * String next = page.bool("done", true) ? null : page.string("nextRecordsUrl");
 * }</pre>
 *
 * <p>Thread-safe: holds no state.
 */
public final class Json {

  /** Receives one record of a page; the map is the caller's to keep or drop. */
  @FunctionalInterface
  public interface RecordHandler {
    void record(Map<String, Object> record);
  }

  /**
   * Receives one record of a page read against a {@link RecordShape}: its raw values by the shape's
   * positions (null where the record lacks the field), typed as the class comment says. The array
   * is new for each record and the handler's to keep.
   */
  @FunctionalInterface
  public interface ValuesHandler {
    void values(Object[] values);
  }

  /**
   * What a page held besides its records: every other top-level field, whether it came before or
   * after the records array, and how many records were handed over.
   *
   * @param fields the top-level fields other than the records array, in body order (nested objects
   *     as maps, so {@code paging.next.after} is reachable with {@link #path(String)})
   * @param records how many records were handed to the handler
   * @param recordsPresent whether the records field was in the body at all (absent or null counts
   *     as not present)
   */
  public record Page(Map<String, Object> fields, long records, boolean recordsPresent) {
    /**
     * The value at a dotted path of object keys, such as {@code paging.next.after} or
     * {@code @odata.nextLink} (a key that itself holds dots is found first as a whole); null where
     * any step is missing.
     */
    public Object path(String dottedPath) {
      return at(fields, dottedPath);
    }

    /**
     * {@link #path(String)} as a string (numbers and booleans in their JSON spelling); null if
     * absent or null.
     */
    public String string(String dottedPath) {
      Object value = path(dottedPath);
      if (value == null || value instanceof String) return (String) value;
      if (value instanceof Map || value instanceof List) return toJson(value);
      return value.toString();
    }

    /**
     * {@link #path(String)} as a boolean ({@code true}/{@code false} or their strings); {@code
     * fallback} if absent.
     */
    public boolean bool(String dottedPath, boolean fallback) {
      Object value = path(dottedPath);
      if (value instanceof Boolean) return (Boolean) value;
      if ("true".equals(value)) return true;
      if ("false".equals(value)) return false;
      return fallback;
    }

    /**
     * {@link #path(String)} as a long (a whole number or a numeric string); null if absent or not a
     * whole number.
     */
    public Long number(String dottedPath) {
      Object value = path(dottedPath);
      if (value instanceof Long) return (Long) value;
      try {
        if (value instanceof BigDecimal) return ((BigDecimal) value).longValueExact();
        if (value instanceof String)
          return new BigDecimal(((String) value).trim()).longValueExact();
      } catch (ArithmeticException | NumberFormatException notWhole) {
        return null;
      }
      return null;
    }

    private static Object at(Object node, String path) {
      if (!(node instanceof Map)) return null;
      Map<?, ?> map = (Map<?, ?>) node;
      if (map.containsKey(path)) return map.get(path);
      for (int dot = path.indexOf('.'); dot >= 0; dot = path.indexOf('.', dot + 1)) {
        String key = path.substring(0, dot);
        if (map.containsKey(key)) {
          Object found = at(map.get(key), path.substring(dot + 1));
          if (found != null) return found;
        }
      }
      return null;
    }
  }

  private Json() {}

  /**
   * Reads a page shaped as one top-level object holding an array of records under {@code
   * recordsField} (Salesforce {@code records}, HubSpot {@code results}, Marketo {@code result},
   * Dynamics {@code value}, Eloqua {@code items}) plus other fields before or after it. Each array
   * element must be an object; it is read into a map, handed to {@code handler}, and dropped. Reads
   * the source to its end and checks nothing follows the object.
   *
   * @param system the connector id, for errors
   * @param call the call the body answers (such as {@code GET /services/data/v66.0/query}), for
   *     errors
   * @throws dev.revsync.ProtocolException if the body is malformed or truncated
   * @throws IOException if reading the source fails
   */
  public static Page readPage(
      BufferedSource body, String recordsField, RecordHandler handler, String system, String call)
      throws IOException {
    return readPageWith(body, recordsField, reader -> readRecords(reader, handler), system, call);
  }

  /**
   * {@link #readPage(BufferedSource, String, RecordHandler, String, String)} reading each record
   * against {@code shape} instead of into a map: its keys are matched against the shape's names as
   * bytes, without a string per key; a value whose key the shape does not hold is skipped unread,
   * except a nested object whose fields the shape names with dots ({@code Account.Name}), which is
   * descended into. Values are read exactly as the map reader reads them.
   */
  public static Page readPage(
      BufferedSource body,
      String recordsField,
      RecordShape shape,
      ValuesHandler handler,
      String system,
      String call)
      throws IOException {
    return readPageWith(
        body,
        recordsField,
        reader -> {
          long records = 0;
          reader.beginArray();
          while (reader.hasNext()) {
            expect(reader, JsonReader.Token.BEGIN_OBJECT, "a record object");
            Object[] values = new Object[shape.readSize()];
            readShaped(reader, shape, values, shape.top(), null);
            records++;
            handler.values(values);
          }
          reader.endArray();
          return records;
        },
        system,
        call);
  }

  /** Reads the records array of a page (the reader is at its start) and says how many it held. */
  @FunctionalInterface
  private interface ArrayReader {
    long read(JsonReader reader) throws IOException;
  }

  private static Page readPageWith(
      BufferedSource body, String recordsField, ArrayReader array, String system, String call)
      throws IOException {
    JsonReader reader = JsonReader.of(body);
    try {
      expect(reader, JsonReader.Token.BEGIN_OBJECT, "an object holding '" + recordsField + "'");
      Map<String, Object> fields = new LinkedHashMap<>();
      long records = 0;
      boolean present = false;
      reader.beginObject();
      while (reader.hasNext()) {
        String name = reader.nextName();
        if (!name.equals(recordsField)) {
          fields.put(name, JsonValues.readValue(reader));
        } else if (reader.peek() == JsonReader.Token.NULL) {
          reader.nextNull();
        } else {
          expect(reader, JsonReader.Token.BEGIN_ARRAY, "an array of records");
          present = true;
          records += array.read(reader);
        }
      }
      reader.endObject();
      JsonValues.expectEnd(reader);
      return new Page(fields, records, present);
    } catch (IOException | RuntimeException e) {
      throw translate(e, reader, body, system, call);
    }
  }

  /**
   * Reads one object's members into {@code values}: its keys matched as bytes against {@code level}
   * (the shape's spelling), any other key as a string against the shape's paths ({@code prefix} is
   * the dotted path of a nested object, null at the top; {@code level} null where the body spells a
   * parent otherwise).
   */
  private static void readShaped(
      JsonReader reader, RecordShape shape, Object[] values, RecordShape.Level level, String prefix)
      throws IOException {
    reader.beginObject();
    while (reader.hasNext()) {
      int at = -1;
      if (level != null) {
        int option = reader.selectName(level.options);
        if (option >= 0) {
          at = level.slots[option];
          if (at < 0) {
            RecordShape.Level child = level.children[option];
            if (reader.peek() == JsonReader.Token.BEGIN_OBJECT) {
              readShaped(reader, shape, values, child, child.prefix);
            } else {
              reader.skipValue();
            }
            continue;
          }
        }
      }
      if (at < 0) {
        // Not a key as the shape spells it: another case, an escaped spelling, or not wanted.
        String path = prefix == null ? reader.nextName() : prefix + reader.nextName();
        at = shape.sourceIndex(path);
        if (at < 0) {
          if (reader.peek() == JsonReader.Token.BEGIN_OBJECT && shape.isParent(path)) {
            readShaped(reader, shape, values, null, path + ".");
          } else {
            reader.skipValue();
          }
          continue;
        }
      }
      // Strings first and here: most values are, and the general reader's compiled code depends on
      // what else the JVM has read with it (nested objects in other bodies).
      JsonReader.Token token = reader.peek();
      values[at] =
          token == JsonReader.Token.STRING
                  || (token == JsonReader.Token.NUMBER && shape.numberAsText(at))
              ? reader.nextString()
              : JsonValues.readValue(reader);
    }
    reader.endObject();
  }

  /**
   * Reads a body that is a top-level array of objects (Salesforce composite collection results, a
   * list endpoint), handing each element to {@code handler}; returns how many there were.
   */
  public static long readArray(
      BufferedSource body, RecordHandler handler, String system, String call) throws IOException {
    JsonReader reader = JsonReader.of(body);
    try {
      expect(reader, JsonReader.Token.BEGIN_ARRAY, "an array of records");
      long records = readRecords(reader, handler);
      JsonValues.expectEnd(reader);
      return records;
    } catch (IOException | RuntimeException e) {
      throw translate(e, reader, body, system, call);
    }
  }

  /**
   * Reads a small body whole (a token response, a job status, an error body) into plain values as
   * the class comment describes. Reads the source to its end.
   */
  public static Object read(BufferedSource body, String system, String call) throws IOException {
    JsonReader reader = JsonReader.of(body);
    try {
      Object value = JsonValues.readValue(reader);
      JsonValues.expectEnd(reader);
      return value;
    } catch (IOException | RuntimeException e) {
      throw translate(e, reader, body, system, call);
    }
  }

  /** {@link #read(BufferedSource, String, String)} for a body that must be an object. */
  public static Map<String, Object> readObject(BufferedSource body, String system, String call)
      throws IOException {
    JsonReader reader = JsonReader.of(body);
    try {
      expect(reader, JsonReader.Token.BEGIN_OBJECT, "an object");
      Map<String, Object> value = JsonValues.readObject(reader);
      JsonValues.expectEnd(reader);
      return value;
    } catch (IOException | RuntimeException e) {
      throw translate(e, reader, body, system, call);
    }
  }

  /**
   * {@link #readObject(BufferedSource, String, String)} of a string already in memory (a small
   * error body).
   */
  public static Map<String, Object> parseObject(String json, String system, String call) {
    try {
      return readObject(new Buffer().writeUtf8(json), system, call);
    } catch (IOException impossible) {
      throw new UncheckedIOException(impossible); // an in-memory buffer does not fail
    }
  }

  /** {@link #read(BufferedSource, String, String)} of a string already in memory. */
  public static Object parse(String json, String system, String call) {
    try {
      return read(new Buffer().writeUtf8(json), system, call);
    } catch (IOException impossible) {
      throw new UncheckedIOException(impossible);
    }
  }

  /**
   * Writes a plain value: maps (string keys, in iteration order, null values written as {@code
   * null}), iterables and arrays, strings, numbers ({@link java.math.BigDecimal} exactly),
   * booleans, null, and anything else (an {@link java.time.Instant}, a date) as its {@code
   * toString()}. For building request bodies on a Moshi {@link JsonWriter}.
   */
  public static void write(JsonWriter writer, Object value) throws IOException {
    if (value == null) {
      writer.nullValue();
    } else if (value instanceof Map) {
      writer.beginObject();
      for (Map.Entry<?, ?> e : ((Map<?, ?>) value).entrySet()) {
        writer.name(String.valueOf(e.getKey()));
        if (e.getValue() == null) {
          // Moshi drops a name whose value is null unless told to keep it; a null here means
          // "clear".
          boolean serializeNulls = writer.getSerializeNulls();
          writer.setSerializeNulls(true);
          writer.nullValue();
          writer.setSerializeNulls(serializeNulls);
        } else {
          write(writer, e.getValue());
        }
      }
      writer.endObject();
    } else if (value instanceof Iterable) {
      writer.beginArray();
      for (Object item : (Iterable<?>) value) write(writer, item);
      writer.endArray();
    } else if (value instanceof Object[]) {
      write(writer, List.of((Object[]) value));
    } else if (value instanceof String) {
      writer.value((String) value);
    } else if (value instanceof BigDecimal) {
      // Plain digits: some APIs refuse exponents, and BigDecimal.toString uses them.
      try (BufferedSink sink = writer.valueSink()) {
        sink.writeUtf8(((BigDecimal) value).toPlainString());
      }
    } else if (value instanceof Number) {
      writer.value((Number) value);
    } else if (value instanceof Boolean) {
      writer.value((Boolean) value);
    } else {
      writer.value(value.toString());
    }
  }

  /** {@link #write(JsonWriter, Object)} into a compact string (a small request body). */
  public static String toJson(Object value) {
    Buffer buffer = new Buffer();
    try (JsonWriter writer = JsonWriter.of(buffer)) {
      write(writer, value);
    } catch (IOException impossible) {
      throw new UncheckedIOException(impossible);
    }
    return buffer.readUtf8();
  }

  /**
   * The same number conversion the readers use: a Long when integral and fitting, else a
   * BigDecimal.
   */
  public static Number number(String literal) {
    return JsonValues.number(literal);
  }

  private static long readRecords(JsonReader reader, RecordHandler handler) throws IOException {
    long records = 0;
    int lastSize = 12;
    reader.beginArray();
    while (reader.hasNext()) {
      expect(reader, JsonReader.Token.BEGIN_OBJECT, "a record object");
      Map<String, Object> record = JsonValues.readObject(reader, lastSize);
      lastSize = record.size();
      records++;
      handler.record(record);
    }
    reader.endArray();
    return records;
  }

  private static void expect(JsonReader reader, JsonReader.Token token, String what)
      throws IOException {
    JsonReader.Token found = reader.peek();
    if (found != token) {
      throw new com.squareup.moshi.JsonDataException(
          "expected " + what + " but found " + found + " at path " + reader.getPath());
    }
  }

  private static RuntimeException translate(
      Exception e, JsonReader reader, BufferedSource body, String system, String call)
      throws IOException {
    ProtocolException protocol = JsonValues.toProtocolException(e, reader, body, system, call);
    if (protocol != null) return protocol;
    if (e instanceof IOException) throw (IOException) e;
    return (RuntimeException) e;
  }
}
