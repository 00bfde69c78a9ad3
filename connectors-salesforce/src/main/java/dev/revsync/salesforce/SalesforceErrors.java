package dev.revsync.salesforce;

import static dev.revsync.salesforce.SalesforceConfig.SYSTEM;

import com.squareup.moshi.JsonReader;
import dev.revsync.ApiStyle;
import dev.revsync.AuthenticationException;
import dev.revsync.ConfigurationException;
import dev.revsync.PermissionException;
import dev.revsync.RevsyncException;
import dev.revsync.VendorApiException;
import dev.revsync.spi.CallContext;
import dev.revsync.spi.Classification;
import dev.revsync.spi.ResponseClassifier;
import dev.revsync.spi.SystemUsage;
import dev.revsync.spi.UsageReader;
import java.io.IOException;
import java.util.Locale;
import java.util.regex.Pattern;
import okhttp3.Response;
import okio.Buffer;

/**
 * Classifies Salesforce responses for the transport. The org's usage is read on every response:
 * {@code Sforce-Limit-Info: api-usage=used/max} on REST and Bulk by the transport's usage hook
 * ({@link #LIMIT_INFO}), {@code LimitInfoHeader} on SOAP here; what is left goes to the quota
 * policy. Errors, by who must act:
 *
 * <ul>
 *   <li>REST 401 {@code INVALID_SESSION_ID}: refresh the token once and retry (the transport); the
 *       SOAP fault of that name throws {@link SessionExpired} for the SOAP client, whose envelope
 *       must be rebuilt with the new session id;
 *   <li>{@code REQUEST_LIMIT_EXCEEDED}: the org's daily allocation is spent (quota exhausted), or
 *       too many long-running requests (retried);
 *   <li>{@code API_DISABLED_FOR_ORG}, {@code INSUFFICIENT_ACCESS}: permission;
 *   <li>410 or {@code UNSUPPORTED_API_VERSION}: configuration (a retired API version);
 *   <li>{@code QUERY_TIMEOUT}, 429, 5xx without a SOAP fault: retried;
 *   <li>other errors: {@link VendorApiException} with Salesforce's code and message.
 * </ul>
 *
 * <p>Thread-safe.
 */
final class SalesforceErrors implements ResponseClassifier {
  /**
   * {@code Sforce-Limit-Info: api-usage=used/max} on every REST and Bulk response: the transport's
   * usage hook reads it.
   */
  static final UsageReader LIMIT_INFO =
      UsageReader.usedOfLimitHeader(
          "Sforce-Limit-Info",
          Pattern.compile("api-usage=(\\d+)/(\\d+)", Pattern.CASE_INSENSITIVE));

  private static final long PEEK_BYTES = 64 * 1024;

  /** A SOAP call met an expired session: the SOAP client refreshes the token and resends once. */
  static final class SessionExpired extends AuthenticationException {
    private static final long serialVersionUID = 1L;

    SessionExpired(String call, String message) {
      super(
          SYSTEM,
          call,
          "INVALID_SESSION_ID: " + message,
          "The session expired twice in a row: check the connected app's session policy",
          null);
    }
  }

  @Override
  public Classification classify(Response response, CallContext call) throws IOException {
    if (call.style() == ApiStyle.SOAP) return classifySoap(response, call);
    int code = response.code();
    if (response.isSuccessful()) return Classification.ok();
    String[] error = restError(response);
    String errorCode = error[0];
    String message = error[1];
    if (code == 401) {
      return Classification.authExpired(errorCode + ": " + message);
    }
    // A 429 is a rate limit whatever its body says (a proxy's, or REQUEST_LIMIT_EXCEEDED for
    // concurrency): retried, honouring Retry-After. The daily allocation comes as a 403.
    if (code == 429) return ResponseClassifier.standard().classify(response, call);
    if ("REQUEST_LIMIT_EXCEEDED".equals(errorCode)) return requestLimit(message);
    if (code == 403) return Classification.fatal(permission(call.call(), errorCode, message));
    if (code == 410) return Classification.fatal(retiredVersion(call.call(), message));
    if ("QUERY_TIMEOUT".equals(errorCode)) {
      return Classification.retry(null, "HTTP " + code + " " + errorCode + ": " + message);
    }
    if (code == 408 || code >= 500) {
      // Salesforce sends no Retry-After, but a proxy in front of it may: the standard reading
      // honours it.
      return ResponseClassifier.standard().classify(response, call);
    }
    return Classification.fatal(
        new VendorApiException(SYSTEM, call.call(), code, errorCode, message, action(errorCode)));
  }

  /**
   * {errorCode, message} from the REST error array (or a Bulk job's object); falls back to the
   * status.
   */
  private static String[] restError(Response response) {
    String fallback = "HTTP " + response.code();
    try {
      String body = response.peekBody(PEEK_BYTES).string();
      if (body.isBlank()) return new String[] {fallback, response.message()};
      JsonReader reader = JsonReader.of(new Buffer().writeUtf8(body));
      reader.setLenient(true);
      if (reader.peek() == JsonReader.Token.BEGIN_ARRAY) {
        reader.beginArray();
        if (!reader.hasNext()) return new String[] {fallback, ""};
      }
      if (reader.peek() != JsonReader.Token.BEGIN_OBJECT)
        return new String[] {fallback, abbreviate(body)};
      String errorCode = null;
      String message = null;
      reader.beginObject();
      while (reader.hasNext()) {
        String name = reader.nextName();
        if ((name.equals("errorCode") || name.equals("error"))
            && reader.peek() == JsonReader.Token.STRING) {
          errorCode = reader.nextString();
        } else if ((name.equals("message") || name.equals("error_description"))
            && reader.peek() == JsonReader.Token.STRING) {
          message = reader.nextString();
        } else {
          reader.skipValue();
        }
      }
      return new String[] {
        errorCode != null ? errorCode : fallback, message != null ? message : ""
      };
    } catch (IOException | RuntimeException e) {
      return new String[] {fallback, response.message()};
    }
  }

  private Classification classifySoap(Response response, CallContext call) throws IOException {
    SoapXml.Scan scan;
    try {
      scan =
          SoapXml.scan(
              response.peekBody(response.isSuccessful() ? 16 * 1024 : PEEK_BYTES).byteStream());
    } catch (IOException e) {
      scan = SoapXml.Scan.EMPTY;
    }
    if (scan.apiCurrent() >= 0 && scan.apiLimit() > 0)
      call.reportSystemUsage(SystemUsage.usedOf(scan.apiCurrent(), scan.apiLimit()));
    if (response.isSuccessful()) return Classification.ok();
    String code = scan.code();
    if (code == null) {
      if (response.code() == 401) return Classification.authExpired("HTTP 401 on a SOAP call");
      int status = response.code();
      if (status == 408 || status == 429 || status >= 500)
        return ResponseClassifier.standard().classify(response, call);
      return Classification.fatal(
          new VendorApiException(
              SYSTEM,
              call.call(),
              status,
              "HTTP " + status,
              response.message(),
              "Check the SOAP endpoint and API version"));
    }
    String message = scan.message();
    return switch (code) {
      case "INVALID_SESSION_ID" -> Classification.fatal(new SessionExpired(call.call(), message));
      case "REQUEST_LIMIT_EXCEEDED" -> requestLimit(message);
      case "API_DISABLED_FOR_ORG",
          "INSUFFICIENT_ACCESS",
          "INSUFFICIENT_ACCESS_OR_READONLY",
          "API_CURRENTLY_DISABLED" ->
          Classification.fatal(permission(call.call(), code, message));
      case "UNSUPPORTED_API_VERSION" -> Classification.fatal(retiredVersion(call.call(), message));
      case "SERVER_UNAVAILABLE", "UNKNOWN_EXCEPTION", "UNABLE_TO_LOCK_ROW" ->
          Classification.retry(null, "SOAP fault " + code + ": " + message);
      default ->
          Classification.fatal(
              new VendorApiException(
                  SYSTEM, call.call(), response.code(), code, message, action(code)));
    };
  }

  private static Classification requestLimit(String message) {
    String m = message == null ? "" : message.toLowerCase(Locale.ROOT);
    if (m.contains("concurren")) {
      // Too many long-running requests at once: a burst limit, wait and retry.
      return Classification.retry(null, "REQUEST_LIMIT_EXCEEDED: " + message);
    }
    return Classification.quotaExhausted(
        "REQUEST_LIMIT_EXCEEDED: "
            + message
            + " (the org's rolling 24-hour API allocation is spent)",
        null);
  }

  private static RevsyncException permission(String call, String code, String message) {
    String action =
        switch (code) {
          case "API_DISABLED_FOR_ORG", "API_CURRENTLY_DISABLED" ->
              "The org's edition has no API access, or the integration user's profile "
                  + "lacks the 'API Enabled' permission: a Salesforce admin must grant it";
          case "INSUFFICIENT_ACCESS", "INSUFFICIENT_ACCESS_OR_READONLY" ->
              "The integration user lacks access to this "
                  + "data or setup (the limits resource needs 'View Setup and Configuration'): a Salesforce admin must grant it";
          default ->
              "The integration user lacks a permission this call needs: a Salesforce admin must grant it";
        };
    return new PermissionException(SYSTEM, call, code + ": " + message, action, null);
  }

  private static RevsyncException retiredVersion(String call, String message) {
    return new ConfigurationException(
        SYSTEM,
        call,
        "the API version is retired (" + message + ")",
        "Set apiVersion to a current one such as " + SalesforceConfig.DEFAULT_API_VERSION,
        null);
  }

  private static String action(String code) {
    return switch (code) {
      case "INVALID_FIELD", "INVALID_FIELD_FOR_INSERT_UPDATE" ->
          "Check the field names against describe(); the "
              + "integration user may lack field-level access to them";
      case "INVALID_TYPE", "INVALID_SOBJECT", "NOT_FOUND" ->
          "Check the object name against discover(); the "
              + "integration user may lack access to it";
      case "MALFORMED_QUERY" -> "Report the query to the integrator";
      case "INVALID_QUERY_LOCATOR" ->
          "The query cursor expired; the sync resumes from its checkpoint";
      case "EXCEEDED_ID_LIMIT" -> "Send at most 200 records per call";
      default -> "See Salesforce's message";
    };
  }

  private static String abbreviate(String s) {
    String t = s.strip();
    return t.length() > 200 ? t.substring(0, 200) + "..." : t;
  }
}
