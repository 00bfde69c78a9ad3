package dev.revsync.benchmarks;

import static org.assertj.core.api.Assertions.assertThat;

import dev.revsync.simulators.Simulator;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/**
 * An idle tenant costs kilobytes: for every connector, N open and verified connections (a token
 * cached each) retain at most 50 KiB apiece, and pulling a few hundred records through each does
 * not make them retain more. Measured in this JVM, so the simulator's own per-session state is
 * charged to the connections too (a stricter bound than the client alone); N and 2N are both
 * measured and the smaller figure per connection must hold, which keeps one stray allocation from
 * deciding. The benchmark ({@code run.sh --only idle}) measures the client alone, in a fresh JVM.
 */
class IdleConnectionMemoryTest {
  private static final double LIMIT = 50 * 1024;

  @ParameterizedTest
  @EnumSource(IdleConnections.Target.class)
  void anIdleConnectionRetainsAtMostFiftyKibAndPullingDoesNotGrowIt(IdleConnections.Target t)
      throws Exception {
    try (Simulator sim = IdleConnections.simulator(t)) {
      Result small = IdleConnections.measure(t, sim.connectionSettings(), 100, false, false);
      Result large = IdleConnections.measure(t, sim.connectionSettings(), 200, true, false);
      double idle =
          Math.min(small.get("idleBytesPerConnection"), large.get("idleBytesPerConnection"));
      double pulled = large.get("pulledBytesPerConnection");
      assertThat(large.get("recordsPerConnection")).isEqualTo((double) IdleConnections.RECORDS);
      assertThat(idle).as(t.system + " idle bytes per connection").isLessThanOrEqualTo(LIMIT);
      assertThat(pulled)
          .as(t.system + " bytes per connection after each pulled " + IdleConnections.RECORDS)
          .isLessThanOrEqualTo(LIMIT);
      // Pulling the same records again keeps nothing more per connection: what the client holds
      // does not grow with records pulled. (The in-process simulator logs each request and keeps
      // each job's id list, a few hundred bytes to 8 KiB a pull; the bound leaves room for that.)
      assertThat(large.get("secondPullGrowthPerConnection"))
          .as(t.system + " growth per connection from a second pull")
          .isLessThanOrEqualTo(12 * 1024);
    }
  }
}
