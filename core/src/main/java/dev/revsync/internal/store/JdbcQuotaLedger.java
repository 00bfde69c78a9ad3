package dev.revsync.internal.store;

import dev.revsync.QuotaLedger;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.LocalDate;

/**
 * A {@link QuotaLedger} in a database table. A grant is one conditional {@code UPDATE ... SET spent
 * = spent + 1 WHERE ... AND spent < ceiling} in a transaction (the row lock makes racing callers,
 * in any process, take turns), or the day's first INSERT. An UPDATE that matched nothing is a
 * refusal only if the row is there at the ceiling: callers racing for the day's first call do not
 * see each other's uncommitted row. Every grant is committed before it is handed out, so a restart
 * never grants the day's budget twice.
 *
 * <p>Thread-safe.
 */
final class JdbcQuotaLedger implements QuotaLedger {
  private static final int DAYS_KEPT = 7;

  private final JdbcCheckpointStore store;
  private final String table;
  private volatile LocalDate newestDay = LocalDate.MIN;

  JdbcQuotaLedger(JdbcCheckpointStore store, String table) {
    this.store = store;
    this.table = table;
  }

  @Override
  public boolean tryIncrement(String connectionId, LocalDate day, long ceiling) {
    if (ceiling <= 0) return false;
    JdbcCheckpointStore.checkLength("connection id", connectionId, 255);
    newDay(day);
    String d = day.toString();
    return store.inTransaction(
        "quota grant",
        c -> {
          for (int attempt = 0; ; attempt++) {
            try (PreparedStatement s =
                c.prepareStatement(
                    "UPDATE "
                        + table
                        + " SET spent = spent + 1 WHERE connection_id = ? AND quota_day = ? AND spent < ?")) {
              s.setString(1, connectionId);
              s.setString(2, d);
              s.setLong(3, ceiling);
              if (s.executeUpdate() == 1) return true;
            }
            try (PreparedStatement s =
                c.prepareStatement(
                    "SELECT spent FROM " + table + " WHERE connection_id = ? AND quota_day = ?")) {
              s.setString(1, connectionId);
              s.setString(2, d);
              try (ResultSet r = s.executeQuery()) {
                if (r.next()) {
                  if (r.getLong(1) >= ceiling) return false;
                  // Below the ceiling: the day's row was inserted by a racing caller, uncommitted
                  // when our UPDATE looked and committed since. Update it now.
                  if (attempt < 3) continue;
                  throw new SQLException(
                      "the quota row of " + connectionId + " on " + d + " was not updated");
                }
              }
            }
            // The day's first call: insert the row, unless another caller just did.
            java.sql.Savepoint savepoint = c.setSavepoint();
            try (PreparedStatement s =
                c.prepareStatement(
                    "INSERT INTO "
                        + table
                        + " (connection_id, quota_day, spent) VALUES (?, ?, 1)")) {
              s.setString(1, connectionId);
              s.setString(2, d);
              s.executeUpdate();
              return true;
            } catch (SQLException e) {
              if (attempt >= 3 || !JdbcCheckpointStore.isDuplicateKey(e)) throw e;
              c.rollback(savepoint);
            }
          }
        });
  }

  @Override
  public long spent(String connectionId, LocalDate day) {
    return store.inTransaction(
        "quota read",
        c -> {
          try (PreparedStatement s =
              c.prepareStatement(
                  "SELECT spent FROM " + table + " WHERE connection_id = ? AND quota_day = ?")) {
            s.setString(1, connectionId);
            s.setString(2, day.toString());
            try (ResultSet r = s.executeQuery()) {
              return r.next() ? r.getLong(1) : 0L;
            }
          }
        });
  }

  /** The first grant of a new day in this process drops rows older than a week. */
  private void newDay(LocalDate day) {
    if (!day.isAfter(newestDay)) return;
    synchronized (this) {
      if (!day.isAfter(newestDay)) return;
      newestDay = day;
    }
    store.inTransaction(
        "quota cleanup",
        c -> {
          try (PreparedStatement s =
              c.prepareStatement("DELETE FROM " + table + " WHERE quota_day < ?")) {
            s.setString(1, day.minusDays(DAYS_KEPT).toString());
            return s.executeUpdate();
          }
        });
  }
}
