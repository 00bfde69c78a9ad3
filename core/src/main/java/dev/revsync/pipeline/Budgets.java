package dev.revsync.pipeline;

import dev.revsync.Activity;
import dev.revsync.ConfigurationException;
import dev.revsync.QuotaPolicy;
import java.time.Clock;
import java.time.Instant;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The daily budgets of a {@link DailyPipeline}'s connections as the host's integration settings
 * screen reads and edits them: a customer's daily limit and write reserve, validated, applied to
 * the connection's live {@link QuotaPolicy} (running syncs obey it on their next call) and saved in
 * the {@link CheckpointStore}, so a restart keeps what the customer chose.
 *
 * <pre>{@code
 * Budgets budgets = Budgets.of(pipeline, store);
 * budgets.restore();                                  // at start-up: the limits customers saved win
 * Budgets.Change change = budgets.set("acme", "salesforce", 2_000, 200);
 * change.message();                                   // what to tell the customer
 * }</pre>
 *
 * <p>Each connection needs a {@link QuotaPolicy} of its own: a policy shared by several connections
 * would change for all of them. This class is thread-safe.
 */
public final class Budgets {
  /**
   * The largest daily limit accepted: far above any system's real allowance, so a typo is caught.
   */
  public static final long MAX_DAILY_LIMIT = 100_000_000L;

  private static final Logger log = LoggerFactory.getLogger(Budgets.class);

  private final DailyPipeline pipeline;
  private final CheckpointStore store;
  private final Clock clock;

  private Budgets(DailyPipeline pipeline, CheckpointStore store, Clock clock) {
    this.pipeline = Objects.requireNonNull(pipeline, "pipeline");
    this.store = Objects.requireNonNull(store, "store");
    this.clock = Objects.requireNonNull(clock, "clock");
  }

  /** The budgets of {@code pipeline}'s connections, saved in {@code store} (the pipeline's own). */
  public static Budgets of(DailyPipeline pipeline, CheckpointStore store) {
    return new Budgets(pipeline, store, pipeline.clock());
  }

  /**
   * Where one connection's budget stands now.
   *
   * @param tenant the tenant id
   * @param connector the connector id
   * @param dailyLimit calls per UTC day ({@link QuotaPolicy#UNLIMITED} for none)
   * @param writeReserve calls of each day kept for enrichment and score exports
   * @param spentToday calls counted today
   * @param leftForPulls calls pulls may still make today
   * @param leftForWrites calls writes may still make today
   * @param savedAt when a settings screen last saved the limits, if ever
   */
  public record Budget(
      String tenant,
      String connector,
      long dailyLimit,
      long writeReserve,
      long spentToday,
      long leftForPulls,
      long leftForWrites,
      Optional<Instant> savedAt) {
    /** True when no further call may go today. */
    public boolean exhausted() {
      return leftForWrites == 0;
    }
  }

  /**
   * What a {@link #set} did.
   *
   * @param budget the connection's budget after the change
   * @param message one sentence for the customer: what changed and what it means today
   */
  public record Change(Budget budget, String message) {}

  /** Every connection's budget, in the pipeline's order. */
  public List<Budget> all() {
    return pipeline.connections().stream().map(this::budgetOf).toList();
  }

  /**
   * One connection's budget.
   *
   * @throws ConfigurationException if the pipeline has no such connection
   */
  public Budget get(String tenant, String connector) {
    return budgetOf(connection(tenant, connector));
  }

  /**
   * Changes a connection's daily limit and write reserve: its syncs obey the new limit on their
   * next call; the limits are saved in the store. A limit below what today already spent is
   * accepted and means no more calls today.
   *
   * @throws ConfigurationException if a value is negative, the limit above {@link #MAX_DAILY_LIMIT}
   *     or the reserve above the limit; nothing changes then
   */
  public Change set(String tenant, String connector, long dailyLimit, long writeReserve) {
    PipelineConnection c = connection(tenant, connector);
    String problem = problem(dailyLimit, writeReserve);
    if (problem != null) {
      throw new ConfigurationException(
          connector,
          "Budgets.set " + tenant + "/" + connector,
          problem,
          "Enter a daily limit from 0 to "
              + MAX_DAILY_LIMIT
              + " and a write reserve from 0 to that limit",
          null);
    }
    QuotaPolicy policy = c.config().quotaPolicy();
    Instant now = clock.instant();
    // Saved first: a store failure leaves the running limit as it was, so the screen never shows a
    // limit that a restart would forget.
    store.saveLimits(tenant, connector, new CheckpointStore.Limits(dailyLimit, writeReserve, now));
    synchronized (policy) {
      policy.setWriteReserve(writeReserve);
      policy.setDailyLimit(dailyLimit);
    }
    log.info(
        "revsync: {} budget set to {} calls a day, {} kept for writes",
        c,
        dailyLimit,
        writeReserve);
    Budget after = budgetOf(c);
    long spent = after.spentToday();
    String message;
    if (dailyLimit <= spent) {
      message =
          "Saved. Today already used "
              + spent
              + " calls, at or above the new limit of "
              + dailyLimit
              + ": no more calls today; the limit applies in full from 00:00 UTC.";
    } else if (after.leftForPulls() == 0) {
      message =
          "Saved. "
              + (dailyLimit - spent)
              + " calls are left today, all kept for writes: pulls resume at 00:00 UTC.";
    } else {
      message =
          "Saved. "
              + after.leftForPulls()
              + " calls are left today for pulls, "
              + after.leftForWrites()
              + " in all; running syncs obey the new limit on their next call.";
    }
    return new Change(after, message);
  }

  /**
   * Applies the limits saved in the store to the connections' policies: call it once at start-up,
   * before the first night, so what customers chose wins over the host's defaults.
   *
   * @return how many connections had saved limits
   */
  public int restore() {
    int restored = 0;
    for (PipelineConnection c : pipeline.connections()) {
      Optional<CheckpointStore.Limits> saved = store.limits(c.tenant(), c.connector());
      if (saved.isEmpty()) continue;
      QuotaPolicy policy = c.config().quotaPolicy();
      synchronized (policy) {
        policy.setWriteReserve(saved.get().writeReserve());
        policy.setDailyLimit(saved.get().dailyLimit());
      }
      restored++;
    }
    return restored;
  }

  /** Why these values are refused, or null when they are fine. */
  public static String problem(long dailyLimit, long writeReserve) {
    if (dailyLimit < 0) return "the daily limit must not be negative: " + dailyLimit;
    if (dailyLimit > MAX_DAILY_LIMIT && dailyLimit != QuotaPolicy.UNLIMITED) {
      return "the daily limit of "
          + dailyLimit
          + " calls is above the largest accepted, "
          + MAX_DAILY_LIMIT;
    }
    if (writeReserve < 0) return "the write reserve must not be negative: " + writeReserve;
    if (writeReserve > dailyLimit) {
      return "the write reserve of " + writeReserve + " is above the daily limit of " + dailyLimit;
    }
    return null;
  }

  private Budget budgetOf(PipelineConnection c) {
    QuotaPolicy policy = c.config().quotaPolicy();
    String id = c.config().connectionId();
    Instant now = clock.instant();
    Optional<Instant> savedAt =
        store.limits(c.tenant(), c.connector()).map(CheckpointStore.Limits::savedAt);
    return new Budget(
        c.tenant(),
        c.connector(),
        policy.dailyLimit(),
        policy.writeReserve(),
        policy.spent(id, now),
        policy.remaining(id, Activity.SYNC, now),
        policy.remaining(id, Activity.ENRICHMENT, now),
        savedAt);
  }

  private PipelineConnection connection(String tenant, String connector) {
    return pipeline.connections().stream()
        .filter(c -> c.tenant().equals(tenant) && c.connector().equals(connector))
        .findFirst()
        .orElseThrow(
            () ->
                new ConfigurationException(
                    String.valueOf(connector),
                    "Budgets " + tenant + "/" + connector,
                    "the pipeline has no connection "
                        + tenant
                        + "/"
                        + connector
                        + " (it has: "
                        + String.join(
                            ", ",
                            pipeline.connections().stream()
                                .map(PipelineConnection::toString)
                                .toList())
                        + ")",
                    "Name a connection the pipeline was built with",
                    null));
  }
}
