package dev.revsync.cli;

import dev.revsync.Activity;
import dev.revsync.ApiStyle;
import dev.revsync.Checkpoint;
import dev.revsync.ConfigurationException;
import dev.revsync.Connector;
import dev.revsync.SyncMode;
import dev.revsync.SyncRequest;
import dev.revsync.SyncResult;
import dev.revsync.Usage;
import java.io.IOException;
import java.io.PrintWriter;
import java.io.UncheckedIOException;
import java.nio.file.Path;
import java.util.List;
import me.tongfei.progressbar.DelegatingProgressBarConsumer;
import me.tongfei.progressbar.ProgressBar;
import me.tongfei.progressbar.ProgressBarBuilder;
import me.tongfei.progressbar.ProgressBarStyle;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParentCommand;
import picocli.CommandLine.Spec;

/**
 * Pulls objects into JSON Lines files with a checkpoint beside each; run again, it resumes from
 * the checkpoint (incrementally once a pull completed). Exits with {@link RevsyncCli#EXIT_FAILED}
 * when a pull FAILED (a budget or window stop is a normal outcome, exit 0).
 */
@Command(name = "sync", description = "Pull objects into JSON Lines; resumes from the checkpoint when run again.")
final class SyncCommand implements java.util.concurrent.Callable<Integer> {
  /** The sync option that forces an API style ({@code SyncRequest#option}), as connectors with several read it. */
  static final String STYLE_OPTION = "style";

  @Spec CommandSpec spec;
  @ParentCommand RevsyncCli cli;
  @Mixin ConnectionOption connection;

  @Option(names = "--object", description = "An object to pull (repeatable; default: the file's objects=).")
  List<String> objects;

  @Option(names = "--out", defaultValue = "revsync-out", description = "Directory for <object>.jsonl and <object>.checkpoint.")
  Path out;

  @Option(names = "--full", description = "Ignore the checkpoint and pull everything.")
  boolean full;

  @Option(names = "--no-progress", description = "No progress bar.")
  boolean noProgress;

  @Option(names = "--style", paramLabel = "STYLE",
      description = "The API style to pull with, among those the connector offers (`revsync systems`): REST or BATCH "
          + "for Salesforce (default: the connector chooses by size).")
  ApiStyle style;

  @Option(names = "--fields", split = ",", paramLabel = "NAME[,NAME...]",
      description = "The fields to pull (default: every readable field); the id and cursor fields always come.")
  List<String> fields;

  @Override
  public Integer call() {
    ConnectionFile file = connection.load(cli);
    checkStyle(file);
    List<String> toPull = objects != null && !objects.isEmpty() ? objects : file.objects;
    if (toPull.isEmpty()) {
      throw new ConfigurationException("revsync", "sync", "no object to pull",
          "Pass --object NAME or add objects=A,B to " + file.path, null);
    }
    PrintWriter o = spec.commandLine().getOut();
    PrintWriter err = spec.commandLine().getErr();
    boolean anyStopped = false;
    boolean anyFailed = false;
    try (Connector c = file.provider.open(file.config)) {
      for (String object : toPull) {
        SyncResult r = pull(c, object, err);
        o.println(object + ": " + r.status() + ", " + r.records() + " records (" + r.deletes() + " deletes), "
            + r.callsSpent() + " calls" + (r.backlogRecords().isPresent() ? ", backlog ~" + r.backlogRecords().getAsLong() : "")
            + (r.failure() != null ? " — " + r.failure().getMessage() : ""));
        o.flush();
        anyStopped |= r.status() != SyncResult.Status.COMPLETED;
        anyFailed |= r.status() == SyncResult.Status.FAILED;
      }
      Usage u = c.usage();
      o.println("calls today: " + u.spent() + (u.dailyLimit() == Long.MAX_VALUE ? "" : " of " + u.dailyLimit())
          + (anyStopped ? "; run again to resume from the checkpoints in " + out : ""));
      o.flush();
    }
    return anyFailed ? RevsyncCli.EXIT_FAILED : 0;
  }

  /** Refuses a style the connector does not pull with, naming those it does. */
  private void checkStyle(ConnectionFile file) {
    if (style == null) return;
    List<ApiStyle> offered = file.provider.descriptor().apiStyles(Activity.SYNC);
    if (!offered.contains(style)) {
      throw new ConfigurationException("revsync", "sync", "--style " + style + ": " + file.connectorId()
          + " pulls with " + offered + " only", "Pass --style with one of " + offered + ", or leave it out", null);
    }
  }

  private SyncResult pull(Connector c, String object, PrintWriter err) {
    try {
      Checkpoint from = full ? Checkpoint.EMPTY : JsonLinesSink.stored(out, object);
      if (full) java.nio.file.Files.deleteIfExists(out.resolve(object + ".checkpoint"));
      ProgressBar bar = noProgress ? null : new ProgressBarBuilder()
          .setTaskName(object)
          .setInitialMax(-1)
          .setUnit(" records", 1)
          .showSpeed()
          .setStyle(ProgressBarStyle.ASCII)
          .setUpdateIntervalMillis(250)
          .setConsumer(new DelegatingProgressBarConsumer(line -> {
            err.print('\r' + line);
            err.flush();
          }))
          .build();
      try (JsonLinesSink sink = JsonLinesSink.open(out, object, () -> {
        if (bar != null) {
          bar.step();
          if (bar.getCurrent() % 1000 == 0) {
            Usage u = c.usage();
            bar.setExtraMessage("calls " + u.spent() + (u.dailyLimit() == Long.MAX_VALUE ? "" : "/" + u.dailyLimit()));
          }
        }
      })) {
        SyncRequest.Builder request = SyncRequest.builder(object)
            .mode(full ? SyncMode.FULL : SyncMode.INCREMENTAL)
            .checkpoint(from);
        if (fields != null && !fields.isEmpty()) request.fields(fields.stream().map(String::trim).toList());
        if (style != null) request.option(STYLE_OPTION, style.name());
        SyncResult result = c.sync(request.build(), sink);
        sink.finish(result);
        return result;
      } finally {
        if (bar != null) {
          bar.close();
          err.println();
          err.flush();
        }
      }
    } catch (IOException e) {
      throw new UncheckedIOException("cannot write to " + out, e);
    }
  }
}
