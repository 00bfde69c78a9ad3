package dev.revsync.hubspot;

import dev.revsync.spi.AbstractConnectorProvider;

/**
 * The {@code hubspot-map} connector: marketing emails, email events, email and marketing campaigns,
 * forms and their submissions, lists and memberships of a HubSpot portal; writes go to contacts as
 * for {@code hubspot-crm}. Same settings as {@link HubSpotCrmConnectorProvider}. Registered for
 * {@link java.util.ServiceLoader}; hosts use {@link dev.revsync.Connectors}. Stateless and
 * thread-safe.
 */
public final class HubSpotMapConnectorProvider extends AbstractConnectorProvider {
  public HubSpotMapConnectorProvider() {
    super(
        HubSpotConfig.MAP_DESCRIPTOR,
        config -> HubSpotConnector.open(HubSpotConfig.MAP_DESCRIPTOR, config));
  }
}
