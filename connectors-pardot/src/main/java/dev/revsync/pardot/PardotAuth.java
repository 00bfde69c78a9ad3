package dev.revsync.pardot;

import dev.revsync.spi.AccessToken;
import dev.revsync.spi.TokenContext;
import dev.revsync.spi.TokenProvider;
import dev.revsync.spi.TokenProviders;

/**
 * Salesforce OAuth for Account Engagement (§2 of the notes): the SPI's refresh-token,
 * client-credentials or JWT bearer grant against {@code {loginUrl}/services/oauth2/token}. Salesforce sends no
 * {@code expires_in}, so a token lives until a call answers 401 (code 184), when the transport
 * refreshes it once, single-flight. The business unit header is the REST client's, not a token
 * endpoint's. Thread-safe (the transport calls it single-flight anyway).
 */
final class PardotAuth implements TokenProvider {
  /** The token response's identity URL ({@code .../id/<org>/<user>}). */
  static final String IDENTITY_URL = "id";
  static final String SCOPE = "scope";

  private final TokenProvider grant;

  PardotAuth(PardotConfig config) {
    this.grant = switch (config.authFlow()) {
      case REFRESH_TOKEN -> TokenProviders.oauth2RefreshToken(config.tokenUrl(), config.clientId(),
          config.clientSecret(), config.refreshToken(), PardotConfig.REFRESH_TOKEN);
      case CLIENT_CREDENTIALS -> TokenProviders.oauth2ClientCredentials(config.tokenUrl(), config.clientId(),
          config.clientSecret(), null);
      case JWT -> TokenProviders.oauth2JwtBearer(config.tokenUrl(), config.clientId(), config.username(),
          config.audience(), config.privateKey());
    };
  }

  @Override
  public AccessToken fetch(TokenContext context) {
    return grant.fetch(context);
  }
}
