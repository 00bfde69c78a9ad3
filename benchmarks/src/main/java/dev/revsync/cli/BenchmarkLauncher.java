package dev.revsync.cli;

import java.time.Clock;

/**
 * The CLI's command line with a clock of the benchmark's choosing, for {@code
 * dev.revsync.benchmarks.WaitlessCli}: {@link RevsyncCli#main} always takes the system clock, and
 * its clock-taking entry is package-private on purpose (users have no business choosing one). Lives
 * in the benchmarks module, in the CLI's package; not thread-safe.
 */
public final class BenchmarkLauncher {
  private BenchmarkLauncher() {}

  /** Runs {@code revsync args} on {@code clock}, not on a terminal; returns the exit status. */
  public static int run(String[] args, Clock clock) {
    return RevsyncCli.run(args, System::getenv, clock, false);
  }
}
