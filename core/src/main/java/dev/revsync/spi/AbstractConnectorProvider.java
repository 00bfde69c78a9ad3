package dev.revsync.spi;

import dev.revsync.ConnectionConfig;
import dev.revsync.Connector;
import dev.revsync.ConnectorDescriptor;
import dev.revsync.ConnectorProvider;
import java.util.Objects;
import java.util.function.Function;

/**
 * A provider that is its descriptor and how to open a connection, so a connector module's one
 * public type is a few lines:
 *
 * <pre>{@code
 * public final class AcmeConnectorProvider extends AbstractConnectorProvider {
 *   public AcmeConnectorProvider() {
 *     super(AcmeConfig.DESCRIPTOR, AcmeConnector::open);
 *   }
 * }
 * }</pre>
 *
 * <p>Thread-safe when {@code open} is.
 */
public abstract class AbstractConnectorProvider implements ConnectorProvider {
  private final ConnectorDescriptor descriptor;
  private final Function<ConnectionConfig, ? extends Connector> open;

  protected AbstractConnectorProvider(
      ConnectorDescriptor descriptor, Function<ConnectionConfig, ? extends Connector> open) {
    this.descriptor = Objects.requireNonNull(descriptor, "descriptor");
    this.open = Objects.requireNonNull(open, "open");
  }

  @Override
  public final ConnectorDescriptor descriptor() {
    return descriptor;
  }

  @Override
  public final Connector open(ConnectionConfig config) {
    return open.apply(Objects.requireNonNull(config, "config"));
  }
}
