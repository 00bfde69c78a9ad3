package dev.revsync.marketo;

import dev.revsync.spi.TokenProvider;
import dev.revsync.spi.TokenProviders;

/**
 * Marketo's identity service: the OAuth 2.0 client-credentials grant at {@code
 * {root}/identity/oauth/token}. Marketo hands back the same token until it expires, with {@code
 * expires_in} counting down; the transport keeps it for that remaining life, so one identity call
 * serves every call until then, and 601/602 make it fetch once more (single-flight). The response's
 * {@code scope} (the API user's e-mail) stays as an attribute.
 */
final class MarketoAuth {
  /** The token attribute naming the API user. */
  static final String USER = "scope";

  private MarketoAuth() {}

  static TokenProvider tokenProvider(MarketoConfig config) {
    return TokenProviders.oauth2ClientCredentials(
        config.tokenUrl(), config.clientId(), config.clientSecret(), null);
  }
}
