package dev.revsync.hubspot;

import dev.revsync.PermissionException;
import dev.revsync.ProtocolException;
import dev.revsync.VendorApiException;
import dev.revsync.spi.CallContext;
import dev.revsync.spi.Classification;
import dev.revsync.spi.Json;
import dev.revsync.spi.ResponseClassifier;
import java.io.IOException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import okhttp3.Response;

/**
 * What HubSpot's answers mean (the daily headers are read by the transport's usage reader, see
 * {@link HubSpotRestClient}). A 429 is told apart by its body's {@code policyName}: {@code DAILY}
 * spends the day (quota exhausted, checkpoint kept); {@code TEN_SECONDLY_ROLLING}, {@code SECONDLY}
 * (search) and anything else wait and retry, honouring {@code Retry-After} when present. 403 {@code
 * MISSING_SCOPES} names the scopes the customer must grant; 477 (migration in progress) is retried;
 * other 4xx carry HubSpot's category and message. Stateless and thread-safe.
 */
final class HubSpotErrors implements ResponseClassifier {
  static final HubSpotErrors INSTANCE = new HubSpotErrors();
  private static final int PEEK_BYTES = 16 * 1024;

  @Override
  public Classification classify(Response response, CallContext call) throws IOException {
    int code = response.code();
    if (code < 400) return Classification.ok();
    if (code == 429) {
      Map<String, Object> body = body(response, call);
      String policy = body == null ? null : string(body.get("policyName"));
      if ("DAILY".equals(policy)) {
        return Classification.quotaExhausted(
            "HubSpot's daily API limit for the portal is spent (it resets at "
                + "midnight in the portal's time zone)",
            null);
      }
      Duration wait = ResponseClassifier.retryAfter(response);
      if (wait == null && "SECONDLY".equals(policy)) wait = Duration.ofSeconds(1);
      return Classification.retry(
          wait, "HubSpot's " + (policy == null ? "rate" : policy) + " limit");
    }
    if (code == 477)
      return Classification.retry(
          ResponseClassifier.retryAfter(response), "HubSpot migration in progress (477)");
    if (code == 401)
      return Classification.authExpired("HubSpot refused the token (INVALID_AUTHENTICATION)");
    if (code == 403) {
      Map<String, Object> body = body(response, call);
      if (body != null && "MISSING_SCOPES".equals(body.get("category"))) {
        List<String> scopes = missingScopes(body);
        return Classification.fatal(
            new PermissionException(
                call.system(),
                call.call(),
                "the app lacks the scope"
                    + (scopes.size() == 1 ? " " : "s ")
                    + String.join(", ", scopes)
                    + " (MISSING_SCOPES)",
                "Have the customer grant "
                    + String.join(", ", scopes)
                    + " to the app (reinstall it with those scopes)",
                null));
      }
    }
    if (code >= 400 && code < 500 && code != 408 && code != 425) {
      Map<String, Object> body = body(response, call);
      if (body != null && body.get("category") instanceof String category) {
        String message = string(body.get("message"));
        return Classification.fatal(
            new VendorApiException(
                call.system(),
                call.call(),
                code,
                category,
                message == null ? "" : message,
                code == 404
                    ? "Check the object type and id"
                    : "Fix the request: HubSpot said "
                        + category
                        + (message == null ? "" : ": " + message)));
      }
    }
    return ResponseClassifier.standard().classify(response, call);
  }

  @SuppressWarnings("unchecked")
  static List<String> missingScopes(Map<String, Object> body) {
    List<String> scopes = new ArrayList<>();
    if (body.get("errors") instanceof List<?> errors) {
      for (Object e : errors) {
        if (e instanceof Map<?, ?> m && m.get("context") instanceof Map<?, ?> context) {
          Object granular = context.get("requiredGranularScopes");
          Object plain = context.get("requiredScopes");
          for (Object list : new Object[] {granular != null ? granular : plain}) {
            if (list instanceof List<?> l)
              for (Object s : l)
                if (!scopes.contains(String.valueOf(s))) scopes.add(String.valueOf(s));
          }
        }
      }
    }
    if (scopes.isEmpty()) scopes.add("(HubSpot did not name them)");
    return scopes;
  }

  private static Map<String, Object> body(Response response, CallContext call) throws IOException {
    try {
      return Json.parseObject(response.peekBody(PEEK_BYTES).string(), call.system(), call.call());
    } catch (ProtocolException notJson) {
      return null;
    }
  }

  private static String string(Object value) {
    return value == null ? null : value.toString();
  }
}
