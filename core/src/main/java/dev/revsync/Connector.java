package dev.revsync;

/**
 * One live connection to one customer's account in one system. Open it with {@link
 * Connectors#open(String, ConnectionConfig)}, close it when done.
 *
 * <p>Every API call it makes counts against the config's {@link QuotaPolicy}, under the {@link
 * Activity} of the method that made it, so that {@link #usage()}, the budget's write reserve and
 * the daily report mean the same for every connector:
 *
 * <ul>
 *   <li>{@link #verify()}: {@link Activity#LOGIN};
 *   <li>{@link #discover()} and {@link #describe(String)}: {@link Activity#SYNC} — metadata is read
 *       for pulls, so it is spent from the pull's share of the budget, never from the write
 *       reserve;
 *   <li>{@link #sync(SyncRequest, RecordSink)}: {@link Activity#SYNC} (polling and downloads
 *       included);
 *   <li>{@link #write(WriteRequest)}: the request's {@link WriteRequest#activity()} ({@link
 *       Activity#ENRICHMENT} or {@link Activity#SCORE_EXPORT}), metadata it reads included;
 *   <li>token fetches: budgeted as the call that needed them (a refresh during a write may use the
 *       write reserve, one during a pull may not), and shown in {@link #usage()} under {@link
 *       Activity#LOGIN}.
 * </ul>
 *
 * <pre>{@code
 * try (Connector crm = Connectors.open("salesforce", config)) {
 *   crm.verify();                                                  // LOGIN: who we are, what is left
 *   SyncResult r = crm.sync(SyncRequest.builder("Account").checkpoint(saved).build(), sink);
 *   saved = r.checkpoint();                                        // resume here next time
 *   crm.write(WriteRequest.builder("Lead", Activity.SCORE_EXPORT)
 *       .items(List.of(WriteItem.of("00Q5e000001AbCd", Map.of("Score__c", 87)))).build());
 * }
 * }</pre>
 *
 * <p>Implementations are thread-safe: syncs of different objects may run concurrently on one
 * connector.
 */
public interface Connector extends AutoCloseable {

  ConnectorDescriptor descriptor();

  /**
   * Logs in and checks the connection: who we are, what we may do, how much of the system's own
   * allowance is left. Spends {@link Activity#LOGIN} calls.
   *
   * @throws AuthenticationException when the credentials are refused
   * @throws PermissionException when the user lacks API access
   */
  VerifyResult verify();

  /**
   * The objects this connection can read and write, with their fields and cursor field. Spends
   * {@link Activity#SYNC} calls.
   */
  Catalog discover();

  /**
   * One object's schema; spends {@link Activity#SYNC} calls. The default discovers everything;
   * connectors override it to describe one.
   */
  default ObjectSchema describe(String object) {
    return discover()
        .object(object)
        .orElseThrow(
            () ->
                new VendorApiException(
                    descriptor().id(),
                    "describe " + object,
                    0,
                    "NOT_FOUND",
                    "no object named '" + object + "'",
                    "Check the object name against discover()"));
  }

  /**
   * Pulls one object into {@code sink}. Stopping for the budget, the deadline or a cancel is a
   * normal result with a checkpoint, not an exception; so is a failure after retries ({@link
   * SyncResult.Status#FAILED}). Only a bad request (unknown object, configuration) throws.
   */
  SyncResult sync(SyncRequest request, RecordSink sink);

  /**
   * Writes enrichment fields or scores back, spending calls of the request's {@link
   * WriteRequest#activity()}. Each item gets an outcome; items a budget stopped are returned as
   * {@link WriteResult#backlog()}, not as failures.
   *
   * <p>The default is a read-only connector's ({@link ConnectorDescriptor#writes()} false): it
   * refuses every request, spending no call.
   *
   * @throws ConfigurationException when the connector does not write
   */
  default WriteResult write(WriteRequest request) {
    throw new ConfigurationException(
        descriptor().id(),
        "write " + request.object(),
        "the "
            + descriptor().displayName()
            + " connector only reads; it has no "
            + request.activity()
            + " API",
        "Send enrichment fields and scores through a connector whose descriptor says it writes",
        null);
  }

  /** Calls spent today, by activity and API style, and the budget left. */
  Usage usage();

  /** Releases this connection's resources. Does not throw. */
  @Override
  void close();
}
