package dev.revsync.spi;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.revsync.Checkpoint;
import dev.revsync.Record;
import dev.revsync.RecordSink;
import dev.revsync.SyncRequest;
import dev.revsync.SyncResult;
import dev.revsync.TestClock;
import dev.revsync.VendorApiException;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class JobPollerTest {
  private static final String JOB = "Bulk API 2.0 query job 750R0000000zlh9IAA";

  private final TestClock clock = TestClock.at("2024-05-21T00:10:00Z");
  private final JobPoller poller =
      JobPoller.create(clock, Duration.ofSeconds(1), Duration.ofSeconds(10));

  /**
   * Answers RUNNING {@code running} times, then {@code last}, counting polls and when they came.
   */
  private final class ScriptedJob implements JobPoller.Poll<String> {
    private final int running;
    private final JobPoller.Status<String> last;
    final List<Instant> polledAt = new ArrayList<>();

    ScriptedJob(int running, JobPoller.Status<String> last) {
      this.running = running;
      this.last = last;
    }

    @Override
    public JobPoller.Status<String> poll() {
      polledAt.add(clock.instant());
      return polledAt.size() <= running ? JobPoller.Status.running() : last;
    }
  }

  @Test
  void eachPollComesAShareOfTheJobsAgeLaterBetweenTheMinimumAndTheMaximum() {
    ScriptedJob job = new ScriptedJob(40, JobPoller.Status.done("result-url"));
    Instant start = clock.instant();

    String value = poller.await("salesforce", JOB, job, null);

    assertThat(value).isEqualTo("result-url");
    assertThat(job.polledAt).hasSize(41);
    assertThat(job.polledAt.get(0)).isEqualTo(start.plusSeconds(1)); // never at once
    Instant previous = start;
    for (Instant at : job.polledAt) {
      Duration age = Duration.between(start, previous);
      double expectedSeconds = Math.min(10, Math.max(1, age.toNanos() / 1e9 * 0.15));
      assertThat(Duration.between(previous, at).toNanos() / 1e9)
          .isCloseTo(expectedSeconds, org.assertj.core.data.Offset.offset(1e-6));
      previous = at;
    }
    // The last gaps are the maximum: the job is old enough that 15% of its age exceeds 10 s.
    assertThat(clock.sleeps()).last().isEqualTo(Duration.ofSeconds(10));
  }

  @Test
  void anEloquaExportReadyAt35SecondsIsSeenWithinAFractionOfItsAgeNotAt71Seconds() {
    // The case: doubling from 0.5 s to 40 s polled at 31.5 s and next at 71.5 s.
    JobPoller eloqua = JobPoller.create(clock, Duration.ofSeconds(10), Duration.ofMinutes(5));
    Instant start = clock.instant();
    JobReadyAt job = new JobReadyAt(start.plusSeconds(35));

    eloqua.await("eloqua", "export sync /syncs/5678", job, null);

    Duration seenAfter = Duration.between(start, job.polledAt.get(job.polledAt.size() - 1));
    assertThat(seenAfter).isLessThanOrEqualTo(Duration.ofSeconds(35).plusMillis(35 * 150));
    assertThat(job.polledAt).hasSize(4); // 10, 20, 30, 40 s
  }

  @Test
  void aTwentyMinuteJobCostsAFewDozenPollsAndIsSeenLateByAtMostAShareOfItsAge() {
    JobPoller salesforce = JobPoller.create(clock, Duration.ofSeconds(3), Duration.ofMinutes(5));
    Instant start = clock.instant();
    JobReadyAt job = new JobReadyAt(start.plus(Duration.ofMinutes(20)));

    salesforce.await("salesforce", JOB, job, null);

    Duration seenAfter = Duration.between(start, job.polledAt.get(job.polledAt.size() - 1));
    assertThat(seenAfter).isBetween(Duration.ofMinutes(20), Duration.ofMinutes(23));
    // Doubling to 30 s made 43 polls; following the age, 36.
    assertThat(job.polledAt).hasSize(36);
  }

  @Test
  void anExpectedPreparationTimeMeansNoPollBefore80PercentOfIt() {
    JobPoller salesforce = JobPoller.create(clock, Duration.ofSeconds(3), Duration.ofMinutes(5));
    Instant start = clock.instant();
    JobReadyAt job = new JobReadyAt(start.plus(Duration.ofMinutes(20)));

    assertThat(salesforce.nextPoll(start, start, Duration.ofMinutes(20)))
        .isEqualTo(start.plus(Duration.ofMinutes(16)));
    SyncResult result =
        SyncRun.run(
            new FakeMeter("salesforce", 0),
            clock,
            SyncRequest.builder("Contact").expectedJobTime(Duration.ofMinutes(20)).build(),
            sink(new ArrayList<>(), new ArrayList<>()),
            run -> {
              run.checkpoint(run.checkpoint().with(Checkpoint.JOB_ID, "750X"));
              JobDownload.await(run, salesforce, "750X", JOB, job);
            });

    assertThat(result.status()).isEqualTo(SyncResult.Status.COMPLETED);
    assertThat(job.polledAt.get(0)).isEqualTo(start.plus(Duration.ofMinutes(16)));
    assertThat(job.polledAt).hasSize(3); // 16:00, 18:24, 21:10
    assertThat(result.jobWait().orElseThrow().polls()).isEqualTo(3);
  }

  @Test
  void aFailedJobIsAVendorErrorWithTheSystemsMessage() {
    ScriptedJob job =
        new ScriptedJob(
            1,
            JobPoller.Status.failed(
                "InvalidBatch : Failed to process query: FUNCTIONALITY_NOT_ENABLED"));

    assertThatThrownBy(() -> poller.await("salesforce", JOB, job, null))
        .isInstanceOfSatisfying(
            VendorApiException.class,
            e -> {
              assertThat(e.vendorMessage()).contains("FUNCTIONALITY_NOT_ENABLED");
              assertThat(e.call()).isEqualTo(JOB);
              assertThat(e.system()).isEqualTo("salesforce");
            });
    assertThat(job.polledAt).hasSize(2);
  }

  @Test
  void theDeadlineStopsWaitingWithoutAPollAtOrAfterIt() {
    Instant deadline = Instant.parse("2024-05-21T00:10:20Z");
    ScriptedJob job = new ScriptedJob(Integer.MAX_VALUE, JobPoller.Status.done("never"));

    assertThatThrownBy(() -> poller.await("salesforce", JOB, job, deadline))
        .isInstanceOf(dev.revsync.internal.job.DeadlineReached.class)
        .hasMessageContaining("waiting for " + JOB);
    // Polls every second to +7 s, then 15% of the age later: ... +16.2, +18.63; the next would
    // be at +21.4, past the deadline, so none is made.
    assertThat(job.polledAt).hasSize(14).allSatisfy(at -> assertThat(at).isBefore(deadline));
    assertThat(clock.instant()).isBefore(deadline);
  }

  @Test
  void invalidIntervalsAreRefused() {
    assertThatThrownBy(() -> JobPoller.create(clock, Duration.ZERO, Duration.ofSeconds(1)))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("minInterval");
    assertThatThrownBy(() -> JobPoller.create(clock, Duration.ofSeconds(5), Duration.ofSeconds(1)))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("maxInterval");
  }

  @Test
  void aDeadlineWhileWaitingClosesTheWindowAndKeepsTheJobForTheNextSync() {
    FakeMeter meter = new FakeMeter("salesforce", 0);
    SyncRequest request =
        SyncRequest.builder("Contact").deadline(Instant.parse("2024-05-21T00:10:30Z")).build();
    List<Checkpoint> stored = new ArrayList<>();
    RecordSink sink = sink(new ArrayList<>(), stored);

    SyncResult result =
        SyncRun.run(
            meter,
            clock,
            request,
            sink,
            run -> {
              meter.calls++; // create
              run.checkpoint(run.checkpoint().with(Checkpoint.JOB_ID, "750R0000000zlh9IAA"));
              JobDownload.await(
                  run,
                  poller,
                  "750R0000000zlh9IAA",
                  JOB,
                  () -> {
                    meter.calls++;
                    return JobPoller.Status.running();
                  });
            });

    assertThat(result.status()).isEqualTo(SyncResult.Status.WINDOW_CLOSED);
    assertThat(result.failure()).isNull();
    assertThat(result.checkpoint().get(Checkpoint.JOB_ID)).isEqualTo("750R0000000zlh9IAA");
    // create + polls to +28.3 s (not +32.6)
    assertThat(result.callsSpent()).isEqualTo(1 + 17);
    assertThat(result.jobPollCalls()).isEqualTo(17);
    assertThat(result.checkpoint().get(Checkpoint.JOB_STARTED)).isEqualTo("2024-05-21T00:10:00Z");
    assertThat(result.jobWait().orElseThrow().state())
        .isEqualTo(SyncResult.JobWait.State.PREPARING);
    assertThat(stored).last().isEqualTo(result.checkpoint());
  }

  @Test
  void aFailedJobLeavesNoJobInTheCheckpointSoTheNextSyncStartsAFreshOne() {
    FakeMeter meter = new FakeMeter("eloqua", 0);
    SyncRequest request =
        SyncRequest.builder("Contact")
            .checkpoint(
                Checkpoint.EMPTY
                    .with(Checkpoint.CURSOR, "2024-05-20T00:00:00Z")
                    .with(Checkpoint.JOB_ID, "/syncs/5678"))
            .build();

    SyncResult result =
        SyncRun.run(
            meter,
            clock,
            request,
            sink(new ArrayList<>(), new ArrayList<>()),
            run ->
                JobDownload.await(
                    run,
                    poller,
                    "/syncs/5678",
                    "Eloqua sync /syncs/5678",
                    () -> JobPoller.Status.failed("error")));

    assertThat(result.status()).isEqualTo(SyncResult.Status.FAILED);
    assertThat(result.failure()).isInstanceOf(VendorApiException.class);
    assertThat(result.checkpoint().get(Checkpoint.JOB_ID)).isNull();
    assertThat(result.checkpoint().get(Checkpoint.CURSOR)).isEqualTo("2024-05-20T00:00:00Z");
  }

  @Test
  void pagesCheckpointTheNextPositionAfterEachPageAndAResumeContinuesThere() throws Exception {
    // An Eloqua-style download: offsets 0, 3, 6; the page at 6 has no more.
    List<Record> delivered = new ArrayList<>();
    List<Checkpoint> stored = new ArrayList<>();
    FakeMeter meter = new FakeMeter("eloqua", 0);
    List<String> fetched = new ArrayList<>();

    // First night: the budget runs out when the third page is asked for.
    SyncResult first =
        SyncRun.run(
            meter,
            clock,
            SyncRequest.builder("Contact").build(),
            sink(delivered, stored),
            run ->
                JobDownload.pages(
                    run,
                    "/syncs/5678",
                    null,
                    position -> {
                      int offset = position == null ? 0 : Integer.parseInt(position);
                      if (offset == 6)
                        throw new dev.revsync.QuotaExhaustedException(
                            "eloqua", "GET /syncs/5678/data", "budget", clock.instant());
                      fetched.add("offset " + offset);
                      for (int i = offset; i < offset + 3; i++) run.emit(record(i));
                      return String.valueOf(offset + 3);
                    }));

    assertThat(first.status()).isEqualTo(SyncResult.Status.QUOTA_EXHAUSTED);
    assertThat(first.records()).isEqualTo(6);
    assertThat(first.checkpoint().get(Checkpoint.JOB_ID)).isEqualTo("/syncs/5678");
    assertThat(first.checkpoint().get(Checkpoint.JOB_POSITION)).isEqualTo("6");
    assertThat(stored).extracting(c -> c.get(Checkpoint.JOB_POSITION)).containsExactly("3", "6");

    // Next night: resume from the stored checkpoint; the same job's download continues at offset 6.
    Checkpoint resumeFrom = Checkpoint.parse(first.checkpoint().serialize());
    List<Record> secondNight = new ArrayList<>();
    int[] pages = {0};
    SyncResult second =
        SyncRun.run(
            meter,
            clock,
            SyncRequest.builder("Contact").checkpoint(resumeFrom).build(),
            sink(secondNight, new ArrayList<>()),
            run -> {
              pages[0] =
                  JobDownload.pages(
                      run,
                      run.checkpoint().get(Checkpoint.JOB_ID),
                      run.checkpoint().get(Checkpoint.JOB_POSITION),
                      position -> {
                        fetched.add("offset " + position);
                        run.emit(record(Integer.parseInt(position)));
                        return null; // hasMore false
                      });
              run.checkpoint(
                  run.checkpoint()
                      .without(Checkpoint.JOB_ID, Checkpoint.JOB_POSITION)
                      .with(Checkpoint.CURSOR, "t"));
            });

    assertThat(second.status()).isEqualTo(SyncResult.Status.COMPLETED);
    assertThat(pages[0]).isEqualTo(1);
    assertThat(fetched).containsExactly("offset 0", "offset 3", "offset 6");
    assertThat(secondNight).extracting(Record::id).containsExactly("r6");
    assertThat(second.checkpoint().entries()).isEqualTo(Map.of(Checkpoint.CURSOR, "t"));
  }

  @Test
  void aPageThatNamesItselfAsNextStopsTheDownload() {
    SyncResult result =
        SyncRun.run(
            new FakeMeter("salesforce", 0),
            clock,
            SyncRequest.builder("Contact").build(),
            sink(new ArrayList<>(), new ArrayList<>()),
            run -> JobDownload.pages(run, "750X", "MTAwMDA", locator -> "MTAwMDA"));
    assertThat(result.status()).isEqualTo(SyncResult.Status.FAILED);
    assertThat(result.failure())
        .isInstanceOf(dev.revsync.ProtocolException.class)
        .hasMessageContaining("named itself as the next page");
  }

  @Test
  void theWindowClosingBetweenPagesStopsBeforeTheNextPage() {
    Instant deadline = clock.instant().plusSeconds(60);
    List<String> fetched = new ArrayList<>();
    SyncResult result =
        SyncRun.run(
            new FakeMeter("salesforce", 0),
            clock,
            SyncRequest.builder("Contact").deadline(deadline).build(),
            sink(new ArrayList<>(), new ArrayList<>()),
            run ->
                JobDownload.pages(
                    run,
                    "750X",
                    null,
                    locator -> {
                      fetched.add(String.valueOf(locator));
                      clock.advance(Duration.ofSeconds(45)); // each chunk takes 45 s
                      return "L" + fetched.size();
                    }));
    assertThat(result.status()).isEqualTo(SyncResult.Status.WINDOW_CLOSED);
    assertThat(fetched).containsExactly("null", "L1");
    assertThat(result.checkpoint().get(Checkpoint.JOB_POSITION)).isEqualTo("L2");
  }

  /** Running until {@code readyAt} by the clock, then done. */
  private final class JobReadyAt implements JobPoller.Poll<String> {
    private final Instant readyAt;
    final List<Instant> polledAt = new ArrayList<>();

    JobReadyAt(Instant readyAt) {
      this.readyAt = readyAt;
    }

    @Override
    public JobPoller.Status<String> poll() {
      polledAt.add(clock.instant());
      return clock.instant().isBefore(readyAt)
          ? JobPoller.Status.running()
          : JobPoller.Status.done("ready");
    }
  }

  private static Record record(int i) {
    return Record.of("Contact", "r" + i, null, Map.of("n", i));
  }

  private static RecordSink sink(List<Record> records, List<Checkpoint> checkpoints) {
    return new RecordSink() {
      @Override
      public void accept(Record record) {
        records.add(record);
      }

      @Override
      public void checkpoint(Checkpoint checkpoint) {
        checkpoints.add(checkpoint);
      }
    };
  }
}
