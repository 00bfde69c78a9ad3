package dev.revsync.internal.format;

import com.squareup.moshi.JsonDataException;
import com.squareup.moshi.JsonEncodingException;
import com.squareup.moshi.JsonReader;
import dev.revsync.ProtocolException;
import java.io.EOFException;
import java.io.IOException;
import java.math.BigDecimal;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import okio.BufferedSource;

/**
 * Reads plain values off a Moshi reader and turns its parse failures into {@link
 * ProtocolException}.
 */
public final class JsonValues {
  private static final String ACTION =
      "The system sent a broken response; retry the sync, and if it keeps happening report this message to the system's support";

  private JsonValues() {}

  /** Reads the next value whole: object → ordered map, array → list, numbers exact. */
  public static Object readValue(JsonReader reader) throws IOException {
    switch (reader.peek()) {
      case BEGIN_OBJECT:
        return readObject(reader);
      case BEGIN_ARRAY:
        List<Object> list = new ArrayList<>();
        reader.beginArray();
        while (reader.hasNext()) list.add(readValue(reader));
        reader.endArray();
        return list;
      case STRING:
        return reader.nextString();
      case NUMBER:
        return number(reader.nextString());
      case BOOLEAN:
        return reader.nextBoolean();
      case NULL:
        return reader.nextNull();
      default:
        // NAME, END_* or END_DOCUMENT where a value belongs.
        throw new JsonDataException(
            "Expected a value but was " + reader.peek() + " at path " + reader.getPath());
    }
  }

  /** Reads the next object into an ordered map; a repeated key keeps its last value. */
  public static Map<String, Object> readObject(JsonReader reader) throws IOException {
    return readInto(reader, new LinkedHashMap<>());
  }

  /**
   * {@link #readObject(JsonReader)} into a map sized for {@code expectedSize} members (a page's
   * records are alike: the last one's size spares the next map its rehashing as it grows).
   */
  public static Map<String, Object> readObject(JsonReader reader, int expectedSize)
      throws IOException {
    return readInto(reader, new LinkedHashMap<>(expectedSize * 4 / 3 + 1));
  }

  private static Map<String, Object> readInto(JsonReader reader, Map<String, Object> map)
      throws IOException {
    reader.beginObject();
    while (reader.hasNext()) {
      String name = reader.nextName();
      map.put(name, readValue(reader));
    }
    reader.endObject();
    return map;
  }

  /**
   * A Long when the literal is an integer that fits, else a BigDecimal with the literal's digits.
   */
  public static Number number(String literal) {
    boolean integral = true;
    for (int i = 0; i < literal.length(); i++) {
      char c = literal.charAt(i);
      if (c == '.' || c == 'e' || c == 'E') {
        integral = false;
        break;
      }
    }
    if (integral) {
      try {
        return Long.parseLong(literal);
      } catch (NumberFormatException tooLarge) {
        // falls through to BigDecimal
      }
    }
    try {
      return new BigDecimal(literal);
    } catch (NumberFormatException e) {
      throw new JsonDataException("not a number: '" + abbreviate(literal) + "'");
    }
  }

  /**
   * Fails unless the reader is at the end of the document (nothing follows the top-level value).
   */
  public static void expectEnd(JsonReader reader) throws IOException {
    if (reader.peek() != JsonReader.Token.END_DOCUMENT) {
      throw new JsonDataException(
          "Expected the end of the body but found "
              + reader.peek()
              + " at path "
              + reader.getPath());
    }
  }

  /**
   * Turns a Moshi parse failure into a {@link ProtocolException}, or returns null when {@code e} is
   * a genuine I/O failure the caller must rethrow. A failure counts as truncation when the body had
   * ended and what was left unread is the start of a single token: Moshi's own end-of-input, a
   * string never closed, or a partial literal such as {@code tr} or {@code 12.}.
   */
  public static ProtocolException toProtocolException(
      Exception e, JsonReader reader, BufferedSource body, String system, String call)
      throws IOException {
    String path = reader.getPath();
    boolean moshiEof =
        e instanceof EOFException && String.valueOf(e.getMessage()).startsWith("End of input");
    if (!(e instanceof JsonEncodingException) && !(e instanceof JsonDataException) && !moshiEof) {
      return null;
    }
    boolean truncated =
        moshiEof || (e instanceof JsonEncodingException && endedInsideToken(e.getMessage(), body));
    String problem =
        truncated
            ? (moshiEof && "$".equals(path)
                ? "truncated: the JSON body is empty"
                : "truncated: the JSON body ended inside " + path)
            : "malformed JSON at " + path + ": " + stripPath(e.getMessage());
    return new ProtocolException(system, call, problem, ACTION, e);
  }

  private static boolean endedInsideToken(String message, BufferedSource body) throws IOException {
    if (body == null) return false;
    long left = body.getBuffer().size();
    // Ended: nothing beyond what is already buffered (asks for one byte more, never the whole
    // rest).
    if (body.request(left + 1)) return false;
    String msg = String.valueOf(message);
    if (msg.startsWith("Unterminated string") || msg.startsWith("Unterminated escape sequence"))
      return true;
    if (left > 64) return false;
    String rest = body.getBuffer().snapshot().utf8().trim();
    return rest.matches("[A-Za-z0-9.+\\-]+");
  }

  /**
   * Moshi's message without its path (given apart) and its advice to parse leniently, which helps
   * no one here.
   */
  private static String stripPath(String message) {
    if (message == null) return "unreadable value";
    String m =
        message
            .replaceAll("\\s*Use JsonReader\\.setLenient\\(true\\) to accept malformed JSON", "")
            .replaceAll("\\s*at path \\S*$", "")
            .trim();
    m = m.endsWith(":") || m.endsWith(".") ? m.substring(0, m.length() - 1).trim() : m;
    return m.isEmpty() ? "not JSON" : m;
  }

  static String abbreviate(String s) {
    return s.length() > 40 ? s.substring(0, 40) + "..." : s;
  }
}
