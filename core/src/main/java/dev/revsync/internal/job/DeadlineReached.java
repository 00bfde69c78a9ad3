package dev.revsync.internal.job;

import dev.revsync.RevsyncException;
import java.time.Instant;

/**
 * The sync's deadline (the pull window's end) came before the work was done: the stop signal {@link
 * dev.revsync.spi.SyncRun} turns into {@code WINDOW_CLOSED}. A {@link RevsyncException} so that
 * where no sync run catches it (a write waiting on an import job) it still reads as one.
 */
public final class DeadlineReached extends RevsyncException {
  private static final long serialVersionUID = 1L;

  private final Instant deadline;

  public DeadlineReached(String system, String call, Instant deadline) {
    super(
        system,
        call,
        "the deadline " + deadline + " passed before the work finished",
        "Resume from the last checkpoint in the next window",
        null);
    this.deadline = deadline;
  }

  public Instant deadline() {
    return deadline;
  }
}
