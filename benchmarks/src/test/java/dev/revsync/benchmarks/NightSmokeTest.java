package dev.revsync.benchmarks;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashSet;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The night scenario at its smoke size (one tenant per cohort, the clock at 720×), in this JVM:
 * every connector's tenant with a budget finishes inside the window on the scaled clock, the
 * small-budget tenants stop at their limit, and the report carries the figures.
 */
class NightSmokeTest {

  @Test
  void everyCohortsTenantFinishesInsideTheScaledWindowAndNoBudgetIsExceeded(@TempDir Path dir)
      throws Exception {
    Path out = dir.resolve("BENCHMARKS.md");
    Harness h =
        BenchmarkMain.run(
            Harness.Sizes.smoke(),
            new LinkedHashSet<>(List.of("night")),
            List.of(PullTarget.values()),
            true,
            "smoke test",
            out);

    assertThat(h.checks)
        .filteredOn(c -> c.target().startsWith("night:"))
        .hasSize(4)
        .filteredOn(c -> !c.target().contains("peak"))
        .allSatisfy(c -> assertThat(c.met()).as(c.target() + ": " + c.detail()).isTrue());
    String report = Files.readString(out, StandardCharsets.UTF_8);
    assertThat(report)
        .contains("## 10. The night", "## 10a. The night: totals", "sf-bulk-backlog")
        .doesNotContain("Scenario 'night' failed");
  }
}
