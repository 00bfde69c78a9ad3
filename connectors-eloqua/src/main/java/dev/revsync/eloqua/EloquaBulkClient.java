package dev.revsync.eloqua;

import dev.revsync.Activity;
import dev.revsync.ApiStyle;
import dev.revsync.AuthenticationException;
import dev.revsync.FieldType;
import dev.revsync.ProtocolException;
import dev.revsync.spi.AccessToken;
import dev.revsync.spi.Json;
import dev.revsync.spi.RecordShape;
import dev.revsync.spi.ResponseHandler;
import dev.revsync.spi.Transport;
import java.io.EOFException;
import java.io.IOException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import okhttp3.MediaType;
import okhttp3.Request;
import okhttp3.RequestBody;
import okhttp3.Response;
import okhttp3.ResponseBody;
import okio.BufferedSource;
import okio.ByteString;

/**
 * The Eloqua Bulk API 2.0 client: every call of the connector, on the connection's {@link
 * Transport} (quota, rate limit, retries, counting), at {@code {base}/api/bulk/2.0}, where {@code
 * base} is the host's override or what {@code /id} discovered.
 *
 * <p>A 401 is handled here rather than by the transport's refresh-and-retry, because the retry must
 * go to a different URL: the token (and with it the {@code /id} answer) is invalidated, the next
 * one re-discovers the pod, and the call is rebuilt at the new base once. A second 401 is an {@link
 * AuthenticationException}.
 *
 * <p>Responses are read with {@link Json}'s streaming reader, one item at a time. Thread-safe.
 */
final class EloquaBulkClient {
  static final String BULK_PATH = "/api/bulk/2.0";

  /** The largest page {@code /syncs/{id}/data} serves. */
  static final int MAX_DATA_PAGE = 50_000;

  /** The largest page of every other collection (fields, logs, rejects, definitions). */
  static final int MAX_PAGE = 1_000;

  private static final MediaType JSON = MediaType.get("application/json; charset=utf-8");

  private final Transport transport;
  private final EloquaConfig config;

  EloquaBulkClient(Transport transport, EloquaConfig config) {
    this.transport = transport;
    this.config = config;
  }

  Transport transport() {
    return transport;
  }

  String baseUrl(AccessToken token) {
    if (config.baseUrlOverride() != null) return config.baseUrlOverride();
    String base = token.attribute(EloquaAuth.BASE_URL);
    if (base == null) {
      throw new ProtocolException(
          EloquaConfig.SYSTEM,
          "GET /id",
          "no base URL was discovered",
          "Set the connection's baseUrl to the instance's pod (https://secure.p0N.eloqua.com)",
          null);
    }
    return base;
  }

  // ---- HTTP ----------------------------------------------------------------------------------

  <T> T get(Activity activity, String path, ResponseHandler<T> handler) {
    return execute(activity, "GET", path, null, handler);
  }

  <T> T postJson(Activity activity, String path, String json, ResponseHandler<T> handler) {
    return execute(activity, "POST", path, RequestBody.create(json, JSON), handler);
  }

  <T> T execute(
      Activity activity, String method, String path, RequestBody body, ResponseHandler<T> handler) {
    AccessToken token = transport.token(activity);
    try {
      return send(activity, request(baseUrl(token), method, path, body), handler);
    } catch (EloquaErrors.NotAuthenticated first) {
      // The instance may have moved pods, or the token was revoked: /id again (and, for OAuth, a
      // refresh if /id refuses the token), then one retry at the base URL it answers.
      transport.invalidate(token);
      AccessToken fresh = transport.token(activity);
      try {
        return send(activity, request(baseUrl(fresh), method, path, body), handler);
      } catch (EloquaErrors.NotAuthenticated second) {
        throw new AuthenticationException(
            EloquaConfig.SYSTEM,
            method + " " + path,
            "HTTP 401 not authenticated, again after re-discovering the instance with /id",
            "Reconnect the Eloqua account; the user may have lost API access",
            second);
      }
    }
  }

  /**
   * A write's POSTs create import definitions and syncs or append staged rows: none may reach
   * Eloqua twice, so once it may have, they are not retried (the write reports the outcome as
   * unknown). Everything else is retried as usual.
   */
  private <T> T send(Activity activity, Request request, ResponseHandler<T> handler) {
    boolean write = activity == Activity.ENRICHMENT || activity == Activity.SCORE_EXPORT;
    return write && request.method().equals("POST")
        ? transport.executeOnce(activity, ApiStyle.BULK, request, handler)
        : transport.execute(activity, ApiStyle.BULK, request, handler);
  }

  private static Request request(String base, String method, String path, RequestBody body) {
    Request.Builder b =
        new Request.Builder().url(base + BULK_PATH + path).header("Accept", "application/json");
    return b.method(method, body).build();
  }

  // ---- Fields and objects ----------------------------------------------------------------------

  /** Every field of {@code object} from its fields endpoint, paged at 1000. */
  List<EloquaField> fields(Activity activity, EloquaObject object) {
    List<EloquaField> fields = new ArrayList<>();
    readCollection(activity, object.fieldsPath(), item -> fields.add(field(item, object)));
    return fields;
  }

  private static EloquaField field(Map<String, Object> item, EloquaObject object) {
    String statement = str(item.get("statement"));
    String internal = str(item.get("internalName"));
    String label = str(item.get("name"));
    String name = internal != null && !internal.isBlank() ? internal : keyOf(label);
    if (statement == null || name == null) {
      throw new ProtocolException(
          EloquaConfig.SYSTEM,
          "GET " + object.path() + "/fields",
          "a field without statement or name: " + item.keySet(),
          "Retry later; report it if it persists",
          null);
    }
    String dataType = str(item.get("dataType"));
    FieldType type = RecordMapping.typeOf(dataType);
    return new EloquaField(
        name,
        label == null ? name : label,
        statement,
        dataType == null ? "text" : dataType,
        type,
        Boolean.TRUE.equals(item.get("hasReadOnlyConstraint")),
        Boolean.TRUE.equals(item.get("hasUniquenessConstraint")));
  }

  /** An export key from a label where a field has no internal name: letters, digits and '_'. */
  private static String keyOf(String label) {
    if (label == null) return null;
    String key = label.replaceAll("[^A-Za-z0-9_]", "_");
    return key.isEmpty() ? null : key;
  }

  /** A custom object: its id and name. */
  record CustomObjectInfo(String id, String name) {}

  List<CustomObjectInfo> customObjects(Activity activity) {
    List<CustomObjectInfo> objects = new ArrayList<>();
    readCollection(
        activity,
        "/customObjects?",
        item -> {
          String id = str(item.get("id"));
          String uri = str(item.get("uri"));
          if (id == null && uri != null) id = uri.substring(uri.lastIndexOf('/') + 1);
          if (id != null) objects.add(new CustomObjectInfo(id, str(item.get("name"))));
        });
    return objects;
  }

  // ---- Definitions and syncs -------------------------------------------------------------------

  /**
   * Creates a definition ({@code POST /contacts/exports}, {@code /contacts/imports}...); returns
   * its uri.
   */
  String createDefinition(Activity activity, String collectionPath, String body) {
    Map<String, Object> created =
        postJson(activity, collectionPath, body, EloquaBulkClient::readObject);
    String uri = str(created.get("uri"));
    if (uri == null) throw missing("POST " + collectionPath, "uri");
    return uri;
  }

  /** A sync as Eloqua reports it. */
  record SyncInfo(
      String uri, String status, String createdAt, String syncStartedAt, String syncEndedAt) {
    boolean running() {
      return "pending".equalsIgnoreCase(status) || "active".equalsIgnoreCase(status);
    }

    /** {@code success} or {@code warning}: the data is ready. */
    boolean succeeded() {
      return "success".equalsIgnoreCase(status) || "warning".equalsIgnoreCase(status);
    }

    boolean warning() {
      return "warning".equalsIgnoreCase(status);
    }
  }

  SyncInfo createSync(Activity activity, String definitionUri) {
    return syncInfo(
        "POST /syncs",
        postJson(
            activity,
            "/syncs",
            ExportDefinitions.syncBody(definitionUri),
            EloquaBulkClient::readObject));
  }

  SyncInfo sync(Activity activity, String syncUri) {
    return syncInfo("GET " + syncUri, get(activity, syncUri, EloquaBulkClient::readObject));
  }

  private static SyncInfo syncInfo(String call, Map<String, Object> o) {
    String uri = str(o.get("uri"));
    String status = str(o.get("status"));
    if (uri == null) throw missing(call, "uri");
    if (status == null) throw missing(call, "status");
    return new SyncInfo(
        uri,
        status,
        str(o.get("createdAt")),
        str(o.get("syncStartedAt")),
        str(o.get("syncEndedAt")));
  }

  List<EloquaErrors.SyncLog> logs(Activity activity, String syncUri) {
    List<EloquaErrors.SyncLog> logs = new ArrayList<>();
    readCollection(
        activity,
        syncUri + "/logs?",
        item -> {
          Object count = item.get("count");
          logs.add(
              new EloquaErrors.SyncLog(
                  str(item.get("severity")),
                  str(item.get("statusCode")),
                  str(item.get("message")),
                  count instanceof Number n ? n.longValue() : 0));
        });
    return logs;
  }

  // ---- Staged data -----------------------------------------------------------------------------

  /** What one data page said about itself. {@code totalResults} is -1 where it was left out. */
  record Page(int count, boolean hasMore, long totalResults) {}

  /**
   * Takes the rows of a data page: each export key's value at its position in the keys' shape, a
   * {@code String} (Eloqua sends strings; numbers and booleans keep their JSON spelling) or null
   * (JSON null, or the row lacks the key). The array is the sink's to keep.
   */
  @FunctionalInterface
  interface RowSink {
    void row(Object[] row);
  }

  /**
   * Reads one page of a sync's staged data, {@code GET {syncUri}/data?limit&offset}, handing each
   * row to {@code rows} as it is parsed. If the body breaks off and the transport retries the call,
   * the rows already handed over are skipped, so each row reaches {@code rows} once.
   */
  Page data(
      Activity activity, String syncUri, long offset, int limit, RecordShape keys, RowSink rows) {
    int[] delivered = {0};
    String path = syncUri + "/data?limit=" + limit + "&offset=" + offset;
    String call = "GET " + syncUri + "/data";
    return get(
        activity,
        path,
        response -> {
          int[] seen = {0};
          Json.Page page =
              Json.readPage(
                  source(response),
                  "items",
                  keys,
                  item -> {
                    if (seen[0]++ >= delivered[0]) {
                      rows.row(row(item));
                      delivered[0]++;
                    }
                  },
                  EloquaConfig.SYSTEM,
                  call);
          Long count = page.number("count");
          if (count != null && count != seen[0]) {
            // A page holding fewer rows than it announces was cut short: the transport reads it
            // again.
            throw new ProtocolException(
                EloquaConfig.SYSTEM,
                call,
                "the page at offset "
                    + offset
                    + " announced "
                    + count
                    + " rows and held "
                    + seen[0],
                "Retry later; report it if it persists",
                null);
          }
          Long total = page.number("totalResults");
          return new Page(seen[0], page.bool("hasMore", false), total == null ? -1 : total);
        });
  }

  /**
   * A data row as strings: Eloqua sends strings; numbers and booleans keep their JSON spelling. The
   * array is ours (Json hands each one over): its values become strings in place.
   */
  private static Object[] row(Object[] item) {
    for (int i = 0; i < item.length; i++) {
      if (item[i] != null && !(item[i] instanceof String)) item[i] = str(item[i]);
    }
    return item;
  }

  // ---- Imports ---------------------------------------------------------------------------------

  /** Stages one post of import rows: {@code POST {importUri}/data} with a JSON array (204). */
  void postImportData(Activity activity, String importUri, ByteString jsonArray) {
    execute(
        activity,
        "POST",
        importUri + "/data",
        RequestBody.create(jsonArray, JSON),
        response -> null);
  }

  /** One row an import sync refused. */
  record Reject(
      long recordIndex,
      String statusCode,
      String message,
      Map<String, String> fieldValues,
      List<String> invalidFields) {}

  List<Reject> rejects(Activity activity, String syncUri) {
    List<Reject> rejects = new ArrayList<>();
    readCollection(
        activity,
        syncUri + "/rejects?",
        item -> {
          Object index = item.get("recordIndex");
          Map<String, String> values =
              item.get("fieldValues") instanceof Map<?, ?> m ? stringMap(m) : Map.of();
          List<String> invalid = new ArrayList<>();
          if (item.get("invalidFields") instanceof List<?> l)
            for (Object o : l) if (o != null) invalid.add(str(o));
          rejects.add(
              new Reject(
                  index instanceof Number n ? n.longValue() : -1,
                  str(item.get("statusCode")),
                  str(item.get("message")),
                  values,
                  invalid));
        });
    return rejects;
  }

  private static Map<String, String> stringMap(Map<?, ?> m) {
    Map<String, String> out = new LinkedHashMap<>();
    for (Map.Entry<?, ?> e : m.entrySet()) out.put(String.valueOf(e.getKey()), str(e.getValue()));
    return out;
  }

  // ---- JSON plumbing ---------------------------------------------------------------------------

  /**
   * Reads every page of a {@code limit}/{@code offset} collection; {@code path} ends with '?' or
   * '&'.
   */
  private void readCollection(Activity activity, String path, Json.RecordHandler items) {
    long offset = 0;
    String call = "GET " + path.substring(0, path.length() - 1);
    while (true) {
      String page = path + "limit=" + MAX_PAGE + "&offset=" + offset;
      Json.Page p =
          get(
              activity,
              page,
              response ->
                  Json.readPage(source(response), "items", items, EloquaConfig.SYSTEM, call));
      offset += p.records();
      if (!p.bool("hasMore", false) || p.records() == 0) return;
    }
  }

  private static BufferedSource source(Response response) throws IOException {
    ResponseBody body = response.body();
    if (body == null) throw new EOFException("no body");
    return body.source();
  }

  static Map<String, Object> readObject(Response response) throws IOException {
    return Json.readObject(
        source(response),
        EloquaConfig.SYSTEM,
        response.request().method() + " " + response.request().url().encodedPath());
  }

  static String str(Object value) {
    return EloquaAuth.string(value);
  }

  private static ProtocolException missing(String call, String what) {
    return new ProtocolException(
        EloquaConfig.SYSTEM,
        call,
        "the answer has no " + what,
        "Retry later; report it if it persists",
        null);
  }
}
