package dev.revsync.hubspot;

import static org.assertj.core.api.Assertions.assertThat;

import dev.revsync.ConnectionConfig;
import dev.revsync.Connector;
import dev.revsync.ConnectorProvider;
import dev.revsync.QuotaPolicy;
import dev.revsync.simulators.hubspot.HubSpotSimulator;
import dev.revsync.spi.Sleeper;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.LockSupport;
import org.junit.jupiter.api.Test;

/**
 * HubSpot's burst limit belongs to the portal: a hubspot-crm and a hubspot-map connection to one
 * portal, 20 threads each, together stay under it, as the simulator counts.
 */
class HubSpotPortalLimitTest {
  private static final int BURST = 40;

  /**
   * Time that runs twice as fast as real time, for the simulator and both connections alike: waits
   * for the burst window take half as long, while calls stay ordered in time as they are on the
   * wire (a simulated clock that jumps on every wait would not).
   */
  static final class FastClock extends Clock implements Sleeper {
    private static final int SPEED = 2;
    private final Instant start = Instant.parse("2026-11-28T00:30:00Z");
    private final long startNanos = System.nanoTime();

    @Override
    public Instant instant() {
      return start.plusNanos((System.nanoTime() - startNanos) * SPEED);
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
    public void sleep(Duration duration) throws InterruptedException {
      long until = System.nanoTime() + duration.toNanos() / SPEED;
      for (long left = duration.toNanos() / SPEED; left > 0; left = until - System.nanoTime()) {
        LockSupport.parkNanos(left);
        if (Thread.interrupted()) throw new InterruptedException();
      }
    }
  }

  @Test
  void twoConnectionsToOnePortalWithTwentyThreadsEachNeverExceedItsBurstLimit() throws Exception {
    FastClock clock = new FastClock();
    try (HubSpotSimulator sim =
        HubSpotSimulator.builder().clock(clock).records("contacts", 50).burstLimit(BURST).start()) {
      List<Connector> connectors = new ArrayList<>();
      for (ConnectorProvider provider :
          List.of(new HubSpotCrmConnectorProvider(), new HubSpotMapConnectorProvider())) {
        connectors.add(
            provider.open(
                ConnectionConfig.builder("tenant-1/" + provider.descriptor().id())
                    .baseUrl(sim.baseUrl())
                    .secret("privateAppToken", sim.privateAppToken())
                    .setting("portalId", Long.toString(sim.portalId()))
                    .setting("burstLimit", Integer.toString(BURST))
                    .clock(clock)
                    .quotaPolicy(QuotaPolicy.unlimited())
                    .build()));
      }
      ExecutorService pool = Executors.newFixedThreadPool(40);
      List<Future<?>> done = new ArrayList<>();
      int verifiesPerThread = 1;
      try {
        for (Connector c : connectors) {
          for (int t = 0; t < 20; t++) {
            done.add(
                pool.submit(
                    () -> {
                      for (int i = 0; i < verifiesPerThread; i++) c.verify(); // two calls each
                    }));
          }
        }
        for (Future<?> f : done) f.get(2, TimeUnit.MINUTES);
      } finally {
        pool.shutdownNow();
        for (Connector c : connectors) c.close();
      }
      int calls = 2 * 20 * verifiesPerThread * 2;
      assertThat(sim.requestLog().count())
          .as(
              "calls served (%d refused by the burst window, at most %d in one)",
              sim.burstRefusals(), sim.mostCallsInOneBurstWindow())
          .isEqualTo(calls);
      assertThat(sim.burstRefusals()).as("calls the portal's burst window refused").isZero();
      assertThat(sim.mostCallsInOneBurstWindow())
          .as("most calls in one ten-second window")
          .isLessThanOrEqualTo(BURST);
      assertThat(sim.mostCallsInOneBurstWindow())
          .as("the limit was actually approached")
          .isGreaterThan(BURST / 2);
    }
  }
}
