package dev.revsync;

/**
 * The service a connector module registers in {@code
 * META-INF/services/dev.revsync.ConnectorProvider}. {@link Connectors} finds providers with {@link
 * java.util.ServiceLoader}; hosts rarely call them directly.
 *
 * <p>Implementations need a public no-argument constructor and must be thread-safe. The {@link
 * Connector}s they open spend each call under the activity {@link Connector} assigns to the method
 * making it (verify LOGIN; discover, describe and sync SYNC; write the request's activity; token
 * fetches as the call that needed them); {@code open} itself makes no call.
 */
public interface ConnectorProvider {
  /** What this connector is; cheap, no I/O. */
  ConnectorDescriptor descriptor();

  /**
   * Opens one connection. Validates the configuration (no I/O) and throws {@link
   * ConfigurationException} naming each missing or bad key.
   */
  Connector open(ConnectionConfig config);
}
