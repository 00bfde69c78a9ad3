package dev.revsync.dynamics;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowable;

import dev.revsync.AuthenticationException;
import dev.revsync.ConfigurationException;
import dev.revsync.ConnectionConfig;
import dev.revsync.Connector;
import dev.revsync.PermissionException;
import dev.revsync.RevsyncException;
import dev.revsync.VerifyResult;
import java.nio.charset.StandardCharsets;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.Signature;
import java.time.Duration;
import java.time.Instant;
import java.util.Base64;
import java.util.HexFormat;
import java.util.Map;
import java.util.function.UnaryOperator;
import java.util.regex.Pattern;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * Entra client credentials: each way it fails says who must fix what, and a good login is reused
 * until shortly before expiry.
 */
class DynamicsAuthTest {
  private DynamicsWorld world;

  @AfterEach
  void close() {
    if (world != null) world.close();
  }

  private DynamicsWorld world(
      UnaryOperator<dev.revsync.simulators.dynamics.DynamicsSimulator.Builder> options) {
    world = new DynamicsWorld(options);
    return world;
  }

  private static RevsyncException verifyFails(Connector c) {
    Throwable t = catchThrowable(c::verify);
    assertThat(t).isInstanceOf(RevsyncException.class);
    return (RevsyncException) t;
  }

  @Test
  void verifyReadsWhoAmIAndTheVersionInThreeCalls() {
    DynamicsWorld w = world(b -> b);
    VerifyResult r = w.open(Map.of("dailyEntitlement", "40,000")).verify();
    assertThat(r.callsSpent()).isEqualTo(3);
    assertThat(w.sim.requestLog().count()).isEqualTo(3);
    assertThat(r.organizationId()).isEqualTo(w.sim.organizationId());
    assertThat(r.user()).isEqualTo(w.sim.userId());
    assertThat(r.details())
        .containsKeys(
            "version",
            "businessUnitId",
            "requestsLeftIn5Minutes",
            "executionSecondsLeftIn5Minutes");
    assertThat(r.details().get("executionSecondsLeftIn5Minutes")).isEqualTo("1199");
    assertThat(r.systemDailyLimit()).hasValue(40_000);
  }

  @Test
  void aWrongTenantIsNamed() {
    DynamicsWorld w = world(b -> b);
    RevsyncException e =
        verifyFails(w.open(Map.of("tenantId", "11111111-2222-3333-4444-555555555555")));
    assertThat(e).isInstanceOf(AuthenticationException.class);
    assertThat(e.getMessage())
        .contains("tenant '11111111-2222-3333-4444-555555555555' is unknown")
        .contains("AADSTS90002")
        .contains("Check tenantId");
  }

  @Test
  void anUnknownAppIsNamed() {
    DynamicsWorld w = world(b -> b);
    RevsyncException e =
        verifyFails(w.open(Map.of("clientId", "99999999-2222-3333-4444-555555555555")));
    assertThat(e).isInstanceOf(AuthenticationException.class);
    assertThat(e.getMessage())
        .contains("is not registered in tenant")
        .contains("AADSTS700016")
        .contains("Check clientId");
  }

  @Test
  void aBadSecretIsNamedAndNeverShown() {
    DynamicsWorld w = world(b -> b);
    Connector c =
        new DynamicsConnectorProvider()
            .open(w.config(Map.of()).secret("clientSecret", "wrong-secret-value").build());
    RevsyncException e = verifyFails(c);
    c.close();
    assertThat(e).isInstanceOf(AuthenticationException.class);
    assertThat(e.getMessage())
        .contains("client secret was refused")
        .contains("AADSTS7000215")
        .doesNotContain("wrong-secret-value");
  }

  @Test
  void anExpiredSecretIsNamed() {
    DynamicsWorld w = world(b -> b.secretExpired(true));
    RevsyncException e = verifyFails(w.open());
    assertThat(e).isInstanceOf(AuthenticationException.class);
    assertThat(e.getMessage())
        .contains("client secret has expired")
        .contains("Create a new client secret");
  }

  @Test
  void anAppThatIsNoApplicationUserIsAPermissionProblem() {
    DynamicsWorld w = world(b -> b.applicationUser(false));
    RevsyncException e = verifyFails(w.open());
    assertThat(e).isInstanceOf(PermissionException.class);
    assertThat(e.getMessage())
        .contains("not an application user")
        .contains("add the app registration as an application user");
  }

  @Test
  void aMissingSecurityRoleIsAPermissionProblem() {
    DynamicsWorld w = world(b -> b.securityRole(false));
    RevsyncException e = verifyFails(w.open());
    assertThat(e).isInstanceOf(PermissionException.class);
    assertThat(e.getMessage()).contains("missing prvRead").contains("security role");
  }

  @Test
  void anEnvironmentOfAnotherTenantIsAConfigurationProblem() {
    DynamicsWorld w = world(b -> b);
    Connector c =
        new DynamicsConnectorProvider()
            .open(w.config(Map.of()).baseUrl(w.sim.baseUrl() + "/other").build());
    RevsyncException e = verifyFails(c);
    c.close();
    assertThat(e).isInstanceOf(ConfigurationException.class);
    assertThat(e.getMessage()).contains("is not a resource in tenant");
  }

  @Test
  void aCertificateLogsInWithASignedAssertion() {
    DynamicsWorld w = world(b -> b.certificate(true));
    VerifyResult r = w.open().verify();
    assertThat(r.organizationId()).isEqualTo(w.sim.organizationId());
  }

  @Test
  void theClientAssertionCarriesTheThumbprintAsX5tAndTheEntraClaims() throws Exception {
    KeyPair keys = rsaKeys();
    String thumbprint = "0123456789ABCDEF0123456789abcdef01234567";
    DynamicsConfig config =
        DynamicsConfig.from(
            ConnectionConfig.builder("test/dynamics")
                .baseUrl("https://contoso.crm.dynamics.com")
                .setting("tenantId", "contoso.onmicrosoft.com")
                .setting("clientId", "app-1")
                .secret("certificatePrivateKey", pem("PRIVATE KEY", keys.getPrivate().getEncoded()))
                .setting("certificateThumbprint", thumbprint)
                .build());
    Instant now = Instant.parse("2026-11-28T00:30:00Z");
    String audience = "https://login.microsoftonline.com/contoso.onmicrosoft.com/oauth2/v2.0/token";
    DynamicsAuth auth = new DynamicsAuth(config);
    String jwt = auth.clientAssertion(audience, now);

    String[] parts = jwt.split("\\.");
    assertThat(parts).hasSize(3);
    Base64.Decoder url = Base64.getUrlDecoder();
    String x5t =
        Base64.getUrlEncoder().withoutPadding().encodeToString(HexFormat.of().parseHex(thumbprint));
    assertThat(new String(url.decode(parts[0]), StandardCharsets.UTF_8))
        .isEqualTo("{\"alg\":\"RS256\",\"typ\":\"JWT\",\"x5t\":\"" + x5t + "\"}");
    long iat = now.getEpochSecond();
    assertThat(new String(url.decode(parts[1]), StandardCharsets.UTF_8))
        .matches(
            "\\{\"aud\":\""
                + Pattern.quote(audience)
                + "\",\"iss\":\"app-1\",\"sub\":\"app-1\",\"jti\":\"[0-9a-f-]{36}\","
                + "\"nbf\":"
                + iat
                + ",\"iat\":"
                + iat
                + ",\"exp\":"
                + (iat + 600)
                + "}");
    Signature verifier = Signature.getInstance("SHA256withRSA");
    verifier.initVerify(keys.getPublic());
    verifier.update((parts[0] + "." + parts[1]).getBytes(StandardCharsets.US_ASCII));
    assertThat(verifier.verify(url.decode(parts[2]))).isTrue();
    assertThat(auth.clientAssertion(audience, now)).as("a fresh jti each time").isNotEqualTo(jwt);
  }

  @Test
  void aPkcs1CertificateKeyIsReadAndAnEncryptedOneIsRefusedWithoutShowingIt() throws Exception {
    KeyPair keys = rsaKeys();
    byte[] pkcs8 = keys.getPrivate().getEncoded();
    // PKCS#8 of a 2048-bit RSA key: a 26-byte prefix (SEQUENCE, version, AlgorithmIdentifier, OCTET
    // STRING header)
    byte[] pkcs1 = java.util.Arrays.copyOfRange(pkcs8, 26, pkcs8.length);
    ConnectionConfig.Builder b =
        ConnectionConfig.builder("test/dynamics")
            .baseUrl("https://contoso.crm.dynamics.com")
            .setting("clientId", "app-1")
            .setting("certificateThumbprint", "0123456789abcdef0123456789abcdef01234567");
    DynamicsConfig config =
        DynamicsConfig.from(
            b.secret("certificatePrivateKey", pem("RSA PRIVATE KEY", pkcs1)).build());
    assertThat(config.certificateKey().getEncoded()).isEqualTo(pkcs8);

    Throwable t =
        catchThrowable(
            () ->
                DynamicsConfig.from(
                    b.secret(
                            "certificatePrivateKey",
                            "-----BEGIN ENCRYPTED PRIVATE KEY-----\nSECRETBYTES\n-----END ENCRYPTED PRIVATE KEY-----")
                        .build()));
    assertThat(t).isInstanceOf(ConfigurationException.class);
    assertThat(t.getMessage())
        .contains("certificatePrivateKey is not a usable RSA private key")
        .contains("encrypted")
        .doesNotContain("SECRETBYTES");
  }

  private static KeyPair rsaKeys() throws Exception {
    KeyPairGenerator g = KeyPairGenerator.getInstance("RSA");
    g.initialize(2048);
    return g.generateKeyPair();
  }

  private static String pem(String type, byte[] der) {
    return "-----BEGIN "
        + type
        + "-----\n"
        + Base64.getMimeEncoder().encodeToString(der)
        + "\n-----END "
        + type
        + "-----\n";
  }

  @Test
  void theTenantIsDiscoveredFromWwwAuthenticateWhenNotSet() {
    DynamicsWorld w = world(b -> b);
    Connector c =
        new DynamicsConnectorProvider()
            .open(w.config(Map.of()).build().newBuilder().setting("tenantId", "").build());
    VerifyResult r = c.verify();
    c.close();
    assertThat(r.callsSpent()).isEqualTo(4);
    assertThat(w.sim.requestLog().entries().get(0).status()).isEqualTo(401);
    assertThat(w.sim.requestLog().entries().get(1).path())
        .isEqualTo("/" + w.sim.tenantId() + "/oauth2/v2.0/token");
  }

  @Test
  void theTokenIsReusedUntilShortlyBeforeItExpiresAndRefreshedOnceOn401() {
    DynamicsWorld w = world(b -> b);
    Connector c = w.open();
    c.verify();
    w.clock.advance(Duration.ofMinutes(50));
    c.verify();
    assertThat(w.sim.requestLog().count("/oauth2/v2.0/token")).isEqualTo(1);
    w.clock.advance(
        Duration.ofMinutes(
            6)); // 56 minutes: inside the five-minute renewal margin of a 3599 s token
    c.verify();
    assertThat(w.sim.requestLog().count("/oauth2/v2.0/token")).isEqualTo(2);
    w.sim.expireAccessTokens();
    c.verify();
    assertThat(w.sim.requestLog().count("/oauth2/v2.0/token")).isEqualTo(3);
    assertThat(w.sim.requestLog().count(e -> e.status() == 401)).isEqualTo(1);
  }

  @Test
  void everySettingsProblemIsReportedAtOnce() {
    DynamicsWorld w = world(b -> b);
    Throwable t =
        catchThrowable(
            () ->
                new DynamicsConnectorProvider()
                    .open(
                        dev.revsync.ConnectionConfig.builder("bad")
                            .setting("pageSize", "9000")
                            .setting("apiVersion", "v8")
                            .build()));
    assertThat(t).isInstanceOf(ConfigurationException.class);
    assertThat(t.getMessage())
        .contains("base URL")
        .contains("clientId is missing")
        .contains("neither clientSecret")
        .contains("pageSize must be between 1 and 5000")
        .contains("apiVersion must be");
    assertThat(w.sim.requestLog().count()).isZero();
  }
}
