package dev.revsync.benchmarks;

import java.nio.file.Path;

/**
 * The entry point of a forked measurement JVM: {@code ChildMain <job.properties>
 * <result.properties>}.
 */
public final class ChildMain {
  private ChildMain() {}

  public static void main(String[] args) throws Exception {
    if (args.length != 2) {
      System.err.println("usage: ChildMain <job.properties> <result.properties>");
      System.exit(2);
    }
    JobSpec spec = JobSpec.read(Path.of(args[0]));
    Result result = Jobs.run(spec);
    result.write(Path.of(args[1]));
    // OkHttp and simulator threads may linger; the result is written, so leave now.
    System.exit(0);
  }
}
