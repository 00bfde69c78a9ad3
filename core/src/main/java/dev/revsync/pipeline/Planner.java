package dev.revsync.pipeline;

import dev.revsync.Activity;
import dev.revsync.Checkpoint;
import dev.revsync.QuotaPolicy;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.OptionalLong;
import java.util.Set;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Plans a night at the window's opening from the figures earlier nights left in the store (see
 * {@link NightPlan} for the order). Reads the store once per object; never opens a connection.
 */
final class Planner {
  private static final Logger log = LoggerFactory.getLogger(DailyPipeline.class);

  private Planner() {}

  /** One object before ranking. */
  private record Candidate(
      PipelineConnection connection,
      int connectionIndex,
      boolean backlogConnection,
      int objectIndex,
      String object,
      CheckpointStore.Figures figures,
      boolean resumesJob,
      boolean jobOnly) {
    Duration preparation() {
      return figures == null ? Duration.ZERO : figures.jobPreparation();
    }

    /** Expected to wait for a server-side job tonight. */
    boolean job() {
      return resumesJob || !preparation().isZero() || (figures == null && jobOnly);
    }

    Duration active() {
      return figures == null ? Duration.ZERO : figures.activeTime();
    }
  }

  /**
   * @param order the connections, backlog first (the order the pipeline starts them in)
   * @param withBacklog the connections carrying work from earlier days
   */
  static NightPlan plan(
      LocalDate day,
      List<PipelineConnection> order,
      Set<PipelineConnection> withBacklog,
      CheckpointStore store,
      Instant now,
      Instant deadline,
      int slots) {
    List<Candidate> candidates = new ArrayList<>();
    for (int ci = 0; ci < order.size(); ci++) {
      PipelineConnection c = order.get(ci);
      boolean jobOnly = jobOnly(c);
      List<String> objects = c.objects();
      for (int oi = 0; oi < objects.size(); oi++) {
        String object = objects.get(oi);
        CheckpointStore.Figures figures = null;
        boolean resumesJob = false;
        try {
          figures = store.figures(c.tenant(), c.connector(), object).orElse(null);
          resumesJob =
              store
                  .load(c.tenant(), c.connector(), object)
                  .map(e -> e.checkpoint().get(Checkpoint.JOB_ID) != null)
                  .orElse(false);
        } catch (RuntimeException e) {
          log.warn("revsync: cannot read the figures of {} {}: {}", c, object, e.getMessage());
        }
        candidates.add(
            new Candidate(
                c, ci, withBacklog.contains(c), oi, object, figures, resumesJob, jobOnly));
      }
    }
    candidates.sort(
        Comparator.comparing((Candidate k) -> !k.resumesJob())
            .thenComparing(k -> !k.backlogConnection())
            .thenComparing(Candidate::preparation, Comparator.reverseOrder())
            // Never seen, on a connector that pulls only with jobs: start those jobs early too.
            .thenComparing(k -> !k.job())
            .thenComparingInt(Candidate::connectionIndex)
            .thenComparingInt(Candidate::objectIndex));

    Duration window = Duration.between(now, deadline);
    if (window.isNegative()) window = Duration.ZERO;
    // Slot time the night offers, and what the steps ranked so far use of it.
    double capacity = (double) window.toMillis() * slots;
    double used = 0;
    java.util.Map<PipelineConnection, long[]> perConnection = new java.util.HashMap<>();
    List<NightPlan.Step> steps = new ArrayList<>(candidates.size());
    for (int rank = 0; rank < candidates.size(); rank++) {
      Candidate k = candidates.get(rank);
      PipelineConnection c = k.connection();
      QuotaPolicy policy = c.config().quotaPolicy();
      String id = c.config().connectionId();
      // [calls so far, slot millis so far, longest preparation so far] of this connection tonight
      long[] acc = perConnection.computeIfAbsent(c, x -> new long[3]);
      long calls = k.figures() == null ? 1 : Math.max(1, k.figures().calls());
      acc[0] += calls;
      acc[1] += k.active().toMillis();
      acc[2] = Math.max(acc[2], k.preparation().toMillis());
      used += k.active().toMillis();
      long left;
      try {
        left = policy.remaining(id, Activity.SYNC, now);
      } catch (RuntimeException e) {
        left = QuotaPolicy.UNLIMITED;
      }
      NightPlan.Shortfall shortfall = null;
      OptionalLong days = OptionalLong.empty();
      if (left != QuotaPolicy.UNLIMITED && acc[0] > left) {
        shortfall = NightPlan.Shortfall.BUDGET;
        long perDay = Math.max(0, policy.dailyLimit() - policy.writeReserve());
        if (perDay > 0) {
          long beyond = acc[0] - left;
          days = OptionalLong.of(1 + (beyond + perDay - 1) / perDay);
        }
      } else if (used > capacity || acc[1] + acc[2] > window.toMillis()) {
        // One connection's pulls run one at a time: its slot time plus its longest preparation
        // must fit the window, whatever the other slots do.
        shortfall = NightPlan.Shortfall.WINDOW;
        double nightly = Math.min(capacity, window.toMillis());
        double need =
            Math.max(used / Math.max(1, capacity), (acc[1] + acc[2]) / Math.max(1, nightly));
        days = OptionalLong.of(Math.max(2, (long) Math.ceil(need)));
      }
      steps.add(
          new NightPlan.Step(
              c.tenant(),
              c.connector(),
              k.object(),
              rank,
              k.figures() == null ? OptionalLong.empty() : OptionalLong.of(k.figures().calls()),
              k.figures() == null ? OptionalLong.empty() : OptionalLong.of(k.figures().records()),
              k.active(),
              k.preparation(),
              k.job(),
              k.resumesJob(),
              shortfall,
              days));
    }
    return new NightPlan(day, slots, steps);
  }

  /** Whether every SYNC style of the connector is a server-side job style (BATCH, BULK). */
  private static boolean jobOnly(PipelineConnection c) {
    return c.descriptor()
        .map(d -> d.apiStyles(Activity.SYNC))
        .filter(styles -> !styles.isEmpty())
        .map(
            styles ->
                styles.stream()
                    .allMatch(
                        s -> s == dev.revsync.ApiStyle.BATCH || s == dev.revsync.ApiStyle.BULK))
        .orElse(false);
  }
}
