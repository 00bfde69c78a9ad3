package dev.revsync.internal.html;

import static dev.revsync.internal.html.Html.escape;
import static dev.revsync.internal.html.Html.number;

import dev.revsync.QuotaPolicy;
import dev.revsync.pipeline.Budgets;
import dev.revsync.pipeline.DailyReport;
import java.time.LocalDate;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/** The integration settings page: one section per connection, its limits form and its night. */
public final class ConsolePage {
  private ConsolePage() {}

  /**
   * Renders the page.
   *
   * @param action where the forms post (the console's own path)
   * @param csrf the token each form carries
   * @param flash a result to show at the top: {@code ok} or {@code error} with its text, or null
   * @param flashFor the connection ({@code tenant/connector}) the result is about, or null
   */
  public static String render(
      List<Budgets.Budget> budgets,
      Optional<DailyReport> last,
      LocalDate today,
      String action,
      String csrf,
      boolean ok,
      String flash,
      String flashFor) {
    StringBuilder out = new StringBuilder(Html.head("Integration settings"));
    out.append(
            "<h1>Integration settings</h1><p class=\"muted\">API limits of each connected system, today ")
        .append(today)
        .append(" (UTC).</p>")
        .append(
            "<p class=\"note\" id=\"window-note\">Data is pulled once a day between 00:00 and 02:00 UTC. There are no "
                + "custom pull times. The daily limit counts every API call revsync makes for a connection, reset at 00:00 UTC; "
                + "the write reserve keeps the last calls of each day for enrichment and score exports.</p>\n");
    for (Budgets.Budget b : budgets) {
      String key = b.tenant() + "/" + b.connector();
      String id = (b.tenant() + "-" + b.connector()).replaceAll("[^A-Za-z0-9_-]", "_");
      out.append("<section class=\"connection\" id=\"conn-")
          .append(escape(id))
          .append("\"><h2>")
          .append(escape(b.tenant()))
          .append(" · ")
          .append(escape(b.connector()))
          .append("</h2>");
      if (flash != null && key.equals(flashFor)) {
        out.append("<p class=\"")
            .append(ok ? "ok" : "error")
            .append("\" role=\"status\" id=\"message-")
            .append(escape(id))
            .append("\">")
            .append(escape(flash))
            .append("</p>");
      }
      out.append("<form class=\"limits\" method=\"post\" action=\"")
          .append(escape(action))
          .append("\">")
          .append(hidden("csrf", csrf))
          .append(hidden("tenant", b.tenant()))
          .append(hidden("connector", b.connector()))
          .append(
              "<label>Daily limit (calls)<input name=\"dailyLimit\" inputmode=\"numeric\" value=\"")
          .append(b.dailyLimit() == QuotaPolicy.UNLIMITED ? "" : Long.toString(b.dailyLimit()))
          .append("\" placeholder=\"no limit\"></label>")
          .append(
              "<label>Write reserve (calls)<input name=\"writeReserve\" inputmode=\"numeric\" value=\"")
          .append(b.writeReserve())
          .append("\"></label><button type=\"submit\">Save</button></form>");
      out.append("<h3>Today</h3><table><tbody>")
          .append(
              row(
                  "Calls used",
                  number(b.spentToday())
                      + (b.dailyLimit() == QuotaPolicy.UNLIMITED
                          ? ""
                          : " of " + number(b.dailyLimit()))))
          .append(row("Left for pulls", left(b.leftForPulls())))
          .append(row("Left in all (writes)", left(b.leftForWrites())));
      Optional<DailyReport.ConnectionReport> night =
          last.flatMap(r -> r.connection(b.tenant(), b.connector()));
      if (night.isPresent() && last.get().day().equals(today)) {
        out.append(row("Pulls by activity", usage(activity(night.get()))))
            .append(row("Pulls by API style", usage(style(night.get()))));
      }
      out.append("</tbody></table>");
      out.append("<h3>Last night</h3>");
      if (night.isEmpty()) {
        out.append("<p class=\"muted\">No night has run yet.</p>");
      } else {
        DailyReport.ConnectionReport c = night.get();
        out.append("<p class=\"muted\">")
            .append(last.get().day())
            .append(
                "</p><table><thead><tr><th>Object</th><th>Status</th>"
                    + "<th class=\"n\">Records</th><th class=\"n\">Calls</th><th class=\"n\">Backlog</th><th class=\"n\">Drains in</th></tr></thead><tbody>");
        for (DailyReport.ObjectReport o : c.objects()) {
          out.append("<tr><td>")
              .append(escape(o.object()))
              .append("</td><td class=\"")
              .append(o.status())
              .append("\">")
              .append(o.status())
              .append("</td><td class=\"n\">")
              .append(number(o.records()))
              .append("</td><td class=\"n\">")
              .append(number(o.calls()))
              .append("</td><td class=\"n\">")
              .append(
                  !o.backlog()
                      ? "-"
                      : o.backlogRecords().isPresent()
                          ? number(o.backlogRecords().getAsLong())
                          : "yes")
              .append("</td><td class=\"n\">")
              .append(
                  !o.backlog()
                      ? "-"
                      : o.daysToDrain().isPresent()
                          ? o.daysToDrain().getAsLong() + " day(s)"
                          : "unknown")
              .append("</td></tr>");
        }
        out.append("</tbody></table>");
        if (c.hasBacklog()) {
          out.append("<p>Backlog: ")
              .append(
                  c.backlogRecords().isPresent()
                      ? number(c.backlogRecords().getAsLong()) + " records"
                      : "not countable yet")
              .append(
                  c.daysToDrain().isPresent()
                      ? ", forecast to drain in "
                          + c.daysToDrain().getAsLong()
                          + " day(s) at the current limit"
                      : "")
              .append(".</p>");
        }
      }
      out.append("</section>\n");
    }
    out.append("</body></html>\n");
    return out.toString();
  }

  private static Map<dev.revsync.Activity, Long> activity(DailyReport.ConnectionReport c) {
    Map<dev.revsync.Activity, Long> sum = new EnumMap<>(dev.revsync.Activity.class);
    c.objects().forEach(o -> o.callsByActivity().forEach((k, v) -> sum.merge(k, v, Long::sum)));
    c.writes().callsByActivity().forEach((k, v) -> sum.merge(k, v, Long::sum));
    return sum;
  }

  private static Map<dev.revsync.ApiStyle, Long> style(DailyReport.ConnectionReport c) {
    Map<dev.revsync.ApiStyle, Long> sum = new EnumMap<>(dev.revsync.ApiStyle.class);
    c.objects().forEach(o -> o.callsByStyle().forEach((k, v) -> sum.merge(k, v, Long::sum)));
    c.writes().callsByStyle().forEach((k, v) -> sum.merge(k, v, Long::sum));
    return sum;
  }

  private static String usage(Map<? extends Enum<?>, Long> counts) {
    return escape(ReportPage.counts(counts));
  }

  private static String left(long n) {
    return n == QuotaPolicy.UNLIMITED ? "no limit" : number(n);
  }

  private static String row(String name, String valueHtml) {
    return "<tr><th>" + escape(name) + "</th><td class=\"n\">" + valueHtml + "</td></tr>";
  }

  private static String hidden(String name, String value) {
    return "<input type=\"hidden\" name=\"" + name + "\" value=\"" + escape(value) + "\">";
  }
}
