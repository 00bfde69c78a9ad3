package dev.revsync;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class ConnectionConfigTest {

  @Test
  void toStringShowsSecretNamesButNeverTheirValues() {
    ConnectionConfig config = ConnectionConfig.builder("tenant-42/salesforce")
        .setting("clientId", "3MVG9-public")
        .secret("clientSecret", "very-secret-1")
        .secret("refreshToken", "5Aep861-secret-2")
        .baseUrl("https://acme.my.salesforce.com")
        .build();

    assertThat(config.toString())
        .contains("tenant-42/salesforce", "clientId=3MVG9-public", "clientSecret=██", "refreshToken=██")
        .doesNotContain("very-secret-1", "5Aep861-secret-2");
    assertThat(config.secret("clientSecret")).hasValue("very-secret-1");
  }
}
