package dev.revsync.benchmarks;

import dev.revsync.cli.BenchmarkLauncher;
import java.time.Clock;
import java.util.Locale;

/**
 * {@code revsync} as the launcher runs it, on a {@link SkipWaitsClock}: job-polling waits move the
 * clock instead of sleeping, exactly as in the library pulls the CLI is compared with, so neither
 * side's time holds waits. Prints the waits it skipped as a last line ({@link #SKIPPED}) for {@link
 * CliRun}.
 */
public final class WaitlessCli {
  static final String SKIPPED = "[bench] waits skipped: ";

  private WaitlessCli() {}

  public static void main(String[] args) {
    SkipWaitsClock clock = new SkipWaitsClock(Clock.systemUTC());
    int status = BenchmarkLauncher.run(args, clock);
    System.out.println(
        SKIPPED + String.format(Locale.ROOT, "%.3f", clock.skipped().toNanos() / 1e9) + " s");
    System.out.flush();
    System.exit(status);
  }
}
