package dev.revsync.spi;

import dev.revsync.internal.auth.FixedTokenProvider;
import dev.revsync.internal.auth.OAuth2TokenProvider;
import java.security.PrivateKey;

/**
 * The common {@link TokenProvider}s. OAuth 2.0 token endpoint errors ({@code invalid_grant}, {@code
 * invalid_client}, ...) become {@link dev.revsync.AuthenticationException}s naming the error and
 * what the customer must do; 5xx and 429 answers are retried.
 *
 * <p>Each provider holds one connection's credentials: do not share an OAuth provider between
 * connections. Thread-safe.
 */
public final class TokenProviders {
  private TokenProviders() {}

  /** A fixed bearer token (a private-app token, an API key sent as bearer). */
  public static TokenProvider staticBearer(String token) {
    return FixedTokenProvider.bearer(token);
  }

  /** HTTP Basic with {@code user:password}. */
  public static TokenProvider basic(String user, String password) {
    return FixedTokenProvider.basic(user, password);
  }

  /** OAuth 2.0 client credentials grant against {@code tokenUrl}; {@code scope} may be null. */
  public static TokenProvider oauth2ClientCredentials(
      String tokenUrl, String clientId, String clientSecret, String scope) {
    return OAuth2TokenProvider.clientCredentials(tokenUrl, clientId, clientSecret, scope);
  }

  /**
   * OAuth 2.0 refresh-token grant. When the token response carries a new refresh token (rotation),
   * it is used from then on and handed to the config's {@link dev.revsync.CredentialListener} under
   * {@code refreshTokenKey} before the old one is dropped.
   */
  public static TokenProvider oauth2RefreshToken(
      String tokenUrl,
      String clientId,
      String clientSecret,
      String refreshToken,
      String refreshTokenKey) {
    return OAuth2TokenProvider.refreshToken(
        tokenUrl, clientId, clientSecret, refreshToken, refreshTokenKey);
  }

  /**
   * OAuth 2.0 JWT bearer grant (RFC 7523): an RS256 assertion from {@code clientId} for {@code
   * subject} with audience {@code audience} (Salesforce: the login host), signed with {@code
   * privateKey} ({@link JwtAssertion#readPrivateKey}), sent to {@code tokenUrl}; a fresh assertion
   * for every token.
   */
  public static TokenProvider oauth2JwtBearer(
      String tokenUrl, String clientId, String subject, String audience, PrivateKey privateKey) {
    return OAuth2TokenProvider.jwtBearer(tokenUrl, clientId, subject, audience, privateKey);
  }
}
