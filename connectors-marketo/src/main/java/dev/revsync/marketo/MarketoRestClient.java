package dev.revsync.marketo;

import dev.revsync.Activity;
import dev.revsync.ApiStyle;
import dev.revsync.ProtocolException;
import dev.revsync.spi.Json;
import dev.revsync.spi.ResponseHandler;
import dev.revsync.spi.Transport;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import okhttp3.FormBody;
import okhttp3.HttpUrl;
import okhttp3.MediaType;
import okhttp3.Request;
import okhttp3.RequestBody;

/**
 * Marketo's REST calls ({@code /rest/...} and {@code /bulk/...}) through the transport: builds URLs
 * without {@code //}, sends a GET whose URL would pass Marketo's 8 KB limit as a POST with {@code
 * _method=GET} and a form body, and reads the envelope's {@code result} records with the streaming
 * reader. Failure envelopes never get here: {@link MarketoErrors} turns them into retries,
 * refreshes and typed exceptions. Thread-safe.
 */
final class MarketoRestClient {
  /** Marketo's largest read and write page. */
  static final int PAGE = 300;

  /**
   * The most results of an answer whose size was not asked for (activity types, a describe, a
   * write's results).
   */
  static final int MAX_RESULTS = 1_000;

  /** Below Marketo's 8 KB URI limit, with room for the host. */
  static final int MAX_GET_URL = 7_000;

  private static final MediaType JSON = MediaType.get("application/json");

  /** One envelope's records and paging fields ({@code moreResult} absent = false). */
  record Page(
      List<Map<String, Object>> results,
      String nextPageToken,
      boolean moreResult,
      Map<String, Object> fields) {}

  private final Transport transport;
  private final MarketoConfig config;

  MarketoRestClient(Transport transport, MarketoConfig config) {
    this.transport = transport;
    this.config = config;
  }

  /** The subscription the calls go to (for what Marketo counts per subscription). */
  String subscription() {
    return config.subscription();
  }

  /**
   * {@code GET root + path?query}; a long query goes as {@code POST ?_method=GET} with a form body.
   */
  Page get(Activity activity, String path, Map<String, String> query) {
    HttpUrl.Builder url = config.url(path);
    Map<String, String> q = query == null ? Map.of() : query;
    for (Map.Entry<String, String> e : q.entrySet())
      url.addQueryParameter(e.getKey(), e.getValue());
    HttpUrl full = url.build();
    Request request;
    if (full.toString().length() <= MAX_GET_URL) {
      request = new Request.Builder().url(full).get().build();
    } else {
      FormBody.Builder form = new FormBody.Builder();
      q.forEach(form::add);
      request =
          new Request.Builder()
              .url(config.url(path).addQueryParameter("_method", "GET").build())
              .post(form.build())
              .build();
    }
    return execute(activity, "GET " + path, request, false, cap(q));
  }

  /**
   * The most results an answer to {@code query} may hold: what it asked for, else {@link
   * #MAX_RESULTS}.
   */
  private static int cap(Map<String, String> query) {
    for (String size : List.of("batchSize", "maxReturn")) {
      String asked = query.get(size);
      if (asked != null
          && !asked.isEmpty()
          && asked.length() < 6
          && asked.chars().allMatch(Character::isDigit)) {
        return Integer.parseInt(asked);
      }
    }
    return MAX_RESULTS;
  }

  /**
   * {@code POST root + path} with a JSON body ({@code null} for an empty one); retried (an
   * idempotent call).
   */
  Page post(Activity activity, String path, Object body) {
    return post(activity, path, body, false);
  }

  /**
   * {@code POST root + path} that Marketo must not apply twice (an export job's create or enqueue):
   * once it may have reached Marketo, a failed call is not sent again ({@link
   * Transport#executeOnce}).
   */
  Page postOnce(Activity activity, String path, Object body) {
    return post(activity, path, body, true);
  }

  private Page post(Activity activity, String path, Object body, boolean once) {
    RequestBody requestBody = RequestBody.create(body == null ? "" : Json.toJson(body), JSON);
    Request request = new Request.Builder().url(config.url(path).build()).post(requestBody).build();
    return execute(activity, "POST " + path, request, once, MAX_RESULTS);
  }

  /**
   * {@code GET root + path} with an optional {@code Range: bytes=from-}, handing the raw response
   * to {@code handler}.
   */
  <T> T download(Activity activity, String path, long from, ResponseHandler<T> handler) {
    Request.Builder b = new Request.Builder().url(config.url(path).build()).get();
    if (from > 0) b.header("Range", "bytes=" + from + "-");
    return transport.execute(activity, ApiStyle.REST, b.build(), handler);
  }

  private Page execute(Activity activity, String call, Request request, boolean once, int cap) {
    ResponseHandler<Page> handler =
        response -> {
          List<Map<String, Object>> results = new ArrayList<>();
          Json.Page page =
              Json.readPage(
                  response.body().source(),
                  "result",
                  result -> {
                    if (results.size() == cap) {
                      // Marketo never pages past what was asked: held whole, a hostile answer would
                      // be unbounded memory
                      throw new ProtocolException(
                          MarketoConfig.SYSTEM,
                          call,
                          "more than " + cap + " results in one answer",
                          "Retry the sync; it resumes from its checkpoint. Report it to Marketo support if it persists",
                          null);
                    }
                    results.add(result);
                  },
                  MarketoConfig.SYSTEM,
                  call);
          Map<String, Object> fields = new LinkedHashMap<>(page.fields());
          if (Boolean.FALSE.equals(fields.get("success"))) {
            // the classifier reads failures from the body's start; one that hid further in is still
            // no success
            throw new ProtocolException(
                MarketoConfig.SYSTEM,
                call,
                "a failure envelope the classifier did not see: " + fields.get("errors"),
                "Retry the sync; report it if it persists",
                null);
          }
          Object token = fields.get("nextPageToken");
          boolean more = Boolean.TRUE.equals(fields.get("moreResult"));
          return new Page(results, token == null ? null : token.toString(), more, fields);
        };
    return once
        ? transport.executeOnce(activity, ApiStyle.REST, request, handler)
        : transport.execute(activity, ApiStyle.REST, request, handler);
  }
}
