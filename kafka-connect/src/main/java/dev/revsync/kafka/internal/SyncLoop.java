package dev.revsync.kafka.internal;

import dev.revsync.Checkpoint;
import dev.revsync.Connector;
import dev.revsync.Record;
import dev.revsync.RecordSink;
import dev.revsync.SyncMode;
import dev.revsync.SyncRequest;
import dev.revsync.SyncResult;
import dev.revsync.pipeline.PullWindow;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import org.apache.kafka.connect.data.Schema;
import org.apache.kafka.connect.data.Struct;
import org.apache.kafka.connect.header.ConnectHeaders;
import org.apache.kafka.connect.source.SourceRecord;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A source task's puller: one thread that, inside the pull window, runs each of the task's
 * partitions once a day from its checkpoint, and hands the records to {@code poll()} a page at a
 * time. Outside the window it waits and calls nothing.
 *
 * <p>Offsets are exact: a page's records are held until the connector checkpoints after them; the
 * page's last record carries that new checkpoint, the others the checkpoint before the page.
 * Connect commits the offset of a record only once it and every record before it are written, so a
 * task killed anywhere resumes from a checkpoint whose records are all in Kafka (at worst
 * re-sending part of one page), and a page is never split across {@code poll()} results, so with
 * exactly-once support each transaction ends on a checkpoint. Memory is a page or two per task.
 */
final class SyncLoop implements AutoCloseable {
  private static final Logger log = LoggerFactory.getLogger(SyncLoop.class);

  /** How long the thread waits between looks at the clock when there is nothing to pull. */
  private static final Duration IDLE = Duration.ofSeconds(1);

  /**
   * Records handed over without waiting for a checkpoint, for a connector that checkpoints rarely:
   * they carry the previous checkpoint, so a resume repeats them rather than losing any.
   */
  static final int MAX_PAGE = 10_000;

  static final String OFFSET_KEY = "checkpoint";

  private final Settings settings;
  private final Clock clock;
  private final BudgetLedger ledger;
  private final PullWindow window = PullWindow.daily();
  private final List<Partition> partitions;
  private final Map<Partition, Checkpoint> checkpoints;
  private final Map<Partition, LocalDate> doneOn = new HashMap<>();
  private final Map<String, Connector> connectors = new HashMap<>();
  private final Map<Partition, StructMapper> mappers = new HashMap<>();
  private final BlockingQueue<List<SourceRecord>> pages = new ArrayBlockingQueue<>(2);
  private final CountDownLatch stop = new CountDownLatch(1);
  private final AtomicLong idleLooks = new AtomicLong();
  private final Thread thread;
  private volatile boolean stopping;
  private int next;

  SyncLoop(
      Settings settings,
      Clock clock,
      BudgetLedger ledger,
      List<Partition> partitions,
      Map<Partition, Checkpoint> checkpoints,
      String name) {
    this.settings = settings;
    this.clock = clock;
    this.ledger = ledger;
    this.partitions = List.copyOf(partitions);
    this.checkpoints = new HashMap<>(checkpoints);
    this.thread = new Thread(this::run, name);
    thread.setDaemon(true);
  }

  void start() {
    thread.start();
  }

  /** The next whole pages, waiting up to {@code wait} for the first; null if none came. */
  List<List<SourceRecord>> take(Duration wait) throws InterruptedException {
    List<SourceRecord> first = pages.poll(wait.toMillis(), TimeUnit.MILLISECONDS);
    if (first == null) return null;
    List<List<SourceRecord>> taken = new ArrayList<>();
    taken.add(first);
    pages.drainTo(taken);
    return taken;
  }

  /** How often the thread found nothing to pull (outside the window, or all done today). */
  long idleLooks() {
    return idleLooks.get();
  }

  private void run() {
    while (!stopping) {
      Instant now = clock.instant();
      Partition p = window.contains(now) ? nextDue(LocalDate.ofInstant(now, ZoneOffset.UTC)) : null;
      if (p == null) {
        idleLooks.incrementAndGet();
        try {
          if (stop.await(IDLE.toMillis(), TimeUnit.MILLISECONDS)) return;
        } catch (InterruptedException e) {
          return;
        }
        continue;
      }
      pull(p, now);
    }
  }

  private Partition nextDue(LocalDate day) {
    for (int i = 0; i < partitions.size(); i++) {
      Partition p = partitions.get((next + i) % partitions.size());
      if (!day.equals(doneOn.get(p))) {
        next = (next + i + 1) % partitions.size();
        return p;
      }
    }
    return null;
  }

  private void pull(Partition p, Instant now) {
    LocalDate day = LocalDate.ofInstant(now, ZoneOffset.UTC);
    Checkpoint from = checkpoints.getOrDefault(p, Checkpoint.EMPTY);
    SyncResult result;
    try {
      Connector connector = connector(p.connectionId());
      StructMapper mapper =
          mappers.computeIfAbsent(
              p, k -> new StructMapper(k.connector(), connector.describe(k.object())));
      SyncRequest request =
          SyncRequest.builder(p.object())
              .mode(SyncMode.INCREMENTAL)
              .checkpoint(from)
              .deadline(window.closesAt(day))
              .cancelWhen(() -> stopping)
              .build();
      result = connector.sync(request, new PageSink(p, mapper, from));
    } catch (Stopped e) {
      return;
    } catch (RuntimeException e) {
      if (stopping) return; // the task's stop ended the call: the next owner resumes
      // One connection's fault (credentials, a malformed response) must not stop the others.
      log.warn("{}: skipped until tomorrow's window: {}", p, e.getMessage(), e);
      doneOn.put(p, day);
      return;
    }
    checkpoints.put(p, result.checkpoint());
    if (stopping) {
      // Cancelled or interrupted by the task's stop, not failed: nothing is skipped.
      log.info("{}: stopped: {}", p, result);
      return;
    }
    switch (result.status()) {
      case COMPLETED, QUOTA_EXHAUSTED -> doneOn.put(p, day);
      case FAILED -> {
        log.warn("{}: skipped until tomorrow's window: {}", p, result.failure().getMessage());
        doneOn.put(p, day);
      }
      default -> {
        // WINDOW_CLOSED: the window check keeps it until tomorrow; CANCELLED: stopping.
      }
    }
    log.info("{}: {}", p, result);
  }

  private Connector connector(String connectionId) {
    Connector c = connectors.get(connectionId);
    if (c == null) {
      c =
          Settings.provider(Settings.connectorOf(connectionId))
              .open(settings.connectionConfig(connectionId, ledger.ledger(), clock));
      connectors.put(connectionId, c);
    }
    return c;
  }

  String topic(Partition p) {
    return settings
        .topicFormat()
        .replace("${connector}", topicPart(p.connector()))
        .replace("${tenant}", topicPart(p.tenant()))
        .replace("${object}", topicPart(p.object()));
  }

  private static String topicPart(String s) {
    StringBuilder b = new StringBuilder(s.length());
    for (int i = 0; i < s.length(); i++) {
      char c = s.charAt(i);
      boolean legal =
          (c >= 'a' && c <= 'z')
              || (c >= 'A' && c <= 'Z')
              || (c >= '0' && c <= '9')
              || c == '.'
              || c == '_'
              || c == '-';
      b.append(legal ? c : '_');
    }
    return b.toString();
  }

  @Override
  public void close() {
    stopping = true;
    stop.countDown();
    // The interrupt ends a call in flight (OkHttp cancels it); the wait stays under Connect's
    // default graceful shutdown of five seconds, after which the worker abandons the task anyway.
    thread.interrupt();
    try {
      thread.join(Duration.ofSeconds(4).toMillis());
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
    for (Connector c : connectors.values()) {
      try {
        c.close();
      } catch (RuntimeException e) {
        log.warn("closing {}: {}", c.descriptor().id(), e.getMessage());
      }
    }
  }

  /** Thrown out of the sink to end a sync when the task stops while a page waits for room. */
  private static final class Stopped extends RuntimeException {
    private static final long serialVersionUID = 1L;

    Stopped() {
      super("stopping", null, false, false);
    }
  }

  /** Collects a page of records and hands it over, as SourceRecords, at the checkpoint after it. */
  private final class PageSink implements RecordSink {
    private final Partition partition;
    private final StructMapper mapper;
    private final String topic;
    private final Map<String, String> sourcePartition;
    private final List<Record> page = new ArrayList<>();
    private Checkpoint before;

    PageSink(Partition partition, StructMapper mapper, Checkpoint before) {
      this.partition = partition;
      this.mapper = mapper;
      this.before = before;
      this.topic = topic(partition);
      this.sourcePartition = partition.sourcePartition();
    }

    @Override
    public void accept(Record record) {
      page.add(record);
      if (page.size() >= MAX_PAGE) handOver(before);
    }

    @Override
    public void checkpoint(Checkpoint checkpoint) {
      handOver(checkpoint);
      before = checkpoint;
    }

    private void handOver(Checkpoint after) {
      if (page.isEmpty()) return;
      Map<String, String> offsetBefore = Map.of(OFFSET_KEY, before.serialize());
      Map<String, String> offsetAfter = Map.of(OFFSET_KEY, after.serialize());
      List<SourceRecord> out = new ArrayList<>(page.size());
      for (int i = 0; i < page.size(); i++) {
        Record r = page.get(i);
        boolean last = i == page.size() - 1;
        ConnectHeaders headers = new ConnectHeaders();
        headers.addString(Settings.CONNECTION_HEADER, partition.connectionId());
        if (r.modifiedAt() != null)
          headers.addString("revsync.modifiedAt", r.modifiedAt().toString());
        Struct value = r.isDeleted() ? null : mapper.toStruct(r);
        out.add(
            new SourceRecord(
                sourcePartition,
                last ? offsetAfter : offsetBefore,
                topic,
                null,
                Schema.STRING_SCHEMA,
                r.id(),
                value == null ? null : value.schema(),
                value,
                // Kafka's own time of writing, not the modification time (in the header): a
                // timestamp older than the topic's retention.ms lets the next retention check
                // delete the record at once, and most records of a first pull were changed
                // months ago.
                null,
                headers));
      }
      page.clear();
      try {
        while (!pages.offer(out, IDLE.toMillis(), TimeUnit.MILLISECONDS)) {
          if (stopping) throw new Stopped();
        }
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        throw new Stopped();
      }
    }
  }
}
