package dev.revsync.eloqua;

import static org.assertj.core.api.Assertions.assertThat;

import dev.revsync.Checkpoint;
import dev.revsync.RevsyncException;
import dev.revsync.SyncMode;
import dev.revsync.SyncRequest;
import dev.revsync.SyncResult;
import dev.revsync.simulators.eloqua.EloquaSimulator;
import dev.revsync.testkit.RecordingSink;
import java.time.Duration;
import org.junit.jupiter.api.Test;

/**
 * Export syncs that park: PARKED while Eloqua stages the export, resumed by a new connection from
 * the checkpoint alone; imports (writes) never park.
 */
class EloquaParkingTest {

  private static SyncRequest contacts(Checkpoint from) {
    return SyncRequest.builder("Contact")
        .mode(SyncMode.FULL)
        .checkpoint(Checkpoint.parse(from.serialize()))
        .parkJobs(true)
        .build();
  }

  private static int creates(EloquaWorld w) {
    return w.count(e -> e.method().equals("POST") && e.path().endsWith("/syncs"));
  }

  private static int polls(EloquaWorld w) {
    return w.count(e -> e.method().equals("GET") && e.path().matches(".*/syncs/[0-9]+"));
  }

  @Test
  void anExportParksWhileStagingAndResumesOnNewConnectionsUntilEachContactComesOnce() {
    try (EloquaWorld w =
        new EloquaWorld(
            b -> b.syncTiming(Duration.ofSeconds(5), Duration.ofSeconds(30), Duration.ZERO))) {
      RecordingSink sink = new RecordingSink();

      SyncResult result = w.open(50_000).sync(contacts(Checkpoint.EMPTY), sink);

      assertThat(result.status()).as("%s", result).isEqualTo(SyncResult.Status.PARKED);
      assertThat(polls(w)).as("syncs just created are not polled").isZero();
      assertThat(result.checkpoint().get(Checkpoint.JOB_ID)).contains("/syncs/");
      assertThat(result.resumeAt()).contains(w.clock.instant().plus(EloquaConnector.POLL_MIN));
      int creates = creates(w);
      while (result.status() == SyncResult.Status.PARKED) {
        w.clock.set(result.resumeAt().orElseThrow());
        result = w.open(50_000).sync(contacts(result.checkpoint()), sink);
      }

      assertThat(result.status()).as("%s", result).isEqualTo(SyncResult.Status.COMPLETED);
      assertThat(sink.count()).as("contacts handed over, none twice").isEqualTo(2_500);
      assertThat(sink.latestById()).hasSize(2_500);
      // Ready at 35 s: polled at 10, 20, 30 and 40 s (not at 71.5 s as doubling to 40 s did).
      SyncResult.JobWait wait = result.jobWait().orElseThrow();
      assertThat(wait.preparedIn().orElseThrow()).isEqualTo(Duration.ofSeconds(40));
      assertThat(creates(w)).as("syncs created: none after the first call").isEqualTo(creates);
    }
  }

  @Test
  void anExportThatFailsWhileParkedFailsTheResumeWithEloquasErrorAndLeavesNoJob() {
    try (EloquaWorld w = new EloquaWorld(b -> {})) {
      w.sim.failNextSyncs(EloquaSimulator.SyncFault.VALIDATION_ERROR, 10);
      RecordingSink sink = new RecordingSink();
      SyncResult parked = w.open(50_000).sync(contacts(Checkpoint.EMPTY), sink);
      assertThat(parked.status()).isEqualTo(SyncResult.Status.PARKED);
      w.clock.set(parked.resumeAt().orElseThrow().plusSeconds(60));

      SyncResult failed = w.open(50_000).sync(contacts(parked.checkpoint()), sink);

      assertThat(failed.status()).as("%s", failed).isEqualTo(SyncResult.Status.FAILED);
      assertThat(failed.failure()).isInstanceOf(RevsyncException.class).hasMessageContaining("ELQ");
      assertThat(failed.checkpoint().get(Checkpoint.JOB_ID)).isNull();
      assertThat(failed.checkpoint().get(Checkpoint.JOB_STARTED)).isNull();
    }
  }

  @Test
  void anExportWhoseStagedDataExpiredWhileParkedIsMadeAgainInTheSameCallWhichParks() {
    try (EloquaWorld w = new EloquaWorld(b -> {})) {
      RecordingSink sink = new RecordingSink();
      SyncResult parked = w.open(50_000).sync(contacts(Checkpoint.EMPTY), sink);
      String first = parked.checkpoint().get(Checkpoint.JOB_ID);
      // staged after seconds, kept for the retention the export definition asks
      w.clock.advance(ExportDefinitions.EXPORT_RETENTION_DURATION);

      SyncResult again = w.open(50_000).sync(contacts(parked.checkpoint()), sink);

      assertThat(again.status()).as("%s", again).isEqualTo(SyncResult.Status.PARKED);
      assertThat(again.checkpoint().get(Checkpoint.JOB_ID)).isNotEqualTo(first);
      assertThat(sink.count()).as("nothing handed over from the expired export").isZero();
      w.clock.advance(Duration.ofMinutes(2));
      SyncResult done = w.open(50_000).sync(contacts(again.checkpoint()), sink);
      assertThat(done.status()).as("%s", done).isEqualTo(SyncResult.Status.COMPLETED);
      assertThat(sink.latestById()).hasSize(2_500);
      assertThat(w.open(50_000).descriptor().maxConcurrentJobs()).isEqualTo(4);
    }
  }

  @Test
  void aParkedPullOfAChangingObjectMakesOneCatchUpExportNotOnePerResume() {
    // ten contacts change every second: every export's newest records carry the second it began in
    try (EloquaWorld w =
        new EloquaWorld(
            b ->
                b.changesPerHour(36_000)
                    .syncTiming(Duration.ofSeconds(5), Duration.ofSeconds(30), Duration.ZERO))) {
      SyncRequest incremental =
          SyncRequest.builder("Contact").mode(SyncMode.INCREMENTAL).parkJobs(true).build();
      SyncResult result = w.open(50_000).sync(incremental, new RecordingSink());
      int resumes = 0;
      while (result.status() == SyncResult.Status.PARKED && resumes < 50) {
        w.clock.set(result.resumeAt().orElseThrow());
        result =
            w.open(50_000)
                .sync(
                    incremental.newBuilder().checkpoint(result.checkpoint()).build(),
                    new RecordingSink());
        resumes++;
      }

      assertThat(result.status()).as("%s", result).isEqualTo(SyncResult.Status.COMPLETED);
      assertThat(w.count(EloquaWorld::isExportDefinition))
          .as("the export and one catch-up, however many calls the parked pull took")
          .isEqualTo(2);
    }
  }
}
