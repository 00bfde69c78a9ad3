package dev.revsync.kafka.internal;

import dev.revsync.ConfigurationException;
import dev.revsync.Connector;
import dev.revsync.QuotaPolicy;
import dev.revsync.RevsyncException;
import dev.revsync.VendorApiException;
import dev.revsync.WriteItem;
import dev.revsync.WriteOutcome;
import dev.revsync.WriteRequest;
import dev.revsync.WriteResult;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.connect.data.Date;
import org.apache.kafka.connect.data.Field;
import org.apache.kafka.connect.data.Struct;
import org.apache.kafka.connect.data.Timestamp;
import org.apache.kafka.connect.errors.ConnectException;
import org.apache.kafka.connect.header.Header;
import org.apache.kafka.connect.sink.ErrantRecordReporter;
import org.apache.kafka.connect.sink.SinkRecord;
import org.apache.kafka.connect.sink.SinkTask;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The task of {@link dev.revsync.kafka.RevsyncSinkConnector}: turns each batch Connect hands it
 * into one write per connection (the connector splits it into its own batch sizes), sends each
 * record the system refused to the dead-letter queue with the vendor's code, and keeps what a
 * budget stopped: those records are not committed ({@link #preCommit} holds each partition's offset
 * at its first unsent record), the partitions pause, and the records are sent again after the
 * budget's reset at 00:00 UTC — or, after a restart, re-delivered by Connect from the held offset.
 * Public only because Connect instantiates it; not an API.
 */
public final class RevsyncSinkTask extends SinkTask {
  private static final Logger log = LoggerFactory.getLogger(RevsyncSinkTask.class);

  /** When a write stopped for another reason than the budget (auth, an outage), try again after. */
  private static final Duration RETRY_AFTER_FAILURE = Duration.ofMinutes(15);

  private Settings settings;
  private Clock clock;
  private BudgetLedger ledger;
  private ErrantRecordReporter reporter;
  private final Map<String, Connector> connectors = new HashMap<>();
  private List<SinkRecord> backlog = new ArrayList<>();
  private Instant retryAt = Instant.MIN;

  @Override
  public String version() {
    return Version.get();
  }

  @Override
  public void start(Map<String, String> props) {
    settings = Settings.sink(props);
    clock = settings.clock();
    ledger = settings.ledger();
    try {
      reporter = context.errantRecordReporter();
    } catch (NoSuchMethodError | UnsupportedOperationException e) {
      reporter = null; // a worker older than Kafka 2.6
    }
  }

  @Override
  public void put(Collection<SinkRecord> records) {
    if (!backlog.isEmpty() && !clock.instant().isBefore(retryAt)) {
      List<SinkRecord> again = backlog;
      backlog = new ArrayList<>();
      write(again);
      if (backlog.isEmpty()) context.resume(context.assignment().toArray(TopicPartition[]::new));
    }
    if (!records.isEmpty()) write(records);
  }

  private void write(Collection<SinkRecord> records) {
    Map<String, List<SinkRecord>> byConnection = new LinkedHashMap<>();
    for (SinkRecord r : records) {
      if (r.value() == null) continue; // a tombstone: nothing to write
      String connection;
      try {
        connection = connectionOf(r);
      } catch (RevsyncException e) {
        report(r, e);
        continue;
      }
      byConnection.computeIfAbsent(connection, k -> new ArrayList<>()).add(r);
    }
    for (Map.Entry<String, List<SinkRecord>> e : byConnection.entrySet()) {
      write(e.getKey(), e.getValue());
    }
    if (!backlog.isEmpty()) context.pause(context.assignment().toArray(TopicPartition[]::new));
  }

  private void write(String connectionId, List<SinkRecord> records) {
    List<WriteItem> items = new ArrayList<>(records.size());
    List<SinkRecord> sent = new ArrayList<>(records.size());
    for (SinkRecord r : records) {
      try {
        items.add(item(connectionId, r));
        sent.add(r);
      } catch (RevsyncException e) {
        report(r, e);
      }
    }
    if (items.isEmpty()) return;
    WriteRequest.Builder request =
        WriteRequest.builder(settings.writeObject(), settings.writeActivity()).items(items);
    settings.writeMatchField().ifPresent(request::upsertOn);
    WriteResult result;
    try {
      result = connector(connectionId).write(request.build());
    } catch (RevsyncException e) {
      // Nothing was sent (configuration, credentials): keep all, try again later.
      log.warn("{}: write of {} records stopped: {}", connectionId, items.size(), e.getMessage());
      backlog.addAll(sent);
      retryAt = later(clock.instant().plus(RETRY_AFTER_FAILURE));
      return;
    }
    String system = Settings.connectorOf(connectionId);
    for (WriteOutcome o : result.outcomes()) {
      SinkRecord r = sent.get(o.index());
      switch (o.status()) {
        case FAILED, UNKNOWN ->
            report(
                r,
                new VendorApiException(
                    system,
                    "write " + settings.writeObject() + " " + o.key(),
                    0,
                    o.code(),
                    o.message() + (o.fields().isEmpty() ? "" : " (fields " + o.fields() + ")"),
                    o.status() == WriteOutcome.Status.UNKNOWN
                        ? "The system may have applied it: check before sending it again"
                        : "Fix the record and send it again"));
        case NOT_SENT -> backlog.add(r);
        default -> {}
      }
    }
    if (!result.backlog().isEmpty()) {
      Instant now = clock.instant();
      retryAt =
          later(
              result.status() == WriteResult.Status.QUOTA_EXHAUSTED
                  ? QuotaPolicy.nextReset(now)
                  : now.plus(RETRY_AFTER_FAILURE));
      log.info(
          "{}: {} records kept for {} ({})",
          connectionId,
          result.backlog().size(),
          retryAt,
          result.status());
    }
  }

  private Instant later(Instant candidate) {
    return candidate.isAfter(retryAt) ? candidate : retryAt;
  }

  private String connectionOf(SinkRecord r) {
    Header h = r.headers().lastWithName(Settings.CONNECTION_HEADER);
    if (h != null && h.value() != null) {
      String id = h.value().toString();
      if (settings.connections().contains(id)) return id;
      throw new ConfigurationException(
          Settings.SYSTEM,
          "route " + r.topic() + "-" + r.kafkaPartition() + "@" + r.kafkaOffset(),
          "header "
              + Settings.CONNECTION_HEADER
              + " names "
              + id
              + ", not a connection of this sink",
          "Add it to " + Settings.CONNECTIONS + " or fix the producer's header",
          null);
    }
    if (settings.connections().size() == 1) return settings.connections().get(0);
    throw new ConfigurationException(
        Settings.SYSTEM,
        "route " + r.topic() + "-" + r.kafkaPartition() + "@" + r.kafkaOffset(),
        "the record has no "
            + Settings.CONNECTION_HEADER
            + " header and the sink has several connections",
        "Set the header to tenant/connectorId on each record",
        null);
  }

  private static WriteItem item(String connectionId, SinkRecord r) {
    if (r.key() == null) {
      throw new ConfigurationException(
          Settings.connectorOf(connectionId),
          "write " + r.topic() + "-" + r.kafkaPartition() + "@" + r.kafkaOffset(),
          "the record has no key",
          "Key each update by the record id (or the match field's value)",
          null);
    }
    Map<String, Object> fields = new LinkedHashMap<>();
    Object value = r.value();
    if (value instanceof Struct s) {
      for (Field f : s.schema().fields()) {
        Object v = s.get(f);
        String logical = f.schema().name();
        if (v instanceof java.util.Date d && Timestamp.LOGICAL_NAME.equals(logical))
          v = d.toInstant();
        else if (v instanceof java.util.Date d && Date.LOGICAL_NAME.equals(logical))
          v = d.toInstant().atZone(ZoneOffset.UTC).toLocalDate();
        fields.put(f.name(), v);
      }
    } else if (value instanceof Map<?, ?> m) {
      for (Map.Entry<?, ?> e : m.entrySet()) fields.put(String.valueOf(e.getKey()), e.getValue());
    } else {
      throw new ConfigurationException(
          Settings.connectorOf(connectionId),
          "write " + r.topic() + "-" + r.kafkaPartition() + "@" + r.kafkaOffset(),
          "the value is a " + value.getClass().getSimpleName() + ", not fields",
          "Send a Struct or a JSON object of field names and values",
          null);
    }
    return WriteItem.of(String.valueOf(r.key()), fields);
  }

  // The returned future is Connect's to wait for: it commits no offset past a reported record
  // before the record is in the dead-letter queue.
  @SuppressWarnings("FutureReturnValueIgnored")
  private void report(SinkRecord r, RevsyncException e) {
    if (reporter == null) {
      throw new ConnectException(
          e.getMessage()
              + " (no dead-letter queue: set errors.tolerance=all and"
              + " errors.deadletterqueue.topic.name)",
          e);
    }
    reporter.report(r, e);
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

  /** Holds each partition's committed offset at its first record still kept. */
  @Override
  public Map<TopicPartition, OffsetAndMetadata> preCommit(
      Map<TopicPartition, OffsetAndMetadata> currentOffsets) {
    if (backlog.isEmpty()) return currentOffsets;
    Map<TopicPartition, OffsetAndMetadata> commit = new HashMap<>(currentOffsets);
    for (SinkRecord r : backlog) {
      TopicPartition tp = new TopicPartition(r.topic(), r.kafkaPartition());
      OffsetAndMetadata held = commit.get(tp);
      if (held == null || r.kafkaOffset() < held.offset()) {
        commit.put(tp, new OffsetAndMetadata(r.kafkaOffset()));
      }
    }
    return commit;
  }

  @Override
  public void stop() {
    for (Connector c : connectors.values()) {
      try {
        c.close();
      } catch (RuntimeException e) {
        log.warn("closing {}: {}", c.descriptor().id(), e.getMessage());
      }
    }
    if (ledger != null) ledger.close();
  }
}
