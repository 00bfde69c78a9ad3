package dev.revsync.spring;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.springframework.boot.context.properties.ConfigurationProperties;

/**
 * The {@code revsync.*} properties: the connections the daily pipeline pulls, their budgets, the
 * store, and the console.
 *
 * <pre>{@code
 * revsync:
 *   connections:
 *     - tenant: acme
 *       connector: salesforce
 *       objects: [Account, Contact]
 *       daily-limit: 5000
 *       write-reserve: 500
 *       settings: { clientId: 3MVG9... }
 *       secrets:  { clientSecret: acme.salesforce.client-secret }   # names of properties, never values
 * }</pre>
 *
 * <p>A secret is given as the <em>name</em> of a property that Spring's property sources resolve
 * (an environment variable, a vault), so its value is never written in {@code application.yml}.
 */
@ConfigurationProperties(prefix = "revsync")
public class RevsyncProperties {
  /** Whether the starter builds and starts the pipeline. */
  private boolean enabled = true;

  /** How many connections pull at once. */
  private int concurrency = 4;

  /**
   * Whether each connection logs in once at start-up, so health shows whether its credentials work.
   */
  private boolean verifyOnStart = true;

  private final Store store = new Store();
  private final Metrics metrics = new Metrics();
  private final Console console = new Console();
  private List<Connection> connections = new ArrayList<>();

  public boolean isEnabled() {
    return enabled;
  }

  public void setEnabled(boolean enabled) {
    this.enabled = enabled;
  }

  public int getConcurrency() {
    return concurrency;
  }

  public void setConcurrency(int concurrency) {
    this.concurrency = concurrency;
  }

  public boolean isVerifyOnStart() {
    return verifyOnStart;
  }

  public void setVerifyOnStart(boolean verifyOnStart) {
    this.verifyOnStart = verifyOnStart;
  }

  public Store getStore() {
    return store;
  }

  public Metrics getMetrics() {
    return metrics;
  }

  public Console getConsole() {
    return console;
  }

  public List<Connection> getConnections() {
    return connections;
  }

  public void setConnections(List<Connection> connections) {
    this.connections = connections;
  }

  /** Where checkpoints, budget counts, limits and the write backlog live. */
  public static class Store {
    /** Kinds of store. */
    public enum Type {
      /** JDBC on the application's DataSource when there is one, else files. */
      AUTO,
      JDBC,
      FILES,
      /** Nothing survives a restart: tests and demos only. */
      MEMORY
    }

    private Type type = Type.AUTO;

    /** The directory of the files store. */
    private Path directory = Path.of("revsync-state");

    /** The JDBC store's table prefix. */
    private String tablePrefix = "revsync_";

    public Type getType() {
      return type;
    }

    public void setType(Type type) {
      this.type = type;
    }

    public Path getDirectory() {
      return directory;
    }

    public void setDirectory(Path directory) {
      this.directory = directory;
    }

    public String getTablePrefix() {
      return tablePrefix;
    }

    public void setTablePrefix(String tablePrefix) {
      this.tablePrefix = tablePrefix;
    }
  }

  /** Micrometer meters. */
  public static class Metrics {
    /** Whether counters and timers carry a {@code connection} tag: one series per customer. */
    private boolean connectionTags;

    public boolean isConnectionTags() {
      return connectionTags;
    }

    public void setConnectionTags(boolean connectionTags) {
      this.connectionTags = connectionTags;
    }
  }

  /** The integration settings console. Guard its path with the application's security. */
  public static class Console {
    private boolean enabled = true;

    /** Where it is served. */
    private String path = "/revsync/console";

    public boolean isEnabled() {
      return enabled;
    }

    public void setEnabled(boolean enabled) {
      this.enabled = enabled;
    }

    public String getPath() {
      return path;
    }

    public void setPath(String path) {
      this.path = path;
    }
  }

  /** One connection: a tenant's account in one system. */
  public static class Connection {
    private String tenant;
    private String connector;

    /** Overrides the system's URL (a sandbox, a simulator). */
    private String baseUrl;

    private List<String> objects = new ArrayList<>();

    /** Calls per UTC day; unset for no limit. A limit saved from the console wins. */
    private Long dailyLimit;

    private long writeReserve;

    /** The connector's non-secret settings. */
    private Map<String, String> settings = new LinkedHashMap<>();

    /** Secret key → name of the property holding its value. */
    private Map<String, String> secrets = new LinkedHashMap<>();

    public String getTenant() {
      return tenant;
    }

    public void setTenant(String tenant) {
      this.tenant = tenant;
    }

    public String getConnector() {
      return connector;
    }

    public void setConnector(String connector) {
      this.connector = connector;
    }

    public String getBaseUrl() {
      return baseUrl;
    }

    public void setBaseUrl(String baseUrl) {
      this.baseUrl = baseUrl;
    }

    public List<String> getObjects() {
      return objects;
    }

    public void setObjects(List<String> objects) {
      this.objects = objects;
    }

    public Long getDailyLimit() {
      return dailyLimit;
    }

    public void setDailyLimit(Long dailyLimit) {
      this.dailyLimit = dailyLimit;
    }

    public long getWriteReserve() {
      return writeReserve;
    }

    public void setWriteReserve(long writeReserve) {
      this.writeReserve = writeReserve;
    }

    public Map<String, String> getSettings() {
      return settings;
    }

    public void setSettings(Map<String, String> settings) {
      this.settings = settings;
    }

    public Map<String, String> getSecrets() {
      return secrets;
    }

    public void setSecrets(Map<String, String> secrets) {
      this.secrets = secrets;
    }
  }
}
