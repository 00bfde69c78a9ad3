package dev.revsync.benchmarks;

/**
 * Runs one job: in a forked JVM ({@link ForkedRunner}) or in this one ({@link #IN_PROCESS}, the
 * smoke test's way).
 */
@FunctionalInterface
interface JobRunner {
  /** Runs {@code spec} in this JVM; heap figures then include whatever else the JVM holds. */
  JobRunner IN_PROCESS = Jobs::run;

  Result run(JobSpec spec) throws Exception;
}
