package dev.revsync.internal.pipeline;

import dev.revsync.Checkpoint;
import dev.revsync.ConnectionConfig;
import dev.revsync.QuotaLedger;
import dev.revsync.QuotaPolicy;
import dev.revsync.Record;
import dev.revsync.RecordSink;
import dev.revsync.SyncRequest;
import dev.revsync.TestClock;
import dev.revsync.pipeline.CheckpointStore;
import dev.revsync.pipeline.DailyPipeline;
import dev.revsync.pipeline.DailyReport;
import dev.revsync.pipeline.PipelineConnection;
import dev.revsync.pipeline.PipelineListener;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.atomic.AtomicInteger;
import org.h2.jdbcx.JdbcDataSource;
import org.slf4j.MDC;

/**
 * The process the kill tests start, kill with SIGKILL and start again. It says on stdout where it
 * is; at the kill point it says {@code KILL-ME} and waits forever, so the parent kills it exactly
 * there. Modes:
 *
 * <ul>
 *   <li>{@code pull <files|jdbc> <store> <sinkFile> <killPoint> <n>}: runs one day's pull of {@link
 *       #RECORDS} seeded records into a sink that appends ids to {@code sinkFile} and forces them
 *       to disk at each checkpoint. Kill points: {@code midPage} (record 25 of page n taken, not
 *       yet durable), {@code afterHostCheckpoint} (page n durable in the sink, its checkpoint not
 *       yet saved), {@code afterStoreSave} (page n's checkpoint saved), {@code none}.
 *   <li>{@code ledger <files|jdbc> <store> <n>}: grants calls (ceiling {@link #BUDGET}) until
 *       refused, or waits to be killed after the n-th.
 *   <li>{@code saveloop <dir> <from>}: saves large checkpoints 1, 2, 3... in the file store for
 *       ever.
 *   <li>{@code mdc}: runs two connections and prints the MDC seen by the connector.
 * </ul>
 */
public final class PipelineChild {
  static final LocalDate DAY = LocalDate.parse("2026-03-02");
  static final int RECORDS = 1000;
  static final int PAGE = 50;
  static final long SEED = 42;
  static final long BUDGET = 100;

  private PipelineChild() {}

  public static void main(String[] args) throws Exception {
    switch (args[0]) {
      case "pull" ->
          pull(store(args[1], args[2]), Path.of(args[3]), args[4], Integer.parseInt(args[5]));
      case "ledger" -> ledger(store(args[1], args[2]), Integer.parseInt(args[3]));
      case "saveloop" -> saveLoop(Path.of(args[1]), Integer.parseInt(args[2]));
      case "mdc" -> mdc();
      default -> throw new IllegalArgumentException(args[0]);
    }
    System.exit(0);
  }

  static CheckpointStore store(String kind, String location) {
    if (kind.equals("files")) return CheckpointStore.files(Path.of(location));
    JdbcDataSource dataSource = new JdbcDataSource();
    dataSource.setURL(location);
    return CheckpointStore.jdbc(dataSource);
  }

  /**
   * The H2 URL of a database in {@code dir}: every commit written through, kept open while the JVM
   * lives.
   */
  static String h2Url(Path dir) {
    return "jdbc:h2:file:"
        + dir.resolve("revsync").toAbsolutePath()
        + ";WRITE_DELAY=0;DB_CLOSE_DELAY=-1";
  }

  static FakeSource source() {
    return new FakeSource("Account", SEED, RECORDS);
  }

  private static void pull(CheckpointStore store, Path sinkFile, String killPoint, int n) {
    TestClock clock = new TestClock(DAY.atStartOfDay().toInstant(ZoneOffset.UTC));
    QuotaPolicy policy =
        QuotaPolicy.builder().dailyLimit(10_000).ledger(store.quotaLedger()).build();
    ConnectionConfig config =
        ConnectionConfig.builder("tenant-acme").clock(clock).quotaPolicy(policy).build();
    FakeConnector.Provider provider = new FakeConnector.Provider().source(source());
    provider.pageSize = PAGE;
    provider.perPage = Duration.ofSeconds(1);
    provider.hooks =
        new FakeConnector.Hooks() {
          @Override
          public void recordAccepted(String object, int page, int index) {
            if (killPoint.equals("midPage") && page == n && index == PAGE / 2) awaitKill(killPoint);
          }
        };
    AtomicInteger hostCheckpoints = new AtomicInteger();
    DailyPipeline.SinkFactory sinks =
        (connection, object) ->
            new FileSink(sinkFile) {
              @Override
              public void checkpoint(Checkpoint checkpoint) {
                super.checkpoint(checkpoint);
                if (killPoint.equals("afterHostCheckpoint")
                    && hostCheckpoints.incrementAndGet() == n) awaitKill(killPoint);
              }
            };
    AtomicInteger saves = new AtomicInteger();
    PipelineListener listener =
        new PipelineListener() {
          @Override
          public void progress(Progress progress) {
            say("PROGRESS " + progress.records());
            if (killPoint.equals("afterStoreSave") && saves.incrementAndGet() == n)
              awaitKill(killPoint);
          }
        };
    try (DailyPipeline pipeline =
        DailyPipeline.builder()
            .store(store)
            .sinks(sinks)
            .clock(clock)
            .listener(listener)
            .connection(
                PipelineConnection.builder("acme", provider, config).objects("Account").build())
            .build()) {
      DailyReport report = pipeline.runDay(DAY);
      DailyReport.ObjectReport row = report.object("acme", "fake", "Account").orElseThrow();
      say(
          "DONE "
              + row.status()
              + " "
              + row.records()
              + " spent="
              + report.connections().get(0).spent());
    }
    store.close();
  }

  private static void ledger(CheckpointStore store, int killAfter) {
    QuotaLedger ledger = store.quotaLedger();
    int granted = 0;
    while (ledger.tryIncrement("tenant-acme", DAY, BUDGET)) {
      granted++;
      say("GRANTED " + granted);
      if (granted == killAfter) awaitKill("ledger");
    }
    say("REFUSED after " + granted + " spent=" + ledger.spent("tenant-acme", DAY));
  }

  private static void saveLoop(Path dir, int from) {
    CheckpointStore store = CheckpointStore.files(dir);
    String payload = "x".repeat(256 * 1024); // several write() calls per save
    for (int i = from; ; i++) {
      store.save(
          "acme",
          "fake",
          "Account",
          new CheckpointStore.Entry(
              Checkpoint.of(Map.of("i", Integer.toString(i), "payload", payload)),
              true,
              Instant.EPOCH));
      say("SAVED " + i);
    }
  }

  private static void mdc() {
    TestClock clock = new TestClock(DAY.atStartOfDay().toInstant(ZoneOffset.UTC));
    CheckpointStore store = CheckpointStore.inMemory();
    FakeConnector.Hooks hooks =
        new FakeConnector.Hooks() {
          @Override
          public void syncStarted(ConnectionConfig config, SyncRequest request) {
            say(
                "MDC "
                    + MDC.get(DailyPipeline.MDC_TENANT)
                    + "|"
                    + MDC.get(DailyPipeline.MDC_CONNECTOR)
                    + "|"
                    + MDC.get(DailyPipeline.MDC_OBJECT));
          }
        };
    PipelineListener listener =
        new PipelineListener() {
          @Override
          public void writesFinished(
              PipelineConnection connection, dev.revsync.pipeline.DailyReport.WriteReport report) {
            say(
                "AFTER-OBJECTS "
                    + MDC.get(DailyPipeline.MDC_TENANT)
                    + "|"
                    + MDC.get(DailyPipeline.MDC_OBJECT));
          }

          @Override
          public void dayFinished(DailyReport report) {
            say("DAY-DONE " + MDC.get(DailyPipeline.MDC_TENANT));
          }
        };
    DailyPipeline.Builder builder =
        DailyPipeline.builder()
            .store(store)
            .sinks((c, o) -> r -> {})
            .clock(clock)
            .listener(listener)
            .concurrency(1);
    for (String tenant : List.of("acme", "globex")) {
      FakeConnector.Provider provider =
          new FakeConnector.Provider()
              .source(new FakeSource("Account", 1, 5))
              .source(new FakeSource("Contact", 2, 5));
      provider.hooks = hooks;
      ConnectionConfig config =
          ConnectionConfig.builder("tenant-" + tenant)
              .clock(clock)
              .quotaPolicy(
                  QuotaPolicy.builder().dailyLimit(100).ledger(store.quotaLedger()).build())
              .build();
      builder.connection(
          PipelineConnection.builder(tenant, provider, config)
              .objects("Account", "Contact")
              .build());
    }
    try (DailyPipeline pipeline = builder.build()) {
      pipeline.runDay(DAY);
    }
  }

  static void say(String line) {
    System.out.println(line);
    System.out.flush();
  }

  private static void awaitKill(String where) {
    say("KILL-ME " + where);
    try {
      new CountDownLatch(1).await();
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
    throw new IllegalStateException("not killed");
  }

  /**
   * A host sink: ids stay in memory until a checkpoint appends them to the file and forces it to
   * disk.
   */
  static class FileSink implements RecordSink, AutoCloseable {
    private final FileChannel channel;
    private final List<String> pending = new ArrayList<>();

    FileSink(Path file) {
      try {
        channel =
            FileChannel.open(
                file,
                StandardOpenOption.CREATE,
                StandardOpenOption.WRITE,
                StandardOpenOption.APPEND);
      } catch (IOException e) {
        throw new UncheckedIOException(e);
      }
    }

    @Override
    public void accept(Record record) {
      pending.add(record.id());
    }

    @Override
    public void checkpoint(Checkpoint checkpoint) {
      StringBuilder lines = new StringBuilder();
      pending.forEach(id -> lines.append(id).append('\n'));
      try {
        ByteBuffer bytes = ByteBuffer.wrap(lines.toString().getBytes(StandardCharsets.UTF_8));
        while (bytes.hasRemaining()) channel.write(bytes);
        channel.force(true);
      } catch (IOException e) {
        throw new UncheckedIOException(e);
      }
      pending.clear();
    }

    @Override
    public void close() throws IOException {
      channel.close();
    }
  }
}
