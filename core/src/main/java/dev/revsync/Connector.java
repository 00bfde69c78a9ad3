package dev.revsync;

/**
 * One live connection to one customer's account in one system. Open it with
 * {@link Connectors#open(String, ConnectionConfig)}, close it when done.
 *
 * <p>Every API call it makes counts against the config's {@link QuotaPolicy}. Implementations are
 * thread-safe: syncs of different objects may run concurrently on one connector.
 */
public interface Connector extends AutoCloseable {

  ConnectorDescriptor descriptor();

  /**
   * Logs in and checks the connection: who we are, what we may do, how much of the system's own
   * allowance is left.
   *
   * @throws AuthenticationException when the credentials are refused
   * @throws PermissionException when the user lacks API access
   */
  VerifyResult verify();

  /** The objects this connection can read and write, with their fields and cursor field. */
  Catalog discover();

  /** One object's schema. The default discovers everything; connectors override it to describe one. */
  default ObjectSchema describe(String object) {
    return discover().object(object).orElseThrow(() -> new VendorApiException(
        descriptor().id(), "describe " + object, 0, "NOT_FOUND", "no object named '" + object + "'",
        "Check the object name against discover()"));
  }

  /**
   * Pulls one object into {@code sink}. Stopping for the budget, the deadline or a cancel is a
   * normal result with a checkpoint, not an exception; so is a failure after retries
   * ({@link SyncResult.Status#FAILED}). Only a bad request (unknown object, configuration) throws.
   */
  SyncResult sync(SyncRequest request, RecordSink sink);

  /**
   * Writes enrichment fields or scores back. Each item gets an outcome; items a budget stopped are
   * returned as {@link WriteResult#backlog()}, not as failures.
   */
  WriteResult write(WriteRequest request);

  /** Calls spent today, by activity and API style, and the budget left. */
  Usage usage();

  /** Releases this connection's resources. Does not throw. */
  @Override
  void close();
}
