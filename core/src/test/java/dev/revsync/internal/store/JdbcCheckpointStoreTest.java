package dev.revsync.internal.store;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.revsync.QuotaLedger;
import dev.revsync.RevsyncException;
import dev.revsync.pipeline.CheckpointStore;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import javax.sql.DataSource;
import org.h2.jdbcx.JdbcDataSource;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class JdbcCheckpointStoreTest extends CheckpointStoreContract {
  @TempDir Path dir;

  @Override
  protected CheckpointStore open() {
    return CheckpointStore.jdbc(dataSource());
  }

  private DataSource dataSource() {
    JdbcDataSource ds = new JdbcDataSource();
    ds.setURL(
        "jdbc:h2:file:" + dir.resolve("db").toAbsolutePath() + ";WRITE_DELAY=0;DB_CLOSE_DELAY=-1");
    return ds;
  }

  @Test
  void twoProcessesSharingTheDatabaseShareOneBudgetExactly() throws Exception {
    QuotaLedger one = reopen().quotaLedger();
    QuotaLedger two = reopen().quotaLedger();
    ExecutorService threads = Executors.newFixedThreadPool(6);
    try {
      List<Callable<Integer>> racers = new ArrayList<>();
      for (int t = 0; t < 6; t++) {
        QuotaLedger ledger = t % 2 == 0 ? one : two;
        racers.add(
            () -> {
              int granted = 0;
              for (int i = 0; i < 50; i++) {
                if (ledger.tryIncrement("tenant-acme", DAY, 200)) granted++;
              }
              return granted;
            });
      }
      int total = 0;
      for (Future<Integer> f : threads.invokeAll(racers)) total += f.get();
      assertThat(total).isEqualTo(200);
    } finally {
      threads.shutdown();
    }
  }

  @Test
  void aThreadInterruptedInTheMiddleOfAGrantLeavesTheLedgerWorkingForTheOthers() throws Exception {
    // Kafka Connect stops a task by interrupting its thread, and the pipeline interrupts pulls a
    // minute after close: an embedded H2 closes its file for every connection when a thread in its
    // file I/O is interrupted, so one stopped task would break the budget of every other one.
    QuotaLedger ledger = reopen().quotaLedger();
    for (int round = 0; round < 30; round++) {
      java.util.concurrent.CountDownLatch granting = new java.util.concurrent.CountDownLatch(5);
      java.util.concurrent.atomic.AtomicReference<Throwable> failure =
          new java.util.concurrent.atomic.AtomicReference<>();
      Thread puller =
          new Thread(
              () -> {
                try {
                  while (!Thread.currentThread().isInterrupted()) {
                    ledger.tryIncrement("tenant-" + granting.hashCode(), DAY, Long.MAX_VALUE);
                    granting.countDown();
                  }
                } catch (RuntimeException e) {
                  failure.set(e);
                }
              });
      puller.start();
      granting.await();
      puller.interrupt();
      puller.join();
      assertThat(failure.get()).isNull();
      assertThat(ledger.tryIncrement("tenant-other", DAY, Long.MAX_VALUE)).isTrue();
    }
    assertThat(reopen().quotaLedger().spent("tenant-other", DAY)).isEqualTo(30);
  }

  @Test
  void aTablePrefixKeepsTwoStoresInOneDatabaseApart() {
    CheckpointStore a = CheckpointStore.jdbc(dataSource(), "a_");
    CheckpointStore b = CheckpointStore.jdbc(dataSource(), "b_");

    a.save("acme", "salesforce", "Account", entry("a", true));

    assertThat(b.load("acme", "salesforce", "Account")).isEmpty();
    assertThat(CheckpointStore.jdbc(dataSource(), "a_").load("acme", "salesforce", "Account"))
        .contains(entry("a", true));
  }

  @Test
  void aTablePrefixThatIsNotAPlainNameIsRefused() {
    assertThatThrownBy(() -> CheckpointStore.jdbc(dataSource(), "x; DROP TABLE y; --"))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("tablePrefix");
  }

  @Test
  void anIdLongerThanItsColumnIsRefusedWithTheLimit() {
    assertThatThrownBy(() -> store.save("t".repeat(256), "salesforce", "Lead", entry("1", true)))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("a tenant of at most 255 characters; this one has 256");
  }

  @Test
  void aDatabaseErrorNamesTheOperationAndTheSqlState() throws Exception {
    try (Connection c = dataSource().getConnection();
        Statement s = c.createStatement()) {
      s.executeUpdate("DROP TABLE revsync_checkpoint");
    }

    assertThatThrownBy(() -> store.load("acme", "salesforce", "Account"))
        .isInstanceOf(RevsyncException.class)
        .hasMessageContaining("JdbcCheckpointStore.load")
        .hasMessageContaining("SQLState 42S02")
        .hasMessageContaining("Check that the database is reachable");
  }
}
