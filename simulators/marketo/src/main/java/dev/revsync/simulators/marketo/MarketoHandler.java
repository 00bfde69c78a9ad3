package dev.revsync.simulators.marketo;

import dev.revsync.simulators.FaultPlan;
import dev.revsync.simulators.SimHandler;
import dev.revsync.spi.Json;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import mockwebserver3.MockResponse;
import mockwebserver3.RecordedRequest;
import okhttp3.HttpUrl;
import okio.ByteString;

/**
 * Marketo's routing: the identity endpoint, then for {@code /rest} and {@code /bulk} the bearer
 * token (600/601/602; the {@code access_token} parameter is refused), the subscription's limits
 * (607/606/615) and the call itself. Failures are HTTP 200 envelopes, except the identity service's
 * OAuth errors and the extract file's plain-text 404. Thread-safe.
 */
final class MarketoHandler implements SimHandler {
  private static final Pattern EXPORT_JOB =
      Pattern.compile(
          "/bulk/v1/(leads|activities)/export/([^/]+)/(enqueue|status|file|cancel)\\.json");
  private static final Pattern EXPORT_CREATE =
      Pattern.compile("/bulk/v1/(leads|activities)/export/create\\.json");
  private static final Pattern EXPORT_LIST =
      Pattern.compile("/bulk/v1/(leads|activities)/export\\.json");

  /** {@code lists/{id}/leads.json} and the legacy {@code list/{id}/leads.json}. */
  private static final Pattern LIST_LEADS = Pattern.compile("/rest/v1/lists?/(\\d+)/leads\\.json");

  private static final Pattern LEAD_BY_ID = Pattern.compile("/rest/v1/lead/(\\d+)\\.json");

  /** Marketo's gateway refuses request URIs over 8 KB. */
  static final int MAX_URI = 8 * 1024;

  private final MarketoSimulator.Options options;
  private final Tokens tokens;
  private final Gate gate;
  private final FaultPlan faults;
  private final LeadsApi leads;
  private final ActivityFeed activities;
  private final ExtractJobs extracts;
  private final Assets assets;

  MarketoHandler(
      MarketoSimulator.Options options,
      Tokens tokens,
      Gate gate,
      FaultPlan faults,
      LeadsApi leads,
      ActivityFeed activities,
      ExtractJobs extracts,
      Assets assets) {
    this.options = options;
    this.tokens = tokens;
    this.gate = gate;
    this.faults = faults;
    this.leads = leads;
    this.activities = activities;
    this.extracts = extracts;
    this.assets = assets;
  }

  @Override
  public MockResponse handle(RecordedRequest request) throws Exception {
    HttpUrl url = request.getUrl();
    String path = normalize(url.encodedPath());
    String query = url.encodedQuery();
    if (path.length() + (query == null ? 0 : query.length() + 1) > MAX_URI) {
      // the gateway's limit; clients resend long reads as POST with _method=GET
      return new MockResponse.Builder()
          .code(414)
          .setHeader("Content-Type", "text/html")
          .body("<html><body><h1>414 Request-URI Too Large</h1></body></html>")
          .build();
    }
    if (path.equals("/identity/oauth/token")) return token(request);
    if (!path.startsWith("/rest/") && !path.startsWith("/bulk/")) {
      return new MockResponse.Builder()
          .code(404)
          .setHeader("Content-Type", "text/plain")
          .body("Not Found")
          .build();
    }
    Map<String, String> params = params(request);
    String method = request.getMethod();
    if ("GET".equals(params.remove("_method")) && "POST".equals(method)) method = "GET";
    if (path.contains("//")) return Wire.error("610", "Requested resource not found");
    if (options.rejectAccessTokenParameter && params.containsKey("access_token")) {
      gate.recordError("601");
      return Wire.error("601", "Access token invalid");
    }
    String auth = request.getHeaders().get("Authorization");
    String token =
        auth != null && auth.regionMatches(true, 0, "Bearer ", 0, 7)
            ? auth.substring(7).trim()
            : null;
    if (token == null && !options.rejectAccessTokenParameter) token = params.get("access_token");
    if (token == null || token.isEmpty()) {
      gate.recordError("600");
      return Wire.error("600", "Access token not specified");
    }
    switch (tokens.check(token, faults)) {
      case INVALID:
        gate.recordError("601");
        return Wire.error("601", "Access token invalid");
      case EXPIRED:
        gate.recordError("602");
        return Wire.error("602", "Access token expired");
      default:
        break;
    }
    String refused = gate.admit();
    if (refused != null) {
      gate.recordError(refused);
      switch (refused) {
        case "607":
          return Wire.error("607", "Daily quota reached");
        case "606":
          return Wire.error(
              "606",
              "Max rate limit '"
                  + options.rateMax
                  + "' exceeded with in '"
                  + options.rateWindow.toSeconds()
                  + "' secs");
        default:
          return Wire.error("615", "Concurrent access limit reached");
      }
    }
    try {
      if (!options.holdEachCall.isZero()) Thread.sleep(options.holdEachCall.toMillis());
      return route(method, path, params, request);
    } finally {
      gate.release();
    }
  }

  private MockResponse route(
      String method, String path, Map<String, String> q, RecordedRequest request) {
    boolean get = method.equals("GET");
    switch (path) {
      case "/rest/v1/leads.json":
        if (get) return leads.get(q);
        if (method.equals("POST")) {
          Object body = jsonBody(request);
          if (body instanceof MockResponse) return (MockResponse) body;
          return leads.sync(asMap(body));
        }
        return notSupported();
      case "/rest/v1/leads/describe2.json":
        return get ? leads.describe2() : notSupported();
      case "/rest/v1/leads/describe.json":
        return get ? leads.describe() : notSupported();
      case "/rest/v1/activities/pagingtoken.json":
        return get ? activities.pagingToken(q) : notSupported();
      case "/rest/v1/activities/types.json":
        return get ? activities.types() : notSupported();
      case "/rest/v1/activities/leadchanges.json":
        return get ? activities.leadChanges(q) : notSupported();
      case "/rest/v1/activities/deletedleads.json":
        return get ? activities.deletedLeads(q) : notSupported();
      case "/rest/v1/activities.json":
        return get ? activities.activities(q) : notSupported();
      case "/rest/v1/stats/usage.json":
        return get ? usage(List.of(gate.today())) : notSupported();
      case "/rest/v1/stats/usage/last7days.json":
        return get ? usage(gate.lastSevenDays()) : notSupported();
      case "/rest/v1/stats/errors.json":
        return get ? errors(List.of(gate.today())) : notSupported();
      case "/rest/v1/stats/errors/last7days.json":
        return get ? errors(gate.lastSevenDays()) : notSupported();
      case "/rest/asset/v1/programs.json":
        return get ? assets.programs(q) : notSupported();
      case "/rest/asset/v1/smartCampaigns.json":
        return get ? assets.smartCampaigns(q) : notSupported();
      case "/rest/v1/lists.json":
        return get ? assets.lists(q) : notSupported();
      case "/rest/v1/campaigns.json":
        return get ? assets.campaigns(q) : notSupported();
      default:
        break;
    }
    Matcher create = EXPORT_CREATE.matcher(path);
    if (create.matches()) {
      if (!method.equals("POST")) return notSupported();
      Object body = jsonBody(request);
      if (body instanceof MockResponse) return (MockResponse) body;
      return extracts.create(create.group(1), asMap(body));
    }
    Matcher list = EXPORT_LIST.matcher(path);
    if (list.matches()) return get ? extracts.list(list.group(1), q) : notSupported();
    Matcher job = EXPORT_JOB.matcher(path);
    if (job.matches()) {
      String id = job.group(2);
      switch (job.group(3)) {
        case "enqueue":
          return method.equals("POST") ? extracts.enqueue(id) : notSupported();
        case "cancel":
          return method.equals("POST") ? extracts.cancel(id) : notSupported();
        case "status":
          return get ? extracts.status(id) : notSupported();
        default:
          return get ? extracts.file(id, request.getHeaders().get("Range")) : notSupported();
      }
    }
    Matcher lead = LEAD_BY_ID.matcher(path);
    if (lead.matches()) return get ? leads.byId(lead.group(1), q) : notSupported();
    Matcher members = LIST_LEADS.matcher(path);
    if (members.matches())
      return get ? assets.listLeads(Long.parseLong(members.group(1)), q) : notSupported();
    return Wire.error("610", "Requested resource not found");
  }

  /**
   * Resolves {@code .} and {@code ..} segments as Marketo's gateway does: a client that joins
   * {@code https://host/rest} with {@code /../bulk/v1/...} reaches the bulk API. A double slash
   * stays (it is refused with 610).
   */
  static String normalize(String path) {
    if (!path.contains("/.")) return path;
    java.util.Deque<String> out = new java.util.ArrayDeque<>();
    String[] parts = path.split("/", -1);
    for (int i = 1; i < parts.length; i++) {
      String p = parts[i];
      if (p.equals(".")) continue;
      if (p.equals("..")) {
        if (!out.isEmpty()) out.removeLast();
        continue;
      }
      out.addLast(p);
    }
    return "/" + String.join("/", out);
  }

  private static MockResponse notSupported() {
    return Wire.error("605", "HTTP Method not supported");
  }

  /** The JSON body, or the error envelope for a wrong content type (612) or bad JSON (609). */
  private static Object jsonBody(RecordedRequest request) {
    String type = request.getHeaders().get("Content-Type");
    if (type == null || !type.toLowerCase(java.util.Locale.ROOT).startsWith("application/json")) {
      return Wire.error("612", "Invalid Content Type");
    }
    ByteString body = request.getBody();
    try {
      Object parsed =
          Json.parse(body == null ? "" : body.utf8(), "marketo-simulator", "request body");
      if (!(parsed instanceof Map)) return Wire.error("609", "Invalid JSON");
      return parsed;
    } catch (RuntimeException e) {
      return Wire.error("609", "Invalid JSON");
    }
  }

  @SuppressWarnings("unchecked")
  private static Map<String, Object> asMap(Object o) {
    return (Map<String, Object>) o;
  }

  private MockResponse usage(List<LocalDate> days) {
    List<Map<String, Object>> out = new ArrayList<>();
    for (LocalDate day : days) {
      long used = gate.usedOn(day);
      List<Map<String, Object>> users =
          used == 0 ? List.of() : List.of(Wire.map("userId", options.apiUser, "count", used));
      out.add(Wire.map("date", day.toString(), "total", used, "users", users));
    }
    return Wire.ok(out);
  }

  private MockResponse errors(List<LocalDate> days) {
    List<Map<String, Object>> out = new ArrayList<>();
    for (LocalDate day : days) {
      List<Map<String, Object>> errs = new ArrayList<>();
      long total = 0;
      for (Map.Entry<String, Integer> e : gate.errorsOn(day).entrySet()) {
        errs.add(Wire.map("errorCode", e.getKey(), "count", e.getValue()));
        total += e.getValue();
      }
      out.add(Wire.map("date", day.toString(), "total", total, "errors", errs));
    }
    return Wire.ok(out);
  }

  /** {@code GET|POST /identity/oauth/token}: client credentials in the query or a form body. */
  private MockResponse token(RecordedRequest request) {
    if (!request.getMethod().equals("GET") && !request.getMethod().equals("POST")) {
      return Wire.json(
          405,
          Wire.map(
              "error", "method_not_allowed", "error_description", "Request method not supported"));
    }
    Map<String, String> p = params(request);
    String grant = p.get("grant_type");
    if (grant == null || !grant.equals("client_credentials")) {
      return Wire.json(
          400,
          Wire.map(
              "error",
              "unsupported_grant_type",
              "error_description",
              "Unsupported grant type: " + grant));
    }
    if (!options.clientId.equals(p.get("client_id"))
        || !options.clientSecret.equals(p.get("client_secret"))) {
      return Wire.json(
          401, Wire.map("error", "invalid_client", "error_description", "Bad client credentials"));
    }
    Map.Entry<String, Long> t = tokens.issue();
    return new MockResponse.Builder()
        .code(200)
        .setHeader("Content-Type", "application/json;charset=UTF-8")
        .setHeader("Cache-Control", "no-store")
        .body(
            Json.toJson(
                Wire.map(
                    "access_token",
                    t.getKey(),
                    "token_type",
                    "bearer",
                    "expires_in",
                    t.getValue(),
                    "scope",
                    options.apiUser)))
        .build();
  }

  /**
   * Query parameters, then a form-encoded body's (a POST with {@code _method=GET}, a token POST).
   */
  static Map<String, String> params(RecordedRequest request) {
    Map<String, String> m = new LinkedHashMap<>();
    HttpUrl url = request.getUrl();
    for (String name : url.queryParameterNames()) m.put(name, url.queryParameter(name));
    String type = request.getHeaders().get("Content-Type");
    ByteString body = request.getBody();
    if (type != null
        && type.toLowerCase(java.util.Locale.ROOT).startsWith("application/x-www-form-urlencoded")
        && body != null
        && body.size() > 0) {
      for (String pair : body.utf8().split("&")) {
        if (pair.isEmpty()) continue;
        int eq = pair.indexOf('=');
        String k = URLDecoder.decode(eq < 0 ? pair : pair.substring(0, eq), StandardCharsets.UTF_8);
        String v = eq < 0 ? "" : URLDecoder.decode(pair.substring(eq + 1), StandardCharsets.UTF_8);
        m.putIfAbsent(k, v);
      }
    }
    return m;
  }
}
