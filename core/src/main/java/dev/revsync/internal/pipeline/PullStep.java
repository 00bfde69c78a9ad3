package dev.revsync.internal.pipeline;

import dev.revsync.Activity;
import dev.revsync.ApiStyle;
import dev.revsync.pipeline.NightPlan;
import java.time.Duration;
import java.time.Instant;
import java.util.EnumMap;
import java.util.Map;
import java.util.OptionalLong;

/**
 * One object's pull over a night: it may run several times (start a job and park, resume and poll,
 * download), and adds up what each run did for the object's report row.
 *
 * <p>The scheduling fields ({@link #resumed}, {@link #due}, {@link #holdsJob}) are guarded by the
 * {@link Night}'s lock; the rest belongs to the worker running the step, which the lock hands over
 * from one run to the next.
 */
final class PullStep {
  final ConnectionRun run;

  /** The object, or null for a connection without objects (its writes only). */
  final String object;

  final int rank;
  final long seq;

  /** The plan's view of it; null for the writes-only step. */
  final NightPlan.Step plan;

  // Scheduling, under the night's lock.
  boolean resumed;
  Instant due = Instant.MIN;
  boolean holdsJob;

  // What the runs added up, owned by the running worker.
  boolean started;
  Instant firstStart;
  long records;
  long deletes;
  long calls;
  long jobPolls;
  int parks;
  Duration active = Duration.ZERO;
  Duration preparedIn = Duration.ZERO;
  Instant jobStartedAt;
  OptionalLong backlogRecords = OptionalLong.empty();
  final Map<Activity, Long> byActivity = new EnumMap<>(Activity.class);
  final Map<ApiStyle, Long> byStyle = new EnumMap<>(ApiStyle.class);

  PullStep(ConnectionRun run, String object, int rank, long seq, NightPlan.Step plan) {
    this.run = run;
    this.object = object;
    this.rank = rank;
    this.seq = seq;
    this.plan = plan;
  }

  /** Whether this pull may start a server-side job, which the connection's job cap limits. */
  boolean mayStartJob() {
    if (object == null || !run.jobCapable()) return false;
    // A pull seen last night without a job, and with no job kept, pulls by REST again.
    return plan == null
        || plan.calls().isEmpty()
        || plan.resumesJob()
        || !plan.jobPreparation().isZero();
  }

  @Override
  public String toString() {
    return run.connection() + " " + (object == null ? "(writes)" : object);
  }
}
