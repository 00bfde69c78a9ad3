package dev.revsync.simulators.salesforce;

/**
 * A query Salesforce would refuse, with its {@code errorCode} ({@code MALFORMED_QUERY}, {@code
 * INVALID_FIELD}, {@code INVALID_TYPE}, …) and the message Salesforce writes: the query echoed, a
 * caret under the offending column, {@code ERROR at Row:r:Column:c}, then the reason.
 */
final class SoqlException extends Exception {
  private final String errorCode;

  SoqlException(String errorCode, String message) {
    super(message);
    this.errorCode = errorCode;
  }

  String errorCode() {
    return errorCode;
  }

  /** The message with the query echoed and a caret at {@code pos} (0-based character offset). */
  static SoqlException at(String errorCode, String query, int pos, String reason) {
    int p = Math.max(0, Math.min(pos, query.length()));
    int row = 1;
    int lineStart = 0;
    for (int i = 0; i < p; i++) {
      if (query.charAt(i) == '\n') {
        row++;
        lineStart = i + 1;
      }
    }
    int lineEnd = query.indexOf('\n', lineStart);
    String line = lineEnd < 0 ? query.substring(lineStart) : query.substring(lineStart, lineEnd);
    int column = p - lineStart + 1;
    String message =
        "\n"
            + line
            + "\n"
            + " ".repeat(column - 1)
            + "^\nERROR at Row:"
            + row
            + ":Column:"
            + column
            + "\n"
            + reason;
    return new SoqlException(errorCode, message);
  }

  @Override
  public synchronized Throwable fillInStackTrace() {
    return this; // an answer to a client, not a failure of the simulator
  }
}
