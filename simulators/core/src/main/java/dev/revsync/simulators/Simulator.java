package dev.revsync.simulators;

import java.util.Map;

/**
 * A running simulator of one system: its server, data, faults and request log. Every system's
 * simulator implements it so the CLI's sandbox, benchmarks and tests treat them alike; extending
 * {@link AbstractSimulator} gives all but the system's handler and settings. Implementations are
 * thread-safe: tests change data and faults while connectors call the server.
 */
public interface Simulator extends AutoCloseable {
  /** The connector id it simulates, such as {@code salesforce}. */
  String system();

  /** Where it listens: {@code http://127.0.0.1:<port>}. */
  String baseUrl();

  /** Every request served, with secrets masked. */
  RequestLog requestLog();

  /** The faults to inject into coming requests. */
  FaultPlan faults();

  /** The simulated account's data. */
  RecordStore store();

  /**
   * The connection settings a connector needs to reach this simulator with valid credentials:
   * {@code baseUrl} plus the connector's config keys (secrets included — test values only).
   */
  Map<String, String> connectionSettings();

  @Override
  void close();
}
