package dev.revsync.internal.ratelimit;

import static org.assertj.core.api.Assertions.assertThat;

import dev.revsync.RateLimits;
import dev.revsync.TestClock;
import java.time.Duration;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

class ConnectionLimiterTest {

  @Test
  void slidingWindowWaitsOnTheConnectionClock() throws Exception {
    TestClock clock = TestClock.at("2026-11-28T10:00:00Z");
    ConnectionLimiter limiter =
        ConnectionLimiter.register("acme", "window-1", RateLimits.of(3, Duration.ofSeconds(10), 5));
    try {
      for (int i = 0; i < 7; i++) limiter.awaitWindow(clock, clock);

      assertThat(clock.sleeps()).containsExactly(Duration.ofSeconds(10), Duration.ofSeconds(10));
      assertThat(clock.instant()).hasToString("2026-11-28T10:00:20Z");
    } finally {
      limiter.release();
    }
  }

  @Test
  void oneLimiterPerConnectionSharedByEveryRegistration() {
    ConnectionLimiter a = ConnectionLimiter.register("acme", "shared-1", RateLimits.concurrency(2));
    ConnectionLimiter b = ConnectionLimiter.register("acme", "shared-1", RateLimits.concurrency(3));
    ConnectionLimiter other =
        ConnectionLimiter.register("acme", "shared-2", RateLimits.concurrency(2));
    try {
      assertThat(b).isSameAs(a);
      assertThat(a.limits().maxConcurrent()).isEqualTo(3);
      assertThat(other).isNotSameAs(a);
    } finally {
      a.release();
      b.release();
      other.release();
    }
    ConnectionLimiter fresh =
        ConnectionLimiter.register("acme", "shared-1", RateLimits.concurrency(2));
    fresh.release();
    assertThat(fresh).isNotSameAs(a);
  }

  @Test
  void concurrencyCapMakesTheNextCallerWaitForAFreeSlot() throws Exception {
    ConnectionLimiter limiter =
        ConnectionLimiter.register("acme", "cap-1", RateLimits.concurrency(2));
    try {
      ConnectionLimiter.Permit first = limiter.enter();
      ConnectionLimiter.Permit second = limiter.enter();
      CountDownLatch entered = new CountDownLatch(1);
      Thread third =
          new Thread(
              () -> {
                try {
                  limiter.enter().close();
                  entered.countDown();
                } catch (InterruptedException e) {
                  Thread.currentThread().interrupt();
                }
              });
      third.start();
      long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
      while (third.getState() != Thread.State.WAITING && System.nanoTime() < deadline)
        Thread.onSpinWait();

      assertThat(third.getState()).isEqualTo(Thread.State.WAITING);
      assertThat(entered.getCount()).isEqualTo(1);
      assertThat(limiter.inFlight()).isEqualTo(2);

      first.close();
      first.close(); // a second close releases nothing more
      assertThat(entered.await(10, TimeUnit.SECONDS)).isTrue();
      third.join(10_000);
      second.close();
      assertThat(limiter.inFlight()).isZero();
    } finally {
      limiter.release();
    }
  }
}
