package dev.revsync.spring.sample;

import dev.revsync.Record;
import dev.revsync.RecordSink;
import dev.revsync.pipeline.DailyPipeline;
import dev.revsync.pipeline.DailyReport;
import dev.revsync.pipeline.PipelineListener;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicLong;
import org.springframework.boot.autoconfigure.SpringBootApplication;
import org.springframework.context.annotation.Bean;

/**
 * A host application as a customer of the starter writes it: one bean, the sink that takes the
 * records (here it counts them per tenant and object), plus a listener keeping each night's report.
 * Everything else comes from {@code revsync.*} properties.
 */
@SpringBootApplication
public class SampleHostApplication {

  /** Records the host received, per {@code tenant/object}. */
  public static final class Warehouse {
    public final Map<String, AtomicLong> received = new ConcurrentHashMap<>();

    /**
     * Called before each record is taken with the tenant; a test may block here to hold a pull
     * mid-way.
     */
    final java.util.function.Consumer<String> beforeRecord;

    Warehouse(java.util.function.Consumer<String> beforeRecord) {
      this.beforeRecord = beforeRecord;
    }

    public long received(String tenant) {
      return received.entrySet().stream()
          .filter(e -> e.getKey().startsWith(tenant + "/"))
          .mapToLong(e -> e.getValue().get())
          .sum();
    }
  }

  /** Each night's report, in order. */
  public static final class Nights implements PipelineListener {
    public final CopyOnWriteArrayList<DailyReport> reports = new CopyOnWriteArrayList<>();

    @Override
    public void dayFinished(DailyReport report) {
      reports.add(report);
    }
  }

  /** A hook a test may define (a bean named {@code beforeRecord}) to hold a pull mid-way. */
  @Bean
  Warehouse warehouse(
      org.springframework.beans.factory.ObjectProvider<java.util.function.Consumer<String>>
          beforeRecord) {
    return new Warehouse(beforeRecord.getIfAvailable(() -> tenant -> {}));
  }

  @Bean
  Nights nights() {
    return new Nights();
  }

  @Bean
  DailyPipeline.SinkFactory sinks(Warehouse warehouse) {
    return (connection, object) ->
        new RecordSink() {
          @Override
          public void accept(Record record) {
            warehouse.beforeRecord.accept(connection.tenant());
            warehouse
                .received
                .computeIfAbsent(connection.tenant() + "/" + object, k -> new AtomicLong())
                .incrementAndGet();
          }
        };
  }
}
