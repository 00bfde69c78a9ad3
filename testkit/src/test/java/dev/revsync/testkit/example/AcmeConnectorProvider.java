package dev.revsync.testkit.example;

import dev.revsync.Activity;
import dev.revsync.ApiStyle;
import dev.revsync.ConfigKey;
import dev.revsync.ConfigurationException;
import dev.revsync.ConnectionConfig;
import dev.revsync.Connector;
import dev.revsync.ConnectorDescriptor;
import dev.revsync.ConnectorProvider;
import dev.revsync.RateLimits;
import java.time.Duration;

/**
 * A host team's custom connector for "Acme CRM": registered in
 * {@code META-INF/services/dev.revsync.ConnectorProvider}, built only on revsync's public contract
 * and {@code dev.revsync.spi}. Settings: {@code clientId}, {@code clientSecret} (secret), and the
 * base URL.
 */
public final class AcmeConnectorProvider implements ConnectorProvider {
  static final ConnectorDescriptor DESCRIPTOR = ConnectorDescriptor.builder("acme-crm", "Acme CRM")
      .apiStyles(Activity.LOGIN, ApiStyle.REST)
      .apiStyles(Activity.SYNC, ApiStyle.REST)
      .apiStyles(Activity.ENRICHMENT, ApiStyle.REST)
      .apiStyles(Activity.SCORE_EXPORT, ApiStyle.REST)
      .objects("contacts")
      .configKey(ConfigKey.required("clientId", "OAuth client id of the Acme CRM integration app"))
      .configKey(ConfigKey.requiredSecret("clientSecret", "OAuth client secret of the Acme CRM integration app"))
      .rateLimits(RateLimits.of(20, Duration.ofSeconds(1), 4))
      .defaultBaseUrl("https://api.acme-crm.example")
      .build();

  @Override
  public ConnectorDescriptor descriptor() {
    return DESCRIPTOR;
  }

  @Override
  public Connector open(ConnectionConfig config) {
    for (ConfigKey key : DESCRIPTOR.configKeys()) {
      if (key.required() && config.value(key.name()).isEmpty()) {
        throw new ConfigurationException(DESCRIPTOR.id(), "open", "the setting '" + key.name() + "' is missing",
            "Set " + key.name() + ": " + key.description(), null);
      }
    }
    return new AcmeConnector(config);
  }
}
