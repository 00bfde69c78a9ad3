package dev.revsync.spi;

import java.time.Instant;
import java.util.Map;
import java.util.Objects;

/**
 * A credential a {@link TokenProvider} obtained, applied to each request as {@code Authorization:
 * <scheme> <value>}. Immutable.
 *
 * @param scheme {@code Bearer} or {@code Basic}
 * @param value the token; never logged, never in {@link #toString()}
 * @param expiresAt when it expires, where known; a provider refreshes a little before
 * @param attributes non-secret facts from the token response (such as Salesforce's {@code
 *     instance_url})
 */
public record AccessToken(
    String scheme, String value, Instant expiresAt, Map<String, String> attributes) {

  public AccessToken {
    Objects.requireNonNull(scheme, "scheme");
    Objects.requireNonNull(value, "value");
    attributes = attributes == null ? Map.of() : Map.copyOf(attributes);
  }

  /** A {@code Bearer} token. */
  public static AccessToken bearer(
      String value, Instant expiresAt, Map<String, String> attributes) {
    return new AccessToken("Bearer", value, expiresAt, attributes);
  }

  /** A non-secret attribute of the token response, or null. */
  public String attribute(String name) {
    return attributes.get(name);
  }

  /** The {@code Authorization} header value. */
  public String authorization() {
    return scheme + " " + value;
  }

  /** True from {@link #expiresAt()} on; never for a token without an expiry. */
  public boolean isExpired(Instant now) {
    return expiresAt != null && !now.isBefore(expiresAt);
  }

  @Override
  public String toString() {
    return "AccessToken{" + scheme + " ██ expiresAt=" + expiresAt + " " + attributes + "}";
  }
}
