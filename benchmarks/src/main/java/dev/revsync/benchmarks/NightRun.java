package dev.revsync.benchmarks;

import dev.revsync.CallListener;
import dev.revsync.ConnectionConfig;
import dev.revsync.QuotaPolicy;
import dev.revsync.SyncRequest;
import dev.revsync.pipeline.CheckpointStore;
import dev.revsync.pipeline.DailyPipeline;
import dev.revsync.pipeline.DailyReport;
import dev.revsync.pipeline.NightPlan;
import dev.revsync.pipeline.PipelineConnection;
import dev.revsync.pipeline.PipelineListener;
import dev.revsync.pipeline.PullWindow;
import dev.revsync.simulators.ScaledClock;
import java.lang.management.ManagementFactory;
import java.lang.management.MemoryMXBean;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.LongAdder;

/**
 * The measured side of the night scenario ({@link Night}): builds every tenant's connection, waits
 * on the scaled clock for the window to open, runs {@link DailyPipeline#runDay} through it, and
 * reports what happened — records delivered inside the window, a sample of the window every ten
 * minutes of the clock, statuses by cohort, threads, heap (live after a full collection at the
 * window's start, middle and end) and every tenant's budget against its ledger.
 */
final class NightRun {
  /** How often (on the scaled clock) the window is sampled. */
  static final Duration SAMPLE_EVERY = Duration.ofMinutes(10);

  private NightRun() {}

  static Result run(JobSpec spec) throws Exception {
    ScaledClock clock = ScaledClock.parse(spec.get("clock"));
    LocalDate day = LocalDate.parse(spec.get("day"));
    PullWindow window = PullWindow.daily();
    Instant opens = window.opensAt(day);
    Instant closes = window.closesAt(day);
    Result result = new Result();
    MemoryMXBean memory = ManagementFactory.getMemoryMXBean();
    long heapBefore = liveHeap(memory);

    LongAdder calls = new LongAdder();
    CallListener countCalls =
        new CallListener() {
          @Override
          public void callEnded(Call call) {
            calls.increment();
          }
        };
    List<PipelineConnection> connections = new ArrayList<>();
    Map<String, String> cohortOf = new LinkedHashMap<>();
    int cohorts = (int) spec.number("cohorts");
    for (int k = 0; k < cohorts; k++) {
      String p = "cohort." + k + ".";
      String name = spec.get(p + "name");
      String system = spec.get(p + "system");
      String object = spec.get(p + "object");
      String style = spec.get(p + "style", "");
      int tenants = (int) spec.number(p + "tenants");
      long budget = spec.number(p + "budget");
      Map<String, String> settings = new TreeMap<>();
      String prefix = p + "setting.";
      for (String key : spec.keys()) {
        if (key.startsWith(prefix)) settings.put(key.substring(prefix.length()), spec.get(key));
      }
      for (int i = 0; i < tenants; i++) {
        String tenant = name + "-" + i;
        ConnectionConfig config =
            Configs.forSimulator(
                    system,
                    tenant + "/" + system,
                    NightFleet.forTenant(system, i, settings),
                    clock,
                    false)
                .quotaPolicy(QuotaPolicy.builder().dailyLimit(budget).build())
                .callListener(countCalls)
                .build();
        SyncRequest.Builder request = SyncRequest.builder(object);
        if (!style.isEmpty()) request.option("style", style);
        connections.add(
            PipelineConnection.builder(tenant, system, config).object(request.build()).build());
        cohortOf.put(tenant, name);
      }
    }
    int tenants = connections.size();

    // Wait for the window to open on the scaled clock (the simulators started a little before it).
    Instant now = clock.instant();
    result.put("lateStartSeconds", Math.max(0, Duration.between(opens, now).toSeconds()));
    if (now.isBefore(opens)) clock.sleep(Duration.between(now, opens));
    long heapStart = liveHeap(memory);
    result.put("liveHeapStartMiB", heapStart / 1048576.0);
    result.put("idleBytesPerTenant", (heapStart - heapBefore) / (double) tenants);

    LongAdder records = new LongAdder();
    LongAdder recordsInWindow = new LongAdder();
    AtomicInteger activeSyncs = new AtomicInteger();
    AtomicInteger peakActive = new AtomicInteger();
    AtomicInteger parked = new AtomicInteger();
    AtomicInteger peakParked = new AtomicInteger();
    AtomicLong parks = new AtomicLong();
    String[] planLine = {""};
    PipelineListener listener =
        new PipelineListener() {
          @Override
          public void syncStarted(
              PipelineConnection connection, String object, dev.revsync.Checkpoint from) {
            peakActive.accumulateAndGet(activeSyncs.incrementAndGet(), Math::max);
          }

          @Override
          public void syncFinished(PipelineConnection connection, DailyReport.ObjectReport r) {
            if (r.started()) activeSyncs.decrementAndGet();
          }

          @Override
          public void planned(NightPlan plan) {
            planLine[0] = plan.summary();
          }

          // A parked pull has given its slot back: it is no longer running until it resumes.
          @Override
          public void jobParked(PipelineConnection connection, String object, Instant resumeAt) {
            parks.incrementAndGet();
            activeSyncs.decrementAndGet();
            peakParked.accumulateAndGet(parked.incrementAndGet(), Math::max);
          }

          @Override
          public void jobResumed(PipelineConnection connection, String object) {
            parked.decrementAndGet();
            peakActive.accumulateAndGet(activeSyncs.incrementAndGet(), Math::max);
          }
        };

    List<String> samples = new ArrayList<>();
    AtomicLong liveHeapMiddle = new AtomicLong(-1);
    ScheduledExecutorService sampler =
        Executors.newSingleThreadScheduledExecutor(
            r -> {
              Thread t = new Thread(r, "night-sampler");
              t.setDaemon(true);
              return t;
            });
    long periodMillis = clock.toReal(SAMPLE_EVERY).toMillis();
    AtomicInteger tick = new AtomicInteger();
    AtomicInteger peakSampledThreads = new AtomicInteger();
    java.util.concurrent.atomic.AtomicReference<String> threadGroups =
        new java.util.concurrent.atomic.AtomicReference<>("");
    ScheduledFuture<?> sampling =
        sampler.scheduleAtFixedRate(
            () -> {
              int n = tick.incrementAndGet();
              int threadsNow = Jobs.threads().getThreadCount();
              if (threadsNow > peakSampledThreads.get()) {
                peakSampledThreads.set(threadsNow);
                threadGroups.set(threadGroups());
              }
              long heap = memory.getHeapMemoryUsage().getUsed();
              if (n == 6 && liveHeapMiddle.get() < 0) {
                liveHeapMiddle.set(liveHeap(memory)); // 01:00, the window's middle
              }
              synchronized (samples) {
                samples.add(
                    Duration.between(opens, clock.instant()).toMinutes()
                        + "\t"
                        + activeSyncs.get()
                        + "\t"
                        + parked.get()
                        + "\t"
                        + records.sum()
                        + "\t"
                        + calls.sum()
                        + "\t"
                        + Jobs.threads().getThreadCount()
                        + "\t"
                        + heap);
              }
            },
            periodMillis,
            periodMillis,
            TimeUnit.MILLISECONDS);

    DailyReport report;
    long liveEnd;
    Instant ended;
    try (HeapWatch heap = HeapWatch.start();
        CheckpointStore store = CheckpointStore.inMemory();
        DailyPipeline pipeline =
            DailyPipeline.builder()
                .store(store)
                .clock(clock)
                .concurrency((int) spec.number("concurrency"))
                .listener(listener)
                .sinks(
                    (connection, object) ->
                        record -> {
                          records.increment();
                          if (clock.instant().isBefore(closes)) recordsInWindow.increment();
                        })
                .connections(connections)
                .build()) {
      Jobs.Timer timer = Jobs.Timer.start();
      report = pipeline.runDay(day);
      timer.stop(result);
      ended = clock.instant();
      sampling.cancel(false);
      sampler.shutdownNow();
      liveEnd = liveHeap(memory); // the connections and the store still held
      heap.report(result);
      budgets(connections, clock.instant(), result);
    }
    result
        .put("tenants", tenants)
        .put("records", records.sum())
        .put("recordsInWindow", recordsInWindow.sum())
        .put("calls", calls.sum())
        .put("peakActiveSyncs", peakActive.get())
        .put("peakParked", peakParked.get())
        .put("parks", parks.get())
        .put("parkedJobs", report.parkedJobs())
        .put("jobPolls", report.jobPolls())
        .put("plan", planLine[0])
        .put("planVersusActual", report.planVersusActual().orElse("(no plan)"))
        .put("threadsPeak", Jobs.threads().getPeakThreadCount())
        .put("liveHeapMiddleMiB", liveHeapMiddle.get() < 0 ? -1 : liveHeapMiddle.get() / 1048576.0)
        .put("liveHeapEndMiB", liveEnd / 1048576.0)
        .put("endedMinutes", Duration.between(opens, ended).toSeconds() / 60.0)
        .put("samples", String.join(";", samples))
        .put("threadGroupsAtPeak", threadGroups.get());
    statuses(report, cohortOf, result);
    String rendered = report.render();
    // The whole report lists every tenant; the head (totals, plan) is what the benchmark shows.
    result.put("reportHead", rendered.lines().limit(8).reduce((a, b) -> a + "\n" + b).orElse(""));
    return result;
  }

  /** Every tenant's ledger against its limit: the largest overshoot (0 when none went over). */
  private static void budgets(List<PipelineConnection> connections, Instant now, Result result) {
    long worst = 0;
    long spent = 0;
    String worstTenant = "";
    for (PipelineConnection c : connections) {
      QuotaPolicy policy = c.config().quotaPolicy();
      long s = policy.spent(c.config().connectionId(), now);
      spent += s;
      long over = s - policy.dailyLimit();
      if (over > worst) {
        worst = over;
        worstTenant = c.tenant();
      }
    }
    result.put("budgetOvershoot", worst).put("budgetSpent", spent);
    if (worst > 0) result.put("budgetOvershootTenant", worstTenant);
  }

  /** Per cohort: tenants by outcome (finished, parked, backlog) and the first failure. */
  private static void statuses(DailyReport report, Map<String, String> cohortOf, Result result) {
    Map<String, long[]> byCohort = new LinkedHashMap<>();
    Map<String, Long> statuses = new TreeMap<>();
    for (DailyReport.ConnectionReport c : report.connections()) {
      String cohort = cohortOf.getOrDefault(c.tenant(), "?");
      long[] n = byCohort.computeIfAbsent(cohort, k -> new long[5]);
      n[4] += c.records();
      String outcome = "COMPLETED";
      for (DailyReport.ObjectReport o : c.objects()) {
        String status = o.status().name();
        statuses.merge(status, 1L, Long::sum);
        if (!status.equals("COMPLETED")) outcome = status;
        if (!status.equals("COMPLETED") && !result.has("firstFailure." + cohort))
          result.put(
              "firstFailure." + cohort,
              c.tenant() + ": " + status + (o.failure() == null ? "" : " " + o.failure()));
      }
      switch (outcome) {
        case "COMPLETED" -> n[0]++;
        case "PARKED" -> n[1]++;
        case "QUOTA_EXHAUSTED", "WINDOW_CLOSED" -> n[2]++;
        default -> n[3]++;
      }
    }
    for (Map.Entry<String, long[]> e : byCohort.entrySet()) {
      long[] n = e.getValue();
      result.put("cohort." + e.getKey(), n[0] + "/" + n[1] + "/" + n[2] + "/" + n[3]);
      result.put("cohortRecords." + e.getKey(), n[4]);
    }
    result.put("statuses", statuses.toString());
  }

  /** The live threads by name with digits dropped, largest groups first: who holds them. */
  static String threadGroups() {
    Map<String, Integer> groups = new TreeMap<>();
    for (Thread t : Thread.getAllStackTraces().keySet())
      groups.merge(t.getName().replaceAll("\\d+", "#"), 1, Integer::sum);
    return groups.entrySet().stream()
        .sorted(Map.Entry.<String, Integer>comparingByValue().reversed())
        .limit(8)
        .map(e -> e.getKey() + " ×" + e.getValue())
        .reduce((a, b) -> a + ", " + b)
        .orElse("");
  }

  /** Heap in use after two full collections: the live set. */
  static long liveHeap(MemoryMXBean memory) {
    System.gc();
    System.gc();
    return memory.getHeapMemoryUsage().getUsed();
  }
}
