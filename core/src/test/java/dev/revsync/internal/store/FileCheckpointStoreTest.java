package dev.revsync.internal.store;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.revsync.Checkpoint;
import dev.revsync.QuotaLedger;
import dev.revsync.RevsyncException;
import dev.revsync.pipeline.CheckpointStore;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class FileCheckpointStoreTest extends CheckpointStoreContract {
  @TempDir Path dir;

  @Override
  protected CheckpointStore open() {
    return CheckpointStore.files(dir);
  }

  @Test
  void aSaveLeavesOnlyTheCheckpointFileBehind() throws Exception {
    store.save("acme", "salesforce", "Account", entry("1", true));
    store.save("acme", "salesforce", "Account", entry("2", true));

    try (Stream<Path> files = Files.list(dir.resolve("checkpoints/acme/salesforce"))) {
      assertThat(files.map(p -> p.getFileName().toString())).containsExactly("^account.cp");
    }
  }

  @Test
  void idsTooLongForAFileNameAreCutAndHashedApart() {
    List<String> tenants = List.of("t".repeat(400), "t".repeat(401), "T".repeat(400));
    for (String tenant : tenants) store.save(tenant, "salesforce", "Lead", entry(tenant, true));

    for (String tenant : tenants) {
      assertThat(reopen().load(tenant, "salesforce", "Lead")).contains(entry(tenant, true));
    }
  }

  @Test
  void readersNeverSeeAHalfWrittenCheckpointWhileAnotherThreadSaves() throws Exception {
    String payload = "p".repeat(200 * 1024);
    store.save("acme", "salesforce", "Account", big(0, payload));
    AtomicBoolean done = new AtomicBoolean();
    List<Throwable> problems = new CopyOnWriteArrayList<>();
    Thread reader =
        new Thread(
            () -> {
              while (!done.get()) {
                try {
                  Checkpoint read =
                      store.load("acme", "salesforce", "Account").orElseThrow().checkpoint();
                  if (read.get("payload").length() != payload.length())
                    problems.add(new AssertionError("torn: " + read.get("i")));
                } catch (RuntimeException e) {
                  problems.add(e);
                }
              }
            });
    reader.start();
    for (int i = 1; i <= 60; i++) store.save("acme", "salesforce", "Account", big(i, payload));
    done.set(true);
    reader.join();

    assertThat(problems).isEmpty();
    assertThat(store.load("acme", "salesforce", "Account").orElseThrow().checkpoint().get("i"))
        .isEqualTo("60");
  }

  @Test
  void temporaryFilesACrashLeftAreIgnoredAndOldOnesRemovedOnOpen() throws Exception {
    store.save("acme", "salesforce", "Account", entry("1", true));
    Path folder = dir.resolve("checkpoints/acme/salesforce");
    Path old =
        Files.writeString(
            folder.resolve(".rs-^account.cp-1234.tmp"), "revsync checkpoint v1\nbacklog=tr");
    Files.setLastModifiedTime(old, FileTime.from(Instant.now().minus(Duration.ofDays(1))));
    Path fresh = Files.writeString(folder.resolve(".rs-^account.cp-5678.tmp"), "half");

    CheckpointStore again = reopen();

    assertThat(again.load("acme", "salesforce", "Account")).contains(entry("1", true));
    assertThat(old).doesNotExist();
    assertThat(fresh).exists(); // may belong to a live process about to rename it
  }

  @Test
  void aCorruptCheckpointFileGetsAnErrorNamingTheFileAndWhatToDo() throws Exception {
    store.save("acme", "salesforce", "Account", entry("1", true));
    Path file = dir.resolve("checkpoints/acme/salesforce/^account.cp");
    Files.writeString(file, "{\"not\": \"ours\"}");

    assertThatThrownBy(() -> store.load("acme", "salesforce", "Account"))
        .isInstanceOf(RevsyncException.class)
        .hasMessageContaining(file.toString())
        .hasMessageContaining("not a revsync store file")
        .hasMessageContaining("delete it to start that object");
  }

  @Test
  void aCrashLosesAtMostOneReservedBlockOfTheBudgetAndNeverGrantsMore() throws Exception {
    QuotaLedger first = store.quotaLedger();
    for (int i = 0; i < 13; i++) assertThat(first.tryIncrement("tenant-acme", DAY, 1000)).isTrue();
    assertThat(Files.readString(dir.resolve("quota/2026-03-02/tenant-acme.count")).trim())
        .isEqualTo("20");

    QuotaLedger second = reopen().quotaLedger(); // the first process died holding calls 14-20
    int granted = 0;
    while (second.tryIncrement("tenant-acme", DAY, 1000)) granted++;

    assertThat(granted).isEqualTo(980);
    assertThat(second.spent("tenant-acme", DAY)).isEqualTo(1000);
  }

  @Test
  void aSmallBudgetReservesSmallerBlocks() throws Exception {
    QuotaLedger ledger = store.quotaLedger();
    assertThat(ledger.tryIncrement("tenant-acme", DAY, 100)).isTrue();

    assertThat(Files.readString(dir.resolve("quota/2026-03-02/tenant-acme.count")).trim())
        .isEqualTo("2");
  }

  @Test
  void aLoweredCeilingStopsGrantsInsideAReservedBlock() throws Exception {
    QuotaLedger ledger = store.quotaLedger();
    for (int i = 0; i < 3; i++) assertThat(ledger.tryIncrement("tenant-acme", DAY, 100)).isTrue();

    assertThat(ledger.tryIncrement("tenant-acme", DAY, 4)).isTrue();
    assertThat(ledger.tryIncrement("tenant-acme", DAY, 4)).isFalse();
    assertThat(ledger.spent("tenant-acme", DAY)).isEqualTo(4);
  }

  private static CheckpointStore.Entry big(int i, String payload) {
    return new CheckpointStore.Entry(
        Checkpoint.of(Map.of("i", Integer.toString(i), "payload", payload)), true, Instant.EPOCH);
  }
}
