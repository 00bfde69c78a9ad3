package dev.revsync.internal.auth;

import dev.revsync.spi.AccessToken;
import dev.revsync.spi.TokenContext;
import dev.revsync.spi.TokenProvider;
import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.Objects;

/**
 * A credential that never changes: a static bearer token or HTTP Basic. Makes no calls.
 * Thread-safe.
 */
public final class FixedTokenProvider implements TokenProvider {
  private final AccessToken token;

  private FixedTokenProvider(AccessToken token) {
    this.token = token;
  }

  public static FixedTokenProvider bearer(String token) {
    if (token == null || token.isBlank())
      throw new IllegalArgumentException("bearer token must not be blank");
    return new FixedTokenProvider(AccessToken.bearer(token, null, null));
  }

  public static FixedTokenProvider basic(String user, String password) {
    Objects.requireNonNull(user, "user");
    Objects.requireNonNull(password, "password");
    if (user.indexOf(':') >= 0)
      throw new IllegalArgumentException("a Basic user name cannot contain ':'");
    String encoded =
        Base64.getEncoder()
            .encodeToString((user + ":" + password).getBytes(StandardCharsets.UTF_8));
    return new FixedTokenProvider(new AccessToken("Basic", encoded, null, null));
  }

  @Override
  public AccessToken fetch(TokenContext context) {
    return token;
  }

  @Override
  public String toString() {
    return "FixedTokenProvider{"
        + token.scheme()
        + " "
        + dev.revsync.internal.http.Redaction.MASK
        + "}";
  }
}
