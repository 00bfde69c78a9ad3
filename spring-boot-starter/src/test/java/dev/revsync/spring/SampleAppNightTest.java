package dev.revsync.spring;

import static org.assertj.core.api.Assertions.assertThat;

import com.squareup.moshi.Moshi;
import com.squareup.moshi.Types;
import dev.revsync.pipeline.Budgets;
import dev.revsync.pipeline.CheckpointStore;
import dev.revsync.pipeline.DailyPipeline;
import dev.revsync.pipeline.DailyReport;
import dev.revsync.spring.sample.SampleHostApplication;
import io.micrometer.core.instrument.MeterRegistry;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.LocalDate;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.context.TestConfiguration;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.context.annotation.Bean;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

/**
 * The sample host application with two tenants (acme on Salesforce, globex on Eloqua, each
 * against its simulator) starts, runs a night on a simulated clock, and shows it through
 * Micrometer, actuator health and the report endpoint, over HTTP.
 */
@SpringBootTest(classes = {SampleHostApplication.class, SampleAppNightTest.Night.class},
    webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT)
class SampleAppNightTest {
  static final SimulatedTenants TENANTS = SimulatedTenants.start(LocalDate.of(2026, 12, 1));

  @TestConfiguration
  static class Night {
    @Bean
    NightClock clock() {
      return TENANTS.clock;
    }
  }

  @DynamicPropertySource
  static void properties(DynamicPropertyRegistry registry) {
    TENANTS.properties().forEach((k, v) -> registry.add(k, () -> v));
    registry.add("spring.datasource.url", () -> "jdbc:h2:mem:sample;DB_CLOSE_DELAY=-1");
    registry.add("management.endpoints.web.exposure.include", () -> "health,revsync");
    registry.add("management.endpoint.health.show-details", () -> "always");
  }

  @AfterAll
  static void stopSimulators() {
    TENANTS.close();
  }

  @LocalServerPort int port;
  @Autowired DailyPipeline pipeline;
  @Autowired Budgets budgets;
  @Autowired CheckpointStore store;
  @Autowired MeterRegistry registry;
  @Autowired SampleHostApplication.Warehouse warehouse;
  @Autowired SampleHostApplication.Nights nights;

  @Test
  void aNightOfTwoTenantsShowsInMetersHealthAndTheReportEndpoint() throws Exception {
    assertThat(TENANTS.clock.awaitParked(120)).as("the first night ends and the scheduler waits for the next").isTrue();
    assertThat(store.getClass().getSimpleName()).as("the application's DataSource holds the store").isEqualTo("JdbcCheckpointStore");
    DailyReport night = nights.reports.get(0);
    assertThat(night.day()).isEqualTo(LocalDate.of(2026, 12, 1));
    assertThat(night.connections()).hasSize(2);
    long acme = night.connection("acme", "salesforce").orElseThrow().records();
    long globex = night.connection("globex", "eloqua").orElseThrow().records();
    assertThat(acme).isEqualTo(SimulatedTenants.ACME_RECORDS);
    assertThat(warehouse.received("acme")).isEqualTo(acme);
    assertThat(warehouse.received("globex")).isEqualTo(globex);

    // Meters, read from the application's registry.
    assertThat(registry.get("revsync.records.pulled").counters().stream().mapToDouble(c -> c.count()).sum())
        .isEqualTo(acme + globex);
    double calls = registry.get("revsync.calls").timers().stream().mapToDouble(t -> t.count()).sum();
    assertThat(calls).isEqualTo(TENANTS.salesforce.requestLog().count() + TENANTS.eloqua.requestLog().count());
    assertThat(registry.get("revsync.calls").tag("connector", "eloqua").tag("style", "bulk").timers()).isNotEmpty();
    Budgets.Budget globexBudget = budgets.get("globex", "eloqua");
    assertThat(registry.get("revsync.budget.remaining").tag("connection", "globex/eloqua").gauge().value())
        .isEqualTo((double) globexBudget.leftForPulls());
    assertThat(registry.get("revsync.budget.remaining").tag("connection", "acme/salesforce").gauge().value())
        .isEqualTo((double) budgets.get("acme", "salesforce").leftForPulls());

    // Health over HTTP: one indicator per connection, with the last verify, sync and budget.
    Map<String, Object> health = getJson("/actuator/health/revsync");
    Map<String, Object> components = map(health.get("components"));
    Map<String, Object> acmeHealth = map(components.get("acme-salesforce"));
    assertThat(acmeHealth.get("status")).isEqualTo("UP");
    Map<String, Object> acmeDetails = map(acmeHealth.get("details"));
    assertThat(map(acmeDetails.get("lastVerify")).get("ok")).isEqualTo(true);
    assertThat(map(acmeDetails.get("lastSync"))).containsEntry("Account", "COMPLETED").containsEntry("Contact", "COMPLETED");
    assertThat(acmeDetails.get("budgetExhausted")).isEqualTo(false);
    Map<String, Object> globexDetails = map(map(components.get("globex-eloqua")).get("details"));
    assertThat(globexDetails.get("budgetExhausted")).isEqualTo(globexBudget.exhausted());
    assertThat(globexDetails.get("spentToday")).isEqualTo((double) globexBudget.spentToday());

    // The report endpoint: the night as JSON.
    Map<String, Object> report = getJson("/actuator/revsync");
    assertThat(report.get("day")).isEqualTo("2026-12-01");
    List<Map<String, Object>> connections = list(report.get("connections"));
    assertThat(connections).extracting(c -> c.get("tenant")).containsExactlyInAnyOrder("acme", "globex");
    Map<String, Object> acmeRow = connections.stream().filter(c -> c.get("tenant").equals("acme")).findFirst().orElseThrow();
    assertThat(acmeRow.get("records")).isEqualTo((double) acme);
    assertThat(list(acmeRow.get("objects"))).extracting(o -> o.get("status")).containsOnly("COMPLETED");

    // globex's customer raises the limit through the bean a settings screen calls; the next night drains.
    assertThat(night.connection("globex", "eloqua").orElseThrow().hasBacklog()).isTrue();
    budgets.set("globex", "eloqua", 200, 0);
    TENANTS.clock.nextNight();
    assertThat(TENANTS.clock.awaitParked(120)).isTrue();
    DailyReport second = nights.reports.get(1);
    assertThat(second.day()).isEqualTo(LocalDate.of(2026, 12, 2));
    assertThat(second.connection("globex", "eloqua").orElseThrow().hasBacklog()).isFalse();
    assertThat(warehouse.received("globex")).isEqualTo(SimulatedTenants.GLOBEX_RECORDS);
    assertThat(store.limits("globex", "eloqua")).get().extracting(CheckpointStore.Limits::dailyLimit).isEqualTo(200L);
    assertThat(registry.get("revsync.backlog.objects").tag("connection", "globex/eloqua").gauge().value()).isZero();
  }

  private Map<String, Object> getJson(String path) throws IOException, InterruptedException {
    HttpResponse<String> response = HttpClient.newHttpClient().send(
        HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + path)).build(), HttpResponse.BodyHandlers.ofString());
    assertThat(response.statusCode()).as(path + " answered " + response.body()).isEqualTo(200);
    return map(new Moshi.Builder().build().adapter(Types.newParameterizedType(Map.class, String.class, Object.class))
        .fromJson(response.body()));
  }

  @SuppressWarnings("unchecked")
  static Map<String, Object> map(Object o) {
    return (Map<String, Object>) o;
  }

  @SuppressWarnings("unchecked")
  static List<Map<String, Object>> list(Object o) {
    return (List<Map<String, Object>>) o;
  }
}
