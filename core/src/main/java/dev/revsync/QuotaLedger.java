package dev.revsync;

import dev.revsync.internal.quota.InMemoryQuotaLedger;
import java.time.LocalDate;

/**
 * Where a {@link dev.revsync.QuotaPolicy} keeps its counts of calls per connection and UTC day. The
 * default is in memory; a ledger in a database or the pipeline's checkpoint store lets several
 * processes share one budget and a restarted process keep the day's count.
 *
 * <p>Implementations must be thread-safe and {@link #tryIncrement} atomic: two callers racing for
 * the last call must not both get it.
 */
public interface QuotaLedger {

  /**
   * Adds one to the count of {@code connectionId} on {@code day} if the count is below {@code
   * ceiling}.
   *
   * @return true if the call was counted (granted), false if the count was already at the ceiling
   */
  boolean tryIncrement(String connectionId, LocalDate day, long ceiling);

  /** The count of {@code connectionId} on {@code day}; 0 if none. */
  long spent(String connectionId, LocalDate day);

  /**
   * Whether the counts survive a restart of this process (a file, a database). The {@link
   * dev.revsync.pipeline.DailyPipeline} refuses a finite budget counted in a ledger that is not
   * durable while its store is, since a restarted process would hand out the day's budget again.
   * Default true; a ledger that counts in memory must override it.
   */
  default boolean durable() {
    return true;
  }

  /** A ledger in this process's memory; not {@link #durable()}. */
  static QuotaLedger inMemory() {
    return new InMemoryQuotaLedger();
  }
}
