package dev.revsync.hubspot;

import dev.revsync.testkit.ConnectorContractTest;
import dev.revsync.testkit.ContractFixture;

/** hubspot-map keeps revsync's connector contract on marketing emails. */
class HubSpotMapContractTest extends ConnectorContractTest {
  @Override
  protected ContractFixture fixture() {
    return new HubSpotMapFixture();
  }
}
