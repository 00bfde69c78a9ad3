package dev.revsync.simulators.hubspot;

import dev.revsync.simulators.SimHandler;
import java.io.IOException;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Set;
import mockwebserver3.MockResponse;
import mockwebserver3.RecordedRequest;

/**
 * Routes a request: OAuth endpoints first (no bearer), then authentication, the portal's limits,
 * the scope the endpoint needs, the endpoint itself, and the rate-limit headers on the way out.
 * Dated paths ({@code /crm/objects/2026-03/...}, {@code /account-info/2026-09/...}) are served as
 * their v3 equivalents. Thread-safe.
 */
final class HubSpotHandler implements SimHandler {
  /** One authenticated call. */
  record Call(
      RecordedRequest request,
      String method,
      String path,
      String correlationId,
      boolean oauth,
      Set<String> scopes) {}

  private final HubSpotSimulator sim;
  private final HubSpotSimulator.Settings settings;
  private final PortalLimits limits;
  private final OAuthServer oauth;
  private final CrmApi crm;
  private final Marketing marketing;

  HubSpotHandler(
      HubSpotSimulator sim,
      HubSpotSimulator.Settings settings,
      Map<String, CrmType> types,
      PortalLimits limits,
      OAuthServer oauth,
      Marketing marketing) {
    this.sim = sim;
    this.settings = settings;
    this.limits = limits;
    this.oauth = oauth;
    this.crm = new CrmApi(sim, settings);
    this.marketing = marketing;
  }

  @Override
  public MockResponse handle(RecordedRequest request) throws Exception {
    String method = request.getMethod();
    String path = canonical(request.getUrl().encodedPath());
    String correlationId = Wire.correlationId();
    if (path.startsWith("/oauth/")) {
      MockResponse r =
          OAuthApi.handle(
              request, method, path, correlationId, settings, oauth, sim.store().clock());
      if (r != null) return r;
    }
    String auth = request.getHeaders().get("Authorization");
    String token =
        auth != null && auth.regionMatches(true, 0, "Bearer ", 0, 7)
            ? auth.substring(7).strip()
            : null;
    boolean isOAuth;
    if (token != null && token.equals(settings.privateAppToken)) {
      isOAuth = false;
    } else {
      OAuthServer.AccessToken access = oauth.accessToken(token);
      if (access == null) {
        return Wire.error(
                401,
                correlationId,
                "INVALID_AUTHENTICATION",
                "Authentication credentials not found. This API"
                    + " supports OAuth 2.0 authentication and you can find more details at https://developers.hubspot.com/docs/"
                    + "methods/auth/oauth-overview")
            .build();
      }
      Instant now = sim.store().clock().instant();
      if (!now.isBefore(access.expiresAt()) || !sim.faults().tokenCallAllowed(token)) {
        long ago = Math.max(1, Duration.between(access.expiresAt(), now).toMinutes());
        return Wire.error(
                401,
                correlationId,
                "INVALID_AUTHENTICATION",
                "The OAuth token used to make this call expired " + ago + " minute(s) ago.")
            .build();
      }
      isOAuth = true;
    }
    boolean search =
        method.equals("POST") && path.startsWith("/crm/v3/objects/") && path.endsWith("/search");
    PortalLimits.Refusal refusal = limits.admit(search);
    switch (refusal) {
      case DAILY:
        return tooMany(correlationId, "DAILY", "You have reached your daily limit.").build();
      case BURST:
        return withLimitHeaders(
                tooMany(
                    correlationId,
                    "TEN_SECONDLY_ROLLING",
                    "You have reached your ten_secondly_rolling limit."),
                isOAuth,
                false)
            .build();
      case SEARCH:
        return tooMany(
                correlationId, settings.searchPolicyName, "You have reached your secondly limit.")
            .build();
      default:
        break;
    }
    Call call = new Call(request, method, path, correlationId, isOAuth, settings.scopes);
    MockResponse.Builder response = route(call);
    // search responses carry no X-HubSpot-RateLimit-* headers (they have their own limit)
    return withLimitHeaders(response, isOAuth, search).build();
  }

  private MockResponse.Builder route(Call call) throws IOException {
    String path = call.path();
    String method = call.method();
    if (path.equals("/account-info/v3/details") && method.equals("GET"))
      return accountDetails(call);
    if (path.startsWith("/crm/v3/objects/")
        || path.startsWith("/crm/v3/properties/")
        || path.equals("/crm/v3/schemas")
        || path.startsWith("/crm/v3/schemas/")) {
      return crm.handle(call);
    }
    if (Associations.handles(path)) return Associations.handle(call, sim);
    MockResponse.Builder m = marketing.handle(call);
    if (m != null) return m;
    return Wire.error(
        404,
        call.correlationId(),
        "OBJECT_NOT_FOUND",
        "Unable to route " + method + " " + path + " to a HubSpot API");
  }

  private MockResponse.Builder accountDetails(Call call) throws IOException {
    Instant now = sim.store().clock().instant();
    int offsetSeconds = settings.timeZone.getRules().getOffset(now).getTotalSeconds();
    return Wire.json(
        200,
        call.correlationId(),
        w -> {
          w.beginObject();
          w.name("portalId").value(settings.portalId);
          w.name("accountType").value(settings.accountType);
          w.name("timeZone").value(settings.timeZone.getId());
          w.name("companyCurrency").value("USD");
          w.name("additionalCurrencies").beginArray().endArray();
          w.name("utcOffset")
              .value(settings.timeZone.getRules().getOffset(now).getId().replace("Z", "+00:00"));
          w.name("utcOffsetMilliseconds").value(offsetSeconds * 1000L);
          w.name("uiDomain").value("app.hubspot.com");
          w.name("dataHostingLocation").value("na1");
          w.endObject();
        });
  }

  /** 403 MISSING_SCOPES naming what the call needs, or null when the token has it. */
  static MockResponse.Builder requireScope(Call call, String scope) throws IOException {
    if (call.scopes().contains(scope)) return null;
    return Wire.error(
        403,
        call.correlationId(),
        "MISSING_SCOPES",
        "This app hasn't been granted all required scopes to "
            + "make this call. Read more about required scopes here: https://developers.hubspot.com/scopes.",
        List.of(
            Map.of(
                "message",
                "One or more of the following scopes are required.",
                "context",
                Map.of(
                    "requiredGranularScopes", List.of(scope), "requiredScopes", List.of(scope)))),
        null,
        Map.of("scopes", "https://developers.hubspot.com/scopes"));
  }

  static MockResponse.Builder tooMany(String correlationId, String policyName, String message)
      throws IOException {
    return Wire.json(
        429,
        correlationId,
        w -> {
          w.beginObject();
          w.name("status").value("error");
          w.name("message").value(message);
          w.name("errorType").value("RATE_LIMIT");
          w.name("correlationId").value(correlationId);
          w.name("policyName").value(policyName);
          w.name("requestId").value(Wire.correlationId());
          w.endObject();
        });
  }

  private MockResponse.Builder withLimitHeaders(
      MockResponse.Builder b, boolean isOAuth, boolean search) {
    if (search) return b;
    int max = isOAuth ? Math.min(settings.oauthBurstMax, limits.burstMax()) : limits.burstMax();
    b.setHeader("X-HubSpot-RateLimit-Interval-Milliseconds", PortalLimits.BURST_WINDOW.toMillis())
        .setHeader("X-HubSpot-RateLimit-Max", max)
        .setHeader(
            "X-HubSpot-RateLimit-Remaining",
            Math.max(0, limits.burstRemaining() - (limits.burstMax() - max)));
    if (!isOAuth) {
      // OAuth calls omit the two daily headers
      b.setHeader("X-HubSpot-RateLimit-Daily", limits.dailyMax())
          .setHeader("X-HubSpot-RateLimit-Daily-Remaining", limits.dailyRemaining());
    }
    if (settings.secondlyHeaders) {
      b.setHeader("X-HubSpot-RateLimit-Secondly", Math.max(1, max / 10))
          .setHeader("X-HubSpot-RateLimit-Secondly-Remaining", Math.max(0, max / 10 - 1));
    }
    return b;
  }

  /** Dated paths answer as their v3 equivalents. */
  static String canonical(String path) {
    if (path.length() > 1 && path.endsWith("/")) path = path.substring(0, path.length() - 1);
    if (path.startsWith("/crm/objects/20")) {
      int slash = path.indexOf('/', "/crm/objects/".length());
      return "/crm/v3/objects" + (slash < 0 ? "" : path.substring(slash));
    }
    if (path.startsWith("/crm/properties/20")) {
      int slash = path.indexOf('/', "/crm/properties/".length());
      return "/crm/v3/properties" + (slash < 0 ? "" : path.substring(slash));
    }
    if (path.startsWith("/account-info/20")) {
      int slash = path.indexOf('/', "/account-info/".length());
      return "/account-info/v3" + (slash < 0 ? "" : path.substring(slash));
    }
    return path;
  }
}
