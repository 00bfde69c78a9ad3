package dev.revsync.marketo;

import static org.assertj.core.api.Assertions.assertThat;

import dev.revsync.Activity;
import dev.revsync.ConnectionConfig;
import dev.revsync.Connector;
import dev.revsync.QuotaPolicy;
import dev.revsync.WriteItem;
import dev.revsync.WriteRequest;
import dev.revsync.WriteResult;
import dev.revsync.simulators.ScaledClock;
import dev.revsync.simulators.marketo.MarketoSimulator;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * Marketo's rate and concurrency limits belong to the subscription, not to one connection: two
 * connections to one subscription (two tenants' API users, say) share them in this process.
 */
class MarketoSubscriptionLimitsTest {
  // Real time 20 times faster, not a simulated clock: the simulator holds each call 50 ms of real
  // time, and a 615 retried after 2 s of a clock that skips its waits would come back while the
  // calls that filled the subscription's ten are still held.
  private final ScaledClock clock =
      ScaledClock.startingAt(Instant.parse("2026-11-28T00:30:00Z"), 20);
  private final MarketoSimulator sim =
      MarketoSimulator.builder()
          .clock(clock)
          .leads(100)
          .holdEachCall(Duration.ofMillis(50))
          .start();
  private final List<Connector> connectors = new ArrayList<>();

  @AfterEach
  void close() {
    connectors.forEach(Connector::close);
    sim.close();
  }

  private Connector connect(String connectionId, String munchkinId) {
    Map<String, String> s = sim.connectionSettings();
    Connector c =
        new MarketoConnectorProvider()
            .open(
                ConnectionConfig.builder(connectionId)
                    .baseUrl(s.get("baseUrl"))
                    .setting("munchkinId", munchkinId)
                    .setting("clientId", s.get("clientId"))
                    .secret("clientSecret", s.get("clientSecret"))
                    .clock(clock)
                    .quotaPolicy(QuotaPolicy.unlimited())
                    .build());
    connectors.add(c);
    return c;
  }

  /**
   * 25 threads on each connection write one lead each, all released at once; the simulator counts.
   */
  private void writeFromFiftyThreads(Connector a, Connector b) throws Exception {
    a.verify();
    b.verify();
    ExecutorService pool = Executors.newFixedThreadPool(50);
    CountDownLatch go = new CountDownLatch(1);
    try {
      List<Future<WriteResult>> results = new ArrayList<>();
      for (int t = 0; t < 50; t++) {
        Connector c = t % 2 == 0 ? a : b;
        int id = t + 1;
        results.add(
            pool.submit(
                () -> {
                  go.await();
                  return c.write(
                      WriteRequest.builder("Lead", Activity.ENRICHMENT)
                          .items(
                              List.of(
                                  WriteItem.of(
                                      Integer.toString(id), Map.of("revsyncSegment", "T" + id))))
                          .build());
                }));
      }
      go.countDown();
      for (Future<WriteResult> f : results)
        assertThat(f.get(60, TimeUnit.SECONDS).succeeded()).isEqualTo(1);
    } finally {
      pool.shutdownNow();
    }
  }

  @Test
  void twoConnectionsToOneSubscriptionShareItsTenConcurrentCalls() throws Exception {
    writeFromFiftyThreads(
        connect("tenant-a/marketo", "123-ABC-456"), connect("tenant-b/marketo", "123-abc-456"));
    assertThat(sim.maxConcurrentCalls()).as("calls Marketo saw in flight at once").isBetween(2, 10);
    assertThat(sim.requestLog().count())
        .as("two identity, two usage and 50 writes: no 615 to retry")
        .isEqualTo(54);
  }

  @Test
  void connectionsToTwoSubscriptionsEachHaveTheirOwnTenAndTheSimulatorRefusesTheExcess()
      throws Exception {
    // both go to one simulator (one subscription's real limits) but name two subscriptions:
    // each connection then keeps its own ten, so together they overrun the simulator's cap
    writeFromFiftyThreads(
        connect("tenant-a/marketo", "123-ABC-456"), connect("tenant-b/marketo", "789-XYZ-000"));
    assertThat(sim.maxConcurrentCalls()).isEqualTo(10);
    assertThat(sim.requestLog().count()).as("615 refusals retried").isGreaterThan(54);
  }
}
