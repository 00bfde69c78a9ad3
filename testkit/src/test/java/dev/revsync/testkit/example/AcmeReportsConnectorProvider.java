package dev.revsync.testkit.example;

import dev.revsync.Activity;
import dev.revsync.ApiStyle;
import dev.revsync.ConnectorDescriptor;
import dev.revsync.spi.AbstractConnectorProvider;

/**
 * A read-only connector: Acme CRM's contacts pulled for reporting, nothing written back. Its
 * descriptor declares {@code readOnly()} (no ENRICHMENT or SCORE_EXPORT style; {@code revsync
 * systems} says "does not write"), so every write is refused with a {@code ConfigurationException}
 * before a call is spent, and the contract suite runs every check but the write round trip.
 */
public final class AcmeReportsConnectorProvider extends AbstractConnectorProvider {
  static final ConnectorDescriptor DESCRIPTOR =
      ConnectorDescriptor.builder("acme-crm-reports", "Acme CRM reports")
          .apiStyles(Activity.LOGIN, ApiStyle.REST)
          .apiStyles(Activity.SYNC, ApiStyle.REST)
          .readOnly()
          .objects(AcmeConnector.DESCRIPTOR.objects().toArray(String[]::new))
          .defaultBaseUrl(AcmeConnector.DESCRIPTOR.defaultBaseUrl())
          .configKey(AcmeConnector.DESCRIPTOR.configKey("clientId").orElseThrow())
          .configKey(AcmeConnector.DESCRIPTOR.configKey("clientSecret").orElseThrow())
          .rateLimits(AcmeConnector.DESCRIPTOR.rateLimits())
          .build();

  public AcmeReportsConnectorProvider() {
    super(DESCRIPTOR, config -> AcmeConnector.open(DESCRIPTOR, config));
  }
}
