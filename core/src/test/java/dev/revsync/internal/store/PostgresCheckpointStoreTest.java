package dev.revsync.internal.store;

import static org.assertj.core.api.Assertions.assertThat;

import dev.revsync.pipeline.CheckpointStore;
import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.io.OutputStreamWriter;
import java.io.Writer;
import java.net.InetAddress;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import mockwebserver3.Dispatcher;
import mockwebserver3.MockResponse;
import mockwebserver3.MockWebServer;
import mockwebserver3.RecordedRequest;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The JDBC store and ledger on a real PostgreSQL server (hosts run PostgreSQL, not H2), started by
 * this test: the store's contract, and three JVMs spending one budget through it.
 */
class PostgresCheckpointStoreTest extends CheckpointStoreContract {
  private static final AtomicInteger TABLES = new AtomicInteger();
  private static PostgresServer server;

  /** Each test its own tables in the one server: a fresh store without a fresh server. */
  private final String prefix = "t" + TABLES.incrementAndGet() + "_";

  @TempDir Path dir;

  @BeforeAll
  static void startServer() throws Exception {
    server = PostgresServer.start();
  }

  @AfterAll
  static void stopServer() throws Exception {
    if (server != null) server.close();
  }

  @Override
  protected CheckpointStore open() {
    return CheckpointStore.jdbc(server.dataSource(), prefix);
  }

  @Test
  void threeJvmsSpendingOneBudgetMakeExactlyTheLimitOfCallsNeverOneMore() throws Exception {
    int limit = 150;
    AtomicInteger served = new AtomicInteger();
    try (MockWebServer api = new MockWebServer()) {
      api.setDispatcher(
          new Dispatcher() {
            @Override
            public MockResponse dispatch(RecordedRequest request) {
              served.incrementAndGet();
              return new MockResponse.Builder().code(200).body("{}").build();
            }
          });
      api.start(InetAddress.getByName("127.0.0.1"), 0);
      store.quotaLedger(); // creates the tables before the children race to
      List<Process> children = new ArrayList<>();
      try {
        for (int i = 0; i < 3; i++) {
          children.add(
              new ProcessBuilder(
                      Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                      "-cp",
                      System.getProperty("java.class.path"),
                      "-XX:TieredStopAtLevel=1",
                      "-Xshare:auto",
                      BudgetChild.class.getName(),
                      server.url(),
                      prefix,
                      Integer.toString(limit),
                      api.url("/").toString())
                  .redirectError(dir.resolve("child-" + i + ".err").toFile())
                  .start());
        }
        List<BufferedReader> outs = new ArrayList<>();
        for (Process child : children) {
          BufferedReader out =
              new BufferedReader(
                  new InputStreamReader(child.getInputStream(), StandardCharsets.UTF_8));
          assertThat(out.readLine()).as("the child's first line").isEqualTo("ready");
          outs.add(out);
        }
        for (Process child : children) { // all start spending at once
          Writer in = new OutputStreamWriter(child.getOutputStream(), StandardCharsets.UTF_8);
          in.write("go\n");
          in.flush();
        }
        int granted = 0;
        for (int i = 0; i < children.size(); i++) {
          String line = outs.get(i).readLine();
          assertThat(line).as("child %d's result (stderr in %s)", i, dir).startsWith("calls ");
          granted += Integer.parseInt(line.substring("calls ".length()));
          assertThat(children.get(i).waitFor(60, TimeUnit.SECONDS)).isTrue();
          assertThat(children.get(i).exitValue()).isZero();
        }
        assertThat(served.get())
            .as("requests the server saw from three JVMs with a daily limit of %d", limit)
            .isEqualTo(limit);
        assertThat(granted).as("calls the three JVMs made").isEqualTo(limit);
        assertThat(store.quotaLedger().spent(BudgetChild.CONNECTION, BudgetChild.DAY))
            .isEqualTo(limit);
      } finally {
        children.forEach(Process::destroyForcibly);
      }
    }
  }

  @Test
  void racingFirstSavesOfOneCheckpointFromManyConnectionsAllLandAndOneWins() throws Exception {
    List<CheckpointStore> stores = List.of(reopen(), reopen(), reopen(), reopen());
    java.util.concurrent.ExecutorService threads =
        java.util.concurrent.Executors.newFixedThreadPool(8);
    try {
      List<java.util.concurrent.Callable<Void>> racers = new ArrayList<>();
      for (int t = 0; t < 8; t++) {
        CheckpointStore s = stores.get(t % stores.size());
        String value = Integer.toString(t);
        racers.add(
            () -> {
              for (int i = 0; i < 10; i++)
                s.save("acme", "salesforce", "Object" + i, entry(value, true));
              return null;
            });
      }
      for (java.util.concurrent.Future<Void> f : threads.invokeAll(racers))
        f.get(); // no duplicate-key failure
    } finally {
      threads.shutdown();
    }
    for (int i = 0; i < 10; i++) {
      assertThat(reopen().load("acme", "salesforce", "Object" + i))
          .as("Object%d after 8 racing saves", i)
          .hasValueSatisfying(
              e ->
                  assertThat(Integer.parseInt(e.checkpoint().get(dev.revsync.Checkpoint.CURSOR_ID)))
                      .isBetween(0, 7));
    }
  }
}
