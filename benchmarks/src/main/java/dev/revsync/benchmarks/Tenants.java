package dev.revsync.benchmarks;

import static dev.revsync.benchmarks.Report.count;
import static dev.revsync.benchmarks.Report.num;

import dev.revsync.ConnectionConfig;
import dev.revsync.Connectors;
import dev.revsync.RateLimits;
import dev.revsync.SyncResult;
import dev.revsync.pipeline.CheckpointStore;
import dev.revsync.pipeline.DailyPipeline;
import dev.revsync.pipeline.DailyReport;
import dev.revsync.pipeline.PipelineConnection;
import dev.revsync.pipeline.PipelineListener;
import dev.revsync.simulators.ScaledClock;
import dev.revsync.simulators.Simulator;
import java.lang.management.ManagementFactory;
import java.lang.management.MemoryMXBean;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;

/**
 * Scenario 5: many tenants (mixed connectors, a few thousand records each) pulled by {@link
 * DailyPipeline} in one process, every call answered after a fixed latency, each connector's
 * concurrency caps in force. One tenant per connector is first pulled against the live simulator
 * and recorded ({@link PrerenderedServer}); every tenant of that connector is then served that
 * recording, so the figure is the pipeline's and not the simulators'.
 */
final class Tenants {
  /** The connectors the tenants use, alternating. */
  private static final List<PullTarget> MIX =
      List.of(PullTarget.SALESFORCE_REST, PullTarget.ELOQUA_BULK);

  private Tenants() {}

  static void benchmark(Harness h, JobRunner runner) throws Exception {
    int tenants = h.sizes.tenants();
    long records = h.sizes.tenantRecords();
    Duration latency = Duration.ofMillis(h.sizes.latencyMillis());
    int concurrency = h.sizes.pipelineConcurrency();
    List<Simulator> sims = new ArrayList<>();
    List<PrerenderedServer> servers = new ArrayList<>();
    try {
      JobSpec spec =
          new JobSpec(JobSpec.Kind.TENANTS)
              .set("tenants", tenants)
              .set("concurrency", concurrency)
              .set("records", records);
      for (int i = 0; i < MIX.size(); i++) {
        PullTarget t = MIX.get(i);
        Simulator sim = Simulators.start(t.system, t.simObject, records, h.seed);
        sims.add(sim);
        PrerenderedServer server = PrerenderedServer.start(sim.baseUrl());
        servers.add(server);
        server.record("tenant", t.dataFragment);
        Map<String, String> settings = server.rewrite(sim.connectionSettings());
        Harness.log(
            "tenants: recording one " + t.system + " tenant's pull against the live simulator");
        DailyReport warm =
            runDay(
                List.of(connection("warm-up", t, settings)),
                1,
                windowClock(),
                PipelineListener.NONE);
        long got = warm.connections().get(0).records();
        if (got != records)
          throw new IllegalStateException(
              t.system + " warm-up tenant pulled " + got + ": " + warm.render());
        server.replay("tenant");
        server.latency(latency);
        String prefix = "target." + i;
        spec.set(prefix, t.name());
        settings.forEach((k, v) -> spec.set(prefix + ".setting." + k, v));
      }
      Harness.log(
          "tenants: "
              + tenants
              + " tenants, "
              + latency.toMillis()
              + " ms per call, concurrency "
              + concurrency);
      Result r = runner.run(spec);
      long calls = 0;
      for (PrerenderedServer server : servers) calls += server.seen().size();
      double ideal = calls * (latency.toMillis() / 1000.0) / Math.min(concurrency, tenants);
      double seconds = r.get("seconds");
      Report.Section s =
          h.report
              .section("5. Many tenants: " + count(tenants) + " connections through DailyPipeline")
              .text(
                  count(tenants)
                      + " connections, alternating "
                      + MIX.stream().map(t -> t.label).toList()
                      + ", "
                      + count(records)
                      + " records each, pulled by one DailyPipeline (concurrency "
                      + concurrency
                      + ") in a "
                      + "fresh -Xmx1g JVM; every call answered after "
                      + latency.toMillis()
                      + " ms. Ideal time = calls × latency "
                      + "÷ allowed concurrency (the pipeline's bound; each connection pulls one object at a time, so the "
                      + "connectors' per-connection caps — "
                      + caps()
                      + " — never bind). One run.")
              .columns(
                  "tenants",
                  "records",
                  "calls",
                  "ideal (s)",
                  "total (s)",
                  "total ÷ ideal",
                  "CPU s",
                  "CPU s ÷ cores",
                  "completed",
                  "live heap start / middle / end (MiB)",
                  "peak threads");
      int cores = Runtime.getRuntime().availableProcessors();
      double cpuBound = r.get("cpuSeconds") / cores;
      s.row(
          count(tenants),
          count(r.get("records")),
          count(calls),
          num(ideal, 1),
          num(seconds, 1),
          "**" + num(seconds / ideal, 2) + "**",
          num(r.get("cpuSeconds"), 1),
          num(cpuBound, 1),
          count(r.get("completed")) + " of " + count(tenants),
          num(r.get("liveHeapStartMiB"), 1)
              + " / "
              + num(r.get("liveHeapMiddleMiB"), 1)
              + " / "
              + num(r.get("liveHeapEndMiB"), 1),
          count(r.get("threadsPeak")));
      s.note(
          "CPU s is the pipeline JVM's CPU time over the run; CPU s ÷ cores is the shortest the run could take on this "
              + "machine with that much work, whatever the latency. When it exceeds the ideal, the day is CPU-bound "
              + "(parsing and mapping records, see section 7), not bound by calls and latency.");
      s.note(
          "Each connector's tenants are served one recorded pull (tokens, discovery, pages) by a pre-rendered server "
              + "that adds the latency to every answer, so the simulators' own record generation is out of the figure.");
      s.note(
          "The pipeline and the connections run on a clock "
              + num(FACTOR, 0)
              + "× real time: job-polling waits (Eloqua syncs) are waited, at 1/"
              + num(FACTOR, 0)
              + " of their length, not skipped; the ideal counts calls only.");
      s.note(
          "Live heap: heap in use after two full collections (System.gc()) in the pipeline's JVM when the day "
              + "starts (every connection built), when half the tenants have finished, and when the day is done "
              + "(connections still held) — what the tenants keep, not the peak of garbage G1 has not reclaimed yet "
              + "(that peak was "
              + num(r.get("heapPeakAfterGcMiB"), 1)
              + " MiB after a young collection).");
      h.sanity(
          "every tenant completed",
          r.get("completed") == tenants,
          count(r.get("completed"))
              + " of "
              + count(tenants)
              + (r.has("firstFailure") ? "; " + r.text("firstFailure") : ""));
      h.sanity(
          "records = tenants × N",
          r.get("records") == (double) tenants * records,
          count(r.get("records")));
      h.check(
          "tenants within 1.5× the ideal time",
          seconds <= 1.5 * ideal,
          num(seconds / ideal, 2)
              + "× ("
              + num(seconds, 1)
              + " s against "
              + num(ideal, 1)
              + " s"
              + (cpuBound <= ideal
                  ? ")"
                  : "; the pipeline JVM's CPU time ÷ cores alone is "
                      + num(cpuBound, 1)
                      + " s: the day is bound by CPU — parsing and mapping records — not by calls and latency)"));
      double live =
          Math.max(
              r.get("liveHeapStartMiB"),
              Math.max(r.get("liveHeapMiddleMiB"), r.get("liveHeapEndMiB")));
      h.check("tenants under 1 GiB live heap", live < 1024, num(live, 1) + " MiB at most");
    } finally {
      for (PrerenderedServer s : servers) s.close();
      for (Simulator s : sims) s.close();
    }
  }

  /** The measured job: builds the pipeline's connections and times one day's run. */
  static Result run(JobSpec spec) throws Exception {
    int tenants = (int) spec.number("tenants");
    List<PipelineConnection> connections = new ArrayList<>();
    for (int i = 0; i < tenants; i++) {
      int k = i % MIX.size();
      PullTarget t = PullTarget.valueOf(spec.get("target." + k));
      Map<String, String> settings = new java.util.TreeMap<>();
      String prefix = "target." + k + ".setting.";
      for (String key : spec.keys()) {
        if (key.startsWith(prefix)) settings.put(key.substring(prefix.length()), spec.get(key));
      }
      connections.add(connection("tenant-" + i, t, settings));
    }
    ScaledClock clock = windowClock();
    Result result = new Result();
    MemoryMXBean memory = ManagementFactory.getMemoryMXBean();
    result.put("liveHeapStartMiB", NightRun.liveHeap(memory) / 1048576.0);
    AtomicInteger finished = new AtomicInteger();
    AtomicLong middle = new AtomicLong(-1);
    PipelineListener halfway =
        new PipelineListener() {
          @Override
          public void syncFinished(PipelineConnection c, DailyReport.ObjectReport report) {
            if (finished.incrementAndGet() == tenants / 2) middle.set(NightRun.liveHeap(memory));
          }
        };
    try (HeapWatch heap = HeapWatch.start()) {
      Jobs.Timer timer = Jobs.Timer.start();
      DailyReport report = runDay(connections, (int) spec.number("concurrency"), clock, halfway);
      timer.stop(result);
      result.put("liveHeapMiddleMiB", middle.get() / 1048576.0);
      result.put("liveHeapEndMiB", NightRun.liveHeap(memory) / 1048576.0);
      heap.report(result);
      long records = 0;
      long calls = 0;
      long completed = 0;
      Map<SyncResult.Status, Long> statuses = new EnumMap<>(SyncResult.Status.class);
      for (DailyReport.ConnectionReport c : report.connections()) {
        records += c.records();
        boolean done = true;
        for (DailyReport.ObjectReport o : c.objects()) {
          calls += o.calls();
          statuses.merge(o.status(), 1L, Long::sum);
          if (o.status() != SyncResult.Status.COMPLETED) {
            done = false;
            if (!result.has("firstFailure"))
              result.put("firstFailure", c.tenant() + ": " + o.status() + " " + o.failure());
          }
        }
        if (done) completed++;
      }
      result
          .put("records", records)
          .put("callsReported", calls)
          .put("completed", completed)
          .put("statuses", statuses.toString())
          .put("threadsPeak", Jobs.threads().getPeakThreadCount());
    }
    return result;
  }

  private static PipelineConnection connection(
      String tenant, PullTarget t, Map<String, String> settings) {
    ConnectionConfig config =
        Configs.forSimulator(t.system, tenant + "/" + t.system, settings, Clock.systemUTC())
            .build();
    return PipelineConnection.builder(tenant, t.system, config).objects(t.object).build();
  }

  /** How much faster than real time the tenants' day runs. */
  static final double FACTOR = 10;

  /** A clock a second into today's pull window, running {@link #FACTOR}× real time. */
  private static ScaledClock windowClock() {
    Instant opens = LocalDate.now(ZoneOffset.UTC).atStartOfDay().toInstant(ZoneOffset.UTC);
    return ScaledClock.startingAt(opens.plusSeconds(1), FACTOR);
  }

  /** Runs one day with the pipeline on {@code clock} (every connection on it too). */
  private static DailyReport runDay(
      List<PipelineConnection> connections,
      int concurrency,
      ScaledClock clock,
      PipelineListener listener) {
    LocalDate day = LocalDate.ofInstant(clock.instant(), ZoneOffset.UTC);
    List<PipelineConnection> withClock = new ArrayList<>();
    for (PipelineConnection c : connections) {
      ConnectionConfig config = c.config().newBuilder().clock(clock).build();
      PipelineConnection.Builder b = PipelineConnection.builder(c.tenant(), c.connector(), config);
      for (String object : c.objects()) b.object(c.request(object));
      withClock.add(b.build());
    }
    try (CheckpointStore store = CheckpointStore.inMemory();
        DailyPipeline pipeline =
            DailyPipeline.builder()
                .store(store)
                .clock(clock)
                .concurrency(concurrency)
                .listener(listener)
                .sinks((connection, object) -> record -> {})
                .connections(withClock)
                .build()) {
      return pipeline.runDay(day);
    } catch (Exception e) {
      throw new IllegalStateException("the pipeline run failed: " + e, e);
    }
  }

  private static String caps() {
    List<String> caps = new ArrayList<>();
    for (PullTarget t : MIX) {
      RateLimits limits =
          Connectors.provider(t.system).map(p -> p.descriptor().rateLimits()).orElse(null);
      caps.add(t.system + " " + limits);
    }
    return String.join(", ", caps);
  }
}
