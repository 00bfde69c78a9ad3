package dev.revsync.pipeline;

import static org.assertj.core.api.Assertions.assertThat;

import dev.revsync.Activity;
import dev.revsync.ConnectionConfig;
import dev.revsync.QuotaPolicy;
import dev.revsync.TestClock;
import java.util.HashMap;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

class SettingsConsoleTest {
  private final TestClock clock = TestClock.at("2026-12-01T09:00:00Z");
  private final CheckpointStore store = CheckpointStore.inMemory();
  private final QuotaPolicy acme =
      QuotaPolicy.builder().dailyLimit(100).writeReserve(10).ledger(store.quotaLedger()).build();
  private final DailyPipeline pipeline =
      DailyPipeline.builder()
          .store(store)
          .clock(clock)
          .sinks((c, o) -> r -> {})
          .connection(
              PipelineConnection.builder(
                      "acme",
                      "salesforce",
                      ConnectionConfig.builder("acme/salesforce")
                          .clock(clock)
                          .quotaPolicy(acme)
                          .build())
                  .objects("Account")
                  .build())
          .build();
  private final SettingsConsole console =
      SettingsConsole.of(Budgets.of(pipeline, store), pipeline, "/revsync/console");

  @AfterEach
  void close() {
    pipeline.close();
  }

  private static String cookieOf(SettingsConsole.Response r) {
    String c = r.headers().get("Set-Cookie");
    return c.substring(c.indexOf('=') + 1, c.indexOf(';'));
  }

  private Map<String, String> form(String token, String limit, String reserve) {
    Map<String, String> f =
        new HashMap<>(Map.of("tenant", "acme", "connector", "salesforce", "writeReserve", reserve));
    if (limit != null) f.put("dailyLimit", limit);
    if (token != null) f.put("csrf", token);
    return f;
  }

  @Test
  void thePageShowsTheLimitsTheWindowNoteAndASecureCookieAndCarriesTheTokenInItsForm() {
    SettingsConsole.Response page = console.page(null);
    String token = cookieOf(page);

    assertThat(page.status()).isEqualTo(200);
    assertThat(page.headers().get("Set-Cookie"))
        .contains("HttpOnly")
        .contains("SameSite=Strict")
        .contains("Path=/revsync/console");
    assertThat(page.headers().get("Content-Security-Policy")).contains("default-src 'none'");
    assertThat(page.body())
        .contains("name=\"csrf\" value=\"" + token + "\"")
        .contains("value=\"100\"")
        .contains("between 00:00 and 02:00 UTC")
        .doesNotContain("<script");
    assertThat(cookieOf(console.page(token))).isEqualTo(token);
  }

  @Test
  void aValidPostChangesTheLiveLimitAndSavesIt() {
    String token = cookieOf(console.page(null));

    SettingsConsole.Response r = console.submit(form(token, " 2,000 ", "200"), token);

    assertThat(r.status()).isEqualTo(200);
    assertThat(r.body()).contains("Saved.");
    assertThat(acme.dailyLimit()).isEqualTo(2_000);
    assertThat(acme.writeReserve()).isEqualTo(200);
    assertThat(store.limits("acme", "salesforce")).isPresent();
  }

  @Test
  void aPostWithoutTheCookiesTokenChangesNothing() {
    String token = cookieOf(console.page(null));

    assertThat(console.submit(form(token, "5", "0"), null).status()).isEqualTo(403);
    assertThat(console.submit(form(null, "5", "0"), token).status()).isEqualTo(403);
    assertThat(
            console
                .submit(form("forged-token-forged-token-forged-token", "5", "0"), token)
                .status())
        .isEqualTo(403);
    assertThat(acme.dailyLimit()).isEqualTo(100);
  }

  @Test
  void invalidInputGetsAClearMessageAndChangesNothing() {
    String token = cookieOf(console.page(null));

    assertThat(console.submit(form(token, "-5", "0"), token).body())
        .contains("must not be negative: -5. Nothing was changed.");
    assertThat(console.submit(form(token, "ten", "0"), token).body())
        .contains("must be a whole number of calls, not &#39;ten&#39;");
    assertThat(console.submit(form(token, "99999999999999999999", "0"), token).body())
        .contains("far above the largest accepted");
    assertThat(console.submit(form(token, "100000001", "0"), token).body())
        .contains("above the largest accepted, 100000000");
    assertThat(console.submit(form(token, "50", "60"), token).body())
        .contains("The write reserve of 60 is above the daily limit of 50");
    assertThat(console.submit(form(token, "50", "60"), token).body()).contains("class=\"error\"");
    assertThat(acme.dailyLimit()).isEqualTo(100);
    assertThat(acme.writeReserve()).isEqualTo(10);
    assertThat(store.limits("acme", "salesforce")).isEmpty();
  }

  @Test
  void aLimitBelowTodaysSpendIsAcceptedAndExplained() {
    for (int i = 0; i < 30; i++) acme.tryAcquire("acme/salesforce", Activity.SYNC, clock.instant());
    String token = cookieOf(console.page(null));

    SettingsConsole.Response r = console.submit(form(token, "20", "0"), token);

    assertThat(r.status()).isEqualTo(200);
    assertThat(r.body())
        .contains(
            "Today already used 30 calls, at or above the new limit of 20: no more calls today");
    assertThat(acme.tryAcquire("acme/salesforce", Activity.ENRICHMENT, clock.instant()))
        .isEqualTo(QuotaPolicy.Decision.BUDGET_SPENT);
  }
}
