package dev.revsync.simulators.salesforce;

import dev.revsync.simulators.FaultPlan;
import dev.revsync.simulators.SimHandler;
import java.util.List;
import java.util.regex.Pattern;
import mockwebserver3.MockResponse;
import mockwebserver3.RecordedRequest;

/**
 * Routes every path at the root of the instance URL (login host and instance are the same server)
 * and applies what all REST calls share: the API version check (410 for retired versions, 404 for
 * unknown ones), the session check ({@code 401 INVALID_SESSION_ID}), the user's API permission
 * ({@code 403 API_CURRENTLY_DISABLED}), the rolling daily allocation ({@code 403
 * REQUEST_LIMIT_EXCEEDED}) and {@code Sforce-Limit-Info} on every counted response. Thread-safe.
 */
final class SalesforceHandler implements SimHandler {
  private static final Pattern VERSION = Pattern.compile("v(\\d+\\.\\d)");

  private final SfConfig config;
  private final Sessions sessions;
  private final ApiAllocation allocation;
  private final FaultPlan faults;
  private final OAuthEndpoint oauth;
  private final RestApi rest;
  private final SoapApi soap;

  SalesforceHandler(
      SfConfig config,
      Sessions sessions,
      ApiAllocation allocation,
      FaultPlan faults,
      OAuthEndpoint oauth,
      RestApi rest,
      SoapApi soap) {
    this.config = config;
    this.sessions = sessions;
    this.allocation = allocation;
    this.faults = faults;
    this.oauth = oauth;
    this.rest = rest;
    this.soap = soap;
  }

  @Override
  public MockResponse handle(RecordedRequest recorded) {
    SfHttp.Request req = new SfHttp.Request(recorded);
    return route(req).build();
  }

  private MockResponse.Builder route(SfHttp.Request req) {
    List<String> s = req.segments;
    if (s.size() >= 1 && s.get(0).equals("id")) return oauth.identity(req);
    if (s.size() < 2 || !s.get(0).equals("services")) return SfHttp.notFound();
    switch (s.get(1)) {
      case "oauth2":
        if (s.size() == 3 && s.get(2).equals("token")) {
          if (config.countTokenRequests() && !allocation.tryConsume()) return limitExceeded();
          return oauth.token(req);
        }
        if (s.size() == 3 && s.get(2).equals("userinfo")) return oauth.userinfo(req);
        if (s.size() == 3 && s.get(2).equals("revoke")) return oauth.revoke(req);
        return SfHttp.notFound();
      case "data":
        return data(req, s.subList(2, s.size()));
      case "Soap":
        if (s.size() >= 4 && s.get(2).equals("u")) return soap.handle(req, s.get(3));
        return SfHttp.notFound();
      default:
        return SfHttp.notFound();
    }
  }

  private MockResponse.Builder data(SfHttp.Request req, List<String> rest) {
    if (rest.isEmpty()) {
      if (!req.method.equals("GET")) return SfHttp.methodNotAllowed(req.method, "GET, HEAD");
      return versions(); // no authentication, not counted
    }
    String v = rest.get(0);
    String version;
    if (v.equals("latest")) {
      version = config.latestVersion();
    } else {
      var m = VERSION.matcher(v);
      if (!m.matches()) return SfHttp.notFound();
      version = m.group(1);
      if (!config.apiVersions().contains(version)) {
        double d = Double.parseDouble(version);
        if (d < Double.parseDouble(config.apiVersions().get(0))) {
          return SfHttp.error(
              410,
              "API_VERSION_RETIRED",
              "Version "
                  + version
                  + " of the API is no longer supported; "
                  + "use "
                  + config.apiVersions().get(0)
                  + " or later");
        }
        return SfHttp.notFound();
      }
    }
    String token = req.bearer();
    Sessions.Session session =
        token == null || !faults.tokenCallAllowed(token) ? null : sessions.use(token);
    if (session == null) {
      return SfHttp.error(401, "INVALID_SESSION_ID", "Session expired or invalid")
          .setHeader("WWW-Authenticate", "Token");
    }
    if (!session.user.apiEnabled()) {
      return SfHttp.error(403, "API_CURRENTLY_DISABLED", "API is disabled for this User");
    }
    if (!allocation.tryConsume()) return limitExceeded();
    MockResponse.Builder b = this.rest.handle(req, version, rest.subList(1, rest.size()), session);
    return b.setHeader(config.header("Sforce-Limit-Info"), usage());
  }

  private String usage() {
    return "api-usage=" + allocation.used() + "/" + allocation.max();
  }

  private MockResponse.Builder limitExceeded() {
    return SfHttp.error(403, "REQUEST_LIMIT_EXCEEDED", "TotalRequests Limit exceeded.")
        .setHeader(config.header("Sforce-Limit-Info"), usage());
  }

  private MockResponse.Builder versions() {
    return SfHttp.json(
        200,
        w -> {
          w.beginArray();
          for (String v : config.apiVersions()) {
            w.beginObject()
                .name("label")
                .value(releaseName(v))
                .name("url")
                .value("/services/data/v" + v)
                .name("version")
                .value(v)
                .endObject();
          }
          w.endArray();
        });
  }

  /** The release an API version shipped in: 60.0 is Spring '24, three releases a year. */
  static String releaseName(String version) {
    int k = (int) Math.round(Double.parseDouble(version)) - 60;
    int season = Math.floorMod(k, 3);
    int year = 24 + Math.floorDiv(k + 1, 3);
    String name =
        switch (season) {
          case 0 -> "Spring";
          case 1 -> "Summer";
          default -> "Winter";
        };
    return name + " '" + String.format("%02d", Math.floorMod(year, 100));
  }
}
