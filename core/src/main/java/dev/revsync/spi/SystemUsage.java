package dev.revsync.spi;

import java.util.OptionalLong;

/**
 * What a system says of its own daily API allowance, as read from a response header or a usage
 * body: what is left and, where it says so, the whole allowance. Immutable.
 *
 * @param limit the day's allowance, if the system reports it
 * @param remaining calls left today, never negative
 */
public record SystemUsage(OptionalLong limit, long remaining) {

  public SystemUsage {
    limit = limit == null ? OptionalLong.empty() : limit;
    remaining = Math.max(0, remaining);
  }

  /** {@code remaining} left, the limit unknown. */
  public static SystemUsage remaining(long remaining) {
    return new SystemUsage(OptionalLong.empty(), remaining);
  }

  /** {@code used} of {@code limit} spent (Salesforce's {@code api-usage=used/limit}). */
  public static SystemUsage usedOf(long used, long limit) {
    return new SystemUsage(OptionalLong.of(limit), limit - used);
  }

  /** Calls spent today, where the limit is known. */
  public OptionalLong used() {
    return limit.isPresent()
        ? OptionalLong.of(Math.max(0, limit.getAsLong() - remaining))
        : OptionalLong.empty();
  }
}
