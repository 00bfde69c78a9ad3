package dev.revsync.kafka;

import dev.revsync.kafka.internal.RevsyncSinkTask;
import dev.revsync.kafka.internal.Settings;
import dev.revsync.kafka.internal.Version;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.apache.kafka.common.config.ConfigDef;
import org.apache.kafka.connect.connector.Task;
import org.apache.kafka.connect.sink.SinkConnector;

/**
 * Enrichment fields and scores from a topic, written back to the systems: each record's key is the
 * record id (or, with {@code revsync.write.match.field}, the external id to upsert on), its value a
 * {@code Struct} or JSON object of the fields to set, and its {@code revsync.connection} header the
 * connection ({@code tenant/connectorId}; not needed when the sink has one).
 *
 * <p>Each batch is written through the connector, which sends it in the system's batch sizes.
 * Records the system refused go to the dead-letter queue ({@code errors.tolerance=all}, {@code
 * errors.deadletterqueue.topic.name}) with the vendor's code in the exception message; records a
 * budget stopped are not committed and are sent after the next daily reset.
 *
 * <pre>{@code
 * connector.class=dev.revsync.kafka.RevsyncSinkConnector
 * topics=scores
 * revsync.connections=acme/salesforce
 * revsync.write.object=Account
 * revsync.write.activity=SCORE_EXPORT
 * errors.tolerance=all
 * errors.deadletterqueue.topic.name=scores-rejected
 * errors.deadletterqueue.context.headers.enable=true
 * }</pre>
 */
public final class RevsyncSinkConnector extends SinkConnector {
  private Settings settings;

  @Override
  public String version() {
    return Version.get();
  }

  @Override
  public void start(Map<String, String> props) {
    settings = Settings.sink(props);
  }

  @Override
  public Class<? extends Task> taskClass() {
    return RevsyncSinkTask.class;
  }

  /** Every task gets the whole configuration; Connect spreads the topic's partitions. */
  @Override
  public List<Map<String, String>> taskConfigs(int maxTasks) {
    List<Map<String, String>> configs = new ArrayList<>();
    for (int i = 0; i < maxTasks; i++) configs.add(settings.raw());
    return configs;
  }

  @Override
  public void stop() {}

  @Override
  public ConfigDef config() {
    return Settings.SINK;
  }
}
