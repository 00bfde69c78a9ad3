package dev.revsync.internal.pipeline;

import dev.revsync.Activity;
import dev.revsync.ApiStyle;
import dev.revsync.Catalog;
import dev.revsync.Checkpoint;
import dev.revsync.ConnectionConfig;
import dev.revsync.Connector;
import dev.revsync.ConnectorDescriptor;
import dev.revsync.ConnectorProvider;
import dev.revsync.QuotaPolicy;
import dev.revsync.Record;
import dev.revsync.RecordSink;
import dev.revsync.SyncRequest;
import dev.revsync.SyncResult;
import dev.revsync.TestClock;
import dev.revsync.Usage;
import dev.revsync.VendorApiException;
import dev.revsync.VerifyResult;
import dev.revsync.WriteRequest;
import dev.revsync.WriteResult;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.OptionalLong;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * A connector whose every pull is a server-side export job, as Eloqua's: create the job (one call),
 * poll it (one call each) until it is prepared {@code preparation} after its creation, then
 * download pages of {@code pageSize} (one call each). With {@link SyncRequest#parkJobs()} it parks
 * instead of waiting. The {@link Provider} is the system: it keeps the jobs (so a new connector, as
 * after a restart, resumes them), can fail or expire one, and records how many jobs each connection
 * had preparing at once. Thread-safe.
 */
public final class JobConnector implements Connector {

  /** A job on the fake system. */
  static final class Job {
    final String id;
    final String connectionId;
    final String object;
    final Instant created;
    final Instant ready;
    volatile boolean failed;

    Job(String id, String connectionId, String object, Instant created, Instant ready) {
      this.id = id;
      this.connectionId = connectionId;
      this.object = object;
      this.created = created;
      this.ready = ready;
    }
  }

  /** The fake system: sources, jobs, and what it saw. */
  public static final class Provider implements ConnectorProvider {
    final Map<String, FakeSource> sources = new ConcurrentHashMap<>();
    final Map<String, Job> jobs = new ConcurrentHashMap<>();
    final Map<String, Duration> preparation = new ConcurrentHashMap<>();
    final Map<String, Integer> preparing = new ConcurrentHashMap<>();
    final Map<String, Integer> peakPreparing = new ConcurrentHashMap<>();
    final Set<String> created = ConcurrentHashMap.newKeySet();
    final AtomicInteger sequence = new AtomicInteger();
    final AtomicInteger polls = new AtomicInteger();
    final AtomicInteger calls = new AtomicInteger();
    final ConnectorDescriptor descriptor;
    volatile Duration defaultPreparation = Duration.ofMinutes(10);
    volatile int pageSize = 100;

    Provider(int maxConcurrentJobs) {
      this.descriptor =
          ConnectorDescriptor.builder("fakejob", "Fake bulk system")
              .apiStyles(Activity.LOGIN, ApiStyle.BULK)
              .apiStyles(Activity.SYNC, ApiStyle.BULK)
              .readOnly()
              .maxConcurrentJobs(maxConcurrentJobs)
              .build();
    }

    Provider source(FakeSource source, Duration prep) {
      sources.put(source.object(), source);
      preparation.put(source.object(), prep);
      return this;
    }

    /** The system fails this job: its next poll says so. */
    void fail(String jobId) {
      jobs.get(jobId).failed = true;
    }

    /** The system forgets this job (expired): its next poll gets a 404. */
    void expire(String jobId) {
      Job job = jobs.remove(jobId);
      if (job != null) preparing.merge(job.connectionId, -1, Integer::sum);
    }

    @Override
    public ConnectorDescriptor descriptor() {
      return descriptor;
    }

    @Override
    public Connector open(ConnectionConfig config) {
      return new JobConnector(config, this);
    }

    synchronized Job create(String connectionId, String object, Instant now) {
      String id = "job-" + sequence.incrementAndGet();
      Duration prep = preparation.getOrDefault(object, defaultPreparation);
      Job job = new Job(id, connectionId, object, now, now.plus(prep));
      jobs.put(id, job);
      created.add(id);
      int now2 = preparing.merge(connectionId, 1, Integer::sum);
      peakPreparing.merge(connectionId, now2, Math::max);
      return job;
    }

    synchronized void done(Job job) {
      if (jobs.remove(job.id) != null) preparing.merge(job.connectionId, -1, Integer::sum);
    }
  }

  private final ConnectionConfig config;
  private final Provider system;

  JobConnector(ConnectionConfig config, Provider system) {
    this.config = config;
    this.system = system;
  }

  @Override
  public ConnectorDescriptor descriptor() {
    return system.descriptor;
  }

  @Override
  public VerifyResult verify() {
    throw new UnsupportedOperationException("not needed by the pipeline");
  }

  @Override
  public Catalog discover() {
    throw new UnsupportedOperationException("not needed by the pipeline");
  }

  @Override
  public SyncResult sync(SyncRequest request, RecordSink sink) {
    if (!request.parkJobs()) throw new UnsupportedOperationException("the pipeline parks jobs");
    String object = request.object();
    FakeSource source = system.sources.get(object);
    Checkpoint cp = request.checkpoint();
    Instant now = config.clock().instant();
    long calls = 0;
    int polls = 0;
    if (request.deadline() != null && !now.isBefore(request.deadline()))
      return result(object, SyncResult.Status.WINDOW_CLOSED, cp, calls, polls, 0, source);
    String jobId = cp.get(Checkpoint.JOB_ID);
    Job job = jobId == null ? null : system.jobs.get(jobId);
    if (jobId != null) {
      if (!call()) return result(object, SyncResult.Status.QUOTA_EXHAUSTED, cp, 0, 0, 0, source);
      calls++;
      polls++;
      system.polls.incrementAndGet();
      if (job == null) {
        // Gone (expired): drop it and start a new one below.
        cp = cp.without(Checkpoint.JOB_ID, Checkpoint.JOB_STARTED, Checkpoint.JOB_POSITION);
        sink.checkpoint(cp);
      } else if (job.failed) {
        system.done(job);
        cp = cp.without(Checkpoint.JOB_ID, Checkpoint.JOB_STARTED, Checkpoint.JOB_POSITION);
        sink.checkpoint(cp);
        return SyncResult.builder(object, SyncResult.Status.FAILED)
            .checkpoint(cp)
            .callsSpent(calls)
            .jobPollCalls(polls)
            .failure(
                new VendorApiException(
                    "fakejob",
                    "GET /syncs/" + job.id,
                    200,
                    "JOB_FAILED",
                    "the export failed",
                    "The next sync starts a new job"))
            .build();
      } else if (now.isBefore(job.ready)) {
        return parked(object, cp, job, now, calls, polls);
      }
    }
    if (job == null) {
      if (!call())
        return result(object, SyncResult.Status.QUOTA_EXHAUSTED, cp, calls, polls, 0, source);
      calls++;
      job = system.create(config.connectionId(), object, now);
      cp = cp.with(Checkpoint.JOB_ID, job.id).with(Checkpoint.JOB_STARTED, now.toString());
      sink.checkpoint(cp);
      return parked(object, cp, job, now, calls, polls);
    }
    // Ready: download.
    long records = 0;
    Duration preparedIn = Duration.between(job.created, now);
    while (true) {
      if (!call()) {
        return result(object, SyncResult.Status.QUOTA_EXHAUSTED, cp, calls, polls, records, source);
      }
      calls++;
      List<Record> page = source.page(cp, system.pageSize);
      if (config.clock() instanceof TestClock fake) fake.advance(Duration.ofSeconds(1));
      for (Record r : page) sink.accept(r);
      records += page.size();
      if (!page.isEmpty()) {
        Checkpoint after = FakeSource.after(page.get(page.size() - 1));
        cp =
            cp.with(Checkpoint.CURSOR, after.get(Checkpoint.CURSOR))
                .with(Checkpoint.CURSOR_ID, after.get(Checkpoint.CURSOR_ID));
      }
      if (source.remainingAfter(cp) == 0) break;
      sink.checkpoint(cp);
    }
    system.done(job);
    cp = cp.without(Checkpoint.JOB_ID, Checkpoint.JOB_STARTED, Checkpoint.JOB_POSITION);
    return SyncResult.builder(object, SyncResult.Status.COMPLETED)
        .records(records)
        .callsSpent(calls)
        .checkpoint(cp)
        .backlogRecords(0)
        .jobPollCalls(polls)
        .jobWait(
            SyncResult.JobWait.builder(job.id, "fake export " + job.id, job.created)
                .state(SyncResult.JobWait.State.READY)
                .polls(polls)
                .preparedIn(preparedIn)
                .build())
        .build();
  }

  /** Parked: the next poll a tenth of the job's age later, at least 30 s (the cadence's shape). */
  private SyncResult parked(
      String object, Checkpoint cp, Job job, Instant now, long calls, int polls) {
    Duration age = Duration.between(job.created, now);
    Duration next = age.dividedBy(10);
    if (next.compareTo(Duration.ofSeconds(30)) < 0) next = Duration.ofSeconds(30);
    return SyncResult.builder(object, SyncResult.Status.PARKED)
        .checkpoint(cp)
        .callsSpent(calls)
        .jobPollCalls(polls)
        .resumeAt(now.plus(next))
        .jobWait(
            SyncResult.JobWait.builder(job.id, "fake export " + job.id, job.created)
                .state(SyncResult.JobWait.State.PREPARING)
                .polls(polls)
                .build())
        .build();
  }

  private SyncResult result(
      String object,
      SyncResult.Status status,
      Checkpoint cp,
      long calls,
      int polls,
      long records,
      FakeSource source) {
    return SyncResult.builder(object, status)
        .records(records)
        .checkpoint(cp)
        .callsSpent(calls)
        .jobPollCalls(polls)
        .backlogRecords(source == null ? -1 : source.remainingAfter(cp))
        .build();
  }

  private boolean call() {
    Instant now = config.clock().instant();
    if (!config.quotaPolicy().tryAcquire(config.connectionId(), Activity.SYNC, now).granted())
      return false;
    system.calls.incrementAndGet();
    return true;
  }

  @Override
  public WriteResult write(WriteRequest request) {
    throw new UnsupportedOperationException("read-only");
  }

  @Override
  public Usage usage() {
    Instant now = config.clock().instant();
    QuotaPolicy policy = config.quotaPolicy();
    String id = config.connectionId();
    return new Usage(
        QuotaPolicy.dayOf(now),
        policy.spent(id, now),
        policy.dailyLimit(),
        policy.remaining(id, Activity.SYNC, now),
        policy.remaining(id, Activity.ENRICHMENT, now),
        OptionalLong.empty(),
        Map.of(),
        Map.of(),
        QuotaPolicy.nextReset(now));
  }

  @Override
  public void close() {}
}
