package dev.revsync;

import java.util.List;
import java.util.Objects;

/**
 * What happened to one {@link WriteItem}: written, refused by the system (with its code and
 * message), or not sent because the budget ran out (it is then part of the backlog). Immutable.
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
    int index, String key, Status status, String id, boolean created, String code, String message, List<String> fields) {

  /** The outcome of one item. */
  public enum Status {
    /** Written. */
    SUCCEEDED,
    /** Refused by the system; {@link WriteOutcome#code()} and {@link WriteOutcome#message()} say why. */
    FAILED,
    /** Not sent: the budget or the window ran out first. Part of {@link WriteResult#backlog()}. */
    NOT_SENT
  }

  public WriteOutcome {
    Objects.requireNonNull(status, "status");
    fields = fields == null ? List.of() : List.copyOf(fields);
  }

  public static WriteOutcome succeeded(int index, String key, String id, boolean created) {
    return new WriteOutcome(index, key, Status.SUCCEEDED, id, created, null, null, List.of());
  }

  public static WriteOutcome failed(int index, String key, String id, String code, String message, List<String> fields) {
    return new WriteOutcome(index, key, Status.FAILED, id, false, code, message, fields);
  }

  public static WriteOutcome notSent(int index, String key) {
    return new WriteOutcome(index, key, Status.NOT_SENT, null, false, null, null, List.of());
  }
}
