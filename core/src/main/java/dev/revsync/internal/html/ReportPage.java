package dev.revsync.internal.html;

import static dev.revsync.internal.html.Html.escape;
import static dev.revsync.internal.html.Html.number;

import dev.revsync.QuotaPolicy;
import dev.revsync.pipeline.DailyReport;
import dev.revsync.pipeline.DailyReport.ConnectionReport;
import dev.revsync.pipeline.DailyReport.ObjectReport;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;

/**
 * A {@link DailyReport} as one self-contained HTML page: a table per tenant and three inline SVG
 * charts (budget spent per connection, records per object, backlog and its drain forecast).
 */
public final class ReportPage {
  private ReportPage() {}

  public static String render(DailyReport report) {
    StringBuilder out = new StringBuilder(Html.head("revsync daily report " + report.day()));
    out.append("<h1>revsync daily report ")
        .append(report.day())
        .append("</h1>")
        .append("<p class=\"muted\">Pull window ")
        .append(report.window().opens())
        .append('–')
        .append(report.window().closes())
        .append(" UTC; ran ")
        .append(escape(report.startedAt().toString()))
        .append(" to ")
        .append(escape(report.finishedAt().toString()))
        .append(". ")
        .append(report.connections().size())
        .append(" connection(s), ")
        .append(number(report.connections().stream().mapToLong(ConnectionReport::records).sum()))
        .append(" records.</p>\n");
    report
        .plan()
        .ifPresent(plan -> out.append("<p>").append(escape(plan.summary())).append("</p>\n"));
    report
        .planVersusActual()
        .ifPresent(line -> out.append("<p>").append(escape(line)).append("</p>\n"));
    out.append("<div class=\"charts\">");
    out.append(budgetChart(report)).append(recordsChart(report)).append(drainChart(report));
    out.append("</div>\n");
    Map<String, List<ConnectionReport>> byTenant =
        report.connections().stream()
            .collect(
                Collectors.groupingBy(
                    ConnectionReport::tenant, LinkedHashMap::new, Collectors.toList()));
    byTenant.forEach((tenant, connections) -> out.append(tenantTable(tenant, connections)));
    out.append("</body></html>\n");
    return out.toString();
  }

  static String budgetChart(DailyReport report) {
    List<Html.Bar> bars = new ArrayList<>();
    for (ConnectionReport c : report.connections()) {
      long left =
          c.dailyLimit() == QuotaPolicy.UNLIMITED ? 0 : Math.max(0, c.dailyLimit() - c.spent());
      bars.add(new Html.Bar(c.tenant() + "/" + c.connector(), c.spent(), left));
    }
    return Html.barChart(
        "chart-budget",
        "Budget spent today per connection (calls)",
        List.of("spent", "left"),
        bars,
        0);
  }

  static String recordsChart(DailyReport report) {
    List<Html.Bar> bars = new ArrayList<>();
    for (ConnectionReport c : report.connections()) {
      for (ObjectReport o : c.objects())
        bars.add(new Html.Bar(c.tenant() + " " + o.object(), o.records(), o.deletes()));
    }
    return Html.barChart(
        "chart-records",
        "Records pulled per object",
        List.of("records", "of them deletes"),
        bars,
        0);
  }

  /** Each object's backlog on each coming day until drained, at the pace the report forecasts. */
  static String drainChart(DailyReport report) {
    List<Html.Bar> bars = new ArrayList<>();
    List<String> unknown = new ArrayList<>();
    for (ConnectionReport c : report.connections()) {
      for (ObjectReport o : c.objects()) {
        if (!o.backlog()) continue;
        String name = c.tenant() + " " + o.object();
        if (o.backlogRecords().isEmpty() || o.daysToDrain().isEmpty()) {
          unknown.add(name);
          continue;
        }
        long backlog = o.backlogRecords().getAsLong();
        long days = Math.max(1, o.daysToDrain().getAsLong());
        for (long d = 0; d <= Math.min(days, 14); d++) {
          long left = Math.max(0, backlog - Math.round((double) backlog * d / days));
          bars.add(new Html.Bar(name + (d == 0 ? " now" : " +" + d + "d"), left));
        }
      }
    }
    StringBuilder out = new StringBuilder();
    if (bars.isEmpty()) {
      String text =
          unknown.isEmpty()
              ? "No backlog: every pull completed."
              : "Backlog left, of a size the system cannot count yet: "
                  + String.join(", ", unknown)
                  + ".";
      out.append(
          "<figure class=\"chart\"><figcaption><b>Backlog and drain forecast</b></figcaption><svg id=\"chart-drain\" "
              + "role=\"img\" aria-label=\"Backlog\" xmlns=\"http://www.w3.org/2000/svg\" width=\"520\" height=\"30\">"
              + "<text x=\"0\" y=\"20\" font-size=\"12\" font-family=\"sans-serif\">"
              + escape(text)
              + "</text>"
              + "</svg></figure>");
    } else {
      out.append(
          Html.barChart(
              "chart-drain",
              "Backlog (records) and drain forecast by day",
              List.of("records left"),
              bars,
              0));
      if (!unknown.isEmpty()) {
        out.append("<p class=\"muted\">Backlog the system cannot count yet: ")
            .append(escape(String.join(", ", unknown)))
            .append(".</p>");
      }
    }
    return out.toString();
  }

  private static String tenantTable(String tenant, List<ConnectionReport> connections) {
    StringBuilder out =
        new StringBuilder("<h2>Tenant ")
            .append(escape(tenant))
            .append("</h2>\n<table><thead><tr>")
            .append(
                "<th>Connector</th><th>Object</th><th>Status</th><th class=\"n\">Records</th><th class=\"n\">Calls</th>")
            .append(
                "<th>By activity</th><th>By style</th><th class=\"n\">Budget left</th><th class=\"n\">Backlog</th>")
            .append("<th class=\"n\">Drain</th></tr></thead><tbody>");
    List<String> notes = new ArrayList<>();
    for (ConnectionReport c : connections) {
      for (ObjectReport o : c.objects()) {
        out.append("<tr><td>")
            .append(escape(c.connector()))
            .append("</td><td>")
            .append(escape(o.object()))
            .append("</td><td class=\"")
            .append(o.status())
            .append("\">")
            .append(o.status())
            .append(o.started() ? "" : " (not started)")
            .append("</td><td class=\"n\">")
            .append(number(o.records()))
            .append("</td><td class=\"n\">")
            .append(number(o.calls()))
            .append("</td><td>")
            .append(escape(counts(o.callsByActivity())))
            .append("</td><td>")
            .append(escape(counts(o.callsByStyle())))
            .append("</td><td class=\"n\">")
            .append(budget(o.budgetLeft(), c.dailyLimit()))
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
                    : o.daysToDrain().isPresent() ? o.daysToDrain().getAsLong() + " day(s)" : "?")
            .append("</td></tr>");
        if (o.failure() != null) notes.add(c.connector() + " " + o.object() + ": " + o.failure());
      }
      DailyReport.WriteReport w = c.writes();
      if (w.requests() > 0 || w.carried() > 0) {
        out.append("<tr><td>")
            .append(escape(c.connector()))
            .append("</td><td>(writes)</td><td>")
            .append(w.failure() != null ? "FAILED" : w.carried() > 0 ? "CARRIED" : "SENT")
            .append("</td><td class=\"n\">")
            .append(number(w.succeeded() + w.failed()))
            .append("</td><td class=\"n\">")
            .append(number(w.calls()))
            .append("</td><td>")
            .append(escape(counts(w.callsByActivity())))
            .append("</td><td>")
            .append(escape(counts(w.callsByStyle())))
            .append("</td><td class=\"n\">")
            .append(budget(w.budgetLeft(), c.dailyLimit()))
            .append("</td><td class=\"n\">")
            .append(w.carried() > 0 ? number(w.carried()) : "-")
            .append("</td><td class=\"n\">-</td></tr>");
        if (w.failure() != null) notes.add(c.connector() + " writes: " + w.failure());
      }
    }
    out.append("</tbody></table>\n");
    for (String note : notes)
      out.append("<p class=\"error\">").append(escape(note)).append("</p>\n");
    return out.toString();
  }

  static String counts(Map<? extends Enum<?>, Long> counts) {
    if (counts.isEmpty()) return "-";
    return counts.entrySet().stream()
        .sorted(java.util.Comparator.comparingInt(e -> e.getKey().ordinal()))
        .map(e -> e.getKey().name() + " " + e.getValue())
        .collect(Collectors.joining(", "));
  }

  static String budget(long left, long limit) {
    if (limit == QuotaPolicy.UNLIMITED) return "unlimited";
    return number(left) + " / " + number(limit);
  }
}
