package dev.revsync.salesforce;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.revsync.ConfigurationException;
import dev.revsync.ConnectionConfig;
import org.junit.jupiter.api.Test;

class SalesforceConfigTest {

  @Test
  void refreshTokenFlowIsInferredAndDefaultsApply() {
    SalesforceConfig c =
        SalesforceConfig.from(
            ConnectionConfig.builder("t/sf")
                .setting("clientId", "3MVG9")
                .secret("refreshToken", "5Aep861")
                .build());
    assertThat(c.authFlow()).isEqualTo(SalesforceConfig.AuthFlow.REFRESH_TOKEN);
    assertThat(c.tokenUrl()).isEqualTo("https://login.salesforce.com/services/oauth2/token");
    assertThat(c.apiVersion()).isEqualTo(SalesforceConfig.DEFAULT_API_VERSION);
    assertThat(c.bulkThreshold()).isEqualTo(SalesforceConfig.DEFAULT_BULK_THRESHOLD);
    assertThat(c.toString()).doesNotContain("5Aep861");
  }

  @Test
  void baseUrlOverridesTheInstanceAndTheLoginHostWhenNoLoginUrlIsSet() {
    SalesforceConfig c =
        SalesforceConfig.from(
            ConnectionConfig.builder("t/sf")
                .baseUrl("http://127.0.0.1:8080/")
                .setting("clientId", "3MVG9")
                .secret("clientSecret", "s")
                .setting("authFlow", "client_credentials")
                .build());
    assertThat(c.instanceOverride()).isEqualTo("http://127.0.0.1:8080");
    assertThat(c.tokenUrl()).isEqualTo("http://127.0.0.1:8080/services/oauth2/token");
  }

  @Test
  void clientCredentialsOnTheGenericLoginHostIsRefusedBeforeAnyCall() {
    assertThatThrownBy(
            () ->
                SalesforceConfig.from(
                    ConnectionConfig.builder("t/sf")
                        .setting("clientId", "3MVG9")
                        .secret("clientSecret", "topsecret")
                        .setting("authFlow", "client_credentials")
                        .build()))
        .isInstanceOf(ConfigurationException.class)
        .hasMessageContaining("My Domain")
        .hasMessageNotContaining("topsecret");
  }

  @Test
  void everyProblemIsNamedAtOnce() {
    assertThatThrownBy(
            () ->
                SalesforceConfig.from(
                    ConnectionConfig.builder("t/sf")
                        .setting("authFlow", "jwt")
                        .setting("apiVersion", "25.0")
                        .setting("bulkThreshold", "many")
                        .build()))
        .isInstanceOf(ConfigurationException.class)
        .hasMessageContaining("clientId")
        .hasMessageContaining("username")
        .hasMessageContaining("privateKey")
        .hasMessageContaining("apiVersion")
        .hasMessageContaining("bulkThreshold");
  }

  @Test
  void unknownAuthFlowAndNoCredentialsAreConfigurationErrors() {
    assertThatThrownBy(
            () ->
                SalesforceConfig.from(
                    ConnectionConfig.builder("t/sf")
                        .setting("clientId", "x")
                        .setting("authFlow", "password")
                        .build()))
        .hasMessageContaining("refresh_token, client_credentials or jwt");
    assertThatThrownBy(
            () ->
                SalesforceConfig.from(
                    ConnectionConfig.builder("t/sf").setting("clientId", "x").build()))
        .hasMessageContaining("no credentials");
  }

  @Test
  void jwtAudienceFollowsProductionOrSandbox() {
    String pem = SalesforceFixture.pkcs8Pem(generated());
    SalesforceConfig sandbox =
        SalesforceConfig.from(
            ConnectionConfig.builder("t/sf")
                .setting("clientId", "x")
                .setting("username", "u@acme.com.dev")
                .secret("privateKey", pem)
                .setting("loginUrl", "https://test.salesforce.com")
                .build());
    assertThat(sandbox.authFlow()).isEqualTo(SalesforceConfig.AuthFlow.JWT);
    assertThat(sandbox.jwtAudience()).isEqualTo("https://test.salesforce.com");
    SalesforceConfig myDomainSandbox =
        SalesforceConfig.from(
            ConnectionConfig.builder("t/sf")
                .setting("clientId", "x")
                .setting("username", "u")
                .secret("privateKey", pem)
                .setting("loginUrl", "https://acme--dev.sandbox.my.salesforce.com")
                .build());
    assertThat(myDomainSandbox.jwtAudience()).isEqualTo("https://test.salesforce.com");
    SalesforceConfig prod =
        SalesforceConfig.from(
            ConnectionConfig.builder("t/sf")
                .setting("clientId", "x")
                .setting("username", "u")
                .secret("privateKey", pem)
                .setting("loginUrl", "https://acme.my.salesforce.com")
                .setting("apiVersion", "v64.0")
                .build());
    assertThat(prod.jwtAudience()).isEqualTo("https://login.salesforce.com");
    assertThat(prod.apiVersion()).isEqualTo("64.0");
  }

  private static java.security.PrivateKey generated() {
    try {
      var g = java.security.KeyPairGenerator.getInstance("RSA");
      g.initialize(2048);
      return g.generateKeyPair().getPrivate();
    } catch (java.security.NoSuchAlgorithmException e) {
      throw new AssertionError(e);
    }
  }
}
