package dev.revsync.simulators.dynamics;

import java.util.Locale;
import mockwebserver3.MockResponse;

/**
 * Dataverse Web API error answers: {@code {"error":{"code":"0x…","message":"…"}}} with the status
 * of the notes' table. Stateless.
 */
final class WebErrors {
  static final String UNKNOWN_PROPERTY = "0x80060888";
  static final String VALIDATION = "0x80044331";
  static final String NOT_FOUND = "0x80040217";
  static final String CONCURRENCY = "0x80060882";
  static final String DUPLICATE = "0x80040237";
  static final String REQUESTS_LIMIT = "0x80072322";
  static final String TIME_LIMIT = "0x80072321";
  static final String CONCURRENCY_LIMIT = "0x80072326";

  private WebErrors() {}

  /** An exception a handler throws to answer with an error body. */
  static final class WebError extends RuntimeException {
    private static final long serialVersionUID = 1L;
    final int status;
    final String code;

    WebError(int status, String code, String message) {
      super(message);
      this.status = status;
      this.code = code;
    }

    @Override
    public synchronized Throwable fillInStackTrace() {
      return this; // an answer, not a bug
    }

    MockResponse.Builder response() {
      return WebErrors.response(status, code, getMessage());
    }
  }

  static WebError badRequest(String code, String message) {
    return new WebError(400, code, message);
  }

  static WebError unknownProperty(EntityType type, String property) {
    return new WebError(
        400,
        UNKNOWN_PROPERTY,
        "Could not find a property named '"
            + property
            + "' on type 'Microsoft.Dynamics.CRM."
            + type.logicalName()
            + "'.");
  }

  static WebError unknownSegment(String segment) {
    return new WebError(
        404, UNKNOWN_PROPERTY, "Resource not found for the segment '" + segment + "'.");
  }

  static WebError rowNotFound(EntityType type, String id) {
    return new WebError(
        404, NOT_FOUND, type.logicalName() + " With Id = " + id + " Does Not Exist");
  }

  static MockResponse.Builder response(int status, String code, String message) {
    return new MockResponse.Builder()
        .code(status)
        .setHeader("Content-Type", "application/json; odata.metadata=minimal")
        .setHeader("OData-Version", "4.0")
        .body(body(code, message));
  }

  static String body(String code, String message) {
    return "{\"error\":{\"code\":\""
        + escape(code)
        + "\",\"message\":\""
        + escape(message)
        + "\"}}";
  }

  static String escape(String s) {
    StringBuilder b = new StringBuilder(s.length() + 8);
    for (int i = 0; i < s.length(); i++) {
      char c = s.charAt(i);
      switch (c) {
        case '"' -> b.append("\\\"");
        case '\\' -> b.append("\\\\");
        case '\n' -> b.append("\\n");
        case '\r' -> b.append("\\r");
        case '\t' -> b.append("\\t");
        default -> {
          if (c < 0x20) b.append(String.format(Locale.ROOT, "\\u%04x", (int) c));
          else b.append(c);
        }
      }
    }
    return b.toString();
  }
}
