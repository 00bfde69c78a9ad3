package dev.revsync.simulators.hubspot;

import java.time.Clock;
import java.time.Instant;
import java.util.Map;
import java.util.Random;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * The portal's OAuth 2.0 state: the public app's refresh token (rotated on refresh when the
 * simulator is told to), authorization codes, and issued access tokens with their expiry.
 * Thread-safe.
 */
final class OAuthServer {
  /** One issued access token. */
  record AccessToken(String value, Instant expiresAt) {}

  private final HubSpotSimulator.Settings settings;
  private final Clock clock;
  private final Random random;
  private final Map<String, AccessToken> accessTokens = new ConcurrentHashMap<>();
  private final Map<String, String> codes = new ConcurrentHashMap<>();
  private final AtomicInteger issued = new AtomicInteger();
  private volatile String refreshToken;

  OAuthServer(HubSpotSimulator.Settings settings, Clock clock) {
    this.settings = settings;
    this.clock = clock;
    this.random = new Random(settings.portalId * 7919);
    this.refreshToken = settings.initialRefreshToken;
  }

  String currentRefreshToken() {
    return refreshToken;
  }

  synchronized void revokeRefreshToken() {
    refreshToken = "revoked-" + Long.toHexString(nextLong());
  }

  synchronized String issueCode(String redirectUri) {
    String code = "code-" + Long.toHexString(nextLong());
    codes.put(code, redirectUri == null ? "" : redirectUri);
    return code;
  }

  /** Redeems a code for {@code redirectUri}; false if unknown, used or for another URI. */
  boolean redeemCode(String code, String redirectUri) {
    String expected = code == null ? null : codes.remove(code);
    return expected != null && (expected.isEmpty() || expected.equals(redirectUri));
  }

  boolean isCurrentRefreshToken(String token) {
    return token != null && token.equals(refreshToken);
  }

  /**
   * A new access token; the refresh token rotates when the settings say so. Returns the refresh
   * token to hand out.
   */
  synchronized String[] issue() {
    // HubSpot access tokens are long (several hundred characters); clients must not truncate them
    StringBuilder value = new StringBuilder("CN");
    while (value.length() < 320) value.append(Long.toHexString(nextLong()));
    AccessToken token =
        new AccessToken(value.toString(), clock.instant().plus(settings.tokenLifetime));
    accessTokens.put(token.value(), token);
    issued.incrementAndGet();
    if (settings.rotateRefreshTokens)
      refreshToken = "na1-" + Long.toHexString(nextLong()) + "-rotated";
    return new String[] {token.value(), refreshToken};
  }

  AccessToken accessToken(String value) {
    return value == null ? null : accessTokens.get(value);
  }

  int accessTokensIssued() {
    return issued.get();
  }

  private long nextLong() {
    synchronized (random) {
      return random.nextLong() & Long.MAX_VALUE;
    }
  }
}
