package dev.revsync.testkit.example;

import dev.revsync.testkit.Capabilities;
import dev.revsync.testkit.ConnectorContractTest;
import dev.revsync.testkit.ContractFixture;

/**
 * A read-only connector keeps the same contract: the suite checks that its descriptor says so and
 * that a write is refused typed without a call; only the write round trip does not apply.
 */
class AcmeReportsContractTest extends ConnectorContractTest {

  @Override
  protected ContractFixture fixture() {
    return new AcmeFixture(
        new AcmeReportsConnectorProvider(),
        Capabilities.builder()
            .deletes(true)
            .writes(false)
            .systemUsage(true)
            .tokenExpiry(true)
            .build());
  }
}
