package dev.revsync.testkit;

import dev.revsync.ConnectionConfig;
import dev.revsync.ConnectorDescriptor;
import dev.revsync.ConnectorProvider;
import dev.revsync.Record;
import dev.revsync.SyncRequest;
import dev.revsync.simulators.ObjectTable;
import dev.revsync.simulators.SimRecord;
import dev.revsync.simulators.SimulatedClock;
import dev.revsync.simulators.Simulator;
import java.util.Map;

/**
 * What a connector's contract test supplies to {@link ConnectorContractTest}: the provider, its
 * simulator, how to connect, which object to sync, how simulator records look as revsync {@link
 * Record}s, how to change records while a sync runs, the fewest calls the API allows, and what the
 * connector can do ({@link Capabilities}).
 *
 * <p>The suite calls {@link #startSimulator} for every test and closes the simulator after it.
 */
public interface ContractFixture {

  ConnectorProvider provider();

  /**
   * Starts the system's simulator on {@code clock} holding {@code records} generated records of
   * {@link #object()}; the suite owns the clock (and may move it forward past the generated
   * modification times).
   */
  Simulator startSimulator(SimulatedClock clock, long records);

  /** The object the suite syncs, as the connector names it. */
  String object();

  /** The simulator table holding {@link #object()}'s records. */
  default ObjectTable table(Simulator simulator) {
    return simulator.store().table(object());
  }

  /** Records per page the connector asks for (the API's maximum). */
  int pageSize();

  /**
   * How many records the suite generates: a few pages and a partial one, so paging is exercised.
   */
  default long recordCount() {
    return 3L * pageSize() + 17;
  }

  /**
   * The fewest calls the API allows for a full sync of {@code records} records, authentication
   * included (for example one token request plus one call per page).
   */
  long minimumCalls(long records);

  /** Calls a sync may spend above {@link #minimumCalls(long)} (a describe, a usage check). */
  default long callSlack() {
    return 2;
  }

  /**
   * A fragment of the paths that fetch records, where mid-sync faults are aimed ("" for any call).
   */
  default String dataPathFragment() {
    return "";
  }

  /**
   * The record the connector should hand over for {@code record}: same id, modification time and
   * field values in revsync's types. Tombstones ({@link SimRecord#deleted()}) are compared by id
   * and deleted flag only.
   */
  Record expected(SimRecord record);

  /**
   * A change to {@code record}'s fields, different for each {@code serial}, in the simulator's
   * types.
   */
  Map<String, ?> modification(SimRecord record, int serial);

  /** The fields of a new record, different for each {@code serial}, in the simulator's types. */
  Map<String, ?> newRecord(int serial);

  /**
   * Settings with valid credentials for {@code simulator}: by default every entry of {@link
   * Simulator#connectionSettings()}, as a secret where the descriptor's config key is secret,
   * {@code baseUrl} as the base URL. The suite adds the clock and the quota policy.
   */
  default ConnectionConfig.Builder config(Simulator simulator) {
    ConnectorDescriptor descriptor = provider().descriptor();
    return simulator.connectionConfig("contract-test/" + descriptor.id(), descriptor);
  }

  /**
   * Settings whose credentials the system refuses: by default {@link #config} with every secret
   * altered.
   */
  default ConnectionConfig.Builder badCredentials(Simulator simulator) {
    ConnectionConfig good = config(simulator).build();
    ConnectionConfig.Builder b = good.newBuilder();
    for (String key : good.secretKeys()) b.secret(key, "wrong-" + good.secret(key).orElse(""));
    return b;
  }

  /**
   * Lowers the simulator's own daily API allowance (the system's quota, not the host's budget) to
   * {@code calls}; returns false if the simulator has none, which skips the system-quota check.
   */
  default boolean limitSystemDailyCalls(Simulator simulator, long calls) {
    return false;
  }

  /**
   * How many calls {@code simulator} refused because their token had expired: by default the HTTP
   * 401s in its request log. Systems that refuse an expired token inside a 200 envelope (Marketo's
   * 602) count their own.
   */
  default int expiredTokenRefusals(Simulator simulator) {
    return simulator.requestLog().count(e -> e.status() == 401);
  }

  /** Where the write round trip writes; required when {@link Capabilities#writes()}. */
  default WriteTarget writeTarget() {
    return null;
  }

  /**
   * Makes {@code request} pull through a server-side job, for the parking test of a connector whose
   * descriptor declares {@link dev.revsync.ConnectorDescriptor#maxConcurrentJobs()} above 0 (for
   * example a style option). By default the request as it is.
   */
  default SyncRequest.Builder jobRequest(SyncRequest.Builder request) {
    return request;
  }

  Capabilities capabilities();
}
