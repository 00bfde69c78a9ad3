package dev.revsync.pardot;

import dev.revsync.testkit.ConnectorContractTest;
import dev.revsync.testkit.ContractFixture;

/** The contract suite against the Pardot simulator: every capability on. */
class PardotContractTest extends ConnectorContractTest {
  @Override
  protected ContractFixture fixture() {
    return PardotFixture.restSized();
  }
}
