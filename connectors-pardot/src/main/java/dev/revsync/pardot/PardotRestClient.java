package dev.revsync.pardot;

import static dev.revsync.pardot.PardotConfig.SYSTEM;

import dev.revsync.Activity;
import dev.revsync.ApiStyle;
import dev.revsync.ProtocolException;
import dev.revsync.Record;
import dev.revsync.spi.CsvRows;
import dev.revsync.spi.Json;
import dev.revsync.spi.Transport;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.function.Consumer;
import okhttp3.HttpUrl;
import okhttp3.MediaType;
import okhttp3.Request;
import okhttp3.RequestBody;
import okhttp3.Response;

/**
 * The v5 REST calls, each one counted call through the {@link Transport}: object queries and
 * their page tokens, one-record reads, prospect writes, and the export API's create, read and
 * file download. Every request carries {@code Pardot-Business-Unit-Id} and
 * {@code X-Return-Api-Usage: 1} (so the daily usage comes back on every response). Thread-safe.
 */
final class PardotRestClient {
  static final String API = "/api/v5/";
  static final MediaType JSON = MediaType.get("application/json");
  /** Matched on the text, not the code: the code is 203 or 101 depending on the source (notes §3). */
  static final String CAP_WARNING = "record count for nextpagetoken sequence has been exceeded";
  /** v5 datetimes: ISO-8601 with an offset, no fraction; the {@code +} is percent-encoded by the URL builder. */
  private static final DateTimeFormatter V5 = DateTimeFormatter.ofPattern("uuuu-MM-dd'T'HH:mm:ssxxx");

  /** One page of a query: its records, the token of the next page, and whether the sequence hit its cap. */
  record Page(List<Record> records, String nextPageToken, boolean capped) {}

  private final Transport transport;
  private final PardotConfig config;

  PardotRestClient(Transport transport, PardotConfig config) {
    this.transport = transport;
    this.config = config;
  }

  static String time(Instant at) {
    return V5.format(at.atOffset(ZoneOffset.UTC));
  }

  HttpUrl.Builder url(String path) {
    HttpUrl base = HttpUrl.parse(config.baseUrl() + API + path);
    if (base == null) throw new IllegalStateException("not a URL: " + config.baseUrl() + API + path);
    return base.newBuilder();
  }

  Request.Builder request(HttpUrl url) {
    return new Request.Builder().url(url)
        .header("Pardot-Business-Unit-Id", config.businessUnitId())
        .header("X-Return-Api-Usage", "1")
        .header("Accept", "application/json");
  }

  /** The first page of a query with {@code params} (fields, orderBy, limit, filters...). */
  Page query(Activity activity, PardotObject object, Map<String, String> params, RecordMapping mapping) {
    HttpUrl.Builder url = url("objects/" + object.collection);
    params.forEach(url::addQueryParameter);
    return page(activity, url.build(), mapping);
  }

  /** The page a token names; only {@code fields} may go with it. */
  Page next(Activity activity, PardotObject object, String token, RecordMapping mapping) {
    HttpUrl url = url("objects/" + object.collection).addQueryParameter("nextPageToken", token)
        .addQueryParameter("fields", String.join(",", mapping.fieldNames())).build();
    return page(activity, url, mapping);
  }

  private Page page(Activity activity, HttpUrl url, RecordMapping mapping) {
    String call = "GET " + url.encodedPath();
    return transport.execute(activity, ApiStyle.REST, request(url).get().build(), response -> {
      // buffered per page (at most 1,000 records) so a body cut short and retried hands nothing over twice
      List<Record> records = new ArrayList<>();
      Json.Page page = Json.readPage(response.body().source(), "values", m -> records.add(mapping.fromJson(m, call)),
          SYSTEM, call);
      if (!page.recordsPresent()) {
        throw new ProtocolException(SYSTEM, call, "the page has no values array", "Check baseUrl points at the "
            + "Account Engagement API host", null);
      }
      return new Page(records, blankToNull(page.string("nextPageToken")), capped(response));
    });
  }

  private static boolean capped(Response response) {
    for (String warning : response.headers("Pardot-Warning")) {
      for (String[] w : PardotErrors.warnings(warning)) {
        if (w[1].toLowerCase(java.util.Locale.ROOT).contains(CAP_WARNING)) return true;
      }
    }
    return false;
  }

  private static String blankToNull(String s) {
    return s == null || s.isBlank() ? null : s;
  }

  /** A small JSON call; answers the body as plain values (an empty map for 204). */
  Map<String, Object> json(Activity activity, String method, HttpUrl url, Object body) {
    RequestBody requestBody = body == null ? null : RequestBody.create(Json.toJson(body), JSON);
    Request request = request(url).method(method, requestBody).build();
    String call = method + " " + url.encodedPath();
    return transport.execute(activity, ApiStyle.REST, request, response -> {
      if (response.code() == 204 || response.body().contentLength() == 0) return Map.of();
      return Json.readObject(response.body().source(), SYSTEM, call);
    });
  }

  /** Downloads one export file, handing each row to {@code rows}; returns how many there were. */
  long download(Activity activity, String fileUrl, Consumer<Map<String, String>> rows) {
    HttpUrl url = HttpUrl.parse(fileUrl);
    if (url == null) {
      throw new ProtocolException(SYSTEM, "read export", "a result link is not a URL: " + fileUrl,
          "Report this to Salesforce support", null);
    }
    String call = "GET " + url.encodedPath();
    return transport.execute(activity, ApiStyle.REST, request(url).header("Accept", "text/csv").get().build(), response -> {
      // streamed (a file holds up to 100,000 rows): a download cut short and retried repeats only this file
      long count = 0;
      try (CsvRows csv = CsvRows.open(response.body().byteStream(), SYSTEM, call)) {
        for (Map<String, String> row = csv.next(); row != null; row = csv.next()) {
          rows.accept(row);
          count++;
        }
      }
      return count;
    });
  }
}
