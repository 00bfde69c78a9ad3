package dev.revsync.internal.auth;

import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.KeyFactory;
import java.security.PrivateKey;
import java.security.Signature;
import java.security.spec.PKCS8EncodedKeySpec;
import java.time.Instant;
import java.util.Base64;

/**
 * An RFC 7523 JWT bearer assertion: header {@code {"alg":"RS256"}}, claims {@code iss},
 * {@code sub}, {@code aud}, {@code exp}, signed SHA256withRSA with the JDK's crypto; and the
 * unencrypted RSA private keys it is signed with, read from PEM (PKCS#8 {@code BEGIN PRIVATE KEY}
 * or PKCS#1 {@code BEGIN RSA PRIVATE KEY}). Stateless and thread-safe.
 */
public final class JwtAssertion {
  /** Authorization servers tolerate a few minutes of skew; the assertion expires three minutes ahead. */
  static final long LIFETIME_SECONDS = 180;

  private static final Base64.Encoder B64URL = Base64.getUrlEncoder().withoutPadding();
  /** DER of AlgorithmIdentifier { rsaEncryption, NULL }: wraps a PKCS#1 key as PKCS#8. */
  private static final byte[] RSA_ENCRYPTION = {0x30, 0x0d, 0x06, 0x09, 0x2a, (byte) 0x86, 0x48, (byte) 0x86,
      (byte) 0xf7, 0x0d, 0x01, 0x01, 0x01, 0x05, 0x00};

  private JwtAssertion() {}

  /** A signed assertion that {@code issuer} asks a token for {@code subject} at {@code audience}. */
  public static String sign(String issuer, String subject, String audience, Instant now, PrivateKey key) {
    String header = B64URL.encodeToString("{\"alg\":\"RS256\"}".getBytes(StandardCharsets.UTF_8));
    String claims = "{\"iss\":" + quote(issuer) + ",\"sub\":" + quote(subject) + ",\"aud\":" + quote(audience)
        + ",\"exp\":" + (now.getEpochSecond() + LIFETIME_SECONDS) + "}";
    String input = header + "." + B64URL.encodeToString(claims.getBytes(StandardCharsets.UTF_8));
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
   * An unencrypted RSA private key from PEM ({@code \n} escapes allowed, for keys kept on one line).
   *
   * @throws IllegalArgumentException saying what is wrong, never echoing the key
   */
  public static PrivateKey readPrivateKey(String pem) {
    String text = pem.replace("\\n", "\n").trim();
    if (text.contains("ENCRYPTED PRIVATE KEY")) {
      throw new IllegalArgumentException("the key is encrypted; give the unencrypted PEM (openssl pkcs8 -topk8 -nocrypt)");
    }
    boolean pkcs1 = text.contains("BEGIN RSA PRIVATE KEY");
    if (!pkcs1 && !text.contains("BEGIN PRIVATE KEY")) {
      throw new IllegalArgumentException("expected a PEM block '-----BEGIN PRIVATE KEY-----' or "
          + "'-----BEGIN RSA PRIVATE KEY-----'");
    }
    byte[] der;
    try {
      der = Base64.getDecoder().decode(text.replaceAll("-----[A-Z ]+-----", "").replaceAll("\\s", ""));
    } catch (IllegalArgumentException e) {
      throw new IllegalArgumentException("the PEM body is not valid base64");
    }
    try {
      return KeyFactory.getInstance("RSA").generatePrivate(new PKCS8EncodedKeySpec(pkcs1 ? asPkcs8(der) : der));
    } catch (GeneralSecurityException e) {
      throw new IllegalArgumentException("not an RSA private key (" + e.getClass().getSimpleName() + ")");
    }
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

  private static String quote(String s) {
    StringBuilder b = new StringBuilder(s.length() + 2).append('"');
    for (int i = 0; i < s.length(); i++) {
      char c = s.charAt(i);
      if (c == '"' || c == '\\') b.append('\\').append(c);
      else if (c < 0x20) b.append(String.format(java.util.Locale.ROOT, "\\u%04x", (int) c));
      else b.append(c);
    }
    return b.append('"').toString();
  }
}
