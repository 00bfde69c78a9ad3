package dev.revsync.internal.job;

import dev.revsync.RevsyncException;

/**
 * The host's {@link dev.revsync.RecordSink} threw: the sync stops with FAILED and this as its
 * failure, the sink's exception as the cause. Nothing after the last checkpoint is lost: the next
 * sync starts there.
 */
public final class SinkFailedException extends RevsyncException {
  private static final long serialVersionUID = 1L;

  public SinkFailedException(String system, String call, Object sink, RuntimeException cause) {
    super(
        system,
        call,
        "the host's record sink "
            + sink.getClass().getName()
            + " threw "
            + cause.getClass().getName()
            + (cause.getMessage() != null ? ": " + cause.getMessage() : ""),
        "Fix the sink; the next sync resumes from the last checkpoint it received",
        cause);
  }
}
