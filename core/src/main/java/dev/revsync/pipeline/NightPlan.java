package dev.revsync.pipeline;

import java.time.Duration;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.OptionalLong;

/**
 * What the {@link DailyPipeline} expects of a night before it starts, from the figures of earlier
 * nights kept in the {@link CheckpointStore}: per connection and object, the calls, the time in a
 * slot and the server-side job preparation it needs; the order the pulls start in; and what cannot
 * fit the window or the budget (the expected backlog, with its drain forecast).
 *
 * <p>The order: server-side jobs kept from the night before first (their data may be prepared
 * already), then connections with backlog, then pulls with long job preparations (their jobs start
 * early and wait parked, holding no slot), then everything else in the connections' order, filling
 * the slots while jobs prepare.
 *
 * <p>Immutable and thread-safe.
 *
 * @since 0.3
 */
public final class NightPlan {

  /** Why a pull is not expected to finish tonight. */
  public enum Shortfall {
    /** Its calls do not fit the connection's pull budget (daily limit less the write reserve). */
    BUDGET,
    /** The window ends first: the slots are full, or the connection's own pulls are too long. */
    WINDOW
  }

  /**
   * One object's pull as planned.
   *
   * @param tenant the tenant
   * @param connector the connector id
   * @param object the object
   * @param rank where it starts in the night, from 0
   * @param calls calls expected (the last night's); empty when no night is known
   * @param records records expected (the last night's); empty when no night is known
   * @param activeTime time expected in a slot; zero when unknown
   * @param jobPreparation server-side job preparation expected; zero for none or unknown
   * @param job whether it is expected to wait for a server-side job: it did last night, resumes
   *     one, or (never seen) its connector pulls only with jobs
   * @param resumesJob whether it resumes a job kept from an earlier night
   * @param shortfall why it is not expected to finish tonight; null when it should
   * @param daysToDrain for a shortfall, the nights its backlog should take at this budget and
   *     window
   */
  public record Step(
      String tenant,
      String connector,
      String object,
      int rank,
      OptionalLong calls,
      OptionalLong records,
      Duration activeTime,
      Duration jobPreparation,
      boolean job,
      boolean resumesJob,
      Shortfall shortfall,
      OptionalLong daysToDrain) {
    public Step {
      Objects.requireNonNull(tenant, "tenant");
      Objects.requireNonNull(connector, "connector");
      Objects.requireNonNull(object, "object");
      Objects.requireNonNull(calls, "calls");
      Objects.requireNonNull(records, "records");
      Objects.requireNonNull(activeTime, "activeTime");
      Objects.requireNonNull(jobPreparation, "jobPreparation");
      Objects.requireNonNull(daysToDrain, "daysToDrain");
    }

    /** Whether the pull is expected to leave backlog tonight. */
    public boolean expectedBacklog() {
      return shortfall != null;
    }
  }

  private final LocalDate day;
  private final int slots;
  private final List<Step> steps;

  NightPlan(LocalDate day, int slots, List<Step> steps) {
    this.day = Objects.requireNonNull(day, "day");
    this.slots = slots;
    List<Step> sorted = new ArrayList<>(steps);
    sorted.sort(java.util.Comparator.comparingInt(Step::rank));
    this.steps = List.copyOf(sorted);
  }

  public LocalDate day() {
    return day;
  }

  /** How many pulls run at once. */
  public int slots() {
    return slots;
  }

  /** Every object's pull, in the order they start. */
  public List<Step> steps() {
    return steps;
  }

  /** One object's planned pull. */
  public java.util.Optional<Step> step(String tenant, String connector, String object) {
    return steps.stream()
        .filter(
            s ->
                s.tenant().equals(tenant)
                    && s.connector().equals(connector)
                    && s.object().equals(object))
        .findFirst();
  }

  /** The pulls expected to leave backlog, in the order they start. */
  public List<Step> expectedBacklog() {
    return steps.stream().filter(Step::expectedBacklog).toList();
  }

  /** Calls expected in total, of the steps whose calls are known. */
  public long calls() {
    return steps.stream().mapToLong(s -> s.calls().orElse(0)).sum();
  }

  /** How many pulls are expected to wait for a server-side job. */
  public long jobs() {
    return steps.stream().filter(Step::job).count();
  }

  /**
   * The plan in one line, such as {@code plan 2026-12-03: 12 pulls on 8 slots, ~4210 calls, 3 jobs
   * (1 kept from last night, longest preparation 14m); expected backlog: none}.
   */
  public String summary() {
    Duration longest =
        steps.stream().map(Step::jobPreparation).max(Duration::compareTo).orElse(Duration.ZERO);
    long resumed = steps.stream().filter(Step::resumesJob).count();
    long unknown = steps.stream().filter(s -> s.calls().isEmpty()).count();
    StringBuilder out = new StringBuilder();
    out.append("plan ")
        .append(day)
        .append(": ")
        .append(steps.size())
        .append(steps.size() == 1 ? " pull" : " pulls")
        .append(" on ")
        .append(slots)
        .append(slots == 1 ? " slot" : " slots")
        .append(", ~")
        .append(calls())
        .append(" calls");
    if (unknown > 0) out.append(" (+").append(unknown).append(" pulls never seen)");
    out.append(", ").append(jobs()).append(jobs() == 1 ? " job" : " jobs");
    if (jobs() > 0) {
      out.append(" (");
      if (resumed > 0) out.append(resumed).append(" kept from last night, ");
      out.append(
              longest.isZero()
                  ? "preparation not yet known"
                  : "longest preparation " + human(longest))
          .append(')');
    }
    out.append("; expected backlog: ");
    List<Step> backlog = expectedBacklog();
    if (backlog.isEmpty()) return out.append("none").toString();
    out.append(backlog.size()).append(backlog.size() == 1 ? " pull" : " pulls").append(" (");
    int shown = 0;
    for (Step s : backlog) {
      if (shown == 3) {
        out.append(", …");
        break;
      }
      if (shown++ > 0) out.append(", ");
      out.append(s.tenant())
          .append('/')
          .append(s.connector())
          .append(' ')
          .append(s.object())
          .append(": ")
          .append(s.shortfall().name().toLowerCase(java.util.Locale.ROOT))
          .append(", drains in ")
          .append(
              s.daysToDrain().isPresent()
                  ? s.daysToDrain().getAsLong()
                      + (s.daysToDrain().getAsLong() == 1 ? " day" : " days")
                  : "? days");
    }
    return out.append(')').toString();
  }

  static String human(Duration d) {
    long s = d.toSeconds();
    if (s < 60) return s + "s";
    if (s < 3600) return (s / 60) + "m" + (s % 60 == 0 ? "" : String.format("%02ds", s % 60));
    return (s / 3600) + "h" + String.format("%02dm", (s % 3600) / 60);
  }

  @Override
  public String toString() {
    return summary();
  }
}
