package dev.revsync.benchmarks;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.revsync.simulators.Simulator;
import java.util.List;
import org.junit.jupiter.api.Test;

/** A paced job's JVM runs one pass when told, and only then. */
class ForkedRunnerTest {
  private final ForkedRunner forked = new ForkedRunner("128m", List.of(), 120);

  @Test
  void aPacedJobRunsOnePassPerGoAndIsMeasuredOnItsFastestWarmPass() throws Exception {
    PullTarget t = PullTarget.ELOQUA_BULK;
    try (Simulator sim = Simulators.start(t.system, t.simObject, 1_500, 7)) {
      JobSpec floor =
          new JobSpec(JobSpec.Kind.FLOOR)
              .set("system", t.system)
              .set("object", t.simObject)
              .set("style", "BULK")
              .set("pageSize", 1_000)
              .set("warmUps", 1)
              .set("measuredPasses", 2)
              .settings(sim.connectionSettings());
      try (ForkedRunner.Paced job = forked.start(floor)) {
        job.pass();
        int afterOne = dataPages(sim);
        job.pass();
        int afterTwo = dataPages(sim);
        job.pass();
        Result result = job.result();

        // each pass pulls the export's two pages once, and only when told to
        assertThat(afterOne).isEqualTo(2);
        assertThat(afterTwo).isEqualTo(4);
        assertThat(dataPages(sim)).isEqualTo(6);
        assertThat(result.get("records")).isEqualTo(1_500);
        assertThat(result.get("measuredPasses")).isEqualTo(2);
        assertThat(result.get("coldRecords")).isEqualTo(1_500);
      }
    }
  }

  @Test
  void aPacedJobThatFailsInAPassSaysSoWithItsLog() throws Exception {
    JobSpec broken =
        new JobSpec(JobSpec.Kind.FLOOR).set("system", "no-such-system").set("object", "x");
    try (ForkedRunner.Paced job = forked.start(broken)) {
      assertThatThrownBy(job::pass)
          .isInstanceOf(IllegalStateException.class)
          .hasMessageContaining("ended in a pass")
          .hasMessageContaining("no floor client for no-such-system");
    }
  }

  private static int dataPages(Simulator sim) {
    return Simulators.replayable(sim.requestLog(), PullTarget.ELOQUA_BULK.dataFragment).size();
  }
}
