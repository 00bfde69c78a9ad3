package dev.revsync.spi;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.charset.StandardCharsets;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.PrivateKey;
import java.security.Signature;
import java.time.Instant;
import java.util.Arrays;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.Map;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** The signer Salesforce, Pardot and (with its own claims) Dynamics log in with. */
class JwtAssertionTest {
  static KeyPair keys;

  @BeforeAll
  static void generate() throws Exception {
    KeyPairGenerator g = KeyPairGenerator.getInstance("RSA");
    g.initialize(2048);
    keys = g.generateKeyPair();
  }

  static String pkcs8Pem(PrivateKey key) {
    return "-----BEGIN PRIVATE KEY-----\n"
        + Base64.getMimeEncoder(64, "\n".getBytes(StandardCharsets.US_ASCII))
            .encodeToString(key.getEncoded())
        + "\n-----END PRIVATE KEY-----\n";
  }

  /** The PKCS#1 key inside a PKCS#8 encoding: the content of its OCTET STRING. */
  static String pkcs1Pem(PrivateKey key) {
    byte[] der = key.getEncoded();
    int i = 0;
    i++; // SEQUENCE
    i += lengthBytes(der, i);
    i += 3; // INTEGER 0
    i += 2 + der[i + 1]; // AlgorithmIdentifier
    i++; // OCTET STRING
    int len = length(der, i);
    i += lengthBytes(der, i);
    byte[] pkcs1 = Arrays.copyOfRange(der, i, i + len);
    return "-----BEGIN RSA PRIVATE KEY-----\n"
        + Base64.getMimeEncoder().encodeToString(pkcs1)
        + "\n-----END RSA PRIVATE KEY-----";
  }

  private static int lengthBytes(byte[] der, int i) {
    return (der[i] & 0x80) == 0 ? 1 : 1 + (der[i] & 0x7f);
  }

  private static int length(byte[] der, int i) {
    if ((der[i] & 0x80) == 0) return der[i];
    int n = der[i] & 0x7f;
    int len = 0;
    for (int k = 1; k <= n; k++) len = (len << 8) | (der[i + k] & 0xff);
    return len;
  }

  @Test
  void aBearerAssertionIsRs256SignedWithTheClaimsOfRfc7523() throws Exception {
    PrivateKey key = JwtAssertion.readPrivateKey(pkcs8Pem(keys.getPrivate()));
    Instant now = Instant.parse("2026-11-28T00:00:00Z");
    String jwt =
        JwtAssertion.sign(
            JwtAssertion.bearerClaims(
                "3MVG9client", "integration@acme.com", "https://login.salesforce.com", now),
            key);
    String[] parts = jwt.split("\\.");
    assertThat(parts).hasSize(3);
    Base64.Decoder url = Base64.getUrlDecoder();
    assertThat(new String(url.decode(parts[0]), StandardCharsets.UTF_8))
        .isEqualTo("{\"alg\":\"RS256\"}");
    assertThat(new String(url.decode(parts[1]), StandardCharsets.UTF_8))
        .isEqualTo(
            "{\"iss\":\"3MVG9client\",\"sub\":\"integration@acme.com\",\"aud\":\"https://login.salesforce.com\","
                + "\"exp\":"
                + (now.getEpochSecond() + 180)
                + "}");
    Signature verifier = Signature.getInstance("SHA256withRSA");
    verifier.initVerify(keys.getPublic());
    verifier.update((parts[0] + "." + parts[1]).getBytes(StandardCharsets.US_ASCII));
    assertThat(verifier.verify(url.decode(parts[2]))).isTrue();
    assertThat(jwt).doesNotContain("=").doesNotContain("+").doesNotContain("/");
  }

  @Test
  void pkcs1KeysAsOpensslGenrsaWritesThemAreReadToo() {
    PrivateKey fromPkcs1 = JwtAssertion.readPrivateKey(pkcs1Pem(keys.getPrivate()));
    assertThat(fromPkcs1.getEncoded()).isEqualTo(keys.getPrivate().getEncoded());
  }

  @Test
  void aKeyWithEscapedNewlinesFromAnEnvironmentVariableIsRead() {
    String oneLine = pkcs8Pem(keys.getPrivate()).replace("\n", "\\n");
    assertThat(JwtAssertion.readPrivateKey(oneLine).getEncoded())
        .isEqualTo(keys.getPrivate().getEncoded());
  }

  @Test
  void badKeysAreRefusedWithoutEchoingThem() {
    assertThatThrownBy(() -> JwtAssertion.readPrivateKey("not a key at all SECRETSTUFF"))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("BEGIN PRIVATE KEY")
        .hasMessageNotContaining("SECRETSTUFF");
    assertThatThrownBy(
            () ->
                JwtAssertion.readPrivateKey(
                    "-----BEGIN ENCRYPTED PRIVATE KEY-----\nAAAA\n-----END ENCRYPTED PRIVATE KEY-----"))
        .hasMessageContaining("encrypted");
    assertThatThrownBy(
            () ->
                JwtAssertion.readPrivateKey(
                    "-----BEGIN PRIVATE KEY-----\nAAAASECRET\n-----END PRIVATE KEY-----"))
        .hasMessageContaining("not an RSA private key")
        .hasMessageNotContaining("AAAASECRET");
  }

  @Test
  void theCallerGivesTheClaimsAndHeaderEntriesOfAClientAssertion() throws Exception {
    Map<String, Object> claims = new LinkedHashMap<>();
    claims.put("aud", "https://login.microsoftonline.com/tenant/oauth2/v2.0/token");
    claims.put("iss", "app \"id\"");
    claims.put("sub", "app \"id\"");
    claims.put("jti", "5f1c");
    claims.put("nbf", 1_795_000_000L);
    claims.put("exp", 1_795_000_600L);
    String jwt = JwtAssertion.sign(Map.of("typ", "JWT", "alg", "none"), claims, keys.getPrivate());
    String[] parts = jwt.split("\\.");
    Base64.Decoder url = Base64.getUrlDecoder();
    assertThat(new String(url.decode(parts[0]), StandardCharsets.UTF_8))
        .as("alg is always RS256, first")
        .isEqualTo("{\"alg\":\"RS256\",\"typ\":\"JWT\"}");
    assertThat(new String(url.decode(parts[1]), StandardCharsets.UTF_8))
        .isEqualTo(
            "{\"aud\":\"https://login.microsoftonline.com/tenant/oauth2/v2.0/token\",\"iss\":\"app \\\"id\\\"\","
                + "\"sub\":\"app \\\"id\\\"\",\"jti\":\"5f1c\",\"nbf\":1795000000,\"exp\":1795000600}");
    Signature verifier = Signature.getInstance("SHA256withRSA");
    verifier.initVerify(keys.getPublic());
    verifier.update((parts[0] + "." + parts[1]).getBytes(StandardCharsets.US_ASCII));
    assertThat(verifier.verify(url.decode(parts[2]))).isTrue();
  }
}
