package dev.revsync;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;

class ConnectionConfigTest {

  @Test
  void toStringShowsSecretNamesButNeverTheirValues() {
    ConnectionConfig config =
        ConnectionConfig.builder("tenant-42/salesforce")
            .setting("clientId", "3MVG9-public")
            .secret("clientSecret", "very-secret-1")
            .secret("refreshToken", "5Aep861-secret-2")
            .baseUrl("https://acme.my.salesforce.com")
            .build();

    assertThat(config.toString())
        .contains(
            "tenant-42/salesforce", "clientId=3MVG9-public", "clientSecret=██", "refreshToken=██")
        .doesNotContain("very-secret-1", "5Aep861-secret-2");
    assertThat(config.secret("clientSecret")).hasValue("very-secret-1");
  }

  @Test
  void toStringMasksCredentialsInTheBaseUrl() {
    ConnectionConfig config =
        ConnectionConfig.builder("tenant-42/acme")
            .baseUrl("https://integration:hunter2@api.acme.example/v1?tenant=42&api_key=k3y-value")
            .build();

    assertThat(config.toString())
        .contains("https://api.acme.example/v1?tenant=42&api_key=██")
        .doesNotContain("hunter2", "k3y-value", "integration:");
    assertThat(config.baseUrl())
        .hasValue("https://integration:hunter2@api.acme.example/v1?tenant=42&api_key=k3y-value");
  }

  @Test
  void aRefusedBaseUrlIsNamedInTheErrorWithoutItsPassword() {
    assertThatThrownBy(
            () ->
                ConnectionConfig.builder("tenant-42/acme")
                    .baseUrl("ftp://integration:hunter2@api.acme.example/v1?api_key=k3y-value"))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("must be an http(s) URL: 'ftp://***@api.acme.example/v1?…'")
        .satisfies(
            e -> assertThat(e.getMessage()).doesNotContain("hunter2", "k3y-value", "integration"));
  }
}
