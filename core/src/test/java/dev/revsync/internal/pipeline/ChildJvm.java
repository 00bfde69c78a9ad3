package dev.revsync.internal.pipeline;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.function.Predicate;

/**
 * A child JVM running {@link PipelineChild} on this test's class path; its stdout is read line by
 * line (no sleeping: the parent waits for what the child says), its stderr goes to a file.
 */
final class ChildJvm implements AutoCloseable {
  private final Process process;
  private final BufferedReader out;
  private final Path err;
  private final List<String> lines = new ArrayList<>();

  private ChildJvm(Process process, Path err) {
    this.process = process;
    this.out =
        new BufferedReader(new InputStreamReader(process.getInputStream(), StandardCharsets.UTF_8));
    this.err = err;
  }

  static ChildJvm start(Path workDir, List<String> jvmOptions, String... args) throws IOException {
    List<String> command = new ArrayList<>();
    command.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
    command.add("-cp");
    command.add(System.getProperty("java.class.path"));
    command.add("-XX:TieredStopAtLevel=1");
    command.add("-Xshare:auto");
    command.addAll(jvmOptions);
    command.add(PipelineChild.class.getName());
    command.addAll(List.of(args));
    Path err = Files.createTempFile(workDir, "child-", ".err");
    Process process = new ProcessBuilder(command).redirectError(err.toFile()).start();
    return new ChildJvm(process, err);
  }

  static ChildJvm start(Path workDir, String... args) throws IOException {
    return start(workDir, List.of(), args);
  }

  /** Reads stdout until a line matches; fails if the child ends first. */
  String awaitLine(Predicate<String> match) throws IOException {
    String line;
    while ((line = out.readLine()) != null) {
      lines.add(line);
      if (match.test(line)) return line;
    }
    throw new AssertionError(
        "the child ended (exit "
            + exitCode()
            + ") without the expected line; stdout: "
            + lines
            + "\nstderr:\n"
            + Files.readString(err));
  }

  String awaitLineStartingWith(String prefix) throws IOException {
    return awaitLine(l -> l.startsWith(prefix));
  }

  /** SIGKILL: no shutdown hooks, no finally blocks, no buffers flushed. */
  void kill() throws InterruptedException {
    process.destroyForcibly();
    if (!process.waitFor(60, TimeUnit.SECONDS)) throw new AssertionError("the child did not die");
  }

  int awaitExit() throws InterruptedException, IOException {
    String line;
    while ((line = out.readLine()) != null) lines.add(line);
    if (!process.waitFor(120, TimeUnit.SECONDS))
      throw new AssertionError("the child did not finish");
    return process.exitValue();
  }

  List<String> lines() {
    return lines;
  }

  String stderr() throws IOException {
    return Files.readString(err);
  }

  private String exitCode() {
    try {
      return process.waitFor(10, TimeUnit.SECONDS)
          ? Integer.toString(process.exitValue())
          : "still running";
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      return "unknown";
    }
  }

  @Override
  public void close() {
    process.destroyForcibly();
  }
}
