package dev.revsync.cli;

import static org.assertj.core.api.Assertions.assertThat;

import dev.revsync.Checkpoint;
import dev.revsync.ConnectorDescriptor;
import dev.revsync.Connectors;
import dev.revsync.simulators.FaultPlan.Fault;
import dev.revsync.simulators.SimulatedClock;
import dev.revsync.simulators.Simulator;
import dev.revsync.simulators.SimulatorOptions;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * The CLI's files and budget across runs, after failures, and against files that changed between
 * runs.
 */
class CliReliabilityTest {
  private final SimulatedClock clock = SimulatedClock.at("2026-11-28T00:30:00Z");
  private final Map<String, String> env = new HashMap<>();
  private Simulator simulator;
  @TempDir Path dir;

  @AfterEach
  void stop() {
    if (simulator != null) simulator.close();
  }

  private Path connectionFile(Map<String, Long> counts, String... extraLines) throws IOException {
    simulator = Simulators.require("salesforce").start(new SimulatorOptions(7, clock, counts));
    ConnectorDescriptor d = Connectors.provider("salesforce").orElseThrow().descriptor();
    String text = ConnectionFile.render(d, "test/salesforce", simulator.connectionSettings(), env);
    env.put("REVSYNC_STATE", dir.resolve("state").toString());
    Path file = dir.resolve("salesforce.properties");
    Files.writeString(file, text + String.join("\n", extraLines) + "\n", StandardCharsets.UTF_8);
    return file;
  }

  private CliRun sync(Path file, Path out) {
    return CliRun.run(
        env,
        clock,
        "sync",
        "-c",
        file.toString(),
        "--object",
        "Account",
        "--out",
        out.toString(),
        "--no-progress");
  }

  private static Set<String> ids(List<String> lines) {
    Set<String> ids = new HashSet<>();
    for (String line : lines) ids.add(line.replaceAll(".*\"id\":\"([^\"]+)\".*", "$1"));
    return ids;
  }

  @Test
  void aSyncResumedAfterAFailedRunDuplicatesNothing() throws IOException {
    Path file = connectionFile(Map.of("Account", 5_000L));
    Path out = dir.resolve("out");
    // Every later page arrives cut short: the first page is checkpointed, most of the second is
    // written.
    simulator.faults().next(Fault.TRUNCATED_BODY, 1_000, "/query/");
    CliRun failed = sync(file, out);
    assertThat(failed.out).as(failed.toString()).contains("Account: FAILED").contains("truncated");
    assertThat(failed.exitCode).as("a FAILED sync's exit status").isEqualTo(RevsyncCli.EXIT_FAILED);
    assertThat(Files.readAllLines(out.resolve("Account.jsonl")).size())
        .as("lines written by the failed run")
        .isGreaterThan(2_000);

    simulator.faults().clear();
    CliRun resumed = sync(file, out);
    assertThat(resumed.exitCode).as(resumed.toString()).isZero();
    List<String> lines = Files.readAllLines(out.resolve("Account.jsonl"));
    assertThat(ids(lines)).hasSize(5_000);
    assertThat(lines)
        .as("lines for 5,000 records after a failed run and its resume")
        .hasSize(5_000);
  }

  @Test
  void aDataFileShorterThanItsCheckpointIsRefusedNotPaddedAndABadCheckpointLeavesTheFileAlone()
      throws IOException {
    Path file = connectionFile(Map.of("Account", 30L));
    Path out = dir.resolve("out");
    assertThat(sync(file, out).exitCode).isZero();
    Path data = out.resolve("Account.jsonl");
    Path checkpoint = out.resolve("Account.checkpoint");
    byte[] synced = Files.readAllBytes(data);

    // a consumer took the file
    Files.move(data, dir.resolve("taken.jsonl"));
    CliRun moved = sync(file, out);
    assertThat(moved.exitCode).as(moved.toString()).isEqualTo(2);
    assertThat(moved.err).contains("Account.jsonl is missing").contains("Account.checkpoint");
    assertThat(data).as("a file the checkpoint expects is not created afresh").doesNotExist();

    // a length far beyond the file
    Files.move(dir.resolve("taken.jsonl"), data);
    String cp = Files.readAllLines(checkpoint).get(0);
    Files.writeString(checkpoint, cp + "\n999999999\n");
    CliRun tooLong = sync(file, out);
    assertThat(tooLong.exitCode).as(tooLong.toString()).isEqualTo(2);
    assertThat(tooLong.err).contains("has " + synced.length + " bytes").contains("999999999");
    assertThat(Files.readAllBytes(data))
        .as("the data file after a refused resume")
        .isEqualTo(synced);

    // a checkpoint the connector refuses, with a length inside the file: nothing is cut before the
    // sync starts
    String badCursor =
        Checkpoint.EMPTY
            .with(Checkpoint.CURSOR, "2026-11-27T00:00:00Z")
            .with(Checkpoint.CURSOR_ID, "not an id!")
            .serialize();
    Files.writeString(checkpoint, badCursor + "\n" + (synced.length / 2) + "\n");
    CliRun refused = sync(file, out);
    assertThat(refused.exitCode).as(refused.toString()).isEqualTo(2);
    assertThat(Files.readAllBytes(data))
        .as("the data file after a sync refused its checkpoint")
        .isEqualTo(synced);
  }

  @Test
  void aCorruptCheckpointIsNamedInOneClearLine() throws IOException {
    Path file = connectionFile(Map.of("Account", 10L));
    Path out = dir.resolve("out");
    Files.createDirectories(out);
    Path checkpoint = out.resolve("Account.checkpoint");
    Files.writeString(checkpoint, "not a checkpoint at all\n0\n");
    CliRun garbage = sync(file, out);
    assertThat(garbage.exitCode).as(garbage.toString()).isEqualTo(2);
    assertThat(garbage.err)
        .contains(checkpoint.toString())
        .contains("cannot resume from it")
        .doesNotContain("unexpected error");

    Files.writeString(checkpoint, Checkpoint.EMPTY.serialize() + "\nNaN\n");
    CliRun nan = sync(file, out);
    assertThat(nan.exitCode).as(nan.toString()).isEqualTo(2);
    assertThat(nan.err)
        .contains(checkpoint.toString())
        .contains("not a whole number")
        .doesNotContain("NumberFormatException");
    assertThat(nan.err.strip().lines()).hasSize(1);
  }

  /**
   * A full disk, as {@code /dev/full} is: every write fails with "No space left on device". Whether
   * the writer fails while the pull goes on (5,000 records) or only when the last lines are written
   * (30), the sync ends FAILED with the file system's reason and no checkpoint claims the lost
   * lines.
   */
  @ParameterizedTest
  @ValueSource(longs = {5_000L, 30L})
  void aFullDiskFailsTheSyncWithItsReasonAndSavesNoCheckpoint(long accounts) throws IOException {
    Path full = Path.of("/dev/full");
    Assumptions.assumeTrue(Files.isWritable(full), "needs /dev/full (Linux)");
    Path file = connectionFile(Map.of("Account", accounts));
    Path out = Files.createDirectories(dir.resolve("out"));
    Files.createSymbolicLink(out.resolve("Account.jsonl"), full);

    CliRun run = sync(file, out);
    assertThat(run.exitCode).as(run.toString()).isEqualTo(RevsyncCli.EXIT_FAILED);
    assertThat(run.out)
        .as(run.toString())
        .contains("Account: FAILED")
        .contains("No space left on device")
        .contains(out.resolve("Account.jsonl").toString())
        .contains("Free space");
    assertThat(run.err).as(run.toString()).doesNotContain("unexpected error");
    assertThat(out.resolve("Account.checkpoint"))
        .as("a checkpoint over lines that were never written")
        .doesNotExist();
  }

  @Test
  void theDailyBudgetHoldsAcrossRunsOfTheToolOnTheSameDay() throws IOException {
    Path file = connectionFile(Map.of("Account", 5_000L), "dailyLimit=2");
    Path out = dir.resolve("out");
    for (int run = 1; run <= 3; run++) {
      CliRun r = sync(file, out);
      assertThat(r.exitCode).as("run %d: %s", run, r).isEqualTo(RevsyncCli.EXIT_PARTIAL);
      assertThat(r.out).as("run %d", run).contains("Account: QUOTA_EXHAUSTED");
    }
    assertThat(simulator.requestLog().count())
        .as("calls the system served in three runs with dailyLimit=2")
        .isEqualTo(2);
  }

  @Test
  void aWriteToAnObjectTheSystemDoesNotKnowFailsWithItsReasonAndLeavesNoBacklog()
      throws IOException {
    Path file = connectionFile(Map.of("Lead", 5L));
    Path input = dir.resolve("scores.jsonl");
    Files.writeString(input, "{\"key\":\"00Q000000000001AAA\",\"fields\":{\"Score__c\":91}}\n");
    CliRun run =
        CliRun.run(
            env,
            clock,
            "write",
            "-c",
            file.toString(),
            "--object",
            "Leed__c",
            "--input",
            input.toString());
    assertThat(run.exitCode).as(run.toString()).isEqualTo(RevsyncCli.EXIT_FAILED);
    assertThat(run.out)
        .contains("FAILED")
        .contains("1 failed")
        .contains("0 not sent")
        .contains("Leed__c");
    assertThat(dir.resolve("scores.jsonl.backlog.jsonl"))
        .as("a backlog for a write that can never succeed")
        .doesNotExist();
  }

  @Test
  void badWriteInputGetsAMessageForTheFilesAuthor() throws IOException {
    Path file = connectionFile(Map.of("Lead", 5L));
    Path input = dir.resolve("in.jsonl");
    Files.writeString(input, "{\"key\":\"a\",\"fields\":{\"Score__c\":1,\"Score__c\":2}}\n");
    CliRun twice =
        CliRun.run(
            env,
            clock,
            "write",
            "-c",
            file.toString(),
            "--object",
            "Lead",
            "--input",
            input.toString());
    assertThat(twice.exitCode).isEqualTo(2);
    assertThat(twice.err).contains("line 1").contains("\"Score__c\" appears twice in fields");

    Files.writeString(input, "{\"key\":\"a\",\"fields\":{\"Score__c\":1}}\n{key: a, fields}\n");
    CliRun invalid =
        CliRun.run(
            env,
            clock,
            "write",
            "-c",
            file.toString(),
            "--object",
            "Lead",
            "--input",
            input.toString());
    assertThat(invalid.exitCode).isEqualTo(2);
    assertThat(invalid.err)
        .contains("line 2 is not a JSON object")
        .doesNotContain("setLenient")
        .doesNotContain("Lenient");

    CliRun missing =
        CliRun.run(
            env,
            clock,
            "write",
            "-c",
            file.toString(),
            "--object",
            "Lead",
            "--input",
            dir.resolve("nofile.jsonl").toString());
    assertThat(missing.exitCode).isEqualTo(2);
    assertThat(missing.err).contains("nofile.jsonl").contains("no such file");
  }
}
