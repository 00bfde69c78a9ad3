package dev.revsync;

/**
 * The credentials work but lack a permission the call needs (API access, object or field access);
 * the customer's admin must grant it.
 */
public class PermissionException extends RevsyncException {
  private static final long serialVersionUID = 1L;

  public PermissionException(
      String system, String call, String problem, String action, Throwable cause) {
    super(system, call, problem, action, cause);
  }
}
