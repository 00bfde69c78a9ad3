package dev.revsync.spi;

import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.KeyFactory;
import java.security.PrivateKey;
import java.security.Signature;
import java.security.spec.PKCS8EncodedKeySpec;
import java.time.Instant;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * Signed JWT assertions (RS256, SHA256withRSA with the JDK's crypto) for OAuth grants that log in
 * with a key instead of a secret, and the unencrypted RSA private keys they are signed with, read
 * from PEM (PKCS#8 {@code BEGIN PRIVATE KEY} or PKCS#1 {@code BEGIN RSA PRIVATE KEY}, as {@code
 * openssl genrsa} writes it). The caller gives the claims, so one signer serves RFC 7523's JWT
 * bearer grant ({@link #bearerClaims}: Salesforce, Pardot) and a client assertion (Microsoft Entra:
 * {@code jti}, {@code nbf}, an {@code x5t} header). {@link TokenProviders#oauth2JwtBearer} does the
 * whole grant; a connector with its own token request signs with {@link #sign}.
 *
 * <pre>{@code
 * PrivateKey key = JwtAssertion.readPrivateKey(pem);
 * String assertion = JwtAssertion.sign(JwtAssertion.bearerClaims(clientId, username, audience, clock.instant()), key);
 * }</pre>
 *
 * <p>Stateless and thread-safe.
 */
public final class JwtAssertion {
  /**
   * Authorization servers tolerate a few minutes of skew; a bearer assertion expires three minutes
   * ahead.
   */
  public static final long BEARER_LIFETIME_SECONDS = 180;

  private static final Base64.Encoder B64URL = Base64.getUrlEncoder().withoutPadding();

  /** DER of AlgorithmIdentifier { rsaEncryption, NULL }: wraps a PKCS#1 key as PKCS#8. */
  private static final byte[] RSA_ENCRYPTION = {
    0x30,
    0x0d,
    0x06,
    0x09,
    0x2a,
    (byte) 0x86,
    0x48,
    (byte) 0x86,
    (byte) 0xf7,
    0x0d,
    0x01,
    0x01,
    0x01,
    0x05,
    0x00
  };

  private JwtAssertion() {}

  /**
   * RFC 7523's claims, in this order: {@code iss} (the client id), {@code sub} (the user logged in
   * as), {@code aud} (the authorization server) and {@code exp}, {@link #BEARER_LIFETIME_SECONDS}
   * after {@code now}. A mutable map: add claims a server wants besides these.
   */
  public static Map<String, Object> bearerClaims(
      String issuer, String subject, String audience, Instant now) {
    Map<String, Object> claims = new LinkedHashMap<>();
    claims.put("iss", issuer);
    claims.put("sub", subject);
    claims.put("aud", audience);
    claims.put("exp", now.getEpochSecond() + BEARER_LIFETIME_SECONDS);
    return claims;
  }

  /**
   * {@code claims} (strings, numbers, booleans, in their map's order) signed with {@code key};
   * header {@code {"alg":"RS256"}}.
   */
  public static String sign(Map<String, ?> claims, PrivateKey key) {
    return sign(Map.of(), claims, key);
  }

  /**
   * {@code claims} signed with {@code key}, the header {@code {"alg":"RS256"}} followed by {@code
   * header}'s entries ({@code typ}, {@code x5t}, {@code kid}).
   */
  public static String sign(Map<String, ?> header, Map<String, ?> claims, PrivateKey key) {
    Map<String, Object> fullHeader = new LinkedHashMap<>();
    fullHeader.put("alg", "RS256");
    header.forEach(
        (name, value) -> {
          if (!name.equals("alg")) fullHeader.put(name, value);
        });
    String input = base64Url(Json.toJson(fullHeader)) + "." + base64Url(Json.toJson(claims));
    try {
      Signature rsa = Signature.getInstance("SHA256withRSA");
      rsa.initSign(key);
      rsa.update(input.getBytes(StandardCharsets.US_ASCII));
      return input + "." + B64URL.encodeToString(rsa.sign());
    } catch (GeneralSecurityException e) {
      throw new IllegalStateException("the JDK cannot sign SHA256withRSA: " + e.getMessage(), e);
    }
  }

  /**
   * An unencrypted RSA private key from PEM ({@code \n} escapes allowed, for keys kept on one
   * line).
   *
   * @throws IllegalArgumentException saying what is wrong, never echoing the key
   */
  public static PrivateKey readPrivateKey(String pem) {
    String text = pem.replace("\\n", "\n").trim();
    if (text.contains("ENCRYPTED PRIVATE KEY")) {
      throw new IllegalArgumentException(
          "the key is encrypted; give the unencrypted PEM (openssl pkcs8 -topk8 -nocrypt)");
    }
    boolean pkcs1 = text.contains("BEGIN RSA PRIVATE KEY");
    if (!pkcs1 && !text.contains("BEGIN PRIVATE KEY")) {
      throw new IllegalArgumentException(
          "expected a PEM block '-----BEGIN PRIVATE KEY-----' or "
              + "'-----BEGIN RSA PRIVATE KEY-----'");
    }
    byte[] der;
    try {
      der =
          Base64.getDecoder()
              .decode(text.replaceAll("-----[A-Z ]+-----", "").replaceAll("\\s", ""));
    } catch (IllegalArgumentException e) {
      throw new IllegalArgumentException("the PEM body is not valid base64");
    }
    try {
      return KeyFactory.getInstance("RSA")
          .generatePrivate(new PKCS8EncodedKeySpec(pkcs1 ? asPkcs8(der) : der));
    } catch (GeneralSecurityException e) {
      throw new IllegalArgumentException(
          "not an RSA private key (" + e.getClass().getSimpleName() + ")");
    }
  }

  private static String base64Url(String json) {
    return B64URL.encodeToString(json.getBytes(StandardCharsets.UTF_8));
  }

  /** PrivateKeyInfo ::= SEQUENCE { INTEGER 0, AlgorithmIdentifier, OCTET STRING pkcs1 }. */
  private static byte[] asPkcs8(byte[] pkcs1) {
    ByteArrayOutputStream info = new ByteArrayOutputStream();
    info.writeBytes(new byte[] {0x02, 0x01, 0x00});
    info.writeBytes(RSA_ENCRYPTION);
    info.write(0x04);
    derLength(info, pkcs1.length);
    info.writeBytes(pkcs1);
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    out.write(0x30);
    derLength(out, info.size());
    out.writeBytes(info.toByteArray());
    return out.toByteArray();
  }

  private static void derLength(ByteArrayOutputStream out, int length) {
    if (length < 0x80) {
      out.write(length);
      return;
    }
    int bytes = length < 0x100 ? 1 : length < 0x10000 ? 2 : 3;
    out.write(0x80 | bytes);
    for (int shift = 8 * (bytes - 1); shift >= 0; shift -= 8) out.write((length >> shift) & 0xff);
  }
}
