package dev.revsync.cli;

import dev.revsync.internal.store.FileCheckpointStore;
import java.nio.file.Path;
import picocli.CommandLine.Option;

/**
 * The {@code --connection FILE} and {@code --state DIR} options shared by the commands that talk to
 * one system. The day's budget count lives in the state directory, so a budget holds across runs of
 * the tool on the same UTC day (and is shared with {@code revsync pipeline --state}).
 */
final class ConnectionOption {
  /** Where the state directory is when neither {@code --state} nor {@code $REVSYNC_STATE} says. */
  static final String DEFAULT_STATE = "revsync-state";

  @Option(
      names = {"-c", "--connection"},
      required = true,
      paramLabel = "FILE",
      description = "A connection file (properties; secrets as $${env:NAME}).")
  Path file;

  @Option(
      names = "--state",
      paramLabel = "DIR",
      description =
          "Where the day's budget count and credentials the system rotated are kept between runs"
              + " (default: $REVSYNC_STATE, else revsync-state).")
  Path state;

  ConnectionFile load(RevsyncCli cli) {
    // A block of 1: a run of the tool reserves exactly the calls it makes, so none are lost to
    // the next run (the pipeline reserves blocks of 10, which suits long-running processes).
    FileCheckpointStore store = new FileCheckpointStore(stateDir(cli), 1);
    return ConnectionFile.load(file, cli.env, cli.clock, store.quotaLedger(), stateDir(cli));
  }

  Path stateDir(RevsyncCli cli) {
    if (state != null) return state;
    String fromEnv = cli.env.apply("REVSYNC_STATE");
    return Path.of(fromEnv != null && !fromEnv.isBlank() ? fromEnv : DEFAULT_STATE);
  }
}
