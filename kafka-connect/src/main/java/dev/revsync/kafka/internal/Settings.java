package dev.revsync.kafka.internal;

import dev.revsync.Activity;
import dev.revsync.ConfigKey;
import dev.revsync.ConfigurationException;
import dev.revsync.ConnectionConfig;
import dev.revsync.ConnectorDescriptor;
import dev.revsync.ConnectorProvider;
import dev.revsync.Connectors;
import dev.revsync.QuotaLedger;
import dev.revsync.QuotaPolicy;
import dev.revsync.kafka.TenantRegistry;
import java.time.Clock;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Supplier;
import org.apache.kafka.common.config.ConfigDef;

/**
 * The keys both connectors read, and what they resolve to: the connections (inline or from the
 * host's {@link TenantRegistry}), each connector's objects, the shared budget ledger and the clock.
 * Connection settings are dynamic keys ({@code revsync.connection.<tenant>/<connector>.<key>}), so
 * they are read from the raw map, not declared in the {@link ConfigDef}. Immutable.
 */
public final class Settings {
  static final String SYSTEM = "kafka-connect";

  public static final String CONNECTIONS = "revsync.connections";
  public static final String CONNECTION_PREFIX = "revsync.connection.";
  public static final String OBJECTS_PREFIX = "revsync.objects.";
  public static final String REGISTRY = "revsync.tenant.registry";
  public static final String REGISTRY_REFERENCE = "revsync.tenant.registry.reference";
  public static final String DAILY_LIMIT = "revsync.budget.daily.limit";
  public static final String WRITE_RESERVE = "revsync.budget.write.reserve";
  public static final String JDBC_URL = "revsync.budget.jdbc.url";
  public static final String JDBC_USER = "revsync.budget.jdbc.user";
  public static final String JDBC_PASSWORD = "revsync.budget.jdbc.password";
  public static final String JDBC_TABLE_PREFIX = "revsync.budget.jdbc.table.prefix";
  public static final String TOPIC_FORMAT = "revsync.topic.format";
  public static final String CLOCK = "revsync.clock";
  public static final String WRITE_OBJECT = "revsync.write.object";
  public static final String WRITE_ACTIVITY = "revsync.write.activity";
  public static final String WRITE_MATCH_FIELD = "revsync.write.match.field";

  /** The per-connection key that overrides {@link #DAILY_LIMIT}. */
  static final String CONNECTION_DAILY_LIMIT = "budget.daily.limit";

  /** The header a sink record names its connection in, when the sink has more than one. */
  public static final String CONNECTION_HEADER = "revsync.connection";

  static final String DEFAULT_TOPIC_FORMAT = "revsync.${connector}.${tenant}.${object}";

  private static final ConfigDef COMMON =
      new ConfigDef()
          .define(
              CONNECTIONS,
              ConfigDef.Type.LIST,
              List.of(),
              ConfigDef.Importance.HIGH,
              "Connections inline, each tenant/connectorId (acme/salesforce); settings under"
                  + " revsync.connection.<tenant>/<connectorId>.<key> (baseUrl and the connector's"
                  + " config keys). Or use revsync.tenant.registry.")
          .define(
              REGISTRY,
              ConfigDef.Type.STRING,
              null,
              ConfigDef.Importance.HIGH,
              "Class name of the host's dev.revsync.kafka.TenantRegistry, instead of inline"
                  + " connections")
          .define(
              REGISTRY_REFERENCE,
              ConfigDef.Type.STRING,
              "",
              ConfigDef.Importance.MEDIUM,
              "What the registry resolves into connections (a tenant group, a shard)")
          .define(
              DAILY_LIMIT,
              ConfigDef.Type.LONG,
              QuotaPolicy.UNLIMITED,
              ConfigDef.Range.atLeast(0),
              ConfigDef.Importance.HIGH,
              "API calls per connection and UTC day, shared by every task and worker (and with the"
                  + " sink); revsync.connection.<id>.budget.daily.limit overrides it. A finite"
                  + " budget needs revsync.budget.jdbc.url")
          .define(
              WRITE_RESERVE,
              ConfigDef.Type.LONG,
              0L,
              ConfigDef.Range.atLeast(0),
              ConfigDef.Importance.MEDIUM,
              "Calls of each day kept for enrichment and score writes")
          .define(
              JDBC_URL,
              ConfigDef.Type.STRING,
              null,
              ConfigDef.Importance.HIGH,
              "JDBC URL of the database that counts each day's calls for all tasks and workers")
          .define(
              JDBC_USER,
              ConfigDef.Type.STRING,
              null,
              ConfigDef.Importance.LOW,
              "User for the budget database")
          .define(
              JDBC_PASSWORD,
              ConfigDef.Type.PASSWORD,
              null,
              ConfigDef.Importance.LOW,
              "Password for the budget database")
          .define(
              JDBC_TABLE_PREFIX,
              ConfigDef.Type.STRING,
              "revsync_",
              ConfigDef.Importance.LOW,
              "Prefix of the budget tables (letters, digits, '_')")
          .define(
              CLOCK,
              ConfigDef.Type.CLASS,
              null,
              ConfigDef.Importance.LOW,
              "A java.util.function.Supplier<java.time.Clock> for tests and simulations; default"
                  + " the system's UTC clock");

  /** The source connector's keys. */
  public static final ConfigDef SOURCE =
      new ConfigDef(COMMON)
          .define(
              TOPIC_FORMAT,
              ConfigDef.Type.STRING,
              DEFAULT_TOPIC_FORMAT,
              ConfigDef.Importance.MEDIUM,
              "Topic of each object's records; ${connector}, ${tenant} and ${object} are replaced"
                  + " (characters a topic name cannot hold become '_')");

  /** The sink connector's keys. */
  public static final ConfigDef SINK =
      new ConfigDef(COMMON)
          .define(
              WRITE_OBJECT,
              ConfigDef.Type.STRING,
              ConfigDef.NO_DEFAULT_VALUE,
              ConfigDef.Importance.HIGH,
              "Object written")
          .define(
              WRITE_ACTIVITY,
              ConfigDef.Type.STRING,
              Activity.ENRICHMENT.name(),
              ConfigDef.ValidString.in(Activity.ENRICHMENT.name(), Activity.SCORE_EXPORT.name()),
              ConfigDef.Importance.HIGH,
              "ENRICHMENT or SCORE_EXPORT: the budget activity the writes count against")
          .define(
              WRITE_MATCH_FIELD,
              ConfigDef.Type.STRING,
              null,
              ConfigDef.Importance.MEDIUM,
              "External id field to upsert on; without it the record key is the record id (update)");

  private final Map<String, String> raw;
  private final Map<String, Object> parsed;
  private final TenantRegistry registry;
  private final List<String> connections;

  private Settings(ConfigDef def, Map<String, String> raw) {
    this.raw = Map.copyOf(raw);
    try {
      this.parsed = def.parse(raw);
    } catch (org.apache.kafka.common.config.ConfigException e) {
      throw new ConfigurationException(
          SYSTEM, "configure", e.getMessage(), "Fix the connector's configuration", null);
    }
    String registryClass = (String) parsed.get(REGISTRY);
    List<?> inline = (List<?>) parsed.get(CONNECTIONS);
    if (registryClass != null && !inline.isEmpty()) {
      throw problem(
          "both " + CONNECTIONS + " and " + REGISTRY + " are set",
          "Name the connections inline or through the registry, not both");
    }
    if (registryClass != null) {
      registry = instantiate(registryClass, TenantRegistry.class, REGISTRY);
      registry.configure(this.raw);
      connections = List.copyOf(registry.connections((String) parsed.get(REGISTRY_REFERENCE)));
    } else {
      registry = null;
      List<String> ids = new ArrayList<>();
      for (Object o : inline) ids.add(o.toString().trim());
      connections = List.copyOf(ids);
    }
    if (connections.isEmpty()) {
      throw problem(
          "no connections to run",
          "List tenant/connectorId pairs in " + CONNECTIONS + " or set " + REGISTRY);
    }
    for (String id : connections) {
      tenantOf(id);
      provider(connectorOf(id));
    }
  }

  public static Settings source(Map<String, String> raw) {
    return new Settings(SOURCE, raw);
  }

  public static Settings sink(Map<String, String> raw) {
    return new Settings(SINK, raw);
  }

  /** The configuration as given, for the tasks. */
  public Map<String, String> raw() {
    return raw;
  }

  /** The connection ids, {@code tenant/connectorId}, in configuration order. */
  public List<String> connections() {
    return connections;
  }

  static String tenantOf(String connectionId) {
    int slash = connectionId.lastIndexOf('/');
    if (slash <= 0 || slash == connectionId.length() - 1) {
      throw problem(
          "connection '" + connectionId + "' is not tenant/connectorId",
          "Write each connection as tenant/connectorId, such as acme/salesforce");
    }
    return connectionId.substring(0, slash);
  }

  static String connectorOf(String connectionId) {
    tenantOf(connectionId);
    return connectionId.substring(connectionId.lastIndexOf('/') + 1);
  }

  /** The objects pulled from each connection of {@code connectorId}. */
  public List<String> objects(String connectorId) {
    String list = raw.get(OBJECTS_PREFIX + connectorId);
    if (list == null || list.isBlank()) {
      throw problem(
          "no objects to pull from " + connectorId,
          "Set "
              + OBJECTS_PREFIX
              + connectorId
              + " to some of "
              + provider(connectorId).descriptor().objects());
    }
    List<String> objects = new ArrayList<>();
    for (String o : list.split(",", -1)) {
      if (!o.isBlank()) objects.add(o.trim());
    }
    return List.copyOf(objects);
  }

  public String topicFormat() {
    return (String) parsed.get(TOPIC_FORMAT);
  }

  public String writeObject() {
    return (String) parsed.get(WRITE_OBJECT);
  }

  public Activity writeActivity() {
    return Activity.valueOf((String) parsed.get(WRITE_ACTIVITY));
  }

  public Optional<String> writeMatchField() {
    return Optional.ofNullable((String) parsed.get(WRITE_MATCH_FIELD));
  }

  /** The clock of the window and the budget day. */
  public Clock clock() {
    Class<?> supplier = (Class<?>) parsed.get(CLOCK);
    if (supplier == null) return Clock.systemUTC();
    @SuppressWarnings("unchecked")
    Supplier<Clock> s = instantiate(supplier.getName(), Supplier.class, CLOCK);
    return s.get();
  }

  /**
   * The ledger every task and worker counts in: tables in the budget database, or, with no finite
   * budget anywhere, this task's memory (nothing to share when nothing is limited).
   */
  public BudgetLedger ledger() {
    String url = (String) parsed.get(JDBC_URL);
    if (url == null || url.isBlank()) {
      for (String id : connections) {
        if (dailyLimit(id) != QuotaPolicy.UNLIMITED) {
          throw problem(
              "connection " + id + " has a daily budget but no ledger its tasks share",
              "Set " + JDBC_URL + " to a database every worker reaches");
        }
      }
      return BudgetLedger.unshared(QuotaLedger.inMemory());
    }
    org.apache.kafka.common.config.types.Password password =
        (org.apache.kafka.common.config.types.Password) parsed.get(JDBC_PASSWORD);
    return BudgetLedger.jdbc(
        url,
        (String) parsed.get(JDBC_USER),
        password == null ? null : password.value(),
        (String) parsed.get(JDBC_TABLE_PREFIX));
  }

  long dailyLimit(String connectionId) {
    String own = raw.get(CONNECTION_PREFIX + connectionId + "." + CONNECTION_DAILY_LIMIT);
    if (own == null) return (Long) parsed.get(DAILY_LIMIT);
    try {
      long limit = Long.parseLong(own.trim());
      if (limit >= 0) return limit;
    } catch (NumberFormatException e) {
      // reported below with the key's name
    }
    throw problem(
        CONNECTION_PREFIX
            + connectionId
            + "."
            + CONNECTION_DAILY_LIMIT
            + " is '"
            + own
            + "', not a count of calls",
        "Set it to a whole number of calls, 0 or more");
  }

  /**
   * The connection's configuration: inline keys sorted by the connector's descriptor into base URL,
   * settings and secrets, or the registry's; with a quota policy over {@code ledger} and {@code
   * clock}.
   */
  public ConnectionConfig connectionConfig(String connectionId, QuotaLedger ledger, Clock clock) {
    String tenant = tenantOf(connectionId);
    String connector = connectorOf(connectionId);
    long limit = dailyLimit(connectionId);
    long reserve = (Long) parsed.get(WRITE_RESERVE);
    ConnectionConfig.Builder b;
    if (registry != null) {
      ConnectionConfig given = registry.connection(tenant, connector);
      if (given == null) {
        throw problem(
            "the registry " + registry.getClass().getName() + " knows no " + connectionId,
            "Return a ConnectionConfig for every connection the registry lists");
      }
      if (given.quotaPolicy().dailyLimit() != QuotaPolicy.UNLIMITED) {
        limit = given.quotaPolicy().dailyLimit();
        reserve = given.quotaPolicy().writeReserve();
      }
      b = given.newBuilder();
    } else {
      b = ConnectionConfig.builder(connectionId);
      ConnectorDescriptor descriptor = provider(connector).descriptor();
      String prefix = CONNECTION_PREFIX + connectionId + ".";
      for (Map.Entry<String, String> e : new LinkedHashMap<>(raw).entrySet()) {
        if (!e.getKey().startsWith(prefix)) continue;
        String key = e.getKey().substring(prefix.length());
        if (key.equals(CONNECTION_DAILY_LIMIT)) continue;
        if (key.equals("baseUrl")) {
          b.baseUrl(e.getValue());
          continue;
        }
        Optional<ConfigKey> known = descriptor.configKey(key);
        if (known.isEmpty()) {
          throw problem(
              e.getKey() + " is not a setting of " + connector,
              "Use baseUrl, "
                  + CONNECTION_DAILY_LIMIT
                  + " or one of "
                  + descriptor.configKeys().stream().map(ConfigKey::name).toList());
        }
        if (known.get().secret()) b.secret(key, e.getValue());
        else b.setting(key, e.getValue());
      }
    }
    if (limit != QuotaPolicy.UNLIMITED && !ledger.durable()) {
      throw problem(
          "connection " + connectionId + " has a daily budget but no ledger its tasks share",
          "Set " + JDBC_URL + " to a database every worker reaches");
    }
    QuotaPolicy policy =
        QuotaPolicy.builder().dailyLimit(limit).writeReserve(reserve).ledger(ledger).build();
    return b.quotaPolicy(policy).clock(clock).build();
  }

  /** The provider of {@code connectorId} from the plugin's own class loader. */
  public static ConnectorProvider provider(String connectorId) {
    for (ConnectorProvider p : Connectors.load(Settings.class.getClassLoader())) {
      if (p.descriptor().id().equals(connectorId)) return p;
    }
    throw problem(
        "no connector '" + connectorId + "' in the plugin",
        "Use one of "
            + Connectors.load(Settings.class.getClassLoader()).stream()
                .map(p -> p.descriptor().id())
                .toList()
            + ", or add the connector's jar to the plugin directory");
  }

  private static <T> T instantiate(String className, Class<T> type, String key) {
    try {
      Class<?> c = Class.forName(className, true, Settings.class.getClassLoader());
      return type.cast(c.getConstructor().newInstance());
    } catch (ReflectiveOperationException | ClassCastException | LinkageError e) {
      throw new ConfigurationException(
          SYSTEM,
          "configure " + key,
          "cannot instantiate " + className + " as a " + type.getName() + " (" + e + ")",
          "Put the class, with a public no-argument constructor, in the plugin directory",
          e);
    }
  }

  static ConfigurationException problem(String problem, String action) {
    return new ConfigurationException(SYSTEM, "configure", problem, action, null);
  }
}
