package dev.revsync.benchmarks;

/** Scenario 4: score export through each connector's write path. */
final class Writes {
  private Writes() {}

  static void benchmark(Harness h) {
    throw new IllegalStateException("the write scenario needs the connectors' write paths (branches sfconn, elqconn)");
  }

  static Result run(JobSpec spec) {
    throw new IllegalStateException("the write scenario needs the connectors' write paths (branches sfconn, elqconn)");
  }
}
