package dev.revsync.hubspot;

import dev.revsync.spi.TokenProvider;
import dev.revsync.spi.TokenProviders;

/**
 * How calls authenticate: a private-app token as a fixed bearer (it does not expire; the customer
 * rotates it), or OAuth 2.0 with the refresh-token grant against {@code /oauth/v1/token}, refreshed
 * before {@code expires_in} runs out (not on a 401, which HubSpot says is no reliable signal),
 * single-flight by the transport, a rotated refresh token handed to the host's {@code
 * CredentialListener} under {@code refreshToken}. Stateless.
 */
final class HubSpotAuth {
  private HubSpotAuth() {}

  static TokenProvider tokenProvider(HubSpotConfig config) {
    if (!config.isOAuth()) return TokenProviders.staticBearer(config.privateAppToken);
    return TokenProviders.oauth2RefreshToken(
        config.url("/oauth/v1/token").build().toString(),
        config.clientId,
        config.clientSecret,
        config.refreshToken,
        "refreshToken");
  }
}
