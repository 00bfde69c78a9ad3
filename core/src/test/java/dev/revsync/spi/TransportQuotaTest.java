package dev.revsync.spi;

import static dev.revsync.spi.TransportFixtures.bodyString;
import static dev.revsync.spi.TransportFixtures.config;
import static dev.revsync.spi.TransportFixtures.descriptor;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.revsync.Activity;
import dev.revsync.ApiStyle;
import dev.revsync.QuotaExhaustedException;
import dev.revsync.QuotaPolicy;
import dev.revsync.TestClock;
import dev.revsync.Usage;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import mockwebserver3.Dispatcher;
import mockwebserver3.MockResponse;
import mockwebserver3.MockWebServer;
import mockwebserver3.RecordedRequest;
import okhttp3.Request;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

class TransportQuotaTest {
  private final TestClock clock = TestClock.at(TransportFixtures.START);
  private final MockWebServer server = TransportFixtures.startServer();
  private Transport transport;

  TransportQuotaTest() {
    server.setDispatcher(
        new Dispatcher() {
          @Override
          public MockResponse dispatch(RecordedRequest request) {
            return new MockResponse.Builder().code(200).body("ok").build();
          }
        });
  }

  @AfterEach
  void tearDown() {
    if (transport != null) transport.close();
    server.close();
  }

  private Request get() {
    return new Request.Builder().url(server.url("/items")).build();
  }

  @Test
  void thirtyTwoThreadsThroughOneTransportMakeExactlyTheBudgetOfCalls() throws Exception {
    int budget = 300;
    transport =
        Transport.builder(
                descriptor(), config(clock).quotaPolicy(QuotaPolicy.daily(budget)).build())
            .build();
    ExecutorService pool = Executors.newFixedThreadPool(32);
    CountDownLatch start = new CountDownLatch(1);
    List<Future<Integer>> results = new ArrayList<>();
    try {
      for (int t = 0; t < 32; t++) {
        results.add(
            pool.submit(
                () -> {
                  start.await();
                  int calls = 0;
                  while (true) {
                    try {
                      transport.execute(Activity.SYNC, ApiStyle.REST, get(), bodyString());
                      calls++;
                    } catch (QuotaExhaustedException e) {
                      return calls;
                    }
                  }
                }));
      }
      start.countDown();
      int total = 0;
      for (Future<Integer> f : results) total += f.get(60, TimeUnit.SECONDS);

      assertThat(total).isEqualTo(budget);
      assertThat(server.getRequestCount()).isEqualTo(budget);
      assertThat(transport.callsMade()).isEqualTo(budget);
    } finally {
      pool.shutdownNow();
    }
  }

  @Test
  void budgetChangedMidRunTakesEffectOnTheNextCall() {
    QuotaPolicy quota = QuotaPolicy.daily(100);
    transport = Transport.builder(descriptor(), config(clock).quotaPolicy(quota).build()).build();
    for (int i = 0; i < 5; i++)
      transport.execute(Activity.SYNC, ApiStyle.REST, get(), bodyString());

    quota.setDailyLimit(5);

    assertThatThrownBy(() -> transport.execute(Activity.SYNC, ApiStyle.REST, get(), bodyString()))
        .isInstanceOfSatisfying(
            QuotaExhaustedException.class,
            e -> {
              assertThat(e.getMessage()).contains("budget of 5 calls", "is spent");
              assertThat(e.resetsAt()).isEqualTo(Instant.parse("2026-11-29T00:00:00Z"));
            });
    assertThat(server.getRequestCount()).isEqualTo(5);

    quota.setDailyLimit(6);
    transport.execute(Activity.SYNC, ApiStyle.REST, get(), bodyString());
    assertThat(server.getRequestCount()).isEqualTo(6);
  }

  @Test
  void budgetResetsAtMidnightUtcByTheConnectionClock() {
    clock.set(Instant.parse("2026-11-28T23:59:00Z"));
    transport =
        Transport.builder(descriptor(), config(clock).quotaPolicy(QuotaPolicy.daily(1)).build())
            .build();
    transport.execute(Activity.SYNC, ApiStyle.REST, get(), bodyString());
    assertThatThrownBy(() -> transport.execute(Activity.SYNC, ApiStyle.REST, get(), bodyString()))
        .isInstanceOf(QuotaExhaustedException.class);

    clock.advance(Duration.ofMinutes(1));
    transport.execute(Activity.SYNC, ApiStyle.REST, get(), bodyString());

    Usage usage = transport.usage();
    assertThat(usage.day()).hasToString("2026-11-29");
    assertThat(usage.spent()).isEqualTo(1);
    assertThat(usage.spent(Activity.SYNC)).isEqualTo(1);
    assertThat(server.getRequestCount()).isEqualTo(2);
  }

  @Test
  void writeReserveKeepsSyncOutOfTheLastCallsWhileScoreExportGetsThem() {
    QuotaPolicy quota = QuotaPolicy.builder().dailyLimit(6).writeReserve(2).build();
    transport = Transport.builder(descriptor(), config(clock).quotaPolicy(quota).build()).build();
    for (int i = 0; i < 4; i++)
      transport.execute(Activity.SYNC, ApiStyle.REST, get(), bodyString());

    assertThatThrownBy(() -> transport.execute(Activity.SYNC, ApiStyle.REST, get(), bodyString()))
        .isInstanceOf(QuotaExhaustedException.class)
        .hasMessageContaining("reserved for enrichment and score exports");
    transport.execute(Activity.SCORE_EXPORT, ApiStyle.SOAP, get(), bodyString());
    transport.execute(Activity.SCORE_EXPORT, ApiStyle.SOAP, get(), bodyString());

    Usage usage = transport.usage();
    assertThat(usage.spent(Activity.SYNC)).isEqualTo(4);
    assertThat(usage.spent(Activity.SCORE_EXPORT)).isEqualTo(2);
    assertThat(usage.spent(ApiStyle.SOAP)).isEqualTo(2);
    assertThat(usage.remaining()).isZero();
    assertThat(usage.remainingForWrites()).isZero();
    assertThat(server.getRequestCount()).isEqualTo(6);
  }

  @Test
  void retriesAskTheQuotaToo() {
    server.setDispatcher(
        new Dispatcher() {
          @Override
          public MockResponse dispatch(RecordedRequest request) {
            return new MockResponse.Builder().code(503).build();
          }
        });
    transport =
        Transport.builder(
                descriptor(),
                config(clock).quotaPolicy(QuotaPolicy.daily(3)).maxAttempts(6).build())
            .build();

    assertThatThrownBy(() -> transport.execute(Activity.SYNC, ApiStyle.REST, get(), bodyString()))
        .isInstanceOf(QuotaExhaustedException.class);
    assertThat(server.getRequestCount()).isEqualTo(3);
    assertThat(transport.usage().spent()).isEqualTo(3);
  }
}
