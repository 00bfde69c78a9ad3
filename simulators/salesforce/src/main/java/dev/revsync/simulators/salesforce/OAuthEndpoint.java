package dev.revsync.simulators.salesforce;

import dev.revsync.simulators.salesforce.SfConfig.SfUser;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.Signature;
import java.time.Instant;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;
import mockwebserver3.MockResponse;

/**
 * The OAuth 2.0 token endpoint ({@code POST /services/oauth2/token}) with the refresh-token,
 * client-credentials, JWT-bearer (RS256, checked against the configured public key) and password
 * grants and Salesforce's error bodies ({@code {"error":…,"error_description":…}}); plus the
 * identity URL ({@code /id/<org>/<user>}), {@code userinfo} and {@code revoke}. Thread-safe.
 */
final class OAuthEndpoint {
  static final String JWT_GRANT = "urn:ietf:params:oauth:grant-type:jwt-bearer";

  private final SfConfig config;
  private final Sessions sessions;
  private final String orgId;
  private final String baseUrl;

  OAuthEndpoint(SfConfig config, Sessions sessions, String orgId, String baseUrl) {
    this.config = config;
    this.sessions = sessions;
    this.orgId = orgId;
    this.baseUrl = baseUrl;
  }

  private static MockResponse.Builder oauthError(String error, String description) {
    return SfHttp.json(
        400,
        w ->
            w.beginObject()
                .name("error")
                .value(error)
                .name("error_description")
                .value(description)
                .endObject());
  }

  MockResponse.Builder token(SfHttp.Request req) {
    if (!req.method.equals("POST")) return SfHttp.methodNotAllowed(req.method, "POST");
    Map<String, String> form = req.form();
    String grant = form.get("grant_type");
    if (grant == null || grant.isBlank())
      return oauthError("unsupported_grant_type", "grant type not supported");
    String[] basic = basicCredentials(req.header("Authorization"));
    String clientId = basic != null ? basic[0] : form.get("client_id");
    String clientSecret = basic != null ? basic[1] : form.get("client_secret");
    switch (grant) {
      case "refresh_token":
        return refresh(form.get("refresh_token"), clientId, clientSecret);
      case "client_credentials":
        return clientCredentials(clientId, clientSecret);
      case JWT_GRANT:
        return jwt(form.get("assertion"));
      case "password":
        return password(clientId, clientSecret, form.get("username"), form.get("password"));
      default:
        return oauthError("unsupported_grant_type", "grant type not supported");
    }
  }

  private static String[] basicCredentials(String header) {
    if (header == null || !header.regionMatches(true, 0, "Basic ", 0, 6)) return null;
    try {
      String decoded =
          new String(
              Base64.getDecoder().decode(header.substring(6).trim()), StandardCharsets.UTF_8);
      int colon = decoded.indexOf(':');
      return colon < 0
          ? null
          : new String[] {decoded.substring(0, colon), decoded.substring(colon + 1)};
    } catch (IllegalArgumentException e) {
      return null;
    }
  }

  /** Null when the client is known and its secret (if {@code secretRequired} or given) matches. */
  private MockResponse.Builder checkClient(
      String clientId, String clientSecret, boolean secretRequired) {
    if (clientId == null || !config.clients().containsKey(clientId)) {
      return oauthError("invalid_client_id", "client identifier invalid");
    }
    if ((secretRequired || clientSecret != null)
        && !config.clients().get(clientId).equals(clientSecret)) {
      return oauthError("invalid_client", "invalid client credentials");
    }
    return null;
  }

  private MockResponse.Builder refresh(String refreshToken, String clientId, String clientSecret) {
    MockResponse.Builder bad =
        checkClient(clientId, clientSecret, config.requireClientSecretForRefresh());
    if (bad != null) return bad;
    if (refreshToken == null || refreshToken.isBlank())
      return oauthError("invalid_request", "refresh_token required");
    Sessions.Grant grant = sessions.grant(refreshToken);
    if (grant == null) return oauthError("invalid_grant", "expired access/refresh token");
    SfUser user = config.user(grant.username());
    if (user == null) return oauthError("invalid_grant", "expired access/refresh token");
    if (!user.active()) return oauthError("inactive_user", "user is inactive");
    String issuedRefresh = refreshToken;
    String newRefresh = null;
    if (config.rotateRefreshTokens()) {
      newRefresh = sessions.newRefreshToken();
      sessions.revokeRefreshToken(refreshToken);
      sessions.addRefreshToken(newRefresh, new Sessions.Grant(grant.username(), clientId));
      issuedRefresh = newRefresh;
    }
    Sessions.Session s = sessions.issue(user, clientId, issuedRefresh);
    return success(s, newRefresh, config.clients().get(clientId), true);
  }

  private MockResponse.Builder clientCredentials(String clientId, String clientSecret) {
    MockResponse.Builder bad = checkClient(clientId, clientSecret, true);
    if (bad != null) return bad;
    SfUser user = config.user(config.clientCredentialsUser());
    if (user == null) return oauthError("invalid_grant", "no client credentials user enabled");
    if (!user.active()) return oauthError("inactive_user", "user is inactive");
    return success(
        sessions.issue(user, clientId, null), null, config.clients().get(clientId), true);
  }

  private MockResponse.Builder password(
      String clientId, String clientSecret, String username, String password) {
    MockResponse.Builder bad = checkClient(clientId, clientSecret, true);
    if (bad != null) return bad;
    SfUser user = config.user(username);
    if (user == null
        || password == null
        || !password.equals(user.password() + user.securityToken())) {
      return oauthError("invalid_grant", "authentication failure");
    }
    if (!user.active()) return oauthError("inactive_user", "user is inactive");
    return success(
        sessions.issue(user, clientId, null), null, config.clients().get(clientId), true);
  }

  @SuppressWarnings("unchecked")
  private MockResponse.Builder jwt(String assertion) {
    if (assertion == null || assertion.isBlank())
      return oauthError("invalid_request", "assertion required");
    String[] parts = assertion.split("\\.", -1);
    if (parts.length != 3) return oauthError("invalid_grant", "invalid assertion");
    Map<String, Object> header;
    Map<String, Object> claims;
    byte[] signature;
    try {
      header =
          (Map<String, Object>)
              SfHttp.JSON_VALUE.fromJson(new String(b64url(parts[0]), StandardCharsets.UTF_8));
      claims =
          (Map<String, Object>)
              SfHttp.JSON_VALUE.fromJson(new String(b64url(parts[1]), StandardCharsets.UTF_8));
      signature = b64url(parts[2]);
    } catch (IOException | RuntimeException e) {
      return oauthError("invalid_grant", "invalid assertion");
    }
    if (header == null || claims == null || !"RS256".equals(header.get("alg"))) {
      return oauthError("invalid_grant", "invalid assertion");
    }
    Object iss = claims.get("iss");
    if (!(iss instanceof String clientId) || !config.clients().containsKey(clientId)) {
      return oauthError("invalid_client_id", "client identifier invalid");
    }
    if (config.jwtPublicKey() == null || !verifies(parts[0] + "." + parts[1], signature)) {
      return oauthError("invalid_grant", "invalid assertion");
    }
    Object aud = claims.get("aud");
    boolean audienceOk =
        aud instanceof String a
            ? audienceAccepted(a)
            : aud instanceof List<?> l
                && l.stream().anyMatch(x -> x instanceof String s && audienceAccepted(s));
    if (!audienceOk) return oauthError("invalid_grant", "audience is invalid");
    Object exp = claims.get("exp");
    Instant now = config.clock().instant();
    if (!(exp instanceof Number n)
        || Instant.ofEpochSecond(n.longValue()).plus(config.jwtClockSkew()).isBefore(now)) {
      return oauthError("invalid_grant", "invalid assertion");
    }
    SfUser user = config.user(claims.get("sub") instanceof String s ? s : null);
    if (user == null) return oauthError("invalid_grant", "user hasn't approved this consumer");
    if (!user.active()) return oauthError("inactive_user", "user is inactive");
    return success(sessions.issue(user, clientId, null), null, null, false);
  }

  private boolean audienceAccepted(String aud) {
    String a = aud.endsWith("/") ? aud.substring(0, aud.length() - 1) : aud;
    return config.jwtAudiences().contains(a) || a.equals(baseUrl);
  }

  private boolean verifies(String signed, byte[] signature) {
    try {
      Signature v = Signature.getInstance("SHA256withRSA");
      v.initVerify(config.jwtPublicKey());
      v.update(signed.getBytes(StandardCharsets.US_ASCII));
      return v.verify(signature);
    } catch (GeneralSecurityException e) {
      return false;
    }
  }

  private static byte[] b64url(String s) {
    return Base64.getUrlDecoder().decode(s.replace('+', '-').replace('/', '_').replace("=", ""));
  }

  private MockResponse.Builder success(
      Sessions.Session s, String refreshToken, String clientSecret, boolean signed) {
    String id = identityUrl(s.user);
    String issuedAt = Long.toString(s.issuedAt.toEpochMilli());
    return SfHttp.json(
        200,
        w -> {
          w.beginObject();
          w.name("access_token").value(s.token);
          if (refreshToken != null) w.name("refresh_token").value(refreshToken);
          if (signed) w.name("signature").value(signature(id + issuedAt, clientSecret));
          w.name("scope")
              .value(refreshToken != null || s.refreshToken != null ? "refresh_token api" : "api");
          w.name("instance_url").value(baseUrl);
          w.name("id").value(id);
          w.name("token_type").value("Bearer");
          if (signed) w.name("issued_at").value(issuedAt);
          w.endObject();
        });
  }

  private static String signature(String data, String secret) {
    try {
      Mac mac = Mac.getInstance("HmacSHA256");
      mac.init(
          new SecretKeySpec(
              (secret == null ? "" : secret).getBytes(StandardCharsets.UTF_8), "HmacSHA256"));
      return Base64.getEncoder().encodeToString(mac.doFinal(data.getBytes(StandardCharsets.UTF_8)));
    } catch (GeneralSecurityException e) {
      throw new IllegalStateException(e);
    }
  }

  String identityUrl(SfUser user) {
    return baseUrl + "/id/" + orgId + "/" + user.id();
  }

  /**
   * {@code GET /id/<org>/<user>}: the identity of the token's user; 403 {@code Bad_OAuth_Token}
   * otherwise.
   */
  MockResponse.Builder identity(SfHttp.Request req) {
    Sessions.Session s =
        sessions.use(req.bearer() != null ? req.bearer() : req.query("oauth_token"));
    if (s == null) return badToken();
    List<String> seg = req.segments;
    if (seg.size() >= 3
        && (!orgId.equals(SfIds.normalize(seg.get(1))) || !seg.get(2).equals(s.user.id()))) {
      return new MockResponse.Builder()
          .code(403)
          .setHeader("Content-Type", "text/plain")
          .body("Bad_Id");
    }
    SfUser u = s.user;
    String v = "{version}";
    return SfHttp.json(
        200,
        w -> {
          w.beginObject();
          w.name("id").value(identityUrl(u));
          w.name("asserted_user").value(true);
          w.name("user_id").value(u.id());
          w.name("organization_id").value(orgId);
          w.name("username").value(u.username());
          w.name("nick_name").value(u.username().split("@")[0]);
          w.name("display_name").value(u.fullName());
          w.name("email").value(u.username());
          w.name("email_verified").value(true);
          w.name("first_name").value(u.firstName());
          w.name("last_name").value(u.lastName());
          w.name("timezone").value("GMT");
          w.name("photos")
              .beginObject()
              .name("picture")
              .value(baseUrl + "/profilephoto/005/F")
              .name("thumbnail")
              .value(baseUrl + "/profilephoto/005/T")
              .endObject();
          w.name("status")
              .beginObject()
              .name("created_date")
              .nullValue()
              .name("body")
              .nullValue()
              .endObject();
          w.name("urls")
              .beginObject()
              .name("enterprise")
              .value(baseUrl + "/services/Soap/c/" + v + "/" + orgId.substring(0, 15))
              .name("metadata")
              .value(baseUrl + "/services/Soap/m/" + v + "/" + orgId.substring(0, 15))
              .name("partner")
              .value(baseUrl + "/services/Soap/u/" + v + "/" + orgId.substring(0, 15))
              .name("rest")
              .value(baseUrl + "/services/data/v" + v + "/")
              .name("sobjects")
              .value(baseUrl + "/services/data/v" + v + "/sobjects/")
              .name("search")
              .value(baseUrl + "/services/data/v" + v + "/search/")
              .name("query")
              .value(baseUrl + "/services/data/v" + v + "/query/")
              .name("recent")
              .value(baseUrl + "/services/data/v" + v + "/recent/")
              .name("profile")
              .value(baseUrl + "/" + u.id())
              .name("custom_domain")
              .value(baseUrl)
              .endObject();
          w.name("active").value(u.active());
          w.name("user_type").value("STANDARD");
          w.name("language").value("en_US");
          w.name("locale").value("en_US");
          w.name("utcOffset").value(0);
          w.name("last_modified_date").value(SfValues.dateTime(s.issuedAt));
          w.name("is_app_installed").value(true);
          w.endObject();
        });
  }

  /** {@code /services/oauth2/userinfo} (OpenID Connect). */
  MockResponse.Builder userinfo(SfHttp.Request req) {
    Sessions.Session s = sessions.use(req.bearer());
    if (s == null) return badToken();
    SfUser u = s.user;
    return SfHttp.json(
        200,
        w ->
            w.beginObject()
                .name("sub")
                .value(identityUrl(u))
                .name("user_id")
                .value(u.id())
                .name("organization_id")
                .value(orgId)
                .name("preferred_username")
                .value(u.username())
                .name("name")
                .value(u.fullName())
                .name("email")
                .value(u.username())
                .name("active")
                .value(u.active())
                .endObject());
  }

  /** {@code POST /services/oauth2/revoke token=…}. */
  MockResponse.Builder revoke(SfHttp.Request req) {
    String token = req.form().get("token");
    if (token == null || (sessions.grant(token) == null && sessions.use(token) == null)) {
      return oauthError("unsupported_token_type", "this token type is not supported");
    }
    sessions.revoke(token);
    return new MockResponse.Builder().code(200).setHeader("Content-Length", 0);
  }

  private static MockResponse.Builder badToken() {
    return new MockResponse.Builder()
        .code(403)
        .setHeader("Content-Type", "text/plain;charset=UTF-8")
        .body("Bad_OAuth_Token");
  }
}
