/**
 * The contract every revsync connector keeps, shipped as a normal jar: {@link
 * dev.revsync.testkit.ConnectorContractTest} is the JUnit 5 suite a connector's test extends with a
 * {@link dev.revsync.testkit.ContractFixture} for its simulator, and {@link
 * dev.revsync.testkit.Capabilities} declares what the connector supports instead of a list of
 * skipped tests. A host's own connector runs the same suite.
 */
package dev.revsync.testkit;
