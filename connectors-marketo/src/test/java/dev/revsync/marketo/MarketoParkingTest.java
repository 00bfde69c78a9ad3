package dev.revsync.marketo;

import static org.assertj.core.api.Assertions.assertThat;

import dev.revsync.Checkpoint;
import dev.revsync.ConnectionConfig;
import dev.revsync.Connector;
import dev.revsync.QuotaPolicy;
import dev.revsync.SyncMode;
import dev.revsync.SyncRequest;
import dev.revsync.SyncResult;
import dev.revsync.VendorApiException;
import dev.revsync.simulators.SimulatedClock;
import dev.revsync.simulators.marketo.MarketoSimulator;
import dev.revsync.testkit.RecordingSink;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * Bulk extracts that park: PARKED while Marketo queues and processes the job, resumed by a new
 * connection from the checkpoint alone.
 */
class MarketoParkingTest {
  private final SimulatedClock clock = SimulatedClock.at("2026-11-28T00:30:00Z");
  private final List<AutoCloseable> open = new ArrayList<>();
  private MarketoSimulator sim;

  @AfterEach
  void close() throws Exception {
    for (int i = open.size() - 1; i >= 0; i--) open.get(i).close();
  }

  private void start(Duration queued, Duration processing) {
    sim =
        MarketoSimulator.builder()
            .leads(3_000)
            .span(Duration.ofDays(20))
            .extractTiming(queued, processing)
            .clock(clock)
            .start();
    open.add(sim);
  }

  /** A new connection, as after a restart. */
  private Connector connect() {
    Map<String, String> s = sim.connectionSettings();
    Connector c =
        new MarketoConnectorProvider()
            .open(
                ConnectionConfig.builder("test/marketo")
                    .baseUrl(s.get("baseUrl") + "/rest")
                    .setting("clientId", s.get("clientId"))
                    .secret("clientSecret", s.get("clientSecret"))
                    .clock(clock)
                    .quotaPolicy(QuotaPolicy.unlimited())
                    .build());
    open.add(c);
    return c;
  }

  private static SyncRequest extract(Checkpoint from) {
    return SyncRequest.builder("Lead")
        .mode(SyncMode.FULL)
        .checkpoint(Checkpoint.parse(from.serialize()))
        .option("method", "extract")
        .option("since", "2026-11-01T00:00:00Z")
        .parkJobs(true)
        .build();
  }

  private int polls() {
    return sim.requestLog().count("/status.json");
  }

  @Test
  void anExtractParksWhileQueuedAndProcessingAndResumesUntilEachLeadComesOnce() {
    start(Duration.ofMinutes(2), Duration.ofMinutes(8));
    RecordingSink sink = new RecordingSink();

    SyncResult result = connect().sync(extract(Checkpoint.EMPTY), sink);

    assertThat(result.status()).as("%s", result).isEqualTo(SyncResult.Status.PARKED);
    assertThat(polls()).as("a job just created and enqueued is not polled").isZero();
    String jobId = result.checkpoint().get(Checkpoint.JOB_ID);
    assertThat(jobId).isNotNull();
    assertThat(result.resumeAt()).contains(clock.instant().plus(MarketoExtract.POLL_MIN));
    int resumes = 0;
    while (result.status() == SyncResult.Status.PARKED) {
      clock.set(result.resumeAt().orElseThrow());
      int before = polls();
      result = connect().sync(extract(result.checkpoint()), sink);
      assertThat(polls() - before).as("polls per resume").isEqualTo(1);
      resumes++;
    }

    assertThat(result.status()).as("%s", result).isEqualTo(SyncResult.Status.COMPLETED);
    assertThat(sim.extractJobsCreated()).isEqualTo(1);
    assertThat(sim.requestLog().count("/enqueue.json")).isEqualTo(1);
    assertThat(sink.count()).as("leads handed over, none twice").isEqualTo(3_000);
    assertThat(sink.latestById()).hasSize(3_000);
    SyncResult.JobWait wait = result.jobWait().orElseThrow();
    assertThat(wait.id()).isEqualTo(jobId);
    assertThat(wait.preparedIn().orElseThrow())
        .isBetween(Duration.ofMinutes(10), Duration.ofMinutes(12));
    // 60 s apart until 15% of the age passes a minute (at 6:40), then 15% of the age apart.
    assertThat(resumes).isEqualTo(10);
  }

  @Test
  void anExtractThatFailsWhileParkedFailsTheResumeAndLeavesNoJob() {
    start(Duration.ofSeconds(30), Duration.ofMinutes(5));
    RecordingSink sink = new RecordingSink();
    SyncResult parked = connect().sync(extract(Checkpoint.EMPTY), sink);
    String jobId = parked.checkpoint().get(Checkpoint.JOB_ID);
    assertThat(sim.failExtractJob(jobId)).isTrue();
    clock.set(parked.resumeAt().orElseThrow());

    SyncResult failed = connect().sync(extract(parked.checkpoint()), sink);

    assertThat(failed.status()).as("%s", failed).isEqualTo(SyncResult.Status.FAILED);
    assertThat(failed.failure())
        .isInstanceOf(VendorApiException.class)
        .hasMessageContaining("extract " + jobId)
        .hasMessageContaining("Failed");
    assertThat(failed.checkpoint().get(Checkpoint.JOB_ID)).isNull();
    assertThat(failed.checkpoint().get(Checkpoint.JOB_STARTED)).isNull();
  }

  @Test
  void anExtractMarketoNoLongerKnowsIsReplacedInTheSameCallWhichParksOnTheNewJob() {
    start(Duration.ofSeconds(30), Duration.ofMinutes(5));
    RecordingSink sink = new RecordingSink();
    SyncResult parked = connect().sync(extract(Checkpoint.EMPTY), sink);
    String first = parked.checkpoint().get(Checkpoint.JOB_ID);
    clock.advance(Duration.ofDays(31)); // Marketo keeps a job's status 30 days

    SyncResult replaced = connect().sync(extract(parked.checkpoint()), sink);

    assertThat(replaced.status()).as("%s", replaced).isEqualTo(SyncResult.Status.PARKED);
    assertThat(sim.extractJobsCreated()).isEqualTo(2);
    assertThat(replaced.checkpoint().get(Checkpoint.JOB_ID)).isNotEqualTo(first);
    assertThat(replaced.jobWait().orElseThrow().replaced()).contains(first);
    clock.advance(Duration.ofMinutes(10));
    SyncResult done = connect().sync(extract(replaced.checkpoint()), sink);
    assertThat(done.status()).as("%s", done).isEqualTo(SyncResult.Status.COMPLETED);
    assertThat(sink.latestById()).hasSize(3_000);
  }

  @Test
  void theDescriptorStatesMarketosQueueOfTenExtractJobs() {
    start(Duration.ofSeconds(30), Duration.ofMinutes(5));
    assertThat(connect().descriptor().maxConcurrentJobs()).isEqualTo(10);
  }
}
