package dev.revsync.internal.http;

import static org.assertj.core.api.Assertions.assertThat;

import okhttp3.HttpUrl;
import org.junit.jupiter.api.Test;

class RedactionTest {

  @Test
  void secretQueryValuesAreMaskedAndOthersKept() {
    HttpUrl url =
        HttpUrl.get(
            "https://api.example.com/v1/items?access_token=abc123&page=2&api_key=k9&sessionId=s1&q=SELECT+Id");

    String shown = Redaction.url(url);

    assertThat(shown)
        .isEqualTo(
            "https://api.example.com/v1/items?access_token=██&page=2&api_key=██&sessionId=██&q=SELECT+Id");
  }

  @Test
  void userInfoNeverShows() {
    HttpUrl url = HttpUrl.get("https://bob:hunter2@api.example.com/x?code=xyz");

    assertThat(Redaction.url(url))
        .isEqualTo("https://api.example.com/x?code=██")
        .doesNotContain("hunter2");
  }

  @Test
  void authorizationCredentialsInTextAreMasked() {
    String text = "sent Authorization: Bearer 00D5g000004XyZa!AQ8AQ.example and Basic dXNlcjpwYXNz";

    assertThat(Redaction.text(text))
        .doesNotContain("00D5g000004XyZa", "dXNlcjpwYXNz")
        .contains("Bearer ██", "Basic ██");
  }

  @Test
  void secretJsonFormAndXmlValuesAreMasked() {
    String json =
        "{\"access_token\":\"tok-1\",\"instance_url\":\"https://acme.my.salesforce.com\",\"refresh_token\" : \"r-2\"}";
    String form = "grant_type=refresh_token&refresh_token=r-3&client_secret=s-4&client_id=abc";
    String xml =
        "<soapenv:Header><urn:sessionId>sess-5</urn:sessionId><name>Ann</name></soapenv:Header>";

    assertThat(Redaction.text(json))
        .doesNotContain("tok-1", "r-2")
        .contains("https://acme.my.salesforce.com");
    assertThat(Redaction.text(form))
        .doesNotContain("r-3", "s-4")
        .contains("grant_type=refresh_token", "client_id=abc");
    assertThat(Redaction.text(xml))
        .doesNotContain("sess-5")
        .contains("<name>Ann</name>", "<urn:sessionId>██</urn:sessionId>");
  }

  @Test
  void namesThatLookSecretAreRecognised() {
    assertThat(Redaction.isSecretName("X-Api-Key")).isTrue();
    assertThat(Redaction.isSecretName("client_secret")).isTrue();
    assertThat(Redaction.isSecretName("assertion")).isTrue();
    assertThat(Redaction.isSecretName("Password")).isTrue();
    assertThat(Redaction.isSecretName("instance_url")).isFalse();
    assertThat(Redaction.isSecretName("page")).isFalse();
    assertThat(Redaction.isSecretName("code")).isTrue();
    assertThat(Redaction.isSecretName("errorCode")).isFalse();
  }
}
