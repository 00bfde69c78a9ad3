package dev.revsync;

import java.time.Instant;

/**
 * The day's API budget for a connection (the host's, or the system's own daily quota) is spent.
 * Nothing is wrong: syncs stop with {@link SyncResult.Status#QUOTA_EXHAUSTED} and resume after
 * {@link #resetsAt()}. Connectors turn this into a result; hosts see it only from direct calls such
 * as {@link Connector#verify()}.
 */
public class QuotaExhaustedException extends RevsyncException {
  private static final long serialVersionUID = 1L;

  private final Instant resetsAt;

  public QuotaExhaustedException(String system, String call, String problem, Instant resetsAt) {
    super(system, call, problem, "Calls resume when the budget resets at " + resetsAt, null);
    this.resetsAt = resetsAt;
  }

  /** When calls may go again: the next 00:00 UTC, or the system's own reset time. */
  public Instant resetsAt() {
    return resetsAt;
  }
}
