package dev.revsync.simulators.pardot;

import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.util.Base64;
import java.util.HashMap;
import java.util.Map;
import java.util.Random;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import mockwebserver3.MockResponse;
import mockwebserver3.RecordedRequest;

/**
 * The Salesforce token endpoint Account Engagement relies on ({@code POST /services/oauth2/token},
 * §2 of the notes): refresh-token, client-credentials and JWT-bearer grants, answering {@code
 * access_token}, {@code instance_url}, {@code id}, {@code token_type}, {@code issued_at}, {@code
 * signature} and {@code scope} — no {@code expires_in}. Errors are OAuth bodies ({@code
 * invalid_client}, {@code invalid_grant}, {@code unsupported_grant_type}). The JWT assertion's
 * issuer and subject are checked, its signature is not (the simulator holds no certificate).
 * Thread-safe.
 */
final class OAuthTokens {
  private final String clientId;
  private final String clientSecret;
  private final String username;
  private final String orgId;
  private final String userId;
  private final Set<String> refreshTokens = ConcurrentHashMap.newKeySet();
  private final Set<String> accessTokens = ConcurrentHashMap.newKeySet();
  private final Random random;
  private final Clock clock;
  private volatile String instanceUrl;

  OAuthTokens(long seed, Clock clock) {
    this.random = new Random(seed ^ 0x5eedL);
    this.clock = clock;
    this.clientId = "3MVG9pardot" + alnum(40);
    this.clientSecret = alnum(64);
    this.username = "integration@pardot-sim.example";
    this.orgId = "00D5e00000" + alnum(8);
    this.userId = "0055e00000" + alnum(8);
    refreshTokens.add("5Aep861" + alnum(80));
  }

  void instanceUrl(String url) {
    this.instanceUrl = url;
  }

  String clientId() {
    return clientId;
  }

  String clientSecret() {
    return clientSecret;
  }

  String username() {
    return username;
  }

  String refreshToken() {
    return refreshTokens.iterator().next();
  }

  boolean valid(String accessToken) {
    return accessTokens.contains(accessToken);
  }

  /** Ends every access token issued so far: their next call answers 184. */
  void expireAll() {
    accessTokens.clear();
  }

  MockResponse token(RecordedRequest request) {
    if (!request.getMethod().equals("POST"))
      return oauthError(405, "invalid_request", "must use HTTP POST");
    Map<String, String> form =
        form(request.getBody() == null ? "" : request.getBody().string(StandardCharsets.UTF_8));
    String grant = form.getOrDefault("grant_type", "");
    switch (grant) {
      case "refresh_token" -> {
        if (!clientId.equals(form.get("client_id")))
          return oauthError(400, "invalid_client_id", "client identifier invalid");
        if (form.containsKey("client_secret") && !clientSecret.equals(form.get("client_secret"))) {
          return oauthError(400, "invalid_client", "invalid client credentials");
        }
        if (!refreshTokens.contains(form.getOrDefault("refresh_token", ""))) {
          return oauthError(400, "invalid_grant", "expired access/refresh token");
        }
      }
      case "client_credentials" -> {
        if (!clientId.equals(form.get("client_id"))
            || !clientSecret.equals(form.get("client_secret"))) {
          return oauthError(400, "invalid_client", "invalid client credentials");
        }
      }
      case "urn:ietf:params:oauth:grant-type:jwt-bearer" -> {
        Map<String, Object> claims = claims(form.get("assertion"));
        if (claims == null || !clientId.equals(claims.get("iss")))
          return oauthError(400, "invalid_client_id", "client identifier invalid");
        if (!username.equals(claims.get("sub")))
          return oauthError(400, "invalid_grant", "user hasn't approved this consumer");
      }
      default -> {
        return oauthError(400, "unsupported_grant_type", "grant type not supported");
      }
    }
    String access = orgId + "!AQ" + alnum(100);
    accessTokens.add(access);
    String body =
        "{\"access_token\":"
            + PardotJson.quote(access)
            + ",\"instance_url\":"
            + PardotJson.quote(instanceUrl)
            + ",\"id\":"
            + PardotJson.quote(instanceUrl + "/id/" + orgId + "/" + userId)
            + ",\"token_type\":\"Bearer\",\"issued_at\":\""
            + clock.millis()
            + "\""
            + ",\"signature\":"
            + PardotJson.quote(alnum(43) + "=")
            + ",\"scope\":\"pardot_api refresh_token\"}";
    return PardotJson.json(200, body);
  }

  private static MockResponse oauthError(int status, String error, String description) {
    return PardotJson.json(
        status,
        "{\"error\":"
            + PardotJson.quote(error)
            + ",\"error_description\":"
            + PardotJson.quote(description)
            + "}");
  }

  private static Map<String, Object> claims(String assertion) {
    if (assertion == null) return null;
    String[] parts = assertion.split("\\.");
    if (parts.length != 3) return null;
    try {
      return PardotJson.object(
          new String(Base64.getUrlDecoder().decode(parts[1]), StandardCharsets.UTF_8));
    } catch (IllegalArgumentException e) {
      return null;
    }
  }

  private static Map<String, String> form(String body) {
    Map<String, String> form = new HashMap<>();
    for (String pair : body.split("&")) {
      if (pair.isEmpty()) continue;
      int eq = pair.indexOf('=');
      String name =
          URLDecoder.decode(eq < 0 ? pair : pair.substring(0, eq), StandardCharsets.UTF_8);
      String value =
          eq < 0 ? "" : URLDecoder.decode(pair.substring(eq + 1), StandardCharsets.UTF_8);
      form.put(name, value);
    }
    return form;
  }

  private synchronized String alnum(int n) {
    String chars = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789";
    StringBuilder b = new StringBuilder(n);
    for (int i = 0; i < n; i++) b.append(chars.charAt(random.nextInt(chars.length())));
    return b.toString();
  }
}
