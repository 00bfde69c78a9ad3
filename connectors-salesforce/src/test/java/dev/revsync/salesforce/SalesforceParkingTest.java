package dev.revsync.salesforce;

import static org.assertj.core.api.Assertions.assertThat;

import dev.revsync.Checkpoint;
import dev.revsync.ConnectionConfig;
import dev.revsync.Connector;
import dev.revsync.Record;
import dev.revsync.SyncMode;
import dev.revsync.SyncRequest;
import dev.revsync.SyncResult;
import dev.revsync.VendorApiException;
import dev.revsync.simulators.SimRecord;
import dev.revsync.simulators.SimulatedClock;
import dev.revsync.simulators.salesforce.SalesforceSimulator;
import dev.revsync.testkit.RecordingSink;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import java.util.function.UnaryOperator;
import java.util.stream.Collectors;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * Bulk API 2.0 query jobs that park: the sync returns PARKED while the job prepares and a new
 * connection resumes it from the checkpoint alone, as the pipeline does across a restart.
 */
class SalesforceParkingTest {
  static final Instant START = Instant.parse("2026-11-28T00:30:00Z");

  final SimulatedClock clock = new SimulatedClock(START);
  final List<Connector> opened = new ArrayList<>();
  SalesforceSimulator sim;

  @AfterEach
  void close() {
    opened.forEach(Connector::close);
    if (sim != null) sim.close();
  }

  void start(long accounts, UnaryOperator<SalesforceSimulator.Builder> options) {
    sim =
        options
            .apply(SalesforceSimulator.builder().clock(clock).records("Account", accounts))
            .start();
  }

  /** A new connection, as a restarted process opens it. */
  Connector open() {
    ConnectionConfig.Builder b = ConnectionConfig.builder("test/salesforce").clock(clock);
    sim.connectionSettings()
        .forEach(
            (k, v) -> {
              if (k.equals("baseUrl")) b.baseUrl(v);
              else if (Set.of("clientSecret", "refreshToken", "privateKey").contains(k))
                b.secret(k, v);
              else b.setting(k, v);
            });
    Connector connector = new SalesforceConnectorProvider().open(b.build());
    opened.add(connector);
    return connector;
  }

  static SyncRequest parking(Checkpoint from) {
    return SyncRequest.builder("Account")
        .mode(SyncMode.INCREMENTAL)
        .option("style", "BATCH")
        .checkpoint(Checkpoint.parse(from.serialize()))
        .parkJobs(true)
        .build();
  }

  int polls() {
    return sim.requestLog()
        .count(e -> e.method().equals("GET") && e.path().matches(".*/jobs/query/[^/]+"));
  }

  Set<String> liveIds() {
    return sim.table("Account").stream(false)
        .map(SimRecord::id)
        .collect(Collectors.toCollection(TreeSet::new));
  }

  @Test
  void aTenMinuteJobParksAndResumesOnNewConnectionsUntilItsRecordsComeEachOnce() {
    start(4_000, b -> b.bulkJobTiming(Duration.ofSeconds(30), Duration.ofMinutes(10), 0));
    RecordingSink sink = new RecordingSink();

    SyncResult result = open().sync(parking(Checkpoint.EMPTY), sink);

    assertThat(result.status()).as("%s", result).isEqualTo(SyncResult.Status.PARKED);
    assertThat(polls()).as("a job just created is not polled").isZero();
    assertThat(result.checkpoint().get(Checkpoint.JOB_ID)).startsWith("750");
    assertThat(result.checkpoint().get(Checkpoint.JOB_STARTED)).isEqualTo(START.toString());
    int parks = 1;
    while (result.status() == SyncResult.Status.PARKED) {
      clock.set(result.resumeAt().orElseThrow());
      int before = polls();
      result = open().sync(parking(result.checkpoint()), sink);
      assertThat(polls() - before).as("polls per resume").isEqualTo(1);
      if (result.status() == SyncResult.Status.PARKED) parks++;
    }

    assertThat(result.status()).as("%s", result).isEqualTo(SyncResult.Status.COMPLETED);
    assertThat(sim.bulkJobsCreated()).isEqualTo(1);
    assertThat(sink.records()).extracting(Record::id).doesNotHaveDuplicates();
    assertThat(sink.records().stream().map(Record::id).collect(Collectors.toSet()))
        .isEqualTo(liveIds());
    SyncResult.JobWait wait = result.jobWait().orElseThrow();
    assertThat(wait.state()).isEqualTo(SyncResult.JobWait.State.READY);
    // Ready at 10 min, seen at most 15% of its age later. Polls: every 3 s to 21 s, then 15% of
    // the age apart, the same as waiting on a thread; one per resume.
    assertThat(wait.preparedIn().orElseThrow())
        .isBetween(Duration.ofMinutes(10), Duration.ofMinutes(10).plusSeconds(90));
    assertThat(polls()).isEqualTo(parks).isEqualTo(31);
    assertThat(result.jobPollCalls()).isEqualTo(1);
  }

  @Test
  void aJobThatFailsWhileParkedFailsTheResumeAndLeavesNoJobBehind() {
    start(1_000, b -> b);
    sim.planBulkJobs(SalesforceSimulator.BulkJobOutcome.FAIL);
    RecordingSink sink = new RecordingSink();
    SyncResult parked = open().sync(parking(Checkpoint.EMPTY), sink);
    assertThat(parked.status()).isEqualTo(SyncResult.Status.PARKED);

    clock.advance(Duration.ofMinutes(1));
    SyncResult failed = open().sync(parking(parked.checkpoint()), sink);

    assertThat(failed.status()).as("%s", failed).isEqualTo(SyncResult.Status.FAILED);
    assertThat(failed.failure())
        .isInstanceOf(VendorApiException.class)
        .hasMessageContaining(
            "Bulk API 2.0 query job " + parked.checkpoint().get(Checkpoint.JOB_ID))
        .hasMessageContaining("new job");
    assertThat(failed.checkpoint().get(Checkpoint.JOB_ID)).isNull();
    assertThat(failed.checkpoint().get(Checkpoint.JOB_STARTED)).isNull();
    assertThat(failed.jobWait().orElseThrow().state()).isEqualTo(SyncResult.JobWait.State.FAILED);
  }

  @Test
  void aJobDeletedWhileParkedIsReplacedInTheSameCallWhichParksOnTheNewOne() {
    start(
        1_000,
        b ->
            b.bulkJobTiming(Duration.ofSeconds(1), Duration.ofSeconds(3), 0)
                .bulkRetention(Duration.ofMinutes(5)));
    RecordingSink sink = new RecordingSink();
    SyncResult parked = open().sync(parking(Checkpoint.EMPTY), sink);
    String first = parked.checkpoint().get(Checkpoint.JOB_ID);

    clock.advance(Duration.ofHours(1)); // done after 3 s, deleted 5 minutes later
    SyncResult replaced = open().sync(parking(parked.checkpoint()), sink);

    assertThat(replaced.status()).as("%s", replaced).isEqualTo(SyncResult.Status.PARKED);
    assertThat(sim.bulkJobsCreated()).isEqualTo(2);
    String second = replaced.checkpoint().get(Checkpoint.JOB_ID);
    assertThat(second).isNotEqualTo(first);
    assertThat(replaced.jobWait().orElseThrow().replaced()).contains(first);
    assertThat(replaced.checkpoint().get(Checkpoint.JOB_STARTED))
        .isEqualTo(clock.instant().toString());

    clock.set(replaced.resumeAt().orElseThrow());
    SyncResult done = open().sync(parking(replaced.checkpoint()), sink);
    assertThat(done.status()).as("%s", done).isEqualTo(SyncResult.Status.COMPLETED);
    assertThat(sink.records().stream().map(Record::id).collect(Collectors.toSet()))
        .isEqualTo(liveIds());
  }

  @Test
  void withoutParkingTheSyncWaitsForTheJobAsBefore() {
    start(1_000, b -> b.bulkJobTiming(Duration.ofSeconds(1), Duration.ofSeconds(40), 0));
    RecordingSink sink = new RecordingSink();
    SyncResult result =
        open().sync(SyncRequest.builder("Account").option("style", "BATCH").build(), sink);
    assertThat(result.status()).as("%s", result).isEqualTo(SyncResult.Status.COMPLETED);
    assertThat(result.jobWait().orElseThrow().polls()).isEqualTo(polls()).isEqualTo(12);
    assertThat(open().descriptor().maxConcurrentJobs()).isEqualTo(25);
  }
}
