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

  /** The system property holding a fixed time for the clock (an ISO instant), if any. */
  static final String FIXED_CLOCK = "revsync.bench.fixedClock";

  private WaitlessCli() {}

  public static void main(String[] args) {
    // A target whose requests carry the clock's time (Pardot's window end) is replayed from a
    // recording: it runs on the same fixed time as the library pull (PullTarget.fixedClock).
    String fixed = System.getProperty(FIXED_CLOCK, "");
    SkipWaitsClock clock =
        new SkipWaitsClock(
            fixed.isEmpty()
                ? Clock.systemUTC()
                : Clock.fixed(java.time.Instant.parse(fixed), java.time.ZoneOffset.UTC));
    int status = BenchmarkLauncher.run(args, clock);
    System.out.println(
        SKIPPED + String.format(Locale.ROOT, "%.3f", clock.skipped().toNanos() / 1e9) + " s");
    System.out.flush();
    System.exit(status);
  }
}
