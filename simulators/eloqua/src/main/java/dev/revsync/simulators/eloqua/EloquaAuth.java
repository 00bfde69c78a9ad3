package dev.revsync.simulators.eloqua;

import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Base64;
import java.util.HashMap;
import java.util.Iterator;
import java.util.Map;
import java.util.Random;

/**
 * Eloqua's credentials: HTTP Basic with {@code Company\User:password}, and OAuth 2 tokens from
 * {@code /auth/oauth2/token} (client authenticated with HTTP Basic {@code client_id:client_secret};
 * grants {@code refresh_token}, {@code password}, {@code authorization_code}). Refresh tokens
 * rotate: each refresh issues a new one and the used one stops working. Thread-safe.
 */
final class EloquaAuth {
  /** Who a request authenticated as; {@code token} is null for Basic. */
  record Principal(String user, String token) {}

  /** A token endpoint answer: status and JSON body. */
  record TokenReply(int status, Map<String, Object> body) {}

  private final EloquaOptions options;
  private final Clock clock;
  private final Random random;
  private final Map<String, Instant> accessTokens = new HashMap<>();
  private final Map<String, Instant> refreshTokens = new HashMap<>();
  private String latestRefreshToken;
  private boolean codeUsed;

  EloquaAuth(EloquaOptions options) {
    this.options = options;
    this.clock = options.clock;
    this.random = new Random(options.seed ^ 0x5EED_0A17L);
    String initial = options.refreshToken != null ? options.refreshToken : newToken("rt");
    refreshTokens.put(initial, clock.instant().plus(options.refreshTokenLifetime));
    latestRefreshToken = initial;
  }

  /** The refresh token that currently works (it changes after every refresh). */
  synchronized String currentRefreshToken() {
    return latestRefreshToken;
  }

  /** {@code Company\User}, as Eloqua names the user in {@code createdBy}. */
  String userName() {
    return options.company + "\\" + options.username;
  }

  /**
   * The principal of an {@code Authorization} header, or null if it is missing, wrong or expired.
   */
  synchronized Principal authenticate(String authorization) {
    if (authorization == null) return null;
    if (startsWithIgnoreCase(authorization, "Basic ")) {
      String decoded = decode(authorization.substring(6).trim());
      return decoded != null && basicMatches(decoded)
          ? new Principal(options.username, null)
          : null;
    }
    if (startsWithIgnoreCase(authorization, "Bearer ")) {
      String token = authorization.substring(7).trim();
      Instant expires = accessTokens.get(token);
      if (expires == null || !clock.instant().isBefore(expires)) return null;
      return new Principal(options.username, token);
    }
    return null;
  }

  /** Answers {@code POST /auth/oauth2/token}. */
  synchronized TokenReply token(String clientAuthorization, Map<String, String> params) {
    String client =
        clientAuthorization != null && startsWithIgnoreCase(clientAuthorization, "Basic ")
            ? decode(clientAuthorization.substring(6).trim())
            : null;
    if (client == null || !client.equals(options.clientId + ":" + options.clientSecret)) {
      return new TokenReply(
          401,
          error(
              "invalid_client",
              "Client authentication failed: send HTTP Basic client_id:client_secret."));
    }
    String scope = params.get("scope");
    if (scope != null && !scope.equals("full")) {
      return new TokenReply(400, error("invalid_scope", "The only scope is 'full'."));
    }
    String grant = params.getOrDefault("grant_type", "");
    switch (grant) {
      case "refresh_token" -> {
        String used = params.get("refresh_token");
        Instant expires = used == null ? null : refreshTokens.remove(used);
        if (expires == null || !clock.instant().isBefore(expires)) {
          return new TokenReply(
              400,
              error("invalid_grant", "The refresh token is invalid, expired or already used."));
        }
        if (options.revokeAccessTokenOnRefresh) accessTokens.clear();
        return new TokenReply(200, issue());
      }
      case "password" -> {
        String user = params.get("username");
        String password = params.get("password");
        if (user == null || password == null || !basicMatches(user + ":" + password)) {
          return new TokenReply(
              400, error("invalid_grant", "The username or password is incorrect."));
        }
        return new TokenReply(200, issue());
      }
      case "authorization_code" -> {
        String code = params.get("code");
        if (options.authorizationCode == null
            || codeUsed
            || !options.authorizationCode.equals(code)) {
          return new TokenReply(
              400, error("invalid_grant", "The authorization code is invalid or already used."));
        }
        codeUsed = true;
        return new TokenReply(200, issue());
      }
      default -> {
        return new TokenReply(
            400, error("unsupported_grant_type", "Unsupported grant_type '" + grant + "'."));
      }
    }
  }

  private Map<String, Object> issue() {
    Instant now = clock.instant();
    expire(now);
    String access = newToken("at");
    String refresh = newToken("rt");
    accessTokens.put(access, now.plus(options.accessTokenLifetime));
    refreshTokens.put(refresh, now.plus(options.refreshTokenLifetime));
    latestRefreshToken = refresh;
    return Json.obj(
        "access_token",
        access,
        "token_type",
        "bearer",
        "expires_in",
        options.accessTokenLifetime.toSeconds(),
        "refresh_token",
        refresh);
  }

  private void expire(Instant now) {
    for (Iterator<Instant> it = accessTokens.values().iterator(); it.hasNext(); ) {
      if (!now.isBefore(it.next())) it.remove();
    }
  }

  /** Company and user names are case-insensitive; the password is not. */
  private boolean basicMatches(String decoded) {
    int colon = decoded.indexOf(':');
    int slash = decoded.indexOf('\\');
    if (colon < 0 || slash < 0 || slash > colon) return false;
    String company = decoded.substring(0, slash);
    String user = decoded.substring(slash + 1, colon);
    String password = decoded.substring(colon + 1);
    return company.equalsIgnoreCase(options.company)
        && user.equalsIgnoreCase(options.username)
        && password.equals(options.password);
  }

  private String newToken(String kind) {
    byte[] bytes = new byte[24];
    random.nextBytes(bytes);
    return kind + "." + Base64.getUrlEncoder().withoutPadding().encodeToString(bytes);
  }

  Duration accessTokenLifetime() {
    return options.accessTokenLifetime;
  }

  private static Map<String, Object> error(String code, String description) {
    return Json.obj("error", code, "error_description", description);
  }

  private static String decode(String base64) {
    try {
      return new String(Base64.getDecoder().decode(base64), StandardCharsets.UTF_8);
    } catch (IllegalArgumentException e) {
      return null;
    }
  }

  private static boolean startsWithIgnoreCase(String s, String prefix) {
    return s.regionMatches(true, 0, prefix, 0, prefix.length());
  }

  @Override
  public String toString() {
    return "EloquaAuth{" + userName() + "}";
  }
}
