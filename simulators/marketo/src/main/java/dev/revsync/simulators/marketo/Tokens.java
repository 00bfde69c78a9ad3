package dev.revsync.simulators.marketo;

import dev.revsync.simulators.FaultPlan;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The identity service: client credentials → a bearer token that lives {@code ttl}; asking again
 * before it expires returns the same token with the remaining life in {@code expires_in}. A token
 * the fault plan expires early is treated as expired from then on, so the next identity call issues
 * a new one. Thread-safe.
 */
final class Tokens {
  /** What a presented token is. */
  enum Check {
    VALID,
    EXPIRED,
    INVALID
  }

  private final Clock clock;
  private final Duration ttl;
  private final String podSuffix;
  private final Map<String, Instant> expiryByToken = new ConcurrentHashMap<>();
  private volatile String current;
  private final java.util.concurrent.atomic.AtomicInteger expiredAnswers =
      new java.util.concurrent.atomic.AtomicInteger();

  Tokens(Clock clock, Duration ttl, String podSuffix) {
    this.clock = clock;
    this.ttl = ttl;
    this.podSuffix = podSuffix;
  }

  /** The live token for the client (new if none lives) and its remaining seconds. */
  synchronized Map.Entry<String, Long> issue() {
    Instant now = clock.instant();
    String token = current;
    Instant expires = token == null ? null : expiryByToken.get(token);
    if (token == null || expires == null || !now.isBefore(expires)) {
      token = UUID.randomUUID() + ":" + podSuffix;
      expires = now.plus(ttl);
      expiryByToken.put(token, expires);
      current = token;
    }
    long left = Math.max(0, Duration.between(now, expires).toSeconds());
    // Marketo reports one second less than the whole life of a fresh token (3599 for 3600)
    return Map.entry(token, Math.min(left, ttl.toSeconds() - 1));
  }

  Check check(String token, FaultPlan faults) {
    Instant expires = token == null ? null : expiryByToken.get(token);
    if (expires == null) return Check.INVALID;
    if (!clock.instant().isBefore(expires)) {
      expiredAnswers.incrementAndGet();
      return Check.EXPIRED;
    }
    if (!faults.tokenCallAllowed(token)) {
      expireNow(token);
      expiredAnswers.incrementAndGet();
      return Check.EXPIRED;
    }
    return Check.VALID;
  }

  /** Ends the token's life now (a test control: "the token expired"). */
  void expireNow(String token) {
    expiryByToken.computeIfPresent(token, (t, e) -> clock.instant());
  }

  void expireAll() {
    for (String t : expiryByToken.keySet()) expireNow(t);
  }

  /** Calls answered 602 so far. */
  int expiredAnswers() {
    return expiredAnswers.get();
  }

  int issuedCount() {
    return expiryByToken.size();
  }
}
