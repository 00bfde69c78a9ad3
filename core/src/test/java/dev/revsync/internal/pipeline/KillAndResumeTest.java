package dev.revsync.internal.pipeline;

import static org.assertj.core.api.Assertions.assertThat;

import dev.revsync.internal.store.FileCheckpointStore;
import dev.revsync.pipeline.CheckpointStore;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * Kills a child JVM running the pipeline with SIGKILL at chosen points (the child says where it is
 * and waits there, so no sleeping), restarts it, and checks what survived.
 */
@Timeout(300)
class KillAndResumeTest {
  @TempDir Path dir;

  @ParameterizedTest
  @ValueSource(strings = {"files", "jdbc"})
  void aPullKilledMidPageAfterTheHostCheckpointAndAfterTheSaveEndsWithExactlyTheSourcesRecords(
      String kind) throws Exception {
    String location = location(kind);
    Path sink = dir.resolve("sink.txt");

    killPull(kind, location, sink, "midPage", 3); // pages 1-2 durable, page 3 half taken: lost
    killPull(
        kind,
        location,
        sink,
        "afterHostCheckpoint",
        4); // records 101-300 durable, checkpoint at 250
    killPull(kind, location, sink, "afterStoreSave", 5); // replays 251-300, then 301-500 saved
    String done;
    try (ChildJvm child =
        ChildJvm.start(dir, "pull", kind, location, sink.toString(), "none", "0")) {
      done = child.awaitLineStartingWith("DONE ");
      assertThat(child.awaitExit()).isZero();
    }

    assertThat(done).startsWith("DONE COMPLETED 500 ");
    List<String> source = PipelineChild.source().ids();
    List<String> expected = new ArrayList<>(source.subList(0, 300));
    expected.addAll(
        source.subList(250, 1000)); // the one page in flight at the second kill, once more
    assertThat(Files.readAllLines(sink)).isEqualTo(expected);

    // Calls: 1 login + 3 pages, 1 + 4, 1 + 5, 1 + 10. Every one stayed counted across the kills.
    long spent = Long.parseLong(done.substring(done.indexOf("spent=") + 6));
    if (kind.equals("jdbc")) {
      assertThat(spent).isEqualTo(26);
    } else {
      assertThat(spent).isBetween(26L, 26L + 3 * FileCheckpointStore.DEFAULT_LEDGER_BLOCK);
    }
  }

  @ParameterizedTest
  @ValueSource(strings = {"files", "jdbc"})
  void aProcessKilledAfterGrantingCallsNeverLetsTheDayGrantMoreThanTheBudget(String kind)
      throws Exception {
    String location = location(kind);
    killLedger(kind, location, 37);
    killLedger(kind, location, 20);
    String refused;
    try (ChildJvm child = ChildJvm.start(dir, "ledger", kind, location, "-1")) {
      refused = child.awaitLineStartingWith("REFUSED ");
      assertThat(child.awaitExit()).isZero();
    }

    int third = Integer.parseInt(refused.split(" ")[2]);
    assertThat(37 + 20 + third).isLessThanOrEqualTo((int) PipelineChild.BUDGET);
    assertThat(refused).endsWith("spent=" + PipelineChild.BUDGET);
    if (kind.equals("jdbc")) {
      assertThat(third).isEqualTo(43);
    } else {
      // Each crash may waste what is left of the block it had reserved, never more.
      assertThat(third).isGreaterThanOrEqualTo(43 - 2 * FileCheckpointStore.DEFAULT_LEDGER_BLOCK);
    }
  }

  @Test
  void theFileStoreKilledWhileSavingAlwaysHoldsAWholeCheckpoint() throws Exception {
    Path store = dir.resolve("store");
    int from = 1;
    for (int stopAt : new int[] {25, 40, 60}) {
      try (ChildJvm child =
          ChildJvm.start(dir, "saveloop", store.toString(), Integer.toString(from))) {
        child.awaitLineStartingWith("SAVED " + stopAt);
        child.kill();
      }
      try (CheckpointStore reopened = CheckpointStore.files(store)) {
        CheckpointStore.Entry entry = reopened.load("acme", "fake", "Account").orElseThrow();
        int saved = Integer.parseInt(entry.checkpoint().get("i"));
        assertThat(saved).isGreaterThanOrEqualTo(stopAt);
        assertThat(entry.checkpoint().get("payload")).hasSize(256 * 1024);
        from = saved + 1;
      }
    }
    try (Stream<Path> files = Files.walk(store)) {
      // A kill mid-save leaves at most its temporary file, which loads ignore.
      assertThat(files.filter(p -> p.getFileName().toString().endsWith(".tmp")).count())
          .isLessThanOrEqualTo(3);
    }
  }

  @Test
  void theMdcNamesTenantConnectorAndObjectWhileAConnectionRuns() throws Exception {
    List<String> lines;
    try (ChildJvm child =
        ChildJvm.start(
            dir, List.of("-Dslf4j.provider=" + MdcTestProvider.class.getName()), "mdc")) {
      assertThat(child.awaitExit()).isZero();
      lines = child.lines();
    }
    // One worker thread runs both connections: each sees its own names, none leaks into the next.
    assertThat(lines)
        .containsExactly(
            "MDC acme|fake|Account",
            "MDC acme|fake|Contact",
            "AFTER-OBJECTS acme|null",
            "MDC globex|fake|Account",
            "MDC globex|fake|Contact",
            "AFTER-OBJECTS globex|null",
            "DAY-DONE null");
  }

  private String location(String kind) {
    return kind.equals("files") ? dir.resolve("store").toString() : PipelineChild.h2Url(dir);
  }

  private void killPull(String kind, String location, Path sink, String point, int n)
      throws Exception {
    try (ChildJvm child =
        ChildJvm.start(dir, "pull", kind, location, sink.toString(), point, Integer.toString(n))) {
      child.awaitLineStartingWith("KILL-ME " + point);
      child.kill();
    }
  }

  private void killLedger(String kind, String location, int n) throws Exception {
    try (ChildJvm child = ChildJvm.start(dir, "ledger", kind, location, Integer.toString(n))) {
      child.awaitLineStartingWith("KILL-ME");
      child.kill();
    }
  }
}
