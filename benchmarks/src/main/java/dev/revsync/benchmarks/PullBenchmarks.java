package dev.revsync.benchmarks;

import static dev.revsync.benchmarks.Report.count;
import static dev.revsync.benchmarks.Report.num;

import dev.revsync.simulators.Simulator;
import dev.revsync.simulators.dynamics.DynamicsSimulator;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Scenarios 1–3: end-to-end pull throughput against the floor and the simulator alone, and the heap
 * of the same pull at two sizes. The simulator runs in this JVM; each pull runs in a job (a fresh
 * {@code -Xmx256m} JVM when forked).
 */
final class PullBenchmarks {
  private static final Pattern API_VERSION = Pattern.compile("/v(\\d+\\.\\d+)/");

  /**
   * Medians of one target's runs at one size. The ratios are medians of each run's own ratio: a
   * run's connector and floor passes alternate (and its simulator-alone and CLI runs follow them),
   * so a run is a pair that saw the same spell of the shared host; a ratio of medians could set one
   * run's connector against another run's floor. The ratio of the medians is kept beside it.
   */
  record Figures(
      PullTarget target,
      long n,
      int runs,
      double records,
      double seconds,
      double recordsPerSecond,
      double mbPerSecond,
      double calls,
      double callsReported,
      long apiMinimum,
      double heapPeakMiB,
      double heapLiveMiB,
      double floorRecordsPerSecond,
      double floorMbPerSecond,
      double floorCalls,
      double simulatorMbPerSecond,
      double liveSimulatorMbPerSecond,
      double waitSkippedSeconds,
      double cpuSeconds,
      double floorCpuSeconds,
      double coldRecordsPerSecond,
      double coldFloorRecordsPerSecond,
      double coldCpuSeconds,
      double coldFloorCpuSeconds,
      double fieldsPerRecord,
      double floorFieldsPerRecord,
      String status,
      String warmUpStatus,
      double ratio,
      double coldRatio,
      double simulatorHeadroom,
      Cli cli) {
    /** Connector ÷ floor from the medians of each side, whichever runs they came from. */
    double ratioOfMedians() {
      return recordsPerSecond / floorRecordsPerSecond;
    }
  }

  /**
   * Medians of the CLI's whole-process runs of the same pull: wall seconds (job-polling waits
   * skipped, as in the library run), and the waits skipped; NaN CPU and RSS where {@code
   * /usr/bin/time} is missing.
   */
  record Cli(
      double records,
      double seconds,
      double waitSkippedSeconds,
      double cpuSeconds,
      double rssMiB,
      double bytes,
      String status,
      double libraryRatio,
      double libraryRatioOfMedians) {
    double recordsPerSecond() {
      return records / seconds;
    }
  }

  private PullBenchmarks() {}

  /**
   * One target at {@code n} records. A warm-up pass of the connector and of the floor against the
   * live simulator is recorded by a {@link PrerenderedServer} (and checked); then {@code runs} runs
   * of connector, floor and simulator alone (the floor's data requests, bodies discarded) are
   * served from the recording, the connector's and the floor's JVMs alive together in a run and
   * their passes alternating.
   */
  static Figures measure(Harness h, PullTarget t, long n, int runs) throws Exception {
    List<Result> connector = new ArrayList<>();
    List<Result> floor = new ArrayList<>();
    List<Result> alone = new ArrayList<>();
    List<Result> cli = new ArrayList<>();
    List<Double> calls = new ArrayList<>();
    List<Double> floorCalls = new ArrayList<>();
    double liveMbPerSecond;
    String warmUpStatus;
    try (Simulator sim = Simulators.start(t.system, t.simObject, n, h.seed);
        PrerenderedServer server = PrerenderedServer.start(sim.baseUrl())) {
      // Dataverse writes absolute nextLinks: the simulator must name the recording proxy in them,
      // as a reverse proxy's origin
      if (sim instanceof DynamicsSimulator dynamics) dynamics.environmentUrl(server.baseUrl());
      Harness.log(
          t.label + " N=" + n + ": warm-up connector pass against the live simulator (recorded)");
      server.record("connector", t.dataFragment);
      Result warm = h.runner.run(pullSpec(t, server.rewrite(sim.connectionSettings())));
      warmUpStatus = warm.text("status") + ", " + Report.count(warm.get("records")) + " records";
      if (warm.get("records") != n) {
        throw new IllegalStateException(
            t.label + ": the warm-up pull delivered " + warm + " for N=" + n);
      }
      PrerenderedServer.Seen first = firstData(server.seen(), t.dataFragment);
      JobSpec floorSpec =
          new JobSpec(JobSpec.Kind.FLOOR)
              .set("system", t.system)
              .set("object", t.simObject)
              .set("style", t.style.isEmpty() ? "BULK" : t.style)
              .set("maxRecords", t.pageSize)
              .set("pageSize", t.pageSize)
              .settings(server.rewrite(sim.connectionSettings()));
      if (first != null) {
        floorSpec.set("firstRequest", first.pathAndQuery());
        Matcher m = API_VERSION.matcher(first.pathAndQuery());
        if (m.find()) floorSpec.set("apiVersion", m.group(1));
      }
      Harness.log(
          t.label + " N=" + n + ": warm-up floor pass against the live simulator (recorded)");
      server.record("floor", t.dataFragment);
      Result warmFloor = h.runner.run(floorSpec);
      if (warmFloor.get("records") != n) {
        throw new IllegalStateException(
            t.label + ": the warm-up floor pulled " + warmFloor + " for N=" + n);
      }
      liveMbPerSecond = server.upstreamDataBytes() / 1e6 / server.upstreamDataSeconds();
      measuredWarm(floorSpec, server);
      List<String> replay = replayable(server.seen(), t.dataFragment);
      List<String> sharing = List.of();
      if (h.cli) {
        Harness.log(t.label + " N=" + n + ": revsync sync once, writing its class-data archive");
        server.replay("connector");
        sharing = CliRun.classDataSharing(t, server.rewrite(sim.connectionSettings()));
      }
      for (int run = 1; run <= runs; run++) {
        JobSpec pullSpec =
            measuredWarm(pullSpec(t, server.rewrite(sim.connectionSettings())), server);
        Result c;
        Result f;
        if (h.runner instanceof ForkedRunner) {
          // Both JVMs live, their passes alternating: a slow spell of the shared host falls on
          // both.
          Harness.log(
              t.label + " N=" + n + " run " + run + ": connector and floor, passes alternating");
          try (ForkedRunner.Paced connectorJvm = forked(h, t, "connector", run).start(pullSpec);
              ForkedRunner.Paced floorJvm = forked(h, t, "floor", run).start(floorSpec)) {
            for (int pass = 0; pass < PASSES; pass++) {
              server.replay("connector");
              connectorJvm.pass();
              if (pass == PASSES - 1) calls.add((double) server.seen().size());
              server.replay("floor");
              floorJvm.pass();
              if (pass == PASSES - 1) floorCalls.add((double) server.seen().size());
            }
            c = connectorJvm.result();
            f = floorJvm.result();
          }
        } else {
          Harness.log(t.label + " N=" + n + " run " + run + ": connector");
          server.replay("connector");
          c = h.runner.run(pullSpec);
          calls.add((double) server.seen().size());
          Harness.log(t.label + " N=" + n + " run " + run + ": floor");
          server.replay("floor");
          f = h.runner.run(floorSpec);
          floorCalls.add((double) server.seen().size());
        }
        if (c.has("failure"))
          Harness.log(
              t.label + " N=" + n + " run " + run + ": the pull failed: " + c.text("failure"));
        connector.add(c);
        logPass(t, n, run, "connector", c);
        floor.add(f);
        logPass(t, n, run, "floor", f);

        Harness.log(
            t.label
                + " N="
                + n
                + " run "
                + run
                + ": simulator alone ("
                + replay.size()
                + " requests)");
        server.replay("floor");
        alone.add(
            h.runner.run(
                new JobSpec(JobSpec.Kind.REPLAY)
                    .set("system", t.system)
                    .list("requests", replay)
                    .settings(server.rewrite(sim.connectionSettings()))));

        if (h.cli) {
          Harness.log(t.label + " N=" + n + " run " + run + ": revsync sync, whole process");
          server.replay("connector");
          cli.add(
              CliRun.run(
                  t,
                  server.rewrite(sim.connectionSettings()),
                  concat(sharing, Profiles.recordingFlags(t.name() + "-cli-" + run))));
        }
      }
    }
    double seconds = Result.median(connector, "seconds");
    double records = Result.median(connector, "records");
    double floorBytes = Result.median(floor, "bodyBytes");
    double floorSeconds = Result.median(floor, "seconds");
    double aloneBytes = Result.median(alone, "bodyBytes");
    double aloneSeconds = Result.median(alone, "seconds");
    return new Figures(
        t,
        n,
        runs,
        records,
        seconds,
        records / seconds,
        floorBytes / 1e6 / seconds,
        Result.medianOf(calls),
        Result.median(connector, "callsReported"),
        t.apiMinimum(n),
        Result.median(connector, "heapPeakAfterGcMiB"),
        Result.median(connector, "heapPeakLiveMiB"),
        Result.median(floor, "records") / floorSeconds,
        floorBytes / 1e6 / floorSeconds,
        Result.medianOf(floorCalls),
        aloneBytes / 1e6 / aloneSeconds,
        liveMbPerSecond,
        Result.median(connector, "waitSkippedSeconds"),
        Result.median(connector, "cpuSeconds"),
        Result.median(floor, "cpuSeconds"),
        Result.median(connector, "coldRecords") / Result.median(connector, "coldSeconds"),
        Result.median(floor, "coldRecords") / Result.median(floor, "coldSeconds"),
        Result.median(connector, "coldCpuSeconds"),
        Result.median(floor, "coldCpuSeconds"),
        Result.median(connector, "fieldsPerRecord"),
        Result.median(floor, "fieldsPerRecord"),
        connector.get(connector.size() - 1).text("status"),
        warmUpStatus,
        pairedMedian(connector, floor, r -> rate(r, "records", "seconds")),
        pairedMedian(connector, floor, r -> rate(r, "coldRecords", "coldSeconds")),
        // Per run: the simulator alone's MB/s ÷ the connector's (the floor's count of its bytes).
        pairedMedian(
            alone,
            connector,
            i -> rate(alone.get(i), "bodyBytes", "seconds"),
            i -> floor.get(i).get("bodyBytes") / connector.get(i).get("seconds")),
        cli(cli, connector));
  }

  private static double rate(Result r, String amount, String seconds) {
    return r.get(amount) / r.get(seconds);
  }

  /** The median over runs of {@code of(a[i]) ÷ of(b[i])}. */
  static double pairedMedian(
      List<Result> a, List<Result> b, java.util.function.ToDoubleFunction<Result> of) {
    return pairedMedian(a, b, i -> of.applyAsDouble(a.get(i)), i -> of.applyAsDouble(b.get(i)));
  }

  /** The median over runs {@code i} of {@code top(i) ÷ bottom(i)}. */
  static double pairedMedian(
      List<Result> a,
      List<Result> b,
      java.util.function.IntToDoubleFunction top,
      java.util.function.IntToDoubleFunction bottom) {
    List<Double> ratios = new ArrayList<>();
    for (int i = 0; i < Math.min(a.size(), b.size()); i++)
      ratios.add(top.applyAsDouble(i) / bottom.applyAsDouble(i));
    return Result.medianOf(ratios);
  }

  /** One run's figures in the log: the medians hide how far runs differ. */
  private static void logPass(PullTarget t, long n, int run, String what, Result r) {
    Harness.log(
        String.format(
            java.util.Locale.ROOT,
            "%s N=%d run %d: %s %.0f records/s (cold %.0f), CPU %.2f µs/record (cold %.2f)",
            t.label,
            n,
            run,
            what,
            r.get("records") / r.get("seconds"),
            r.get("coldRecords") / r.get("coldSeconds"),
            r.get("cpuSeconds") / r.get("records") * 1e6,
            r.get("coldCpuSeconds") / r.get("coldRecords") * 1e6));
  }

  /**
   * The job runs its pass {@link #PASSES} times in one JVM, the replay served from its start each
   * time, and is measured on the fastest but the first: what a host's long-lived JVM spends on a
   * pull, JIT compilation done, with less of the other tenants of a shared host in it (the fastest,
   * as timeit takes it: slower passes are slowed by something else). The first pass's time is kept
   * (the cold figures: a fresh JVM's first pull, compiling as it goes).
   */
  private static JobSpec measuredWarm(JobSpec spec, PrerenderedServer server) {
    return spec.set("warmUps", 1)
        .set("measuredPasses", PASSES - 1)
        .set("restartUrl", server.restartUrl());
  }

  /**
   * Passes of a measured job: the cold one, then the warm ones it is measured on the fastest of.
   */
  private static final int PASSES = 4;

  /**
   * The harness's forked runner, recording the measured JVM with JFR when {@code
   * -Drevsync.bench.jfr=DIR} asks for it ({@link Profiles#recordingFlags}).
   */
  private static ForkedRunner forked(Harness h, PullTarget t, String what, int run) {
    return ((ForkedRunner) h.runner)
        .withJvmArgs(Profiles.recordingFlags(t.name() + "-" + what + "-" + run));
  }

  private static List<String> concat(List<String> a, List<String> b) {
    List<String> all = new ArrayList<>(a);
    all.addAll(b);
    return all;
  }

  /** The pulls whose CLI figure has a target (the rest are reported without one). */
  private static final java.util.Set<PullTarget> CLI_TARGETS =
      java.util.EnumSet.of(
          PullTarget.SALESFORCE_REST, PullTarget.SALESFORCE_BULK, PullTarget.ELOQUA_BULK);

  /**
   * The CLI's medians; its ratio to the library is each run's CLI against the same run's connector
   * on its first pass in a fresh JVM (a CLI run is a fresh JVM's first pull).
   */
  private static Cli cli(List<Result> runs, List<Result> connector) {
    if (runs.isEmpty()) return null;
    boolean timed = runs.get(0).has("cpuSeconds");
    return new Cli(
        Result.median(runs, "records"),
        Result.median(runs, "seconds"),
        Result.median(runs, "waitSkippedSeconds"),
        timed ? Result.median(runs, "cpuSeconds") : Double.NaN,
        timed ? Result.median(runs, "rssMiB") : Double.NaN,
        Result.median(runs, "bytes"),
        runs.get(runs.size() - 1).text("status"),
        pairedMedian(
            runs,
            connector,
            i -> rate(runs.get(i), "records", "seconds"),
            i -> rate(connector.get(i), "coldRecords", "coldSeconds")),
        Result.median(runs, "records")
            / Result.median(runs, "seconds")
            / (Result.median(connector, "coldRecords") / Result.median(connector, "coldSeconds")));
  }

  private static JobSpec pullSpec(PullTarget t, java.util.Map<String, String> settings) {
    JobSpec spec =
        new JobSpec(JobSpec.Kind.PULL)
            .set("system", t.system)
            .set("object", t.object)
            .set("style", t.style)
            .settings(settings);
    if (t.fixedClock() != null) spec.set("fixedClock", t.fixedClock());
    return spec;
  }

  private static PrerenderedServer.Seen firstData(
      List<PrerenderedServer.Seen> seen, String fragment) {
    for (PrerenderedServer.Seen s : seen) {
      if (s.pathAndQuery().contains(fragment)) return s;
    }
    return null;
  }

  /** The GET data requests of a session, as {@code pathAndQuery \t Accept} for a replay. */
  static List<String> replayable(List<PrerenderedServer.Seen> seen, String fragment) {
    List<String> out = new ArrayList<>();
    for (PrerenderedServer.Seen s : seen) {
      if (s.method().equals("GET") && s.pathAndQuery().contains(fragment)) {
        out.add(s.pathAndQuery() + "\t" + (s.accept() == null ? "" : s.accept()));
      }
    }
    return out;
  }

  /** Scenarios 1 and 2: every target at the pull size, with floor and simulator alone. */
  static List<Figures> throughput(Harness h, List<PullTarget> targets) throws Exception {
    long n = h.sizes.pullRecords();
    List<Figures> all = new ArrayList<>();
    for (PullTarget t : targets) {
      try {
        all.add(measure(h, t, n, h.sizes.runs()));
      } catch (Exception | AssertionError e) {
        e.printStackTrace();
        h.sanity("pull measured (" + t.label + ")", false, String.valueOf(e));
      }
    }
    Report.Section s =
        h.report
            .section("1–2. Pull throughput, the floor, and the simulator alone")
            .text(
                "Each connector syncs N records (FULL, every field) from its simulator on 127.0.0.1 into a counting sink, "
                    + "in a fresh JVM with -Xmx256m. The floor replays the same requests with bare OkHttp and parses the bodies "
                    + "with the same streaming parser and the same key matching (Json.readPage against the record shape, keys "
                    + "matched as bytes; CsvRows rows as arrays) into nothing: every value read, none converted; no quota, no "
                    + "auth, no records. The simulator alone is the floor's data requests replayed by a plain-socket client (request bytes "
                    + "written on one keep-alive connection, each body read by its Content-Length and dropped; the faster of a "
                    + "second and a third pass, so a cold client's JIT is not taken for the server), from a plain-socket server "
                    + "sending the recorded bodies (small ones from memory in one write, large ones with transferTo). CPU is the pull JVM's over the "
                    + "timed call. Connector and floor each run the pull "
                    + PASSES
                    + " times in their JVM, the two JVMs alive together and their passes alternating (connector, floor, "
                    + "connector, ...; the replay served from its start for each, so it is served and counted as a first "
                    + "one), and are measured on the fastest pass but the first: what a host's long-lived JVM spends on a "
                    + "night's pull once the JIT has compiled the path, with less of a shared host's other tenants in it "
                    + "(the fastest, as timeit takes it; alternating, so that a slow spell of the host falls on both "
                    + "sides, not on one). The cold columns are the "
                    + "first pass, JIT compilation included (at 500,000 records about a third of a Bulk pull's CPU; the "
                    + "connector has more code to compile than a floor that converts nothing). Medians of "
                    + h.sizes.runs()
                    + " runs; a ratio is the median of each run's own ratio (a run's connector and floor are a "
                    + "pair that saw the same spells of the host), the ratio of the two medians beside it.")
            .columns(
                "pull",
                "N",
                "records/s",
                "MB/s",
                "calls",
                "API min",
                "over min",
                "peak heap after GC (MiB)",
                "floor records/s",
                "floor MB/s",
                "connector ÷ floor",
                "ratio of medians",
                "cold: connector ÷ floor",
                "simulator alone MB/s",
                "simulator ÷ connector",
                "live simulator MB/s",
                "CPU s (conn / floor)",
                "CPU µs/record (conn / floor)",
                "CPU ns/field (conn / floor)",
                "cold: CPU µs/record (conn / floor)");
    for (Figures f : all) {
      s.row(
          f.target().label,
          count(f.n()),
          count(f.recordsPerSecond()),
          num(f.mbPerSecond(), 1),
          count(f.calls()),
          count(f.apiMinimum()),
          count(f.calls() - f.apiMinimum()),
          num(f.heapPeakMiB(), 1),
          count(f.floorRecordsPerSecond()),
          num(f.floorMbPerSecond(), 1),
          "**" + num(f.ratio(), 2) + "**",
          num(f.ratioOfMedians(), 2),
          num(f.coldRatio(), 2),
          num(f.simulatorMbPerSecond(), 1),
          num(f.simulatorHeadroom(), 1) + "×",
          num(f.liveSimulatorMbPerSecond(), 1),
          num(f.cpuSeconds(), 1) + " / " + num(f.floorCpuSeconds(), 1),
          num(f.cpuSeconds() / f.records() * 1e6, 2)
              + " / "
              + num(f.floorCpuSeconds() / f.records() * 1e6, 2),
          count(f.cpuSeconds() / f.records() / f.fieldsPerRecord() * 1e9)
              + " / "
              + count(f.floorCpuSeconds() / f.records() / f.floorFieldsPerRecord() * 1e9),
          num(f.coldCpuSeconds() / f.records() * 1e6, 2)
              + " / "
              + num(f.coldFloorCpuSeconds() / f.records() * 1e6, 2));
      h.sanity(
          "records = N (" + f.target().label + ")",
          f.records() == f.n(),
          count(f.records()) + " of " + count(f.n()) + ", status " + f.status());
      h.check(
          "connector ÷ floor ≥ 0.85 (" + f.target().label + ")",
          f.ratio() >= 0.85,
          num(f.ratio(), 2)
              + (f.ratio() >= 0.85
                  ? ""
                  : "; the connector spent "
                      + num(f.cpuSeconds(), 1)
                      + " CPU s against the floor's "
                      + num(f.floorCpuSeconds(), 1)
                      + " for the same bytes: its own processing holds it back (section 7 "
                      + "names the costs)"));
      h.check(
          "calls ≤ API minimum + 3 (" + f.target().label + ")",
          f.calls() <= f.apiMinimum() + 3,
          count(f.calls()) + " calls, minimum " + count(f.apiMinimum()));
      h.check(
          "simulator serves ≥ 3× what the connector consumes (" + f.target().label + ")",
          f.simulatorHeadroom() >= 3,
          num(f.simulatorHeadroom(), 1) + "×");
    }
    for (PullTarget t : targets)
      s.note("API minimum, " + t.label + ": " + t.minimumFormula() + ".");
    s.note(
        "Pre-rendered simulator: each target's connector and floor first make one warm-up pass against the live "
            + "simulator (checked: every record delivered), recorded by a caching server in front of it; the measured runs "
            + "are served that recording byte for byte, because the simulators generate every record on demand and are "
            + "slower than the clients (column 'live simulator MB/s': the live simulator's data pages during the floor's "
            + "warm-up pass, server-side generation included).");
    for (Figures f : all) {
      s.note(
          f.target().label
              + ": fields per record: connector "
              + count(f.fieldsPerRecord())
              + ", floor "
              + count(f.floorFieldsPerRecord())
              + "; warm-up pull "
              + f.warmUpStatus()
              + ".");
    }
    s.note(
        "MB/s is response-body megabytes (10^6 bytes) per second; the connector's figure uses the body bytes the "
            + "floor counted for the same pages. Calls are counted by the simulator (every request, token included).");
    s.note(
        "Compression: none. The recording server fetches with gzip and stores the decoded body, and the replay "
            + "answers without Content-Encoding, so these figures are parsing without decompression; real systems (and the "
            + "live simulators) gzip when asked, which adds inflate CPU to connector and floor alike.");
    for (Figures f : all) {
      if (f.waitSkippedSeconds() > 0) {
        s.note(
            f.target().label
                + ": "
                + num(f.waitSkippedSeconds(), 1)
                + " s of job-polling waits were skipped (the "
                + "connector's clock advances instead of sleeping), so the figure is the connector's own cost; against a real "
                + "org the job's preparation time adds to it whatever the client.");
      }
    }
    if (all.stream().anyMatch(f -> f.cli() != null)) cliSection(h, all);
    return all;
  }

  /** Scenario 1b: what a user runs, against the library path of the same run. */
  private static void cliSection(Harness h, List<Figures> all) throws java.io.IOException {
    Report.Section s =
        h.report
            .section("1b. `revsync sync` end to end, against the library path")
            .text(
                "In the same run and against the same recording as the connector rows above, `revsync sync --full "
                    + "--no-progress` of the same object pulls the same N to JSON Lines on tmpfs: the whole process timed from "
                    + "its start to its exit (JVM start, login, discovery, pull, file written, fsync per checkpoint), with the "
                    + "launcher's JVM flags `"
                    + String.join(" ", CliRun.launcherFlags())
                    + "` and its class-data archive (written by an unmeasured first run of the same sync, as the "
                    + "launcher's first run of a command writes it). Library: the connector's "
                    + "`sync` into a counting sink, its first pass in a fresh JVM (section 1's cold figures, as the "
                    + "CLI's is a fresh JVM's first pull). Both skip the job-polling waits (the clock moves instead of "
                    + "sleeping; the CLI runs through a launcher that gives it that clock, column 'waits skipped'), so both "
                    + "figures are the client's own time. CPU is the fairer figure on a loaded machine. Medians of "
                    + h.sizes.runs()
                    + " runs; CLI ÷ library is the median of each run's CLI against the same run's library pull, the "
                    + "ratio of the two medians beside it.")
            .columns(
                "pull",
                "N",
                "CLI records/s",
                "library records/s",
                "CLI ÷ library",
                "ratio of medians",
                "CLI wall s",
                "waits skipped s",
                "CLI CPU s",
                "library CPU s",
                "CLI CPU µs/record",
                "library CPU µs/record",
                "library CPU ÷ CLI CPU",
                "CLI peak RSS (MiB)",
                "JSON Lines MB");
    for (Figures f : all) {
      Cli c = f.cli();
      if (c == null) continue;
      double ratio = c.libraryRatio();
      s.row(
          f.target().label,
          count(f.n()),
          count(c.recordsPerSecond()),
          count(f.coldRecordsPerSecond()),
          "**" + num(ratio, 2) + "**",
          num(c.libraryRatioOfMedians(), 2),
          num(c.seconds(), 1),
          num(c.waitSkippedSeconds(), 1),
          num(c.cpuSeconds(), 1),
          num(f.coldCpuSeconds(), 1),
          num(c.cpuSeconds() / c.records() * 1e6, 1),
          num(f.coldCpuSeconds() / f.records() * 1e6, 1),
          num(f.coldCpuSeconds() / c.cpuSeconds(), 2),
          num(c.rssMiB(), 0),
          num(c.bytes() / 1e6, 0));
      h.sanity(
          "CLI records = N (" + f.target().label + ")",
          c.records() == f.n(),
          count(c.records()) + " of " + count(f.n()) + ", status " + c.status());
      // The target names the three pulls users had measured; the others are reported.
      if (CLI_TARGETS.contains(f.target()))
        h.check(
            "CLI end to end ≥ 0.75 of the library path (" + f.target().label + ")",
            ratio >= 0.75,
            num(ratio, 2));
    }
    s.note(
        "CLI CPU s is user + system time of the whole process (/usr/bin/time), JVM start and JIT included; the "
            + "library's is the pull's JVM over the sync call only. Peak RSS is the CLI process's maximum resident size.");
  }

  /**
   * Scenario 3: the connector's pull straight from the live simulator (no recording: heap does not
   * depend on the server's speed) at each memory size, one run each; peak heap must not grow with
   * N.
   */
  static void memory(Harness h, List<PullTarget> targets) throws Exception {
    List<Long> sizes = h.sizes.memoryRecords();
    Report.Section s =
        h.report
            .section("3. Memory: the same pull at " + sizes.stream().map(Report::count).toList())
            .text(
                "The connector's pull alone, straight from the live simulator, in a fresh -Xmx256m JVM; one run per size "
                    + "(a peak, not a rate). Peak heap after GC is the largest heap in use right after any collection (GC "
                    + "notifications: live data plus garbage the collector had not reclaimed yet); peak live heap the largest "
                    + "after a full collection (including one forced at the end). Salesforce REST is left out: the connector "
                    + "itself moves pulls of more than 20,000 records to Bulk API 2.0.")
            .columns(
                "pull",
                "N",
                "records/s",
                "calls",
                "API min",
                "peak heap after GC (MiB)",
                "peak live heap (MiB)",
                "growth vs smallest N");
    for (PullTarget t : targets) {
      Result smallest = null;
      for (long n : sizes) {
        Result r;
        double calls;
        try (Simulator sim = Simulators.start(t.system, t.simObject, n, h.seed)) {
          Harness.log(t.label + " N=" + n + ": memory run");
          r = h.runner.run(pullSpec(t, sim.connectionSettings()));
          calls = sim.requestLog().count();
        } catch (Exception | AssertionError e) {
          e.printStackTrace();
          h.sanity(
              "memory pull measured (" + t.label + ", N=" + count(n) + ")",
              false,
              String.valueOf(e));
          break;
        }
        if (smallest == null) smallest = r;
        double peak = r.get("heapPeakAfterGcMiB");
        double growth = peak / smallest.get("heapPeakAfterGcMiB") - 1;
        s.row(
            t.label,
            count(n),
            count(r.get("records") / r.get("seconds")),
            count(calls),
            count(t.apiMinimum(n)),
            num(peak, 1),
            num(r.get("heapPeakLiveMiB"), 1),
            r == smallest ? "–" : num(growth * 100, 1) + " %");
        h.sanity(
            "records = N (" + t.label + ", memory run)",
            r.get("records") == n,
            count(r.get("records"))
                + " of "
                + count(n)
                + ", status "
                + r.text("status")
                + (r.has("failure") ? ", " + r.text("failure") : ""));
        if (r != smallest) {
          h.check(
              "peak heap at "
                  + count(n)
                  + " within 10% of "
                  + count(sizes.get(0))
                  + " ("
                  + t.label
                  + ")",
              growth <= 0.10,
              num(growth * 100, 1) + " %");
        }
        h.check(
            "peak heap under 256 MiB (" + t.label + ", N=" + count(n) + ")",
            peak < 256,
            num(peak, 1) + " MiB");
      }
    }
  }
}
