package dev.revsync;

/**
 * The service a connector module registers in
 * {@code META-INF/services/dev.revsync.ConnectorProvider}. {@link Connectors} finds providers
 * with {@link java.util.ServiceLoader}; hosts rarely call them directly.
 *
 * <p>Implementations need a public no-argument constructor and must be thread-safe.
 */
public interface ConnectorProvider {
  /** What this connector is; cheap, no I/O. */
  ConnectorDescriptor descriptor();

  /**
   * Opens one connection. Validates the configuration (no I/O) and throws
   * {@link ConfigurationException} naming each missing or bad key.
   */
  Connector open(ConnectionConfig config);
}
