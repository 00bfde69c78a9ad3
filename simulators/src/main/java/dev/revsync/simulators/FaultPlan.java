package dev.revsync.simulators;

import java.time.Duration;

/**
 * Faults a simulator injects, chosen per request from a seeded plan (like Retrofit's
 * {@code NetworkBehavior}): 429 with {@code Retry-After}, 5xx, the connection dropped mid-body, a
 * truncated body, a slow response, and token expiry after N calls. Faults can be scheduled for the
 * next N matching requests, for request number k, or at a seeded rate. Thread-safe.
 */
public final class FaultPlan {
  /** The kinds of fault. */
  public enum Fault {
    TOO_MANY_REQUESTS,
    SERVER_ERROR,
    SERVICE_UNAVAILABLE,
    DROP_MID_BODY,
    TRUNCATED_BODY,
    SLOW_RESPONSE
  }

  public FaultPlan(long seed) {
    throw new UnsupportedOperationException("being built");
  }

  /** Injects {@code fault} into the next {@code count} requests whose path contains {@code pathFragment} ("" for any). */
  public FaultPlan next(Fault fault, int count, String pathFragment) {
    throw new UnsupportedOperationException();
  }

  /** Injects {@code fault} into roughly {@code rate} (0..1) of requests, from the seed. */
  public FaultPlan rate(Fault fault, double rate) {
    throw new UnsupportedOperationException();
  }

  /** The {@code Retry-After} a 429 carries; default 1 second. */
  public FaultPlan retryAfter(Duration retryAfter) {
    throw new UnsupportedOperationException();
  }

  /** Tokens issued expire after {@code calls} authenticated calls (the simulator answers its system's expired-session error). */
  public FaultPlan expireTokensAfter(int calls) {
    throw new UnsupportedOperationException();
  }

  /**
   * Counts one authenticated call made with {@code token}; false once that token has outlived
   * {@link #expireTokensAfter(int)} (the simulator then answers its system's expired-session error).
   */
  public boolean tokenCallAllowed(String token) {
    throw new UnsupportedOperationException();
  }

  /** Removes every planned fault. */
  public FaultPlan clear() {
    throw new UnsupportedOperationException();
  }
}
