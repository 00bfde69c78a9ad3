package dev.revsync.hubspot;

import dev.revsync.testkit.ConnectorContractTest;
import dev.revsync.testkit.ContractFixture;

/** hubspot-crm with a private-app token keeps revsync's connector contract. */
class HubSpotCrmContractTest extends ConnectorContractTest {
  @Override
  protected ContractFixture fixture() {
    return new HubSpotCrmFixture();
  }
}
