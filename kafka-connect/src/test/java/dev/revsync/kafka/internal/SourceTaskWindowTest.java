package dev.revsync.kafka.internal;

import static org.assertj.core.api.Assertions.assertThat;

import dev.revsync.kafka.TestClocks;
import dev.revsync.simulators.salesforce.SalesforceSimulator;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.apache.kafka.common.metrics.PluginMetrics;
import org.apache.kafka.connect.data.Struct;
import org.apache.kafka.connect.source.SourceRecord;
import org.apache.kafka.connect.source.SourceTaskContext;
import org.apache.kafka.connect.storage.OffsetStorageReader;
import org.junit.jupiter.api.Test;

/** A source task without a cluster: the window, the resume from a stored offset, the records. */
class SourceTaskWindowTest {

  @Test
  void outsideTheWindowTheTaskIdlesWithoutACallThenPullsWhenItOpens() throws Exception {
    TestClocks.UNIT.set(Instant.parse("2026-11-28T03:00:00Z"));
    try (SalesforceSimulator sf =
        SalesforceSimulator.builder().clock(TestClocks.UNIT).records("Account", 30).start()) {
      Map<String, String> props = new HashMap<>();
      sf.connectionSettings()
          .forEach((k, v) -> props.put("revsync.connection.acme/salesforce." + k, v));
      props.put("revsync.connections", "acme/salesforce");
      props.put("revsync.objects.salesforce", "Account");
      props.put("revsync.clock", TestClocks.Unit.class.getName());
      props.put(Partition.TASK_KEY, new Partition("acme/salesforce", "Account").encode());
      RevsyncSourceTask task = new RevsyncSourceTask();
      task.initialize(context(Map.of()));
      task.start(props);
      try {
        // Each poll waits up to a second for a page; two idle looks of the puller have passed.
        while (task.idleLooks() < 2) assertThat(task.poll()).isNull();
        assertThat(sf.requestLog().count()).isZero();

        TestClocks.UNIT.set(Instant.parse("2026-11-29T00:05:00Z"));
        List<SourceRecord> records = new ArrayList<>();
        while (records.size() < 30) {
          List<SourceRecord> got = task.poll();
          if (got != null) records.addAll(got);
        }
        assertThat(records).hasSize(30);
        SourceRecord last = records.get(29);
        assertThat(last.topic()).isEqualTo("revsync.salesforce.acme.Account");
        assertThat(last.sourcePartition())
            .isEqualTo(Map.of("connector", "salesforce", "tenant", "acme", "object", "Account"));
        assertThat(last.sourceOffset().get("checkpoint").toString())
            .startsWith("rs1;")
            .isNotEqualTo("rs1;");
        assertThat(records.get(0).sourceOffset().get("checkpoint")).isEqualTo("rs1;");
        assertThat(((Struct) last.value()).getString("Id")).isEqualTo(last.key());
        assertThat(last.valueSchema().field("AnnualRevenue").schema().type().getName())
            .isEqualTo("string");
        // Stamped when written, the modification time in a header (see SyncLoop).
        assertThat(last.timestamp()).isNull();
        assertThat(last.headers().lastWithName("revsync.modifiedAt").value().toString())
            .isEqualTo(
                sf.store().table("Account").get(last.key().toString()).modifiedAt().toString());
      } finally {
        task.stop();
      }
    }
  }

  static SourceTaskContext context(Map<Map<String, Object>, Map<String, Object>> offsets) {
    return new SourceTaskContext() {
      @Override
      public Map<String, String> configs() {
        return Map.of();
      }

      @Override
      public OffsetStorageReader offsetStorageReader() {
        return new OffsetStorageReader() {
          @Override
          public <T> Map<String, Object> offset(Map<String, T> partition) {
            return offsets.get(partition);
          }

          @Override
          public <T> Map<Map<String, T>, Map<String, Object>> offsets(
              Collection<Map<String, T>> partitions) {
            Map<Map<String, T>, Map<String, Object>> found = new HashMap<>();
            for (Map<String, T> p : partitions) {
              if (offsets.containsKey(p)) found.put(p, offsets.get(p));
            }
            return found;
          }
        };
      }

      @Override
      public PluginMetrics pluginMetrics() {
        return null;
      }
    };
  }
}
