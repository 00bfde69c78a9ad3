package dev.revsync.marketo;

import dev.revsync.spi.AccessToken;
import dev.revsync.spi.TokenContext;
import dev.revsync.spi.TokenProvider;
import dev.revsync.spi.TokenProviders;

/**
 * Marketo's identity service: the OAuth 2.0 client-credentials grant at
 * {@code {root}/identity/oauth/token}. Marketo hands back the same token until it expires, with
 * {@code expires_in} counting down; the transport keeps it for that remaining life, so one
 * identity call serves every call until then, and 601/602 make it fetch once more
 * (single-flight). The response's {@code scope} (the API user's e-mail) stays as an attribute.
 * Thread-safe: the transport calls it one fetch at a time.
 */
final class MarketoAuth implements TokenProvider {
  static final String USER = "scope";

  private final TokenProvider oauth;

  MarketoAuth(MarketoConfig config) {
    this.oauth = TokenProviders.oauth2ClientCredentials(config.root() + "/identity/oauth/token", config.clientId(),
        config.clientSecret(), null);
  }

  @Override
  public AccessToken fetch(TokenContext context) {
    return oauth.fetch(context);
  }

  @Override
  public String toString() {
    return "MarketoAuth{client credentials}";
  }
}
