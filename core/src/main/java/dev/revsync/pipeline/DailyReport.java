package dev.revsync.pipeline;

import dev.revsync.Activity;
import dev.revsync.ApiStyle;
import dev.revsync.QuotaPolicy;
import dev.revsync.SyncResult;
import dev.revsync.internal.pipeline.ReportTable;
import java.time.Instant;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.OptionalLong;

/**
 * What one UTC day's run of the {@link DailyPipeline} did, per connection and object: how each pull
 * ended, records, calls spent by activity and API style, the budget left, the backlog carried to
 * tomorrow and how many days it should take to drain at the current budget; and the writes sent.
 * {@link #render()} gives the table the CLI prints.
 *
 * <p>Immutable and thread-safe.
 */
public final class DailyReport {

  /**
   * One object's pull. The pipeline builds it with {@link #builder(String, SyncResult.Status)};
   * hosts read it.
   */
  public static final class ObjectReport {
    private final String object;
    private final SyncResult.Status status;
    private final boolean started;
    private final long records;
    private final long deletes;
    private final long calls;
    private final Map<Activity, Long> callsByActivity;
    private final Map<ApiStyle, Long> callsByStyle;
    private final long budgetLeft;
    private final boolean backlog;
    private final OptionalLong backlogRecords;
    private final OptionalLong daysToDrain;
    private final String failure;
    private final OptionalLong plannedCalls;
    private final boolean expectedBacklog;
    private final int parks;
    private final long jobPolls;

    private ObjectReport(Builder b) {
      this.object = b.object;
      this.status = b.status;
      this.started = b.started;
      this.records = b.records;
      this.deletes = b.deletes;
      this.calls = b.calls;
      this.callsByActivity = Map.copyOf(b.callsByActivity);
      this.callsByStyle = Map.copyOf(b.callsByStyle);
      this.budgetLeft = b.budgetLeft;
      this.backlog = b.backlog;
      this.backlogRecords = b.backlogRecords;
      this.daysToDrain = b.daysToDrain;
      this.failure = b.failure;
      this.plannedCalls = b.plannedCalls;
      this.expectedBacklog = b.expectedBacklog;
      this.parks = b.parks;
      this.jobPolls = b.jobPolls;
      if (deletes > records) {
        throw new IllegalArgumentException(
            object + ": deletes (" + deletes + ") must not exceed records (" + records + ")");
      }
    }

    /**
     * A row for {@code object} whose pull ended with {@code status}: started, nothing pulled or
     * spent, no backlog, budget {@link QuotaPolicy#UNLIMITED}, until set.
     */
    public static Builder builder(String object, SyncResult.Status status) {
      return new Builder(object, status);
    }

    /** A builder holding this row's values, to derive a changed copy. */
    public Builder newBuilder() {
      return new Builder(object, status)
          .started(started)
          .records(records)
          .deletes(deletes)
          .calls(calls)
          .callsByActivity(callsByActivity)
          .callsByStyle(callsByStyle)
          .budgetLeft(budgetLeft)
          .backlog(backlog)
          .backlogRecords(backlogRecords)
          .daysToDrain(daysToDrain)
          .failure(failure)
          .plannedCalls(plannedCalls)
          .expectedBacklog(expectedBacklog)
          .parks(parks)
          .jobPolls(jobPolls);
    }

    /** The object. */
    public String object() {
      return object;
    }

    /**
     * How the pull ended; a pull not started because the window had closed or the budget was spent
     * reads WINDOW_CLOSED or QUOTA_EXHAUSTED with {@link #started()} false.
     */
    public SyncResult.Status status() {
      return status;
    }

    /** False when the pipeline did not start the pull at all. */
    public boolean started() {
      return started;
    }

    /** Records delivered to the host's sink, deletions included. */
    public long records() {
      return records;
    }

    /** Of {@link #records()}, deletions. */
    public long deletes() {
      return deletes;
    }

    /** API calls the pull spent. */
    public long calls() {
      return calls;
    }

    /** Those calls by activity (login included), where the connector reports it. */
    public Map<Activity, Long> callsByActivity() {
      return callsByActivity;
    }

    /** Those calls by API style, where the connector reports it. */
    public Map<ApiStyle, Long> callsByStyle() {
      return callsByStyle;
    }

    /** Calls left today for pulls when it ended ({@link QuotaPolicy#UNLIMITED} for no limit). */
    public long budgetLeft() {
      return budgetLeft;
    }

    /** True when work is carried to tomorrow. */
    public boolean backlog() {
      return backlog;
    }

    /** Records carried, where the connector could estimate it. */
    public OptionalLong backlogRecords() {
      return backlogRecords;
    }

    /**
     * Days to pull this object's backlog and that of the objects before it, at the current budget
     * and today's records per call; 0 when there is none, empty when unknown.
     */
    public OptionalLong daysToDrain() {
      return daysToDrain;
    }

    /** Why the pull failed, else null. */
    public String failure() {
      return failure;
    }

    /**
     * The calls the night's plan expected (last night's); empty when there was no plan or no
     * earlier night.
     *
     * @since 0.3
     */
    public OptionalLong plannedCalls() {
      return plannedCalls;
    }

    /**
     * Whether the plan expected this pull to leave backlog (see {@link
     * NightPlan#expectedBacklog()}).
     *
     * @since 0.3
     */
    public boolean expectedBacklog() {
      return expectedBacklog;
    }

    /**
     * How many times the pull parked on a server-side job that was still preparing (0 for a pull
     * that never waited for one).
     *
     * @since 0.3
     */
    public int parks() {
      return parks;
    }

    /**
     * Calls the pull spent polling server-side jobs for their state (part of {@link #calls()}).
     *
     * @since 0.3
     */
    public long jobPolls() {
      return jobPolls;
    }

    @Override
    public boolean equals(Object o) {
      return o instanceof ObjectReport r
          && object.equals(r.object)
          && status == r.status
          && started == r.started
          && records == r.records
          && deletes == r.deletes
          && calls == r.calls
          && callsByActivity.equals(r.callsByActivity)
          && callsByStyle.equals(r.callsByStyle)
          && budgetLeft == r.budgetLeft
          && backlog == r.backlog
          && backlogRecords.equals(r.backlogRecords)
          && daysToDrain.equals(r.daysToDrain)
          && Objects.equals(failure, r.failure)
          && plannedCalls.equals(r.plannedCalls)
          && expectedBacklog == r.expectedBacklog
          && parks == r.parks
          && jobPolls == r.jobPolls;
    }

    @Override
    public int hashCode() {
      return Objects.hash(
          object,
          status,
          started,
          records,
          deletes,
          calls,
          callsByActivity,
          callsByStyle,
          budgetLeft,
          backlog,
          backlogRecords,
          daysToDrain,
          failure,
          plannedCalls,
          expectedBacklog,
          parks,
          jobPolls);
    }

    @Override
    public String toString() {
      return "ObjectReport[object="
          + object
          + ", status="
          + status
          + ", started="
          + started
          + ", records="
          + records
          + ", deletes="
          + deletes
          + ", calls="
          + calls
          + ", callsByActivity="
          + callsByActivity
          + ", callsByStyle="
          + callsByStyle
          + ", budgetLeft="
          + budgetLeft
          + ", backlog="
          + backlog
          + ", backlogRecords="
          + backlogRecords
          + ", daysToDrain="
          + daysToDrain
          + ", failure="
          + failure
          + (plannedCalls.isPresent() ? ", plannedCalls=" + plannedCalls.getAsLong() : "")
          + (expectedBacklog ? ", expectedBacklog" : "")
          + (parks > 0 ? ", parks=" + parks + ", jobPolls=" + jobPolls : "")
          + "]";
    }

    /** Builds an {@link ObjectReport}. Not thread-safe. */
    public static final class Builder {
      private final String object;
      private final SyncResult.Status status;
      private boolean started = true;
      private long records;
      private long deletes;
      private long calls;
      private Map<Activity, Long> callsByActivity = Map.of();
      private Map<ApiStyle, Long> callsByStyle = Map.of();
      private long budgetLeft = QuotaPolicy.UNLIMITED;
      private boolean backlog;
      private OptionalLong backlogRecords = OptionalLong.empty();
      private OptionalLong daysToDrain = OptionalLong.empty();
      private String failure;
      private OptionalLong plannedCalls = OptionalLong.empty();
      private boolean expectedBacklog;
      private int parks;
      private long jobPolls;

      private Builder(String object, SyncResult.Status status) {
        this.object = Objects.requireNonNull(object, "object");
        this.status = Objects.requireNonNull(status, () -> "status of " + object);
      }

      public Builder started(boolean started) {
        this.started = started;
        return this;
      }

      public Builder records(long records) {
        this.records = notNegative("records", records);
        return this;
      }

      public Builder deletes(long deletes) {
        this.deletes = notNegative("deletes", deletes);
        return this;
      }

      public Builder calls(long calls) {
        this.calls = notNegative("calls", calls);
        return this;
      }

      public Builder callsByActivity(Map<Activity, Long> callsByActivity) {
        this.callsByActivity = Map.copyOf(callsByActivity);
        return this;
      }

      public Builder callsByStyle(Map<ApiStyle, Long> callsByStyle) {
        this.callsByStyle = Map.copyOf(callsByStyle);
        return this;
      }

      public Builder budgetLeft(long budgetLeft) {
        this.budgetLeft = notNegative("budgetLeft", budgetLeft);
        return this;
      }

      public Builder backlog(boolean backlog) {
        this.backlog = backlog;
        return this;
      }

      public Builder backlogRecords(long backlogRecords) {
        return backlogRecords(OptionalLong.of(notNegative("backlogRecords", backlogRecords)));
      }

      /** Records carried; empty (or null) when unknown. */
      public Builder backlogRecords(OptionalLong backlogRecords) {
        this.backlogRecords = backlogRecords == null ? OptionalLong.empty() : backlogRecords;
        return this;
      }

      public Builder daysToDrain(long daysToDrain) {
        return daysToDrain(OptionalLong.of(notNegative("daysToDrain", daysToDrain)));
      }

      /** Days to drain; empty (or null) when unknown. */
      public Builder daysToDrain(OptionalLong daysToDrain) {
        this.daysToDrain = daysToDrain == null ? OptionalLong.empty() : daysToDrain;
        return this;
      }

      public Builder failure(String failure) {
        this.failure = failure;
        return this;
      }

      /** Calls the plan expected; empty (or null) for unknown. */
      public Builder plannedCalls(OptionalLong plannedCalls) {
        this.plannedCalls = plannedCalls == null ? OptionalLong.empty() : plannedCalls;
        return this;
      }

      public Builder expectedBacklog(boolean expectedBacklog) {
        this.expectedBacklog = expectedBacklog;
        return this;
      }

      public Builder parks(int parks) {
        this.parks = (int) notNegative("parks", parks);
        return this;
      }

      public Builder jobPolls(long jobPolls) {
        this.jobPolls = notNegative("jobPolls", jobPolls);
        return this;
      }

      /**
       * The row.
       *
       * @throws IllegalArgumentException if deletes exceed records
       */
      public ObjectReport build() {
        return new ObjectReport(this);
      }
    }
  }

  /**
   * The connection's writes sent in this run (backlog from earlier days first). The pipeline builds
   * it with {@link #builder()}; hosts read it.
   */
  public static final class WriteReport {
    private final int requests;
    private final long succeeded;
    private final long failed;
    private final long carried;
    private final long calls;
    private final Map<Activity, Long> callsByActivity;
    private final Map<ApiStyle, Long> callsByStyle;
    private final long budgetLeft;
    private final String failure;

    private WriteReport(Builder b) {
      this.requests = b.requests;
      this.succeeded = b.succeeded;
      this.failed = b.failed;
      this.carried = b.carried;
      this.calls = b.calls;
      this.callsByActivity = Map.copyOf(b.callsByActivity);
      this.callsByStyle = Map.copyOf(b.callsByStyle);
      this.budgetLeft = b.budgetLeft;
      this.failure = b.failure;
    }

    /**
     * An empty report: nothing sent or carried, budget {@link QuotaPolicy#UNLIMITED}, until set.
     */
    public static Builder builder() {
      return new Builder();
    }

    /** Nothing to send. */
    public static WriteReport none(long budgetLeft) {
      return builder().budgetLeft(budgetLeft).build();
    }

    /** Submitted writes that had items to send. */
    public int requests() {
      return requests;
    }

    /** Items written. */
    public long succeeded() {
      return succeeded;
    }

    /** Items the system refused (see each {@link SubmittedWrite}'s outcomes). */
    public long failed() {
      return failed;
    }

    /** Items still not sent, carried to the next run. */
    public long carried() {
      return carried;
    }

    /** API calls spent on writes. */
    public long calls() {
      return calls;
    }

    /** Those calls by activity, where the connector reports it. */
    public Map<Activity, Long> callsByActivity() {
      return callsByActivity;
    }

    /** Those calls by API style, where the connector reports it. */
    public Map<ApiStyle, Long> callsByStyle() {
      return callsByStyle;
    }

    /** Calls left today for writes when they ended. */
    public long budgetLeft() {
      return budgetLeft;
    }

    /** Why the writes stopped early other than for the budget, else null. */
    public String failure() {
      return failure;
    }

    @Override
    public boolean equals(Object o) {
      return o instanceof WriteReport r
          && requests == r.requests
          && succeeded == r.succeeded
          && failed == r.failed
          && carried == r.carried
          && calls == r.calls
          && callsByActivity.equals(r.callsByActivity)
          && callsByStyle.equals(r.callsByStyle)
          && budgetLeft == r.budgetLeft
          && Objects.equals(failure, r.failure);
    }

    @Override
    public int hashCode() {
      return Objects.hash(
          requests,
          succeeded,
          failed,
          carried,
          calls,
          callsByActivity,
          callsByStyle,
          budgetLeft,
          failure);
    }

    @Override
    public String toString() {
      return "WriteReport[requests="
          + requests
          + ", succeeded="
          + succeeded
          + ", failed="
          + failed
          + ", carried="
          + carried
          + ", calls="
          + calls
          + ", callsByActivity="
          + callsByActivity
          + ", callsByStyle="
          + callsByStyle
          + ", budgetLeft="
          + budgetLeft
          + ", failure="
          + failure
          + "]";
    }

    /** Builds a {@link WriteReport}. Not thread-safe. */
    public static final class Builder {
      private int requests;
      private long succeeded;
      private long failed;
      private long carried;
      private long calls;
      private Map<Activity, Long> callsByActivity = Map.of();
      private Map<ApiStyle, Long> callsByStyle = Map.of();
      private long budgetLeft = QuotaPolicy.UNLIMITED;
      private String failure;

      private Builder() {}

      public Builder requests(int requests) {
        this.requests = (int) notNegative("requests", requests);
        return this;
      }

      public Builder succeeded(long succeeded) {
        this.succeeded = notNegative("succeeded", succeeded);
        return this;
      }

      public Builder failed(long failed) {
        this.failed = notNegative("failed", failed);
        return this;
      }

      public Builder carried(long carried) {
        this.carried = notNegative("carried", carried);
        return this;
      }

      public Builder calls(long calls) {
        this.calls = notNegative("calls", calls);
        return this;
      }

      public Builder callsByActivity(Map<Activity, Long> callsByActivity) {
        this.callsByActivity = Map.copyOf(callsByActivity);
        return this;
      }

      public Builder callsByStyle(Map<ApiStyle, Long> callsByStyle) {
        this.callsByStyle = Map.copyOf(callsByStyle);
        return this;
      }

      public Builder budgetLeft(long budgetLeft) {
        this.budgetLeft = notNegative("budgetLeft", budgetLeft);
        return this;
      }

      public Builder failure(String failure) {
        this.failure = failure;
        return this;
      }

      public WriteReport build() {
        return new WriteReport(this);
      }
    }
  }

  /**
   * One connection's day. The pipeline builds it with {@link #builder(String, String, String)};
   * hosts read it.
   */
  public static final class ConnectionReport {
    private final String tenant;
    private final String connector;
    private final String connectionId;
    private final List<ObjectReport> objects;
    private final WriteReport writes;
    private final long dailyLimit;
    private final long spent;
    private final long budgetLeft;
    private final long budgetLeftForWrites;
    private final OptionalLong backlogRecords;
    private final OptionalLong daysToDrain;

    private ConnectionReport(Builder b) {
      this.tenant = b.tenant;
      this.connector = b.connector;
      this.connectionId = b.connectionId;
      this.objects = List.copyOf(b.objects);
      this.writes = b.writes != null ? b.writes : WriteReport.none(b.budgetLeftForWrites);
      this.dailyLimit = b.dailyLimit;
      this.spent = b.spent;
      this.budgetLeft = b.budgetLeft;
      this.budgetLeftForWrites = b.budgetLeftForWrites;
      this.backlogRecords = b.backlogRecords;
      this.daysToDrain = b.daysToDrain;
    }

    /**
     * A report of the connection {@code (tenant, connector)} whose config has {@code connectionId}:
     * no objects, no writes, no limit and nothing spent, until set.
     */
    public static Builder builder(String tenant, String connector, String connectionId) {
      return new Builder(tenant, connector, connectionId);
    }

    /** The tenant id. */
    public String tenant() {
      return tenant;
    }

    /** The connector id. */
    public String connector() {
      return connector;
    }

    /** The config's connection id (the quota ledger's key). */
    public String connectionId() {
      return connectionId;
    }

    /** Each object's pull, in the order they ran. */
    public List<ObjectReport> objects() {
      return objects;
    }

    /** The writes sent after the pulls. */
    public WriteReport writes() {
      return writes;
    }

    /** The connection's daily budget now ({@link QuotaPolicy#UNLIMITED} for none). */
    public long dailyLimit() {
      return dailyLimit;
    }

    /** Calls counted today against the budget (by every process sharing the ledger). */
    public long spent() {
      return spent;
    }

    /** Calls left today for pulls. */
    public long budgetLeft() {
      return budgetLeft;
    }

    /** Calls left today for writes. */
    public long budgetLeftForWrites() {
      return budgetLeftForWrites;
    }

    /** Records carried to tomorrow over all objects, where every one is known. */
    public OptionalLong backlogRecords() {
      return backlogRecords;
    }

    /** Days to drain that backlog at the current budget; 0 when none, empty when unknown. */
    public OptionalLong daysToDrain() {
      return daysToDrain;
    }

    /** One object's row. */
    public Optional<ObjectReport> object(String object) {
      return objects.stream().filter(o -> o.object().equals(object)).findFirst();
    }

    /** True when any object or write carries work to tomorrow. */
    public boolean hasBacklog() {
      return writes.carried() > 0 || objects.stream().anyMatch(ObjectReport::backlog);
    }

    public long records() {
      return objects.stream().mapToLong(ObjectReport::records).sum();
    }

    @Override
    public boolean equals(Object o) {
      return o instanceof ConnectionReport r
          && tenant.equals(r.tenant)
          && connector.equals(r.connector)
          && connectionId.equals(r.connectionId)
          && objects.equals(r.objects)
          && writes.equals(r.writes)
          && dailyLimit == r.dailyLimit
          && spent == r.spent
          && budgetLeft == r.budgetLeft
          && budgetLeftForWrites == r.budgetLeftForWrites
          && backlogRecords.equals(r.backlogRecords)
          && daysToDrain.equals(r.daysToDrain);
    }

    @Override
    public int hashCode() {
      return Objects.hash(
          tenant,
          connector,
          connectionId,
          objects,
          writes,
          dailyLimit,
          spent,
          budgetLeft,
          budgetLeftForWrites,
          backlogRecords,
          daysToDrain);
    }

    @Override
    public String toString() {
      return "ConnectionReport[tenant="
          + tenant
          + ", connector="
          + connector
          + ", connectionId="
          + connectionId
          + ", objects="
          + objects
          + ", writes="
          + writes
          + ", dailyLimit="
          + dailyLimit
          + ", spent="
          + spent
          + ", budgetLeft="
          + budgetLeft
          + ", budgetLeftForWrites="
          + budgetLeftForWrites
          + ", backlogRecords="
          + backlogRecords
          + ", daysToDrain="
          + daysToDrain
          + "]";
    }

    /** Builds a {@link ConnectionReport}. Not thread-safe. */
    public static final class Builder {
      private final String tenant;
      private final String connector;
      private final String connectionId;
      private final List<ObjectReport> objects = new ArrayList<>();
      private WriteReport writes;
      private long dailyLimit = QuotaPolicy.UNLIMITED;
      private long spent;
      private long budgetLeft = QuotaPolicy.UNLIMITED;
      private long budgetLeftForWrites = QuotaPolicy.UNLIMITED;
      private OptionalLong backlogRecords = OptionalLong.empty();
      private OptionalLong daysToDrain = OptionalLong.empty();

      private Builder(String tenant, String connector, String connectionId) {
        this.tenant = Objects.requireNonNull(tenant, "tenant");
        this.connector = Objects.requireNonNull(connector, "connector");
        this.connectionId = Objects.requireNonNull(connectionId, "connectionId");
      }

      /** Replaces the object rows. */
      public Builder objects(List<ObjectReport> objects) {
        this.objects.clear();
        objects.forEach(this::object);
        return this;
      }

      public Builder object(ObjectReport object) {
        objects.add(Objects.requireNonNull(object, "object"));
        return this;
      }

      /**
       * The writes; default {@link WriteReport#none(long)} with {@link #budgetLeftForWrites(long)}.
       */
      public Builder writes(WriteReport writes) {
        this.writes = Objects.requireNonNull(writes, "writes");
        return this;
      }

      public Builder dailyLimit(long dailyLimit) {
        this.dailyLimit = notNegative("dailyLimit", dailyLimit);
        return this;
      }

      public Builder spent(long spent) {
        this.spent = notNegative("spent", spent);
        return this;
      }

      public Builder budgetLeft(long budgetLeft) {
        this.budgetLeft = notNegative("budgetLeft", budgetLeft);
        return this;
      }

      public Builder budgetLeftForWrites(long budgetLeftForWrites) {
        this.budgetLeftForWrites = notNegative("budgetLeftForWrites", budgetLeftForWrites);
        return this;
      }

      /** Records carried over all objects; empty (or null) when any is unknown. */
      public Builder backlogRecords(OptionalLong backlogRecords) {
        this.backlogRecords = backlogRecords == null ? OptionalLong.empty() : backlogRecords;
        return this;
      }

      /** Days to drain the backlog; empty (or null) when unknown. */
      public Builder daysToDrain(OptionalLong daysToDrain) {
        this.daysToDrain = daysToDrain == null ? OptionalLong.empty() : daysToDrain;
        return this;
      }

      public ConnectionReport build() {
        return new ConnectionReport(this);
      }
    }
  }

  private static long notNegative(String name, long value) {
    if (value < 0) throw new IllegalArgumentException(name + " must not be negative: " + value);
    return value;
  }

  private final LocalDate day;
  private final PullWindow window;
  private final Instant startedAt;
  private final Instant finishedAt;
  private final List<ConnectionReport> connections;
  private final NightPlan plan;

  /** Built by {@link DailyPipeline} only. */
  DailyReport(
      LocalDate day,
      PullWindow window,
      Instant startedAt,
      Instant finishedAt,
      List<ConnectionReport> connections) {
    this(day, window, startedAt, finishedAt, connections, null);
  }

  /** Built by {@link DailyPipeline} only; {@code plan} null for a run without pulls. */
  DailyReport(
      LocalDate day,
      PullWindow window,
      Instant startedAt,
      Instant finishedAt,
      List<ConnectionReport> connections,
      NightPlan plan) {
    this.plan = plan;
    this.day = Objects.requireNonNull(day, "day");
    this.window = Objects.requireNonNull(window, "window");
    this.startedAt = Objects.requireNonNull(startedAt, "startedAt");
    this.finishedAt = Objects.requireNonNull(finishedAt, "finishedAt");
    this.connections = List.copyOf(connections);
  }

  /** The UTC day reported. */
  public LocalDate day() {
    return day;
  }

  public PullWindow window() {
    return window;
  }

  public Instant startedAt() {
    return startedAt;
  }

  public Instant finishedAt() {
    return finishedAt;
  }

  /** Each connection, in the order it was started (backlog first). */
  public List<ConnectionReport> connections() {
    return connections;
  }

  public Optional<ConnectionReport> connection(String tenant, String connector) {
    return connections.stream()
        .filter(c -> c.tenant().equals(tenant) && c.connector().equals(connector))
        .findFirst();
  }

  /** One object's row. */
  public Optional<ObjectReport> object(String tenant, String connector, String object) {
    return connection(tenant, connector).flatMap(c -> c.object(object));
  }

  /**
   * The night's plan, made at the window's opening; empty for a report of writes only.
   *
   * @since 0.3
   */
  public Optional<NightPlan> plan() {
    return Optional.ofNullable(plan);
  }

  /** Server-side jobs parked tonight: pulls that parked at least once. @since 0.3 */
  public long parkedJobs() {
    return rows().filter(o -> o.parks() > 0).count();
  }

  /** Calls spent polling server-side jobs tonight. @since 0.3 */
  public long jobPolls() {
    return rows().mapToLong(ObjectReport::jobPolls).sum();
  }

  /** Calls spent by tonight's pulls. @since 0.3 */
  public long pullCalls() {
    return rows().mapToLong(ObjectReport::calls).sum();
  }

  /**
   * The plan against what happened, in one line, such as {@code plan vs actual: calls ~4210 planned
   * / 4388 spent; backlog 2 expected / 3 left; 5 jobs parked, 40 polls (40 calls)}; empty without a
   * plan.
   *
   * @since 0.3
   */
  public Optional<String> planVersusActual() {
    if (plan == null) return Optional.empty();
    long expected = plan.expectedBacklog().size();
    long actual = rows().filter(ObjectReport::backlog).count();
    long jobs = parkedJobs();
    long polls = jobPolls();
    return Optional.of(
        "plan vs actual: calls ~"
            + plan.calls()
            + " planned / "
            + pullCalls()
            + " spent; backlog "
            + expected
            + " expected / "
            + actual
            + " left; "
            + jobs
            + (jobs == 1 ? " job" : " jobs")
            + " parked, "
            + polls
            + (polls == 1 ? " poll" : " polls")
            + " ("
            + polls
            + (polls == 1 ? " call)" : " calls)"));
  }

  private java.util.stream.Stream<ObjectReport> rows() {
    return connections.stream().flatMap(c -> c.objects().stream());
  }

  /** True when any connection carries work to tomorrow. */
  public boolean hasBacklog() {
    return connections.stream().anyMatch(ConnectionReport::hasBacklog);
  }

  /** The report as a text table, one row per connection and object, failures listed below it. */
  public String render() {
    return ReportTable.render(this);
  }

  /**
   * The report as one self-contained HTML page (no script, nothing loaded from the network): a
   * table per tenant and inline SVG charts of the budget spent per connection, the records per
   * object, and the backlog with its drain forecast over the coming days. Write it to a file and
   * open it in any browser.
   *
   * @since 0.2
   */
  public String toHtml() {
    return dev.revsync.internal.html.ReportPage.render(this);
  }

  /** A one-line summary; {@link #render()} gives the table. */
  @Override
  public String toString() {
    long records = connections.stream().mapToLong(ConnectionReport::records).sum();
    long withBacklog = connections.stream().filter(ConnectionReport::hasBacklog).count();
    return "DailyReport{"
        + day
        + " connections="
        + connections.size()
        + " records="
        + records
        + " withBacklog="
        + withBacklog
        + "}";
  }
}
