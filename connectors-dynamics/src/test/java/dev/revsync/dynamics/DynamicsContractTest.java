package dev.revsync.dynamics;

import dev.revsync.testkit.ConnectorContractTest;
import dev.revsync.testkit.ContractFixture;

/** The testkit's connector contract against the Dynamics simulator's contact table (change tracking, $batch writes). */
class DynamicsContractTest extends ConnectorContractTest {
  @Override
  protected ContractFixture fixture() {
    return new DynamicsFixture();
  }
}
