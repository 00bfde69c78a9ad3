package dev.revsync.cli;

import dev.revsync.ConfigurationException;
import dev.revsync.QuotaPolicy;
import dev.revsync.pipeline.CheckpointStore;
import dev.revsync.pipeline.DailyPipeline;
import dev.revsync.pipeline.DailyReport;
import dev.revsync.pipeline.PipelineConnection;
import dev.revsync.pipeline.PipelineListener;
import dev.revsync.pipeline.PullWindow;
import java.io.IOException;
import java.io.PrintWriter;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
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
 * come from each connection file's {@code objects=}. Records go to {@code <out>/<tenant>/<object>.jsonl};
 * checkpoints, the day's budget counts and write backlog live in {@code --state}.
 */
@Command(name = "pipeline", description = "Run the daily pipeline for many connections and print the report.")
final class PipelineCommand implements Runnable {
  @Spec CommandSpec spec;
  @ParentCommand RevsyncCli cli;

  @Option(names = "--connections", required = true, paramLabel = "FILE",
      description = "Lines of '<tenant> <connection file>' (paths relative to this file).")
  Path connections;

  @Option(names = "--state", defaultValue = "revsync-state", description = "Checkpoint store directory.")
  Path state;

  @Option(names = "--out", defaultValue = "revsync-out", description = "Where records go, per tenant and object.")
  Path out;

  @Option(names = "--concurrency", defaultValue = "8", description = "Connections pulled at once.")
  int concurrency;

  @Option(names = "--html", paramLabel = "FILE", description = "Also write the report as a self-contained HTML page.")
  Path html;

  @Option(names = "--wait", description = "If the window is closed, wait for it to open instead of failing.")
  boolean await;

  @Override
  public void run() {
    PrintWriter o = spec.commandLine().getOut();
    try (CheckpointStore store = CheckpointStore.files(state)) {
      List<PipelineConnection> list = read(store);
      CompletableFuture<DailyReport> firstDay = new CompletableFuture<>();
      DailyPipeline.Builder b = DailyPipeline.builder()
          .store(store)
          .clock(cli.clock)
          .concurrency(concurrency)
          .sinks((connection, object) -> openSink(connection, object))
          .connections(list)
          .listener(new PipelineListener() {
            @Override
            public void dayFinished(DailyReport report) {
              firstDay.complete(report);
            }
          });
      try (DailyPipeline pipeline = b.build()) {
        PullWindow window = pipeline.window();
        LocalDate today = QuotaPolicy.dayOf(cli.clock.instant());
        DailyReport report;
        if (window.contains(cli.clock.instant())) {
          report = pipeline.runDay(today);
        } else if (await) {
          o.println("waiting for the pull window to open at " + window.nextOpening(cli.clock.instant()));
          o.flush();
          pipeline.start();
          report = firstDay.get();
        } else {
          throw new ConfigurationException("revsync", "pipeline", "the pull window " + window.opens() + "–"
              + window.closes() + " UTC is closed now (" + cli.clock.instant() + "); pulls run once a day inside it",
              "Run it inside the window, schedule it for " + window.opens() + " UTC, or pass --wait", null);
        }
        o.print(report.render());
        if (html != null) HtmlReport.write(html, report, o);
        o.flush();
      }
    } catch (Exception e) {
      if (e instanceof RuntimeException r) throw r;
      throw new IllegalStateException(e);
    }
  }

  private JsonLinesSink openSink(PipelineConnection connection, String object) {
    try {
      return JsonLinesSink.open(out.resolve(connection.tenant()), object, () -> {});
    } catch (IOException e) {
      throw new UncheckedIOException("cannot open " + out.resolve(connection.tenant()).resolve(object + ".jsonl"), e);
    }
  }

  /** The connections the file lists; package-private so {@code revsync console} reads them alike. */
  List<PipelineConnection> read(CheckpointStore store) {
    List<String> lines;
    try {
      lines = Files.readAllLines(connections, StandardCharsets.UTF_8);
    } catch (IOException e) {
      throw new ConfigurationException("revsync", "pipeline --connections " + connections,
          "cannot read it (" + e.getMessage() + ")", "Check the path", e);
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
        throw new ConfigurationException("revsync", "pipeline --connections " + connections,
            "line " + n + " must be '<tenant> <connection file>'", "Fix the line", null);
      }
      ConnectionFile file = ConnectionFile.load(dir.resolve(parts[1]), cli.env, cli.clock, store.quotaLedger());
      if (file.objects.isEmpty()) {
        throw new ConfigurationException("revsync", "connection file " + file.path, "no objects= to pull",
            "Add objects=A,B", null);
      }
      list.add(PipelineConnection.builder(parts[0], file.provider, file.config).objects(file.objects).build());
    }
    if (list.isEmpty()) {
      throw new ConfigurationException("revsync", "pipeline --connections " + connections, "no connections listed",
          "Add lines of '<tenant> <connection file>'", null);
    }
    return list;
  }
}
