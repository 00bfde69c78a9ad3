package dev.revsync.pardot;

import static org.assertj.core.api.Assertions.assertThat;

import dev.revsync.Checkpoint;
import dev.revsync.Connector;
import dev.revsync.QuotaPolicy;
import dev.revsync.SyncMode;
import dev.revsync.SyncRequest;
import dev.revsync.SyncResult;
import dev.revsync.VendorApiException;
import dev.revsync.simulators.SimRecord;
import dev.revsync.simulators.SimulatedClock;
import dev.revsync.simulators.pardot.PardotSimulator;
import dev.revsync.testkit.RecordingSink;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.stream.Collectors;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * Exports that park: PARKED while Pardot prepares the export, resumed by a new connection from the
 * checkpoint alone.
 */
class PardotParkingTest {
  private final SimulatedClock clock = SimulatedClock.at("2026-11-28T00:30:00Z");
  private final List<AutoCloseable> open = new ArrayList<>();
  private PardotSimulator sim;

  @AfterEach
  void close() throws Exception {
    for (int i = open.size() - 1; i >= 0; i--) open.get(i).close();
  }

  private void start(Duration waiting, Duration processing) {
    sim =
        PardotSimulator.builder()
            .clock(clock)
            .records("prospects", 4_000)
            .history(Duration.ofDays(300), 3)
            .start();
    sim.setExportTiming(waiting, processing);
    sim.setExportRowsPerFile(1_500);
    open.add(sim);
  }

  /** A new connection, as after a restart. */
  private Connector connect() {
    Connector c =
        new PardotConnectorProvider()
            .open(
                new PardotFixture()
                    .config(sim)
                    .clock(clock)
                    .quotaPolicy(QuotaPolicy.unlimited())
                    .build());
    open.add(c);
    return c;
  }

  private static SyncRequest full(Checkpoint from) {
    return SyncRequest.builder("Prospect")
        .mode(SyncMode.FULL)
        .checkpoint(Checkpoint.parse(from.serialize()))
        .option("style", "BATCH")
        .parkJobs(true)
        .build();
  }

  private int polls() {
    return sim.requestLog()
        .count(e -> e.method().equals("GET") && e.path().matches(".*/exports/[0-9]+"));
  }

  private Set<String> liveIds() {
    return sim.table("prospects").stream(false).map(SimRecord::id).collect(Collectors.toSet());
  }

  @Test
  void anExportParksWhilePreparingAndResumesUntilEachProspectComesOnce() {
    start(Duration.ofMinutes(1), Duration.ofMinutes(6));
    RecordingSink sink = new RecordingSink();

    SyncResult result = connect().sync(full(Checkpoint.EMPTY), sink);

    assertThat(result.status()).as("%s", result).isEqualTo(SyncResult.Status.PARKED);
    assertThat(polls()).as("an export just created is not polled").isZero();
    assertThat(result.checkpoint().get(Checkpoint.JOB_ID)).isNotNull();
    int resumes = 0;
    while (result.status() == SyncResult.Status.PARKED) {
      clock.set(result.resumeAt().orElseThrow());
      int before = polls();
      result = connect().sync(full(result.checkpoint()), sink);
      assertThat(polls() - before).as("polls per resume").isEqualTo(1);
      resumes++;
    }

    assertThat(result.status()).as("%s", result).isEqualTo(SyncResult.Status.COMPLETED);
    assertThat(sim.exportsCreated()).isEqualTo(1);
    assertThat(sink.latestById().keySet()).isEqualTo(liveIds());
    assertThat(sink.count()).as("prospects handed over, none twice").isEqualTo(4_000);
    assertThat(result.jobWait().orElseThrow().preparedIn().orElseThrow())
        .isBetween(Duration.ofMinutes(7), Duration.ofMinutes(8));
    assertThat(resumes).isLessThanOrEqualTo(12);
  }

  @Test
  void anExportCancelledWhileParkedFailsTheResumeAndLeavesNoExport() {
    // Pardot cancels an export not finished within 7 days.
    start(Duration.ofMinutes(1), Duration.ofDays(8));
    RecordingSink sink = new RecordingSink();
    SyncResult parked = connect().sync(full(Checkpoint.EMPTY), sink);
    String id = parked.checkpoint().get(Checkpoint.JOB_ID);
    clock.advance(Duration.ofDays(7));

    SyncResult failed = connect().sync(full(parked.checkpoint()), sink);

    assertThat(failed.status()).as("%s", failed).isEqualTo(SyncResult.Status.FAILED);
    assertThat(failed.failure())
        .isInstanceOf(VendorApiException.class)
        .hasMessageContaining("export " + id)
        .hasMessageContaining("Cancelled");
    assertThat(failed.checkpoint().get(Checkpoint.JOB_ID)).isNull();
  }

  @Test
  void anExportWhoseFilesExpiredWhileParkedIsReplacedInTheSameCallWhichParksOnTheNewOne() {
    start(Duration.ofMinutes(1), Duration.ofMinutes(6));
    RecordingSink sink = new RecordingSink();
    SyncResult parked = connect().sync(full(Checkpoint.EMPTY), sink);
    String first = parked.checkpoint().get(Checkpoint.JOB_ID);
    clock.advance(Duration.ofDays(8)); // complete after 7 minutes, files kept 7 days

    SyncResult replaced = connect().sync(full(parked.checkpoint()), sink);

    assertThat(replaced.status()).as("%s", replaced).isEqualTo(SyncResult.Status.PARKED);
    assertThat(sim.exportsCreated()).isEqualTo(2);
    assertThat(replaced.checkpoint().get(Checkpoint.JOB_ID)).isNotEqualTo(first);
    assertThat(replaced.jobWait().orElseThrow().replaced()).contains(first);
    clock.advance(Duration.ofMinutes(10));
    SyncResult done = connect().sync(full(replaced.checkpoint()), sink);
    assertThat(done.status()).as("%s", done).isEqualTo(SyncResult.Status.COMPLETED);
    assertThat(sink.latestById().keySet()).isEqualTo(liveIds());
    assertThat(connect().descriptor().maxConcurrentJobs()).isEqualTo(1);
  }
}
