package dev.revsync.spi;

import dev.revsync.internal.quota.InMemoryQuotaLedger;
import java.time.LocalDate;

/**
 * Where a {@link dev.revsync.QuotaPolicy} keeps its counts of calls per connection and UTC day.
 * The default is in memory; a ledger in a database or the pipeline's checkpoint store lets several
 * processes share one budget and a restarted process keep the day's count.
 *
 * <p>Implementations must be thread-safe and {@link #tryIncrement} atomic: two callers racing for
 * the last call must not both get it.
 */
public interface QuotaLedger {

  /**
   * Adds one to the count of {@code connectionId} on {@code day} if the count is below
   * {@code ceiling}.
   *
   * @return true if the call was counted (granted), false if the count was already at the ceiling
   */
  boolean tryIncrement(String connectionId, LocalDate day, long ceiling);

  /** The count of {@code connectionId} on {@code day}; 0 if none. */
  long spent(String connectionId, LocalDate day);

  /** A ledger in this process's memory. */
  static QuotaLedger inMemory() {
    return new InMemoryQuotaLedger();
  }
}
