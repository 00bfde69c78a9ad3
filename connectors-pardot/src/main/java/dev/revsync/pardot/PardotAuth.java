package dev.revsync.pardot;

import dev.revsync.spi.TokenProvider;
import dev.revsync.spi.TokenProviders;

/**
 * Salesforce OAuth for Account Engagement (§2 of the notes): the SPI's refresh-token,
 * client-credentials or JWT bearer grant against {@code {loginUrl}/services/oauth2/token}, the
 * token flows Salesforce uses, not a copy of them. Salesforce sends no {@code expires_in}, so a
 * token lives until a call answers 401 (code 184), when the transport refreshes it once,
 * single-flight. The business unit header is the connection's, not the token endpoint's.
 */
final class PardotAuth {
  /**
   * The token response's identity URL ({@code .../id/<org>/<user>}), one of the token's attributes.
   */
  static final String IDENTITY_URL = "id";

  static final String SCOPE = "scope";

  private PardotAuth() {}

  static TokenProvider tokenProvider(PardotConfig config) {
    return switch (config.authFlow()) {
      case REFRESH_TOKEN ->
          TokenProviders.oauth2RefreshToken(
              config.tokenUrl(),
              config.clientId(),
              config.clientSecret(),
              config.refreshToken(),
              PardotConfig.REFRESH_TOKEN);
      case CLIENT_CREDENTIALS ->
          TokenProviders.oauth2ClientCredentials(
              config.tokenUrl(), config.clientId(), config.clientSecret(), null);
      case JWT ->
          TokenProviders.oauth2JwtBearer(
              config.tokenUrl(),
              config.clientId(),
              config.username(),
              config.loginUrl(),
              config.privateKey());
    };
  }
}
