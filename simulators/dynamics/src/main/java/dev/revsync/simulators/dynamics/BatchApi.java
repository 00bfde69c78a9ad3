package dev.revsync.simulators.dynamics;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.UUID;
import java.util.function.Function;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import mockwebserver3.MockResponse;

/**
 * {@code POST $batch}: a {@code multipart/mixed} body of operations and change sets (CRLF or bare
 * LF line ends accepted), at most 1,000 operations. Operations run in order and answer in order as
 * embedded {@code HTTP/1.1} responses; a change set is atomic (every operation is checked before
 * any is applied, and a failed one answers a single error part in the change set's place); {@code
 * Content-ID: n} lets later operations of the change set refer to {@code $n}. Without {@code
 * Prefer: odata.continue-on-error} the batch stops at the first failure and answers 400 with the
 * parts so far; with it, 200 and every part has its own status. Thread-safe.
 */
final class BatchApi {
  static final int MAX_OPERATIONS = 1_000;
  private static final Pattern BOUNDARY = Pattern.compile("(?i)boundary=\"?([^\";]+)\"?");
  private static final Pattern REFERENCE = Pattern.compile("^\\$(\\d+)(.*)$");

  /** One operation of a batch. */
  record Operation(
      String method, String url, Map<String, String> headers, String body, String contentId) {
    String header(String name) {
      for (Map.Entry<String, String> e : headers.entrySet())
        if (e.getKey().equalsIgnoreCase(name)) return e.getValue();
      return null;
    }
  }

  /** A top-level part: one operation, or a change set of several. */
  record Part(Operation single, List<Operation> changeSet) {}

  /** Runs a GET inside a batch (outside change sets) through the normal read path. */
  interface Reader extends Function<Operation, RecordWriter.Result> {}

  private final RecordWriter writer;
  private final String servicePath;

  BatchApi(RecordWriter writer, String servicePath) {
    this.writer = writer;
    this.servicePath = servicePath;
  }

  /** Parses the body; throws a 400 {@link WebErrors.WebError} when it is not a batch. */
  static List<Part> parse(String contentType, String body) {
    Matcher m = contentType == null ? null : BOUNDARY.matcher(contentType);
    if (m == null
        || !contentType.toLowerCase(Locale.ROOT).startsWith("multipart/mixed")
        || !m.find()) {
      throw WebErrors.badRequest(
          WebErrors.UNKNOWN_PROPERTY,
          "The batch request must have a \"Content-Type\" header "
              + "of multipart/mixed with a boundary.");
    }
    List<Part> parts = new ArrayList<>();
    for (String raw : split(body, m.group(1))) {
      Section s = section(raw);
      String ct = s.headers.getOrDefault("content-type", "");
      if (ct.toLowerCase(Locale.ROOT).startsWith("multipart/mixed")) {
        Matcher inner = BOUNDARY.matcher(ct);
        if (!inner.find())
          throw WebErrors.badRequest(WebErrors.UNKNOWN_PROPERTY, "A change set has no boundary.");
        List<Operation> ops = new ArrayList<>();
        for (String opRaw : split(s.body, inner.group(1))) {
          Section os = section(opRaw);
          Operation op = operation(os.body, os.headers.get("content-id"));
          if (op.method().equals("GET")) {
            throw WebErrors.badRequest(
                WebErrors.UNKNOWN_PROPERTY, "GET requests are not allowed inside a change set.");
          }
          ops.add(op);
        }
        parts.add(new Part(null, ops));
      } else {
        parts.add(new Part(operation(s.body, s.headers.get("content-id")), null));
      }
    }
    long count = parts.stream().mapToLong(p -> p.single() != null ? 1 : p.changeSet().size()).sum();
    if (count > MAX_OPERATIONS) {
      throw WebErrors.badRequest(
          WebErrors.UNKNOWN_PROPERTY,
          "The number of operations in the batch ("
              + count
              + ") exceeds the maximum of "
              + MAX_OPERATIONS
              + ".");
    }
    return parts;
  }

  static long operationCount(List<Part> parts) {
    return parts.stream().mapToLong(p -> p.single() != null ? 1 : p.changeSet().size()).sum();
  }

  MockResponse execute(List<Part> parts, Prefer prefer, String serviceRoot, Reader reader) {
    String boundary = "batchresponse_" + UUID.randomUUID();
    StringBuilder out = new StringBuilder();
    boolean failed = false;
    for (Part part : parts) {
      if (part.single() != null) {
        Operation op = part.single();
        RecordWriter.Result r;
        if (op.method().equals("GET")) {
          r = reader.apply(op);
        } else {
          r = run(op, Map.of(), prefer, serviceRoot);
        }
        out.append("--").append(boundary).append("\r\n");
        appendHttp(out, r, op.contentId());
        if (r.status() >= 400) failed = true;
      } else {
        out.append("--").append(boundary).append("\r\n");
        failed |= changeSet(part.changeSet(), prefer, serviceRoot, out);
      }
      if (failed && !prefer.continueOnError()) break;
    }
    out.append("--").append(boundary).append("--\r\n");
    int status = failed && !prefer.continueOnError() ? 400 : 200;
    return new MockResponse.Builder()
        .code(status)
        .setHeader("Content-Type", "multipart/mixed; boundary=" + boundary)
        .setHeader("OData-Version", "4.0")
        .body(out.toString())
        .build();
  }

  /** Checks every operation, then applies them all; returns true when the change set failed. */
  @SuppressWarnings("ReferenceEquality") // the operations before this very one in the list
  private boolean changeSet(
      List<Operation> ops, Prefer prefer, String serviceRoot, StringBuilder out) {
    Map<String, String> ids = new LinkedHashMap<>();
    List<RecordWriter.Prepared> prepared = new ArrayList<>();
    List<Operation> deferred = new ArrayList<>();
    for (Operation op : ops) {
      try {
        Matcher ref = REFERENCE.matcher(relative(op.url()));
        if (ref.matches()) {
          boolean known =
              ops.stream()
                  .takeWhile(o -> o != op)
                  .anyMatch(o -> ref.group(1).equals(o.contentId()));
          if (!known) {
            throw WebErrors.badRequest(
                WebErrors.UNKNOWN_PROPERTY,
                "Content-ID Reference: '$"
                    + ref.group(1)
                    + "' does not exist in the batch context.");
          }
          prepared.add(null);
          deferred.add(op);
        } else {
          prepared.add(prepare(op, prefer, serviceRoot, ids));
          deferred.add(null);
        }
      } catch (WebErrors.WebError e) {
        appendHttp(
            out,
            new RecordWriter.Result(e.status, Map.of(), WebErrors.body(e.code, e.getMessage())),
            op.contentId());
        return true;
      }
    }
    String boundary = "changesetresponse_" + UUID.randomUUID();
    StringBuilder inner = new StringBuilder();
    for (int i = 0; i < ops.size(); i++) {
      Operation op = ops.get(i);
      RecordWriter.Result r;
      try {
        r =
            prepared.get(i) != null
                ? prepared.get(i).apply()
                : run(deferred.get(i), ids, prefer, serviceRoot);
      } catch (WebErrors.WebError e) {
        r = new RecordWriter.Result(e.status, Map.of(), WebErrors.body(e.code, e.getMessage()));
      }
      String entity = r.headers().get("OData-EntityId");
      if (op.contentId() != null && entity != null) ids.put(op.contentId(), entity);
      inner.append("--").append(boundary).append("\r\n");
      appendHttp(inner, r, op.contentId());
    }
    inner.append("--").append(boundary).append("--\r\n");
    out.append("Content-Type: multipart/mixed; boundary=")
        .append(boundary)
        .append("\r\n\r\n")
        .append(inner);
    return false;
  }

  private RecordWriter.Result run(
      Operation op, Map<String, String> ids, Prefer prefer, String serviceRoot) {
    try {
      return prepare(op, prefer, serviceRoot, ids).apply();
    } catch (WebErrors.WebError e) {
      return new RecordWriter.Result(e.status, Map.of(), WebErrors.body(e.code, e.getMessage()));
    }
  }

  private RecordWriter.Prepared prepare(
      Operation op, Prefer batchPrefer, String serviceRoot, Map<String, String> ids) {
    String relative = relative(op.url());
    Matcher ref = REFERENCE.matcher(relative);
    if (ref.matches()) {
      String entity = ids.get(ref.group(1));
      if (entity == null) {
        throw WebErrors.badRequest(
            WebErrors.UNKNOWN_PROPERTY,
            "Content-ID Reference: '$" + ref.group(1) + "' does not exist in the batch context.");
      }
      relative = relative(entity) + ref.group(2);
    }
    String body = op.body();
    if (body != null) {
      for (Map.Entry<String, String> e : ids.entrySet())
        body = body.replace("\"$" + e.getKey() + "\"", "\"" + e.getValue() + "\"");
    }
    int q = relative.indexOf('?');
    String path = q < 0 ? relative : relative.substring(0, q);
    Prefer prefer =
        op.header("Prefer") == null
            ? batchPrefer
            : Prefer.of(okhttp3.Headers.of("Prefer", op.header("Prefer")));
    return writer.prepare(
        op.method(),
        ODataPath.parse(path),
        body,
        op.header("If-Match"),
        op.header("If-None-Match"),
        prefer,
        List.of(),
        serviceRoot);
  }

  /**
   * The URL relative to the service root: absolute URLs and {@code /api/data/v9.2/} paths both
   * work.
   */
  String relative(String url) {
    String u = url.trim();
    int scheme = u.indexOf("://");
    if (scheme > 0) {
      int slash = u.indexOf('/', scheme + 3);
      u = slash < 0 ? "" : u.substring(slash);
    }
    if (u.startsWith(servicePath)) return u.substring(servicePath.length());
    if (u.startsWith("/")) {
      int v = u.indexOf("/api/data/v");
      if (v >= 0) {
        int next = u.indexOf('/', v + "/api/data/v".length());
        return next < 0 ? "" : u.substring(next + 1);
      }
      return u.substring(1);
    }
    return u;
  }

  private static void appendHttp(StringBuilder out, RecordWriter.Result r, String contentId) {
    out.append("Content-Type: application/http\r\nContent-Transfer-Encoding: binary\r\n");
    if (contentId != null) out.append("Content-ID: ").append(contentId).append("\r\n");
    out.append("\r\nHTTP/1.1 ")
        .append(r.status())
        .append(' ')
        .append(reason(r.status()))
        .append("\r\n");
    for (Map.Entry<String, String> h : r.headers().entrySet()) {
      out.append(h.getKey()).append(": ").append(h.getValue()).append("\r\n");
      if (h.getKey().equals("OData-EntityId"))
        out.append("Location: ").append(h.getValue()).append("\r\n");
    }
    out.append("OData-Version: 4.0\r\n");
    if (r.body() != null) {
      out.append("Content-Type: application/json; odata.metadata=minimal\r\n\r\n")
          .append(r.body())
          .append("\r\n");
    } else {
      out.append("\r\n\r\n");
    }
  }

  static String reason(int status) {
    return switch (status) {
      case 200 -> "OK";
      case 201 -> "Created";
      case 204 -> "No Content";
      case 400 -> "Bad Request";
      case 401 -> "Unauthorized";
      case 403 -> "Forbidden";
      case 404 -> "Not Found";
      case 405 -> "Method Not Allowed";
      case 412 -> "Precondition Failed";
      case 429 -> "Too Many Requests";
      default -> "Error";
    };
  }

  private record Section(Map<String, String> headers, String body) {}

  /**
   * Splits a multipart body on {@code --boundary} delimiters, dropping the preamble and epilogue.
   */
  private static List<String> split(String body, String boundary) {
    String text = body.replace("\r\n", "\n");
    String delimiter = "--" + boundary;
    List<String> parts = new ArrayList<>();
    int at = text.indexOf(delimiter);
    while (at >= 0) {
      int start = at + delimiter.length();
      if (text.startsWith("--", start)) break; // the close delimiter
      int next = text.indexOf("\n" + delimiter, start);
      if (next < 0) {
        throw WebErrors.badRequest(
            WebErrors.UNKNOWN_PROPERTY,
            "The batch is missing its closing boundary '--" + boundary + "--'.");
      }
      parts.add(text.substring(start, next + 1));
      at = next + 1;
    }
    return parts;
  }

  /** Headers (names lower-cased) up to the first blank line, then the rest. */
  private static Section section(String raw) {
    String text = raw.startsWith("\n") ? raw.substring(1) : raw;
    Map<String, String> headers = new LinkedHashMap<>();
    int pos = 0;
    while (pos < text.length()) {
      int eol = text.indexOf('\n', pos);
      if (eol < 0) eol = text.length();
      String line = text.substring(pos, eol);
      pos = eol + 1;
      if (line.isBlank()) break;
      int colon = line.indexOf(':');
      if (colon > 0)
        headers.put(
            line.substring(0, colon).trim().toLowerCase(Locale.ROOT),
            line.substring(colon + 1).trim());
    }
    return new Section(headers, pos >= text.length() ? "" : text.substring(pos));
  }

  private static Operation operation(String http, String contentId) {
    String text = http.startsWith("\n") ? http.substring(1) : http;
    int eol = text.indexOf('\n');
    String requestLine = (eol < 0 ? text : text.substring(0, eol)).trim();
    String[] words = requestLine.split(" ");
    if (words.length < 2) {
      throw WebErrors.badRequest(
          WebErrors.UNKNOWN_PROPERTY, "A batch part has no request line: '" + requestLine + "'.");
    }
    Section rest = section(eol < 0 ? "" : text.substring(eol + 1));
    Map<String, String> headers = new LinkedHashMap<>();
    rest.headers().forEach(headers::put);
    String body = rest.body().strip();
    return new Operation(
        words[0].toUpperCase(Locale.ROOT),
        words[1],
        headers,
        body.isEmpty() ? null : body,
        contentId);
  }
}
