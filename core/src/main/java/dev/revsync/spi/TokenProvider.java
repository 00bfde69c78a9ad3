package dev.revsync.spi;

/**
 * Obtains the credential a connection's calls carry. {@link TokenProviders} has the common ones; a
 * connector implements its own where the vendor differs (Salesforce JWT bearer, Eloqua's
 * discovery). The transport calls it single-flight: one fetch at a time per connection, and one
 * refresh however many calls meet an expired token. Fetches may come from different threads, but
 * one after the other under the transport's lock, so state a provider keeps between fetches (a
 * rotated refresh token) needs no locking of its own.
 */
@FunctionalInterface
public interface TokenProvider {

  /**
   * Fetches a new token. Token endpoint calls go through {@code context} so they are counted
   * against the budget like every other call.
   *
   * @throws dev.revsync.AuthenticationException when the credentials are refused
   */
  AccessToken fetch(TokenContext context);
}
