package dev.revsync.benchmarks;

import static org.assertj.core.api.Assertions.assertThat;

import dev.revsync.simulators.Simulator;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * The floor clients pull exactly what the simulator holds, in the fewest calls, and the replay
 * re-reads it.
 */
class FloorClientsTest {

  @Test
  void eloquaFloorPullsEveryContactInTheApiMinimumAndTheReplayServesTheSameBytes()
      throws Exception {
    PullTarget t = PullTarget.ELOQUA_BULK;
    try (Simulator sim = Simulators.start(t.system, t.simObject, 2_345, 7)) {
      Result floor =
          JobRunner.IN_PROCESS.run(
              new JobSpec(JobSpec.Kind.FLOOR)
                  .set("system", t.system)
                  .set("object", t.simObject)
                  .set("style", "BULK")
                  .set("pageSize", 1_000)
                  .settings(sim.connectionSettings()));

      assertThat(floor.get("records")).isEqualTo(2_345);
      // definition + sync + one poll + three pages of 1,000
      assertThat(floor.get("calls")).isEqualTo(6);
      assertThat(floor.get("bodyBytes")).isGreaterThan(2_345 * 100.0);

      List<String> replay = Simulators.replayable(sim.requestLog(), t.dataFragment);
      assertThat(replay).hasSize(3);
      Result alone =
          JobRunner.IN_PROCESS.run(
              new JobSpec(JobSpec.Kind.REPLAY)
                  .set("system", t.system)
                  .list("requests", replay)
                  .settings(sim.connectionSettings()));
      assertThat(alone.get("calls")).isEqualTo(3);
      assertThat(alone.get("bodyBytes"))
          .isEqualTo(floor.get("bodyBytes") - pollAndCreateBytes(floor, alone));
    }
  }

  /**
   * The floor's bytes include the small definition, sync and poll bodies; the replay has only data
   * pages.
   */
  private static double pollAndCreateBytes(Result floor, Result alone) {
    double extra = floor.get("bodyBytes") - alone.get("bodyBytes");
    assertThat(extra).isBetween(1.0, 5_000.0);
    return extra;
  }
}
