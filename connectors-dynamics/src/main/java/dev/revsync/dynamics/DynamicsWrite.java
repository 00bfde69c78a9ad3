package dev.revsync.dynamics;

import dev.revsync.ConfigurationException;
import dev.revsync.ProtocolException;
import dev.revsync.TransientException;
import dev.revsync.WriteItem;
import dev.revsync.WriteOutcome;
import dev.revsync.WriteRequest;
import dev.revsync.WriteResult;
import dev.revsync.spi.Json;
import dev.revsync.spi.Transport;
import dev.revsync.spi.Values;
import dev.revsync.spi.WriteBatcher;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.UUID;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import okhttp3.HttpUrl;
import okhttp3.MediaType;
import okhttp3.RequestBody;

/**
 * Enrichment and score writes as {@code $batch} requests of up to 1,000 operations, each in its own
 * change set (so one row's failure rolls back only that row) with {@code Prefer:
 * odata.continue-on-error}: UPDATE is {@code PATCH <set>(<id>)} with {@code If-Match: *} (update
 * only, never create), UPSERT is {@code PATCH <set>(<key>='<value>')} without it. Both are
 * idempotent, so a batch whose answer is lost or garbled is posted again by the transport, then
 * reported UNKNOWN ({@link WriteBatcher}). Each embedded answer, matched by Content-ID, becomes the
 * item's outcome; items after the last one the service answered (a batch stopped early) come back
 * NOT_SENT. Budget exhaustion before a batch leaves it and the rest NOT_SENT (backlog). The table's
 * definition, read once inside the first batch, counts against the write's activity like the rest
 * of the write. Thread-safe.
 */
final class DynamicsWrite {
  private static final Pattern BOUNDARY = Pattern.compile("(?i)boundary=\"?([^\";]+)\"?");
  private static final Pattern STATUS_LINE = Pattern.compile("^HTTP/1\\.1 (\\d{3})");

  private final DynamicsConfig config;
  private final DynamicsRestClient client;
  private final Transport transport;
  private final DynamicsErrors errors;

  DynamicsWrite(
      DynamicsConfig config,
      DynamicsRestClient client,
      Transport transport,
      DynamicsErrors errors) {
    this.config = config;
    this.client = client;
    this.transport = transport;
    this.errors = errors;
  }

  /** One embedded answer. */
  record Answer(String contentId, int status, Map<String, String> headers, String body) {}

  WriteResult write(WriteRequest request) {
    // the table's definition is read inside the first batch, so its call counts in the result and a
    // spent budget leaves every item NOT_SENT instead of failing the write
    TableInfo[] table = {null};
    String[] upsertKey = {null};
    return WriteBatcher.write(
        transport,
        request,
        config.batchSize(),
        (batch, firstIndex) -> {
          if (table[0] == null) {
            table[0] = client.table(request.object(), request.activity());
            upsertKey[0] = upsertKey(table[0], request);
          }
          String boundary = "batch_" + UUID.randomUUID();
          String body = batchBody(table[0], batch, upsertKey[0], boundary);
          HttpUrl url = client.serviceRoot().newBuilder().addPathSegment("$batch").build();
          RequestBody payload =
              RequestBody.create(
                  body.getBytes(StandardCharsets.UTF_8),
                  MediaType.get("multipart/mixed; boundary=" + boundary));
          try {
            // every operation is an idempotent PATCH, so a throttled batch may be posted again
            return errors.waitOutThrottling(
                transport.config().clock(),
                () ->
                    client.post(
                        request.activity(),
                        url,
                        payload,
                        "odata.continue-on-error",
                        response ->
                            outcomes(
                                batch,
                                firstIndex,
                                parse(
                                    response.header("Content-Type"),
                                    response.body().string(),
                                    "POST $batch"))),
                () -> {});
          } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new TransientException(
                DynamicsConfig.SYSTEM,
                "POST $batch",
                "interrupted while waiting out throttling",
                "Send the write again; its operations are idempotent updates",
                e);
          }
        });
  }

  /** The alternate-key column an upsert addresses rows by, or null for updates by id. */
  private static String upsertKey(TableInfo table, WriteRequest request) {
    if (request.operation() != WriteRequest.Operation.UPSERT) return null;
    TableInfo.Column key = table.column(request.matchField());
    if (key == null
        || table.keys().values().stream()
            .noneMatch(k -> k.size() == 1 && k.get(0).equals(key.name()))) {
      throw new ConfigurationException(
          DynamicsConfig.SYSTEM,
          "write " + request.object(),
          "'"
              + request.matchField()
              + "' is not a single-column alternate key of "
              + table.logicalName()
              + " (keys: "
              + table.keys()
              + ")",
          "Upsert on an alternate key defined on the table, or update by id",
          null);
    }
    return key.name();
  }

  private String batchBody(
      TableInfo table, List<WriteItem> batch, String upsertKey, String boundary) {
    StringBuilder b = new StringBuilder(batch.size() * 400);
    String root = client.serviceRoot().toString();
    for (int i = 0; i < batch.size(); i++) {
      WriteItem item = batch.get(i);
      String changeset = "changeset_" + i + "_" + boundary.substring(6, 14);
      String target =
          upsertKey == null
              ? guid(item.key())
              : upsertKey + "=" + literal(table.column(upsertKey), item.key());
      b.append("--")
          .append(boundary)
          .append("\r\nContent-Type: multipart/mixed; boundary=")
          .append(changeset)
          .append("\r\n\r\n--")
          .append(changeset)
          .append("\r\nContent-Type: application/http\r\n")
          .append("Content-Transfer-Encoding: binary\r\nContent-ID: ")
          .append(i + 1)
          .append("\r\n\r\n")
          .append("PATCH ")
          .append(root)
          .append(table.entitySetName())
          .append('(')
          .append(target)
          .append(") HTTP/1.1\r\n")
          .append("Content-Type: application/json\r\n");
      if (upsertKey == null) b.append("If-Match: *\r\n");
      b.append("\r\n")
          .append(Json.toJson(body(table, item.fields())))
          .append("\r\n--")
          .append(changeset)
          .append("--\r\n");
    }
    return b.append("--").append(boundary).append("--\r\n").toString();
  }

  /**
   * Field values as the Web API takes them; a lookup given as {@code _x_value} is left to the
   * service to refuse.
   */
  private static Map<String, Object> body(TableInfo table, Map<String, Object> fields) {
    Map<String, Object> out = new LinkedHashMap<>();
    fields.forEach(
        (name, value) -> out.put(name, value instanceof Instant i ? i.toString() : value));
    return out;
  }

  private static String guid(String key) {
    String k = key.trim().replace("{", "").replace("}", "").toLowerCase(Locale.ROOT);
    return k.matches("[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}")
        ? k
        : "'" + encode(k) + "'";
  }

  private static String literal(TableInfo.Column column, String value) {
    String type = column == null ? "String" : column.type();
    if ((type.equals("Integer") || type.equals("BigInt") || type.equals("Decimal"))
        && value.matches("-?\\d+(\\.\\d+)?")) {
      return value;
    }
    return "'" + encode(value.replace("'", "''")) + "'";
  }

  /** Percent-encodes what may not stand in a URL path inside a batch part. */
  private static String encode(String s) {
    StringBuilder b = new StringBuilder();
    for (byte by : s.getBytes(StandardCharsets.UTF_8)) {
      int c = by & 0xff;
      if ((c >= 'a' && c <= 'z')
          || (c >= 'A' && c <= 'Z')
          || (c >= '0' && c <= '9')
          || "-_.~'@!$*,;:".indexOf(c) >= 0) {
        b.append((char) c);
      } else {
        b.append('%').append(String.format(Locale.ROOT, "%02X", c));
      }
    }
    return b.toString();
  }

  /**
   * The items' outcomes from the embedded answers, in item order. Answers are matched by Content-ID
   * (the service may answer change sets in any order); the items after the last answered one never
   * ran. An item left unanswered before an answered one is a malformed answer.
   */
  private static List<WriteOutcome> outcomes(
      List<WriteItem> batch, int firstIndex, List<Answer> answers) {
    Map<Integer, Answer> byItem = new HashMap<>();
    for (int i = 0; i < answers.size(); i++) {
      Answer a = answers.get(i);
      Integer position =
          a.contentId() == null
              ? null
              : Values.read(
                  DynamicsConfig.SYSTEM,
                  "POST $batch",
                  "Content-ID",
                  a.contentId().strip(),
                  text -> (int) Values.integer(text) - 1);
      byItem.putIfAbsent(position == null ? i : position, a);
    }
    WriteBatcher.Outcomes outcomes = WriteBatcher.outcomes(batch, firstIndex);
    int answered = 0;
    while (answered < batch.size() && byItem.containsKey(answered)) {
      Answer a = byItem.get(answered++);
      if (a.status() >= 200 && a.status() < 300) {
        outcomes.succeeded(entityId(a.headers().get("odata-entityid")), a.status() == 201);
      } else {
        Map<String, String> error = error(a.body());
        String code = error.getOrDefault("code", "");
        outcomes.failed(
            null,
            code.isEmpty() ? "HTTP_" + a.status() : code,
            error.getOrDefault("message", "HTTP " + a.status()),
            List.of());
      }
    }
    if (byItem.keySet().stream().anyMatch(p -> p >= batch.size() || p < 0)
        || byItem.size() > answered) {
      throw new ProtocolException(
          DynamicsConfig.SYSTEM,
          "POST $batch",
          "the batch answer's Content-IDs "
              + byItem.keySet()
              + " do not match the "
              + batch.size()
              + " operations sent",
          "Retry; the operations are idempotent updates",
          null);
    }
    List<WriteOutcome> out = new ArrayList<>(outcomes.list());
    for (int i = answered; i < batch.size(); i++)
      out.add(WriteOutcome.notSent(firstIndex + i, batch.get(i).key()));
    return out;
  }

  private static String entityId(String header) {
    if (header == null) return null;
    int open = header.lastIndexOf('(');
    int close = header.lastIndexOf(')');
    return open < 0 || close < open ? null : header.substring(open + 1, close);
  }

  private static Map<String, String> error(String body) {
    if (body == null || body.isBlank()) return Map.of();
    try {
      Object e = Json.parseObject(body, DynamicsConfig.SYSTEM, "POST $batch").get("error");
      if (e instanceof Map<?, ?> m) {
        return Map.of(
            "code",
            String.valueOf(m.get("code") == null ? "" : m.get("code")),
            "message",
            String.valueOf(m.get("message") == null ? "" : m.get("message")));
      }
    } catch (ProtocolException notJson) {
      return Map.of("message", body.length() > 300 ? body.substring(0, 300) : body);
    }
    return Map.of();
  }

  /**
   * The embedded answers of a {@code multipart/mixed} batch answer, change sets flattened, in
   * order.
   */
  static List<Answer> parse(String contentType, String body, String call) {
    Matcher m = contentType == null ? null : BOUNDARY.matcher(contentType);
    if (m == null || !m.find()) {
      throw new ProtocolException(
          DynamicsConfig.SYSTEM,
          call,
          "the batch answer is not multipart/mixed: " + contentType,
          "Report this to Microsoft support with the request id",
          null);
    }
    List<Answer> out = new ArrayList<>();
    collect(body.replace("\r\n", "\n"), m.group(1), out, call);
    return out;
  }

  private static void collect(String text, String boundary, List<Answer> out, String call) {
    String delimiter = "--" + boundary;
    int at = text.indexOf(delimiter);
    boolean closed = false;
    while (at >= 0) {
      int start = at + delimiter.length();
      if (text.startsWith("--", start)) {
        closed = true;
        break;
      }
      int next = text.indexOf("\n" + delimiter, start);
      String part = next < 0 ? text.substring(start) : text.substring(start, next + 1);
      int blank = part.indexOf("\n\n", 1);
      String headers = blank < 0 ? part : part.substring(0, blank);
      String rest = blank < 0 ? "" : part.substring(blank + 2);
      Map<String, String> h = headers(headers);
      String ct = h.getOrDefault("content-type", "");
      if (ct.toLowerCase(Locale.ROOT).startsWith("multipart/mixed")) {
        Matcher inner = BOUNDARY.matcher(ct);
        if (inner.find()) collect(rest, inner.group(1), out, call);
      } else {
        out.add(embedded(rest, h.get("content-id"), call));
      }
      if (next < 0) break;
      at = next + 1;
    }
    if (!closed) {
      throw new ProtocolException(
          DynamicsConfig.SYSTEM,
          call,
          "the batch answer ends before its closing boundary",
          "Retry; the operations are idempotent updates",
          null);
    }
  }

  private static Answer embedded(String http, String contentId, String call) {
    String text = http.stripLeading();
    int eol = text.indexOf('\n');
    String statusLine = eol < 0 ? text : text.substring(0, eol);
    Matcher m = STATUS_LINE.matcher(statusLine.trim());
    if (!m.find()) {
      throw new ProtocolException(
          DynamicsConfig.SYSTEM,
          call,
          "a batch part has no HTTP status line: '" + statusLine + "'",
          "Report this to Microsoft support with the request id",
          null);
    }
    String rest = eol < 0 ? "" : text.substring(eol + 1);
    int blank = rest.indexOf("\n\n");
    String headerText = blank < 0 ? rest : rest.substring(0, blank);
    String body = blank < 0 ? "" : rest.substring(blank + 2).strip();
    Map<String, String> headers = headers(headerText);
    return new Answer(
        contentId != null ? contentId : headers.get("content-id"),
        Integer.parseInt(m.group(1)),
        headers,
        body);
  }

  private static Map<String, String> headers(String text) {
    Map<String, String> h = new LinkedHashMap<>();
    for (String line : text.split("\n")) {
      int colon = line.indexOf(':');
      if (colon > 0)
        h.put(
            line.substring(0, colon).trim().toLowerCase(Locale.ROOT),
            line.substring(colon + 1).trim());
    }
    return h;
  }
}
