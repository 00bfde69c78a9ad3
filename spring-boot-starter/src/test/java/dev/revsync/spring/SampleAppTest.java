package dev.revsync.spring;

import static org.assertj.core.api.Assertions.assertThat;

import com.squareup.moshi.Moshi;
import com.squareup.moshi.Types;
import dev.revsync.SyncResult;
import dev.revsync.pipeline.Budgets;
import dev.revsync.pipeline.CheckpointStore;
import dev.revsync.pipeline.DailyReport;
import dev.revsync.spring.sample.SampleHostApplication;
import io.micrometer.core.instrument.MeterRegistry;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.LocalDate;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.function.Consumer;
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
 * The sample host application with two tenants (acme on Salesforce, globex on Eloqua, each against
 * its simulator) on a simulated clock. While the first night runs, acme's pull is held at its first
 * record and a real headless chromium edits acme's limit on the settings page: invalid input is
 * refused and changes nothing; a limit below what today already spent is accepted and explained,
 * and the held sync's next call obeys it. Then the night shows through Micrometer, actuator health
 * and the report endpoint (over HTTP), the report renders as a page in the browser, and a second
 * night, after the customers raise their limits, drains the backlog. Screenshots go to {@code
 * target/screenshots}.
 */
@SpringBootTest(
    classes = {SampleHostApplication.class, SampleAppTest.Night.class},
    webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT)
class SampleAppTest {
  static final SimulatedTenants TENANTS = SimulatedTenants.start(LocalDate.of(2026, 12, 1));
  static final Path SCREENSHOTS = Path.of("target", "screenshots");
  static final CountDownLatch HELD = new CountDownLatch(1);
  static final CountDownLatch RELEASE = new CountDownLatch(1);

  @TestConfiguration
  static class Night {
    @Bean
    NightClock clock() {
      return TENANTS.clock;
    }

    /** Holds acme's first pull at its first record until the test releases it. */
    @Bean
    Consumer<String> beforeRecord() {
      AtomicBoolean once = new AtomicBoolean();
      return tenant -> {
        if (!tenant.equals("acme") || !once.compareAndSet(false, true)) return;
        HELD.countDown();
        try {
          RELEASE.await(5, TimeUnit.MINUTES);
        } catch (InterruptedException e) {
          Thread.currentThread().interrupt();
        }
      };
    }
  }

  @DynamicPropertySource
  static void properties(DynamicPropertyRegistry registry) {
    TENANTS.properties().forEach((k, v) -> registry.add(k, () -> v));
    registry.add("spring.datasource.url", () -> "jdbc:h2:mem:sample;DB_CLOSE_DELAY=-1");
    registry.add("management.endpoints.web.exposure.include", () -> "health,revsync");
    registry.add("management.endpoint.health.show-details", () -> "always");
    registry.add("revsync.console.path", () -> "/settings/integrations");
  }

  @AfterAll
  static void stopSimulators() {
    RELEASE.countDown();
    TENANTS.close();
  }

  @LocalServerPort int port;
  @Autowired Budgets budgets;
  @Autowired CheckpointStore store;
  @Autowired MeterRegistry registry;
  @Autowired SampleHostApplication.Warehouse warehouse;
  @Autowired SampleHostApplication.Nights nights;

  @Test
  void twoTenantsTwoNightsWithTheSettingsPageInAHeadlessBrowser() throws Exception {
    assertThat(HeadlessChromium.available())
        .as(
            "Debian's chromium at "
                + HeadlessChromium.binary()
                + " (apt-get install chromium; .ci/run installs it)")
        .isTrue();
    assertThat(store.getClass().getSimpleName())
        .as("the application's DataSource holds the store")
        .isEqualTo("JdbcCheckpointStore");
    assertThat(HELD.await(3, TimeUnit.MINUTES))
        .as("acme's first pull reaches its first record")
        .isTrue();
    int acmeCallsAtHold = TENANTS.salesforce.requestLog().count();
    long acmeSpentAtHold = budgets.get("acme", "salesforce").spentToday();
    String console = "http://127.0.0.1:" + port + "/settings/integrations";

    try (HeadlessChromium browser = new HeadlessChromium(1200, 1400)) {
      browser.navigate(console);
      assertThat(browser.text("#window-note"))
          .contains("between 00:00 and 02:00 UTC")
          .contains("no custom pull times");
      assertThat(
              browser.evaluate(
                  "document.querySelector('#conn-acme-salesforce input[name=dailyLimit]').value"))
          .isEqualTo("1000");

      // Invalid input: a clear message, nothing changed.
      Map<String, String> refused =
          Map.of(
              "-5", "The daily limit must not be negative: -5. Nothing was changed.",
              "ten",
                  "The daily limit must be a whole number of calls, not 'ten'. Nothing was changed.",
              "99999999999999999999",
                  "is far above the largest accepted, 100000000. Nothing was changed.");
      for (Map.Entry<String, String> bad : refused.entrySet()) {
        submitLimit(browser, "acme-salesforce", bad.getKey(), "50");
        assertThat(browser.text("#message-acme-salesforce")).contains(bad.getValue());
      }
      assertThat(budgets.get("acme", "salesforce").dailyLimit()).isEqualTo(1_000);
      assertThat(store.limits("acme", "salesforce")).isEmpty();

      // Below what today already spent: accepted, explained, and the held sync's next call obeys
      // it.
      submitLimit(browser, "acme-salesforce", "1", "0");
      assertThat(browser.text("#message-acme-salesforce"))
          .contains(
              "Saved. Today already used "
                  + acmeSpentAtHold
                  + " calls, at or above the new limit of 1: no more calls today");
      browser.screenshot(SCREENSHOTS.resolve("settings-console.png"));
      assertThat(budgets.get("acme", "salesforce").dailyLimit()).isEqualTo(1);
      assertThat(browser.errors).as("console errors on the settings page").isEmpty();
    }
    RELEASE.countDown();
    assertThat(TENANTS.clock.awaitParked(180)).as("the first night ends").isTrue();

    DailyReport night = nights.reports.get(0);
    DailyReport.ObjectReport account = night.object("acme", "salesforce", "Account").orElseThrow();
    assertThat(account.status()).isEqualTo(SyncResult.Status.QUOTA_EXHAUSTED);
    assertThat(account.records())
        .as("the page in flight is delivered, the next is not fetched")
        .isEqualTo(2_000);
    assertThat(TENANTS.salesforce.requestLog().count())
        .as("no call after the new limit")
        .isEqualTo(acmeCallsAtHold);
    assertThat(night.object("acme", "salesforce", "Contact").orElseThrow().started()).isFalse();
    long acme = night.connection("acme", "salesforce").orElseThrow().records();
    long globex = night.connection("globex", "eloqua").orElseThrow().records();
    assertThat(warehouse.received("acme")).isEqualTo(acme);
    assertThat(warehouse.received("globex")).isEqualTo(globex);

    // Meters, read from the application's registry.
    assertThat(
            registry.get("revsync.records.pulled").counters().stream()
                .mapToDouble(c -> c.count())
                .sum())
        .isEqualTo(acme + globex);
    double calls =
        registry.get("revsync.calls").timers().stream().mapToDouble(t -> t.count()).sum();
    assertThat(calls)
        .isEqualTo(TENANTS.salesforce.requestLog().count() + TENANTS.eloqua.requestLog().count());
    assertThat(
            registry.get("revsync.calls").tag("connector", "eloqua").tag("style", "bulk").timers())
        .isNotEmpty();
    assertThat(registry.get("revsync.quota.refusals").tag("connector", "salesforce").counters())
        .isNotEmpty();
    assertThat(
            registry
                .get("revsync.budget.remaining")
                .tag("connection", "acme/salesforce")
                .gauge()
                .value())
        .isZero();
    assertThat(
            registry
                .get("revsync.budget.limit")
                .tag("connection", "acme/salesforce")
                .gauge()
                .value())
        .isEqualTo(1.0);
    assertThat(
            registry
                .get("revsync.budget.remaining")
                .tag("connection", "globex/eloqua")
                .gauge()
                .value())
        .isEqualTo((double) budgets.get("globex", "eloqua").leftForPulls());
    assertThat(
            registry
                .get("revsync.backlog.objects")
                .tag("connection", "acme/salesforce")
                .gauge()
                .value())
        .isEqualTo(2.0);

    // Health over HTTP: one indicator per connection, with the last verify, sync and budget.
    Map<String, Object> components = map(getJson("/actuator/health/revsync").get("components"));
    Map<String, Object> acmeHealth = map(components.get("acme-salesforce"));
    assertThat(acmeHealth.get("status")).isEqualTo("UP");
    Map<String, Object> acmeDetails = map(acmeHealth.get("details"));
    assertThat(map(acmeDetails.get("lastVerify")).get("ok")).isEqualTo(true);
    assertThat(map(acmeDetails.get("lastSync"))).containsEntry("Account", "QUOTA_EXHAUSTED");
    assertThat(acmeDetails.get("budgetExhausted")).isEqualTo(true);
    assertThat(map(map(components.get("globex-eloqua")).get("details")).get("spentToday"))
        .isEqualTo((double) budgets.get("globex", "eloqua").spentToday());

    // The report endpoint: the night as JSON.
    Map<String, Object> report = getJson("/actuator/revsync");
    assertThat(report.get("day")).isEqualTo("2026-12-01");
    List<Map<String, Object>> rows = list(report.get("connections"));
    assertThat(rows).extracting(c -> c.get("tenant")).containsExactlyInAnyOrder("acme", "globex");
    Map<String, Object> acmeRow =
        rows.stream().filter(c -> c.get("tenant").equals("acme")).findFirst().orElseThrow();
    assertThat(acmeRow.get("records")).isEqualTo((double) acme);
    assertThat(list(acmeRow.get("objects")))
        .extracting(o -> o.get("status"))
        .containsOnly("QUOTA_EXHAUSTED");

    // The report as a page, in the browser: no console error, every chart drawn.
    Path page = SCREENSHOTS.resolve("daily-report.html").toAbsolutePath();
    Files.createDirectories(page.getParent());
    Files.writeString(page, night.toHtml(), StandardCharsets.UTF_8);
    try (HeadlessChromium browser = new HeadlessChromium(1200, 1000)) {
      browser.navigate(page.toUri().toString());
      assertThat(
              ((Number)
                      browser.evaluate(
                          "document.querySelectorAll('#chart-budget rect.bar').length"))
                  .intValue())
          .as("spent, per connection")
          .isGreaterThanOrEqualTo(2);
      assertThat(
              ((Number)
                      browser.evaluate(
                          "document.querySelectorAll('#chart-records rect.bar').length"))
                  .intValue())
          .isPositive();
      assertThat(
              ((Number) browser.evaluate("document.getElementById('chart-drain').getBBox().height"))
                  .doubleValue())
          .isPositive();
      assertThat(browser.text("h1")).isEqualTo("revsync daily report 2026-12-01");
      browser.screenshot(SCREENSHOTS.resolve("daily-report.png"));
      assertThat(browser.errors).as("console errors on the report page").isEmpty();

      // The customers raise their limits; the next night drains what is left.
      browser.navigate(console);
      submitLimit(browser, "acme-salesforce", "1000", "50");
      assertThat(browser.text("#message-acme-salesforce"))
          .startsWith("Saved. ")
          .contains("calls are left today for pulls");
    }
    budgets.set("globex", "eloqua", 200, 0);
    TENANTS.clock.nextNight();
    assertThat(TENANTS.clock.awaitParked(180)).as("the second night ends").isTrue();
    DailyReport second = nights.reports.get(1);
    assertThat(second.day()).isEqualTo(LocalDate.of(2026, 12, 2));
    assertThat(second.hasBacklog()).as(second.render()).isFalse();
    assertThat(warehouse.received("acme")).isEqualTo(SimulatedTenants.ACME_RECORDS);
    assertThat(warehouse.received("globex")).isEqualTo(SimulatedTenants.GLOBEX_RECORDS);
    assertThat(store.limits("acme", "salesforce"))
        .get()
        .extracting(CheckpointStore.Limits::dailyLimit)
        .isEqualTo(1_000L);
    assertThat(
            registry
                .get("revsync.backlog.objects")
                .tag("connection", "acme/salesforce")
                .gauge()
                .value())
        .isZero();
  }

  /**
   * Types into the connection's form the way a person would and submits it; waits for the answer
   * page.
   */
  private static void submitLimit(
      HeadlessChromium browser, String connection, String limit, String reserve) {
    String form = "document.querySelector('#conn-" + connection + " form')";
    browser.andWaitForLoad(
        "(function(){var f="
            + form
            + ";f.dailyLimit.value="
            + quote(limit)
            + ";f.writeReserve.value="
            + quote(reserve)
            + ";f.querySelector('button').click();})()");
  }

  private static String quote(String s) {
    return "'" + s.replace("\\", "\\\\").replace("'", "\\'") + "'";
  }

  private Map<String, Object> getJson(String path) throws IOException, InterruptedException {
    HttpResponse<String> response =
        HttpClient.newHttpClient()
            .send(
                HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + path)).build(),
                HttpResponse.BodyHandlers.ofString());
    assertThat(response.statusCode()).as(path + " answered " + response.body()).isEqualTo(200);
    return map(
        new Moshi.Builder()
            .build()
            .adapter(Types.newParameterizedType(Map.class, String.class, Object.class))
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
