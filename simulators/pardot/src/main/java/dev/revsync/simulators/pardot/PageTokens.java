package dev.revsync.simulators.pardot;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Instant;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * Opaque {@code nextPageToken}s: a base64url JSON payload (so they start {@code eyJ}, as Pardot's
 * do) holding the query, where the sequence stands, how many records it served and when it was
 * issued, and a digest keyed by the simulator's secret, so a tampered or foreign token is refused
 * (code 211) and an old one expires (code 210). Thread-safe.
 */
final class PageTokens {
  /** A decoded token. */
  record Token(Map<String, Object> state, Instant issuedAt) {}

  /** Why a token was refused. */
  static final class Refused extends Exception {
    private static final long serialVersionUID = 1L;
    final int code;

    Refused(int code, String message) {
      super(message);
      this.code = code;
    }
  }

  private final String secret;

  PageTokens(long seed) {
    this.secret = "pardot-sim-" + seed;
  }

  String issue(Map<String, Object> state, Instant now) {
    Map<String, Object> payload = new LinkedHashMap<>(state);
    payload.put("iat", now.getEpochSecond());
    String body =
        Base64.getUrlEncoder()
            .withoutPadding()
            .encodeToString(PardotJson.VALUE.toJson(payload).getBytes(StandardCharsets.UTF_8));
    return body + "." + digest(body);
  }

  Token read(String token) throws Refused {
    int dot = token == null ? -1 : token.lastIndexOf('.');
    if (dot <= 0 || !digest(token.substring(0, dot)).equals(token.substring(dot + 1))) {
      throw new Refused(211, "Invalid nextPageToken");
    }
    Map<String, Object> payload;
    try {
      payload =
          PardotJson.object(
              new String(
                  Base64.getUrlDecoder().decode(token.substring(0, dot)), StandardCharsets.UTF_8));
    } catch (IllegalArgumentException e) {
      throw new Refused(211, "Invalid nextPageToken");
    }
    Object iat = payload.remove("iat");
    if (!(iat instanceof Number n)) throw new Refused(211, "Invalid nextPageToken");
    return new Token(payload, Instant.ofEpochSecond(n.longValue()));
  }

  private String digest(String body) {
    try {
      MessageDigest md = MessageDigest.getInstance("SHA-256");
      md.update(secret.getBytes(StandardCharsets.UTF_8));
      byte[] d = md.digest(body.getBytes(StandardCharsets.UTF_8));
      return Base64.getUrlEncoder().withoutPadding().encodeToString(d).substring(0, 16);
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException(e);
    }
  }
}
