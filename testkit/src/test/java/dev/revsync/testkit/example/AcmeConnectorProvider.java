package dev.revsync.testkit.example;

import dev.revsync.spi.AbstractConnectorProvider;

/**
 * A host team's connector for "Acme CRM", found through {@code
 * META-INF/services/dev.revsync.ConnectorProvider}.
 */
public final class AcmeConnectorProvider extends AbstractConnectorProvider {
  public AcmeConnectorProvider() {
    super(AcmeConnector.DESCRIPTOR, AcmeConnector::open);
  }
}
