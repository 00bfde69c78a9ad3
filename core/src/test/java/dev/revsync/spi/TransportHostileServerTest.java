package dev.revsync.spi;

import static dev.revsync.spi.TransportFixtures.bodyString;
import static dev.revsync.spi.TransportFixtures.config;
import static dev.revsync.spi.TransportFixtures.descriptor;
import static dev.revsync.spi.TransportFixtures.ok;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.junit.jupiter.api.Assertions.assertTimeoutPreemptively;

import dev.revsync.Activity;
import dev.revsync.ApiStyle;
import dev.revsync.Checkpoint;
import dev.revsync.ProtocolException;
import dev.revsync.SyncRequest;
import dev.revsync.SyncResult;
import dev.revsync.TestClock;
import dev.revsync.TransientException;
import java.time.Clock;
import java.time.Duration;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;
import mockwebserver3.MockResponse;
import mockwebserver3.MockWebServer;
import okhttp3.MediaType;
import okhttp3.Request;
import okhttp3.RequestBody;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * Servers that drip, answer writes with garbage, or share a connection with another thread's calls.
 */
class TransportHostileServerTest {
  private final TestClock clock = TestClock.at(TransportFixtures.START);
  private final MockWebServer server = TransportFixtures.startServer();
  private Transport transport;

  @AfterEach
  void tearDown() {
    if (transport != null) transport.close();
    server.close();
  }

  private Transport transport(dev.revsync.ConnectionConfig.Builder config) {
    transport = Transport.builder(descriptor(), config.build()).build();
    return transport;
  }

  private Request get(String path) {
    return new Request.Builder().url(server.url(path)).build();
  }

  private Request post(String path) {
    return new Request.Builder()
        .url(server.url(path))
        .post(RequestBody.create("{\"Id\":\"001\"}", MediaType.get("application/json")))
        .build();
  }

  /**
   * A body of {@code bytes} sent one byte every 50 ms: each read succeeds well inside any read
   * timeout.
   */
  private static MockResponse dripping(int bytes) {
    return new MockResponse.Builder()
        .code(200)
        .body("x".repeat(bytes))
        .throttleBody(1, 50, TimeUnit.MILLISECONDS)
        .build();
  }

  @Test
  void aServerDrippingOneByteAtATimeIsCutByTheCallTimeoutAndRetriedLikeAnyTimeout() {
    for (int i = 0; i < 3; i++) server.enqueue(dripping(10_000));
    Transport t =
        transport(
            config(clock)
                .readTimeout(Duration.ofSeconds(5))
                .callTimeout(Duration.ofMillis(400))
                .maxAttempts(3));
    Throwable thrown =
        assertTimeoutPreemptively(
            Duration.ofSeconds(20),
            () ->
                org.assertj.core.api.Assertions.catchThrowable(
                    () -> t.execute(Activity.SYNC, ApiStyle.REST, get("/drip"), bodyString())));
    assertThat(thrown)
        .isInstanceOf(TransientException.class)
        .hasMessageContaining("gave up after 3 attempts");
    assertThat(server.getRequestCount()).as("attempts, each cut by the call timeout").isEqualTo(3);
  }

  @Test
  void aDripFedCallEndsAtTheSyncsDeadlineNotAfterTheConfiguredCallTimeout() {
    server.enqueue(dripping(100_000)); // 83 minutes at this pace
    // The default call timeout is 10 minutes: only the sync's deadline can end this call in time.
    // The deadline is read on the connection's clock; here the real one, as the socket's time is
    // real.
    Clock real = Clock.systemUTC();
    Transport t = transport(config(clock).clock(real).readTimeout(Duration.ofSeconds(5)));
    SyncRequest request =
        SyncRequest.builder("Account")
            .checkpoint(Checkpoint.EMPTY)
            .deadline(real.instant().plusMillis(500))
            .build();
    SyncResult result =
        assertTimeoutPreemptively(
            Duration.ofSeconds(20),
            () ->
                SyncRun.run(
                    t,
                    real,
                    request,
                    record -> {},
                    run -> t.execute(Activity.SYNC, ApiStyle.REST, get("/drip"), bodyString())));
    assertThat(result.status()).as("%s", result).isEqualTo(SyncResult.Status.WINDOW_CLOSED);
    assertThat(result.callsSpent()).isEqualTo(1);
    assertThat(server.getRequestCount()).as("no retry past the deadline").isEqualTo(1);
  }

  @Test
  void aCreateAnsweredWithGarbageIsNotSentAgain() {
    server.enqueue(ok("<html>garbage"));
    server.enqueue(ok("{\"id\":\"second\"}"));
    Transport t = transport(config(clock));
    assertThatThrownBy(
            () ->
                t.executeOnce(
                    Activity.ENRICHMENT,
                    ApiStyle.REST,
                    post("/create"),
                    r -> {
                      String body = r.body().string();
                      if (!body.startsWith("{")) {
                        throw new ProtocolException(
                            "acme", "POST /create", "the answer is not JSON", "Report it", null);
                      }
                      return body;
                    }))
        .isInstanceOf(ProtocolException.class)
        .hasMessageContaining("not retried");
    assertThat(server.getRequestCount())
        .as("requests that reached the server for one create")
        .isEqualTo(1);
  }

  @Test
  void aCreateRefusedWith503IsRetriedSinceTheSystemCannotHaveAppliedIt() {
    server.enqueue(TransportFixtures.status(503));
    server.enqueue(ok("{\"id\":\"made\"}"));
    Transport t = transport(config(clock));
    assertThat(t.executeOnce(Activity.ENRICHMENT, ApiStyle.REST, post("/create"), bodyString()))
        .isEqualTo("{\"id\":\"made\"}");
    assertThat(server.getRequestCount()).isEqualTo(2);
  }

  @Test
  void aSyncsCallsSpentAreItsOwnWhileAnotherThreadUsesTheSameConnection() throws Exception {
    for (int i = 0; i < 53; i++) server.enqueue(ok("{}"));
    Transport t = transport(config(clock));
    CountDownLatch syncStarted = new CountDownLatch(1);
    CountDownLatch otherDone = new CountDownLatch(1);
    AtomicReference<Throwable> otherFailed = new AtomicReference<>();
    Thread other =
        new Thread(
            () -> {
              try {
                syncStarted.await();
                for (int i = 0; i < 50; i++)
                  t.execute(Activity.SYNC, ApiStyle.REST, get("/other"), bodyString());
              } catch (Throwable e) {
                otherFailed.set(e);
              } finally {
                otherDone.countDown();
              }
            });
    other.start();
    SyncRequest request = SyncRequest.builder("Account").build();
    SyncResult result =
        SyncRun.run(
            t,
            clock,
            request,
            record -> {},
            run -> {
              t.execute(Activity.SYNC, ApiStyle.REST, get("/mine"), bodyString());
              syncStarted.countDown();
              assertThat(otherDone.await(30, TimeUnit.SECONDS)).isTrue();
              t.execute(Activity.SYNC, ApiStyle.REST, get("/mine"), bodyString());
              t.execute(Activity.SYNC, ApiStyle.REST, get("/mine"), bodyString());
            });
    other.join();
    assertThat(otherFailed.get()).isNull();
    assertThat(result.status()).isEqualTo(SyncResult.Status.COMPLETED);
    assertThat(t.callsMade()).as("the connection's calls").isEqualTo(53);
    assertThat(result.callsSpent()).as("the sync's own calls").isEqualTo(3);
  }

  @Test
  void callsMadeOnWorkerThreadsThroughTheSyncsExecutorCountAsTheSyncs() throws Exception {
    for (int i = 0; i < 5; i++) server.enqueue(ok("{}"));
    Transport t = transport(config(clock));
    java.util.concurrent.ExecutorService pool =
        java.util.concurrent.Executors.newFixedThreadPool(2);
    try {
      SyncResult result =
          SyncRun.run(
              t,
              clock,
              SyncRequest.builder("Account").build(),
              record -> {},
              run -> {
                t.execute(Activity.SYNC, ApiStyle.REST, get("/mine"), bodyString());
                CountDownLatch done = new CountDownLatch(4);
                java.util.concurrent.Executor counted = run.executor(pool);
                for (int i = 0; i < 4; i++) {
                  counted.execute(
                      () -> {
                        t.execute(Activity.SYNC, ApiStyle.REST, get("/page"), bodyString());
                        done.countDown();
                      });
                }
                assertThat(done.await(30, TimeUnit.SECONDS)).isTrue();
              });
      assertThat(result.callsSpent())
          .as("the sync's calls, four of them on worker threads")
          .isEqualTo(5);
    } finally {
      pool.shutdown();
    }
  }

  @Test
  void tasksSubmittedInsideANestedOperationCountForEveryOperationOpenOnTheSubmittingThread()
      throws Exception {
    for (int i = 0; i < 4; i++) server.enqueue(ok("{}"));
    Transport t = transport(config(clock));
    java.util.concurrent.ExecutorService pool =
        java.util.concurrent.Executors.newFixedThreadPool(2);
    try (CallMeter.Operation outer = t.startOperation()) {
      java.util.concurrent.Executor counted = outer.executor(pool);
      CallMeter.Operation inner =
          t.startOperation(); // a write batcher's, say, opened after the pool was wrapped
      CountDownLatch done = new CountDownLatch(3);
      for (int i = 0; i < 3; i++) {
        counted.execute(
            () -> {
              t.execute(Activity.SYNC, ApiStyle.REST, get("/page"), bodyString());
              done.countDown();
            });
      }
      assertThat(done.await(30, TimeUnit.SECONDS)).isTrue();
      inner.close();
      t.execute(Activity.SYNC, ApiStyle.REST, get("/after"), bodyString());
      assertThat(inner.calls()).as("the workers' calls, submitted while it was open").isEqualTo(3);
      assertThat(outer.calls()).as("the workers' and the thread's own").isEqualTo(4);
    } finally {
      pool.shutdown();
    }
  }
}
