package dev.revsync.benchmarks;

import static dev.revsync.benchmarks.Report.num;

import dev.revsync.simulators.Simulator;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import jdk.jfr.consumer.RecordedEvent;
import jdk.jfr.consumer.RecordedFrame;
import jdk.jfr.consumer.RecordedStackTrace;
import jdk.jfr.consumer.RecordingFile;

/**
 * Where a connector pull spends its CPU: one forked pull under a JFR recording, its {@code
 * jdk.ExecutionSample} events counted by top frame (self time) and by the innermost revsync frame
 * on the stack (the library code responsible, callees included).
 */
final class Profiles {
  /** Where measured pulls leave JFR recordings, if anywhere: {@code -Drevsync.bench.jfr=DIR}. */
  static final String RECORDINGS = "revsync.bench.jfr";

  private Profiles() {}

  /**
   * JVM flags recording a measured run with JFR into {@code DIR/<name>.jfr} when {@link
   * #RECORDINGS} names a directory, else none: for looking into one target's connector, floor and
   * CLI runs side by side (their figures then include the recording's own small cost).
   */
  static List<String> recordingFlags(String name) {
    String dir = System.getProperty(RECORDINGS, "");
    if (dir.isEmpty()) return List.of();
    // method-profiling=max samples every millisecond (a short pull then leaves thousands of
    // samples, not hundreds) at a higher cost to the figures; high (10 ms) by default.
    return List.of(
        "-XX:StartFlightRecording:settings=profile,method-profiling="
            + System.getProperty(RECORDINGS + ".methodProfiling", "high")
            + ",filename="
            + Path.of(dir).toAbsolutePath().resolve(name + ".jfr"));
  }

  static void run(Harness h, ForkedRunner forked, List<PullTarget> targets) throws Exception {
    Report.Section s =
        h.report
            .section("7. Profile of the connector path (JFR)")
            .text(
                "One connector pull per target at N = "
                    + Report.count(h.sizes.pullRecords())
                    + " in a forked -Xmx256m JVM "
                    + "with `-XX:StartFlightRecording:settings=profile`; `jdk.ExecutionSample` events counted by top frame "
                    + "(self time), and by the innermost `dev.revsync` frame on the stack (the library code that caused the work).");
    for (PullTarget t : targets) {
      Path jfr = Files.createTempFile("revsync-bench-" + t.name(), ".jfr");
      try (Simulator sim = Simulators.start(t.system, t.simObject, h.sizes.pullRecords(), h.seed)) {
        Harness.log("profiling " + t.label);
        forked
            .withJvmArgs(List.of("-XX:StartFlightRecording:settings=profile,filename=" + jfr))
            .run(
                new JobSpec(JobSpec.Kind.PULL)
                    .set("system", t.system)
                    .set("object", t.object)
                    .set("style", t.style)
                    .set("fixedClock", t.fixedClock() == null ? "" : t.fixedClock())
                    .settings(sim.connectionSettings()));
      }
      Map<String, Integer> self = new HashMap<>();
      Map<String, Integer> revsync = new HashMap<>();
      int total = 0;
      for (RecordedEvent e : RecordingFile.readAllEvents(jfr)) {
        if (!e.getEventType().getName().equals("jdk.ExecutionSample")) continue;
        RecordedStackTrace stack = e.getStackTrace();
        if (stack == null || stack.getFrames().isEmpty()) continue;
        total++;
        self.merge(frame(stack.getFrames().get(0)), 1, Integer::sum);
        String owner = "(no revsync frame)";
        for (RecordedFrame f : stack.getFrames()) {
          if (f.getMethod().getType().getName().startsWith("dev.revsync.")
              && !f.getMethod().getType().getName().startsWith("dev.revsync.benchmarks.")) {
            owner = frame(f);
            break;
          }
        }
        revsync.merge(owner, 1, Integer::sum);
      }
      Files.deleteIfExists(jfr);
      Map<String, Integer> costs = new HashMap<>(revsync);
      costs.remove("(no revsync frame)");
      s.text(
          "**"
              + t.label
              + "** ("
              + total
              + " samples). Top three costs in the connector path (innermost revsync "
              + "frame, callees included): "
              + top(costs, total, 3)
              + ". Top frames by self time: "
              + top(self, total, 6)
              + ". Samples with no revsync frame on the stack (JIT, class loading, OkHttp's own threads): "
              + num(100.0 * revsync.getOrDefault("(no revsync frame)", 0) / Math.max(1, total), 1)
              + " %.");
    }
  }

  private static String frame(RecordedFrame f) {
    String type = f.getMethod().getType().getName();
    return type.substring(type.lastIndexOf('.') + 1) + "." + f.getMethod().getName();
  }

  private static String top(Map<String, Integer> counts, int total, int n) {
    List<Map.Entry<String, Integer>> entries = new ArrayList<>(counts.entrySet());
    entries.sort((a, b) -> b.getValue() - a.getValue());
    List<String> out = new ArrayList<>();
    for (Map.Entry<String, Integer> e : entries.subList(0, Math.min(n, entries.size()))) {
      out.add("`" + e.getKey() + "` " + num(100.0 * e.getValue() / Math.max(1, total), 1) + " %");
    }
    return String.join(", ", out);
  }
}
