package dev.revsync.dynamics;

import static org.assertj.core.api.Assertions.assertThat;

import dev.revsync.Activity;
import dev.revsync.Connector;
import dev.revsync.QuotaPolicy;
import dev.revsync.WriteItem;
import dev.revsync.WriteOutcome;
import dev.revsync.WriteRequest;
import dev.revsync.WriteResult;
import dev.revsync.simulators.SimRecord;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * $batch writes item by item, their call count, budget exhaustion mid-write, and the 52-request
 * concurrency cap.
 */
class DynamicsWriteAndLimitsTest {
  private DynamicsWorld world;

  @AfterEach
  void close() {
    if (world != null) world.close();
  }

  @Test
  void aBatchWithAPartialFailureIsMappedItemByItem() {
    world = new DynamicsWorld(b -> b.records("account", 30));
    List<SimRecord> rows =
        world.sim.table("account").stream(false).limit(6).collect(Collectors.toList());
    List<WriteItem> items = new ArrayList<>();
    for (int i = 0; i < 6; i++) {
      items.add(
          WriteItem.of(
              (String) rows.get(i).get("accountnumber"),
              Map.of("new_revsyncscore", (long) (10 + i))));
    }
    items.set(
        2, WriteItem.of((String) rows.get(2).get("accountnumber"), Map.of("industrycode", 999L)));
    items.set(
        4,
        WriteItem.of(
            "NEW-O'Brien & Sons", Map.of("name", "O'Brien & Sons", "new_revsyncscore", 1L)));
    Connector c = world.open();
    WriteResult r =
        c.write(
            WriteRequest.builder("account", Activity.SCORE_EXPORT)
                .upsertOn("accountnumber")
                .items(items)
                .build());
    assertThat(r.status()).isEqualTo(WriteResult.Status.COMPLETED);
    assertThat(r.outcomes())
        .extracting(WriteOutcome::status)
        .containsExactly(
            WriteOutcome.Status.SUCCEEDED,
            WriteOutcome.Status.SUCCEEDED,
            WriteOutcome.Status.FAILED,
            WriteOutcome.Status.SUCCEEDED,
            WriteOutcome.Status.SUCCEEDED,
            WriteOutcome.Status.SUCCEEDED);
    WriteOutcome failed = r.outcomes().get(2);
    assertThat(failed.index()).isEqualTo(2);
    assertThat(failed.key()).isEqualTo(rows.get(2).get("accountnumber"));
    assertThat(failed.code()).isEqualTo("0x80044331");
    assertThat(failed.message()).contains("outside the valid range");
    assertThat(r.outcomes().get(0).id()).isEqualTo(rows.get(0).id());
    assertThat(world.sim.table("account").get(rows.get(5).id()).get("new_revsyncscore"))
        .isEqualTo(15L);
    SimRecord created = world.sim.table("account").get(r.outcomes().get(4).id());
    assertThat(created.get("accountnumber")).isEqualTo("NEW-O'Brien & Sons");
    assertThat(world.sim.requestLog().count("/$batch")).isEqualTo(1);
  }

  @Test
  void anUpsertOnAColumnThatIsNoAlternateKeySendsNothingAndSaysWhichKeysExist() {
    world = new DynamicsWorld(b -> b.records("account", 5));
    WriteResult r =
        world
            .open()
            .write(
                WriteRequest.builder("account", Activity.ENRICHMENT)
                    .upsertOn("name")
                    .items(List.of(WriteItem.of("Acme", Map.of("new_revsyncscore", 1L))))
                    .build());
    assertThat(r.status()).isEqualTo(WriteResult.Status.FAILED);
    assertThat(r.failure()).isInstanceOf(dev.revsync.ConfigurationException.class);
    assertThat(r.failure().getMessage())
        .contains("'name' is not a single-column alternate key")
        .contains("accountnumber");
    // a permanent refusal: the item FAILED with the reason, never backlog that would fail the same
    // way tomorrow
    assertThat(r.outcomes())
        .singleElement()
        .satisfies(
            o -> {
              assertThat(o.status()).isEqualTo(WriteOutcome.Status.FAILED);
              assertThat(o.message()).contains("accountnumber");
            });
    assertThat(r.backlog()).isEmpty();
    assertThat(world.sim.requestLog().count("/$batch")).isZero();
  }

  @Test
  void writesOfNItemsCostOneBatchPerThousandPlusTheTokenAndTheTableDefinition() {
    world = new DynamicsWorld(b -> b.records("contact", 2_500));
    List<WriteItem> items =
        world.sim.table("contact").stream(false)
            .map(s -> WriteItem.of(s.id(), Map.of("new_leadscore", 42L)))
            .collect(Collectors.toList());
    WriteResult r =
        world
            .open()
            .write(WriteRequest.builder("contact", Activity.ENRICHMENT).items(items).build());
    assertThat(r.succeeded()).isEqualTo(2_500);
    long batches = (2_500 + 999) / 1_000;
    assertThat(world.sim.requestLog().count("/$batch")).isEqualTo(batches);
    assertThat(r.callsSpent())
        .isEqualTo(world.sim.requestLog().count())
        .isEqualTo(batches + 2)
        .isLessThanOrEqualTo(batches + 3);
    assertThat(world.sim.entitlementUsed()).isEqualTo(2_500);
  }

  @Test
  void aBatchThrottledLongerThanTheTransportsAttemptsIsPostedAgainAfterRetryAfter() {
    world = new DynamicsWorld(b -> b.records("contact", 50));
    List<WriteItem> items =
        world.sim.table("contact").stream(false)
            .map(s -> WriteItem.of(s.id(), Map.of("new_leadscore", 3L)))
            .collect(Collectors.toList());
    world
        .sim
        .faults()
        .retryAfter(Duration.ofSeconds(20))
        .next(dev.revsync.simulators.FaultPlan.Fault.TOO_MANY_REQUESTS, 9, "/$batch");
    java.time.Instant before = world.clock.instant();
    WriteResult r =
        world
            .open()
            .write(WriteRequest.builder("contact", Activity.ENRICHMENT).items(items).build());
    assertThat(r.status()).isEqualTo(WriteResult.Status.COMPLETED);
    assertThat(r.succeeded()).isEqualTo(50);
    assertThat(Duration.between(before, world.clock.instant()))
        .isGreaterThanOrEqualTo(Duration.ofSeconds(9 * 20));
  }

  @Test
  void aBudgetSpentMidWriteLeavesTheUnsentItemsAsBacklog() {
    world = new DynamicsWorld(b -> b.records("contact", 2_500));
    List<WriteItem> items =
        world.sim.table("contact").stream(false)
            .map(s -> WriteItem.of(s.id(), Map.of("new_leadscore", 7L)))
            .collect(Collectors.toList());
    Connector c =
        new DynamicsConnectorProvider()
            .open(world.config(Map.of()).quotaPolicy(QuotaPolicy.daily(3)).build());
    WriteResult r =
        c.write(WriteRequest.builder("contact", Activity.ENRICHMENT).items(items).build());
    c.close();
    assertThat(r.status()).isEqualTo(WriteResult.Status.QUOTA_EXHAUSTED);
    assertThat(r.succeeded()).isEqualTo(1_000);
    assertThat(r.backlog()).hasSize(1_500);
    assertThat(r.backlog().get(0)).isEqualTo(items.get(1_000));
    assertThat(world.sim.requestLog().count()).isEqualTo(3);
  }

  @Test
  void oneHundredThreadsNeverHaveMoreThan52RequestsInFlight() throws Exception {
    world = new DynamicsWorld(b -> b.latency(Duration.ofMillis(20)));
    Connector c = world.open();
    c.verify(); // the token, fetched once
    ExecutorService pool = Executors.newFixedThreadPool(100);
    CountDownLatch go = new CountDownLatch(1);
    List<Future<?>> calls = new ArrayList<>();
    try {
      for (int i = 0; i < 100; i++) {
        calls.add(
            pool.submit(
                () -> {
                  go.await();
                  return c.verify();
                }));
      }
      go.countDown();
      for (Future<?> f : calls) f.get(2, TimeUnit.MINUTES);
    } finally {
      pool.shutdownNow();
    }
    assertThat(world.sim.serviceProtectionRefusals()).as("concurrency 429s").isZero();
    assertThat(world.sim.maxConcurrentRequestsSeen()).isLessThanOrEqualTo(52).isGreaterThan(1);
    assertThat(world.sim.requestLog().count()).isEqualTo(3 + 200);
  }
}
