package dev.revsync.marketo;

import dev.revsync.testkit.ConnectorContractTest;
import dev.revsync.testkit.ContractFixture;

/** The contract suite against the Marketo simulator, with every capability on. */
class MarketoContractTest extends ConnectorContractTest {
  @Override
  protected ContractFixture fixture() {
    return new MarketoFixture();
  }
}
