package dev.revsync.marketo;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import dev.revsync.Activity;
import dev.revsync.ApiStyle;
import dev.revsync.ConfigurationException;
import dev.revsync.ConnectionConfig;
import dev.revsync.PermissionException;
import dev.revsync.VendorApiException;
import dev.revsync.spi.CallContext;
import dev.revsync.spi.Classification;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import okhttp3.HttpUrl;
import okhttp3.MediaType;
import okhttp3.Protocol;
import okhttp3.Request;
import okhttp3.Response;
import okhttp3.ResponseBody;
import org.junit.jupiter.api.Test;

class MarketoConfigAndErrorsTest {
  private static final Instant NOW = Instant.parse("2026-11-28T00:30:00Z");

  @Test
  void everyMissingSettingIsNamedAtOnceAndNoSecretIsShown() {
    ConfigurationException e =
        catchThrowableOfType(
            ConfigurationException.class,
            () ->
                MarketoConfig.from(
                    ConnectionConfig.builder("t/marketo").setting("dailyQuota", "lots").build()));
    assertThat(e.getMessage())
        .contains(
            "munchkinId", "clientId is missing", "clientSecret is missing", "dailyQuota", "'lots'");
    MarketoConfig ok =
        MarketoConfig.from(
            ConnectionConfig.builder("t/marketo")
                .setting("munchkinId", "123-abc-456")
                .setting("clientId", "id")
                .secret("clientSecret", "s3cr3t-value")
                .build());
    assertThat(ok.root()).hasToString("https://123-abc-456.mktorest.com/");
    assertThat(ok.subscription()).isEqualTo("123-ABC-456");
    assertThat(ok.toString()).doesNotContain("s3cr3t-value");
    assertThat(ok.url("/bulk/v1/leads/export/create.json").build())
        .hasToString("https://123-abc-456.mktorest.com/bulk/v1/leads/export/create.json");
    MarketoConfig byEndpoint =
        MarketoConfig.from(
            ConnectionConfig.builder("t/marketo")
                .baseUrl("https://123-abc-456.mktorest.com/rest/")
                .setting("clientId", "id")
                .secret("clientSecret", "s")
                .build());
    assertThat(byEndpoint.root()).hasToString("https://123-abc-456.mktorest.com/");
    assertThat(byEndpoint.subscription())
        .as("the Munchkin id read off the endpoint")
        .isEqualTo("123-ABC-456");
    assertThat(MarketoConfig.rootOf(HttpUrl.get("https://123-ABC-456.mktorest.com/identity")))
        .hasToString("https://123-abc-456.mktorest.com/");
  }

  private static Classification classify(String body) throws Exception {
    Response response =
        new Response.Builder()
            .request(new Request.Builder().url("https://x.mktorest.com/rest/v1/leads.json").build())
            .protocol(Protocol.HTTP_1_1)
            .code(200)
            .message("OK")
            .header("Content-Type", "application/json;charset=UTF-8")
            .body(ResponseBody.create(body, MediaType.get("application/json")))
            .build();
    return new MarketoErrors()
        .classify(
            response,
            new CallContext() {
              @Override
              public String system() {
                return "marketo";
              }

              @Override
              public String call() {
                return "GET /rest/v1/leads.json";
              }

              @Override
              public Activity activity() {
                return Activity.SYNC;
              }

              @Override
              public ApiStyle style() {
                return ApiStyle.REST;
              }

              @Override
              public int attempt() {
                return 1;
              }

              @Override
              public void reportSystemRemaining(long remaining) {}

              @Override
              public Clock clock() {
                return Clock.fixed(NOW, ZoneOffset.UTC);
              }
            });
  }

  private static String failure(String code, String message) {
    return "{\"requestId\":\"e42b#14272d07d78\",\"success\":false,\"errors\":[{\"code\":\""
        + code
        + "\",\"message\":\""
        + message
        + "\"}]}";
  }

  @Test
  void envelopeCodesInHttp200BecomeRetriesRefreshesQuotaStopsAndTypedErrors() throws Exception {
    assertThat(
            classify("{\"requestId\":\"a#1\",\"result\":[{\"success\":false}],\"success\":true}")
                .kind())
        .as("a record field named success is no failure")
        .isEqualTo(Classification.Kind.OK);
    assertThat(classify(failure("601", "Access token invalid")).kind())
        .isEqualTo(Classification.Kind.AUTH_EXPIRED);
    assertThat(classify(failure("602", "Access token expired")).kind())
        .isEqualTo(Classification.Kind.AUTH_EXPIRED);
    Classification rate =
        classify(failure("606", "Max rate limit '100' exceeded with in '20' secs"));
    assertThat(rate.kind()).isEqualTo(Classification.Kind.RETRY);
    assertThat(rate.retryAfter()).isEqualTo(MarketoErrors.RATE_WINDOW);
    assertThat(classify(failure("615", "Concurrent access limit reached")).kind())
        .isEqualTo(Classification.Kind.RETRY);
    assertThat(classify(failure("611", "System error")).kind())
        .isEqualTo(Classification.Kind.RETRY);
    Classification quota = classify(failure("607", "Daily quota reached"));
    assertThat(quota.kind()).isEqualTo(Classification.Kind.QUOTA_EXHAUSTED);
    assertThat(quota.resetsAt())
        .as("midnight in Chicago")
        .isEqualTo(Instant.parse("2026-11-28T06:00:00Z"));
    assertThat(classify(failure("1029", "Export daily quota exceeded")).kind())
        .isEqualTo(Classification.Kind.QUOTA_EXHAUSTED);
    assertThat(classify(failure("1029", "Too many jobs (10) in queue")).kind())
        .isEqualTo(Classification.Kind.RETRY);
    assertThat(classify(failure("603", "Access denied")).failure())
        .isInstanceOf(PermissionException.class);
    Classification bad = classify(failure("1006", "Field 'nope' not found"));
    assertThat(bad.failure())
        .isInstanceOfSatisfying(
            VendorApiException.class,
            v -> {
              assertThat(v.vendorCode()).isEqualTo("1006");
              assertThat(v.getMessage())
                  .contains("marketo", "GET /rest/v1/leads.json", "Field 'nope' not found");
            });
  }
}
