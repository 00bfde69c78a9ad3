package dev.revsync;

/**
 * The system sent something malformed or truncated; the message says what was malformed and where.
 * Usually retried, and reported when it persists.
 */
public class ProtocolException extends RevsyncException {
  private static final long serialVersionUID = 1L;

  public ProtocolException(
      String system, String call, String problem, String action, Throwable cause) {
    super(system, call, problem, action, cause);
  }
}
