package dev.revsync.spi;

/**
 * Counts a connection's calls; {@link Transport} is one. {@link SyncRun} and {@link WriteBatcher}
 * read it to report what a sync or write cost. Implementations are thread-safe: calls are counted
 * from every thread of the connection.
 */
public interface CallMeter {
  /** The connector id. */
  String system();

  /** Calls made so far (every attempt, token requests included). */
  long callsMade();
}
