package dev.revsync.simulators.pardot;

import dev.revsync.simulators.DailyLimitCounter;
import dev.revsync.simulators.FaultPlan;
import dev.revsync.simulators.SimHandler;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.util.ArrayDeque;
import java.util.List;
import java.util.Set;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.regex.Pattern;
import mockwebserver3.MockResponse;
import mockwebserver3.RecordedRequest;
import okhttp3.HttpUrl;

/**
 * Routes the simulator's requests: the Salesforce OAuth token endpoint, then every {@code
 * /api/v5/...} call through Pardot's gate — business-unit header (181 missing, 182 malformed, 201
 * unknown), bearer token (184, HTTP 401), Account Engagement access (49), the daily limit (122),
 * concurrency (66) and per-minute limit (202) — before the object, write and export endpoints.
 * {@code X-Return-Api-Usage} adds {@code x-api-usage}. Thread-safe.
 */
final class PardotHandler implements SimHandler {
  private static final Pattern BUSINESS_UNIT = Pattern.compile("0Uv[A-Za-z0-9]{15}");
  private static final String V5 = "/api/v5/";

  /** The documented v4 export form (§7), beside v5's. */
  private static final String V4_EXPORT = "/api/export/version/4/do/";

  private final PardotSettings settings;
  private final OAuthTokens oauth;
  private final Set<String> businessUnits;
  private final DailyLimitCounter daily;
  private final FaultPlan faults;
  private final PardotSchema schema;
  private final QueryApi query;
  private final WriteApi writes;
  private final ExportApi exports;
  private final Clock clock;
  private final String baseUrl;
  private final AtomicInteger inFlight = new AtomicInteger();
  private final ArrayDeque<Long> minuteCalls = new ArrayDeque<>();
  private final LiveChanges changes;

  PardotHandler(
      LiveChanges changes,
      PardotSettings settings,
      OAuthTokens oauth,
      Set<String> businessUnits,
      DailyLimitCounter daily,
      FaultPlan faults,
      PardotSchema schema,
      QueryApi query,
      WriteApi writes,
      ExportApi exports,
      Clock clock,
      String baseUrl) {
    this.changes = changes;
    this.settings = settings;
    this.oauth = oauth;
    this.businessUnits = businessUnits;
    this.daily = daily;
    this.faults = faults;
    this.schema = schema;
    this.query = query;
    this.writes = writes;
    this.exports = exports;
    this.clock = clock;
    this.baseUrl = baseUrl;
  }

  @Override
  public MockResponse handle(RecordedRequest request) throws Exception {
    HttpUrl url = request.getUrl();
    String path = url.encodedPath();
    if (path.equals("/services/oauth2/token")) return oauth.token(request);
    boolean v4Export = path.startsWith(V4_EXPORT);
    if (!path.startsWith(V5) && !v4Export) return PardotJson.error(404, 2, "Invalid action");
    changes.catchUp();
    MockResponse refused = gate(request);
    if (refused != null) return refused;
    if (inFlight.incrementAndGet() > settings.concurrencyLimit) {
      inFlight.decrementAndGet();
      return PardotJson.error(
          settings.limitStatus,
          66,
          "You have exceeded your concurrent request limit.  Please wait, before trying again");
    }
    try {
      MockResponse response =
          v4Export
              ? routeV4Export(request, path.substring(V4_EXPORT.length()))
              : route(request, url, path.substring(V5.length()));
      String usage = request.getHeaders().get("X-Return-Api-Usage");
      if (usage != null && (usage.equals("1") || usage.equalsIgnoreCase("true"))) {
        String value =
            settings.usageWithMax ? daily.used() + "/" + daily.max() : Long.toString(daily.used());
        response = response.newBuilder().setHeader("x-api-usage", value).build();
      }
      return response;
    } catch (QueryApi.BadRequest e) {
      return e.response();
    } finally {
      inFlight.decrementAndGet();
    }
  }

  /** The checks every API call meets before it is routed; null when it may go on. */
  private MockResponse gate(RecordedRequest request) {
    String unit = request.getHeaders().get("Pardot-Business-Unit-Id");
    if (unit == null || unit.isBlank()) {
      return PardotJson.error(400, 181, "A required header is missing: Pardot-Business-Unit-Id");
    }
    if (!BUSINESS_UNIT.matcher(unit.trim()).matches()) {
      return PardotJson.error(400, 182, "Invalid value for header Pardot-Business-Unit-Id");
    }
    String auth = request.getHeaders().get("Authorization");
    if (auth != null && auth.regionMatches(true, 0, "Pardot ", 0, 7)) {
      return PardotJson.error(
          401, 199, "Pardot api_key authentication is no longer supported; use Salesforce OAuth");
    }
    String token =
        auth != null && auth.regionMatches(true, 0, "Bearer ", 0, 7)
            ? auth.substring(7).trim()
            : null;
    if (token == null || !oauth.valid(token) || !faults.tokenCallAllowed(token)) {
      return PardotJson.error(401, 184, "access_token is invalid, unknown, or malformed");
    }
    if (!businessUnits.contains(unit.trim())) {
      return PardotJson.error(400, 201, "Business Unit ID is invalid or inactive");
    }
    if (!settings.userHasAccess) return PardotJson.error(403, 49, "Access Denied");
    if (!daily.tryConsume())
      return PardotJson.error(settings.limitStatus, 122, "Daily API rate limit met");
    int perMinute = settings.minuteLimit;
    if (perMinute > 0) {
      long minute = clock.instant().getEpochSecond() / 60;
      synchronized (minuteCalls) {
        while (!minuteCalls.isEmpty() && minuteCalls.peekFirst() < minute)
          minuteCalls.removeFirst();
        if (minuteCalls.size() >= perMinute)
          return PardotJson.error(settings.limitStatus, 202, "Minute rate limit met");
        minuteCalls.addLast(minute);
      }
    }
    return null;
  }

  private MockResponse route(RecordedRequest request, HttpUrl url, String rest)
      throws QueryApi.BadRequest {
    String method = request.getMethod();
    List<String> parts = List.of(rest.split("/"));
    String body = request.getBody() == null ? "" : request.getBody().string(StandardCharsets.UTF_8);
    String contentType = request.getHeaders().get("Content-Type");
    if (parts.get(0).equals("exports")) return routeExports(method, parts, body);
    if (!parts.get(0).equals("objects") || parts.size() < 2)
      return PardotJson.error(404, 2, "Invalid action");
    PardotSchema.Collection c = schema.collection(parts.get(1));
    if (c == null)
      return PardotJson.error(404, 2, "Invalid action: unknown object " + parts.get(1));
    boolean prospects = c.name.equals(PardotSchema.PROSPECTS);
    if (parts.size() == 2) {
      if (method.equals("GET")) return query.query(c, url, baseUrl);
      if (method.equals("POST") && prospects) return writes.create(url, contentType, body);
      if (method.equals("POST") && c.name.equals(PardotSchema.CUSTOM_FIELDS)) {
        return writes.createCustomField(contentType, body);
      }
      return notAllowed();
    }
    if (parts.size() == 4
        && parts.get(2).equals("do")
        && parts.get(3).equals("upsertLatestByEmail")
        && prospects) {
      return method.equals("POST") ? writes.upsertLatestByEmail(contentType, body) : notAllowed();
    }
    String id = parts.get(2);
    if (!id.matches("\\d{1,18}")) return PardotJson.error(404, 192, "Object not found");
    if (parts.size() == 5
        && parts.get(3).equals("do")
        && parts.get(4).equals("undelete")
        && prospects) {
      return method.equals("POST") ? writes.undelete(id, url) : notAllowed();
    }
    if (parts.size() != 3) return PardotJson.error(404, 2, "Invalid action");
    if (method.equals("GET"))
      return query.read(c, id, url, request.getHeaders().get("If-Modified-Since"));
    if (method.equals("PATCH") && prospects) return writes.patch(id, url, contentType, body);
    return notAllowed();
  }

  private MockResponse routeExports(String method, List<String> parts, String body)
      throws QueryApi.BadRequest {
    if (parts.size() == 1) {
      if (method.equals("POST")) return exports.create(body, baseUrl);
      if (method.equals("GET")) return exports.list(baseUrl);
      return notAllowed();
    }
    long id;
    try {
      id = Long.parseLong(parts.get(1));
    } catch (NumberFormatException e) {
      return PardotJson.error(404, 192, "Object not found");
    }
    if (!method.equals("GET")) return notAllowed();
    if (parts.size() == 2) return exports.read(id, baseUrl);
    if (parts.size() == 4 && parts.get(2).equals("results")) {
      try {
        return exports.download(id, Integer.parseInt(parts.get(3)));
      } catch (NumberFormatException e) {
        return PardotJson.error(404, 192, "Object not found");
      }
    }
    return PardotJson.error(404, 2, "Invalid action");
  }

  /**
   * {@code create}, {@code read/id/{id}}, {@code downloadResults/id/{id}/file/{n}}, {@code query}.
   */
  private MockResponse routeV4Export(RecordedRequest request, String rest)
      throws QueryApi.BadRequest {
    String method = request.getMethod();
    List<String> parts = List.of(rest.split("/"));
    if (parts.get(0).equals("create") && parts.size() == 1) {
      if (!method.equals("POST")) return notAllowed();
      return exports.create(
          request.getBody() == null ? "" : request.getBody().string(StandardCharsets.UTF_8),
          baseUrl,
          true);
    }
    if (parts.get(0).equals("query") && parts.size() == 1) return exports.list(baseUrl);
    try {
      if (parts.size() == 3 && parts.get(0).equals("read") && parts.get(1).equals("id")) {
        return exports.read(Long.parseLong(parts.get(2)), baseUrl, true);
      }
      if (parts.size() == 5
          && parts.get(0).equals("downloadResults")
          && parts.get(1).equals("id")
          && parts.get(3).equals("file")) {
        return exports.download(Long.parseLong(parts.get(2)), Integer.parseInt(parts.get(4)));
      }
    } catch (NumberFormatException e) {
      return PardotJson.error(404, 192, "Object not found");
    }
    return PardotJson.error(404, 2, "Invalid action");
  }

  private static MockResponse notAllowed() {
    return PardotJson.error(405, 60, "Invalid HTTP request method");
  }
}
