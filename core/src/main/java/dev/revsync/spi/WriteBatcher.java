package dev.revsync.spi;

import dev.revsync.QuotaExhaustedException;
import dev.revsync.RevsyncException;
import dev.revsync.WriteItem;
import dev.revsync.WriteOutcome;
import dev.revsync.WriteRequest;
import dev.revsync.WriteResult;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;

/**
 * Splits a write into batches of the API's maximum size and collects per-record outcomes. When
 * the budget runs out (or another fault stops it) the batch in hand and every later one come back
 * as {@link WriteOutcome.Status#NOT_SENT}: backlog, not failures.
 *
 * <ul>
 *   <li>{@link QuotaExhaustedException} from a batch: that batch and every later item NOT_SENT,
 *       status QUOTA_EXHAUSTED;
 *   <li>any other {@link RevsyncException}: the same, status FAILED with the exception as failure;
 *   <li>a writer that does not return exactly one outcome per item of its batch, in order (a
 *       connector bug): that batch's items FAILED with code {@code NO_OUTCOME} (they may have been
 *       written), later items NOT_SENT, status FAILED.
 * </ul>
 *
 * <p>Thread-safe: holds no state.
 */
public final class WriteBatcher {

  /** Sends one batch; returns one outcome per item, indexes counted from {@code firstIndex}. */
  @FunctionalInterface
  public interface BatchWriter {
    List<WriteOutcome> write(List<WriteItem> batch, int firstIndex);
  }

  /**
   * Collects one outcome per item of a batch as a vendor's per-record results are read, in the
   * batch's order, with each item's index and key filled in. Not thread-safe: one belongs to one
   * batch on one thread.
   */
  public static final class Outcomes {
    private final List<WriteItem> batch;
    private final int firstIndex;
    private final List<WriteOutcome> outcomes = new ArrayList<>();

    private Outcomes(List<WriteItem> batch, int firstIndex) {
      this.batch = batch;
      this.firstIndex = firstIndex;
    }

    /** The next item was written; {@code id} is the system's id for it, where known. */
    public void succeeded(String id, boolean created) {
      outcomes.add(WriteOutcome.succeeded(firstIndex + outcomes.size(), key(), id, created));
    }

    /** The next item failed with the vendor's {@code code} and {@code message}, naming {@code fields}. */
    public void failed(String id, String code, String message, List<String> fields) {
      outcomes.add(WriteOutcome.failed(firstIndex + outcomes.size(), key(), id, code, message, fields));
    }

    /** Forgets what was collected: a retried call reads its results again. */
    public void clear() {
      outcomes.clear();
    }

    /** The outcomes so far, for {@link BatchWriter#write} to return. */
    public List<WriteOutcome> list() {
      return List.copyOf(outcomes);
    }

    private String key() {
      return outcomes.size() < batch.size() ? batch.get(outcomes.size()).key() : null;
    }
  }

  private WriteBatcher() {}

  /** A collector of the outcomes of {@code batch}, whose first item has index {@code firstIndex}. */
  public static Outcomes outcomes(List<WriteItem> batch, int firstIndex) {
    return new Outcomes(List.copyOf(batch), firstIndex);
  }

  public static WriteResult write(CallMeter calls, WriteRequest request, int maxBatchSize, BatchWriter writer) {
    Objects.requireNonNull(calls, "calls");
    Objects.requireNonNull(request, "request");
    Objects.requireNonNull(writer, "writer");
    if (maxBatchSize < 1) throw new IllegalArgumentException("maxBatchSize must be at least 1: " + maxBatchSize);
    long callsBefore = calls.callsMade();
    List<WriteItem> items = request.items();
    List<WriteOutcome> outcomes = new ArrayList<>(items.size());
    WriteResult.Status status = WriteResult.Status.COMPLETED;
    RevsyncException failure = null;
    int next = 0;
    while (next < items.size()) {
      int end = Math.min(items.size(), next + maxBatchSize);
      List<WriteItem> batch = items.subList(next, end);
      List<WriteOutcome> written;
      try {
        written = writer.write(batch, next);
      } catch (QuotaExhaustedException e) {
        status = WriteResult.Status.QUOTA_EXHAUSTED;
        break;
      } catch (RevsyncException e) {
        status = WriteResult.Status.FAILED;
        failure = e;
        break;
      }
      String problem = checkOutcomes(written, batch, next);
      if (problem != null) {
        for (int i = next; i < end; i++) {
          outcomes.add(WriteOutcome.failed(i, items.get(i).key(), null, "NO_OUTCOME",
              "the connector reported no outcome for this item; it may have been written", List.of()));
        }
        status = WriteResult.Status.FAILED;
        failure = new RevsyncException(calls.system(), "write " + request.object(), problem,
            "Report this as a connector bug; check these records in the system before resending", null);
        next = end;
        break;
      }
      outcomes.addAll(written);
      next = end;
    }
    for (int i = next; i < items.size(); i++) outcomes.add(WriteOutcome.notSent(i, items.get(i).key()));
    return new WriteResult(request, status, outcomes, calls.callsMade() - callsBefore, failure);
  }

  private static String checkOutcomes(List<WriteOutcome> written, List<WriteItem> batch, int firstIndex) {
    if (written == null || written.size() != batch.size()) {
      return "the connector returned " + (written == null ? "no" : written.size()) + " outcomes for a batch of "
          + batch.size() + " items starting at index " + firstIndex;
    }
    for (int i = 0; i < written.size(); i++) {
      WriteOutcome outcome = written.get(i);
      if (outcome == null || outcome.index() != firstIndex + i) {
        return "the connector returned outcome " + i + " of the batch starting at index " + firstIndex
            + (outcome == null ? " as null" : " for index " + outcome.index() + " instead of " + (firstIndex + i));
      }
    }
    return null;
  }
}
