package dev.revsync;

/**
 * The system refused the credentials (wrong password, revoked token, bad client id, inactive user);
 * the customer must reconnect.
 */
public class AuthenticationException extends RevsyncException {
  private static final long serialVersionUID = 1L;

  public AuthenticationException(
      String system, String call, String problem, String action, Throwable cause) {
    super(system, call, problem, action, cause);
  }
}
