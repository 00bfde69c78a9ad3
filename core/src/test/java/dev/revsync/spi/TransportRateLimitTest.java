package dev.revsync.spi;

import static dev.revsync.spi.TransportFixtures.bodyString;
import static dev.revsync.spi.TransportFixtures.config;
import static dev.revsync.spi.TransportFixtures.descriptor;
import static org.assertj.core.api.Assertions.assertThat;

import dev.revsync.Activity;
import dev.revsync.ApiStyle;
import dev.revsync.ConnectionConfig;
import dev.revsync.RateLimits;
import dev.revsync.TestClock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CyclicBarrier;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import mockwebserver3.Dispatcher;
import mockwebserver3.MockResponse;
import mockwebserver3.MockWebServer;
import mockwebserver3.RecordedRequest;
import okhttp3.Request;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

class TransportRateLimitTest {
  private final TestClock clock = TestClock.at(TransportFixtures.START);
  private final MockWebServer server = TransportFixtures.startServer();

  TransportRateLimitTest() {
    server.setDispatcher(
        new Dispatcher() {
          @Override
          public MockResponse dispatch(RecordedRequest request) {
            return TransportFixtures.ok("ok");
          }
        });
  }

  @AfterEach
  void tearDown() {
    server.close();
  }

  private Request get() {
    return new Request.Builder().url(server.url("/items")).build();
  }

  @Test
  void burstWindowSpacesCallsOnTheConnectionClock() {
    try (Transport t =
        Transport.builder(
                descriptor(RateLimits.of(2, Duration.ofSeconds(10), 4)), config(clock).build())
            .build()) {
      for (int i = 0; i < 5; i++) t.execute(Activity.SYNC, ApiStyle.REST, get(), bodyString());

      assertThat(clock.sleeps()).containsExactly(Duration.ofSeconds(10), Duration.ofSeconds(10));
      assertThat(server.getRequestCount()).isEqualTo(5);
    }
  }

  @Test
  void concurrencyCapHoldsAcrossTransportsOfOneConnectionIncludingBodyHandling() throws Exception {
    ConnectionConfig config = config(clock).build();
    RateLimits twoAtOnce = RateLimits.concurrency(2);
    AtomicInteger inHandler = new AtomicInteger();
    AtomicInteger maxInHandler = new AtomicInteger();
    // Handlers wait for a partner, so two calls always overlap; a third would show if the cap
    // leaked.
    CyclicBarrier pairs = new CyclicBarrier(2);
    ResponseHandler<String> slowReader =
        r -> {
          maxInHandler.accumulateAndGet(inHandler.incrementAndGet(), Math::max);
          try {
            pairs.await(20, TimeUnit.SECONDS);
          } catch (Exception e) {
            throw new IllegalStateException(e);
          }
          String body = r.body().string();
          inHandler.decrementAndGet();
          return body;
        };
    ExecutorService pool = Executors.newFixedThreadPool(8);
    try (Transport a = Transport.builder(descriptor(twoAtOnce), config).build();
        Transport b = Transport.builder(descriptor(twoAtOnce), config).build()) {
      List<Future<String>> results = new ArrayList<>();
      for (int i = 0; i < 8; i++) {
        Transport t = i % 2 == 0 ? a : b;
        results.add(pool.submit(() -> t.execute(Activity.SYNC, ApiStyle.REST, get(), slowReader)));
      }
      for (Future<String> f : results) assertThat(f.get(60, TimeUnit.SECONDS)).isEqualTo("ok");

      assertThat(maxInHandler).hasValue(2);
      assertThat(a.callsMade() + b.callsMade()).isEqualTo(8);
    } finally {
      pool.shutdownNow();
    }
  }

  @Test
  void connectionsGivingTheSameSharedLimitKeyShareOneBurstWindowAndOthersDoNot() {
    RateLimits twoPerTenSeconds = RateLimits.of(2, Duration.ofSeconds(10), 4);
    ConnectionConfig crm = config(clock).build();
    ConnectionConfig map = config(clock).build(); // another connection id
    try (Transport a =
            Transport.builder(descriptor(twoPerTenSeconds), crm)
                .sharedLimitKey("portal-1")
                .build();
        Transport b =
            Transport.builder(descriptor(twoPerTenSeconds), map)
                .sharedLimitKey("portal-1")
                .build()) {
      a.execute(Activity.SYNC, ApiStyle.REST, get(), bodyString());
      b.execute(Activity.SYNC, ApiStyle.REST, get(), bodyString());
      assertThat(clock.sleeps()).as("two calls fit the shared window").isEmpty();
      a.execute(Activity.SYNC, ApiStyle.REST, get(), bodyString());
      assertThat(clock.sleeps())
          .as("the third waits for the window both connections filled")
          .containsExactly(Duration.ofSeconds(10));
    }
    try (Transport other =
        Transport.builder(descriptor(twoPerTenSeconds), map).sharedLimitKey("portal-2").build()) {
      other.execute(Activity.SYNC, ApiStyle.REST, get(), bodyString());
      other.execute(Activity.SYNC, ApiStyle.REST, get(), bodyString());
      assertThat(clock.sleeps()).as("another portal's window is its own").hasSize(1);
    }
  }
}
