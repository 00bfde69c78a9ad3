package dev.revsync.internal.pipeline;

import dev.revsync.QuotaPolicy;
import dev.revsync.pipeline.DailyReport;
import dev.revsync.pipeline.DailyReport.ConnectionReport;
import dev.revsync.pipeline.DailyReport.ObjectReport;
import dev.revsync.pipeline.DailyReport.WriteReport;
import java.time.LocalTime;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.OptionalLong;
import java.util.TreeMap;
import java.util.stream.Collectors;

/** Renders a {@link DailyReport} as a plain-text table (what the CLI prints). */
public final class ReportTable {
  private static final String[] HEADERS = {
    "TENANT",
    "CONNECTOR",
    "OBJECT",
    "STATUS",
    "RECORDS",
    "CALLS",
    "BY ACTIVITY",
    "BY STYLE",
    "BUDGET LEFT",
    "BACKLOG",
    "DRAIN"
  };

  /** Columns aligned right (numbers). */
  private static final boolean[] RIGHT = {
    false, false, false, false, true, true, false, false, true, true, true
  };

  private static final DateTimeFormatter TIME = DateTimeFormatter.ofPattern("HH:mm:ss");

  private ReportTable() {}

  public static String render(DailyReport report) {
    List<String[]> rows = new ArrayList<>();
    List<String> notes = new ArrayList<>();
    for (ConnectionReport c : report.connections()) {
      for (ObjectReport o : c.objects()) {
        rows.add(
            new String[] {
              c.tenant(),
              c.connector(),
              o.object(),
              o.status() + (o.started() ? "" : " (not started)"),
              Long.toString(o.records()),
              Long.toString(o.calls()),
              counts(o.callsByActivity()),
              counts(o.callsByStyle()),
              budget(o.budgetLeft(), c.dailyLimit()),
              backlog(o.backlog(), o.backlogRecords()),
              drain(o.backlog(), o.daysToDrain())
            });
        if (o.failure() != null)
          notes.add(c.tenant() + "/" + c.connector() + " " + o.object() + ": " + o.failure());
      }
      WriteReport w = c.writes();
      if (w.requests() > 0 || w.carried() > 0) {
        rows.add(
            new String[] {
              c.tenant(),
              c.connector(),
              "(writes)",
              w.failure() != null ? "FAILED" : w.carried() > 0 ? "CARRIED" : "SENT",
              Long.toString(w.succeeded() + w.failed()),
              Long.toString(w.calls()),
              counts(w.callsByActivity()),
              counts(w.callsByStyle()),
              budget(w.budgetLeft(), c.dailyLimit()),
              w.carried() > 0 ? Long.toString(w.carried()) : "-",
              "-"
            });
        if (w.failed() > 0) {
          notes.add(
              c.tenant()
                  + "/"
                  + c.connector()
                  + " writes: "
                  + w.failed()
                  + " item(s) refused by the system; each SubmittedWrite's outcomes say why");
        }
        if (w.failure() != null)
          notes.add(c.tenant() + "/" + c.connector() + " writes: " + w.failure());
      }
    }
    StringBuilder out = new StringBuilder();
    out.append("revsync daily report ")
        .append(report.day())
        .append(" (window ")
        .append(report.window().opens())
        .append('–')
        .append(report.window().closes())
        .append(" UTC, ran ")
        .append(time(report.startedAt()))
        .append('–')
        .append(time(report.finishedAt()))
        .append(")\n");
    appendTable(out, rows);
    // Below the table, so its rows start where they always did.
    report.plan().ifPresent(plan -> out.append(plan.summary()).append('\n'));
    report.planVersusActual().ifPresent(line -> out.append(line).append('\n'));
    if (!notes.isEmpty()) {
      out.append("notes:\n");
      for (String note : notes) out.append("  ").append(note).append('\n');
    }
    return out.toString();
  }

  private static void appendTable(StringBuilder out, List<String[]> rows) {
    int[] widths = new int[HEADERS.length];
    for (int i = 0; i < HEADERS.length; i++) widths[i] = HEADERS[i].length();
    for (String[] row : rows) {
      for (int i = 0; i < row.length; i++) widths[i] = Math.max(widths[i], row[i].length());
    }
    appendRow(out, HEADERS, widths);
    for (String[] row : rows) appendRow(out, row, widths);
    if (rows.isEmpty()) out.append("(no connections)\n");
  }

  private static void appendRow(StringBuilder out, String[] cells, int[] widths) {
    StringBuilder line = new StringBuilder();
    for (int i = 0; i < cells.length; i++) {
      if (i > 0) line.append("  ");
      String pad = " ".repeat(widths[i] - cells[i].length());
      line.append(RIGHT[i] ? pad + cells[i] : cells[i] + pad);
    }
    out.append(line.toString().stripTrailing()).append('\n');
  }

  private static String counts(Map<? extends Enum<?>, Long> counts) {
    if (counts.isEmpty()) return "-";
    // Enum order, not the map's: rows must read the same every day.
    return new TreeMap<>(counts)
        .entrySet().stream()
            .filter(e -> e.getValue() != 0)
            .map(e -> e.getKey().name() + " " + e.getValue())
            .collect(Collectors.joining(", "));
  }

  private static String budget(long left, long limit) {
    return limit == QuotaPolicy.UNLIMITED ? "unlimited" : left + "/" + limit;
  }

  private static String backlog(boolean backlog, OptionalLong records) {
    if (!backlog) return "-";
    return records.isPresent() ? Long.toString(records.getAsLong()) : "yes";
  }

  private static String drain(boolean backlog, OptionalLong days) {
    if (!backlog) return "-";
    if (days.isEmpty()) return "?";
    return days.getAsLong() == 1 ? "1 day" : days.getAsLong() + " days";
  }

  private static String time(java.time.Instant at) {
    return TIME.format(LocalTime.ofInstant(at, ZoneOffset.UTC));
  }
}
