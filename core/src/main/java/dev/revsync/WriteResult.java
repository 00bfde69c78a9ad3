package dev.revsync;

import java.util.ArrayList;
import java.util.List;
import java.util.Objects;

/**
 * The per-record outcome of a {@link WriteRequest}, the calls it cost, and the backlog of items a
 * budget stopped. Items in the backlog were not sent and are not failures: send them again with
 * {@link WriteRequest#withItems(List)} the next day. Immutable and thread-safe.
 */
public final class WriteResult {

  /** How a write ended. */
  public enum Status {
    /** Every item was sent; some may still have failed (see {@link #failures()}). */
    COMPLETED,
    /** The budget ran out; {@link #backlog()} holds the items not sent. */
    QUOTA_EXHAUSTED,
    /**
     * A fault stopped the write: items not sent are in {@link #backlog()}, items a permanent
     * refusal stopped are {@link #failures()}, items sent without a readable answer are {@link
     * #unknown()}.
     */
    FAILED
  }

  private final WriteRequest request;
  private final Status status;
  private final List<WriteOutcome> outcomes;
  private final long callsSpent;
  private final RevsyncException failure;

  public WriteResult(
      WriteRequest request,
      Status status,
      List<WriteOutcome> outcomes,
      long callsSpent,
      RevsyncException failure) {
    this.request = Objects.requireNonNull(request, "request");
    this.status = Objects.requireNonNull(status, "status");
    this.outcomes = List.copyOf(outcomes);
    this.callsSpent = callsSpent;
    this.failure = failure;
    if (this.outcomes.size() != request.items().size()) {
      throw new IllegalArgumentException(
          "a write result needs one outcome per item: "
              + this.outcomes.size()
              + " outcomes for "
              + request.items().size()
              + " items");
    }
  }

  public Status status() {
    return status;
  }

  /** One outcome per item, in the request's order. */
  public List<WriteOutcome> outcomes() {
    return outcomes;
  }

  public long callsSpent() {
    return callsSpent;
  }

  /** Why the write stopped with FAILED; null otherwise. */
  public RevsyncException failure() {
    return failure;
  }

  public long succeeded() {
    return outcomes.stream().filter(o -> o.status() == WriteOutcome.Status.SUCCEEDED).count();
  }

  public List<WriteOutcome> failures() {
    return outcomes.stream().filter(o -> o.status() == WriteOutcome.Status.FAILED).toList();
  }

  /**
   * Items sent whose result is unknown ({@link WriteOutcome.Status#UNKNOWN}): neither succeeded,
   * failed nor backlog.
   *
   * @since 0.2
   */
  public List<WriteOutcome> unknown() {
    return outcomes.stream().filter(o -> o.status() == WriteOutcome.Status.UNKNOWN).toList();
  }

  /** The items that were not sent, in order. */
  public List<WriteItem> backlog() {
    List<WriteItem> backlog = new ArrayList<>();
    for (WriteOutcome o : outcomes) {
      if (o.status() == WriteOutcome.Status.NOT_SENT) backlog.add(request.items().get(o.index()));
    }
    return backlog;
  }

  @Override
  public String toString() {
    return "WriteResult{"
        + request.object()
        + " "
        + request.activity()
        + " "
        + status
        + " succeeded="
        + succeeded()
        + " failed="
        + failures().size()
        + " unknown="
        + unknown().size()
        + " backlog="
        + backlog().size()
        + " calls="
        + callsSpent
        + "}";
  }
}
