package dev.revsync.hubspot;

import dev.revsync.ConnectionConfig;
import dev.revsync.Connector;
import dev.revsync.ConnectorDescriptor;
import dev.revsync.ConnectorProvider;

/**
 * The {@code hubspot-crm} connector: contacts, companies, deals, tickets, line items, engagements
 * and custom objects of a HubSpot portal, with enrichment and score export through batch
 * update/upsert. Settings: {@code privateAppToken}, or {@code clientId}, {@code clientSecret} and
 * {@code refreshToken}; optionally {@code portalId}, {@code burstLimit} and the rest listed in
 * the descriptor. Stateless and thread-safe.
 */
public final class HubSpotCrmConnectorProvider implements ConnectorProvider {
  @Override
  public ConnectorDescriptor descriptor() {
    return HubSpotConfig.CRM_DESCRIPTOR;
  }

  @Override
  public Connector open(ConnectionConfig config) {
    return new HubSpotConnector(HubSpotConfig.of(HubSpotConfig.CRM_DESCRIPTOR, config));
  }
}
