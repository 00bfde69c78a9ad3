package dev.revsync.salesforce;

import dev.revsync.testkit.ConnectorContractTest;
import dev.revsync.testkit.ContractFixture;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Nested;

/**
 * The testkit's connector contract, for an object REST pulls in pages and for one a Bulk API 2.0
 * job pulls.
 */
class SalesforceContractTest {

  @Nested
  @DisplayName("REST-sized: query pages of 2,000")
  class RestSized extends ConnectorContractTest {
    @Override
    protected ContractFixture fixture() {
      return SalesforceFixture.restSized();
    }
  }

  @Nested
  @DisplayName("BULK-sized: a Bulk API 2.0 query job")
  class BulkSized extends ConnectorContractTest {
    @Override
    protected ContractFixture fixture() {
      return SalesforceFixture.bulkSized();
    }
  }
}
