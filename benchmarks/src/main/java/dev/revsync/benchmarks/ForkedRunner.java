package dev.revsync.benchmarks;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * Runs each job in a fresh JVM ({@code java -Xmx<heap> -cp <this class path> ChildMain spec
 * result}), so the measured heap holds the connector and nothing else: the simulator stays in the
 * harness's JVM. The child's output goes to a log file, shown when it fails. Thread-safe.
 */
final class ForkedRunner implements JobRunner {
  private final String maxHeap;
  private final List<String> jvmArgs;
  private final long timeoutSeconds;

  /**
   * @param maxHeap the child's {@code -Xmx}, such as {@code 256m}
   * @param jvmArgs more JVM options (a JFR recording, say)
   */
  ForkedRunner(String maxHeap, List<String> jvmArgs, long timeoutSeconds) {
    this.maxHeap = maxHeap;
    this.jvmArgs = List.copyOf(jvmArgs);
    this.timeoutSeconds = timeoutSeconds;
  }

  ForkedRunner withJvmArgs(List<String> more) {
    List<String> all = new ArrayList<>(jvmArgs);
    all.addAll(more);
    return new ForkedRunner(maxHeap, all, timeoutSeconds);
  }

  String maxHeap() {
    return maxHeap;
  }

  /** The command line a child runs with, for the report (class path shortened). */
  String describe() {
    return "java -Xmx"
        + maxHeap
        + (jvmArgs.isEmpty() ? "" : " " + String.join(" ", jvmArgs))
        + " -cp <benchmarks class path> "
        + ChildMain.class.getName()
        + " <job> <result>";
  }

  @Override
  public Result run(JobSpec spec) throws Exception {
    Path dir = Files.createTempDirectory("revsync-bench-");
    Path specFile = dir.resolve("job.properties");
    Path resultFile = dir.resolve("result.properties");
    Path log = dir.resolve("child.log");
    spec.write(specFile);
    List<String> command = new ArrayList<>();
    command.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
    command.add("-Xmx" + maxHeap);
    command.addAll(jvmArgs);
    command.add("-cp");
    command.add(System.getProperty("java.class.path"));
    command.add(ChildMain.class.getName());
    command.add(specFile.toString());
    command.add(resultFile.toString());
    Process process =
        new ProcessBuilder(command).redirectErrorStream(true).redirectOutput(log.toFile()).start();
    try {
      if (!process.waitFor(timeoutSeconds, TimeUnit.SECONDS)) {
        process.destroyForcibly();
        throw new IllegalStateException(
            "the forked run of "
                + spec
                + " took over "
                + timeoutSeconds
                + " s; its log:\n"
                + tail(log));
      }
      if (process.exitValue() != 0 || !Files.exists(resultFile)) {
        throw new IllegalStateException(
            "the forked run of "
                + spec
                + " failed with exit code "
                + process.exitValue()
                + "; its log:\n"
                + tail(log));
      }
      Result result = Result.read(resultFile);
      Files.deleteIfExists(resultFile);
      Files.deleteIfExists(log);
      return result;
    } finally {
      if (process.isAlive()) process.destroyForcibly();
      Files.deleteIfExists(specFile); // holds test credentials
      try {
        Files.deleteIfExists(dir); // kept, with the child's log, only when the run failed
      } catch (IOException notEmpty) {
        // a failed run's log stays for a look
      }
    }
  }

  private static String tail(Path log) throws IOException {
    if (!Files.exists(log)) return "(no output)";
    List<String> lines = Files.readAllLines(log, StandardCharsets.UTF_8);
    return String.join("\n", lines.subList(Math.max(0, lines.size() - 40), lines.size()));
  }
}
