package dev.revsync.spi;

import com.squareup.moshi.JsonWriter;
import java.io.IOException;
import java.util.Map;
import okio.BufferedSource;

/**
 * Streaming JSON for the REST styles, on Moshi's {@code JsonReader}: a page's records are read
 * one at a time and handed to a callback, never held as a whole page tree.
 *
 * <p>Values come back as plain Java: objects as ordered {@code Map<String, Object>} (a
 * {@link java.util.LinkedHashMap}, values may be null), arrays as {@code List<Object>}, strings,
 * booleans, null, and numbers <em>never through double</em>: a {@link Long} when the literal is
 * an integer that fits, else a {@link java.math.BigDecimal} with the literal's exact digits.
 *
 * <p>Malformed or truncated input raises {@link dev.revsync.ProtocolException} whose message
 * names the system, the call, where (a Moshi path such as {@code $.records[512].Name}) and what
 * ({@code truncated: body ended inside ...} or {@code malformed: ...}). A genuine I/O failure of
 * the underlying source (a dropped socket) propagates as the original {@link IOException} so the
 * transport can retry the call.
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
   * What a page held besides its records: every other top-level field, whether it came before
   * or after the records array, and how many records were handed over.
   *
   * @param fields the top-level fields other than the records array, in body order (nested
   *     objects as maps, so {@code paging.next.after} is reachable with {@link #path(String)})
   * @param records how many records were handed to the handler
   * @param recordsPresent whether the records field was in the body at all (absent or null
   *     counts as not present)
   */
  public record Page(Map<String, Object> fields, long records, boolean recordsPresent) {
    /**
     * The value at a dotted path of object keys, such as {@code paging.next.after} or
     * {@code @odata.nextLink} (a key that itself holds dots is found first as a whole); null where
     * any step is missing.
     */
    public Object path(String dottedPath) {
      throw new UnsupportedOperationException();
    }

    /** {@link #path(String)} as a string (numbers and booleans in their JSON spelling); null if absent or null. */
    public String string(String dottedPath) {
      throw new UnsupportedOperationException();
    }

    /** {@link #path(String)} as a boolean ({@code true}/{@code false} or their strings); {@code fallback} if absent. */
    public boolean bool(String dottedPath, boolean fallback) {
      throw new UnsupportedOperationException();
    }

    /** {@link #path(String)} as a long (a number or a numeric string); null if absent. */
    public Long number(String dottedPath) {
      throw new UnsupportedOperationException();
    }
  }

  private Json() {}

  /**
   * Reads a page shaped as one top-level object holding an array of records under
   * {@code recordsField} (Salesforce {@code records}, HubSpot {@code results}, Marketo
   * {@code result}, Dynamics {@code value}, Eloqua {@code items}) plus other fields before or after
   * it. Each array element must be an object; it is read into a map, handed to {@code handler},
   * and dropped. Reads the source to its end and checks nothing follows the object.
   *
   * @param system the connector id, for errors
   * @param call the call the body answers (such as {@code GET /services/data/v66.0/query}), for errors
   * @throws dev.revsync.ProtocolException if the body is malformed or truncated
   * @throws IOException if reading the source fails
   */
  public static Page readPage(BufferedSource body, String recordsField, RecordHandler handler, String system, String call)
      throws IOException {
    throw new UnsupportedOperationException();
  }

  /**
   * Reads a body that is a top-level array of objects (Salesforce composite collection results,
   * a list endpoint), handing each element to {@code handler}; returns how many there were.
   */
  public static long readArray(BufferedSource body, RecordHandler handler, String system, String call)
      throws IOException {
    throw new UnsupportedOperationException();
  }

  /**
   * Reads a small body whole (a token response, a job status, an error body) into plain values
   * as the class comment describes. Reads the source to its end.
   */
  public static Object read(BufferedSource body, String system, String call) throws IOException {
    throw new UnsupportedOperationException();
  }

  /** {@link #read(BufferedSource, String, String)} for a body that must be an object. */
  public static Map<String, Object> readObject(BufferedSource body, String system, String call) throws IOException {
    throw new UnsupportedOperationException();
  }

  /** {@link #readObject(BufferedSource, String, String)} of a string already in memory (a small error body). */
  public static Map<String, Object> parseObject(String json, String system, String call) {
    throw new UnsupportedOperationException();
  }

  /** {@link #read(BufferedSource, String, String)} of a string already in memory. */
  public static Object parse(String json, String system, String call) {
    throw new UnsupportedOperationException();
  }

  /**
   * Writes a plain value: maps (string keys, in iteration order, null values written as
   * {@code null}), iterables and arrays, strings, numbers ({@link java.math.BigDecimal} exactly),
   * booleans, null, and anything else (an {@link java.time.Instant}, a date) as its
   * {@code toString()}. For building request bodies on a Moshi {@link JsonWriter}.
   */
  public static void write(JsonWriter writer, Object value) throws IOException {
    throw new UnsupportedOperationException();
  }

  /** {@link #write(JsonWriter, Object)} into a compact string (a small request body). */
  public static String toJson(Object value) {
    throw new UnsupportedOperationException();
  }

  /** The same number conversion the readers use: a Long when integral and fitting, else a BigDecimal. */
  public static Number number(String literal) {
    throw new UnsupportedOperationException();
  }
}
