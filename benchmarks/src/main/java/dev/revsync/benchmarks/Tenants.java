package dev.revsync.benchmarks;

/** Scenario 5: many tenants pulled by the daily pipeline. */
final class Tenants {
  private Tenants() {}

  static void benchmark(Harness h, JobRunner runner) {
    throw new IllegalStateException("the tenants scenario needs DailyPipeline (branch pipeline)");
  }

  static Result run(JobSpec spec) {
    throw new IllegalStateException("the tenants scenario needs DailyPipeline (branch pipeline)");
  }
}
