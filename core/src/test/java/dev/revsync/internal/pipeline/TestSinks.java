package dev.revsync.internal.pipeline;

import dev.revsync.Checkpoint;
import dev.revsync.Record;
import dev.revsync.RecordSink;
import dev.revsync.pipeline.DailyPipeline;
import dev.revsync.pipeline.PipelineConnection;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.BiConsumer;

/**
 * A host's sinks as the pipeline sees them: records accepted are pending until the next checkpoint
 * makes them durable (as a host committing a batch to its warehouse). Thread-safe.
 */
public final class TestSinks implements DailyPipeline.SinkFactory {
  private final ConcurrentHashMap<String, List<String>> durable = new ConcurrentHashMap<>();

  /** Called at each checkpoint before the records become durable; throwing is a failed commit. */
  public volatile BiConsumer<String, Checkpoint> onCheckpoint = (key, checkpoint) -> {};

  @Override
  public RecordSink open(PipelineConnection connection, String object) {
    String key = key(connection.tenant(), connection.connector(), object);
    List<String> out =
        durable.computeIfAbsent(
            key, k -> java.util.Collections.synchronizedList(new ArrayList<>()));
    return new RecordSink() {
      private final List<String> pending = new ArrayList<>();

      @Override
      public void accept(Record record) {
        pending.add(record.id());
      }

      @Override
      public void checkpoint(Checkpoint checkpoint) {
        onCheckpoint.accept(key, checkpoint);
        out.addAll(pending);
        pending.clear();
      }
    };
  }

  /** The ids made durable for one object, in order, duplicates kept. */
  public List<String> durable(String tenant, String connector, String object) {
    List<String> ids = durable.get(key(tenant, connector, object));
    if (ids == null) return List.of();
    synchronized (ids) {
      return List.copyOf(ids);
    }
  }

  static String key(String tenant, String connector, String object) {
    return tenant + "/" + connector + "/" + object;
  }
}
