package dev.revsync.spring;

import dev.revsync.QuotaPolicy;
import dev.revsync.pipeline.DailyReport;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.OptionalLong;
import java.util.TreeMap;

/** A {@link DailyReport} as plain maps and lists, which any JSON writer renders the same way. */
final class ReportJson {
  private ReportJson() {}

  static Map<String, Object> of(DailyReport report) {
    Map<String, Object> out = new LinkedHashMap<>();
    out.put("day", report.day().toString());
    out.put("window", report.window().opens() + "–" + report.window().closes() + " UTC");
    out.put("startedAt", report.startedAt().toString());
    out.put("finishedAt", report.finishedAt().toString());
    out.put("hasBacklog", report.hasBacklog());
    out.put("connections", report.connections().stream().map(ReportJson::connection).toList());
    return out;
  }

  private static Map<String, Object> connection(DailyReport.ConnectionReport c) {
    Map<String, Object> out = new LinkedHashMap<>();
    out.put("tenant", c.tenant());
    out.put("connector", c.connector());
    out.put("dailyLimit", limit(c.dailyLimit()));
    out.put("spent", c.spent());
    out.put("budgetLeft", limit(c.budgetLeft()));
    out.put("budgetLeftForWrites", limit(c.budgetLeftForWrites()));
    out.put("records", c.records());
    out.put("backlogRecords", optional(c.backlogRecords()));
    out.put("daysToDrain", optional(c.daysToDrain()));
    out.put("objects", c.objects().stream().map(ReportJson::object).toList());
    DailyReport.WriteReport w = c.writes();
    Map<String, Object> writes = new LinkedHashMap<>();
    writes.put("requests", w.requests());
    writes.put("succeeded", w.succeeded());
    writes.put("failed", w.failed());
    writes.put("carried", w.carried());
    writes.put("calls", w.calls());
    if (w.failure() != null) writes.put("failure", w.failure());
    out.put("writes", writes);
    return out;
  }

  private static Map<String, Object> object(DailyReport.ObjectReport o) {
    Map<String, Object> out = new LinkedHashMap<>();
    out.put("object", o.object());
    out.put("status", o.status().name());
    out.put("started", o.started());
    out.put("records", o.records());
    out.put("deletes", o.deletes());
    out.put("calls", o.calls());
    out.put("callsByActivity", names(o.callsByActivity()));
    out.put("callsByStyle", names(o.callsByStyle()));
    out.put("backlog", o.backlog());
    out.put("backlogRecords", optional(o.backlogRecords()));
    out.put("daysToDrain", optional(o.daysToDrain()));
    if (o.failure() != null) out.put("failure", o.failure());
    return out;
  }

  private static Map<String, Long> names(Map<? extends Enum<?>, Long> counts) {
    Map<String, Long> out = new TreeMap<>();
    counts.forEach((k, v) -> out.put(k.name(), v));
    return out;
  }

  /**
   * Null (JSON null) for "no limit", so no reader mistakes Long.MAX_VALUE for a number of calls.
   */
  private static Long limit(long value) {
    return value == QuotaPolicy.UNLIMITED ? null : value;
  }

  private static Long optional(OptionalLong value) {
    return value.isPresent() ? value.getAsLong() : null;
  }
}
