package dev.revsync.spi;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Instant;
import java.util.Map;
import org.junit.jupiter.api.Test;

class AccessTokenTest {

  @Test
  void toStringShowsNoSecret() {
    AccessToken token =
        AccessToken.bearer(
            "00D5g000004XyZa!AQ8AQ.secret",
            Instant.parse("2026-11-28T12:00:00Z"),
            Map.of("instance_url", "https://acme.my.salesforce.com"));

    assertThat(token.toString())
        .doesNotContain("00D5g000004XyZa")
        .contains("Bearer", "instance_url");
    assertThat(token.authorization()).isEqualTo("Bearer 00D5g000004XyZa!AQ8AQ.secret");
  }
}
