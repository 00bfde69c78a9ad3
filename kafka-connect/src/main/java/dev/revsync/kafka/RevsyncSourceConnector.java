package dev.revsync.kafka;

import dev.revsync.kafka.internal.Partition;
import dev.revsync.kafka.internal.RevsyncSourceTask;
import dev.revsync.kafka.internal.Settings;
import dev.revsync.kafka.internal.Version;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.apache.kafka.common.config.ConfigDef;
import org.apache.kafka.connect.connector.Task;
import org.apache.kafka.connect.source.ConnectorTransactionBoundaries;
import org.apache.kafka.connect.source.ExactlyOnceSupport;
import org.apache.kafka.connect.source.SourceConnector;

/**
 * Every revsync connector as a Kafka Connect source: each night, inside the pull window (00:00 to
 * 02:00 UTC), the tasks pull each connection's objects incrementally and write their records to one
 * topic per connector, tenant and object ({@code revsync.${connector}.${tenant}.${object}}).
 *
 * <p>The work is spread as partitions {connector, tenant, object} over the tasks; each partition's
 * offset is its revsync checkpoint, so a task moved to another worker resumes exactly where the
 * last committed record left off. Records are keyed by their id, valued as a {@code Struct} whose
 * schema comes from the connector's describe (a field added later raises the schema's version),
 * stamped with their modification time; deletes are tombstones (null value). Every task and worker
 * counts calls in one ledger (a database, {@code revsync.budget.jdbc.url}), so a connection's daily
 * budget holds across the cluster.
 *
 * <pre>{@code
 * connector.class=dev.revsync.kafka.RevsyncSourceConnector
 * tasks.max=3
 * revsync.connections=acme/salesforce,globex/hubspot-crm
 * revsync.objects.salesforce=Account,Contact
 * revsync.objects.hubspot-crm=contacts,companies
 * revsync.connection.acme/salesforce.clientId=...
 * revsync.budget.daily.limit=5000
 * revsync.budget.jdbc.url=jdbc:postgresql://db/revsync
 * }</pre>
 *
 * <p>Exactly-once delivery (KIP-618) is supported: offsets only ever advance to a checkpoint whose
 * records are all written, and a {@code poll()} never splits a page, so transactions (per poll, or
 * per checkpoint with {@code transaction.boundary=connector}) end on a checkpoint.
 */
public final class RevsyncSourceConnector extends SourceConnector {
  private Settings settings;

  @Override
  public String version() {
    return Version.get();
  }

  @Override
  public void start(Map<String, String> props) {
    settings = Settings.source(props);
    for (String id : settings.connections()) {
      settings.objects(id.substring(id.lastIndexOf('/') + 1));
    }
  }

  @Override
  public Class<? extends Task> taskClass() {
    return RevsyncSourceTask.class;
  }

  /**
   * Partitions dealt round-robin, connection by connection, so one tenant's objects land on
   * different tasks and a big tenant does not hold one task alone.
   */
  @Override
  public List<Map<String, String>> taskConfigs(int maxTasks) {
    List<Partition> partitions = new ArrayList<>();
    for (String id : settings.connections()) {
      for (String object : settings.objects(id.substring(id.lastIndexOf('/') + 1))) {
        partitions.add(new Partition(id, object));
      }
    }
    int tasks = Math.max(1, Math.min(maxTasks, partitions.size()));
    List<List<String>> dealt = new ArrayList<>();
    for (int t = 0; t < tasks; t++) dealt.add(new ArrayList<>());
    for (int i = 0; i < partitions.size(); i++)
      dealt.get(i % tasks).add(partitions.get(i).encode());
    List<Map<String, String>> configs = new ArrayList<>();
    for (int t = 0; t < tasks; t++) {
      Map<String, String> config = new HashMap<>(settings.raw());
      config.put(Partition.TASK_KEY, String.join(",", dealt.get(t)));
      config.put(Partition.TASK_INDEX, Integer.toString(t));
      configs.add(config);
    }
    return configs;
  }

  @Override
  public void stop() {}

  @Override
  public ConfigDef config() {
    return Settings.SOURCE;
  }

  /** Supported: an offset is always a checkpoint after the records it is committed with. */
  @Override
  public ExactlyOnceSupport exactlyOnceSupport(Map<String, String> connectorConfig) {
    return ExactlyOnceSupport.SUPPORTED;
  }

  /** Supported: the tasks end a transaction at each checkpoint. */
  @Override
  public ConnectorTransactionBoundaries canDefineTransactionBoundaries(
      Map<String, String> connectorConfig) {
    return ConnectorTransactionBoundaries.SUPPORTED;
  }
}
