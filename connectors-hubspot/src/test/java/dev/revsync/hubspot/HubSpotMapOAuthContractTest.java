package dev.revsync.hubspot;

import dev.revsync.ConnectionConfig;
import dev.revsync.simulators.Simulator;
import dev.revsync.testkit.Capabilities;
import dev.revsync.testkit.ConnectorContractTest;
import dev.revsync.testkit.ContractFixture;

/** hubspot-map through an OAuth public app: expiring tokens are refreshed mid-sync. */
class HubSpotMapOAuthContractTest extends ConnectorContractTest {
  @Override
  protected ContractFixture fixture() {
    return new HubSpotMapFixture() {
      @Override
      public ConnectionConfig.Builder config(Simulator simulator) {
        return HubSpotFixtures.oauthConfig(provider().descriptor(), simulator);
      }

      /** One token request, then one page per 100 emails. */
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
