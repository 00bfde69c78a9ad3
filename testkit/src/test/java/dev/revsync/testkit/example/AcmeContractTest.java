package dev.revsync.testkit.example;

import dev.revsync.testkit.ConnectorContractTest;
import dev.revsync.testkit.ContractFixture;

/** The Acme CRM example connector keeps revsync's connector contract. */
class AcmeContractTest extends ConnectorContractTest {

  @Override
  protected ContractFixture fixture() {
    return new AcmeFixture();
  }
}
