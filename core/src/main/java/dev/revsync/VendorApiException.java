package dev.revsync;

/**
 * The system refused a call with an error of its own: an unknown object or field, a validation
 * failure, a malformed query. Carries the vendor's code and message as the system sent them.
 */
public class VendorApiException extends RevsyncException {
  private static final long serialVersionUID = 1L;

  private final int httpStatus;
  private final String vendorCode;
  private final String vendorMessage;

  /**
   * @param httpStatus the HTTP status, or 0 where the error came inside a 200 (SOAP fault, in-body
   *     code)
   * @param vendorCode the vendor's error code, such as {@code INVALID_FIELD} or {@code ELQ-00122}
   * @param vendorMessage the vendor's message, as sent
   */
  public VendorApiException(
      String system,
      String call,
      int httpStatus,
      String vendorCode,
      String vendorMessage,
      String action) {
    super(system, call, describe(httpStatus, vendorCode, vendorMessage), action, null);
    this.httpStatus = httpStatus;
    this.vendorCode = vendorCode;
    this.vendorMessage = vendorMessage;
  }

  public int httpStatus() {
    return httpStatus;
  }

  public String vendorCode() {
    return vendorCode;
  }

  public String vendorMessage() {
    return vendorMessage;
  }

  private static String describe(int httpStatus, String code, String message) {
    StringBuilder s = new StringBuilder();
    if (httpStatus > 0) {
      s.append("HTTP ").append(httpStatus).append(' ');
    }
    s.append(code == null ? "error" : code);
    if (message != null && !message.isEmpty()) {
      s.append(": ").append(message);
    }
    return s.toString();
  }
}
