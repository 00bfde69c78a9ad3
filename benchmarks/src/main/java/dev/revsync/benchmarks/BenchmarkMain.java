package dev.revsync.benchmarks;

import java.lang.management.ManagementFactory;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Set;

/**
 * Runs the benchmarks and writes BENCHMARKS.md. {@code benchmarks/run.sh} calls it; see {@link
 * #USAGE}. The simulators run in this JVM; every measured job runs in a fresh {@code -Xmx256m} JVM
 * (the pipeline's many-tenant job in a {@code -Xmx1g} one).
 */
public final class BenchmarkMain {
  static final String USAGE =
      """
      usage: BenchmarkMain [--quick | --smoke] [--runs N] [--pull-n N] [--only s1,s2,...] [--targets t1,...]
                           [--out BENCHMARKS.md] [--in-process] [--jfr DIR] [--no-cli]
        scenarios: throughput, memory, idle, writes, tenants, night, micro, profile, marketo (default: all)
        targets:   salesforce_rest, salesforce_bulk, eloqua_bulk, dynamics_rest, hubspot_list, pardot_rest (pulls; default: all)
        --quick       smaller sizes (see BENCHMARKS.md for which)
        --smoke       tiny sizes, everything in one JVM: checks the harness, measures nothing
        --pull-n N    records per throughput pull (default 500,000 full, 100,000 quick)
        --in-process  run jobs in this JVM instead of forking (heap figures then include the simulators)
        --jfr DIR     record each measured pull's JVM (connector, floor, CLI) with JFR into DIR
        --no-cli      leave out the throughput scenario's revsync sync runs (a quicker look at the pulls)
      """;
  static final List<String> SCENARIOS =
      List.of("throughput", "memory", "writes", "tenants", "night", "micro", "profile", "marketo");

  /** Set by {@code --no-cli}: the throughput scenario runs no {@code revsync sync}. */
  static final String NO_CLI = "revsync.bench.noCli";

  private BenchmarkMain() {}

  public static void main(String[] args) throws Exception {
    Harness.Sizes sizes = Harness.Sizes.full();
    Set<String> only = new LinkedHashSet<>(SCENARIOS);
    Path out = Path.of("BENCHMARKS.md");
    boolean inProcess = false;
    Integer runs = null;
    Long pullRecords = null;
    List<PullTarget> targets = List.of(PullTarget.values());
    for (int i = 0; i < args.length; i++) {
      switch (args[i]) {
        case "--quick" -> sizes = Harness.Sizes.quick();
        case "--smoke" -> {
          sizes = Harness.Sizes.smoke();
          inProcess = true;
        }
        case "--in-process" -> inProcess = true;
        case "--runs" -> runs = Integer.parseInt(args[++i]);
        case "--pull-n" -> pullRecords = Long.parseLong(args[++i]);
        case "--only" ->
            only =
                new LinkedHashSet<>(Arrays.asList(args[++i].toLowerCase(Locale.ROOT).split(",")));
        case "--out" -> out = Path.of(args[++i]);
        case "--jfr" -> {
          // Made here: a JVM asked to record into a missing directory does not start.
          Files.createDirectories(Path.of(args[++i]));
          System.setProperty(Profiles.RECORDINGS, args[i]);
        }
        case "--no-cli" -> System.setProperty(NO_CLI, "true");
        case "--targets" ->
            targets =
                Arrays.stream(args[++i].split(","))
                    .map(name -> PullTarget.valueOf(name.trim().toUpperCase(Locale.ROOT)))
                    .toList();
        case "-h", "--help" -> {
          System.out.print(USAGE);
          return;
        }
        default -> {
          System.err.print("unknown argument " + args[i] + "\n" + USAGE);
          System.exit(2);
        }
      }
    }
    if (runs != null || pullRecords != null) {
      Harness.Sizes s = sizes;
      sizes =
          new Harness.Sizes(
              s.mode(),
              runs != null ? runs : s.runs(),
              pullRecords != null ? pullRecords : s.pullRecords(),
              s.memoryRecords(),
              s.writeRecords(),
              s.tenants(),
              s.tenantRecords(),
              s.latencyMillis(),
              s.pipelineConcurrency());
    }
    String command = "benchmarks/run.sh" + (args.length == 0 ? "" : " " + String.join(" ", args));
    Harness h = run(sizes, only, targets, inProcess, command, out);
    long missed = h.checks.stream().filter(c -> !c.met()).count();
    System.out.println(
        "[bench] wrote "
            + out.toAbsolutePath()
            + " ("
            + h.checks.size()
            + " targets checked, "
            + missed
            + " missed)");
    System.exit(0);
  }

  /**
   * Runs the scenarios in {@code only} and writes the report to {@code out} after each; returns the
   * harness with its checks.
   */
  static Harness run(
      Harness.Sizes sizes,
      Set<String> only,
      List<PullTarget> targets,
      boolean inProcess,
      String command,
      Path out)
      throws Exception {
    ForkedRunner forked = new ForkedRunner("256m", List.of(), 3600);
    JobRunner runner = inProcess ? JobRunner.IN_PROCESS : forked;
    Report report = new Report();
    Harness h = new Harness(runner, sizes, report);
    h.cli = !inProcess && !Boolean.getBoolean(NO_CLI);
    header(report, sizes, command, inProcess ? "in-process (this JVM)" : forked.describe());
    long started = System.nanoTime();
    for (String scenario : only) {
      long t0 = System.nanoTime();
      try {
        switch (scenario) {
          case "throughput" -> PullBenchmarks.throughput(h, targets);
          case "memory" ->
              PullBenchmarks.memory(
                  h, targets.stream().filter(t -> t != PullTarget.SALESFORCE_REST).toList());
          case "idle" -> IdleConnections.benchmark(h);
          case "writes" -> Writes.benchmark(h);
          case "tenants" ->
              Tenants.benchmark(
                  h, inProcess ? JobRunner.IN_PROCESS : new ForkedRunner("1g", List.of(), 3600));
          case "night" ->
              Night.benchmark(
                  h, inProcess ? JobRunner.IN_PROCESS : new ForkedRunner("1g", List.of(), 3600));
          case "micro" -> MicroBenchmarks.run(h);
          case "marketo" -> MarketoBenchmarks.run(h);
          case "profile" -> {
            if (!inProcess) Profiles.run(h, forked, targets);
          }
          default ->
              throw new IllegalArgumentException(
                  "unknown scenario " + scenario + "; known: " + SCENARIOS);
        }
      } catch (Exception | AssertionError e) {
        e.printStackTrace();
        report
            .section("Scenario '" + scenario + "' failed")
            .text("Not measured: " + Harness.oneLine(String.valueOf(e)));
        h.sanity("scenario " + scenario + " ran", false, String.valueOf(e));
      }
      Harness.log(scenario + " took " + Math.round((System.nanoTime() - t0) / 1e9) + " s");
      write(h, out, started);
    }
    return h;
  }

  private static void header(Report report, Harness.Sizes sizes, String command, String jobJvm) {
    Runtime rt = Runtime.getRuntime();
    report
        .header("# revsync benchmarks")
        .header("")
        .header(
            "Written by `benchmarks/run.sh` (module `benchmarks`); do not edit by hand — rerun it.")
        .header("")
        .header("- **Date:** " + Instant.now().truncatedTo(ChronoUnit.SECONDS))
        .header(
            "- **Machine:** "
                + rt.availableProcessors()
                + " cores, "
                + System.getProperty("os.name")
                + " "
                + System.getProperty("os.arch")
                + ", load average at start "
                + loadAverage()
                + " (shared with other jobs: absolute figures are noisy, ratios less so)")
        .header(
            "- **JDK:** "
                + System.getProperty("java.vm.name")
                + " "
                + System.getProperty("java.runtime.version"))
        .header(
            "- **Command:** `"
                + command
                + "` — mode **"
                + sizes.mode()
                + "**, medians of "
                + sizes.runs()
                + " runs")
        .header("- **Measured JVMs:** `" + jobJvm + "`; simulators run in the harness JVM")
        .header(
            "- **Sizes:** pull N = "
                + Report.count(sizes.pullRecords())
                + "; memory N = "
                + sizes.memoryRecords().stream().map(Report::count).toList()
                + "; writes N = "
                + Report.count(sizes.writeRecords())
                + "; tenants = "
                + Report.count(sizes.tenants())
                + " × "
                + Report.count(sizes.tenantRecords())
                + " records, "
                + sizes.latencyMillis()
                + " ms per call");
    report
        .section("How it measures")
        .note(
            "The harness JVM runs the simulators on 127.0.0.1; each measured pull, write or pipeline day runs in a "
                + "fresh JVM, so the heap figure holds the connector and nothing else. The child times only the call a host "
                + "waits for (`Connector.sync`, `Connector.write`, `DailyPipeline.runDay`), not JVM start-up.")
        .note(
            "Peak heap after GC: the largest heap in use right after any collection, from "
                + "`GarbageCollectionNotificationInfo`, plus a full collection forced at the end.")
        .note(
            "Calls are counted by the server side (every request, token and polling included). The API minimum "
                + "counts data calls only (pages, chunks, job create/poll), so 'over min' is the connector's overhead.")
        .note(
            "The floor is the same requests with bare OkHttp, bodies through the same streaming parser into nothing; "
                + "connector ÷ floor is the figure of merit (records/s over records/s).")
        .note(
            "Throughput, memory and write runs: waits the connector would sleep (Bulk job polling intervals, retry "
                + "backoff) are skipped by a clock that advances instead of sleeping, and reported; the simulators finish "
                + "jobs at once. The tenants and night scenarios skip nothing: they run on a clock scaled to a multiple of "
                + "real time (ScaledClock), and every wait, latency and job preparation takes its scaled share.")
        .note(
            "The machine is shared: compare ratios and CPU seconds rather than absolute rates across runs.");
  }

  private static void write(Harness h, Path out, long started) throws Exception {
    StringBuilder b = new StringBuilder(h.report.markdown());
    b.append("\n## Targets\n\n");
    List<String> lines = new ArrayList<>();
    for (Harness.Check c : h.checks) {
      String verdict =
          c.sanity() ? (c.met() ? "ok" : "**FAILED**") : (c.met() ? "met" : "**missed**");
      lines.add("- " + verdict + " — " + c.target() + ": " + c.detail());
    }
    b.append(String.join("\n", lines))
        .append("\n\nTotal run time: ")
        .append(Math.round((System.nanoTime() - started) / 1e9))
        .append(" s; load average at the end ")
        .append(loadAverage())
        .append(".\n");
    Files.writeString(out, b.toString(), StandardCharsets.UTF_8);
  }

  static String loadAverage() {
    double load = ManagementFactory.getOperatingSystemMXBean().getSystemLoadAverage();
    return load < 0 ? "n/a" : String.format(Locale.ROOT, "%.2f", load);
  }
}
