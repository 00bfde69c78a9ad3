package dev.revsync.cli;

import dev.revsync.ConfigurationException;
import dev.revsync.QuotaPolicy;
import dev.revsync.SyncResult;
import dev.revsync.internal.http.UrlPolicy;
import dev.revsync.pipeline.CheckpointStore;
import dev.revsync.pipeline.DailyPipeline;
import dev.revsync.pipeline.DailyReport;
import dev.revsync.pipeline.PipelineConnection;
import dev.revsync.pipeline.PipelineListener;
import dev.revsync.pipeline.PullWindow;
import dev.revsync.simulators.SimulatedClock;
import java.io.IOException;
import java.io.PrintWriter;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParentCommand;
import picocli.CommandLine.Spec;

/**
 * Runs today's pulls for many connections inside the pull window (00:00–02:00 UTC) and prints the
 * daily report. The connections file lists {@code <tenant> <connection file>} per line; objects
 * come from each connection file's {@code objects=}. Records go to {@code
 * <out>/<tenant>/<object>.jsonl}; checkpoints, the day's budget counts and write backlog live in
 * {@code --state}. Outside the window it refuses, waits ({@code --wait}, saying when it will
 * start), or — for sandbox connections only — runs a night now on a simulated clock ({@code
 * --simulate-night}).
 */
@Command(
    name = "pipeline",
    description = "Run the daily pipeline for many connections and print the report.")
final class PipelineCommand implements java.util.concurrent.Callable<Integer> {
  @Spec CommandSpec spec;
  @ParentCommand RevsyncCli cli;

  @Option(
      names = "--connections",
      required = true,
      paramLabel = "FILE",
      description = "Lines of '<tenant> <connection file>' (paths relative to this file).")
  Path connections;

  @Option(
      names = "--state",
      defaultValue = "revsync-state",
      description = "Checkpoint store directory.")
  Path state;

  @Option(
      names = "--out",
      defaultValue = "revsync-out",
      description = "Where records go, per tenant and object.")
  Path out;

  @Option(names = "--concurrency", defaultValue = "8", description = "Connections pulled at once.")
  int concurrency;

  @Option(
      names = "--html",
      paramLabel = "FILE",
      description = "Also write the report as a self-contained HTML page.")
  Path html;

  @Option(
      names = "--wait",
      description = "If the window is closed, wait for it to open instead of failing.")
  boolean await;

  @Option(
      names = "--simulate-night",
      description =
          "Sandbox connections only (every baseUrl on 127.0.0.1): run "
              + "tonight's window now on a simulated clock instead of waiting for 00:00 UTC.")
  boolean simulateNight;

  @Override
  public Integer call() {
    PrintWriter o = spec.commandLine().getOut();
    LocalDate today = QuotaPolicy.dayOf(cli.clock.instant());
    // A sandbox night runs on a clock of its own that starts when today's window opens and moves
    // only when revsync waits; the day's budget is still counted against today.
    Clock clock = simulateNight ? new SimulatedClock(PullWindow.daily().opensAt(today)) : cli.clock;
    try (CheckpointStore store = CheckpointStore.files(state)) {
      List<PipelineConnection> list = read(store, clock);
      if (simulateNight) requireSandbox(list);
      CompletableFuture<DailyReport> firstDay = new CompletableFuture<>();
      DailyPipeline.Builder b =
          DailyPipeline.builder()
              .store(store)
              .clock(clock)
              .concurrency(concurrency)
              .sinks((connection, object) -> openSink(connection, object))
              .connections(list)
              .listener(
                  new ProgressLines(o) {
                    @Override
                    public void dayFinished(DailyReport report) {
                      firstDay.complete(report);
                    }
                  });
      try (DailyPipeline pipeline = b.build()) {
        PullWindow window = pipeline.window();
        DailyReport report;
        Instant now = clock.instant();
        if (window.contains(now)) {
          if (simulateNight)
            o.println(
                "simulated night: today's window "
                    + window.opens()
                    + "–"
                    + window.closes()
                    + " UTC runs now on a simulated clock (sandbox connections only)");
          report = pipeline.runDay(today);
        } else if (await) {
          Instant opens = window.nextOpening(now);
          o.println(
              "waiting for the pull window to open at "
                  + opens
                  + " (in "
                  + human(Duration.between(now, opens))
                  + "); pulls start then and their progress prints here. Sandbox connections can run a night now"
                  + " with --simulate-night");
          o.flush();
          pipeline.start();
          report = firstDay.get();
        } else {
          throw new ConfigurationException(
              "revsync",
              "pipeline",
              "the pull window "
                  + window.opens()
                  + "–"
                  + window.closes()
                  + " UTC is closed now ("
                  + now
                  + "); pulls run once a day inside it",
              "Run it inside the window, schedule it for "
                  + window.opens()
                  + " UTC, pass --wait, or, for sandbox"
                  + " connections, --simulate-night",
              null);
        }
        o.print(report.render());
        if (html != null) HtmlReport.write(html, report, o);
        o.flush();
        return exitStatus(report);
      }
    } catch (Exception e) {
      if (e instanceof RuntimeException r) throw r;
      throw new IllegalStateException(e);
    }
  }

  /** FAILED anywhere is a failure; a backlog left for tomorrow is partial. */
  static int exitStatus(DailyReport report) {
    boolean failed =
        report.connections().stream()
            .anyMatch(
                c ->
                    c.objects().stream().anyMatch(r -> r.status() == SyncResult.Status.FAILED)
                        || c.writes().failure() != null);
    if (failed) return RevsyncCli.EXIT_FAILED;
    return report.hasBacklog() ? RevsyncCli.EXIT_PARTIAL : RevsyncCli.EXIT_OK;
  }

  /**
   * Production connections keep the window: only simulators on this machine may get a simulated
   * night.
   */
  private static void requireSandbox(List<PipelineConnection> list) {
    List<String> remote =
        list.stream()
            .filter(
                c -> c.config().baseUrl().map(u -> !UrlPolicy.isLoopback(hostOf(u))).orElse(true))
            .map(
                c ->
                    c.tenant()
                        + " "
                        + c.connector()
                        + " ("
                        + c.config().baseUrl().orElse("its production URL")
                        + ")")
            .toList();
    if (!remote.isEmpty()) {
      throw new ConfigurationException(
          "revsync",
          "pipeline --simulate-night",
          "only sandbox connections (a baseUrl"
              + " on 127.0.0.1) may run outside the pull window, and these are not: "
              + String.join(", ", remote),
          "Drop --simulate-night and run inside the window (or with --wait), or list only 'revsync sandbox'"
              + " connections",
          null);
    }
  }

  private static String hostOf(String url) {
    try {
      String host = java.net.URI.create(url).getHost();
      return host == null ? "" : host;
    } catch (IllegalArgumentException e) {
      return "";
    }
  }

  static String human(Duration d) {
    long minutes = Math.max(0, (d.toSeconds() + 59) / 60);
    return minutes >= 60 ? minutes / 60 + " h " + minutes % 60 + " min" : minutes + " min";
  }

  /**
   * One line per pull started and finished, so a long wait shows when work begins and how it goes.
   */
  private static class ProgressLines implements PipelineListener {
    private final PrintWriter o;

    ProgressLines(PrintWriter o) {
      this.o = o;
    }

    @Override
    public void dayStarted(LocalDate day, List<PipelineConnection> order) {
      line("day " + day + ": the window is open; pulling " + order.size() + " connection(s)");
    }

    @Override
    public void syncFinished(PipelineConnection connection, DailyReport.ObjectReport report) {
      line(
          connection.tenant()
              + " "
              + connection.connector()
              + " "
              + report.object()
              + ": "
              + report.status()
              + ", "
              + report.records()
              + " records, "
              + report.calls()
              + " calls");
    }

    private void line(String text) {
      synchronized (o) {
        o.println(text);
        o.flush();
      }
    }
  }

  private JsonLinesSink openSink(PipelineConnection connection, String object) {
    try {
      return JsonLinesSink.open(out.resolve(connection.tenant()), object, () -> {});
    } catch (IOException e) {
      throw new UncheckedIOException(
          "cannot open " + out.resolve(connection.tenant()).resolve(object + ".jsonl"), e);
    }
  }

  /**
   * The connections the file lists, on {@code clock}; package-private so {@code revsync console}
   * reads them alike.
   */
  List<PipelineConnection> read(CheckpointStore store, Clock clock) {
    List<String> lines;
    try {
      lines = Files.readAllLines(connections, StandardCharsets.UTF_8);
    } catch (IOException e) {
      throw new ConfigurationException(
          "revsync",
          "pipeline --connections " + connections,
          "cannot read it (" + e.getMessage() + ")",
          "Check the path",
          e);
    }
    List<PipelineConnection> list = new ArrayList<>();
    Path dir = connections.toAbsolutePath().getParent();
    int n = 0;
    for (String line : lines) {
      n++;
      String t = line.strip();
      if (t.isEmpty() || t.startsWith("#")) continue;
      String[] parts = t.split("\\s+", 2);
      if (parts.length < 2) {
        throw new ConfigurationException(
            "revsync",
            "pipeline --connections " + connections,
            "line " + n + " must be '<tenant> <connection file>'",
            "Fix the line",
            null);
      }
      ConnectionFile file =
          ConnectionFile.load(dir.resolve(parts[1]), cli.env, clock, store.quotaLedger(), state);
      if (file.objects.isEmpty()) {
        throw new ConfigurationException(
            "revsync",
            "connection file " + file.path,
            "no objects= to pull",
            "Add objects=A,B",
            null);
      }
      list.add(
          PipelineConnection.builder(parts[0], file.provider, file.config)
              .objects(file.objects)
              .build());
    }
    if (list.isEmpty()) {
      throw new ConfigurationException(
          "revsync",
          "pipeline --connections " + connections,
          "no connections listed",
          "Add lines of '<tenant> <connection file>'",
          null);
    }
    return list;
  }
}
