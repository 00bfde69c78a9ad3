package dev.revsync.simulators.salesforce;

import java.security.GeneralSecurityException;
import java.security.KeyFactory;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.PrivateKey;
import java.security.PublicKey;
import java.security.spec.X509EncodedKeySpec;
import java.util.Base64;
import java.util.Objects;

/**
 * An RSA key pair for the JWT bearer flow in tests: the simulator checks assertions against {@link
 * #publicKey()}, the connector signs with {@link #privateKeyPem()} (PKCS#8, {@code -----BEGIN
 * PRIVATE KEY-----}). Test material only. Immutable; {@code toString} hides the key.
 */
public final class JwtKeys {
  private final PublicKey publicKey;
  private final PrivateKey privateKey;

  private JwtKeys(PublicKey publicKey, PrivateKey privateKey) {
    this.publicKey = Objects.requireNonNull(publicKey, "publicKey");
    this.privateKey = privateKey;
  }

  /** A fresh 2048-bit RSA key pair. */
  public static JwtKeys generate() {
    try {
      KeyPairGenerator g = KeyPairGenerator.getInstance("RSA");
      g.initialize(2048);
      KeyPair pair = g.generateKeyPair();
      return new JwtKeys(pair.getPublic(), pair.getPrivate());
    } catch (GeneralSecurityException e) {
      throw new IllegalStateException("this JVM cannot generate RSA keys", e);
    }
  }

  /**
   * Only a public key (the simulator side), from an X.509 PEM ({@code -----BEGIN PUBLIC KEY-----}).
   */
  public static JwtKeys ofPublicKeyPem(String pem) {
    try {
      byte[] der = Base64.getMimeDecoder().decode(pem.replaceAll("-----[A-Z ]+-----", "").trim());
      return new JwtKeys(
          KeyFactory.getInstance("RSA").generatePublic(new X509EncodedKeySpec(der)), null);
    } catch (GeneralSecurityException | IllegalArgumentException e) {
      throw new IllegalArgumentException("not an RSA public key in X.509 PEM form", e);
    }
  }

  public PublicKey publicKey() {
    return publicKey;
  }

  /** The private key, or null when only the public key is known. */
  public PrivateKey privateKey() {
    return privateKey;
  }

  /** {@code -----BEGIN PUBLIC KEY-----} … */
  public String publicKeyPem() {
    return pem("PUBLIC KEY", publicKey.getEncoded());
  }

  /** {@code -----BEGIN PRIVATE KEY-----} … (PKCS#8), or null when only the public key is known. */
  public String privateKeyPem() {
    return privateKey == null ? null : pem("PRIVATE KEY", privateKey.getEncoded());
  }

  private static String pem(String type, byte[] der) {
    String body =
        Base64.getMimeEncoder(64, "\n".getBytes(java.nio.charset.StandardCharsets.US_ASCII))
            .encodeToString(der);
    return "-----BEGIN " + type + "-----\n" + body + "\n-----END " + type + "-----\n";
  }

  @Override
  public String toString() {
    return "JwtKeys{RSA, private key " + (privateKey == null ? "absent" : "present (hidden)") + "}";
  }
}
