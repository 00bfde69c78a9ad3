package dev.revsync.benchmarks;

import static org.assertj.core.api.Assertions.assertThat;

import dev.revsync.simulators.RequestLog;
import dev.revsync.simulators.Simulator;
import org.junit.jupiter.api.Test;

/**
 * The Pardot pull target: the connector's pull and the floor pull every prospect in the API's
 * pages.
 */
class PardotPullTargetTest {

  @Test
  void theConnectorAndTheFloorPullEveryProspectAndTheConnectorAsksTheSameQueryEveryRun()
      throws Exception {
    PullTarget t = PullTarget.PARDOT_REST;
    try (Simulator sim = Simulators.start(t.system, t.simObject, 2_345, 7)) {
      JobSpec pull =
          new JobSpec(JobSpec.Kind.PULL)
              .set("system", t.system)
              .set("object", t.object)
              .set("style", t.style)
              .set("fixedClock", t.fixedClock())
              .settings(sim.connectionSettings());
      Result first = JobRunner.IN_PROCESS.run(pull);
      assertThat(first.get("records")).isEqualTo(2_345);
      // a token, the custom fields, three pages
      assertThat(first.get("callsReported"))
          .isEqualTo(5)
          .isLessThanOrEqualTo(t.apiMinimum(2_345) + 3);
      RequestLog.Entry query =
          sim.requestLog().entries().stream()
              .filter(e -> e.path().contains(t.dataFragment))
              .findFirst()
              .orElseThrow();
      sim.requestLog().clear();
      JobRunner.IN_PROCESS.run(pull);
      assertThat(
              sim.requestLog().entries().stream()
                  .filter(e -> e.path().contains(t.dataFragment))
                  .findFirst()
                  .orElseThrow()
                  .query())
          .as("the first query of a second run (replayable)")
          .isEqualTo(query.query());

      Result floor =
          JobRunner.IN_PROCESS.run(
              new JobSpec(JobSpec.Kind.FLOOR)
                  .set("system", t.system)
                  .set("object", t.simObject)
                  .set("style", t.style)
                  .set("firstRequest", query.path() + "?" + query.query())
                  .settings(sim.connectionSettings()));
      assertThat(floor.get("records")).isEqualTo(2_345);
      assertThat(floor.get("calls")).isEqualTo(t.apiMinimum(2_345));
      assertThat(floor.get("fieldsPerRecord")).isEqualTo(first.get("fieldsPerRecord"));
    }
  }

  @Test
  void theConnectorsPullReplaysFromARecording() throws Exception {
    PullTarget t = PullTarget.PARDOT_REST;
    try (Simulator sim = Simulators.start(t.system, t.simObject, 2_345, 7);
        PrerenderedServer server = PrerenderedServer.start(sim.baseUrl())) {
      JobSpec pull =
          new JobSpec(JobSpec.Kind.PULL)
              .set("system", t.system)
              .set("object", t.object)
              .set("style", t.style)
              .set("fixedClock", t.fixedClock())
              .settings(server.rewrite(sim.connectionSettings()));
      server.record("connector", t.dataFragment);
      assertThat(JobRunner.IN_PROCESS.run(pull).get("records")).isEqualTo(2_345);
      java.util.List<String> recorded =
          server.seen().stream().map(PrerenderedServer.Seen::pathAndQuery).toList();
      server.replay("connector");
      Result replayed = JobRunner.IN_PROCESS.run(pull);
      assertThat(server.seen().stream().map(PrerenderedServer.Seen::pathAndQuery).toList())
          .isEqualTo(recorded);
      assertThat(replayed.get("records")).isEqualTo(2_345);
    }
  }
}
