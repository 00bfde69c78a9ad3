package dev.revsync.kafka.internal;

import dev.revsync.ConfigurationException;
import dev.revsync.QuotaLedger;
import dev.revsync.pipeline.CheckpointStore;
import java.io.PrintWriter;
import java.sql.Connection;
import java.sql.Driver;
import java.sql.SQLException;
import java.sql.SQLFeatureNotSupportedException;
import java.util.Properties;
import java.util.ServiceLoader;
import java.util.logging.Logger;
import javax.sql.DataSource;

/**
 * The budget ledger a task counts in, and what to close with it. With a JDBC URL it is core's
 * {@code JdbcQuotaLedger} (through {@link CheckpointStore#jdbc}): each grant is a conditional
 * UPDATE in a transaction, so every task on every worker (and the sink) draws from one count and
 * none can take the last call twice. A compacted topic would need a read-your-writes lock that
 * Kafka does not offer per key; the database has it.
 */
public final class BudgetLedger implements AutoCloseable {
  private final QuotaLedger ledger;
  private final CheckpointStore store;

  private BudgetLedger(QuotaLedger ledger, CheckpointStore store) {
    this.ledger = ledger;
    this.store = store;
  }

  static BudgetLedger unshared(QuotaLedger ledger) {
    return new BudgetLedger(ledger, null);
  }

  static BudgetLedger jdbc(String url, String user, String password, String tablePrefix) {
    CheckpointStore store =
        CheckpointStore.jdbc(new DriverDataSource(url, user, password), tablePrefix);
    return new BudgetLedger(store.quotaLedger(), store);
  }

  public QuotaLedger ledger() {
    return ledger;
  }

  @Override
  public void close() {
    if (store != null) store.close();
  }

  /**
   * A connection per call from the driver found in the plugin's own class loader: {@code
   * DriverManager} looks in the caller's loader chain, which under Connect's plugin isolation may
   * not hold the driver the plugin directory does. The ledger's operations are few and short, so no
   * pool.
   */
  private static final class DriverDataSource implements DataSource {
    private final String url;
    private final Properties properties = new Properties();
    private final Driver driver;

    DriverDataSource(String url, String user, String password) {
      this.url = url;
      if (user != null) properties.setProperty("user", user);
      if (password != null) properties.setProperty("password", password);
      Driver found = null;
      for (Driver d : ServiceLoader.load(Driver.class, BudgetLedger.class.getClassLoader())) {
        try {
          if (d.acceptsURL(url)) {
            found = d;
            break;
          }
        } catch (SQLException e) {
          // a driver that cannot judge the URL is not the one for it
        }
      }
      if (found == null) {
        throw new ConfigurationException(
            Settings.SYSTEM,
            "configure " + Settings.JDBC_URL,
            "no JDBC driver in the plugin accepts the budget database's URL (" + scheme(url) + ")",
            "Add the database's JDBC driver jar to the plugin directory",
            null);
      }
      this.driver = found;
    }

    private static String scheme(String url) {
      int second = url.indexOf(':', url.indexOf(':') + 1);
      return second > 0 ? url.substring(0, second) : "not a jdbc: URL";
    }

    @Override
    public Connection getConnection() throws SQLException {
      Connection c = driver.connect(url, properties);
      if (c == null) throw new SQLException("the driver refused the budget database's URL");
      return c;
    }

    @Override
    public Connection getConnection(String username, String password) throws SQLException {
      throw new SQLFeatureNotSupportedException("the budget ledger's credentials are configured");
    }

    @Override
    public PrintWriter getLogWriter() {
      return null;
    }

    @Override
    public void setLogWriter(PrintWriter out) {}

    @Override
    public void setLoginTimeout(int seconds) {}

    @Override
    public int getLoginTimeout() {
      return 0;
    }

    @Override
    public Logger getParentLogger() throws SQLFeatureNotSupportedException {
      throw new SQLFeatureNotSupportedException("no java.util.logging");
    }

    @Override
    public <T> T unwrap(Class<T> iface) throws SQLException {
      throw new SQLException("not a wrapper");
    }

    @Override
    public boolean isWrapperFor(Class<?> iface) {
      return false;
    }
  }
}
