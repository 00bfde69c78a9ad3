package dev.revsync.simulators.salesforce;

import dev.revsync.simulators.salesforce.SfConfig.SfUser;
import java.time.Clock;
import java.time.Instant;
import java.util.Map;
import java.util.Random;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Access tokens (session ids) and refresh tokens. A session ends after {@code sessionTimeout}
 * without use (Salesforce's org session timeout), when expired by a test, or when its refresh token
 * is revoked. Thread-safe.
 */
final class Sessions {
  private static final String TOKEN_CHARS =
      "0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz._";

  /** One access token. */
  static final class Session {
    final String token;
    final SfUser user;
    final String clientId;
    final String refreshToken;
    final Instant issuedAt;
    volatile Instant lastUsed;
    volatile boolean ended;

    Session(String token, SfUser user, String clientId, String refreshToken, Instant issuedAt) {
      this.token = token;
      this.user = user;
      this.clientId = clientId;
      this.refreshToken = refreshToken;
      this.issuedAt = issuedAt;
      this.lastUsed = issuedAt;
    }

    @Override
    public String toString() {
      return "Session{" + user.username() + ", issued " + issuedAt + "}";
    }
  }

  /** What a refresh token grants. */
  record Grant(String username, String clientId) {}

  private final SfConfig config;
  private final Clock clock;
  private final String orgId15;
  private final Random random;
  private final Map<String, Session> sessions = new ConcurrentHashMap<>();
  private final Map<String, Grant> refreshTokens = new ConcurrentHashMap<>();

  Sessions(SfConfig config, String orgId, long seed) {
    this.config = config;
    this.clock = config.clock();
    this.orgId15 = orgId.substring(0, 15);
    this.random = new Random(seed ^ 0x5EED5E55L);
    String defaultClient = config.clients().keySet().iterator().next();
    config
        .refreshTokens()
        .forEach((token, username) -> refreshTokens.put(token, new Grant(username, defaultClient)));
  }

  synchronized String newAccessToken() {
    StringBuilder b = new StringBuilder(orgId15).append("!AQ");
    for (int i = 0; i < 93; i++) b.append(TOKEN_CHARS.charAt(random.nextInt(TOKEN_CHARS.length())));
    return b.toString();
  }

  synchronized String newRefreshToken() {
    StringBuilder b = new StringBuilder("5Aep861");
    for (int i = 0; i < 80; i++) b.append(TOKEN_CHARS.charAt(random.nextInt(62)));
    return b.toString();
  }

  Session issue(SfUser user, String clientId, String refreshToken) {
    Session s = new Session(newAccessToken(), user, clientId, refreshToken, clock.instant());
    sessions.put(s.token, s);
    return s;
  }

  /** The live session of {@code token}, touched; null if unknown, ended or timed out. */
  Session use(String token) {
    if (token == null) return null;
    Session s = sessions.get(token);
    if (s == null || s.ended) return null;
    Instant now = clock.instant();
    if (now.isAfter(s.lastUsed.plus(config.sessionTimeout()))) {
      s.ended = true;
      return null;
    }
    if (s.refreshToken != null && !refreshTokens.containsKey(s.refreshToken)) {
      s.ended = true; // revoking a refresh token ends the sessions it issued
      return null;
    }
    s.lastUsed = now;
    return s;
  }

  Grant grant(String refreshToken) {
    return refreshToken == null ? null : refreshTokens.get(refreshToken);
  }

  void addRefreshToken(String token, Grant grant) {
    refreshTokens.put(token, grant);
  }

  void revokeRefreshToken(String token) {
    refreshTokens.remove(token);
  }

  void revokeAllRefreshTokens() {
    refreshTokens.clear();
  }

  /** Revokes an access token or a refresh token (OAuth revoke endpoint). */
  void revoke(String token) {
    Session s = sessions.get(token);
    if (s != null) s.ended = true;
    refreshTokens.remove(token);
  }

  /** Ends every session issued so far (the next call with them answers INVALID_SESSION_ID). */
  void expireAll() {
    sessions.values().forEach(s -> s.ended = true);
  }

  int liveSessions() {
    return (int) sessions.values().stream().filter(s -> !s.ended).count();
  }
}
