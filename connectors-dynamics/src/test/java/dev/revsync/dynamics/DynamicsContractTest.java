package dev.revsync.dynamics;

import dev.revsync.testkit.ConnectorContractTest;
import dev.revsync.testkit.ContractFixture;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Nested;

/**
 * The testkit's connector contract, for a table with change tracking and for one pulled by its
 * modifiedon cursor.
 */
class DynamicsContractTest {

  @Nested
  @DisplayName("change tracking: contacts, with deletes")
  class ChangeTracking extends ConnectorContractTest {
    @Override
    protected ContractFixture fixture() {
      return DynamicsFixture.tracked();
    }
  }

  @Nested
  @DisplayName("modifiedon cursor: the custom table new_project")
  class ModifiedOnCursor extends ConnectorContractTest {
    @Override
    protected ContractFixture fixture() {
      return DynamicsFixture.byModifiedOn();
    }
  }
}
