package dev.revsync.benchmarks;

import dev.revsync.spi.Json;
import dev.revsync.spi.RecordShape;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import okhttp3.MediaType;
import okhttp3.Request;
import okhttp3.RequestBody;

/**
 * The floor for Eloqua pulls: a Bulk API 2.0 export (definition, sync, poll, {@code /data} pages by
 * offset) with bare OkHttp, pages parsed by {@link Json#readPage} into nothing. Login ({@code /id})
 * and field discovery come before the measurement. Not thread-safe.
 */
final class EloquaFloor {
  static final String SYSTEM = "eloqua";
  private static final MediaType JSON = MediaType.get("application/json; charset=utf-8");

  private final BareHttp http;
  private final String loginBase;
  private String base;
  private long records;
  private int fieldsPerRecord = -1;

  EloquaFloor(BareHttp http, Map<String, String> settings) {
    this.http = http;
    this.loginBase = trim(settings.getOrDefault("loginUrl", settings.get("baseUrl")));
  }

  /**
   * Basic auth as {@code site\\user:password}, then {@code GET /id} for the pod's base URL; returns
   * it.
   */
  String login(Map<String, String> settings) throws IOException {
    String user =
        first(settings, "siteName", "site", "company") + "\\" + first(settings, "username", "user");
    String password = first(settings, "password");
    http.authorization =
        "Basic "
            + Base64.getEncoder()
                .encodeToString((user + ":" + password).getBytes(StandardCharsets.UTF_8));
    Object id =
        http.call(
            new Request.Builder().url(loginBase + "/id").build(),
            (response, body) -> Json.read(body, SYSTEM, "GET /id"));
    if (!(id instanceof Map)) throw new IOException("Eloqua /id refused the credentials: " + id);
    base = trim(String.valueOf(((Map<?, ?>) ((Map<?, ?>) id).get("urls")).get("base")));
    return base;
  }

  /**
   * Every field of {@code object} as export key → statement, plus the system id, creation and
   * update times. Not measured.
   */
  Map<String, String> exportFields(String object) throws IOException {
    Map<String, String> fields = new LinkedHashMap<>();
    String entity = entity(object);
    // The connector's system fields, so both read the same bytes.
    fields.put("Id", "{{" + entity + ".Id}}");
    fields.put("CreatedAt", "{{" + entity + ".CreatedAt}}");
    fields.put("UpdatedAt", "{{" + entity + ".UpdatedAt}}");
    http.call(
        new Request.Builder().url(base + "/api/bulk/2.0/" + object + "/fields?limit=1000").build(),
        (response, body) ->
            Json.readPage(
                body,
                "items",
                field -> {
                  if (fields.size() < 250)
                    fields.put((String) field.get("internalName"), (String) field.get("statement"));
                },
                SYSTEM,
                "GET fields"));
    return fields;
  }

  /** Export definition, sync, poll until done, then every data page. */
  void export(String object, Map<String, String> fields, int pageSize) throws IOException {
    Map<String, Object> definition = new LinkedHashMap<>();
    definition.put("name", "revsync benchmark floor");
    definition.put("fields", fields);
    definition.put("areSystemTimestampsInUTC", true);
    String exportUri = post("/" + object + "/exports", definition);
    String syncUri = post("/syncs", Map.of("syncedInstanceUri", exportUri));
    while (true) {
      String status =
          String.valueOf(
              http.call(
                      new Request.Builder().url(base + "/api/bulk/2.0" + syncUri).build(),
                      (response, body) -> Json.readObject(body, SYSTEM, "GET sync"))
                  .get("status"));
      if (status.equals("success") || status.equals("warning")) break;
      if (!status.equals("pending") && !status.equals("active"))
        throw new IOException("sync " + syncUri + " " + status);
      sleepBriefly();
    }
    // Keys matched against the export's keys as the connector does; values read into nothing.
    RecordShape keys = RecordShape.of(object, List.copyOf(fields.keySet()));
    fieldsPerRecord = keys.size();
    long offset = 0;
    while (true) {
      String url =
          base + "/api/bulk/2.0" + syncUri + "/data?limit=" + pageSize + "&offset=" + offset;
      Json.Page page =
          http.call(
              new Request.Builder().url(url).build(),
              (response, body) ->
                  Json.readPage(body, "items", keys, item -> records++, SYSTEM, "GET data"));
      if (!page.bool("hasMore", false)) break;
      offset += pageSize;
    }
  }

  long records() {
    return records;
  }

  int fieldsPerRecord() {
    return fieldsPerRecord;
  }

  private String post(String path, Object body) throws IOException {
    return String.valueOf(
        http.call(
                new Request.Builder()
                    .url(base + "/api/bulk/2.0" + path)
                    .post(RequestBody.create(Json.toJson(body), JSON))
                    .build(),
                (response, source) -> Json.readObject(source, SYSTEM, "POST " + path))
            .get("uri"));
  }

  static String entity(String object) {
    String o = object.toLowerCase(Locale.ROOT);
    if (o.startsWith("account")) return "Account";
    if (o.startsWith("activit")) return "Activity";
    return "Contact";
  }

  static void sleepBriefly() {
    try {
      Thread.sleep(5);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }

  private static String first(Map<String, String> settings, String... keys) {
    for (String k : keys) {
      if (settings.get(k) != null) return settings.get(k);
    }
    throw new IllegalArgumentException(
        "the simulator's settings have none of " + List.of(keys) + ": " + settings.keySet());
  }

  private static String trim(String url) {
    String u = url.trim();
    while (u.endsWith("/")) u = u.substring(0, u.length() - 1);
    return u;
  }
}
