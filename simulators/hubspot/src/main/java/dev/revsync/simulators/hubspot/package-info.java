/**
 * A simulated HubSpot portal ({@link dev.revsync.simulators.hubspot.HubSpotSimulator}) for the
 * {@code hubspot-crm} and {@code hubspot-map} connectors, with its {@code SimulatorProvider}s.
 */
package dev.revsync.simulators.hubspot;
