package dev.revsync.pipeline;

import dev.revsync.WriteItem;
import dev.revsync.WriteOutcome;
import dev.revsync.WriteRequest;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;

/**
 * A write the host handed to {@link DailyPipeline#submitWrites(String, String, WriteRequest)}, kept
 * durably with one outcome per item until the host forgets it. Items not sent yet (the budget
 * stopped them) have status {@link WriteOutcome.Status#NOT_SENT}: they are the write backlog, sent
 * first the next time the connection's writes run. Immutable.
 *
 * @param id the id the pipeline gave it; sorts by submission within one process
 * @param tenant the tenant id of the connection
 * @param connector the connector id of the connection
 * @param submittedAt when the host submitted it
 * @param request the write as submitted, every item
 * @param outcomes one per item of {@code request}, in order; {@code index} is the item's position
 *     in {@code request}
 */
public record SubmittedWrite(
    String id,
    String tenant,
    String connector,
    Instant submittedAt,
    WriteRequest request,
    List<WriteOutcome> outcomes) {

  public SubmittedWrite {
    Objects.requireNonNull(id, "id");
    Objects.requireNonNull(tenant, "tenant");
    Objects.requireNonNull(connector, "connector");
    Objects.requireNonNull(submittedAt, "submittedAt");
    Objects.requireNonNull(request, "request");
    outcomes = List.copyOf(outcomes);
    if (outcomes.size() != request.items().size()) {
      throw new IllegalArgumentException(
          "write "
              + id
              + " needs one outcome per item: "
              + outcomes.size()
              + " outcomes for "
              + request.items().size()
              + " items");
    }
    for (int i = 0; i < outcomes.size(); i++) {
      if (outcomes.get(i).index() != i) {
        throw new IllegalArgumentException(
            "write " + id + ": outcome " + i + " has index " + outcomes.get(i).index());
      }
    }
  }

  /** A write just submitted: every item not sent yet. */
  public static SubmittedWrite of(
      String id, String tenant, String connector, Instant submittedAt, WriteRequest request) {
    List<WriteOutcome> outcomes = new ArrayList<>(request.items().size());
    for (int i = 0; i < request.items().size(); i++) {
      outcomes.add(WriteOutcome.notSent(i, request.items().get(i).key()));
    }
    return new SubmittedWrite(id, tenant, connector, submittedAt, request, outcomes);
  }

  /** A copy with other outcomes. */
  public SubmittedWrite withOutcomes(List<WriteOutcome> outcomes) {
    return new SubmittedWrite(id, tenant, connector, submittedAt, request, outcomes);
  }

  /** Items not sent yet, in order. */
  public List<WriteItem> pendingItems() {
    List<WriteItem> pending = new ArrayList<>();
    for (WriteOutcome o : outcomes) {
      if (o.status() == WriteOutcome.Status.NOT_SENT) pending.add(request.items().get(o.index()));
    }
    return pending;
  }

  /** Positions in {@link WriteRequest#items()} of the items not sent yet, in order. */
  public List<Integer> pendingIndexes() {
    List<Integer> pending = new ArrayList<>();
    for (WriteOutcome o : outcomes) {
      if (o.status() == WriteOutcome.Status.NOT_SENT) pending.add(o.index());
    }
    return pending;
  }

  public long count(WriteOutcome.Status status) {
    return outcomes.stream().filter(o -> o.status() == status).count();
  }

  /** True once every item was sent (succeeded or failed). */
  public boolean done() {
    return count(WriteOutcome.Status.NOT_SENT) == 0;
  }

  /** Equal when every part is, the request compared by content (object, activity, match, items). */
  @Override
  public boolean equals(Object o) {
    if (!(o instanceof SubmittedWrite w)) return false;
    WriteRequest r = w.request;
    return id.equals(w.id)
        && tenant.equals(w.tenant)
        && connector.equals(w.connector)
        && submittedAt.equals(w.submittedAt)
        && outcomes.equals(w.outcomes)
        && request.object().equals(r.object())
        && request.activity() == r.activity()
        && request.operation() == r.operation()
        && Objects.equals(request.matchField(), r.matchField())
        && request.items().equals(r.items());
  }

  @Override
  public int hashCode() {
    return Objects.hash(
        id, tenant, connector, submittedAt, outcomes, request.object(), request.items());
  }

  @Override
  public String toString() {
    return "SubmittedWrite{"
        + id
        + " "
        + tenant
        + "/"
        + connector
        + " "
        + request.object()
        + " "
        + request.activity()
        + " items="
        + outcomes.size()
        + " succeeded="
        + count(WriteOutcome.Status.SUCCEEDED)
        + " failed="
        + count(WriteOutcome.Status.FAILED)
        + " pending="
        + count(WriteOutcome.Status.NOT_SENT)
        + "}";
  }
}
