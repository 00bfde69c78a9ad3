package dev.revsync.internal.http;

import static org.assertj.core.api.Assertions.assertThat;

import okhttp3.HttpUrl;
import org.junit.jupiter.api.Test;

class UrlPolicyTest {

  @Test
  void plainHttpIsAllowedOnlyToLoopback() {
    assertThat(UrlPolicy.refusal(HttpUrl.get("http://127.0.0.1:8080/x"))).isNull();
    assertThat(UrlPolicy.refusal(HttpUrl.get("http://127.9.0.1/x"))).isNull();
    assertThat(UrlPolicy.refusal(HttpUrl.get("http://localhost:1/x"))).isNull();
    assertThat(UrlPolicy.refusal(HttpUrl.get("http://[::1]:1/x"))).isNull();
    assertThat(UrlPolicy.refusal(HttpUrl.get("https://api.example.com/x"))).isNull();

    assertThat(UrlPolicy.refusal(HttpUrl.get("http://api.example.com/x")))
        .contains("api.example.com");
    assertThat(UrlPolicy.refusal(HttpUrl.get("http://10.0.0.1/x"))).isNotNull();
    assertThat(UrlPolicy.refusal(HttpUrl.get("http://127.0.0.1.example.com/x"))).isNotNull();
    assertThat(UrlPolicy.refusal(HttpUrl.get("http://localhost.example.com/x"))).isNotNull();
  }

  @Test
  void httpsToHttpRedirectIsRefusedEvenOnTheSameHost() {
    String refusal =
        UrlPolicy.redirectRefusal(
            HttpUrl.get("https://acme.my.salesforce.com/services/data"),
            HttpUrl.get("http://acme.my.salesforce.com/services/data"));

    assertThat(refusal)
        .contains(
            "HTTPS to plain HTTP",
            "https://acme.my.salesforce.com/services/data",
            "http://acme.my.salesforce.com/services/data");
  }

  @Test
  void redirectToAnotherHostOrPortIsRefusedAndWithinOneOriginAllowed() {
    HttpUrl from = HttpUrl.get("https://acme.my.salesforce.com/a?token=t1");

    assertThat(UrlPolicy.redirectRefusal(from, HttpUrl.get("https://evil.example.com/a")))
        .contains("another origin", "https://evil.example.com/a", "token=██")
        .doesNotContain("t1");
    assertThat(
            UrlPolicy.redirectRefusal(from, HttpUrl.get("https://acme.my.salesforce.com:8443/a")))
        .isNotNull();
    assertThat(UrlPolicy.redirectRefusal(from, HttpUrl.get("https://ACME.my.salesforce.com/b")))
        .isNull();
  }
}
