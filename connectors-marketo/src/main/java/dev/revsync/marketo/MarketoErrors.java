package dev.revsync.marketo;

import dev.revsync.PermissionException;
import dev.revsync.VendorApiException;
import dev.revsync.spi.CallContext;
import dev.revsync.spi.Classification;
import dev.revsync.spi.Json;
import dev.revsync.spi.ResponseClassifier;
import java.io.IOException;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneId;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.regex.Pattern;
import okhttp3.Response;

/**
 * What Marketo's answers mean. Marketo fails inside an HTTP 200 envelope ({@code
 * "success":false,"errors":[{"code":"606",...}]}), so every JSON 200 is peeked: a failure envelope
 * is small and says {@code success:false} near its start, before any result. Codes: 601/602 refresh
 * the token and retry once; 606 waits out the 20 s window; 615 waits briefly for a concurrency
 * slot; 604/608/611/614 retry with backoff; 607 stops for the day (until midnight America/Chicago);
 * 1029 "export daily quota" stops the extract for the day while "too many jobs" waits; 603 is a
 * missing permission; the rest are typed vendor errors with the code and message. HTTP 5xx and 429
 * are the gateway's and retried; other HTTP errors fall to the standard classifier. Stateless and
 * thread-safe.
 */
final class MarketoErrors implements ResponseClassifier {
  /**
   * Marketo's quota day ends at midnight "CST"; read as America/Chicago (UNCONFIRMED whether with
   * DST).
   */
  static final ZoneId QUOTA_ZONE = ZoneId.of("America/Chicago");

  static final Duration RATE_WINDOW = Duration.ofSeconds(20);
  static final Duration CONCURRENCY_WAIT = Duration.ofSeconds(2);
  static final Duration QUEUE_FULL_WAIT = Duration.ofMinutes(1);

  private static final Pattern FAILURE = Pattern.compile("\"success\"\\s*:\\s*false");
  private static final long PEEK = 8 * 1024;

  @Override
  public Classification classify(Response response, CallContext call) throws IOException {
    int status = response.code();
    if (status < 200 || status >= 300) {
      if (status == 404 && call.call().endsWith("/file.json")) {
        return Classification.fatal(
            new VendorApiException(
                MarketoConfig.SYSTEM,
                call.call(),
                404,
                "FILE_NOT_AVAILABLE",
                response.peekBody(300).string().trim(),
                "The extract's file is gone or not ready; the sync starts a new job"));
      }
      return ResponseClassifier.standard().classify(response, call);
    }
    String type = response.header("Content-Type", "");
    if (!type.toLowerCase(Locale.ROOT).contains("json")) return Classification.ok();
    String head = response.peekBody(PEEK).string();
    if (!FAILURE.matcher(head).find() || !topLevelFailure(head)) return Classification.ok();
    Map<String, Object> envelope;
    try {
      envelope = Json.parseObject(head, MarketoConfig.SYSTEM, call.call());
    } catch (RuntimeException e) {
      return Classification.retry(null, "a failure envelope that did not parse: " + clip(head));
    }
    String code = "";
    String message = "";
    Object errors = envelope.get("errors");
    if (errors instanceof List
        && !((List<?>) errors).isEmpty()
        && ((List<?>) errors).get(0) instanceof Map) {
      Map<?, ?> first = (Map<?, ?>) ((List<?>) errors).get(0);
      code = String.valueOf(first.get("code"));
      message = String.valueOf(first.get("message"));
    }
    return classify(code, message, call);
  }

  static Classification classify(String code, String message, CallContext call) {
    String what = code + " " + message;
    switch (code) {
      case "601":
      case "602":
        return Classification.authExpired(what);
      case "606":
        // no Retry-After from Marketo: the rolling window clears within its length
        return Classification.retry(RATE_WINDOW, what);
      case "615":
        return Classification.retry(CONCURRENCY_WAIT, what);
      case "604":
      case "608":
      case "611":
      case "614":
        return Classification.retry(null, what);
      case "607":
        return Classification.quotaExhausted(
            "Marketo's daily API quota is spent (" + what + ")",
            nextQuotaReset(call.clock().instant()));
      case "1029":
        if (message.toLowerCase(Locale.ROOT).contains("quota")) {
          return Classification.quotaExhausted(
              "Marketo's daily bulk export quota is spent (" + what + ")",
              nextQuotaReset(call.clock().instant()));
        }
        if (message.toLowerCase(Locale.ROOT).contains("too many"))
          return Classification.retry(QUEUE_FULL_WAIT, what);
        break;
      case "603":
        return Classification.fatal(
            new PermissionException(
                MarketoConfig.SYSTEM,
                call.call(),
                "access denied (" + what + ")",
                "Give the API-only user's role the permission for this call (Read-Only Lead / Read-Write Lead, Export "
                    + "Lead/Activity for extracts), and check the subscription's IP allowlist",
                null));
      default:
        break;
    }
    return Classification.fatal(
        new VendorApiException(
            MarketoConfig.SYSTEM, call.call(), 0, code, message, actionFor(code)));
  }

  private static String actionFor(String code) {
    switch (code) {
      case "610":
      case "605":
      case "609":
      case "612":
        return "Report this as a revsync bug: the request was malformed";
      case "1035":
        return "The subscription does not allow this extract filter; run the sync with option method=paging";
      case "1006":
        return "Check the field names against discover()";
      default:
        return "Check the request against Marketo's error code " + code;
    }
  }

  /**
   * Whether the envelope's own {@code success} is false. A failure envelope has no {@code result}
   * and says {@code success:false} near its start; a success envelope's {@code result} comes first,
   * and a record inside it may hold anything, so reading stops there.
   */
  static boolean topLevelFailure(String head) {
    try (com.squareup.moshi.JsonReader json =
        com.squareup.moshi.JsonReader.of(new okio.Buffer().writeUtf8(head))) {
      if (json.peek() != com.squareup.moshi.JsonReader.Token.BEGIN_OBJECT) return false;
      json.beginObject();
      while (json.hasNext()) {
        String name = json.nextName();
        if (name.equals("result")) return false;
        if (name.equals("success") && json.peek() == com.squareup.moshi.JsonReader.Token.BOOLEAN)
          return !json.nextBoolean();
        json.skipValue();
      }
      return false;
    } catch (IOException | RuntimeException e) {
      // cut off by the peek inside a value: whatever came first was not a top-level success:false
      return false;
    }
  }

  /** Midnight in Marketo's quota zone after {@code now}. */
  static Instant nextQuotaReset(Instant now) {
    return LocalDate.ofInstant(now, QUOTA_ZONE).plusDays(1).atStartOfDay(QUOTA_ZONE).toInstant();
  }

  private static String clip(String s) {
    return s.length() <= 300 ? s : s.substring(0, 300) + "...";
  }
}
