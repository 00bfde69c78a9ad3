package dev.revsync.hubspot;

import dev.revsync.Activity;
import dev.revsync.ApiStyle;
import dev.revsync.ProtocolException;
import dev.revsync.spi.Json;
import dev.revsync.spi.RecordShape;
import dev.revsync.spi.ResponseHandler;
import dev.revsync.spi.Sleeper;
import dev.revsync.spi.Transport;
import dev.revsync.spi.UsageReader;
import java.io.IOException;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayDeque;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Function;
import okhttp3.HttpUrl;
import okhttp3.MediaType;
import okhttp3.Request;
import okhttp3.RequestBody;
import okhttp3.Response;

/**
 * HubSpot's REST calls as one connection makes them: JSON GETs and POSTs through the transport
 * (which counts, limits, authenticates and retries each), pages read record by record. Search calls
 * first wait for a slot of search's own per-second limit, shared by every connection to the portal
 * in this process. Thread-safe.
 */
final class HubSpotRestClient implements AutoCloseable {
  static final MediaType JSON = MediaType.get("application/json");
  static final Duration BURST_WINDOW = Duration.ofSeconds(11);
  private static final Map<String, SearchWindow> SEARCH_WINDOWS = new ConcurrentHashMap<>();

  final HubSpotConfig config;
  final Transport transport;
  private final SearchWindow searchWindow;
  private final Clock clock;
  private final Sleeper sleeper;

  HubSpotRestClient(HubSpotConfig config) {
    this.config = config;
    this.clock = config.connection.clock();
    this.sleeper = Sleeper.forClock(clock);
    String portal = config.portalKey();
    this.transport =
        Transport.builder(config.descriptor, config.connection)
            .tokenProvider(HubSpotAuth.tokenProvider(config))
            .classifier(HubSpotErrors.INSTANCE)
            // private-app calls say what is left of the portal's day; OAuth calls carry no daily
            // headers
            .usage(
                UsageReader.remainingHeader(
                    "X-HubSpot-RateLimit-Daily-Remaining", "X-HubSpot-RateLimit-Daily"))
            // a second over HubSpot's ten: a call admitted at a window's end may reach HubSpot in
            // the next
            .rateLimits(dev.revsync.RateLimits.of(config.burstLimit, BURST_WINDOW, 10))
            .sharedLimitKey(portal)
            .build();
    this.searchWindow = SEARCH_WINDOWS.computeIfAbsent(portal, k -> new SearchWindow());
  }

  <T> T get(Activity activity, HttpUrl url, ResponseHandler<T> handler) {
    return transport.execute(
        activity, ApiStyle.REST, new Request.Builder().url(url).build(), handler);
  }

  <T> T post(Activity activity, HttpUrl url, Object body, ResponseHandler<T> handler) {
    Request request =
        new Request.Builder().url(url).post(RequestBody.create(Json.toJson(body), JSON)).build();
    return transport.execute(activity, ApiStyle.REST, request, handler);
  }

  /**
   * GETs one page of a pull: the records under {@code recordsField}, mapped, into {@code into}
   * (cleared first, since a retried call reads its page again). A page is held whole until it is
   * handed over, so more than the {@code limit} asked for fails the call typed (the transport
   * retries it) instead of filling the heap.
   */
  <T> Json.Page getPage(
      HttpUrl url,
      String recordsField,
      int limit,
      List<T> into,
      Function<Map<String, Object>, T> map) {
    String call = call("GET", url);
    return get(
        Activity.SYNC, url, response -> readPage(response, recordsField, limit, into, map, call));
  }

  /** {@link #getPage} for a POST with a JSON body (lists search). */
  <T> Json.Page postPage(
      HttpUrl url,
      Object body,
      String recordsField,
      int limit,
      List<T> into,
      Function<Map<String, Object>, T> map) {
    String call = call("POST", url);
    return post(
        Activity.SYNC,
        url,
        body,
        response -> readPage(response, recordsField, limit, into, map, call));
  }

  /** {@link #postPage} for a CRM search, after a slot of the portal's per-second search limit. */
  <T> Json.Page searchPage(
      HttpUrl url, Object body, int limit, List<T> into, Function<Map<String, Object>, T> map) {
    searchWindow.await(config.searchPerSecond, clock, sleeper, config.descriptor.id());
    return postPage(url, body, "results", limit, into, map);
  }

  /**
   * {@link #getPage} reading each record against {@code shape} (keys matched as bytes, no map per
   * record): its raw values into {@code into}.
   */
  Json.Page getPage(HttpUrl url, RecordShape shape, int limit, List<Object[]> into) {
    String call = call("GET", url);
    return get(Activity.SYNC, url, response -> readPage(response, shape, limit, into, call));
  }

  /** {@link #getPage(HttpUrl, RecordShape, int, List)} for a CRM search ({@link #searchPage}). */
  Json.Page searchPage(
      HttpUrl url, Object body, RecordShape shape, int limit, List<Object[]> into) {
    searchWindow.await(config.searchPerSecond, clock, sleeper, config.descriptor.id());
    String call = call("POST", url);
    return post(Activity.SYNC, url, body, response -> readPage(response, shape, limit, into, call));
  }

  private Json.Page readPage(
      Response response, RecordShape shape, int limit, List<Object[]> into, String call)
      throws IOException {
    into.clear();
    String system = config.descriptor.id();
    return Json.readPage(
        response.body().source(),
        "results",
        shape,
        values -> {
          if (into.size() >= limit) throw tooMany(system, call, limit);
          into.add(values);
        },
        system,
        call);
  }

  private static ProtocolException tooMany(String system, String call, int limit) {
    return new ProtocolException(
        system,
        call,
        "HubSpot answered more than the " + limit + " records a page was" + " asked for",
        "The call is retried; if it keeps happening, report it to HubSpot support",
        null);
  }

  private <T> Json.Page readPage(
      Response response,
      String recordsField,
      int limit,
      List<T> into,
      Function<Map<String, Object>, T> map,
      String call)
      throws IOException {
    into.clear();
    String system = config.descriptor.id();
    return Json.readPage(
        response.body().source(),
        recordsField,
        json -> {
          if (into.size() >= limit) throw tooMany(system, call, limit);
          into.add(map.apply(json));
        },
        system,
        call);
  }

  static String call(String method, HttpUrl url) {
    return method + " " + url.encodedPath();
  }

  @Override
  public void close() {
    transport.close();
  }

  /** Search's per-second window for one portal; the wait goes through the connection's clock. */
  private static final class SearchWindow {
    private final ArrayDeque<Instant> recent = new ArrayDeque<>();

    void await(int perSecond, Clock clock, Sleeper sleeper, String system) {
      while (true) {
        Duration wait;
        synchronized (this) {
          Instant now = clock.instant();
          Instant start = now.minusSeconds(1);
          while (!recent.isEmpty() && !recent.peekFirst().isAfter(start)) recent.pollFirst();
          if (recent.size() < perSecond) {
            recent.addLast(now);
            return;
          }
          wait = Duration.between(now, recent.peekFirst().plusSeconds(1));
        }
        try {
          sleeper.sleep(wait.isNegative() || wait.isZero() ? Duration.ofMillis(1) : wait);
        } catch (InterruptedException e) {
          Thread.currentThread().interrupt();
          throw new dev.revsync.TransientException(
              system,
              "search",
              "interrupted while waiting for " + "search's per-second limit",
              "Run the sync again",
              e);
        }
      }
    }
  }
}
