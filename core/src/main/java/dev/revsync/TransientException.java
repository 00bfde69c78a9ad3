package dev.revsync;

/**
 * A temporary fault (5xx, timeout, dropped connection, rate limit) outlasted the retries the
 * library already made; try again later.
 */
public class TransientException extends RevsyncException {
  private static final long serialVersionUID = 1L;

  public TransientException(
      String system, String call, String problem, String action, Throwable cause) {
    super(system, call, problem, action, cause);
  }
}
