package dev.revsync.simulators.dynamics;

import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.security.PublicKey;
import java.security.SecureRandom;
import java.security.Signature;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import mockwebserver3.MockResponse;
import mockwebserver3.RecordedRequest;

/**
 * The Microsoft Entra ID token endpoint for the client-credentials grant, on the simulator's own
 * host: {@code POST /{tenant}/oauth2/v2.0/token} (and the older {@code /{tenant}/oauth2/token} with
 * {@code resource=}), client secret in the form or a Basic header, or a certificate's signed JWT
 * client assertion. Errors carry the AADSTS shapes of the notes ({@code error}, {@code
 * error_description}, {@code error_codes}, {@code timestamp}, {@code trace_id}, {@code
 * correlation_id}). Issued tokens are JWT-shaped, valid for {@code expires_in} on the simulator's
 * clock. Thread-safe.
 */
final class EntraEndpoint {
  private static final Pattern TOKEN_PATH = Pattern.compile("/([^/]+)/oauth2/(v2\\.0/)?token");
  private static final Pattern DISCOVERY =
      Pattern.compile("/([^/]+)/(v2\\.0/)?\\.well-known/openid-configuration");
  private static final String INSTANCE_DISCOVERY = "/common/discovery/instance";
  private static final DateTimeFormatter AAD_TIME =
      DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm:ss'Z'", Locale.ROOT).withZone(ZoneOffset.UTC);
  private static final Pattern JSON_STRING_FIELD =
      Pattern.compile("\"([A-Za-z0-9#_]+)\"\\s*:\\s*\"([^\"]*)\"");
  private static final Pattern JSON_NUMBER_FIELD =
      Pattern.compile("\"([A-Za-z0-9_]+)\"\\s*:\\s*(\\d+)");

  /** Who a token was issued to. */
  record Session(String token, String tenantId, String clientId, Instant expiresAt) {}

  private final DynamicsSimulator.Settings settings;
  private final Clock clock;
  private final String ownUrl;
  private final java.util.function.Supplier<String> environment;
  private final Map<String, Session> sessions = new ConcurrentHashMap<>();
  private final SecureRandom random = new SecureRandom();

  EntraEndpoint(
      DynamicsSimulator.Settings settings,
      String ownUrl,
      java.util.function.Supplier<String> environment) {
    this.settings = settings;
    this.clock = settings.clock();
    this.ownUrl = ownUrl;
    this.environment = environment;
  }

  static boolean handles(String path) {
    return TOKEN_PATH.matcher(path).matches()
        || DISCOVERY.matcher(path).matches()
        || path.equals(INSTANCE_DISCOVERY);
  }

  /** The session of a bearer token still valid now, or null. */
  Session session(String token) {
    if (token == null) return null;
    Session s = sessions.get(token);
    if (s == null || !clock.instant().isBefore(s.expiresAt())) return null;
    return s;
  }

  /** Ends every token issued so far (their next use answers 401). */
  void expireAll() {
    sessions.clear();
  }

  int issued() {
    return sessions.size();
  }

  MockResponse handle(RecordedRequest request) {
    String path = request.getUrl().encodedPath();
    Matcher d = DISCOVERY.matcher(path);
    if (d.matches()) return openIdConfiguration(decode(d.group(1)), d.group(2) != null, request);
    if (path.equals(INSTANCE_DISCOVERY)) return instanceDiscovery(request);
    Matcher m = TOKEN_PATH.matcher(path);
    if (!m.matches() || !"POST".equals(request.getMethod())) {
      return error(
          405, "invalid_request", 900561, "AADSTS900561: The endpoint only accepts POST requests.");
    }
    String tenant = decode(m.group(1));
    boolean v1 = m.group(2) == null;
    Map<String, String> form = parseForm(request.getBody() == null ? "" : request.getBody().utf8());
    String basic = request.getHeaders().get("Authorization");
    if (basic != null && basic.regionMatches(true, 0, "Basic ", 0, 6)) {
      String decoded =
          new String(Base64.getDecoder().decode(basic.substring(6).trim()), StandardCharsets.UTF_8);
      int colon = decoded.indexOf(':');
      if (colon > 0) {
        form.putIfAbsent("client_id", decode(decoded.substring(0, colon)));
        form.putIfAbsent("client_secret", decode(decoded.substring(colon + 1)));
      }
    }
    if (!tenant.equalsIgnoreCase(settings.tenantId())
        && !tenant.equalsIgnoreCase(settings.tenantDomain())) {
      return error(
          400,
          "invalid_request",
          90002,
          "AADSTS90002: Tenant '"
              + tenant
              + "' not found. Check to make sure "
              + "you have the correct tenant ID and are signing into the correct cloud. Check with your subscription "
              + "administrator, this may happen if there are no active subscriptions for the tenant.");
    }
    String grant = form.get("grant_type");
    if (grant == null) {
      return error(
          400,
          "invalid_request",
          900144,
          "AADSTS900144: The request body must contain the following parameter: 'grant_type'.");
    }
    if (!grant.equals("client_credentials")) {
      return error(
          400,
          "unsupported_grant_type",
          70003,
          "AADSTS70003: The app requested an unsupported grant type '" + grant + "'.");
    }
    String clientId = form.get("client_id");
    if (clientId == null || clientId.isBlank()) {
      return error(
          400,
          "invalid_request",
          900144,
          "AADSTS900144: The request body must contain the following parameter: 'client_id'.");
    }
    if (!clientId.equalsIgnoreCase(settings.clientId())) {
      return error(
          400,
          "unauthorized_client",
          700016,
          "AADSTS700016: Application with identifier '"
              + clientId
              + "' was not found in the directory '"
              + settings.tenantDomain()
              + "'. This can happen if the application has "
              + "not been installed by the administrator of the tenant or consented to by any user in the tenant. You may "
              + "have sent your authentication request to the wrong tenant.");
    }
    MockResponse refused = authenticateClient(form, clientId, tenant, request);
    if (refused != null) return refused;
    String resource = v1 ? form.get("resource") : scopeResource(form.get("scope"));
    if (resource == null) {
      return v1
          ? error(
              400,
              "invalid_request",
              900144,
              "AADSTS900144: The request body must contain the following parameter: 'resource'.")
          : error(
              400,
              "invalid_scope",
              70011,
              "AADSTS70011: The provided request must include a 'scope' input "
                  + "parameter. The provided value for the input parameter 'scope' is not valid. The scope "
                  + form.get("scope")
                  + " is not valid.");
    }
    if (!sameResource(resource, environment.get()) && !sameResource(resource, ownUrl)) {
      return error(
          400,
          "invalid_resource",
          500011,
          "AADSTS500011: The resource principal named "
              + resource
              + " was not found in the tenant named "
              + settings.tenantDomain()
              + ". This can happen if the application has "
              + "not been installed by the administrator of the tenant or consented to by any user in the tenant.");
    }
    return issue(clientId, v1);
  }

  /** What MSAL and other OpenID clients read before asking for a token. */
  private MockResponse openIdConfiguration(String tenant, boolean v2, RecordedRequest request) {
    if (!tenant.equalsIgnoreCase(settings.tenantId())
        && !tenant.equalsIgnoreCase(settings.tenantDomain())
        && !tenant.equals("common")
        && !tenant.equals("organizations")) {
      return error(400, "invalid_tenant", 90002, "AADSTS90002: Tenant '" + tenant + "' not found.");
    }
    String host = host(request);
    String id =
        tenant.equals("common") || tenant.equals("organizations")
            ? "{tenantid}"
            : settings.tenantId();
    String base = host + "/" + tenant + "/oauth2" + (v2 ? "/v2.0" : "");
    String body =
        "{\"token_endpoint\":\""
            + base
            + "/token\",\"token_endpoint_auth_methods_supported\":"
            + "[\"client_secret_post\",\"private_key_jwt\",\"client_secret_basic\"],\"jwks_uri\":\""
            + host
            + "/"
            + tenant
            + "/discovery"
            + (v2 ? "/v2.0" : "")
            + "/keys\",\"response_modes_supported\":[\"query\",\"fragment\","
            + "\"form_post\"],\"subject_types_supported\":[\"pairwise\"],\"id_token_signing_alg_values_supported\":"
            + "[\"RS256\"],\"response_types_supported\":[\"code\",\"id_token\",\"code id_token\",\"id_token token\"],"
            + "\"scopes_supported\":[\"openid\",\"profile\",\"email\",\"offline_access\"],\"issuer\":\""
            + (v2 ? host + "/" + id + "/v2.0" : "https://sts.windows.net/" + id + "/")
            + "\",\"request_uri_parameter_supported\":false,"
            + "\"authorization_endpoint\":\""
            + base
            + "/authorize\",\"device_authorization_endpoint\":\""
            + base
            + "/devicecode\",\"http_logout_supported\":true,\"frontchannel_logout_supported\":true,"
            + "\"end_session_endpoint\":\""
            + base
            + "/logout\",\"claims_supported\":[\"sub\",\"iss\",\"aud\",\"exp\","
            + "\"iat\",\"tid\"],\"tenant_region_scope\":\"NA\",\"cloud_instance_name\":\"microsoftonline.com\","
            + "\"cloud_graph_host_name\":\"graph.windows.net\",\"msgraph_host\":\"graph.microsoft.com\"}";
    return new MockResponse.Builder()
        .code(200)
        .setHeader("Content-Type", "application/json; charset=utf-8")
        .body(body)
        .build();
  }

  private MockResponse instanceDiscovery(RecordedRequest request) {
    String host = host(request);
    String authority = host.replaceFirst("^https?://", "");
    String body =
        "{\"tenant_discovery_endpoint\":\""
            + host
            + "/"
            + settings.tenantId()
            + "/v2.0/.well-known/openid-configuration\",\"api-version\":\"1.1\",\"metadata\":[{\"preferred_network\":\""
            + authority
            + "\",\"preferred_cache\":\""
            + authority
            + "\",\"aliases\":[\""
            + authority
            + "\"]}]}";
    return new MockResponse.Builder()
        .code(200)
        .setHeader("Content-Type", "application/json; charset=utf-8")
        .body(body)
        .build();
  }

  /** The scheme, host and port the client addressed. */
  private String host(RecordedRequest request) {
    okhttp3.HttpUrl url = request.getUrl();
    return url.scheme() + "://" + url.host() + ":" + url.port();
  }

  private MockResponse authenticateClient(
      Map<String, String> form, String clientId, String tenant, RecordedRequest request) {
    String assertion = form.get("client_assertion");
    if (assertion != null) {
      if (!"urn:ietf:params:oauth:client-assertion-type:jwt-bearer"
          .equals(form.get("client_assertion_type"))) {
        return error(
            400,
            "invalid_request",
            50027,
            "AADSTS50027: JWT token is invalid or malformed "
                + "(client_assertion_type must be urn:ietf:params:oauth:client-assertion-type:jwt-bearer).");
      }
      String problem = checkAssertion(assertion, clientId, tenant);
      return problem == null
          ? null
          : error(
              settings.clientAuthFailureStatus(),
              "invalid_client",
              700027,
              "AADSTS700027: Client assertion failed signature validation. " + problem);
    }
    String secret = form.get("client_secret");
    if (secret == null) {
      return error(
          settings.clientAuthFailureStatus(),
          "invalid_client",
          7000218,
          "AADSTS7000218: The request body "
              + "must contain the following parameter: 'client_assertion' or 'client_secret'.");
    }
    if (settings.clientSecret() == null || !constantTimeEquals(secret, settings.clientSecret())) {
      return error(
          settings.clientAuthFailureStatus(),
          "invalid_client",
          7000215,
          "AADSTS7000215: Invalid client secret "
              + "provided. Ensure the secret being sent in the request is the client secret value, not the client secret "
              + "ID, for a secret added to app '"
              + clientId
              + "'.");
    }
    if (settings.secretExpired()) {
      return error(
          settings.clientAuthFailureStatus(),
          "invalid_client",
          7000222,
          "AADSTS7000222: The provided client "
              + "secret keys for app '"
              + clientId
              + "' are expired. Visit the Azure portal to create new keys for your app.");
    }
    return null;
  }

  /**
   * Null when the assertion is a valid RS256/PS256 JWT from {@code clientId} for this tenant's
   * token endpoint.
   */
  private String checkAssertion(String jwt, String clientId, String tenant) {
    PublicKey key = settings.certificateKey();
    if (key == null) return "No certificate is registered for the application.";
    String[] parts = jwt.split("\\.", -1);
    if (parts.length != 3) return "The assertion is not a JWT.";
    String header;
    String payload;
    byte[] signature;
    try {
      header = new String(Base64.getUrlDecoder().decode(parts[0]), StandardCharsets.UTF_8);
      payload = new String(Base64.getUrlDecoder().decode(parts[1]), StandardCharsets.UTF_8);
      signature = Base64.getUrlDecoder().decode(parts[2]);
    } catch (IllegalArgumentException e) {
      return "The assertion is not base64url.";
    }
    Map<String, String> h = stringFields(header);
    String alg = h.get("alg");
    if (!"RS256".equals(alg) && !"PS256".equals(alg)) return "Unsupported alg '" + alg + "'.";
    if (h.get("x5t") == null && h.get("x5t#S256") == null)
      return "The assertion's header has no x5t thumbprint.";
    try {
      Signature verifier;
      if (alg.equals("RS256")) {
        verifier = Signature.getInstance("SHA256withRSA");
      } else {
        verifier = Signature.getInstance("RSASSA-PSS");
        verifier.setParameter(
            new java.security.spec.PSSParameterSpec(
                "SHA-256", "MGF1", java.security.spec.MGF1ParameterSpec.SHA256, 32, 1));
      }
      verifier.initVerify(key);
      verifier.update((parts[0] + "." + parts[1]).getBytes(StandardCharsets.US_ASCII));
      if (!verifier.verify(signature))
        return "Key was found, but use of the key to verify the signature failed.";
    } catch (java.security.GeneralSecurityException e) {
      return "The signature could not be checked: " + e.getMessage();
    }
    Map<String, String> p = stringFields(payload);
    Map<String, Long> n = numberFields(payload);
    if (!clientId.equalsIgnoreCase(p.get("iss")) || !clientId.equalsIgnoreCase(p.get("sub"))) {
      return "The assertion's iss and sub must both be the client id.";
    }
    String aud = p.get("aud");
    if (aud == null
        || !(aud.endsWith("/" + tenant + "/oauth2/v2.0/token")
            || aud.endsWith("/" + tenant + "/oauth2/token")
            || aud.endsWith("/" + tenant + "/v2.0"))) {
      return "The assertion's audience '" + aud + "' is not this tenant's token endpoint.";
    }
    Long exp = n.get("exp");
    long now = clock.instant().getEpochSecond();
    if (exp == null || exp <= now) return "The assertion is expired.";
    Long nbf = n.get("nbf");
    if (nbf != null && nbf > now + 300) return "The assertion is not valid yet.";
    return null;
  }

  private MockResponse issue(String clientId, boolean v1) {
    Instant now = clock.instant();
    long lifetime = settings.tokenLifetime().toSeconds();
    String token = accessToken(clientId, now, lifetime);
    Instant expires = now.plusSeconds(lifetime);
    sessions.put(token, new Session(token, settings.tenantId(), clientId, expires));
    String body;
    if (v1) {
      body =
          "{\"token_type\":\"Bearer\",\"expires_in\":\""
              + lifetime
              + "\",\"ext_expires_in\":\""
              + lifetime
              + "\",\"expires_on\":\""
              + expires.getEpochSecond()
              + "\",\"not_before\":\""
              + now.getEpochSecond()
              + "\",\"resource\":\""
              + WebErrors.escape(environment.get())
              + "\",\"access_token\":\""
              + token
              + "\"}";
    } else {
      body =
          "{\"token_type\":\"Bearer\",\"expires_in\":"
              + lifetime
              + (settings.extExpiresIn() ? ",\"ext_expires_in\":" + lifetime : "")
              + ",\"access_token\":\""
              + token
              + "\"}";
    }
    return new MockResponse.Builder()
        .code(200)
        .setHeader("Content-Type", "application/json; charset=utf-8")
        .setHeader("Cache-Control", "no-store, no-cache")
        .body(body)
        .build();
  }

  private String accessToken(String clientId, Instant now, long lifetime) {
    Base64.Encoder b64 = Base64.getUrlEncoder().withoutPadding();
    String header =
        b64.encodeToString(
            "{\"typ\":\"JWT\",\"alg\":\"RS256\",\"x5t\":\"sim\",\"kid\":\"sim\"}"
                .getBytes(StandardCharsets.UTF_8));
    String payload =
        b64.encodeToString(
            ("{\"aud\":\""
                    + WebErrors.escape(environment.get())
                    + "\",\"iss\":\"https://sts.windows.net/"
                    + settings.tenantId()
                    + "/\",\"iat\":"
                    + now.getEpochSecond()
                    + ",\"nbf\":"
                    + now.getEpochSecond()
                    + ",\"exp\":"
                    + (now.getEpochSecond() + lifetime)
                    + ",\"appid\":\""
                    + clientId
                    + "\",\"oid\":\""
                    + settings.applicationUserId()
                    + "\",\"tid\":\""
                    + settings.tenantId()
                    + "\",\"ver\":\"1.0\",\"jti\":\""
                    + UUID.randomUUID()
                    + "\"}")
                .getBytes(StandardCharsets.UTF_8));
    byte[] sig = new byte[64];
    random.nextBytes(sig);
    return header + "." + payload + "." + b64.encodeToString(sig);
  }

  private MockResponse error(int status, String error, long code, String description) {
    Instant now = clock.instant();
    String trace = UUID.randomUUID().toString();
    String correlation = UUID.randomUUID().toString();
    String full =
        description
            + "\r\nTrace ID: "
            + trace
            + "\r\nCorrelation ID: "
            + correlation
            + "\r\nTimestamp: "
            + AAD_TIME.format(now);
    String body =
        "{\"error\":\""
            + error
            + "\",\"error_description\":\""
            + WebErrors.escape(full)
            + "\",\"error_codes\":["
            + code
            + "],\"timestamp\":\""
            + AAD_TIME.format(now)
            + "\",\"trace_id\":\""
            + trace
            + "\",\"correlation_id\":\""
            + correlation
            + "\",\"error_uri\":\"https://login.microsoftonline.com/error?code="
            + code
            + "\"}";
    return new MockResponse.Builder()
        .code(status)
        .setHeader("Content-Type", "application/json; charset=utf-8")
        .setHeader("Cache-Control", "no-store, no-cache")
        .body(body)
        .build();
  }

  /**
   * The resource of a v2 scope {@code <resource>/.default}; null if the scope is not one resource's
   * .default.
   */
  static String scopeResource(String scope) {
    if (scope == null) return null;
    String s = scope.trim();
    if (s.contains(" ") || !s.endsWith("/.default")) return null;
    return s.substring(0, s.length() - "/.default".length());
  }

  static boolean sameResource(String resource, String environmentUrl) {
    return strip(resource).equalsIgnoreCase(strip(environmentUrl));
  }

  private static String strip(String url) {
    String u = url.trim();
    while (u.endsWith("/")) u = u.substring(0, u.length() - 1);
    return u;
  }

  static Map<String, String> parseForm(String body) {
    Map<String, String> form = new LinkedHashMap<>();
    for (String pair : body.split("&")) {
      if (pair.isEmpty()) continue;
      int eq = pair.indexOf('=');
      String name = decode(eq < 0 ? pair : pair.substring(0, eq));
      String value = eq < 0 ? "" : decode(pair.substring(eq + 1));
      form.put(name, value);
    }
    return form;
  }

  private static String decode(String s) {
    return URLDecoder.decode(s, StandardCharsets.UTF_8);
  }

  private static Map<String, String> stringFields(String json) {
    Map<String, String> m = new LinkedHashMap<>();
    Matcher matcher = JSON_STRING_FIELD.matcher(json);
    while (matcher.find()) m.put(matcher.group(1), matcher.group(2).replace("\\/", "/"));
    return m;
  }

  private static Map<String, Long> numberFields(String json) {
    Map<String, Long> m = new LinkedHashMap<>();
    Matcher matcher = JSON_NUMBER_FIELD.matcher(json);
    while (matcher.find()) m.put(matcher.group(1), Long.parseLong(matcher.group(2)));
    return m;
  }

  private static boolean constantTimeEquals(String a, String b) {
    return java.security.MessageDigest.isEqual(
        a.getBytes(StandardCharsets.UTF_8), b.getBytes(StandardCharsets.UTF_8));
  }
}
