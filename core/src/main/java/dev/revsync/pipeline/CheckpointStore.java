package dev.revsync.pipeline;

import dev.revsync.Checkpoint;
import dev.revsync.QuotaLedger;
import dev.revsync.QuotaPolicy;
import dev.revsync.internal.store.FileCheckpointStore;
import dev.revsync.internal.store.InMemoryCheckpointStore;
import dev.revsync.internal.store.JdbcCheckpointStore;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import javax.sql.DataSource;

/**
 * Where the {@link DailyPipeline} keeps what must survive a crash or a restart: each object's
 * {@link Checkpoint}, the day's API budget counts (a {@link QuotaLedger}), and the write backlog
 * with its per-record outcomes.
 *
 * <p>Two implementations ship: {@link #files(Path)} (the embedded default: files in a directory,
 * each written to a temporary file, forced to disk and atomically renamed) and {@link
 * #jdbc(DataSource)} (tables in the host's database, using only {@code java.sql}). A host may
 * implement its own; every method must be durable when it returns — the pipeline saves a checkpoint
 * only after the host's sink made the records before it durable, and relies on the store not to
 * lose it.
 *
 * <pre>{@code
 * CheckpointStore store = CheckpointStore.files(Path.of("/var/lib/revsync"));
 * QuotaPolicy budget = QuotaPolicy.builder()
 *     .dailyLimit(5_000).writeReserve(500)
 *     .ledger(store.quotaLedger())       // the day's count survives a restart
 *     .build();
 * }</pre>
 *
 * <p>Implementations must be thread-safe. Closing the store is the host's job, after the pipeline
 * is closed.
 */
public interface CheckpointStore extends AutoCloseable {

  /**
   * What is stored for one object.
   *
   * @param checkpoint where the next pull starts
   * @param backlog true while the object has work left: a pull is in progress, stopped early
   *     (budget, window, failure) or was not started; false once a pull completed. Connections with
   *     backlog go first.
   * @param savedAt when the pull last made progress ({@link Instant#EPOCH} for never); among
   *     connections with backlog, the one waiting longest goes first
   */
  record Entry(Checkpoint checkpoint, boolean backlog, Instant savedAt) {
    public Entry {
      Objects.requireNonNull(checkpoint, "checkpoint");
      Objects.requireNonNull(savedAt, "savedAt");
    }
  }

  /**
   * A connection's budget as the host's settings screen last saved it: it outlives the process, so
   * a limit the customer lowered is not raised again by a restart reading the host's defaults.
   *
   * @param dailyLimit calls per UTC day ({@link QuotaPolicy#UNLIMITED} for none)
   * @param writeReserve calls of each day kept for enrichment and score exports
   * @param savedAt when it was saved
   * @since 0.2
   */
  record Limits(long dailyLimit, long writeReserve, Instant savedAt) {
    public Limits {
      if (dailyLimit < 0)
        throw new IllegalArgumentException("dailyLimit must not be negative: " + dailyLimit);
      if (writeReserve < 0)
        throw new IllegalArgumentException("writeReserve must not be negative: " + writeReserve);
      Objects.requireNonNull(savedAt, "savedAt");
    }
  }

  /**
   * What one object's last night of pulling took, kept so the planner can estimate the next night
   * before it starts (see {@link NightPlan}).
   *
   * @param day the UTC day of the night
   * @param records records delivered that night
   * @param calls calls spent that night, job polls included
   * @param activeTime how long the pull held a slot (running, not parked)
   * @param jobPreparation how long the system took to prepare the pull's server-side job, from its
   *     start to the poll that saw it ready; {@link Duration#ZERO} when the pull used no job or
   *     never saw it ready
   * @param completed whether the pull completed that night (else the figures are a lower bound)
   * @since 0.3
   */
  record Figures(
      LocalDate day,
      long records,
      long calls,
      Duration activeTime,
      Duration jobPreparation,
      boolean completed) {
    public Figures {
      Objects.requireNonNull(day, "day");
      Objects.requireNonNull(activeTime, "activeTime");
      Objects.requireNonNull(jobPreparation, "jobPreparation");
      if (records < 0)
        throw new IllegalArgumentException("records must not be negative: " + records);
      if (calls < 0) throw new IllegalArgumentException("calls must not be negative: " + calls);
      if (activeTime.isNegative() || jobPreparation.isNegative())
        throw new IllegalArgumentException(
            "durations must not be negative: " + activeTime + ", " + jobPreparation);
    }

    /** Whether the pull waited for a server-side job that night. */
    public boolean usedJob() {
      return !jobPreparation.isZero();
    }
  }

  /** The entry saved for {@code object} of the connection {@code (tenant, connector)}, if any. */
  Optional<Entry> load(String tenant, String connector, String object);

  /** Saves (replaces) the entry for one object; durable when this returns. */
  void save(String tenant, String connector, String object, Entry entry);

  /** Forgets one object's entry, so its next pull starts from the beginning. */
  void delete(String tenant, String connector, String object);

  /**
   * The ledger that keeps the day's API call counts in this store, so a restarted process does not
   * hand out the day's budget a second time. Build each connection's {@link QuotaPolicy} with it.
   */
  QuotaLedger quotaLedger();

  /**
   * Saves (inserts or replaces by id) a submitted write and its outcomes; durable when this
   * returns.
   */
  void saveWrite(SubmittedWrite write);

  /** The submitted write with this id, if it is still kept. */
  Optional<SubmittedWrite> write(String id);

  /** The connection's submitted writes still kept, done or not, oldest first. */
  List<SubmittedWrite> writes(String tenant, String connector);

  /** Forgets a submitted write (the host read its outcomes). */
  void deleteWrite(String id);

  /**
   * The limits last saved for the connection {@code (tenant, connector)}, if any. The default, for
   * stores written before 0.2, keeps none.
   *
   * @since 0.2
   */
  default Optional<Limits> limits(String tenant, String connector) {
    return Optional.empty();
  }

  /**
   * Saves (replaces) a connection's limits; durable when this returns.
   *
   * @throws UnsupportedOperationException from stores written before 0.2 (the default)
   * @since 0.2
   */
  default void saveLimits(String tenant, String connector, Limits limits) {
    throw new UnsupportedOperationException(
        getClass().getName() + " keeps no limits: implement saveLimits and limits");
  }

  /**
   * The figures of the object's last night, if kept. The default, for stores written before 0.3,
   * keeps none: the planner then plans from the connector's descriptor alone.
   *
   * @since 0.3
   */
  default Optional<Figures> figures(String tenant, String connector, String object) {
    return Optional.empty();
  }

  /**
   * Saves (replaces) the figures of one object's night. The default, for stores written before 0.3,
   * drops them.
   *
   * @since 0.3
   */
  default void saveFigures(String tenant, String connector, String object, Figures figures) {}

  /**
   * Whether what is saved survives a restart of this process. Default true; a store that keeps
   * everything in memory must override it, and the pipeline then accepts connections whose budget
   * is counted in memory too.
   */
  default boolean durable() {
    return true;
  }

  /** Releases the store's resources. Does not throw. */
  @Override
  void close();

  /**
   * The embedded default: files under {@code directory} (created if missing). Each save goes to a
   * temporary file that is forced to disk and atomically renamed over the old one, so a crash
   * leaves either the old or the new state, never a torn one. The ledger reserves a small block of
   * calls ahead (10, or 2% of a smaller budget) and forces the reservation to disk before granting
   * from it: a crash can waste at most that block of the day's budget, never hand out more than the
   * budget.
   */
  static CheckpointStore files(Path directory) {
    return new FileCheckpointStore(directory, FileCheckpointStore.DEFAULT_LEDGER_BLOCK);
  }

  /**
   * Tables in the host's database ({@code revsync_checkpoint}, {@code revsync_quota}, {@code
   * revsync_write}, created when missing). Each operation takes a connection from {@code
   * dataSource} and commits; a budget grant is a conditional {@code UPDATE} in a transaction, so
   * several processes can share one day's budget. The database must make a committed transaction
   * durable (with H2, set {@code WRITE_DELAY=0}).
   */
  static CheckpointStore jdbc(DataSource dataSource) {
    return new JdbcCheckpointStore(dataSource, "revsync_");
  }

  /**
   * As {@link #jdbc(DataSource)}, with table names starting with {@code tablePrefix} (letters,
   * digits, '_').
   */
  static CheckpointStore jdbc(DataSource dataSource, String tablePrefix) {
    return new JdbcCheckpointStore(dataSource, tablePrefix);
  }

  /**
   * A store in this process's memory: nothing survives a restart, it is not {@link #durable()}. For
   * tests and demos.
   */
  static CheckpointStore inMemory() {
    return new InMemoryCheckpointStore();
  }
}
