package dev.revsync.pipeline;

import dev.revsync.Activity;
import dev.revsync.ApiStyle;
import dev.revsync.QuotaPolicy;
import dev.revsync.SyncResult;
import dev.revsync.internal.pipeline.ReportTable;
import java.time.Instant;
import java.time.LocalDate;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.OptionalLong;

/**
 * What one UTC day's run of the {@link DailyPipeline} did, per connection and object: how each
 * pull ended, records, calls spent by activity and API style, the budget left, the backlog
 * carried to tomorrow and how many days it should take to drain at the current budget; and the
 * writes sent. {@link #render()} gives the table the CLI prints.
 *
 * <p>Immutable and thread-safe.
 */
public final class DailyReport {

  /**
   * One object's pull.
   *
   * @param object the object
   * @param status how the pull ended; a pull not started because the window had closed or the
   *     budget was spent reads WINDOW_CLOSED or QUOTA_EXHAUSTED with {@code started} false
   * @param started false when the pipeline did not start the pull at all
   * @param records records delivered to the host's sink, deletions included
   * @param deletes of {@code records}, deletions
   * @param calls API calls the pull spent
   * @param callsByActivity those calls by activity (login included), where the connector reports it
   * @param callsByStyle those calls by API style, where the connector reports it
   * @param budgetLeft calls left today for pulls when it ended ({@link QuotaPolicy#UNLIMITED} for none)
   * @param backlog true when work is carried to tomorrow
   * @param backlogRecords records carried, where the connector could estimate it
   * @param daysToDrain days to pull this object's backlog and that of the objects before it, at the
   *     current budget and today's records per call; 0 when there is none, empty when unknown
   * @param failure why the pull failed, else null
   */
  public record ObjectReport(
      String object,
      SyncResult.Status status,
      boolean started,
      long records,
      long deletes,
      long calls,
      Map<Activity, Long> callsByActivity,
      Map<ApiStyle, Long> callsByStyle,
      long budgetLeft,
      boolean backlog,
      OptionalLong backlogRecords,
      OptionalLong daysToDrain,
      String failure) {

    public ObjectReport {
      Objects.requireNonNull(object, "object");
      Objects.requireNonNull(status, "status");
      callsByActivity = Map.copyOf(callsByActivity);
      callsByStyle = Map.copyOf(callsByStyle);
      backlogRecords = backlogRecords == null ? OptionalLong.empty() : backlogRecords;
      daysToDrain = daysToDrain == null ? OptionalLong.empty() : daysToDrain;
    }
  }

  /**
   * The connection's writes sent in this run (backlog from earlier days first).
   *
   * @param requests submitted writes that had items to send
   * @param succeeded items written
   * @param failed items the system refused (see each {@link SubmittedWrite}'s outcomes)
   * @param carried items still not sent, carried to the next run
   * @param calls API calls spent on writes
   * @param callsByActivity those calls by activity, where the connector reports it
   * @param callsByStyle those calls by API style, where the connector reports it
   * @param budgetLeft calls left today for writes when they ended
   * @param failure why the writes stopped early other than for the budget, else null
   */
  public record WriteReport(
      int requests,
      long succeeded,
      long failed,
      long carried,
      long calls,
      Map<Activity, Long> callsByActivity,
      Map<ApiStyle, Long> callsByStyle,
      long budgetLeft,
      String failure) {

    public WriteReport {
      callsByActivity = Map.copyOf(callsByActivity);
      callsByStyle = Map.copyOf(callsByStyle);
    }

    /** Nothing to send. */
    public static WriteReport none(long budgetLeft) {
      return new WriteReport(0, 0, 0, 0, 0, Map.of(), Map.of(), budgetLeft, null);
    }
  }

  /**
   * One connection's day.
   *
   * @param tenant the tenant id
   * @param connector the connector id
   * @param connectionId the config's connection id (the quota ledger's key)
   * @param objects each object's pull, in the order they ran
   * @param writes the writes sent after the pulls
   * @param dailyLimit the connection's daily budget now ({@link QuotaPolicy#UNLIMITED} for none)
   * @param spent calls counted today against the budget (by every process sharing the ledger)
   * @param budgetLeft calls left today for pulls
   * @param budgetLeftForWrites calls left today for writes
   * @param backlogRecords records carried to tomorrow over all objects, where every one is known
   * @param daysToDrain days to drain that backlog at the current budget; 0 when none, empty when unknown
   */
  public record ConnectionReport(
      String tenant,
      String connector,
      String connectionId,
      List<ObjectReport> objects,
      WriteReport writes,
      long dailyLimit,
      long spent,
      long budgetLeft,
      long budgetLeftForWrites,
      OptionalLong backlogRecords,
      OptionalLong daysToDrain) {

    public ConnectionReport {
      objects = List.copyOf(objects);
      Objects.requireNonNull(writes, "writes");
      backlogRecords = backlogRecords == null ? OptionalLong.empty() : backlogRecords;
      daysToDrain = daysToDrain == null ? OptionalLong.empty() : daysToDrain;
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
  }

  private final LocalDate day;
  private final PullWindow window;
  private final Instant startedAt;
  private final Instant finishedAt;
  private final List<ConnectionReport> connections;

  public DailyReport(LocalDate day, PullWindow window, Instant startedAt, Instant finishedAt,
      List<ConnectionReport> connections) {
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

  /** True when any connection carries work to tomorrow. */
  public boolean hasBacklog() {
    return connections.stream().anyMatch(ConnectionReport::hasBacklog);
  }

  /** The report as a text table, one row per connection and object, failures listed below it. */
  public String render() {
    return ReportTable.render(this);
  }

  /** A one-line summary; {@link #render()} gives the table. */
  @Override
  public String toString() {
    long records = connections.stream().mapToLong(ConnectionReport::records).sum();
    long withBacklog = connections.stream().filter(ConnectionReport::hasBacklog).count();
    return "DailyReport{" + day + " connections=" + connections.size() + " records=" + records
        + " withBacklog=" + withBacklog + "}";
  }
}
