package dev.revsync.pardot;

import static dev.revsync.pardot.PardotConfig.SYSTEM;

import com.squareup.moshi.JsonReader;
import dev.revsync.ConfigurationException;
import dev.revsync.PermissionException;
import dev.revsync.RevsyncException;
import dev.revsync.VendorApiException;
import dev.revsync.spi.CallContext;
import dev.revsync.spi.Classification;
import dev.revsync.spi.CursorPager;
import dev.revsync.spi.ResponseClassifier;
import dev.revsync.spi.UsageReader;
import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.regex.Pattern;
import okhttp3.Response;
import okio.Buffer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Classifies Account Engagement responses for the transport (§5 of the notes). It classifies on the
 * body's {@code code} whatever the HTTP status (the status of limit errors is unsettled):
 *
 * <ul>
 *   <li>122, or the message "Daily API rate limit met": the business unit's daily requests are
 *       spent — quota exhausted, no retry;
 *   <li>66 (concurrency), 202 (minute limit), 214 (timeout), 183 (internal error), 429 and 5xx
 *       without a code: retried with backoff ({@code Retry-After} honoured where a proxy sends
 *       one);
 *   <li>184 or HTTP 401: the token expired — refreshed once, single-flight;
 *   <li>181, 182, 201, 199: configuration (the business unit id, its host, legacy auth);
 *   <li>49, 46, HTTP 403: permission (the user is not synced to the business unit, or lacks a
 *       right);
 *   <li>210, 211: the page token expired or is refused — {@link CursorPager.TokenExpired}, so the
 *       pager re-queries from its cursor;
 *   <li>anything else: {@link VendorApiException} with Pardot's code and message (the writer
 *       reports 180/192/219 per record).
 * </ul>
 *
 * <p>{@code Pardot-Warning} headers are logged; {@link #USAGE} reads {@code x-api-usage}.
 * Thread-safe.
 */
final class PardotErrors implements ResponseClassifier {
  /**
   * The daily requests used of the business unit's maximum, {@code x-api-usage: used/max} (the
   * format is unconfirmed: a bare count, which says nothing of what is left, is ignored).
   */
  static final UsageReader USAGE =
      UsageReader.usedOfLimitHeader(
          "x-api-usage", Pattern.compile("^\\s*(\\d+)\\s*/\\s*(\\d+)\\s*$"));

  private static final Logger LOG = LoggerFactory.getLogger(PardotErrors.class);
  private static final long PEEK_BYTES = 16 * 1024;

  @Override
  public Classification classify(Response response, CallContext call) throws IOException {
    for (String warning : response.headers("Pardot-Warning")) {
      for (String[] w : warnings(warning))
        LOG.warn("revsync: {}: {}: Pardot warning {}: {}", SYSTEM, call.call(), w[0], w[1]);
    }
    int status = response.code();
    if (status == 304 || (response.isSuccessful() && !errorInBody(response)))
      return Classification.ok();
    String[] error = error(response);
    Integer code = error[0] == null ? null : parseCode(error[0]);
    String message = error[1];
    String said =
        (code == null ? "HTTP " + status : "code " + code)
            + (message.isEmpty() ? "" : ": " + message);
    if ((code != null && code == 122)
        || message.toLowerCase(Locale.ROOT).contains("daily api rate limit met")) {
      return Classification.quotaExhausted(
          said
              + " (the business unit's daily API requests are spent until the "
              + "account's midnight)",
          null);
    }
    if (code == null) {
      if (status == 401) return Classification.authExpired("HTTP 401");
      return ResponseClassifier.standard().classify(response, call);
    }
    return switch (code) {
      case 202 -> {
        // the per-minute allowance resets with the minute: wait for the next one
        long second = call.clock().instant().getEpochSecond();
        yield Classification.retry(java.time.Duration.ofSeconds(60 - second % 60 + 1), said);
      }
      case 66, 214, 183 -> {
        Classification standard = ResponseClassifier.standard().classify(response, call);
        yield Classification.retry(
            standard.kind() == Classification.Kind.RETRY ? standard.retryAfter() : null, said);
      }
      case 184 -> Classification.authExpired(said);
      // the page token expired (4 hours) or is refused: the pager re-queries from its cursor
      case 210, 211 ->
          Classification.fatal(new CursorPager.TokenExpired(SYSTEM, call.call(), said));
      case 181, 182, 201, 199 -> Classification.fatal(configuration(call.call(), code, said));
      case 49, 46 ->
          Classification.fatal(
              new PermissionException(
                  SYSTEM,
                  call.call(),
                  said,
                  "The integration user must be synced to the Account Engagement business unit with API access (and, for "
                      + "code 46, the right to this operation): an Account Engagement admin must grant it",
                  null));
      default -> {
        if (status == 401) yield Classification.authExpired(said);
        if (status >= 500) yield Classification.retry(null, said);
        yield Classification.fatal(
            new VendorApiException(
                SYSTEM, call.call(), status, Integer.toString(code), message, action(code)));
      }
    };
  }

  /**
   * Whether a 2xx body is an error body after all ({@code {"code":N,...}} first): the status of
   * limit errors is unsettled, and some readings have them signalled by the body alone. Peeks a few
   * bytes.
   */
  private static boolean errorInBody(Response response) throws IOException {
    if (response.code() == 204) return false;
    String start = response.peekBody(32).string().stripLeading();
    return start.startsWith("{\"code\"");
  }

  private static RevsyncException configuration(String call, int code, String said) {
    String action =
        switch (code) {
          case 181, 182 ->
              "Set businessUnitId to the 18-character id starting 0Uv (Salesforce Setup > Business Unit Setup)";
          case 201 ->
              "Check businessUnitId, and the host: sandboxes, developer and training orgs use host=demo "
                  + "("
                  + PardotConfig.DEMO_HOST
                  + "), production orgs host=production";
          default -> "Use Salesforce OAuth: legacy Pardot API keys are no longer accepted";
        };
    return new ConfigurationException(SYSTEM, call, said, action, null);
  }

  private static String action(int code) {
    return switch (code) {
      case 180, 224 ->
          "A field is unknown, read-only or not queryable here: check the field names and custom fields";
      case 150, 151, 152, 153, 154, 5, 209 ->
          "Report this request to the integrator (a malformed request)";
      case 192 -> "The record does not exist or is in the recycle bin";
      case 219 -> "The record is in the recycle bin: undelete it before updating";
      default -> "See Pardot's message";
    };
  }

  /**
   * {@code <code>;<message>} entries joined by {@code ,}, with {@code ,} and {@code ;} inside a
   * message escaped.
   */
  static List<String[]> warnings(String header) {
    List<String[]> out = new ArrayList<>();
    StringBuilder code = new StringBuilder();
    StringBuilder message = new StringBuilder();
    boolean inMessage = false;
    for (int i = 0; i < header.length(); i++) {
      char c = header.charAt(i);
      if (c == '\\' && i + 1 < header.length()) {
        (inMessage ? message : code).append(header.charAt(++i));
      } else if (c == ';' && !inMessage) {
        inMessage = true;
      } else if (c == ',') {
        out.add(new String[] {code.toString().trim(), message.toString().trim()});
        code.setLength(0);
        message.setLength(0);
        inMessage = false;
      } else {
        (inMessage ? message : code).append(c);
      }
    }
    if (code.length() > 0 || message.length() > 0)
      out.add(new String[] {code.toString().trim(), message.toString().trim()});
    return out;
  }

  private static Integer parseCode(String s) {
    try {
      return Integer.parseInt(s.trim());
    } catch (NumberFormatException e) {
      return null;
    }
  }

  /** {code, message} from a v5 body {@code {"code":N,"message":"..."}}; code null when absent. */
  static String[] error(Response response) {
    try {
      String body = response.peekBody(PEEK_BYTES).string();
      if (body.isBlank()) return new String[] {null, ""};
      JsonReader reader = JsonReader.of(new Buffer().writeUtf8(body));
      reader.setLenient(true);
      if (reader.peek() != JsonReader.Token.BEGIN_OBJECT)
        return new String[] {null, abbreviate(body)};
      String code = null;
      String message = "";
      reader.beginObject();
      while (reader.hasNext()) {
        String name = reader.nextName();
        JsonReader.Token t = reader.peek();
        if (name.equals("code") && (t == JsonReader.Token.NUMBER || t == JsonReader.Token.STRING))
          code = reader.nextString();
        else if (name.equals("message") && t == JsonReader.Token.STRING)
          message = reader.nextString();
        else reader.skipValue();
      }
      return new String[] {code, message};
    } catch (IOException | RuntimeException e) {
      return new String[] {null, ""};
    }
  }

  private static String abbreviate(String s) {
    String t = s.strip();
    return t.length() > 200 ? t.substring(0, 200) + "..." : t;
  }
}
