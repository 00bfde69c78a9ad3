package dev.revsync.spring;

import dev.revsync.Activity;
import dev.revsync.CallListener;
import dev.revsync.Checkpoint;
import dev.revsync.ConfigurationException;
import dev.revsync.ConnectionConfig;
import dev.revsync.QuotaPolicy;
import dev.revsync.pipeline.Budgets;
import dev.revsync.pipeline.CheckpointStore;
import dev.revsync.pipeline.DailyPipeline;
import dev.revsync.pipeline.DailyReport;
import dev.revsync.pipeline.PipelineConnection;
import dev.revsync.pipeline.PipelineListener;
import dev.revsync.pipeline.SettingsConsole;
import io.micrometer.core.instrument.MeterRegistry;
import java.time.Clock;
import java.time.LocalDate;
import java.util.List;
import java.util.Map;
import javax.sql.DataSource;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.boot.actuate.endpoint.annotation.Endpoint;
import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.condition.ConditionalOnClass;
import org.springframework.boot.autoconfigure.condition.ConditionalOnMissingBean;
import org.springframework.boot.autoconfigure.condition.ConditionalOnProperty;
import org.springframework.boot.autoconfigure.condition.ConditionalOnWebApplication;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.boot.health.contributor.HealthContributor;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.core.env.Environment;

/**
 * Builds the {@link DailyPipeline} from the {@code revsync.*} properties ({@link
 * RevsyncProperties}) and starts it with the context. The host supplies one bean: a {@link
 * DailyPipeline.SinkFactory} that takes the records. Optional beans it picks up: a {@link Clock}
 * (tests pass a simulated one), a {@link CheckpointStore} of its own, and any {@link CallListener}
 * or {@link PipelineListener}.
 *
 * <ul>
 *   <li>The store is JDBC on the application's {@link DataSource} when there is one, files under
 *       {@code revsync.store.directory} otherwise ({@code revsync.store.type} to choose).
 *   <li>{@link Budgets} is the bean a settings screen calls to change a tenant's limit; the change
 *       applies to the next call and is saved in the store.
 *   <li>With Micrometer: the meters of {@code revsync-micrometer}. With actuator: a health
 *       indicator per connection and the {@code revsync} endpoint (the last night's report).
 *   <li>With Spring MVC: the integration settings console at {@code revsync.console.path}.
 * </ul>
 */
@AutoConfiguration(
    afterName = {
      "org.springframework.boot.jdbc.autoconfigure.DataSourceAutoConfiguration",
      "org.springframework.boot.micrometer.metrics.autoconfigure.CompositeMeterRegistryAutoConfiguration"
    })
@EnableConfigurationProperties(RevsyncProperties.class)
@ConditionalOnProperty(prefix = "revsync", name = "enabled", matchIfMissing = true)
public class RevsyncAutoConfiguration {

  @Bean(destroyMethod = "close")
  @ConditionalOnMissingBean
  CheckpointStore revsyncStore(
      RevsyncProperties properties, ObjectProvider<DataSource> dataSource) {
    RevsyncProperties.Store s = properties.getStore();
    DataSource db = dataSource.getIfUnique();
    return switch (s.getType()) {
      case JDBC -> {
        if (db == null) {
          throw new ConfigurationException(
              "revsync",
              "revsync.store.type=jdbc",
              "the application has no (single) DataSource",
              "Configure spring.datasource, or set revsync.store.type=files",
              null);
        }
        yield CheckpointStore.jdbc(db, s.getTablePrefix());
      }
      case FILES -> CheckpointStore.files(s.getDirectory());
      case MEMORY -> CheckpointStore.inMemory();
      case AUTO ->
          db != null
              ? CheckpointStore.jdbc(db, s.getTablePrefix())
              : CheckpointStore.files(s.getDirectory());
    };
  }

  @Bean
  @ConditionalOnMissingBean
  DailyPipeline revsyncPipeline(
      RevsyncProperties properties,
      CheckpointStore store,
      Environment environment,
      ObjectProvider<DailyPipeline.SinkFactory> sinks,
      ObjectProvider<Clock> clockBean,
      ObjectProvider<CallListener> callListeners,
      ObjectProvider<PipelineListener> pipelineListeners) {
    DailyPipeline.SinkFactory sinkFactory = sinks.getIfUnique();
    if (sinkFactory == null) {
      throw new ConfigurationException(
          "revsync",
          "revsync starter",
          "the application defines no (single) bean of type"
              + " DailyPipeline.SinkFactory, so pulled records would have nowhere to go",
          "Define a @Bean DailyPipeline.SinkFactory that returns the RecordSink of each (connection, object)",
          null);
    }
    Clock clock = clockBean.getIfUnique(Clock::systemUTC);
    CallListener calls = calls(callListeners.orderedStream().toList());
    List<PipelineListener> listeners = pipelineListeners.orderedStream().toList();
    DailyPipeline.Builder b =
        DailyPipeline.builder()
            .store(store)
            .clock(clock)
            .sinks(sinkFactory)
            .concurrency(properties.getConcurrency())
            .listener(listeners(listeners));
    List<RevsyncProperties.Connection> connections = properties.getConnections();
    for (int i = 0; i < connections.size(); i++) {
      b.connection(
          connection(
              "revsync.connections[" + i + "]",
              connections.get(i),
              store,
              environment,
              clock,
              calls));
    }
    return b.build();
  }

  @Bean
  @ConditionalOnMissingBean
  Budgets revsyncBudgets(DailyPipeline pipeline, CheckpointStore store) {
    return Budgets.of(pipeline, store);
  }

  @Bean
  @ConditionalOnMissingBean
  RevsyncRuntime revsyncRuntime(
      DailyPipeline pipeline,
      Budgets budgets,
      RevsyncProperties properties,
      ObjectProvider<RevsyncMeterBinder> meters) {
    RevsyncMeterBinder binder = meters.getIfAvailable();
    return new RevsyncRuntime(
        pipeline, budgets, properties.isVerifyOnStart(), binder == null ? null : binder::monitor);
  }

  /** Micrometer's meters, bound by Spring Boot to every registry. */
  @Configuration(proxyBeanMethods = false)
  @ConditionalOnClass({MeterRegistry.class, dev.revsync.micrometer.RevsyncMetrics.class})
  static class Metrics {
    @Bean
    @ConditionalOnMissingBean
    RevsyncMeterBinder revsyncMeterBinder(RevsyncProperties properties) {
      return new RevsyncMeterBinder(properties.getMetrics().isConnectionTags());
    }
  }

  /** Actuator health, one indicator per connection. */
  @Configuration(proxyBeanMethods = false)
  @ConditionalOnClass(HealthContributor.class)
  static class HealthConfiguration {
    @Bean
    @ConditionalOnMissingBean(name = "revsyncHealthContributor")
    HealthContributor revsyncHealthContributor(
        DailyPipeline pipeline, Budgets budgets, RevsyncRuntime runtime) {
      return ConnectionHealth.all(pipeline, budgets, runtime);
    }
  }

  /** The actuator endpoint with the last night's report. */
  @Configuration(proxyBeanMethods = false)
  @ConditionalOnClass(Endpoint.class)
  static class ReportEndpointConfiguration {
    @Bean
    @ConditionalOnMissingBean
    RevsyncReportEndpoint revsyncReportEndpoint(DailyPipeline pipeline) {
      return new RevsyncReportEndpoint(pipeline);
    }
  }

  /** The integration settings console, with Spring MVC. */
  @Configuration(proxyBeanMethods = false)
  @ConditionalOnWebApplication(type = ConditionalOnWebApplication.Type.SERVLET)
  @ConditionalOnClass(name = "org.springframework.web.servlet.function.RouterFunction")
  @ConditionalOnProperty(prefix = "revsync.console", name = "enabled", matchIfMissing = true)
  static class ConsoleConfiguration {
    @Bean
    @ConditionalOnMissingBean
    SettingsConsole revsyncSettingsConsole(
        Budgets budgets, DailyPipeline pipeline, RevsyncProperties properties) {
      return SettingsConsole.of(budgets, pipeline, properties.getConsole().getPath());
    }

    @Bean
    org.springframework.web.servlet.function.RouterFunction<
            org.springframework.web.servlet.function.ServerResponse>
        revsyncConsoleRoutes(SettingsConsole console, RevsyncProperties properties) {
      return ConsoleRoutes.of(console, properties.getConsole().getPath());
    }
  }

  static PipelineConnection connection(
      String path,
      RevsyncProperties.Connection p,
      CheckpointStore store,
      Environment environment,
      Clock clock,
      CallListener calls) {
    if (p.getTenant() == null
        || p.getTenant().isBlank()
        || p.getConnector() == null
        || p.getConnector().isBlank()) {
      throw new ConfigurationException(
          "revsync",
          path,
          "a connection needs a tenant and a connector",
          "Set " + path + ".tenant and " + path + ".connector",
          null);
    }
    long limit = p.getDailyLimit() == null ? QuotaPolicy.UNLIMITED : p.getDailyLimit();
    String problem = Budgets.problem(limit, p.getWriteReserve());
    if (problem != null) {
      throw new ConfigurationException(
          p.getConnector(), path, problem, "Fix " + path + ".daily-limit / write-reserve", null);
    }
    QuotaPolicy budget =
        QuotaPolicy.builder()
            .dailyLimit(limit)
            .writeReserve(p.getWriteReserve())
            .ledger(store.quotaLedger())
            .build();
    ConnectionConfig.Builder config =
        ConnectionConfig.builder(p.getTenant() + "/" + p.getConnector())
            .quotaPolicy(budget)
            .clock(clock)
            .callListener(calls);
    if (p.getBaseUrl() != null) config.baseUrl(p.getBaseUrl());
    p.getSettings().forEach(config::setting);
    for (Map.Entry<String, String> secret : p.getSecrets().entrySet()) {
      String property = secret.getValue();
      String value = property == null ? null : environment.getProperty(property);
      if (value == null) {
        throw new ConfigurationException(
            p.getConnector(),
            path + ".secrets." + secret.getKey(),
            "it names the property '" + property + "', which no property source sets",
            "Set that property in the environment or the secret store (the file holds only its name, never the secret)",
            null);
      }
      config.secret(secret.getKey(), value);
    }
    try {
      return PipelineConnection.builder(p.getTenant(), p.getConnector(), config.build())
          .objects(p.getObjects())
          .build();
    } catch (IllegalArgumentException e) {
      throw new ConfigurationException(
          p.getConnector(), path, e.getMessage(), "Fix " + path + " in the configuration", e);
    }
  }

  static CallListener calls(List<CallListener> all) {
    if (all.isEmpty()) return CallListener.NONE;
    if (all.size() == 1) return all.get(0);
    return new CallListener() {
      @Override
      public void callEnded(Call call) {
        all.forEach(l -> l.callEnded(call));
      }

      @Override
      public void retrying(Call call, String reason) {
        all.forEach(l -> l.retrying(call, reason));
      }

      @Override
      public void quotaRefused(
          String connectionId, String system, Activity activity, QuotaPolicy.Decision decision) {
        all.forEach(l -> l.quotaRefused(connectionId, system, activity, decision));
      }
    };
  }

  static PipelineListener listeners(List<PipelineListener> all) {
    if (all.isEmpty()) return PipelineListener.NONE;
    if (all.size() == 1) return all.get(0);
    return new PipelineListener() {
      @Override
      public void dayStarted(LocalDate day, List<PipelineConnection> order) {
        all.forEach(l -> l.dayStarted(day, order));
      }

      @Override
      public void syncStarted(PipelineConnection connection, String object, Checkpoint from) {
        all.forEach(l -> l.syncStarted(connection, object, from));
      }

      @Override
      public void progress(Progress progress) {
        all.forEach(l -> l.progress(progress));
      }

      @Override
      public void syncFinished(PipelineConnection connection, DailyReport.ObjectReport report) {
        all.forEach(l -> l.syncFinished(connection, report));
      }

      @Override
      public void writesFinished(PipelineConnection connection, DailyReport.WriteReport report) {
        all.forEach(l -> l.writesFinished(connection, report));
      }

      @Override
      public void dayFinished(DailyReport report) {
        all.forEach(l -> l.dayFinished(report));
      }
    };
  }
}
