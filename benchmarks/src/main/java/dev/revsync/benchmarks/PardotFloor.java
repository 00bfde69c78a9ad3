package dev.revsync.benchmarks;

import dev.revsync.spi.Json;
import dev.revsync.spi.RecordShape;
import java.io.IOException;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.List;
import java.util.Map;
import okhttp3.FormBody;
import okhttp3.HttpUrl;
import okhttp3.Request;

/**
 * The floor for Pardot pulls: the connector's first v5 query made with bare OkHttp, then its {@code
 * nextPageToken}s (with the same {@code fields}), pages parsed by the same streaming parser with
 * the same key matching ({@link Json#readPage} against a {@link RecordShape} of the {@code fields}
 * list, keys matched as bytes) into nothing. The token comes once, before the measurement. Not
 * thread-safe.
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
    RecordShape shape = RecordShape.of("floor", List.of(fields.split(",")));
    int updatedAt = shape.indexOf("updatedAt");
    int idAt = shape.indexOf("id");
    fieldsPerRecord = shape.size();
    HttpUrl next = first;
    Instant[] lastAt = {null};
    long[] lastId = {-1};
    Object[][] last = {null};
    boolean requery = false;
    while (next != null) {
      String call = "GET " + next.encodedPath();
      // only a new query from the last record's second reads records counted already
      Instant skipAt = requery ? lastAt[0] : null;
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
                    shape,
                    r -> {
                      if (skipAt != null) {
                        Instant at = OffsetDateTime.parse((String) r[updatedAt]).toInstant();
                        long id = ((Number) r[idAt]).longValue();
                        if (at.isBefore(skipAt) || (at.equals(skipAt) && id <= skipId)) return;
                      }
                      records++;
                      last[0] = r; // the cursor is read once a page, from its last record
                    },
                    SYSTEM,
                    call);
              });
      if (last[0] != null) {
        lastAt[0] = OffsetDateTime.parse((String) last[0][updatedAt]).toInstant();
        lastId[0] = ((Number) last[0][idAt]).longValue();
      }
      String token = page.string("nextPageToken");
      requery = false;
      if (token != null && !token.isBlank()) {
        next =
            first
                .newBuilder()
                .query(null)
                .addQueryParameter("nextPageToken", token)
                .addQueryParameter("fields", fields)
                .build();
      } else if (capped[0]) {
        requery = true;
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
