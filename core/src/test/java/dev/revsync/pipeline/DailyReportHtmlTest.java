package dev.revsync.pipeline;

import static org.assertj.core.api.Assertions.assertThat;

import dev.revsync.Activity;
import dev.revsync.ApiStyle;
import dev.revsync.SyncResult;
import java.time.Instant;
import java.time.LocalDate;
import java.util.List;
import java.util.Map;
import java.util.OptionalLong;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;

class DailyReportHtmlTest {
  private static DailyReport report() {
    DailyReport.ConnectionReport acme =
        DailyReport.ConnectionReport.builder("acme", "salesforce", "acme/salesforce")
            .object(
                DailyReport.ObjectReport.builder("Account", SyncResult.Status.COMPLETED)
                    .records(2_500)
                    .deletes(3)
                    .calls(4)
                    .callsByActivity(Map.of(Activity.LOGIN, 1L, Activity.SYNC, 3L))
                    .callsByStyle(Map.of(ApiStyle.REST, 4L))
                    .budgetLeft(940)
                    .build())
            .dailyLimit(1_000)
            .spent(60)
            .budgetLeft(940)
            .budgetLeftForWrites(940)
            .build();
    DailyReport.ConnectionReport evil =
        DailyReport.ConnectionReport.builder("<script>alert(1)</script>", "eloqua", "x/eloqua")
            .object(
                DailyReport.ObjectReport.builder("Contact", SyncResult.Status.QUOTA_EXHAUSTED)
                    .records(1_000)
                    .calls(9)
                    .budgetLeft(0)
                    .backlog(true)
                    .backlogRecords(3_000)
                    .daysToDrain(3)
                    .failure("budget <spent>")
                    .build())
            .dailyLimit(9)
            .spent(9)
            .budgetLeft(0)
            .budgetLeftForWrites(0)
            .backlogRecords(OptionalLong.of(3_000))
            .daysToDrain(OptionalLong.of(3))
            .build();
    return new DailyReport(
        LocalDate.of(2026, 12, 1),
        PullWindow.daily(),
        Instant.parse("2026-12-01T00:00:00Z"),
        Instant.parse("2026-12-01T00:41:00Z"),
        List.of(acme, evil));
  }

  @Test
  void thePageIsSelfContainedWithATablePerTenantAndThreeCharts() {
    String html = report().toHtml();

    assertThat(html)
        .startsWith("<!DOCTYPE html>")
        .contains("<h2>Tenant acme</h2>")
        .contains("2,500")
        .contains("id=\"chart-budget\"")
        .contains("id=\"chart-records\"")
        .contains("id=\"chart-drain\"")
        .contains("default-src 'none'");
    // Nothing loads from the network: the only URL is the SVG namespace, and there is no script.
    assertThat(Pattern.compile("(src|href)\\s*=").matcher(html).find()).isFalse();
    assertThat(html.replace("http://www.w3.org/2000/svg", ""))
        .doesNotContain("http://")
        .doesNotContain("https://");
    assertThat(html).doesNotContain("<script");
  }

  @Test
  void namesAndFailuresAreEscaped() {
    String html = report().toHtml();

    assertThat(html)
        .contains("&lt;script&gt;alert(1)&lt;/script&gt;")
        .contains("budget &lt;spent&gt;");
  }

  @Test
  void theDrainForecastCountsTheBacklogDownToZeroOverTheForecastDays() {
    String html = report().toHtml();
    String drain =
        html.substring(
            html.indexOf("id=\"chart-drain\""),
            html.indexOf("</svg>", html.indexOf("id=\"chart-drain\"")));

    assertThat(drain)
        .contains("Contact now records left: 3,000")
        .contains(">3,000<")
        .contains(">2,000<")
        .contains(">1,000<")
        .contains("+3d");
  }
}
