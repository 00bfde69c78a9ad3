package dev.revsync.hubspot;

import dev.revsync.ConnectionConfig;
import dev.revsync.simulators.Simulator;
import dev.revsync.testkit.Capabilities;
import dev.revsync.testkit.ConnectorContractTest;
import dev.revsync.testkit.ContractFixture;

/**
 * hubspot-crm through an OAuth public app keeps the contract too: tokens expire and are refreshed,
 * and (as HubSpot omits the daily headers on OAuth calls) the portal's daily limit is met as a 429
 * {@code DAILY} rather than seen coming.
 */
class HubSpotCrmOAuthContractTest extends ConnectorContractTest {
  @Override
  protected ContractFixture fixture() {
    return new HubSpotCrmFixture() {
      @Override
      public ConnectionConfig.Builder config(Simulator simulator) {
        return HubSpotFixtures.oauthConfig(provider().descriptor(), simulator);
      }

      /** One token request, the properties API, then one list page per 100 records. */
      @Override
      public long minimumCalls(long records) {
        return 1 + super.minimumCalls(records);
      }

      @Override
      public Capabilities capabilities() {
        return Capabilities.builder()
            .deletes(true)
            .writes(true)
            .systemUsage(false)
            .tokenExpiry(true)
            .build();
      }
    };
  }
}
