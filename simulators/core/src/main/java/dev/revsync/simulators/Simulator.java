package dev.revsync.simulators;

import dev.revsync.ConfigKey;
import dev.revsync.ConfigurationException;
import dev.revsync.ConnectionConfig;
import dev.revsync.ConnectorDescriptor;
import dev.revsync.ConnectorProvider;
import dev.revsync.Connectors;
import java.util.Map;

/**
 * A running simulator of one system: its server, data, faults and request log. Every system's
 * simulator implements it so the CLI's sandbox, benchmarks and tests treat them alike; extending
 * {@link AbstractSimulator} gives all but the system's handler and settings. Implementations are
 * thread-safe: tests change data and faults while connectors call the server.
 */
public interface Simulator extends AutoCloseable {
  /** The connector id it simulates, such as {@code salesforce}. */
  String system();

  /** Where it listens: {@code http://127.0.0.1:<port>}. */
  String baseUrl();

  /** Every request served, with secrets masked. */
  RequestLog requestLog();

  /** The faults to inject into coming requests. */
  FaultPlan faults();

  /** The simulated account's data. */
  RecordStore store();

  /**
   * The connection settings a connector needs to reach this simulator with valid credentials:
   * {@code baseUrl} plus the connector's config keys (secrets included — test values only).
   */
  Map<String, String> connectionSettings();

  /**
   * A connection to this simulator in one call: {@link #connectionSettings()} sorted by the
   * connector's descriptor into the base URL, settings and secrets. Add a quota policy and a clock
   * (the simulator's, to run days instantly), then build:
   *
   * <pre>{@code
   * SimulatedClock clock = SimulatedClock.at("2026-11-28T00:30:00Z");
   * try (Simulator sf = SimulatorProvider.find("salesforce").orElseThrow().start(SimulatorOptions.defaults(clock));
   *     Connector c = Connectors.open("salesforce", sf.connectionConfig("test/salesforce").clock(clock).build())) {
   *   c.verify();
   * }
   * }</pre>
   *
   * @param connectionId the connection's id in budgets and reports
   * @throws dev.revsync.ConfigurationException if the connector {@link #system()} is not on the
   *     class path
   */
  default ConnectionConfig.Builder connectionConfig(String connectionId) {
    ConnectorDescriptor descriptor =
        Connectors.provider(system())
            .map(ConnectorProvider::descriptor)
            .orElseThrow(
                () ->
                    new ConfigurationException(
                        system(),
                        "Simulator.connectionConfig",
                        "the "
                            + system()
                            + " connector is not on"
                            + " the class path, so which settings are secret is unknown",
                        "Add the connector's artifact (revsync-"
                            + system()
                            + ") to the test class path, or pass its descriptor",
                        null));
    return connectionConfig(connectionId, descriptor);
  }

  /** As {@link #connectionConfig(String)}, with the connector's descriptor given. */
  default ConnectionConfig.Builder connectionConfig(
      String connectionId, ConnectorDescriptor descriptor) {
    ConnectionConfig.Builder b = ConnectionConfig.builder(connectionId);
    for (Map.Entry<String, String> e : connectionSettings().entrySet()) {
      if (e.getKey().equals("baseUrl")) {
        b.baseUrl(e.getValue());
      } else if (descriptor.configKey(e.getKey()).map(ConfigKey::secret).orElse(false)) {
        b.secret(e.getKey(), e.getValue());
      } else if (descriptor.configKey(e.getKey()).isPresent()) {
        b.setting(e.getKey(), e.getValue());
      }
    }
    return b;
  }

  @Override
  void close();
}
