package dev.revsync.cli;

import dev.revsync.ConfigKey;
import dev.revsync.ConfigurationException;
import dev.revsync.ConnectionConfig;
import dev.revsync.ConnectorDescriptor;
import dev.revsync.ConnectorProvider;
import dev.revsync.Connectors;
import dev.revsync.QuotaLedger;
import dev.revsync.QuotaPolicy;
import java.io.IOException;
import java.io.Reader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Properties;
import java.util.TreeMap;
import java.util.function.UnaryOperator;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * A connection file: Java properties naming the connector, the connection id, an optional base URL
 * and budget, and the connector's config keys. Secret keys must be references to environment
 * variables ({@code clientSecret=${env:SF_CLIENT_SECRET}}) so secrets never sit in files or
 * terminals; a literal secret is refused.
 *
 * <pre>
 * connector=salesforce
 * connectionId=acme/salesforce
 * baseUrl=http://127.0.0.1:50123
 * dailyLimit=5000
 * writeReserve=500
 * clientId=3MVG9...
 * clientSecret=${env:SF_CLIENT_SECRET}
 * </pre>
 */
final class ConnectionFile {
  static final String CONNECTOR = "connector";
  static final String CONNECTION_ID = "connectionId";
  static final String BASE_URL = "baseUrl";
  static final String DAILY_LIMIT = "dailyLimit";
  static final String WRITE_RESERVE = "writeReserve";
  static final String OBJECTS = "objects";
  private static final Pattern ENV_REF = Pattern.compile("\\$\\{env:([A-Za-z_][A-Za-z0-9_]*)}");

  final Path path;
  final ConnectorProvider provider;
  final ConnectionConfig config;
  final List<String> objects;

  private ConnectionFile(
      Path path, ConnectorProvider provider, ConnectionConfig config, List<String> objects) {
    this.path = path;
    this.provider = provider;
    this.config = config;
    this.objects = objects;
  }

  String connectorId() {
    return provider.descriptor().id();
  }

  static ConnectionFile load(Path path, UnaryOperator<String> env, Clock clock) {
    return load(path, env, clock, null, null);
  }

  /**
   * As {@link #load(Path, UnaryOperator, Clock)}, counting the budget in {@code ledger} and keeping
   * credentials the system rotates in {@code stateDir}, each when not null.
   */
  static ConnectionFile load(
      Path path, UnaryOperator<String> env, Clock clock, QuotaLedger ledger, Path stateDir) {
    Properties p = new Properties();
    try (Reader r = Files.newBufferedReader(path, StandardCharsets.UTF_8)) {
      p.load(r);
    } catch (NoSuchFileException e) {
      throw bad(path, "no such file", "Check the path");
    } catch (IOException | IllegalArgumentException e) {
      throw bad(
          path,
          "cannot read it as a properties file (" + e.getMessage() + ")",
          "Fix the file's syntax");
    }
    String connectorId = p.getProperty(CONNECTOR);
    if (connectorId == null || connectorId.isBlank()) {
      throw bad(path, "missing '" + CONNECTOR + "='", "Add the connector id, one of: " + ids());
    }
    ConnectorProvider provider =
        Connectors.provider(connectorId.trim())
            .orElseThrow(
                () ->
                    bad(
                        path,
                        "unknown connector '" + connectorId.trim() + "'",
                        "Use one of: " + ids()));
    ConnectorDescriptor d = provider.descriptor();
    String connectionId = p.getProperty(CONNECTION_ID, connectorId.trim());

    QuotaPolicy.Builder quota = QuotaPolicy.builder();
    if (ledger != null) quota.ledger(ledger);
    if (p.getProperty(DAILY_LIMIT) != null) quota.dailyLimit(number(path, p, DAILY_LIMIT));
    if (p.getProperty(WRITE_RESERVE) != null) quota.writeReserve(number(path, p, WRITE_RESERVE));
    ConnectionConfig.Builder b =
        ConnectionConfig.builder(connectionId).quotaPolicy(quota.build()).clock(clock);
    if (p.getProperty(BASE_URL) != null) {
      try {
        b.baseUrl(p.getProperty(BASE_URL).trim());
      } catch (IllegalArgumentException e) {
        throw bad(path, e.getMessage(), "Use an https:// URL (http:// only for 127.0.0.1)");
      }
    }
    RotatedCredentials rotated = stateDir == null ? null : new RotatedCredentials(stateDir);
    Map<String, String> configuredSecrets = new TreeMap<>();
    List<String> missing = new ArrayList<>();
    for (ConfigKey key : d.configKeys()) {
      String raw = p.getProperty(key.name());
      if (raw == null || raw.isBlank()) {
        if (key.required()) missing.add(key.name() + " (" + key.description() + ")");
        continue;
      }
      String value = resolve(path, key, raw.trim(), env);
      if (key.secret()) {
        configuredSecrets.put(key.name(), value);
        String current =
            rotated == null
                ? value
                : rotated.current(connectionId, key.name(), value).orElse(value);
        b.secret(key.name(), current);
      } else {
        b.setting(key.name(), value);
      }
    }
    if (rotated != null) b.credentialListener(rotated.listener(configuredSecrets::get));
    if (!missing.isEmpty()) {
      throw bad(
          path,
          "missing required key" + (missing.size() > 1 ? "s " : " ") + String.join(", ", missing),
          "Add " + (missing.size() > 1 ? "them" : "it") + " to the file");
    }
    List<String> unknown = new ArrayList<>();
    for (String name : p.stringPropertyNames()) {
      if (!List.of(CONNECTOR, CONNECTION_ID, BASE_URL, DAILY_LIMIT, WRITE_RESERVE, OBJECTS)
              .contains(name)
          && d.configKey(name).isEmpty()) {
        unknown.add(name);
      }
    }
    if (!unknown.isEmpty()) {
      throw bad(
          path,
          "unknown key"
              + (unknown.size() > 1 ? "s " : " ")
              + unknown
              + " for connector '"
              + d.id()
              + "'",
          "Known keys: " + d.configKeys().stream().map(ConfigKey::name).toList());
    }
    List<String> objects =
        p.getProperty(OBJECTS) == null
            ? List.of()
            : List.of(p.getProperty(OBJECTS).trim().split("\\s*,\\s*"));
    return new ConnectionFile(path, provider, b.build(), objects);
  }

  private static String resolve(Path path, ConfigKey key, String raw, UnaryOperator<String> env) {
    Matcher m = ENV_REF.matcher(raw);
    if (m.matches()) {
      String value = env.apply(m.group(1));
      if (value == null || value.isEmpty()) {
        throw bad(
            path,
            "environment variable " + m.group(1) + " (for '" + key.name() + "') is not set",
            "Export it before running revsync");
      }
      return value;
    }
    if (key.secret()) {
      throw bad(
          path,
          "'" + key.name() + "' is a secret and must not be written in the file",
          "Write " + key.name() + "=${env:SOME_VARIABLE} and export SOME_VARIABLE");
    }
    return raw;
  }

  private static long number(Path path, Properties p, String key) {
    try {
      long n = Long.parseLong(p.getProperty(key).trim());
      if (n < 0) throw new NumberFormatException();
      return n;
    } catch (NumberFormatException e) {
      throw bad(
          path,
          "'" + key + "' must be a non-negative whole number, not '" + p.getProperty(key) + "'",
          "Fix the value");
    }
  }

  /** Renders a connection file for a simulator's settings, secrets as environment references. */
  static String render(
      ConnectorDescriptor d,
      String connectionId,
      Map<String, String> settings,
      Map<String, String> envOut) {
    StringBuilder s = new StringBuilder();
    s.append(CONNECTOR).append('=').append(d.id()).append('\n');
    s.append(CONNECTION_ID).append('=').append(connectionId).append('\n');
    TreeMap<String, String> sorted = new TreeMap<>(settings);
    if (sorted.containsKey(BASE_URL))
      s.append(BASE_URL).append('=').append(sorted.remove(BASE_URL)).append('\n');
    for (Map.Entry<String, String> e : sorted.entrySet()) {
      boolean secret = d.configKey(e.getKey()).map(ConfigKey::secret).orElse(false);
      if (d.configKey(e.getKey()).isEmpty()) continue;
      if (secret) {
        String var = envName(d.id(), e.getKey());
        envOut.put(var, e.getValue());
        s.append(e.getKey()).append("=${env:").append(var).append("}\n");
      } else {
        s.append(e.getKey()).append('=').append(e.getValue()).append('\n');
      }
    }
    return s.toString();
  }

  static String envName(String connector, String key) {
    return ("REVSYNC_" + connector + "_" + key.replaceAll("([a-z])([A-Z])", "$1_$2"))
        .toUpperCase(Locale.ROOT)
        .replace('-', '_');
  }

  private static String ids() {
    List<String> ids = Connectors.available().stream().map(c -> c.descriptor().id()).toList();
    return ids.isEmpty() ? "(none on the class path)" : String.join(", ", ids);
  }

  private static ConfigurationException bad(Path path, String problem, String action) {
    return new ConfigurationException("revsync", "connection file " + path, problem, action, null);
  }
}
