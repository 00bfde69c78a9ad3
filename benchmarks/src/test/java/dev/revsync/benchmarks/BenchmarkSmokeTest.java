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
 * Every scenario of {@code benchmarks/run.sh} at tiny sizes, in this JVM, so the benchmarks never
 * rot: each must run, deliver every record, stay within the call targets, and produce its figures.
 * The performance targets themselves are not asserted here (tiny, cold runs say nothing about
 * them).
 */
class BenchmarkSmokeTest {

  @Test
  void everyScenarioRunsAtTinySizesAndItsFiguresAreSane(@TempDir Path dir) throws Exception {
    Path out = dir.resolve("BENCHMARKS.md");
    Harness h =
        BenchmarkMain.run(
            Harness.Sizes.smoke(),
            new LinkedHashSet<>(
                List.of("throughput", "memory", "writes", "tenants", "micro", "marketo")),
            List.of(PullTarget.values()),
            true,
            "smoke test",
            out);

    assertThat(h.checks)
        .filteredOn(Harness.Check::sanity)
        .isNotEmpty()
        .allSatisfy(c -> assertThat(c.met()).as(c.target() + ": " + c.detail()).isTrue());
    assertThat(h.checks)
        .filteredOn(c -> c.target().startsWith("calls ≤ API minimum + 3"))
        .hasSize(PullTarget.values().length)
        .allSatisfy(c -> assertThat(c.met()).as(c.target() + ": " + c.detail()).isTrue());
    assertThat(h.checks)
        .filteredOn(c -> c.target().startsWith("write data calls"))
        .hasSize(Writes.Target.values().length)
        .allSatisfy(c -> assertThat(c.met()).as(c.target() + ": " + c.detail()).isTrue());
    assertThat(h.checks)
        .filteredOn(c -> c.target().startsWith("calls ≤ formula + 3 (Marketo"))
        .hasSize(2)
        .allSatisfy(c -> assertThat(c.met()).as(c.target() + ": " + c.detail()).isTrue());
    assertThat(h.checks)
        .filteredOn(c -> c.target().startsWith("connector ÷ floor"))
        .hasSize(PullTarget.values().length)
        .allSatisfy(c -> assertThat(Double.parseDouble(c.detail().split(";")[0])).isPositive());

    String report = Files.readString(out, StandardCharsets.UTF_8);
    assertThat(report)
        .contains(
            "## 1–2. Pull throughput",
            "## 3. Memory",
            "## 4. Writes",
            "## 5. Many tenants",
            "## 6. Micro-benchmarks",
            "## 8. Marketo",
            "## Targets")
        .doesNotContain("failed");
  }
}
