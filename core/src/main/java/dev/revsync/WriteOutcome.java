package dev.revsync;

import java.util.List;
import java.util.Objects;

/**
 * What happened to one {@link WriteItem}: written, refused by the system (with its code and
 * message), not sent because the budget ran out (it is then part of the backlog), or sent with its
 * result unknown. Immutable.
 *
 * @param index the item's position in {@link WriteRequest#items()}
 * @param key the item's key
 * @param status the outcome
 * @param id the record's id in the system, where known
 * @param created true when an upsert created the record
 * @param code the system's error code for a failure, else null
 * @param message the system's message for a failure, else null
 * @param fields the fields the failure concerns, where the system says
 */
public record WriteOutcome(
    int index,
    String key,
    Status status,
    String id,
    boolean created,
    String code,
    String message,
    List<String> fields) {

  /** The outcome of one item. */
  public enum Status {
    /** Written. */
    SUCCEEDED,
    /**
     * Refused by the system; {@link WriteOutcome#code()} and {@link WriteOutcome#message()} say
     * why.
     */
    FAILED,
    /** Not sent: the budget or the window ran out first. Part of {@link WriteResult#backlog()}. */
    NOT_SENT,
    /**
     * Sent, result unknown: the request may have reached the system and been applied, but no
     * readable answer came back (a malformed or cut response, a timeout). Not in the backlog: check
     * the record in the system before sending it again. {@link WriteOutcome#message()} says what
     * went wrong.
     *
     * @since 0.2
     */
    UNKNOWN
  }

  public WriteOutcome {
    Objects.requireNonNull(status, "status");
    fields = fields == null ? List.of() : List.copyOf(fields);
  }

  public static WriteOutcome succeeded(int index, String key, String id, boolean created) {
    return new WriteOutcome(index, key, Status.SUCCEEDED, id, created, null, null, List.of());
  }

  public static WriteOutcome failed(
      int index, String key, String id, String code, String message, List<String> fields) {
    return new WriteOutcome(index, key, Status.FAILED, id, false, code, message, fields);
  }

  /**
   * Sent, result unknown ({@link Status#UNKNOWN}); {@code why} is the failure that hid the result.
   */
  public static WriteOutcome unknown(int index, String key, String why) {
    return new WriteOutcome(
        index, key, Status.UNKNOWN, null, false, "RESULT_UNKNOWN", why, List.of());
  }

  public static WriteOutcome notSent(int index, String key) {
    return new WriteOutcome(index, key, Status.NOT_SENT, null, false, null, null, List.of());
  }
}
