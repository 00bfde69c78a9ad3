package dev.revsync.hubspot;

import dev.revsync.spi.AbstractConnectorProvider;

/**
 * The {@code hubspot-crm} connector: contacts, companies, deals, tickets, line items, engagements
 * and custom objects of a HubSpot portal, with enrichment and score export through batch
 * update/upsert. Settings: {@code privateAppToken}, or {@code clientId}, {@code clientSecret} and
 * {@code refreshToken}; optionally {@code portalId}, {@code burstLimit} and the rest listed in the
 * descriptor. Registered for {@link java.util.ServiceLoader}; hosts use {@link
 * dev.revsync.Connectors}. Stateless and thread-safe.
 */
public final class HubSpotCrmConnectorProvider extends AbstractConnectorProvider {
  public HubSpotCrmConnectorProvider() {
    super(
        HubSpotConfig.CRM_DESCRIPTOR,
        config -> HubSpotConnector.open(HubSpotConfig.CRM_DESCRIPTOR, config));
  }
}
