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
    Path log = dir.resolve("child.log");
    Process process =
        command(dir, spec).redirectErrorStream(true).redirectOutput(log.toFile()).start();
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
      return result(dir, spec, process, log);
    } finally {
      cleanUp(dir, process);
    }
  }

  /**
   * Starts {@code spec}'s JVM paced: before each of its passes it waits for {@link Paced#pass}, so
   * that two jobs' passes can alternate (a connector's with its floor's) and a slow spell of a
   * shared host falls on both alike.
   */
  Paced start(JobSpec spec) throws IOException {
    Path dir = Files.createTempDirectory("revsync-bench-");
    Path log = dir.resolve("child.log");
    // Appended to, as the lines of its output other than the answers are.
    Process process =
        command(dir, spec.set(Jobs.PACED, true))
            .redirectError(ProcessBuilder.Redirect.appendTo(log.toFile()))
            .start();
    return new Paced(dir, spec, process, log);
  }

  /**
   * A paced job's JVM: runs one pass per {@link #pass}, told on its standard input and answering
   * {@link Jobs#PASS_DONE} on its standard output (whose other lines go to its log).
   */
  final class Paced implements AutoCloseable {
    private final Path dir;
    private final JobSpec spec;
    private final Process process;
    private final Path log;
    private final java.io.Writer go;
    private final java.util.concurrent.BlockingQueue<String> answers =
        new java.util.concurrent.LinkedBlockingQueue<>();

    private Paced(Path dir, JobSpec spec, Process process, Path log) {
      this.dir = dir;
      this.spec = spec;
      this.process = process;
      this.log = log;
      this.go = new java.io.OutputStreamWriter(process.getOutputStream(), StandardCharsets.UTF_8);
      Thread reader =
          new Thread(
              () -> {
                try (java.io.BufferedReader out = process.inputReader(StandardCharsets.UTF_8)) {
                  for (String line = out.readLine(); line != null; line = out.readLine()) {
                    if (line.equals(Jobs.PASS_DONE)) answers.add(line);
                    else
                      Files.writeString(
                          log,
                          line + "\n",
                          java.nio.file.StandardOpenOption.APPEND,
                          java.nio.file.StandardOpenOption.CREATE);
                  }
                } catch (IOException ended) {
                  // the child is gone: pass() reports it
                }
                answers.add("ended");
              },
              "paced-job-output");
      reader.setDaemon(true);
      reader.start();
    }

    /** Runs the job's next pass and returns when it has finished. */
    void pass() throws Exception {
      go.write("go\n");
      go.flush();
      String answer = answers.poll(timeoutSeconds, TimeUnit.SECONDS);
      if (!Jobs.PASS_DONE.equals(answer)) {
        throw new IllegalStateException(
            "the paced run of "
                + spec
                + (answer == null
                    ? " took over " + timeoutSeconds + " s in a pass"
                    : " ended in a pass")
                + "; its log:\n"
                + tail(log));
      }
    }

    /** The job's figures, once its last pass has run. */
    Result result() throws Exception {
      if (!process.waitFor(timeoutSeconds, TimeUnit.SECONDS))
        throw new IllegalStateException(
            "the paced run of " + spec + " did not end after its passes; its log:\n" + tail(log));
      return ForkedRunner.this.result(dir, spec, process, log);
    }

    @Override
    public void close() throws IOException {
      cleanUp(dir, process);
    }
  }

  private ProcessBuilder command(Path dir, JobSpec spec) throws IOException {
    Path specFile = dir.resolve("job.properties");
    spec.write(specFile);
    List<String> command = new ArrayList<>();
    command.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
    command.add("-Xmx" + maxHeap);
    command.addAll(jvmArgs);
    command.add("-cp");
    command.add(System.getProperty("java.class.path"));
    command.add(ChildMain.class.getName());
    command.add(specFile.toString());
    command.add(dir.resolve("result.properties").toString());
    return new ProcessBuilder(command);
  }

  private Result result(Path dir, JobSpec spec, Process process, Path log) throws IOException {
    Path resultFile = dir.resolve("result.properties");
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
  }

  private static void cleanUp(Path dir, Process process) throws IOException {
    if (process.isAlive()) process.destroyForcibly();
    Files.deleteIfExists(dir.resolve("job.properties")); // holds test credentials
    try {
      Files.deleteIfExists(dir); // kept, with the child's log, only when the run failed
    } catch (IOException notEmpty) {
      // a failed run's log stays for a look
    }
  }

  private static String tail(Path log) throws IOException {
    if (!Files.exists(log)) return "(no output)";
    List<String> lines = Files.readAllLines(log, StandardCharsets.UTF_8);
    return String.join("\n", lines.subList(Math.max(0, lines.size() - 40), lines.size()));
  }
}
