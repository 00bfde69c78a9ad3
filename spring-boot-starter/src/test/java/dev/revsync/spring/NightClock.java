package dev.revsync.spring;

import dev.revsync.spi.Sleeper;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.Condition;
import java.util.concurrent.locks.ReentrantLock;

/**
 * A simulated clock for a running application: short waits (retry backoff, job polls) advance it at
 * once, as {@code SimulatedClock} does, but a wait of an hour or more (the scheduler waiting for
 * the next night's window) blocks until the test calls {@link #nextNight()}, so nights run when the
 * test says, not back to back.
 */
final class NightClock extends Clock implements Sleeper {
  private static final Duration LONG = Duration.ofHours(1);
  private final ReentrantLock lock = new ReentrantLock();
  private final Condition changed = lock.newCondition();
  private Instant now;
  private int released;
  private boolean parked;

  NightClock(Instant start) {
    this.now = start;
  }

  @Override
  public Instant instant() {
    lock.lock();
    try {
      return now;
    } finally {
      lock.unlock();
    }
  }

  @Override
  public ZoneId getZone() {
    return ZoneOffset.UTC;
  }

  @Override
  public Clock withZone(ZoneId zone) {
    return this;
  }

  @Override
  public void sleep(Duration d) throws InterruptedException {
    if (d.isNegative() || d.isZero()) return;
    lock.lock();
    try {
      if (d.compareTo(LONG) >= 0) {
        int ticket = released;
        parked = true;
        changed.signalAll();
        while (released == ticket) changed.await();
      }
      now = now.plus(d);
      changed.signalAll();
    } finally {
      lock.unlock();
    }
  }

  /** Waits (at most {@code seconds}) until a thread waits for the next night. */
  boolean awaitParked(long seconds) throws InterruptedException {
    long left = TimeUnit.SECONDS.toNanos(seconds);
    lock.lock();
    try {
      while (!parked) {
        if (left <= 0) return false;
        left = changed.awaitNanos(left);
      }
      return true;
    } finally {
      lock.unlock();
    }
  }

  /** Lets the waiting scheduler go on to the next night's window. */
  void nextNight() {
    lock.lock();
    try {
      released++;
      parked = false; // until the scheduler, once through the next night, waits again
      changed.signalAll();
    } finally {
      lock.unlock();
    }
  }
}
