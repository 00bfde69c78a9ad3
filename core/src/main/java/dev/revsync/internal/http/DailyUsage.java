package dev.revsync.internal.http;

import dev.revsync.Activity;
import dev.revsync.ApiStyle;
import dev.revsync.QuotaPolicy;
import java.time.Instant;
import java.time.LocalDate;
import java.util.EnumMap;
import java.util.Map;

/** Calls one transport made on the current UTC day, by activity and API style. Thread-safe. */
final class DailyUsage {
  private LocalDate day = LocalDate.MIN;
  private final long[] byActivity = new long[Activity.values().length];
  private final long[] byStyle = new long[ApiStyle.values().length];

  synchronized void record(Instant now, Activity activity, ApiStyle style) {
    rollTo(QuotaPolicy.dayOf(now));
    byActivity[activity.ordinal()]++;
    byStyle[style.ordinal()]++;
  }

  synchronized Map<Activity, Long> byActivity(Instant now) {
    rollTo(QuotaPolicy.dayOf(now));
    Map<Activity, Long> out = new EnumMap<>(Activity.class);
    for (Activity a : Activity.values()) out.put(a, byActivity[a.ordinal()]);
    return out;
  }

  synchronized Map<ApiStyle, Long> byStyle(Instant now) {
    rollTo(QuotaPolicy.dayOf(now));
    Map<ApiStyle, Long> out = new EnumMap<>(ApiStyle.class);
    for (ApiStyle s : ApiStyle.values()) out.put(s, byStyle[s.ordinal()]);
    return out;
  }

  private void rollTo(LocalDate today) {
    if (!today.equals(day)) {
      day = today;
      java.util.Arrays.fill(byActivity, 0);
      java.util.Arrays.fill(byStyle, 0);
    }
  }
}
