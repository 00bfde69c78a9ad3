package dev.revsync.internal.pipeline;

import dev.revsync.QuotaPolicy;
import dev.revsync.SyncResult;
import dev.revsync.pipeline.DailyReport.ObjectReport;
import java.util.ArrayList;
import java.util.List;
import java.util.OptionalLong;

/**
 * Estimates how many days a connection's backlog takes to drain: records per day are today's
 * records per call times the pull budget in force now (limit less the write reserve), or, when the
 * window closed on a pull, no more than what today's window moved. Objects run in order each day,
 * so an object's estimate counts the backlog of the objects before it.
 */
final class DrainEstimate {

  record Result(List<ObjectReport> rows, OptionalLong backlogRecords, OptionalLong daysToDrain) {}

  private DrainEstimate() {}

  static Result apply(List<ObjectReport> rows, long dailyLimit, long writeReserve) {
    double perDay = recordsPerDay(rows, dailyLimit, writeReserve);
    List<ObjectReport> out = new ArrayList<>(rows.size());
    long cumulative = 0;
    boolean known = true;
    boolean anyBacklog = false;
    OptionalLong days = OptionalLong.of(0);
    for (ObjectReport row : rows) {
      if (row.backlog()) {
        anyBacklog = true;
        if (row.backlogRecords().isPresent()) cumulative += row.backlogRecords().getAsLong();
        else known = false;
      }
      days = !known ? OptionalLong.empty() : days(cumulative, anyBacklog, perDay);
      out.add(row.newBuilder().daysToDrain(days).build());
    }
    return new Result(out, known ? OptionalLong.of(cumulative) : OptionalLong.empty(), days);
  }

  private static OptionalLong days(long backlog, boolean anyBacklog, double perDay) {
    if (!anyBacklog) return OptionalLong.of(0);
    if (backlog == 0)
      return OptionalLong.of(1); // flagged but nothing counted: the next run finishes it
    if (!(perDay > 0) || Double.isInfinite(perDay)) return OptionalLong.empty();
    return OptionalLong.of(Math.max(1, (long) Math.ceil(backlog / perDay)));
  }

  private static double recordsPerDay(List<ObjectReport> rows, long dailyLimit, long writeReserve) {
    long records = 0;
    long calls = 0;
    boolean windowBound = false;
    for (ObjectReport row : rows) {
      if (!row.started()) continue;
      records += row.records();
      calls += row.calls();
      windowBound |= row.status() == SyncResult.Status.WINDOW_CLOSED;
    }
    double byBudget =
        dailyLimit == QuotaPolicy.UNLIMITED
            ? Double.POSITIVE_INFINITY
            : calls == 0
                ? Double.NaN
                : (double) records / calls * Math.max(0, dailyLimit - writeReserve);
    double byWindow = windowBound ? records : Double.POSITIVE_INFINITY;
    return Double.isNaN(byBudget) ? byWindow : Math.min(byBudget, byWindow);
  }
}
