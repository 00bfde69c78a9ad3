/**
 * The HubSpot connectors, {@code hubspot-crm} and {@code hubspot-map}: one module, two providers
 * ({@link dev.revsync.hubspot.HubSpotCrmConnectorProvider}, {@link
 * dev.revsync.hubspot.HubSpotMapConnectorProvider}), sharing auth, limits and mapping. Everything
 * else here is package-private.
 *
 * <p>Roles: {@code HubSpotConfig} (settings, descriptors), {@code HubSpotConnector}, {@code
 * HubSpotAuth} (private-app token or OAuth refresh), {@code HubSpotErrors} (429 by {@code
 * policyName}, scopes, categories), {@code HubSpotRestClient} (the transport, shared per portal,
 * and search's per-second window), {@code HubSpotSync} (CRM list and search), {@code MarketingSync}
 * (the marketing APIs), {@code HubSpotWrite} (batch update/upsert), {@code RecordMapping} (string
 * values to typed fields).
 */
package dev.revsync.hubspot;
