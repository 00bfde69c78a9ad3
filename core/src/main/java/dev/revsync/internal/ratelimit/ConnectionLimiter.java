package dev.revsync.internal.ratelimit;

import dev.revsync.RateLimits;
import dev.revsync.spi.Sleeper;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayDeque;
import java.util.Objects;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.locks.Condition;
import java.util.concurrent.locks.ReentrantLock;

/**
 * The vendor's limits for one connection, shared by every transport and thread of the process that
 * calls it: a sliding window of at most {@code maxRequests} per {@code window} (timed on the
 * connection's clock, waited through its {@link Sleeper}) and at most {@code maxConcurrent} calls
 * in flight. Get one with {@link #register}; {@link #release()} it when the transport closes.
 *
 * <p>Thread-safe.
 */
public final class ConnectionLimiter {
  private static final ConcurrentHashMap<Key, ConnectionLimiter> REGISTRY =
      new ConcurrentHashMap<>();

  private final Key key;
  private final ReentrantLock lock = new ReentrantLock();
  private final Condition slotFreed = lock.newCondition();
  private final ArrayDeque<Instant> recent = new ArrayDeque<>();
  private volatile RateLimits limits;
  private int inFlight; // guarded by lock
  private int references; // changed only inside REGISTRY.compute

  private ConnectionLimiter(Key key, RateLimits limits) {
    this.key = key;
    this.limits = limits;
  }

  /**
   * The limiter of connection {@code connectionId} of {@code system}, created on first use. The
   * limits given last apply to every user of the connection.
   */
  public static ConnectionLimiter register(String system, String connectionId, RateLimits limits) {
    return register(new Key(system, connectionId), limits);
  }

  /**
   * The limiter every connection giving {@code sharedKey} uses, whatever its system or connection
   * id (limits that belong to the customer's account, not to one connection). Shared keys live
   * apart from connection ids, so neither can take the other's limiter.
   */
  public static ConnectionLimiter registerShared(String sharedKey, RateLimits limits) {
    return register(new Key(null, sharedKey), limits);
  }

  private static ConnectionLimiter register(Key key, RateLimits limits) {
    return REGISTRY.compute(
        key,
        (k, existing) -> {
          ConnectionLimiter limiter =
              existing != null ? existing : new ConnectionLimiter(k, limits);
          limiter.references++;
          limiter.updateLimits(limits);
          return limiter;
        });
  }

  /** Drops one registration; the limiter is forgotten when none is left. */
  public void release() {
    REGISTRY.computeIfPresent(
        key, (k, limiter) -> limiter != this || --limiter.references > 0 ? limiter : null);
  }

  public RateLimits limits() {
    return limits;
  }

  /** Calls of this connection in flight now, over all transports. */
  public int inFlight() {
    lock.lock();
    try {
      return inFlight;
    } finally {
      lock.unlock();
    }
  }

  /** Waits for one of the {@code maxConcurrent} slots; close the permit when the call is done. */
  public Permit enter() throws InterruptedException {
    lock.lockInterruptibly();
    try {
      while (inFlight >= limits.maxConcurrent()) {
        slotFreed.await();
      }
      inFlight++;
    } finally {
      lock.unlock();
    }
    return new Permit();
  }

  /**
   * Waits until one more request fits the sliding window and records it. The wait goes through
   * {@code sleeper}, so a simulated clock makes it instant.
   */
  public void awaitWindow(Clock clock, Sleeper sleeper) throws InterruptedException {
    while (true) {
      Duration wait;
      lock.lock();
      try {
        RateLimits current = limits;
        if (current.maxRequests() == Integer.MAX_VALUE) return;
        Instant now = clock.instant();
        Instant windowStart = now.minus(current.window());
        while (!recent.isEmpty() && !recent.peekFirst().isAfter(windowStart)) {
          recent.pollFirst();
        }
        if (recent.size() < current.maxRequests()) {
          recent.addLast(now);
          return;
        }
        wait = Duration.between(now, recent.peekFirst().plus(current.window()));
      } finally {
        lock.unlock();
      }
      sleeper.sleep(wait.isZero() || wait.isNegative() ? Duration.ofMillis(1) : wait);
    }
  }

  private void updateLimits(RateLimits limits) {
    lock.lock();
    try {
      this.limits = limits;
      slotFreed.signalAll(); // a raised cap lets waiters in at once
    } finally {
      lock.unlock();
    }
  }

  @Override
  public String toString() {
    String owner =
        key.system == null ? "shared " + key.connectionId : key.system + " " + key.connectionId;
    return "ConnectionLimiter{" + owner + ": " + limits + "}";
  }

  /** One slot of the concurrency cap; closing it twice releases once. */
  public final class Permit implements AutoCloseable {
    private boolean closed;

    private Permit() {}

    @Override
    public void close() {
      lock.lock();
      try {
        if (closed) return;
        closed = true;
        inFlight--;
        slotFreed.signal();
      } finally {
        lock.unlock();
      }
    }
  }

  /** {@code system} is null for a shared key, so a shared key never equals a connection's. */
  private record Key(String system, String connectionId) {
    // Written out: a record's generated equals and hashCode are bootstrapped through method
    // handles on first use, a cost every run of the command-line tool paid at its start.
    @Override
    public boolean equals(Object o) {
      return o instanceof Key k
          && Objects.equals(system, k.system)
          && Objects.equals(connectionId, k.connectionId);
    }

    @Override
    public int hashCode() {
      return 31 * Objects.hashCode(system) + Objects.hashCode(connectionId);
    }
  }
}
