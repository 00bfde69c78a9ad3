package dev.revsync.simulators.salesforce;

import com.squareup.moshi.JsonAdapter;
import com.squareup.moshi.JsonWriter;
import com.squareup.moshi.Moshi;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.zip.GZIPInputStream;
import mockwebserver3.MockResponse;
import mockwebserver3.RecordedRequest;
import okhttp3.HttpUrl;
import okio.Buffer;

/** Request access and response building shared by the Salesforce endpoints. */
final class SfHttp {
  static final String JSON = "application/json;charset=UTF-8";

  /** Reads any JSON value as maps, lists, strings, doubles, booleans and nulls. */
  static final JsonAdapter<Object> JSON_VALUE = new Moshi.Builder().build().adapter(Object.class);

  private SfHttp() {}

  /**
   * One request: decoded path segments, query, headers, and the body (gunzipped when sent
   * gzip-encoded).
   */
  static final class Request {
    final RecordedRequest raw;
    final String method;
    final String path;
    final List<String> segments;
    final HttpUrl url;
    private byte[] body;

    Request(RecordedRequest raw) {
      this.raw = raw;
      this.method = raw.getMethod();
      this.url = raw.getUrl();
      this.path = url.encodedPath();
      this.segments = new ArrayList<>(url.pathSegments());
      while (!segments.isEmpty() && segments.get(segments.size() - 1).isEmpty())
        segments.remove(segments.size() - 1);
    }

    String header(String name) {
      return raw.getHeaders().get(name);
    }

    String query(String name) {
      return url.queryParameter(name);
    }

    byte[] body() {
      if (body == null) {
        byte[] bytes = raw.getBody() == null ? new byte[0] : raw.getBody().toByteArray();
        String encoding = header("Content-Encoding");
        if (encoding != null
            && encoding.toLowerCase(Locale.ROOT).contains("gzip")
            && bytes.length > 0) {
          try (GZIPInputStream in = new GZIPInputStream(new ByteArrayInputStream(bytes))) {
            bytes = in.readAllBytes();
          } catch (IOException e) {
            throw new UncheckedIOException("request body is not valid gzip", e);
          }
        }
        body = bytes;
      }
      return body;
    }

    String bodyText() {
      return new String(body(), StandardCharsets.UTF_8);
    }

    /** The body as a JSON object; throws when it is malformed or another JSON value. */
    @SuppressWarnings("unchecked")
    Map<String, Object> jsonObject() throws IOException {
      Object parsed = JSON_VALUE.fromJson(bodyText());
      if (!(parsed instanceof Map)) throw new IOException("not an object");
      return (Map<String, Object>) parsed;
    }

    /** Form fields of an {@code application/x-www-form-urlencoded} body, then the URL query's. */
    Map<String, String> form() {
      Map<String, String> m = new LinkedHashMap<>();
      for (int i = 0; i < url.querySize(); i++)
        m.putIfAbsent(url.queryParameterName(i), url.queryParameterValue(i));
      String text = bodyText();
      if (!text.isBlank()) {
        for (String pair : text.split("&")) {
          if (pair.isEmpty()) continue;
          int eq = pair.indexOf('=');
          String k =
              URLDecoder.decode(eq < 0 ? pair : pair.substring(0, eq), StandardCharsets.UTF_8);
          String v =
              eq < 0 ? "" : URLDecoder.decode(pair.substring(eq + 1), StandardCharsets.UTF_8);
          m.put(k, v);
        }
      }
      return m;
    }

    /** The bearer token of {@code Authorization: Bearer|OAuth …}, or null. */
    String bearer() {
      String h = header("Authorization");
      if (h == null) return null;
      String t = h.trim();
      for (String scheme : new String[] {"Bearer ", "OAuth "}) {
        if (t.regionMatches(true, 0, scheme, 0, scheme.length()))
          return t.substring(scheme.length()).trim();
      }
      return null;
    }
  }

  /** Writes JSON into a buffer. */
  @FunctionalInterface
  interface JsonBody {
    void write(JsonWriter w) throws IOException;
  }

  static MockResponse.Builder json(int code, JsonBody body) {
    Buffer buffer = new Buffer();
    try (JsonWriter w = JsonWriter.of(buffer)) {
      w.setSerializeNulls(true);
      body.write(w);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    return new MockResponse.Builder().code(code).setHeader("Content-Type", JSON).body(buffer);
  }

  /** The REST error array: {@code [{"message":"…","errorCode":"…"}]}. */
  static MockResponse.Builder error(int code, String errorCode, String message) {
    return error(code, errorCode, message, null);
  }

  static MockResponse.Builder error(
      int code, String errorCode, String message, List<String> fields) {
    return json(
        code,
        w -> {
          w.beginArray().beginObject();
          w.name("message").value(message);
          w.name("errorCode").value(errorCode);
          if (fields != null) {
            w.name("fields").beginArray();
            for (String f : fields) w.value(f);
            w.endArray();
          }
          w.endObject().endArray();
        });
  }

  static MockResponse.Builder notFound() {
    return error(404, "NOT_FOUND", "The requested resource does not exist");
  }

  static MockResponse.Builder methodNotAllowed(String method, String allowed) {
    return error(
        405,
        "METHOD_NOT_ALLOWED",
        "HTTP Method '" + method + "' not allowed. Allowed are " + allowed);
  }
}
