package dev.revsync.benchmarks;

import dev.revsync.spi.Json;
import java.io.IOException;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.Map;
import okhttp3.FormBody;
import okhttp3.HttpUrl;
import okhttp3.Request;

/**
 * The floor for Pardot pulls: the connector's first v5 query made with bare OkHttp, then its {@code
 * nextPageToken}s (with the same {@code fields}), pages parsed by the same streaming parser into
 * nothing. The token comes once, before the measurement. Not thread-safe.
 */
final class PardotFloor {
  static final String SYSTEM = "pardot";
  private static final DateTimeFormatter V5 =
      DateTimeFormatter.ofPattern("uuuu-MM-dd'T'HH:mm:ssxxx");

  private final BareHttp http;
  private final String base;
  private final String businessUnit;
  private long records;
  private int fieldsPerRecord = -1;

  PardotFloor(BareHttp http, Map<String, String> settings) {
    this.http = http;
    this.base = trim(settings.get("baseUrl"));
    this.businessUnit = settings.get("businessUnitId");
  }

  /** Obtains a Salesforce access token with the refresh-token grant. Not measured. */
  void login(Map<String, String> settings) throws IOException {
    FormBody form =
        new FormBody.Builder()
            .add("grant_type", "refresh_token")
            .add("refresh_token", settings.get("refreshToken"))
            .add("client_id", settings.get("clientId"))
            .add("client_secret", settings.get("clientSecret"))
            .build();
    Map<String, Object> token =
        http.call(
            new Request.Builder()
                .url(trim(settings.getOrDefault("loginUrl", base)) + "/services/oauth2/token")
                .post(form)
                .build(),
            (response, body) -> Json.readObject(body, SYSTEM, "POST token"));
    http.authorization = "Bearer " + token.get("access_token");
  }

  /**
   * Walks the query from {@code firstPathAndQuery} (the connector's first prospects query) by its
   * page tokens; where a token sequence stops at its cap, queries again from the last record's
   * {@code updatedAt} (inclusive), skipping what it already counted, as the API requires.
   */
  void rest(String firstPathAndQuery) throws IOException {
    HttpUrl first = HttpUrl.get(base + firstPathAndQuery);
    String fields = first.queryParameter("fields");
    HttpUrl next = first;
    Instant[] lastAt = {null};
    long[] lastId = {-1};
    while (next != null) {
      String call = "GET " + next.encodedPath();
      Instant skipAt = lastAt[0];
      long skipId = lastId[0];
      boolean[] capped = {false};
      Json.Page page =
          http.call(
              new Request.Builder()
                  .url(next)
                  .header("Accept", "application/json")
                  .header("Pardot-Business-Unit-Id", businessUnit)
                  .build(),
              (response, body) -> {
                capped[0] =
                    String.join(",", response.headers("Pardot-Warning"))
                        .contains("nextPageToken sequence");
                return Json.readPage(
                    body,
                    "values",
                    r -> {
                      Instant at = OffsetDateTime.parse((String) r.get("updatedAt")).toInstant();
                      long id = ((Number) r.get("id")).longValue();
                      if (skipAt != null
                          && (at.isBefore(skipAt) || (at.equals(skipAt) && id <= skipId))) return;
                      if (fieldsPerRecord < 0) fieldsPerRecord = r.size();
                      records++;
                      lastAt[0] = at;
                      lastId[0] = id;
                    },
                    SYSTEM,
                    call);
              });
      String token = page.string("nextPageToken");
      if (token != null && !token.isBlank()) {
        next =
            first
                .newBuilder()
                .query(null)
                .addQueryParameter("nextPageToken", token)
                .addQueryParameter("fields", fields)
                .build();
      } else if (capped[0]) {
        next =
            first
                .newBuilder()
                .removeAllQueryParameters("updatedAtAfter")
                .setQueryParameter(
                    "updatedAtAfterOrEqualTo", V5.format(lastAt[0].atOffset(ZoneOffset.UTC)))
                .build();
      } else {
        next = null;
      }
    }
  }

  long records() {
    return records;
  }

  int fieldsPerRecord() {
    return fieldsPerRecord;
  }

  private static String trim(String url) {
    return url.endsWith("/") ? url.substring(0, url.length() - 1) : url;
  }
}
