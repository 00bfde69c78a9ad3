package dev.revsync.spi;

import dev.revsync.WriteItem;
import dev.revsync.WriteOutcome;
import dev.revsync.WriteRequest;
import dev.revsync.WriteResult;
import java.util.List;

/**
 * Splits a write into batches of the API's maximum size and collects per-record outcomes. When
 * the budget runs out (or another fault stops it) the batch in hand and every later one come back
 * as {@link WriteOutcome.Status#NOT_SENT}: backlog, not failures.
 */
public final class WriteBatcher {

  /** Sends one batch; returns one outcome per item, indexes counted from {@code firstIndex}. */
  @FunctionalInterface
  public interface BatchWriter {
    List<WriteOutcome> write(List<WriteItem> batch, int firstIndex);
  }

  private WriteBatcher() {}

  public static WriteResult write(CallMeter calls, WriteRequest request, int maxBatchSize, BatchWriter writer) {
    throw new UnsupportedOperationException();
  }
}
