package dev.revsync.internal.http;

import static org.assertj.core.api.Assertions.assertThat;

import dev.revsync.Activity;
import dev.revsync.ApiStyle;
import dev.revsync.PermissionException;
import dev.revsync.VendorApiException;
import dev.revsync.spi.CallContext;
import dev.revsync.spi.Classification;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import okhttp3.MediaType;
import okhttp3.Protocol;
import okhttp3.Request;
import okhttp3.Response;
import okhttp3.ResponseBody;
import org.junit.jupiter.api.Test;

class StandardClassifierTest {
  private static final Instant NOW = Instant.parse("2026-11-28T10:00:00Z");

  private final CallContext call =
      new CallContext() {
        @Override
        public String system() {
          return "acme";
        }

        @Override
        public String call() {
          return "GET /v1/items";
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
      };

  @Test
  void successIsOkAndUnauthorizedMeansTheTokenExpired() {
    assertThat(StandardClassifier.INSTANCE.classify(response(204, "", null), call).kind())
        .isEqualTo(Classification.Kind.OK);
    assertThat(StandardClassifier.INSTANCE.classify(response(401, "", null), call).kind())
        .isEqualTo(Classification.Kind.AUTH_EXPIRED);
  }

  @Test
  void throttlingAndServerErrorsAreRetriedWithRetryAfterInSecondsOrAsADate() {
    Classification seconds = StandardClassifier.INSTANCE.classify(response(429, "", "120"), call);
    Classification date =
        StandardClassifier.INSTANCE.classify(
            response(503, "", "Sat, 28 Nov 2026 10:00:30 GMT"), call);
    Classification none = StandardClassifier.INSTANCE.classify(response(502, "", null), call);

    assertThat(seconds.kind()).isEqualTo(Classification.Kind.RETRY);
    assertThat(seconds.retryAfter()).isEqualTo(Duration.ofMinutes(2));
    assertThat(seconds.reason()).contains("429");
    assertThat(date.retryAfter()).isEqualTo(Duration.ofSeconds(30));
    assertThat(none.kind()).isEqualTo(Classification.Kind.RETRY);
    assertThat(none.retryAfter()).isNull();
    assertThat(StandardClassifier.INSTANCE.classify(response(501, "", null), call).kind())
        .isEqualTo(Classification.Kind.FATAL);
  }

  @Test
  void forbiddenIsAPermissionErrorWithTheBodyStartButNoSecret() {
    Classification c =
        StandardClassifier.INSTANCE.classify(
            response(
                403, "{\"message\":\"API_DISABLED_FOR_ORG\",\"session_token\":\"s3cr3t\"}", null),
            call);

    assertThat(c.failure()).isInstanceOf(PermissionException.class);
    assertThat(c.failure().getMessage())
        .contains("acme", "GET /v1/items", "API_DISABLED_FOR_ORG")
        .doesNotContain("s3cr3t");
  }

  @Test
  void otherClientErrorsCarryStatusAndTheFirstFiveHundredCharacters() {
    String body =
        "[{\"errorCode\":\"INVALID_FIELD\",\"message\":\"No such column 'Foo__c'\"}]"
            + "x".repeat(2000);

    Classification c = StandardClassifier.INSTANCE.classify(response(400, body, null), call);

    assertThat(c.failure()).isInstanceOf(VendorApiException.class);
    VendorApiException e = (VendorApiException) c.failure();
    assertThat(e.httpStatus()).isEqualTo(400);
    assertThat(e.vendorMessage())
        .startsWith("[{\"errorCode\":\"INVALID_FIELD\"")
        .hasSizeLessThanOrEqualTo(501);
  }

  private static Response response(int code, String body, String retryAfter) {
    Response.Builder b =
        new Response.Builder()
            .request(new Request.Builder().url("https://api.example.com/v1/items").build())
            .protocol(Protocol.HTTP_1_1)
            .code(code)
            .message("status " + code)
            .body(ResponseBody.create(body, MediaType.get("application/json")));
    if (retryAfter != null) b.header("Retry-After", retryAfter);
    return b.build();
  }
}
