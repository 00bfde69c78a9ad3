package dev.revsync.pardot;

import dev.revsync.testkit.ConnectorContractTest;
import dev.revsync.testkit.ContractFixture;

/** The contract suite with every pull of more than a page going through the v5 export API. */
class PardotExportContractTest extends ConnectorContractTest {
  @Override
  protected ContractFixture fixture() {
    return PardotFixture.exportSized();
  }
}
