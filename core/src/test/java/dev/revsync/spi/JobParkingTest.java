package dev.revsync.spi;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.revsync.Checkpoint;
import dev.revsync.ConnectorDescriptor;
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

/**
 * A sync that parks instead of holding its thread while a server-side job prepares: a connector
 * body in the shape every job connector has (create once, checkpoint the job, await, download), run
 * again from the checkpoint of the last, as the pipeline does.
 */
class JobParkingTest {
  private static final Instant T0 = Instant.parse("2024-05-21T00:10:00Z");

  private final TestClock clock = new TestClock(T0);
  private final FakeMeter meter = new FakeMeter("salesforce", 0);
  private final JobPoller poller =
      JobPoller.create(clock, Duration.ofSeconds(3), Duration.ofMinutes(5));
  private final List<Record> delivered = new ArrayList<>();
  private final List<Checkpoint> stored = new ArrayList<>();

  /** The system's side: jobs by id, each ready at a time, or failed, or gone. */
  private final Map<String, Instant> readyAt = new java.util.HashMap<>();

  private final java.util.Set<String> gone = new java.util.HashSet<>();
  private final java.util.Set<String> failed = new java.util.HashSet<>();
  private int created;
  private int polls;
  private Duration prepareFor = Duration.ofMinutes(2);

  private SyncRun.Body body() {
    return run -> {
      String jobId = run.checkpoint().get(Checkpoint.JOB_ID);
      if (jobId == null) jobId = create(run);
      try {
        await(run, jobId);
      } catch (JobGoneException e) {
        jobId = create(run); // start a new job from the same cursor at once
        await(run, jobId);
      }
      for (int i = 0; i < 3; i++) run.emit(Record.of("Contact", jobId + "-" + i, null, Map.of()));
      run.checkpoint(
          run.checkpoint()
              .without(Checkpoint.JOB_ID, Checkpoint.JOB_STARTED, Checkpoint.JOB_POSITION)
              .with(Checkpoint.CURSOR, "done"));
    };
  }

  private String create(SyncRun run) {
    meter.calls++;
    String id = "750J" + ++created;
    readyAt.put(id, clock.instant().plus(prepareFor));
    run.checkpoint(run.checkpoint().with(Checkpoint.JOB_ID, id));
    return id;
  }

  private void await(SyncRun run, String jobId) {
    JobDownload.await(
        run,
        poller,
        jobId,
        "query job " + jobId,
        () -> {
          meter.calls++;
          polls++;
          if (gone.contains(jobId)) return JobPoller.Status.gone("404 NOT_FOUND");
          if (failed.contains(jobId)) return JobPoller.Status.failed("InvalidBatch");
          return clock.instant().isBefore(readyAt.get(jobId))
              ? JobPoller.Status.running()
              : JobPoller.Status.done(jobId);
        });
  }

  private SyncResult sync(Checkpoint from, boolean park) {
    return SyncRun.run(
        meter,
        clock,
        SyncRequest.builder("Contact").checkpoint(from).parkJobs(park).build(),
        sink(),
        body());
  }

  @Test
  void aJobJustCreatedParksAtOnceWithoutAPollAndTheCheckpointHoldsIt() {
    SyncResult parked = sync(Checkpoint.EMPTY, true);

    assertThat(parked.status()).isEqualTo(SyncResult.Status.PARKED);
    assertThat(polls).isZero();
    assertThat(parked.callsSpent()).isEqualTo(1); // the create
    assertThat(parked.jobPollCalls()).isZero();
    assertThat(parked.resumeAt()).contains(T0.plusSeconds(3));
    assertThat(parked.checkpoint().get(Checkpoint.JOB_ID)).isEqualTo("750J1");
    assertThat(parked.checkpoint().get(Checkpoint.JOB_STARTED)).isEqualTo(T0.toString());
    assertThat(stored).last().isEqualTo(parked.checkpoint());
    assertThat(parked.hasBacklog()).isTrue();
    SyncResult.JobWait wait = parked.jobWait().orElseThrow();
    assertThat(wait.id()).isEqualTo("750J1");
    assertThat(wait.job()).isEqualTo("query job 750J1");
    assertThat(wait.startedAt()).isEqualTo(T0);
    assertThat(wait.state()).isEqualTo(SyncResult.JobWait.State.PREPARING);
    assertThat(wait.polls()).isZero();
    assertThat(wait.preparedIn()).isEmpty();
  }

  @Test
  void resumedFromTheStoredCheckpointItPollsOnceAndParksAgainOnTheAgesCadenceUntilReady() {
    SyncResult result = sync(Checkpoint.EMPTY, true);
    int resumes = 0;
    while (result.status() == SyncResult.Status.PARKED) {
      Instant at = result.resumeAt().orElseThrow();
      assertThat(at).isAfter(clock.instant());
      clock.set(at);
      int before = polls;
      // Only the serialized checkpoint crosses the gap, as across a restart.
      result = sync(Checkpoint.parse(result.checkpoint().serialize()), true);
      assertThat(polls - before).isEqualTo(1);
      assertThat(result.jobPollCalls()).isEqualTo(1);
      resumes++;
    }

    assertThat(result.status()).isEqualTo(SyncResult.Status.COMPLETED);
    assertThat(delivered).extracting(Record::id).containsExactly("750J1-0", "750J1-1", "750J1-2");
    assertThat(created).isEqualTo(1);
    // Ready at 2 min: seen at most 15% of its age late, in as many polls as waiting on a thread.
    SyncResult.JobWait wait = result.jobWait().orElseThrow();
    assertThat(wait.state()).isEqualTo(SyncResult.JobWait.State.READY);
    assertThat(wait.startedAt()).isEqualTo(T0);
    assertThat(wait.preparedIn().orElseThrow())
        .isBetween(Duration.ofMinutes(2), Duration.ofSeconds(138));
    assertThat(result.checkpoint().entries()).isEqualTo(Map.of(Checkpoint.CURSOR, "done"));

    int parkedPolls = polls;
    TestClock threadClock = new TestClock(T0);
    JobPoller threadPoller =
        JobPoller.create(threadClock, Duration.ofSeconds(3), Duration.ofMinutes(5));
    int[] threadPolls = {0};
    threadPoller.await(
        "salesforce",
        "job",
        () -> {
          threadPolls[0]++;
          return threadClock.instant().isBefore(T0.plus(prepareFor))
              ? JobPoller.Status.running()
              : JobPoller.Status.done("x");
        },
        null);
    assertThat(parkedPolls).isEqualTo(threadPolls[0]).isEqualTo(resumes);
  }

  @Test
  void aJobThatFailsWhileParkedIsDroppedAndTheSyncFailsNamingIt() {
    SyncResult parked = sync(Checkpoint.EMPTY.with(Checkpoint.CURSOR, "c0"), true);
    failed.add("750J1");
    clock.set(parked.resumeAt().orElseThrow());

    SyncResult result = sync(parked.checkpoint(), true);

    assertThat(result.status()).isEqualTo(SyncResult.Status.FAILED);
    assertThat(result.failure())
        .isInstanceOf(VendorApiException.class)
        .hasMessageContaining("query job 750J1")
        .hasMessageContaining("InvalidBatch")
        .hasMessageContaining("next sync starts a new job");
    assertThat(result.checkpoint().entries()).isEqualTo(Map.of(Checkpoint.CURSOR, "c0"));
    assertThat(result.jobWait().orElseThrow().state()).isEqualTo(SyncResult.JobWait.State.FAILED);
  }

  @Test
  void aJobTheSystemNoLongerKnowsIsReplacedInTheSameCallAndTheNewOneParks() {
    SyncResult parked = sync(Checkpoint.EMPTY.with(Checkpoint.CURSOR, "c0"), true);
    gone.add("750J1");
    clock.set(parked.resumeAt().orElseThrow());

    SyncResult result = sync(parked.checkpoint(), true);

    assertThat(result.status()).isEqualTo(SyncResult.Status.PARKED);
    assertThat(created).isEqualTo(2);
    assertThat(result.callsSpent()).isEqualTo(2); // the poll that found it gone, the new create
    assertThat(result.checkpoint().get(Checkpoint.JOB_ID)).isEqualTo("750J2");
    assertThat(result.checkpoint().get(Checkpoint.JOB_STARTED))
        .isEqualTo(clock.instant().toString());
    assertThat(result.checkpoint().get(Checkpoint.CURSOR)).isEqualTo("c0");
    SyncResult.JobWait wait = result.jobWait().orElseThrow();
    assertThat(wait.id()).isEqualTo("750J2");
    assertThat(wait.replaced()).contains("750J1");

    clock.set(result.resumeAt().orElseThrow().plus(prepareFor));
    SyncResult done = sync(result.checkpoint(), true);
    assertThat(done.status()).isEqualTo(SyncResult.Status.COMPLETED);
    assertThat(delivered).extracting(Record::id).containsExactly("750J2-0", "750J2-1", "750J2-2");
  }

  @Test
  void aJobGoneUncaughtFailsTheSyncWithTheJobDroppedSoTheNextStartsANewOne() {
    SyncRun.Body noRestart =
        run -> {
          JobDownload.await(
              run, poller, "750OLD", "query job 750OLD", () -> JobPoller.Status.gone(null));
        };
    SyncResult result =
        SyncRun.run(
            meter,
            clock,
            SyncRequest.builder("Contact")
                .checkpoint(
                    Checkpoint.EMPTY
                        .with(Checkpoint.JOB_ID, "750OLD")
                        .with(Checkpoint.JOB_STARTED, T0.minusSeconds(3600).toString()))
                .parkJobs(true)
                .build(),
            sink(),
            noRestart);

    assertThat(result.status()).isEqualTo(SyncResult.Status.FAILED);
    assertThat(result.failure())
        .isInstanceOfSatisfying(
            JobGoneException.class, e -> assertThat(e.jobId()).isEqualTo("750OLD"))
        .hasMessageContaining("salesforce: query job 750OLD")
        .hasMessageContaining("the next sync starts a new job");
    assertThat(result.checkpoint().isEmpty()).isTrue();
    assertThat(result.jobWait().orElseThrow().state()).isEqualTo(SyncResult.JobWait.State.GONE);
  }

  @Test
  void aParkWhoseNextPollFallsAfterTheDeadlineClosesTheWindowKeepingTheJob() {
    SyncResult result =
        SyncRun.run(
            meter,
            clock,
            SyncRequest.builder("Contact").parkJobs(true).deadline(T0.plusSeconds(2)).build(),
            sink(),
            body());

    assertThat(result.status()).isEqualTo(SyncResult.Status.WINDOW_CLOSED);
    assertThat(result.resumeAt()).isEmpty();
    assertThat(result.checkpoint().get(Checkpoint.JOB_ID)).isEqualTo("750J1");
    assertThat(result.checkpoint().get(Checkpoint.JOB_STARTED)).isEqualTo(T0.toString());
  }

  @Test
  void aResumeAfterTheDeadlineMakesNoPoll() {
    SyncResult parked = sync(Checkpoint.EMPTY, true);
    clock.set(T0.plusSeconds(60));

    SyncResult late =
        SyncRun.run(
            meter,
            clock,
            SyncRequest.builder("Contact")
                .checkpoint(parked.checkpoint())
                .parkJobs(true)
                .deadline(T0.plusSeconds(30))
                .build(),
            sink(),
            body());

    assertThat(late.status()).isEqualTo(SyncResult.Status.WINDOW_CLOSED);
    assertThat(polls).isZero();
    assertThat(late.checkpoint().get(Checkpoint.JOB_ID)).isEqualTo("750J1");
  }

  @Test
  void withoutParkingTheSyncWaitsOnItsThreadAsBefore() {
    SyncResult result = sync(Checkpoint.EMPTY, false);

    assertThat(result.status()).isEqualTo(SyncResult.Status.COMPLETED);
    assertThat(result.resumeAt()).isEmpty();
    assertThat(clock.instant()).isAfterOrEqualTo(T0.plus(prepareFor));
    assertThat(result.jobPollCalls()).isEqualTo(polls).isPositive();
    assertThat(result.callsSpent()).isEqualTo(1 + polls);
  }

  @Test
  void theRequestsExpectedTimeDelaysTheFirstResumeTo80PercentOfIt() {
    prepareFor = Duration.ofMinutes(10);
    SyncResult parked =
        SyncRun.run(
            meter,
            clock,
            SyncRequest.builder("Contact")
                .parkJobs(true)
                .expectedJobTime(Duration.ofMinutes(10))
                .build(),
            sink(),
            body());

    assertThat(parked.resumeAt()).contains(T0.plus(Duration.ofMinutes(8)));
  }

  @Test
  void requestAndResultAndDescriptorCarryTheParkingFacts() {
    SyncRequest plain = SyncRequest.builder("Contact").build();
    assertThat(plain.parkJobs()).isFalse();
    assertThat(plain.expectedJobTime()).isEmpty();
    SyncRequest parking =
        plain.newBuilder().parkJobs(true).expectedJobTime(Duration.ofMinutes(3)).build();
    assertThat(parking.newBuilder().build().parkJobs()).isTrue();
    assertThat(parking.newBuilder().build().expectedJobTime()).contains(Duration.ofMinutes(3));
    assertThat(parking.toString()).contains("parkJobs").contains("PT3M");
    assertThatThrownBy(() -> plain.newBuilder().expectedJobTime(Duration.ofSeconds(-1)))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("expectedJobTime");

    assertThatThrownBy(() -> SyncResult.builder("Contact", SyncResult.Status.PARKED).build())
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("resumeAt");

    ConnectorDescriptor.Builder descriptor = ConnectorDescriptor.builder("acme", "Acme");
    for (dev.revsync.Activity a : dev.revsync.Activity.values()) {
      descriptor.apiStyles(a, dev.revsync.ApiStyle.REST);
    }
    assertThat(descriptor.build().maxConcurrentJobs()).isZero();
    assertThat(descriptor.maxConcurrentJobs(2).build().maxConcurrentJobs()).isEqualTo(2);
    assertThatThrownBy(() -> descriptor.maxConcurrentJobs(-1))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("-1");
  }

  private RecordSink sink() {
    return new RecordSink() {
      @Override
      public void accept(Record record) {
        delivered.add(record);
      }

      @Override
      public void checkpoint(Checkpoint checkpoint) {
        stored.add(checkpoint);
      }
    };
  }
}
