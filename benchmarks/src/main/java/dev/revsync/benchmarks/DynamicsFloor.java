package dev.revsync.benchmarks;

import dev.revsync.spi.Json;
import dev.revsync.spi.RecordShape;
import java.io.IOException;
import java.util.List;
import java.util.Map;
import okhttp3.FormBody;
import okhttp3.HttpUrl;
import okhttp3.Request;

/**
 * The floor for Dynamics pulls: the connector's first page request made with bare OkHttp, then
 * every {@code @odata.nextLink} as given, bodies parsed by the same streaming reader with the same
 * key matching ({@link Json#readPage} against a {@link RecordShape} of the {@code $select} list,
 * keys matched as bytes, annotations skipped unread) into nothing, with the connector's {@code
 * Prefer} header. The token comes once, before the measurement. Not thread-safe.
 */
final class DynamicsFloor {
  static final String SYSTEM = "dynamics";

  private final BareHttp http;
  private final String base;
  private long records;
  private int fieldsPerRecord = -1;

  DynamicsFloor(BareHttp http, Map<String, String> settings) {
    this.http = http;
    this.base = trim(settings.get("baseUrl"));
  }

  /** Client credentials at the simulator's Entra endpoint. Not measured. */
  void login(Map<String, String> settings) throws IOException {
    String authority = trim(settings.getOrDefault("authorityUrl", base));
    FormBody form =
        new FormBody.Builder()
            .add("grant_type", "client_credentials")
            .add("client_id", settings.get("clientId"))
            .add("client_secret", settings.get("clientSecret"))
            .add("scope", base + "/.default")
            .build();
    Map<String, Object> token =
        http.call(
            new Request.Builder()
                .url(authority + "/" + settings.get("tenantId") + "/oauth2/v2.0/token")
                .post(form)
                .build(),
            (response, body) -> Json.readObject(body, SYSTEM, "POST token"));
    http.authorization = "Bearer " + token.get("access_token");
  }

  /**
   * Walks pages from {@code firstPathAndQuery} (the connector's first data request) by nextLink.
   */
  void pages(String firstPathAndQuery) throws IOException {
    String next = base + firstPathAndQuery;
    String select = HttpUrl.get(next).queryParameter("$select");
    RecordShape shape = RecordShape.of("floor", List.of(select.split(",")));
    fieldsPerRecord = shape.size();
    while (next != null) {
      String call = "GET " + next;
      Json.Page page =
          http.call(
              new Request.Builder()
                  .url(next)
                  .header("Accept", "application/json")
                  .header("OData-MaxVersion", "4.0")
                  .header("OData-Version", "4.0")
                  .header("Prefer", "odata.maxpagesize=5000,odata.track-changes")
                  .build(),
              (response, body) ->
                  Json.readPage(body, "value", shape, values -> records++, SYSTEM, call));
      next = page.string("@odata.nextLink");
    }
  }

  long records() {
    return records;
  }

  int fieldsPerRecord() {
    return fieldsPerRecord;
  }

  private static String trim(String url) {
    String u = url.trim();
    while (u.endsWith("/")) u = u.substring(0, u.length() - 1);
    return u;
  }
}
