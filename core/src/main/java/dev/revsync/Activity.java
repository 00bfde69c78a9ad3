package dev.revsync;

/**
 * What a connector is doing when it spends an API call. Usage and budgets are reported per
 * activity.
 */
public enum Activity {
  /** Logging in and verifying a connection. */
  LOGIN,
  /** Pulling records down (the nightly sync). */
  SYNC,
  /** Pushing enrichment fields back to the system. */
  ENRICHMENT,
  /** Pushing scores back to the system. */
  SCORE_EXPORT;

  /** True for the activities that write to the customer's system and may use the write reserve. */
  public boolean isWrite() {
    return this == ENRICHMENT || this == SCORE_EXPORT;
  }
}
