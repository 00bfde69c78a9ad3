package dev.revsync;

import java.util.Objects;

/**
 * The root of every exception revsync throws. Subclasses are split by who must act:
 *
 * <ul>
 *   <li>{@link ConfigurationException}: the host fixes its configuration.
 *   <li>{@link AuthenticationException}, {@link PermissionException}: the customer fixes their
 *       credentials or the permissions of the integration user.
 *   <li>{@link QuotaExhaustedException}: nothing is wrong; wait until {@code resetsAt()}.
 *   <li>{@link TransientException}: the library already retried a temporary fault; try later.
 *   <li>{@link VendorApiException}: the system refused a call; carries the vendor's code.
 *   <li>{@link ProtocolException}: the system sent something malformed or truncated.
 * </ul>
 *
 * <p>Every message names the system, the call and the next step. Messages never contain secrets.
 */
public class RevsyncException extends RuntimeException {
  private static final long serialVersionUID = 1L;

  private final String system;
  private final String call;

  /**
   * @param system the connector id, such as {@code salesforce}
   * @param call the call that failed, such as {@code POST /services/oauth2/token}
   * @param problem what went wrong
   * @param action what to do about it; may be null
   * @param cause the underlying cause; may be null
   */
  public RevsyncException(
      String system, String call, String problem, String action, Throwable cause) {
    super(format(system, call, problem, action), cause);
    this.system = Objects.requireNonNull(system, "system");
    this.call = call;
  }

  /** The connector id of the system involved, such as {@code salesforce}. */
  public String system() {
    return system;
  }

  /** The call that failed, such as {@code GET /services/data/v66.0/query}; may be null. */
  public String call() {
    return call;
  }

  private static String format(String system, String call, String problem, String action) {
    StringBuilder message = new StringBuilder(system);
    if (call != null && !call.isEmpty()) {
      message.append(": ").append(call);
    }
    message.append(": ").append(problem);
    if (action != null && !action.isEmpty()) {
      message.append(". ").append(action);
    }
    return message.toString();
  }
}
