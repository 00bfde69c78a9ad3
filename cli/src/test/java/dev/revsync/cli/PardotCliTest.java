package dev.revsync.cli;

import static org.assertj.core.api.Assertions.assertThat;

import dev.revsync.Connectors;
import dev.revsync.simulators.SimulatedClock;
import dev.revsync.simulators.Simulator;
import dev.revsync.simulators.SimulatorOptions;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The Pardot connector in the command-line tool: listed, sandboxed, verified and synced. */
class PardotCliTest {
  private final SimulatedClock clock = SimulatedClock.at("2026-11-28T00:30:00Z");
  private final Map<String, String> env = new HashMap<>();
  private Simulator simulator;
  @TempDir Path dir;

  @BeforeEach
  void ownState() {
    env.put(
        "REVSYNC_STATE",
        dir.resolve("state").toString()); // the day's budget count, per test, not in the tree
  }

  @AfterEach
  void stop() {
    if (simulator != null) simulator.close();
  }

  @Test
  void systemsListsPardotAsRestForEveryActivity() {
    CliRun run = CliRun.run(env, clock, "systems");
    assertThat(run.exitCode).as(run.toString()).isZero();
    assertThat(run.out.lines().filter(l -> l.startsWith("pardot ")).findFirst())
        .hasValueSatisfying(
            l -> assertThat(l).contains("REST").doesNotContain("BATCH").doesNotContain("SOAP"));
  }

  @Test
  void theSandboxPrintsAConnectionFileWithTheBusinessUnit() {
    CliRun run = CliRun.run(env, clock, "sandbox", "pardot", "--no-wait", "--records", "10");
    assertThat(run.exitCode).as(run.toString()).isZero();
    assertThat(run.out)
        .contains("connector=pardot")
        .contains("businessUnitId=0Uv")
        .contains("refreshToken=${env:REVSYNC_PARDOT_REFRESH_TOKEN}");
  }

  @Test
  void aSandboxConnectionVerifiesAndSyncsProspects() throws IOException {
    simulator =
        Simulators.require("pardot")
            .start(new SimulatorOptions(7, clock, Map.of("Prospect", 1_500L)));
    String text =
        ConnectionFile.render(
            Connectors.provider("pardot").orElseThrow().descriptor(),
            "test/pardot",
            simulator.connectionSettings(),
            env);
    Path file = dir.resolve("pardot.properties");
    Files.writeString(file, text + "\n", StandardCharsets.UTF_8);
    CliRun verify = CliRun.run(env, clock, "verify", "-c", file.toString());
    assertThat(verify.exitCode).as(verify.toString()).isZero();
    assertThat(verify.out).contains("connected: pardot");
    Path out = dir.resolve("out");
    CliRun sync =
        CliRun.run(
            env,
            clock,
            "sync",
            "-c",
            file.toString(),
            "--object",
            "Prospect",
            "--out",
            out.toString(),
            "--no-progress");
    assertThat(sync.exitCode).as(sync.toString()).isZero();
    List<String> lines = Files.readAllLines(out.resolve("Prospect.jsonl"));
    assertThat(lines).hasSize(1_500);
    for (String secret : env.values())
      assertThat(verify.out + verify.err + sync.out + sync.err).doesNotContain(secret);
  }
}
