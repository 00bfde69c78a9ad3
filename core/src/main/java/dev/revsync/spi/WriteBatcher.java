package dev.revsync.spi;

import dev.revsync.AuthenticationException;
import dev.revsync.ConfigurationException;
import dev.revsync.PermissionException;
import dev.revsync.QuotaExhaustedException;
import dev.revsync.RevsyncException;
import dev.revsync.VendorApiException;
import dev.revsync.WriteItem;
import dev.revsync.WriteOutcome;
import dev.revsync.WriteRequest;
import dev.revsync.WriteResult;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;

/**
 * Splits a write into batches of the API's maximum size and collects per-record outcomes. When a
 * batch throws, what its items and the later ones become depends on whether the system may have
 * applied it and whether sending again could ever succeed:
 *
 * <ul>
 *   <li>{@link QuotaExhaustedException}: that batch and every later item NOT_SENT (backlog for the
 *       next day), status QUOTA_EXHAUSTED;
 *   <li>{@link AuthenticationException}: the same, status FAILED (refused before it was applied;
 *       sendable once the credentials are fixed);
 *   <li>a permanent refusal — {@link VendorApiException} (an unknown object or field, say), {@link
 *       PermissionException}, {@link ConfigurationException}: that batch and every later item
 *       FAILED with the system's code and message, never backlog (sending them again tomorrow fails
 *       the same way), status FAILED;
 *   <li>any other {@link RevsyncException} (a timeout, a malformed or cut response after the
 *       transport's retries): that batch's items UNKNOWN — the request may have reached the system
 *       and been applied — later items NOT_SENT, status FAILED;
 *   <li>a writer that does not return exactly one outcome per item of its batch, in order (a
 *       connector bug): that batch's items FAILED with code {@code NO_OUTCOME} (they may have been
 *       written), later items NOT_SENT, status FAILED.
 * </ul>
 *
 * <p>Calls spent are this write's own ({@link CallMeter#startOperation()}), not the connection's.
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

    /**
     * The next item failed with the vendor's {@code code} and {@code message}, naming {@code
     * fields}.
     */
    public void failed(String id, String code, String message, List<String> fields) {
      outcomes.add(
          WriteOutcome.failed(firstIndex + outcomes.size(), key(), id, code, message, fields));
    }

    /**
     * The system answered without saying what became of the next item (its answer named neither a
     * result nor an error for it): it may have been written. Never put in a backlog.
     *
     * @since 0.2
     */
    public void unknown(String why) {
      outcomes.add(WriteOutcome.unknown(firstIndex + outcomes.size(), key(), why));
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

  /**
   * A collector of the outcomes of {@code batch}, whose first item has index {@code firstIndex}.
   */
  public static Outcomes outcomes(List<WriteItem> batch, int firstIndex) {
    return new Outcomes(List.copyOf(batch), firstIndex);
  }

  public static WriteResult write(
      CallMeter calls, WriteRequest request, int maxBatchSize, BatchWriter writer) {
    Objects.requireNonNull(calls, "calls");
    Objects.requireNonNull(request, "request");
    Objects.requireNonNull(writer, "writer");
    if (maxBatchSize < 1)
      throw new IllegalArgumentException("maxBatchSize must be at least 1: " + maxBatchSize);
    try (CallMeter.Operation operation = calls.startOperation()) {
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
        } catch (RevsyncException e) {
          status = stopped(items, next, end, e, outcomes);
          failure = e instanceof QuotaExhaustedException ? null : e;
          next = items.size();
          break;
        }
        String problem = checkOutcomes(written, batch, next);
        if (problem != null) {
          for (int i = next; i < end; i++) {
            outcomes.add(
                WriteOutcome.failed(
                    i,
                    items.get(i).key(),
                    null,
                    "NO_OUTCOME",
                    "the connector reported no outcome for this item; it may have been written",
                    List.of()));
          }
          status = WriteResult.Status.FAILED;
          failure =
              new RevsyncException(
                  calls.system(),
                  "write " + request.object(),
                  problem,
                  "Report this as a connector bug; check these records in the system before resending",
                  null);
          next = end;
          break;
        }
        outcomes.addAll(written);
        next = end;
      }
      for (int i = next; i < items.size(); i++)
        outcomes.add(WriteOutcome.notSent(i, items.get(i).key()));
      return new WriteResult(request, status, outcomes, operation.calls(), failure);
    }
  }

  /**
   * The result of a write that {@code why} stopped before any of its items was sent (a field list
   * or a definition refused): items NOT_SENT or FAILED as for a batch, never UNKNOWN.
   *
   * @since 0.2
   */
  public static WriteResult stoppedBeforeSending(
      WriteRequest request, RevsyncException why, long callsSpent) {
    List<WriteOutcome> outcomes = new ArrayList<>(request.items().size());
    WriteResult.Status status = stopped(request.items(), 0, 0, why, outcomes);
    return new WriteResult(
        request, status, outcomes, callsSpent, why instanceof QuotaExhaustedException ? null : why);
  }

  /**
   * Adds the outcomes of items {@code from} on after {@code why} stopped the write; items before
   * {@code sentEnd} were in the request that failed. Returns the write's status.
   */
  private static WriteResult.Status stopped(
      List<WriteItem> items,
      int from,
      int sentEnd,
      RevsyncException why,
      List<WriteOutcome> outcomes) {
    if (why instanceof QuotaExhaustedException || why instanceof AuthenticationException) {
      for (int i = from; i < items.size(); i++)
        outcomes.add(WriteOutcome.notSent(i, items.get(i).key()));
      return why instanceof QuotaExhaustedException
          ? WriteResult.Status.QUOTA_EXHAUSTED
          : WriteResult.Status.FAILED;
    }
    if (permanent(why)) {
      String code =
          why instanceof VendorApiException v && v.vendorCode() != null
              ? v.vendorCode()
              : why instanceof PermissionException ? "PERMISSION" : "CONFIGURATION";
      for (int i = from; i < items.size(); i++) {
        outcomes.add(
            WriteOutcome.failed(i, items.get(i).key(), null, code, why.getMessage(), List.of()));
      }
      return WriteResult.Status.FAILED;
    }
    for (int i = from; i < items.size(); i++) {
      outcomes.add(
          i < sentEnd
              ? WriteOutcome.unknown(i, items.get(i).key(), why.getMessage())
              : WriteOutcome.notSent(i, items.get(i).key()));
    }
    return WriteResult.Status.FAILED;
  }

  /** Sending again cannot help: the system refused the request itself, not for want of capacity. */
  private static boolean permanent(RevsyncException e) {
    return e instanceof VendorApiException
        || e instanceof PermissionException
        || e instanceof ConfigurationException;
  }

  private static String checkOutcomes(
      List<WriteOutcome> written, List<WriteItem> batch, int firstIndex) {
    if (written == null || written.size() != batch.size()) {
      return "the connector returned "
          + (written == null ? "no" : written.size())
          + " outcomes for a batch of "
          + batch.size()
          + " items starting at index "
          + firstIndex;
    }
    for (int i = 0; i < written.size(); i++) {
      WriteOutcome outcome = written.get(i);
      if (outcome == null || outcome.index() != firstIndex + i) {
        return "the connector returned outcome "
            + i
            + " of the batch starting at index "
            + firstIndex
            + (outcome == null
                ? " as null"
                : " for index " + outcome.index() + " instead of " + (firstIndex + i));
      }
    }
    return null;
  }
}
