package dev.revsync.kafka.internal;

import dev.revsync.Checkpoint;
import dev.revsync.ConfigurationException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.apache.kafka.connect.source.SourceRecord;
import org.apache.kafka.connect.source.SourceTask;
import org.apache.kafka.connect.source.TransactionContext;

/**
 * The task of {@link dev.revsync.kafka.RevsyncSourceConnector}: pulls its partitions (objects of
 * connections) inside the window, resuming each from the checkpoint in its committed offset. Public
 * only because Connect instantiates it; not an API.
 */
public final class RevsyncSourceTask extends SourceTask {
  private static final Duration POLL_WAIT = Duration.ofSeconds(1);

  private SyncLoop loop;
  private BudgetLedger ledger;

  @Override
  public String version() {
    return Version.get();
  }

  @Override
  public void start(Map<String, String> props) {
    Settings settings = Settings.source(props);
    List<Partition> partitions = new ArrayList<>();
    String list = props.getOrDefault(Partition.TASK_KEY, "");
    for (String entry : list.split(",", -1)) {
      if (!entry.isEmpty()) partitions.add(Partition.decode(entry));
    }
    Map<Partition, Checkpoint> checkpoints = offsets(partitions);
    ledger = settings.ledger();
    loop =
        new SyncLoop(
            settings,
            settings.clock(),
            ledger,
            partitions,
            checkpoints,
            "revsync-source-" + props.getOrDefault(Partition.TASK_INDEX, "0"));
    loop.start();
  }

  private Map<Partition, Checkpoint> offsets(List<Partition> partitions) {
    List<Map<String, String>> keys = new ArrayList<>();
    for (Partition p : partitions) keys.add(p.sourcePartition());
    Collection<Map<String, String>> asked = keys;
    Map<Map<String, String>, Map<String, Object>> stored =
        context.offsetStorageReader().offsets(asked);
    Map<Partition, Checkpoint> checkpoints = new HashMap<>();
    for (Partition p : partitions) {
      Map<String, Object> offset = stored == null ? null : stored.get(p.sourcePartition());
      Object serialized = offset == null ? null : offset.get(SyncLoop.OFFSET_KEY);
      if (serialized == null) continue;
      try {
        checkpoints.put(p, Checkpoint.parse(serialized.toString()));
      } catch (IllegalArgumentException e) {
        throw new ConfigurationException(
            p.connector(),
            "resume " + p.object() + " of " + p.tenant(),
            "the committed offset is not a revsync checkpoint (" + e.getMessage() + ")",
            "Reset the connector's offsets for this partition (a full pull follows)",
            e);
      }
    }
    return checkpoints;
  }

  @Override
  public List<SourceRecord> poll() throws InterruptedException {
    List<List<SourceRecord>> pages = loop.take(POLL_WAIT);
    if (pages == null) return null;
    TransactionContext transactions = context.transactionContext();
    List<SourceRecord> records = new ArrayList<>();
    for (List<SourceRecord> page : pages) {
      records.addAll(page);
      // With connector-defined boundaries, each transaction ends where a checkpoint does.
      if (transactions != null) transactions.commitTransaction(page.get(page.size() - 1));
    }
    return records;
  }

  @Override
  public void stop() {
    if (loop != null) loop.close();
    if (ledger != null) ledger.close();
  }

  /** For tests of the window: how often the puller found nothing to do. */
  long idleLooks() {
    return loop.idleLooks();
  }
}
