package dev.revsync;

import java.time.Instant;
import java.time.LocalDate;
import java.util.Map;
import java.util.OptionalLong;

/**
 * API calls a connection spent on one UTC day and what is left, as of when it was read. Immutable.
 *
 * @param day the UTC day
 * @param spent calls counted against the day's budget (by every process sharing the ledger)
 * @param dailyLimit the budget in force now; {@link Long#MAX_VALUE} for unlimited
 * @param remaining calls left today for syncs (the write reserve excluded)
 * @param remainingForWrites calls left today for enrichment and score exports
 * @param systemRemaining what the system itself last reported left, where it reports it
 * @param byActivity calls this process spent today, by activity
 * @param byStyle calls this process spent today, by API style
 * @param resetsAt when the budget next resets (00:00 UTC)
 */
public record Usage(
    LocalDate day,
    long spent,
    long dailyLimit,
    long remaining,
    long remainingForWrites,
    OptionalLong systemRemaining,
    Map<Activity, Long> byActivity,
    Map<ApiStyle, Long> byStyle,
    Instant resetsAt) {

  public Usage {
    byActivity = Map.copyOf(byActivity);
    byStyle = Map.copyOf(byStyle);
    systemRemaining = systemRemaining == null ? OptionalLong.empty() : systemRemaining;
  }

  /** Calls this process spent today for {@code activity}. */
  public long spent(Activity activity) {
    return byActivity.getOrDefault(activity, 0L);
  }

  /** Calls this process spent today in {@code style}. */
  public long spent(ApiStyle style) {
    return byStyle.getOrDefault(style, 0L);
  }
}
