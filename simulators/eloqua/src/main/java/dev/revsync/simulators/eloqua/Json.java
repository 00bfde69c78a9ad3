package dev.revsync.simulators.eloqua;

import com.squareup.moshi.JsonReader;
import com.squareup.moshi.JsonWriter;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.LinkedHashMap;
import java.util.Map;
import okio.Buffer;
import okio.ByteString;

/** Small JSON helpers over Moshi's streaming reader and writer. */
final class Json {
  private Json() {}

  /**
   * The whole body as maps, lists, strings, doubles, booleans and nulls.
   *
   * @throws BulkValidation if it is not one well-formed JSON value
   */
  static Object parse(ByteString body) {
    if (body == null || body.size() == 0)
      throw new BulkValidation("body", "", "Must be a JSON document");
    try (JsonReader reader = JsonReader.of(new Buffer().write(body))) {
      Object value = reader.readJsonValue();
      if (reader.peek() != JsonReader.Token.END_DOCUMENT) throw new IOException("trailing content");
      return value;
    } catch (IOException | RuntimeException e) {
      throw new BulkValidation(
          "body", "", "Must be a well-formed JSON document: " + e.getMessage());
    }
  }

  static Buffer write(Object value) {
    Buffer buffer = new Buffer();
    try (JsonWriter writer = JsonWriter.of(buffer)) {
      writer.setSerializeNulls(true);
      writer.jsonValue(value);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    return buffer;
  }

  /** An ordered object from alternating keys and values. */
  static Map<String, Object> obj(Object... keysAndValues) {
    Map<String, Object> map = new LinkedHashMap<>();
    for (int i = 0; i < keysAndValues.length; i += 2)
      map.put((String) keysAndValues[i], keysAndValues[i + 1]);
    return map;
  }
}
