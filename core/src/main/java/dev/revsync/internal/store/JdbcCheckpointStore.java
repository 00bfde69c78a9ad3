package dev.revsync.internal.store;

import dev.revsync.Checkpoint;
import dev.revsync.QuotaLedger;
import dev.revsync.RevsyncException;
import dev.revsync.pipeline.CheckpointStore;
import dev.revsync.pipeline.SubmittedWrite;
import java.io.IOException;
import java.io.Reader;
import java.io.StringReader;
import java.sql.Connection;
import java.sql.DatabaseMetaData;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import javax.sql.DataSource;

/**
 * A {@link CheckpointStore} in the host's database, with plain {@code java.sql}. Three tables,
 * created when missing (a host may create them itself, with its own types):
 *
 * <pre>
 * &lt;p&gt;checkpoint (tenant, connector, object_name) → backlog, state, saved_at
 * &lt;p&gt;quota      (connection_id, quota_day)        → spent
 * &lt;p&gt;write      (write_id) → tenant, connector, submitted_at, pending_items, body
 * &lt;p&gt;limits     (tenant, connector)              → daily_limit, write_reserve, saved_at
 * &lt;p&gt;figures    (tenant, connector, object_name) → figures_day, records, calls, active_ms, prep_ms, completed
 * </pre>
 *
 * <p>Each operation takes a connection from the data source, runs in one transaction and commits.
 * Thread-safe, and safe for several processes sharing the database.
 */
public final class JdbcCheckpointStore implements CheckpointStore {
  /** Daemon threads for {@link #inTransaction}, made as needed, gone after a minute idle. */
  private static final ExecutorService DATABASE_THREADS =
      Executors.newCachedThreadPool(
          r -> {
            Thread t = new Thread(r, "revsync-jdbc");
            t.setDaemon(true);
            return t;
          });

  private final DataSource dataSource;
  private final String checkpointTable;
  private final String writeTable;
  private final String limitsTable;
  private final String figuresTable;
  private final JdbcQuotaLedger ledger;

  public JdbcCheckpointStore(DataSource dataSource, String tablePrefix) {
    this.dataSource = Objects.requireNonNull(dataSource, "dataSource");
    Objects.requireNonNull(tablePrefix, "tablePrefix");
    if (!tablePrefix.matches("[A-Za-z0-9_]*")) {
      throw new IllegalArgumentException(
          "tablePrefix may hold only letters, digits and '_': '" + tablePrefix + "'");
    }
    this.checkpointTable = tablePrefix + "checkpoint";
    this.writeTable = tablePrefix + "write";
    this.limitsTable = tablePrefix + "limits";
    this.figuresTable = tablePrefix + "figures";
    String quotaTable = tablePrefix + "quota";
    this.ledger = new JdbcQuotaLedger(this, quotaTable);
    inTransaction(
        "create tables",
        c -> {
          String text = textType(c.getMetaData());
          createIfMissing(
              c,
              checkpointTable,
              "CREATE TABLE "
                  + checkpointTable
                  + " (tenant VARCHAR(255) NOT NULL,"
                  + " connector VARCHAR(100) NOT NULL, object_name VARCHAR(255) NOT NULL, backlog SMALLINT NOT NULL,"
                  + " state "
                  + text
                  + " NOT NULL, saved_at BIGINT NOT NULL, PRIMARY KEY (tenant, connector, object_name))");
          createIfMissing(
              c,
              quotaTable,
              "CREATE TABLE "
                  + quotaTable
                  + " (connection_id VARCHAR(255) NOT NULL,"
                  + " quota_day CHAR(10) NOT NULL, spent BIGINT NOT NULL, PRIMARY KEY (connection_id, quota_day))");
          createIfMissing(
              c,
              limitsTable,
              "CREATE TABLE "
                  + limitsTable
                  + " (tenant VARCHAR(255) NOT NULL,"
                  + " connector VARCHAR(100) NOT NULL, daily_limit BIGINT NOT NULL, write_reserve BIGINT NOT NULL,"
                  + " saved_at BIGINT NOT NULL, PRIMARY KEY (tenant, connector))");
          createIfMissing(
              c,
              figuresTable,
              "CREATE TABLE "
                  + figuresTable
                  + " (tenant VARCHAR(255) NOT NULL,"
                  + " connector VARCHAR(100) NOT NULL, object_name VARCHAR(255) NOT NULL, figures_day CHAR(10) NOT NULL,"
                  + " records BIGINT NOT NULL, calls BIGINT NOT NULL, active_ms BIGINT NOT NULL, prep_ms BIGINT NOT NULL,"
                  + " completed SMALLINT NOT NULL, PRIMARY KEY (tenant, connector, object_name))");
          if (createIfMissing(
              c,
              writeTable,
              "CREATE TABLE "
                  + writeTable
                  + " (write_id VARCHAR(100) NOT NULL PRIMARY KEY,"
                  + " tenant VARCHAR(255) NOT NULL, connector VARCHAR(100) NOT NULL, submitted_at BIGINT NOT NULL,"
                  + " pending_items INTEGER NOT NULL, body "
                  + text
                  + " NOT NULL)")) {
            try (Statement s = c.createStatement()) {
              s.executeUpdate(
                  "CREATE INDEX "
                      + writeTable
                      + "_by_connection ON "
                      + writeTable
                      + " (tenant, connector, submitted_at)");
            }
          }
          return null;
        });
  }

  @Override
  public Optional<Entry> load(String tenant, String connector, String object) {
    return inTransaction(
        "load",
        c -> {
          try (PreparedStatement s =
              c.prepareStatement(
                  "SELECT backlog, state, saved_at FROM "
                      + checkpointTable
                      + " WHERE tenant = ? AND connector = ? AND object_name = ?")) {
            s.setString(1, tenant);
            s.setString(2, connector);
            s.setString(3, object);
            try (ResultSet r = s.executeQuery()) {
              if (!r.next()) return Optional.<Entry>empty();
              boolean backlog = r.getInt(1) != 0;
              String state = text(r, 2);
              Instant savedAt = Instant.ofEpochMilli(r.getLong(3));
              try {
                return Optional.of(new Entry(Checkpoint.parse(state), backlog, savedAt));
              } catch (IllegalArgumentException e) {
                throw new RevsyncException(
                    "revsync",
                    "JdbcCheckpointStore.load " + tenant + "/" + connector + " " + object,
                    "the stored checkpoint is not a revsync checkpoint: " + e.getMessage(),
                    "Restore the row, or delete it to pull the object again from the beginning",
                    e);
              }
            }
          }
        });
  }

  @Override
  public void save(String tenant, String connector, String object, Entry entry) {
    checkLength("tenant", tenant, 255);
    checkLength("connector", connector, 100);
    checkLength("object", object, 255);
    String state = entry.checkpoint().serialize();
    inTransaction(
        "save",
        c ->
            upsert(
                c,
                "UPDATE "
                    + checkpointTable
                    + " SET backlog = ?, state = ?, saved_at = ? WHERE tenant = ? AND connector = ? AND object_name = ?",
                s -> {
                  s.setInt(1, entry.backlog() ? 1 : 0);
                  s.setCharacterStream(2, new StringReader(state), state.length());
                  s.setLong(3, entry.savedAt().toEpochMilli());
                  s.setString(4, tenant);
                  s.setString(5, connector);
                  s.setString(6, object);
                },
                "INSERT INTO "
                    + checkpointTable
                    + " (backlog, state, saved_at, tenant, connector, object_name) VALUES (?, ?, ?, ?, ?, ?)"));
  }

  @Override
  public void delete(String tenant, String connector, String object) {
    inTransaction(
        "delete",
        c -> {
          try (PreparedStatement s =
              c.prepareStatement(
                  "DELETE FROM "
                      + checkpointTable
                      + " WHERE tenant = ? AND connector = ? AND object_name = ?")) {
            s.setString(1, tenant);
            s.setString(2, connector);
            s.setString(3, object);
            return s.executeUpdate();
          }
        });
  }

  @Override
  public QuotaLedger quotaLedger() {
    return ledger;
  }

  @Override
  public void saveWrite(SubmittedWrite write) {
    checkLength("tenant", write.tenant(), 255);
    checkLength("connector", write.connector(), 100);
    checkLength("write id", write.id(), 100);
    String body = WriteCodec.encode(write);
    int pending = (int) write.count(dev.revsync.WriteOutcome.Status.NOT_SENT);
    inTransaction(
        "saveWrite",
        c ->
            upsert(
                c,
                "UPDATE "
                    + writeTable
                    + " SET tenant = ?, connector = ?, submitted_at = ?, pending_items = ?, body = ? WHERE write_id = ?",
                s -> {
                  s.setString(1, write.tenant());
                  s.setString(2, write.connector());
                  s.setLong(3, write.submittedAt().toEpochMilli());
                  s.setInt(4, pending);
                  s.setCharacterStream(5, new StringReader(body), body.length());
                  s.setString(6, write.id());
                },
                "INSERT INTO "
                    + writeTable
                    + " (tenant, connector, submitted_at, pending_items, body, write_id) VALUES (?, ?, ?, ?, ?, ?)"));
  }

  @Override
  public Optional<SubmittedWrite> write(String id) {
    return inTransaction(
        "write",
        c -> {
          try (PreparedStatement s =
              c.prepareStatement("SELECT body FROM " + writeTable + " WHERE write_id = ?")) {
            s.setString(1, id);
            try (ResultSet r = s.executeQuery()) {
              return r.next()
                  ? Optional.of(decode(id, text(r, 1)))
                  : Optional.<SubmittedWrite>empty();
            }
          }
        });
  }

  @Override
  public List<SubmittedWrite> writes(String tenant, String connector) {
    return inTransaction(
        "writes",
        c -> {
          try (PreparedStatement s =
              c.prepareStatement(
                  "SELECT write_id, body FROM "
                      + writeTable
                      + " WHERE tenant = ? AND connector = ? ORDER BY submitted_at, write_id")) {
            s.setString(1, tenant);
            s.setString(2, connector);
            List<SubmittedWrite> found = new ArrayList<>();
            try (ResultSet r = s.executeQuery()) {
              while (r.next()) found.add(decode(r.getString(1), text(r, 2)));
            }
            return found;
          }
        });
  }

  @Override
  public void deleteWrite(String id) {
    inTransaction(
        "deleteWrite",
        c -> {
          try (PreparedStatement s =
              c.prepareStatement("DELETE FROM " + writeTable + " WHERE write_id = ?")) {
            s.setString(1, id);
            return s.executeUpdate();
          }
        });
  }

  @Override
  public Optional<Limits> limits(String tenant, String connector) {
    return inTransaction(
        "limits",
        c -> {
          try (PreparedStatement s =
              c.prepareStatement(
                  "SELECT daily_limit, write_reserve, saved_at FROM "
                      + limitsTable
                      + " WHERE tenant = ? AND connector = ?")) {
            s.setString(1, tenant);
            s.setString(2, connector);
            try (ResultSet r = s.executeQuery()) {
              if (!r.next()) return Optional.<Limits>empty();
              return Optional.of(
                  new Limits(r.getLong(1), r.getLong(2), Instant.ofEpochMilli(r.getLong(3))));
            }
          }
        });
  }

  @Override
  public void saveLimits(String tenant, String connector, Limits limits) {
    checkLength("tenant", tenant, 255);
    checkLength("connector", connector, 100);
    inTransaction(
        "saveLimits",
        c ->
            upsert(
                c,
                "UPDATE "
                    + limitsTable
                    + " SET daily_limit = ?, write_reserve = ?, saved_at = ? WHERE tenant = ? AND connector = ?",
                s -> {
                  s.setLong(1, limits.dailyLimit());
                  s.setLong(2, limits.writeReserve());
                  s.setLong(3, limits.savedAt().toEpochMilli());
                  s.setString(4, tenant);
                  s.setString(5, connector);
                },
                "INSERT INTO "
                    + limitsTable
                    + " (daily_limit, write_reserve, saved_at, tenant, connector) VALUES (?, ?, ?, ?, ?)"));
  }

  @Override
  public Optional<Figures> figures(String tenant, String connector, String object) {
    return inTransaction(
        "figures",
        c -> {
          try (PreparedStatement s =
              c.prepareStatement(
                  "SELECT figures_day, records, calls, active_ms, prep_ms, completed FROM "
                      + figuresTable
                      + " WHERE tenant = ? AND connector = ? AND object_name = ?")) {
            s.setString(1, tenant);
            s.setString(2, connector);
            s.setString(3, object);
            try (ResultSet r = s.executeQuery()) {
              if (!r.next()) return Optional.<Figures>empty();
              return Optional.of(
                  new Figures(
                      java.time.LocalDate.parse(r.getString(1).trim()),
                      r.getLong(2),
                      r.getLong(3),
                      java.time.Duration.ofMillis(r.getLong(4)),
                      java.time.Duration.ofMillis(r.getLong(5)),
                      r.getInt(6) != 0));
            }
          }
        });
  }

  @Override
  public void saveFigures(String tenant, String connector, String object, Figures figures) {
    checkLength("tenant", tenant, 255);
    checkLength("connector", connector, 100);
    checkLength("object", object, 255);
    inTransaction(
        "saveFigures",
        c ->
            upsert(
                c,
                "UPDATE "
                    + figuresTable
                    + " SET figures_day = ?, records = ?, calls = ?, active_ms = ?, prep_ms = ?, completed = ?"
                    + " WHERE tenant = ? AND connector = ? AND object_name = ?",
                s -> {
                  s.setString(1, figures.day().toString());
                  s.setLong(2, figures.records());
                  s.setLong(3, figures.calls());
                  s.setLong(4, figures.activeTime().toMillis());
                  s.setLong(5, figures.jobPreparation().toMillis());
                  s.setInt(6, figures.completed() ? 1 : 0);
                  s.setString(7, tenant);
                  s.setString(8, connector);
                  s.setString(9, object);
                },
                "INSERT INTO "
                    + figuresTable
                    + " (figures_day, records, calls, active_ms, prep_ms, completed, tenant, connector, object_name)"
                    + " VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)"));
  }

  @Override
  public void close() {}

  @Override
  public String toString() {
    return "JdbcCheckpointStore{" + checkpointTable + ", " + writeTable + "}";
  }

  // ---- plumbing shared with the ledger

  /** The key columns' sizes (kept small enough for every database's index limits). */
  static void checkLength(String what, String value, int max) {
    if (value.length() > max) {
      throw new IllegalArgumentException(
          "the JDBC checkpoint store keeps a "
              + what
              + " of at most "
              + max
              + " characters; this one has "
              + value.length()
              + ": '"
              + value.substring(0, 40)
              + "...'");
    }
  }

  interface Work<T> {
    T run(Connection c) throws SQLException;
  }

  interface Binder {
    void bind(PreparedStatement s) throws SQLException;
  }

  /**
   * Runs {@code work} in one transaction on a connection of its own, and commits, on a thread of
   * {@link #DATABASE_THREADS}: an interrupt of the caller must not reach the driver. Kafka Connect
   * stops a task by interrupting it and the pipeline interrupts pulls still running a minute after
   * close, and an embedded H2 closes the database for every connection in the JVM when a thread in
   * its file I/O is interrupted. The caller waits for the outcome either way (a grant must be known
   * to be counted) and keeps its interrupt for its next wait.
   */
  <T> T inTransaction(String call, Work<T> work) {
    Future<T> outcome = DATABASE_THREADS.submit(() -> inTransactionHere(call, work));
    boolean interrupted = false;
    try {
      while (true) {
        try {
          return outcome.get();
        } catch (InterruptedException e) {
          interrupted = true;
        } catch (ExecutionException e) {
          Throwable cause = e.getCause();
          if (cause instanceof RuntimeException r) throw r;
          if (cause instanceof Error err) throw err;
          throw new IllegalStateException(cause);
        }
      }
    } finally {
      if (interrupted) Thread.currentThread().interrupt();
    }
  }

  private <T> T inTransactionHere(String call, Work<T> work) {
    try (Connection c = dataSource.getConnection()) {
      boolean autoCommit = c.getAutoCommit();
      c.setAutoCommit(false);
      try {
        T result = work.run(c);
        c.commit();
        return result;
      } catch (SQLException | RuntimeException e) {
        try {
          c.rollback();
        } catch (SQLException suppressed) {
          e.addSuppressed(suppressed);
        }
        throw e;
      } finally {
        c.setAutoCommit(autoCommit); // pooled connections go back as they came
      }
    } catch (SQLException e) {
      throw new RevsyncException(
          "revsync",
          "JdbcCheckpointStore." + call,
          "database error (SQLState " + e.getSQLState() + "): " + e.getMessage(),
          "Check that the database is reachable and the revsync tables are writable",
          e);
    }
  }

  /**
   * UPDATE, or INSERT when no row matched; both statements take the same parameters (the key last).
   * A concurrent INSERT of the same key makes ours fail: then the UPDATE is tried again.
   */
  static int upsert(Connection c, String update, Binder binder, String insert) throws SQLException {
    for (int attempt = 0; ; attempt++) {
      try (PreparedStatement s = c.prepareStatement(update)) {
        binder.bind(s);
        if (s.executeUpdate() > 0) return 1;
      }
      java.sql.Savepoint savepoint = c.setSavepoint();
      try (PreparedStatement s = c.prepareStatement(insert)) {
        binder.bind(s);
        return s.executeUpdate();
      } catch (SQLException e) {
        if (attempt > 0 || !isDuplicateKey(e)) throw e;
        c.rollback(savepoint);
      }
    }
  }

  static boolean isDuplicateKey(SQLException e) {
    return e instanceof java.sql.SQLIntegrityConstraintViolationException
        || (e.getSQLState() != null && e.getSQLState().startsWith("23"));
  }

  private static SubmittedWrite decode(String id, String body) {
    try {
      return WriteCodec.decode(body);
    } catch (IllegalArgumentException e) {
      throw new RevsyncException(
          "revsync",
          "JdbcCheckpointStore read write " + id,
          "the stored write is malformed: " + e.getMessage(),
          "Restore the row, or delete it",
          e);
    }
  }

  /** Reads a text column, whether the driver maps it to VARCHAR or CLOB. */
  private static String text(ResultSet r, int column) throws SQLException {
    try (Reader reader = r.getCharacterStream(column)) {
      if (reader == null) return null;
      StringBuilder out = new StringBuilder();
      char[] buffer = new char[8192];
      for (int n; (n = reader.read(buffer)) != -1; ) out.append(buffer, 0, n);
      return out.toString();
    } catch (IOException e) {
      throw new SQLException("cannot read column " + column + ": " + e.getMessage(), e);
    }
  }

  /** A large text type that the database understands; CLOB where nothing better is known. */
  private static String textType(DatabaseMetaData meta) throws SQLException {
    String product = meta.getDatabaseProductName().toLowerCase(Locale.ROOT);
    if (product.contains("postgres") || product.contains("sqlite")) return "TEXT";
    if (product.contains("mysql") || product.contains("mariadb")) return "LONGTEXT";
    if (product.contains("microsoft")) return "NVARCHAR(MAX)";
    return "CLOB";
  }

  /** Creates a table unless it exists (under its name as given, upper or lower case). */
  private static boolean createIfMissing(Connection c, String table, String ddl)
      throws SQLException {
    if (exists(c, table)) return false;
    try (Statement s = c.createStatement()) {
      s.executeUpdate(ddl);
      return true;
    } catch (SQLException e) {
      if (exists(c, table)) return false; // another process created it meanwhile
      throw e;
    }
  }

  private static boolean exists(Connection c, String table) throws SQLException {
    DatabaseMetaData meta = c.getMetaData();
    String schema;
    try {
      schema = c.getSchema();
    } catch (SQLException | AbstractMethodError e) {
      schema = null;
    }
    for (String name :
        new String[] {table, table.toUpperCase(Locale.ROOT), table.toLowerCase(Locale.ROOT)}) {
      try (ResultSet r = meta.getTables(c.getCatalog(), schema, name, new String[] {"TABLE"})) {
        if (r.next()) return true;
      }
    }
    return false;
  }
}
