package dev.revsync.salesforce;

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
 * The JWT bearer assertion Salesforce's OAuth endpoint takes: header {@code {"alg":"RS256"}},
 * claims {@code iss}, {@code sub}, {@code aud}, {@code exp}, signed SHA256withRSA with the JDK's
 * own crypto. Keys come as PEM: PKCS#8 ({@code BEGIN PRIVATE KEY}) or PKCS#1
 * ({@code BEGIN RSA PRIVATE KEY}, as {@code openssl genrsa} writes it). Stateless, thread-safe.
 */
final class Jwt {
  /** Salesforce tolerates about three minutes of skew; clients put {@code exp} three minutes ahead. */
  static final long LIFETIME_SECONDS = 180;

  private static final Base64.Encoder URL = Base64.getUrlEncoder().withoutPadding();
  // DER of AlgorithmIdentifier { rsaEncryption, NULL }, for wrapping a PKCS#1 key into PKCS#8.
  private static final byte[] RSA_ALGORITHM = {
      0x30, 0x0d, 0x06, 0x09, 0x2a, (byte) 0x86, 0x48, (byte) 0x86, (byte) 0xf7, 0x0d, 0x01, 0x01, 0x01, 0x05, 0x00};

  private Jwt() {}

  /** A signed assertion for {@code username} valid until {@code now} plus {@link #LIFETIME_SECONDS}. */
  static String assertion(String clientId, String username, String audience, Instant now, PrivateKey key) {
    String header = URL.encodeToString("{\"alg\":\"RS256\"}".getBytes(StandardCharsets.UTF_8));
    String claims = "{\"iss\":" + json(clientId) + ",\"sub\":" + json(username) + ",\"aud\":" + json(audience)
        + ",\"exp\":" + (now.getEpochSecond() + LIFETIME_SECONDS) + "}";
    String signingInput = header + "." + URL.encodeToString(claims.getBytes(StandardCharsets.UTF_8));
    try {
      Signature signer = Signature.getInstance("SHA256withRSA");
      signer.initSign(key);
      signer.update(signingInput.getBytes(StandardCharsets.US_ASCII));
      return signingInput + "." + URL.encodeToString(signer.sign());
    } catch (GeneralSecurityException e) {
      throw new IllegalStateException("the JDK cannot sign SHA256withRSA: " + e.getMessage(), e);
    }
  }

  /**
   * Reads an unencrypted RSA private key from PEM.
   *
   * @throws IllegalArgumentException saying what is wrong (never echoing the key)
   */
  static PrivateKey readPrivateKey(String pem) {
    String text = pem.replace("\\n", "\n").trim();
    boolean pkcs1;
    if (text.contains("BEGIN ENCRYPTED PRIVATE KEY")) {
      throw new IllegalArgumentException("the key is encrypted; give the unencrypted PEM "
          + "(openssl pkcs8 -topk8 -nocrypt)");
    } else if (text.contains("BEGIN RSA PRIVATE KEY")) {
      pkcs1 = true;
    } else if (text.contains("BEGIN PRIVATE KEY")) {
      pkcs1 = false;
    } else {
      throw new IllegalArgumentException("expected a PEM block '-----BEGIN PRIVATE KEY-----' "
          + "or '-----BEGIN RSA PRIVATE KEY-----'");
    }
    String base64 = text.replaceAll("-----[A-Z ]+-----", "").replaceAll("\\s", "");
    byte[] der;
    try {
      der = Base64.getDecoder().decode(base64);
    } catch (IllegalArgumentException e) {
      throw new IllegalArgumentException("the PEM body is not valid base64");
    }
    if (pkcs1) der = pkcs1ToPkcs8(der);
    try {
      return KeyFactory.getInstance("RSA").generatePrivate(new PKCS8EncodedKeySpec(der));
    } catch (GeneralSecurityException e) {
      throw new IllegalArgumentException("not an RSA private key (" + e.getClass().getSimpleName() + ")");
    }
  }

  /** PrivateKeyInfo ::= SEQUENCE { version 0, AlgorithmIdentifier rsaEncryption, OCTET STRING pkcs1 }. */
  private static byte[] pkcs1ToPkcs8(byte[] pkcs1) {
    ByteArrayOutputStream body = new ByteArrayOutputStream();
    body.writeBytes(new byte[] {0x02, 0x01, 0x00});
    body.writeBytes(RSA_ALGORITHM);
    body.write(0x04);
    writeLength(body, pkcs1.length);
    body.writeBytes(pkcs1);
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    out.write(0x30);
    writeLength(out, body.size());
    out.writeBytes(body.toByteArray());
    return out.toByteArray();
  }

  private static void writeLength(ByteArrayOutputStream out, int length) {
    if (length < 0x80) {
      out.write(length);
    } else if (length < 0x100) {
      out.write(0x81);
      out.write(length);
    } else if (length < 0x10000) {
      out.write(0x82);
      out.write(length >> 8);
      out.write(length & 0xff);
    } else {
      out.write(0x83);
      out.write(length >> 16);
      out.write((length >> 8) & 0xff);
      out.write(length & 0xff);
    }
  }

  private static String json(String s) {
    StringBuilder b = new StringBuilder("\"");
    for (int i = 0; i < s.length(); i++) {
      char c = s.charAt(i);
      switch (c) {
        case '"' -> b.append("\\\"");
        case '\\' -> b.append("\\\\");
        default -> {
          if (c < 0x20) b.append(String.format("\\u%04x", (int) c));
          else b.append(c);
        }
      }
    }
    return b.append('"').toString();
  }
}
