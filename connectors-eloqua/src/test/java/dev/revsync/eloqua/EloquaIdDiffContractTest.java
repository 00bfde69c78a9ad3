package dev.revsync.eloqua;

import dev.revsync.testkit.ConnectorContractTest;
import dev.revsync.testkit.ContractFixture;

/**
 * The connector contract again with {@code idDiffDeletes=true}: deletions surface as tombstones.
 */
class EloquaIdDiffContractTest extends ConnectorContractTest {
  @Override
  protected ContractFixture fixture() {
    return new EloquaFixture(true);
  }
}
