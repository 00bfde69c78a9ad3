package dev.revsync;

import java.time.Duration;
import java.util.Objects;

/**
 * A vendor's limits on how fast one connection may call it: at most {@code maxRequests} per {@code
 * window} and at most {@code maxConcurrent} calls in flight. Enforced per connection across every
 * thread of the process. Immutable.
 *
 * @param maxRequests requests allowed per window; {@link Integer#MAX_VALUE} for no burst limit
 * @param window the burst window
 * @param maxConcurrent calls allowed in flight at once
 */
public record RateLimits(int maxRequests, Duration window, int maxConcurrent) {

  public RateLimits {
    Objects.requireNonNull(window, "window");
    if (maxRequests < 1)
      throw new IllegalArgumentException("maxRequests must be positive: " + maxRequests);
    if (maxConcurrent < 1)
      throw new IllegalArgumentException("maxConcurrent must be positive: " + maxConcurrent);
    if (window.isNegative() || window.isZero())
      throw new IllegalArgumentException("window must be positive: " + window);
  }

  /** No burst limit, at most {@code maxConcurrent} in flight. */
  public static RateLimits concurrency(int maxConcurrent) {
    return new RateLimits(Integer.MAX_VALUE, Duration.ofSeconds(1), maxConcurrent);
  }

  /** At most {@code maxRequests} per {@code window} and {@code maxConcurrent} in flight. */
  public static RateLimits of(int maxRequests, Duration window, int maxConcurrent) {
    return new RateLimits(maxRequests, window, maxConcurrent);
  }

  @Override
  public String toString() {
    return (maxRequests == Integer.MAX_VALUE ? "no burst limit" : maxRequests + " per " + window)
        + ", "
        + maxConcurrent
        + " concurrent";
  }
}
