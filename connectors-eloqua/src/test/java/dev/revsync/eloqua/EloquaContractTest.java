package dev.revsync.eloqua;

import dev.revsync.testkit.ConnectorContractTest;
import dev.revsync.testkit.ContractFixture;

/** The connector contract against the Eloqua simulator: contacts, no delete feed (the default). */
class EloquaContractTest extends ConnectorContractTest {
  @Override
  protected ContractFixture fixture() {
    return new EloquaFixture(false);
  }
}
