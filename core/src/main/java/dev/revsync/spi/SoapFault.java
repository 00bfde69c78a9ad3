package dev.revsync.spi;

/**
 * A SOAP 1.1 {@code <Fault>} as the system sent it, such as Salesforce's {@code
 * sf:INVALID_SESSION_ID} fault. The connector decides what it means (an expired session, a bad
 * field) and which exception to raise. Immutable.
 *
 * @param faultCode the text of the fault-code element as sent, such as {@code
 *     sf:INVALID_SESSION_ID}
 * @param faultString the text of the fault-string element as sent
 * @param detail the {@code <detail>} element, or null when absent
 */
public record SoapFault(String faultCode, String faultString, XmlElement detail) {

  /**
   * The system's error code: the {@code exceptionCode} inside the detail where there is one
   * (Salesforce's {@code sf:exceptionCode}), else the fault code without its prefix.
   */
  public String code() {
    String fromDetail = detailText("exceptionCode");
    if (fromDetail != null && !fromDetail.isBlank()) return fromDetail.trim();
    if (faultCode == null) return null;
    String code = faultCode.trim();
    return code.substring(code.indexOf(':') + 1);
  }

  /**
   * The system's message: the detail's {@code exceptionMessage} where there is one, else the fault
   * string.
   */
  public String message() {
    String fromDetail = detailText("exceptionMessage");
    return fromDetail != null && !fromDetail.isBlank() ? fromDetail.trim() : faultString;
  }

  // Salesforce nests the fields one level down:
  // <detail><sf:UnexpectedErrorFault><sf:exceptionCode>.
  private String detailText(String localName) {
    if (detail == null) return null;
    String direct = detail.childText(localName);
    if (direct != null) return direct;
    for (XmlElement fault : detail.children()) {
      String nested = fault.childText(localName);
      if (nested != null) return nested;
    }
    return null;
  }

  @Override
  public String toString() {
    return "SoapFault{" + faultCode + ": " + faultString + "}";
  }
}
