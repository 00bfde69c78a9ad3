package dev.revsync.internal.auth;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowable;

import java.nio.charset.StandardCharsets;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.PrivateKey;
import java.security.Signature;
import java.time.Instant;
import java.util.Base64;
import org.junit.jupiter.api.Test;

class JwtAssertionTest {
  private static final KeyPair KEYS = keys();

  private static KeyPair keys() {
    try {
      KeyPairGenerator g = KeyPairGenerator.getInstance("RSA");
      g.initialize(2048);
      return g.generateKeyPair();
    } catch (Exception e) {
      throw new IllegalStateException(e);
    }
  }

  static String pem(PrivateKey key) {
    return "-----BEGIN PRIVATE KEY-----\n" + Base64.getMimeEncoder(64, "\n".getBytes(StandardCharsets.US_ASCII))
        .encodeToString(key.getEncoded()) + "\n-----END PRIVATE KEY-----\n";
  }

  @Test
  void theAssertionCarriesTheClaimsAndVerifiesWithThePublicKey() throws Exception {
    PrivateKey key = JwtAssertion.readPrivateKey(pem(KEYS.getPrivate()).replace("\n", "\\n"));
    String jwt = JwtAssertion.sign("3MVG9\"app", "user@example.com", "https://login.salesforce.com",
        Instant.parse("2026-11-28T00:00:00Z"), key);
    String[] parts = jwt.split("\\.");
    assertThat(parts).hasSize(3);
    assertThat(new String(Base64.getUrlDecoder().decode(parts[0]), StandardCharsets.UTF_8)).isEqualTo("{\"alg\":\"RS256\"}");
    assertThat(new String(Base64.getUrlDecoder().decode(parts[1]), StandardCharsets.UTF_8)).isEqualTo(
        "{\"iss\":\"3MVG9\\\"app\",\"sub\":\"user@example.com\",\"aud\":\"https://login.salesforce.com\",\"exp\":"
            + (Instant.parse("2026-11-28T00:00:00Z").getEpochSecond() + 180) + "}");
    Signature rsa = Signature.getInstance("SHA256withRSA");
    rsa.initVerify(KEYS.getPublic());
    rsa.update((parts[0] + "." + parts[1]).getBytes(StandardCharsets.US_ASCII));
    assertThat(rsa.verify(Base64.getUrlDecoder().decode(parts[2]))).isTrue();
  }

  @Test
  void badKeysAreRefusedWithoutEchoingThem() {
    assertThat(catchThrowable(() -> JwtAssertion.readPrivateKey("-----BEGIN ENCRYPTED PRIVATE KEY-----\nMIIabc\n")))
        .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("encrypted").hasMessageNotContaining("MIIabc");
    assertThat(catchThrowable(() -> JwtAssertion.readPrivateKey("secret-not-a-pem")))
        .hasMessageContaining("BEGIN PRIVATE KEY").hasMessageNotContaining("secret-not-a-pem");
    assertThat(catchThrowable(() -> JwtAssertion.readPrivateKey("-----BEGIN RSA PRIVATE KEY-----\nAAAA\n-----END RSA PRIVATE KEY-----")))
        .hasMessageContaining("not an RSA private key");
  }
}
