package dev.revsync.hubspot;

import dev.revsync.ConnectionConfig;
import dev.revsync.Connector;
import dev.revsync.ConnectorDescriptor;
import dev.revsync.ConnectorProvider;

/**
 * The {@code hubspot-map} connector: marketing emails, email events, email and marketing
 * campaigns, forms and their submissions, lists and memberships of a HubSpot portal; writes go to
 * contacts as for {@code hubspot-crm}. Same settings as {@link HubSpotCrmConnectorProvider}.
 * Stateless and thread-safe.
 */
public final class HubSpotMapConnectorProvider implements ConnectorProvider {
  @Override
  public ConnectorDescriptor descriptor() {
    return HubSpotConfig.MAP_DESCRIPTOR;
  }

  @Override
  public Connector open(ConnectionConfig config) {
    return new HubSpotConnector(HubSpotConfig.of(HubSpotConfig.MAP_DESCRIPTOR, config));
  }
}
