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
 * Pulls objects into JSON Lines files with a checkpoint beside each; run again, it resumes from the
 * checkpoint (incrementally once a pull completed). Exits with {@link RevsyncCli#EXIT_FAILED} when
 * a pull FAILED, {@link RevsyncCli#EXIT_PARTIAL} when a budget or the window stopped one (run again
 * to resume). Progress goes to stderr: a redrawn bar on a terminal, a plain line every {@link
 * #PLAIN_PROGRESS_EVERY} otherwise, so logs hold no {@code \r} frames.
 */
@Command(
    name = "sync",
    description = "Pull objects into JSON Lines; resumes from the checkpoint when run again.")
final class SyncCommand implements java.util.concurrent.Callable<Integer> {
  /** How often a pull not watched on a terminal says how far it got. */
  static final java.time.Duration PLAIN_PROGRESS_EVERY = java.time.Duration.ofSeconds(10);

  /**
   * The sync option that forces an API style ({@code SyncRequest#option}), as connectors with
   * several read it.
   */
  static final String STYLE_OPTION = "style";

  @Spec CommandSpec spec;
  @ParentCommand RevsyncCli cli;
  @Mixin ConnectionOption connection;

  @Option(
      names = "--object",
      description = "An object to pull (repeatable; default: the file's objects=).")
  List<String> objects;

  @Option(
      names = "--out",
      defaultValue = "revsync-out",
      description = "Directory for <object>.jsonl and <object>.checkpoint.")
  Path out;

  @Option(names = "--full", description = "Ignore the checkpoint and pull everything.")
  boolean full;

  @Option(names = "--no-progress", description = "No progress bar.")
  boolean noProgress;

  @Option(
      names = "--style",
      paramLabel = "STYLE",
      description =
          "The API style to pull with, among those the connector offers (`revsync systems`): REST or BATCH "
              + "for Salesforce (default: the connector chooses by size).")
  ApiStyle style;

  @Option(
      names = "--fields",
      split = ",",
      paramLabel = "NAME[,NAME...]",
      description =
          "The fields to pull (default: every readable field); the id and cursor fields always come.")
  List<String> fields;

  @Override
  public Integer call() {
    ConnectionFile file = connection.load(cli);
    checkStyle(file);
    List<String> toPull = objects != null && !objects.isEmpty() ? objects : file.objects;
    if (toPull.isEmpty()) {
      throw new ConfigurationException(
          "revsync",
          "sync",
          "no object to pull",
          "Pass --object NAME or add objects=A,B to " + file.path,
          null);
    }
    PrintWriter o = spec.commandLine().getOut();
    PrintWriter err = spec.commandLine().getErr();
    if (!spec.commandLine().getParseResult().hasMatchedOption("--out")) {
      // The default directory is relative to wherever the tool runs; say where the data went.
      o.println("writing to " + out.toAbsolutePath() + " (the default; --out DIR to choose)");
    }
    boolean anyStopped = false;
    boolean anyFailed = false;
    try (Connector c = file.provider.open(file.config)) {
      for (String object : toPull) {
        SyncResult r = pull(c, object, err);
        o.println(
            object
                + ": "
                + r.status()
                + ", "
                + r.records()
                + " records ("
                + r.deletes()
                + " deletes), "
                + r.callsSpent()
                + " calls"
                + backlog(r)
                + (r.failure() != null ? " — " + r.failure().getMessage() : ""));
        o.flush();
        anyStopped |= r.status() != SyncResult.Status.COMPLETED;
        anyFailed |= r.status() == SyncResult.Status.FAILED;
      }
      Usage u = c.usage();
      o.println(
          "calls today: "
              + u.spent()
              + (u.dailyLimit() == Long.MAX_VALUE ? "" : " of " + u.dailyLimit())
              + (anyStopped ? "; run again to resume from the checkpoints in " + out : ""));
      o.flush();
    }
    return anyFailed
        ? RevsyncCli.EXIT_FAILED
        : anyStopped ? RevsyncCli.EXIT_PARTIAL : RevsyncCli.EXIT_OK;
  }

  /** The backlog in words: an estimate from the system's counts, so "~0" alone would puzzle. */
  private static String backlog(SyncResult r) {
    if (r.backlogRecords().isEmpty()) return "";
    long n = r.backlogRecords().getAsLong();
    if (r.status() == SyncResult.Status.COMPLETED) return "";
    return n == 0
        ? ", no records known to be left (the system's estimate; run again to confirm)"
        : ", about " + n + " records left for the next run (the system's estimate)";
  }

  /** Refuses a style the connector does not pull with, naming those it does. */
  private void checkStyle(ConnectionFile file) {
    if (style == null) return;
    List<ApiStyle> offered = file.provider.descriptor().apiStyles(Activity.SYNC);
    if (!offered.contains(style)) {
      throw new ConfigurationException(
          "revsync",
          "sync",
          "--style " + style + ": " + file.connectorId() + " pulls with " + offered + " only",
          "Pass --style with one of " + offered + ", or leave it out",
          null);
    }
  }

  private SyncResult pull(Connector c, String object, PrintWriter err) {
    try {
      Checkpoint from = full ? Checkpoint.EMPTY : JsonLinesSink.stored(out, object);
      if (full) java.nio.file.Files.deleteIfExists(out.resolve(object + ".checkpoint"));
      ProgressBar bar =
          noProgress || !cli.terminal
              ? null
              : new ProgressBarBuilder()
                  .setTaskName(object)
                  .setInitialMax(-1)
                  .setUnit(" records", 1)
                  .showSpeed()
                  .setStyle(ProgressBarStyle.ASCII)
                  .setUpdateIntervalMillis(250)
                  .setConsumer(
                      new DelegatingProgressBarConsumer(
                          line -> {
                            err.print('\r' + line);
                            err.flush();
                          }))
                  .build();
      PlainProgress plain = noProgress || cli.terminal ? null : new PlainProgress(object, err);
      try (JsonLinesSink sink =
          JsonLinesSink.open(
              out,
              object,
              () -> {
                if (plain != null) plain.step(c);
                if (bar != null) {
                  bar.step();
                  if (bar.getCurrent() % 1000 == 0) {
                    Usage u = c.usage();
                    bar.setExtraMessage(
                        "calls "
                            + u.spent()
                            + (u.dailyLimit() == Long.MAX_VALUE ? "" : "/" + u.dailyLimit()));
                  }
                }
              })) {
        SyncRequest.Builder request =
            SyncRequest.builder(object)
                .mode(full ? SyncMode.FULL : SyncMode.INCREMENTAL)
                .checkpoint(from);
        if (fields != null && !fields.isEmpty())
          request.fields(fields.stream().map(String::trim).toList());
        if (style != null) request.option(STYLE_OPTION, style.name());
        return sink.finish(c.sync(request.build(), sink));
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

  /**
   * Progress for logs and pipes: one line when {@link #PLAIN_PROGRESS_EVERY} has passed, checked on
   * the wall clock (not the connection's, which may be simulated) every 1,000 records.
   */
  private static final class PlainProgress {
    private final String object;
    private final PrintWriter err;
    private final long started = System.nanoTime();
    private long lastLine = started;
    private long records;

    PlainProgress(String object, PrintWriter err) {
      this.object = object;
      this.err = err;
    }

    void step(Connector c) {
      if (++records % 1000 != 0) return;
      long now = System.nanoTime();
      if (now - lastLine < PLAIN_PROGRESS_EVERY.toNanos()) return;
      lastLine = now;
      Usage u = c.usage();
      err.println(
          object
              + ": "
              + records
              + " records so far in "
              + (now - started) / 1_000_000_000L
              + " s, calls "
              + u.spent()
              + (u.dailyLimit() == Long.MAX_VALUE ? "" : " of " + u.dailyLimit()));
      err.flush();
    }
  }
}
