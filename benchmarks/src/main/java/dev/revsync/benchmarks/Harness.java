package dev.revsync.benchmarks;

import java.util.ArrayList;
import java.util.List;

/**
 * What every scenario shares: how jobs run (forked or in-process), how many runs to take the median
 * of, the sizes, the report being written, and the targets checked along the way.
 */
final class Harness {
  /** Sizes of one benchmark mode (full, quick, smoke). */
  record Sizes(
      String mode,
      int runs,
      long pullRecords,
      List<Long> memoryRecords,
      long writeRecords,
      int tenants,
      long tenantRecords,
      long latencyMillis,
      int pipelineConcurrency) {
    static Sizes full() {
      return new Sizes(
          "full", 3, 500_000, List.of(1_000_000L, 5_000_000L), 100_000, 1_000, 5_000, 50, 100);
    }

    static Sizes quick() {
      return new Sizes(
          "quick", 3, 100_000, List.of(200_000L, 1_000_000L), 20_000, 200, 5_000, 50, 100);
    }

    static Sizes smoke() {
      return new Sizes("smoke", 1, 4_500, List.of(2_000L, 4_000L), 1_000, 10, 500, 5, 10);
    }
  }

  /**
   * A target of the issue, met or not, with the figure that decides. A sanity check (every record
   * delivered, a scenario ran) must hold for any figure to mean anything; the smoke test requires
   * it.
   */
  record Check(String target, boolean met, String detail, boolean sanity) {}

  final JobRunner runner;
  final Sizes sizes;
  final Report report;
  final List<Check> checks = new ArrayList<>();
  final long seed = 42;

  /**
   * Whether the throughput scenario also runs {@code revsync sync} as its own process (not in a
   * smoke run).
   */
  boolean cli;

  Harness(JobRunner runner, Sizes sizes, Report report) {
    this.runner = runner;
    this.sizes = sizes;
    this.report = report;
  }

  /** Records a performance target of the issue: reported, met or missed. */
  void check(String target, boolean met, String detail) {
    detail = oneLine(detail);
    checks.add(new Check(target, met, detail, false));
    System.out.println((met ? "[met]    " : "[missed] ") + target + ": " + detail);
  }

  /** Records a correctness condition the figures rest on. */
  void sanity(String condition, boolean holds, String detail) {
    detail = oneLine(detail);
    checks.add(new Check(condition, holds, detail, true));
    System.out.println((holds ? "[ok]     " : "[FAILED] ") + condition + ": " + detail);
  }

  /** A detail fit for one Markdown list line. */
  static String oneLine(String text) {
    String line = text.replaceAll("\\s+", " ").trim();
    return line.length() > 600 ? line.substring(0, 600) + " …" : line;
  }

  static void log(String message) {
    System.out.println("[bench] " + message);
  }
}
