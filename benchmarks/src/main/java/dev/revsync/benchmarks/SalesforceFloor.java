package dev.revsync.benchmarks;

import dev.revsync.spi.CsvRows;
import dev.revsync.spi.Json;
import dev.revsync.spi.RecordShape;
import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import okhttp3.FormBody;
import okhttp3.HttpUrl;
import okhttp3.MediaType;
import okhttp3.Request;
import okhttp3.RequestBody;

/**
 * The floor for Salesforce pulls: the connector's HTTP requests made with bare OkHttp and the
 * bodies parsed by the same streaming parsers with the same key matching ({@link Json#readPage}
 * against a {@link RecordShape}, {@link CsvRows#nextRow()}) into nothing. REST walks {@code query}
 * pages by {@code nextRecordsUrl}; Bulk API 2.0 creates a query job, polls it, and downloads its
 * result chunks by {@code Sforce-Locator}. The token comes once, before the measurement. Not
 * thread-safe.
 */
final class SalesforceFloor {
  static final String SYSTEM = "salesforce";
  private static final MediaType JSON = MediaType.get("application/json; charset=utf-8");

  private final BareHttp http;
  private final String base;
  private String instance;
  private long records;
  private int fieldsPerRecord = -1;

  SalesforceFloor(BareHttp http, Map<String, String> settings) {
    this.http = http;
    this.base = trim(settings.get("baseUrl"));
  }

  /** Obtains an access token (refresh-token grant, else client credentials). Not measured. */
  void login(Map<String, String> settings) throws IOException {
    String login = settings.getOrDefault("loginUrl", base);
    FormBody.Builder form = new FormBody.Builder();
    if (settings.get("refreshToken") != null) {
      form.add("grant_type", "refresh_token").add("refresh_token", settings.get("refreshToken"));
    } else {
      form.add("grant_type", "client_credentials");
    }
    form.add("client_id", settings.get("clientId"));
    if (settings.get("clientSecret") != null)
      form.add("client_secret", settings.get("clientSecret"));
    Map<String, Object> token =
        http.call(
            new Request.Builder()
                .url(trim(login) + "/services/oauth2/token")
                .post(form.build())
                .build(),
            (response, body) -> Json.readObject(body, SYSTEM, "POST token"));
    http.authorization = "Bearer " + token.get("access_token");
    // The connector talks to the base-URL override (the simulator), as configured; so do we.
    instance = base;
  }

  /**
   * The select list the connector builds for a pull of every field: Id first, then each field of
   * the describe except base64 (and, for Bulk, compound address/location fields), IsDeleted kept.
   * Not measured.
   */
  List<String> selectAll(String version, String object, boolean forBulk) throws IOException {
    List<String> select = new ArrayList<>();
    select.add("Id");
    http.call(
        get("/services/data/v" + version + "/sobjects/" + object + "/describe").build(),
        (response, body) -> {
          Map<String, Object> describe = Json.readObject(body, SYSTEM, "describe");
          for (Object f : (List<?>) describe.get("fields")) {
            Map<?, ?> field = (Map<?, ?>) f;
            String name = (String) field.get("name");
            String type = String.valueOf(field.get("type"));
            if (type.equalsIgnoreCase("base64")) continue;
            if (forBulk && (type.equalsIgnoreCase("address") || type.equalsIgnoreCase("location")))
              continue;
            if (select.stream().noneMatch(name::equalsIgnoreCase)) select.add(name);
          }
          return null;
        });
    return select;
  }

  /**
   * Walks REST query pages from {@code firstPathAndQuery} (the connector's first query request),
   * reading each record against the query's select list as the connector does (keys matched as
   * bytes, values read), into nothing.
   */
  void rest(String firstPathAndQuery) throws IOException {
    String soql = HttpUrl.get("http://floor" + firstPathAndQuery).queryParameter("q");
    String list = soql.substring("SELECT ".length(), soql.indexOf(" FROM "));
    List<String> select = new ArrayList<>();
    for (String name : list.split(",")) select.add(name.trim());
    RecordShape shape = RecordShape.of("floor", select).matchingAnyCase();
    fieldsPerRecord = shape.size();
    String next = firstPathAndQuery;
    while (next != null) {
      String call = "GET " + next;
      Json.Page page =
          http.call(
              get(next).header("Accept", "application/json").build(),
              (response, body) ->
                  Json.readPage(body, "records", shape, values -> records++, SYSTEM, call));
      next = page.bool("done", true) ? null : page.string("nextRecordsUrl");
    }
  }

  /** A Bulk API 2.0 query job: create, poll until complete, download every chunk. */
  void bulk(String version, String soql, boolean queryAll, int maxRecords) throws IOException {
    String jobs = "/services/data/v" + version + "/jobs/query";
    String body =
        Json.toJson(
            Map.of(
                "operation",
                queryAll ? "queryAll" : "query",
                "query",
                soql,
                "contentType",
                "CSV",
                "columnDelimiter",
                "COMMA",
                "lineEnding",
                "LF"));
    String id =
        (String)
            http.call(
                    new Request.Builder()
                        .url(instance + jobs)
                        .post(RequestBody.create(body, JSON))
                        .build(),
                    (response, source) -> Json.readObject(source, SYSTEM, "create job"))
                .get("id");
    while (true) {
      String state =
          (String)
              http.call(
                      get(jobs + "/" + id).build(),
                      (response, source) -> Json.readObject(source, SYSTEM, "poll job"))
                  .get("state");
      if ("JobComplete".equals(state)) break;
      if ("Failed".equals(state) || "Aborted".equals(state))
        throw new IOException("job " + id + " ended " + state);
      EloquaFloor.sleepBriefly();
    }
    String locator = null;
    do {
      HttpUrl.Builder url =
          HttpUrl.get(instance + jobs + "/" + id + "/results")
              .newBuilder()
              .addQueryParameter("maxRecords", String.valueOf(maxRecords));
      if (locator != null) url.addQueryParameter("locator", locator);
      locator =
          http.call(
              new Request.Builder().url(url.build()).header("Accept", "text/csv").build(),
              (response, source) -> {
                try (CsvRows rows =
                    CsvRows.builder().quotedEmptyAsNull(true).open(source, SYSTEM, "GET results")) {
                  if (fieldsPerRecord < 0) fieldsPerRecord = rows.header().size();
                  while (rows.nextRow() != null) records++;
                }
                String next = response.header("Sforce-Locator");
                return next == null || next.isBlank() || next.equalsIgnoreCase("null")
                    ? null
                    : next;
              });
    } while (locator != null);
  }

  long records() {
    return records;
  }

  int fieldsPerRecord() {
    return fieldsPerRecord;
  }

  private Request.Builder get(String pathAndQuery) {
    return new Request.Builder().url(instance + pathAndQuery);
  }

  private static String trim(String url) {
    String u = url.trim();
    while (u.endsWith("/")) u = u.substring(0, u.length() - 1);
    return u;
  }
}
