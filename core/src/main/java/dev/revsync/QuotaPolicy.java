package dev.revsync;

import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.Objects;
import java.util.OptionalLong;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;

/**
 * Decides whether a connection's next API call may go.
 *
 * <ul>
 *   <li>A daily limit per connection, counted per UTC day and reset at 00:00 UTC. The host may
 *       change it at any time with {@link #setDailyLimit(long)} (a customer edits it in a settings
 *       screen); running syncs see the new limit on their next call.
 *   <li>A write reserve: the last {@code writeReserve} calls of each day are kept for {@link
 *       Activity#ENRICHMENT} and {@link Activity#SCORE_EXPORT}, so the night's pulls cannot starve
 *       the day's writes.
 *   <li>The system's own count: connectors report what the system says is left (Salesforce {@code
 *       Sforce-Limit-Info}, HubSpot headers...) and the policy stays {@code systemMargin} below it.
 * </ul>
 *
 * <p>Counts live in a {@link QuotaLedger}: in memory by default; a shared or persistent one lets
 * several processes, or a restarted one, share a day's budget. A grant is atomic in the ledger, so
 * concurrent callers never get one call more than the limit.
 *
 * <pre>{@code
 * QuotaPolicy budget = QuotaPolicy.builder()
 *     .dailyLimit(5_000)            // calls per UTC day for this connection
 *     .writeReserve(500)            // the last 500 are kept for enrichment and score exports
 *     .build();
 * ConnectionConfig config = ConnectionConfig.builder("tenant-42/salesforce").quotaPolicy(budget)...build();
 * budget.setDailyLimit(8_000);      // the customer raised it: running syncs see it on their next call
 * }</pre>
 *
 * <p>This class is thread-safe. One instance serves one connection or many (counts are kept per
 * connection id).
 */
public final class QuotaPolicy {
  /** The limit meaning "no limit". */
  public static final long UNLIMITED = Long.MAX_VALUE;

  /** The answer to a request for one call. */
  public enum Decision {
    /** The call may go; it is counted. */
    GRANTED,
    /** The day's budget is spent. */
    BUDGET_SPENT,
    /** What is left is reserved for enrichment and score exports. */
    RESERVED_FOR_WRITES,
    /** The system's own reported allowance (less the margin) is spent. */
    SYSTEM_LIMIT;

    public boolean granted() {
      return this == GRANTED;
    }
  }

  private volatile long dailyLimit;
  private volatile long writeReserve;
  private final long systemMargin;
  private final QuotaLedger ledger;
  private final ConcurrentHashMap<String, SystemAllowance> systemAllowances =
      new ConcurrentHashMap<>();

  private QuotaPolicy(Builder b, QuotaLedger ledger) {
    this.dailyLimit = b.dailyLimit;
    this.writeReserve = b.writeReserve;
    this.systemMargin = b.systemMargin;
    this.ledger = ledger;
  }

  /** No budget of our own; the system's reported allowance still applies. */
  public static QuotaPolicy unlimited() {
    return builder().build();
  }

  /** {@code dailyLimit} calls per UTC day, no write reserve, in-memory ledger. */
  public static QuotaPolicy daily(long dailyLimit) {
    return builder().dailyLimit(dailyLimit).build();
  }

  public static Builder builder() {
    return new Builder();
  }

  /**
   * Asks for one call for {@code activity} at {@code now}. A grant is counted at once; a refusal
   * counts nothing.
   */
  public Decision tryAcquire(String connectionId, Activity activity, Instant now) {
    LocalDate day = dayOf(now);
    SystemAllowance system = systemAllowances.get(connectionId);
    if (system != null && system.day.equals(day) && system.left.get() <= 0) {
      return Decision.SYSTEM_LIMIT;
    }
    long limit = dailyLimit;
    long ceiling =
        activity.isWrite() || limit == UNLIMITED ? limit : Math.max(0, limit - writeReserve);
    if (!ledger.tryIncrement(connectionId, day, ceiling)) {
      // Refused below the limit only when the ceiling kept a reserve back.
      return ceiling >= limit || ledger.spent(connectionId, day) >= limit
          ? Decision.BUDGET_SPENT
          : Decision.RESERVED_FOR_WRITES;
    }
    if (system != null && system.day.equals(day)) {
      system.left.decrementAndGet();
    }
    return Decision.GRANTED;
  }

  /**
   * Records what the system says is left of its own allowance (as of {@code at}). Calls stop when
   * fewer than {@code systemMargin} remain. The report holds until the next report or the end of
   * the UTC day.
   */
  public void reportSystemRemaining(String connectionId, long remaining, Instant at) {
    systemAllowances.put(
        connectionId, new SystemAllowance(dayOf(at), remaining, remaining - systemMargin));
  }

  /** What the system last reported left today, if it reports it. */
  public OptionalLong systemRemaining(String connectionId, Instant now) {
    SystemAllowance system = systemAllowances.get(connectionId);
    return system != null && system.day.equals(dayOf(now))
        ? OptionalLong.of(system.reported)
        : OptionalLong.empty();
  }

  /** Changes the daily limit; takes effect on the next call of every sync using this policy. */
  public void setDailyLimit(long dailyLimit) {
    if (dailyLimit < 0)
      throw new IllegalArgumentException("dailyLimit must not be negative: " + dailyLimit);
    this.dailyLimit = dailyLimit;
  }

  /** Changes the write reserve; takes effect on the next call. */
  public void setWriteReserve(long writeReserve) {
    if (writeReserve < 0)
      throw new IllegalArgumentException("writeReserve must not be negative: " + writeReserve);
    this.writeReserve = writeReserve;
  }

  public long dailyLimit() {
    return dailyLimit;
  }

  public long writeReserve() {
    return writeReserve;
  }

  public long systemMargin() {
    return systemMargin;
  }

  public QuotaLedger ledger() {
    return ledger;
  }

  /** Calls counted for the connection on {@code now}'s UTC day. */
  public long spent(String connectionId, Instant now) {
    return ledger.spent(connectionId, dayOf(now));
  }

  /** Calls left today for {@code activity} (syncs do not see the write reserve). */
  public long remaining(String connectionId, Activity activity, Instant now) {
    long limit = dailyLimit;
    long left;
    if (limit == UNLIMITED) {
      left = UNLIMITED;
    } else {
      long ceiling = activity.isWrite() ? limit : Math.max(0, limit - writeReserve);
      left = Math.max(0, ceiling - spent(connectionId, now));
    }
    SystemAllowance system = systemAllowances.get(connectionId);
    if (system != null && system.day.equals(dayOf(now))) {
      left = Math.min(left, Math.max(0, system.left.get()));
    }
    return left;
  }

  /** The next 00:00 UTC after {@code now}, when the budget resets. */
  public static Instant nextReset(Instant now) {
    return dayOf(now).plusDays(1).atStartOfDay(ZoneOffset.UTC).toInstant();
  }

  /** The UTC day {@code now} falls on. */
  public static LocalDate dayOf(Instant now) {
    return LocalDate.ofInstant(now, ZoneOffset.UTC);
  }

  @Override
  public String toString() {
    return "QuotaPolicy{daily="
        + (dailyLimit == UNLIMITED ? "unlimited" : dailyLimit)
        + (writeReserve > 0 ? " writeReserve=" + writeReserve : "")
        + (systemMargin > 0 ? " systemMargin=" + systemMargin : "")
        + "}";
  }

  private static final class SystemAllowance {
    final LocalDate day;
    final long reported;
    final AtomicLong left;

    SystemAllowance(LocalDate day, long reported, long left) {
      this.day = day;
      this.reported = reported;
      this.left = new AtomicLong(left);
    }
  }

  /** Builds a {@link QuotaPolicy}. Not thread-safe. */
  public static final class Builder {
    private long dailyLimit = UNLIMITED;
    private long writeReserve;
    private long systemMargin;
    private QuotaLedger ledger;

    private Builder() {}

    /** Calls per UTC day; default unlimited. */
    public Builder dailyLimit(long dailyLimit) {
      if (dailyLimit < 0)
        throw new IllegalArgumentException("dailyLimit must not be negative: " + dailyLimit);
      this.dailyLimit = dailyLimit;
      return this;
    }

    /** Calls of each day kept for enrichment and score exports; default 0. */
    public Builder writeReserve(long writeReserve) {
      if (writeReserve < 0)
        throw new IllegalArgumentException("writeReserve must not be negative: " + writeReserve);
      this.writeReserve = writeReserve;
      return this;
    }

    /** How far below the system's own reported allowance to stop; default 0. */
    public Builder systemMargin(long systemMargin) {
      if (systemMargin < 0)
        throw new IllegalArgumentException("systemMargin must not be negative: " + systemMargin);
      this.systemMargin = systemMargin;
      return this;
    }

    /** Where counts live; default a new {@link QuotaLedger#inMemory()} for each policy built. */
    public Builder ledger(QuotaLedger ledger) {
      this.ledger = Objects.requireNonNull(ledger, "ledger");
      return this;
    }

    public QuotaPolicy build() {
      return new QuotaPolicy(this, ledger != null ? ledger : QuotaLedger.inMemory());
    }
  }
}
