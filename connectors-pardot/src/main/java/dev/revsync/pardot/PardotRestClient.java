package dev.revsync.pardot;

import static dev.revsync.pardot.PardotConfig.SYSTEM;

import dev.revsync.Activity;
import dev.revsync.ApiStyle;
import dev.revsync.ProtocolException;
import dev.revsync.Record;
import dev.revsync.spi.CsvRows;
import dev.revsync.spi.Json;
import dev.revsync.spi.ResponseHandler;
import dev.revsync.spi.Transport;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.function.Consumer;
import okhttp3.HttpUrl;
import okhttp3.MediaType;
import okhttp3.Request;
import okhttp3.RequestBody;
import okhttp3.Response;

/**
 * The v5 REST calls, each one counted call through the {@link Transport} (whose connection headers
 * carry {@code Pardot-Business-Unit-Id} and {@code X-Return-Api-Usage}): object queries and their
 * page tokens, prospect writes, and the export API's create, read and file download. Thread-safe.
 */
final class PardotRestClient {
  static final String API = "api/v5/";

  /** v5's largest {@code limit}: a page with more is not held, however the server meant it. */
  static final int MAX_PAGE = 1000;

  private static final MediaType JSON = MediaType.get("application/json");

  /**
   * Matched on the text, not the code: the code is 203 or 101 depending on the source (notes §3).
   */
  private static final String CAP_WARNING =
      "record count for nextpagetoken sequence has been exceeded";

  /**
   * v5 datetimes: ISO-8601 with an offset, no fraction; the {@code +} is percent-encoded by the URL
   * builder.
   */
  private static final DateTimeFormatter V5 =
      DateTimeFormatter.ofPattern("uuuu-MM-dd'T'HH:mm:ssxxx");

  /**
   * One page of a query: its records, the token of the next page, and whether the sequence hit its
   * cap.
   */
  record Page(List<Record> records, String nextPageToken, boolean capped) {}

  private final Transport transport;
  private final HttpUrl baseUrl;

  PardotRestClient(Transport transport, HttpUrl baseUrl) {
    this.transport = transport;
    this.baseUrl = baseUrl;
  }

  static String time(Instant at) {
    return V5.format(at.atOffset(ZoneOffset.UTC));
  }

  /** {@code /api/v5/<path>} below the base URL. */
  HttpUrl.Builder url(String path) {
    return baseUrl.newBuilder().addPathSegments(API + path);
  }

  /** The first page of a query with {@code params} (fields, orderBy, limit, filters...). */
  Page query(
      Activity activity, PardotObject object, Map<String, String> params, RecordMapping mapping) {
    HttpUrl.Builder url = url("objects/" + object.collection);
    params.forEach(url::addQueryParameter);
    return page(activity, url.build(), mapping);
  }

  /** The page a token names; only {@code fields} may go with it. */
  Page next(Activity activity, PardotObject object, String token, RecordMapping mapping) {
    HttpUrl url =
        url("objects/" + object.collection)
            .addQueryParameter("nextPageToken", token)
            .addQueryParameter("fields", String.join(",", mapping.fieldNames()))
            .build();
    return page(activity, url, mapping);
  }

  private Page page(Activity activity, HttpUrl url, RecordMapping mapping) {
    String call = "GET " + url.encodedPath();
    return transport.execute(
        activity,
        ApiStyle.REST,
        get(url, "application/json"),
        response -> {
          // buffered per page (at most 1,000 records) so a body cut short and retried hands nothing
          // over twice
          List<Record> records = new ArrayList<>();
          Json.Page page =
              Json.readPage(
                  response.body().source(),
                  "values",
                  mapping.shape(),
                  m -> {
                    if (records.size() == MAX_PAGE) {
                      throw new ProtocolException(
                          SYSTEM,
                          call,
                          "the page holds more than the " + MAX_PAGE + " records a page may",
                          "Check baseUrl points at the Account Engagement API host; the sync resumes from its checkpoint",
                          null);
                    }
                    records.add(mapping.fromJson(m, call));
                  },
                  SYSTEM,
                  call);
          if (!page.recordsPresent()) {
            throw new ProtocolException(
                SYSTEM,
                call,
                "the page has no values array",
                "Check baseUrl points at the " + "Account Engagement API host",
                null);
          }
          String token = page.string("nextPageToken");
          return new Page(
              records, token == null || token.isBlank() ? null : token, capped(response));
        });
  }

  private static boolean capped(Response response) {
    for (String warning : response.headers("Pardot-Warning")) {
      for (String[] w : PardotErrors.warnings(warning)) {
        if (w[1].toLowerCase(Locale.ROOT).contains(CAP_WARNING)) return true;
      }
    }
    return false;
  }

  /**
   * A small JSON call, retried where it fails (reads, PATCH by id, upsert by email); the body as
   * plain values.
   */
  Map<String, Object> json(Activity activity, String method, HttpUrl url, Object body) {
    return transport.execute(
        activity, ApiStyle.REST, request(method, url, body), jsonBody(method, url));
  }

  /**
   * A JSON call the system must not apply twice (an export's create): not retried once it may have
   * arrived.
   */
  Map<String, Object> jsonOnce(Activity activity, String method, HttpUrl url, Object body) {
    return transport.executeOnce(
        activity, ApiStyle.REST, request(method, url, body), jsonBody(method, url));
  }

  private static Request request(String method, HttpUrl url, Object body) {
    RequestBody requestBody = body == null ? null : RequestBody.create(Json.toJson(body), JSON);
    return new Request.Builder()
        .url(url)
        .header("Accept", "application/json")
        .method(method, requestBody)
        .build();
  }

  private static ResponseHandler<Map<String, Object>> jsonBody(String method, HttpUrl url) {
    String call = method + " " + url.encodedPath();
    return response -> {
      if (response.code() == 204 || response.body().contentLength() == 0) return Map.of();
      return Json.readObject(response.body().source(), SYSTEM, call);
    };
  }

  /**
   * Downloads one export file, handing each row to {@code rows} as a record of {@code mapping};
   * returns how many there were.
   */
  long download(Activity activity, String fileUrl, RecordMapping mapping, Consumer<Record> rows) {
    HttpUrl url = HttpUrl.parse(fileUrl);
    if (url == null) {
      throw new ProtocolException(
          SYSTEM,
          "read export",
          "a result link is not a URL: " + fileUrl,
          "Report this to Salesforce support",
          null);
    }
    String call = "GET " + url.encodedPath();
    return transport.execute(
        activity,
        ApiStyle.REST,
        get(url, "text/csv"),
        response -> {
          // streamed (a file holds up to 100,000 rows): a download cut short and retried repeats
          // only this file
          long count = 0;
          try (CsvRows csv = CsvRows.open(response.body().byteStream(), SYSTEM, call)) {
            int[] slots = mapping.shape().columns(csv.header());
            while (true) {
              // id and updatedAt are fields: the shape reads nothing beside them
              Object[] values = new Object[mapping.shape().size()];
              if (!csv.nextRow(values, slots)) break;
              rows.accept(mapping.fromCsv(values, call));
              count++;
            }
          }
          return count;
        });
  }

  private static Request get(HttpUrl url, String accept) {
    return new Request.Builder().url(url).header("Accept", accept).get().build();
  }
}
