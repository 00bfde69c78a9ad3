package dev.revsync.dynamics;

import static dev.revsync.dynamics.DynamicsConfig.SYSTEM;

import dev.revsync.Activity;
import dev.revsync.Catalog;
import dev.revsync.ConnectionConfig;
import dev.revsync.ObjectSchema;
import dev.revsync.RecordSink;
import dev.revsync.SyncRequest;
import dev.revsync.SyncResult;
import dev.revsync.VerifyResult;
import dev.revsync.WriteRequest;
import dev.revsync.WriteResult;
import dev.revsync.spi.CallMeter;
import dev.revsync.spi.Json;
import dev.revsync.spi.RestConnector;
import dev.revsync.spi.Transport;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import okhttp3.HttpUrl;

/**
 * One connection to a Dynamics 365 / Dataverse environment. Every call goes through revsync's
 * {@link Transport} (quota, the 52-request concurrency cap, Entra token refresh, 429 {@code
 * Retry-After} waits), with the OData headers every Web API call carries set once on the transport.
 * Thread-safe.
 */
final class DynamicsConnector extends RestConnector {
  private final DynamicsConfig config;
  private final DynamicsErrors errors;
  private final DynamicsRestClient client;
  private final DynamicsSync sync;
  private final DynamicsWrite write;

  private DynamicsConnector(Transport transport, DynamicsConfig config, DynamicsErrors errors) {
    super(transport, config.environment());
    this.config = config;
    this.errors = errors;
    this.client = new DynamicsRestClient(config, transport);
    this.sync = new DynamicsSync(config, client, transport, errors);
    this.write = new DynamicsWrite(config, client, transport, errors);
  }

  /** Opens a connection; validates the configuration without I/O. */
  static DynamicsConnector open(ConnectionConfig connection) {
    DynamicsConfig config = DynamicsConfig.from(connection);
    DynamicsErrors errors = new DynamicsErrors();
    Transport transport =
        Transport.builder(DynamicsConfig.DESCRIPTOR, connection)
            .tokenProvider(new DynamicsAuth(config))
            .classifier(errors)
            // what every Web API client sends (protocol notes §12); the token endpoint gets none of
            // it
            .header("OData-MaxVersion", "4.0")
            .header("OData-Version", "4.0")
            .header("Accept", "application/json")
            .build();
    return new DynamicsConnector(transport, config, errors);
  }

  /**
   * The token, WhoAmI and RetrieveVersion: three calls. Dataverse puts the day's Power Platform
   * entitlement on no response, so the configured one is reported as the system's daily limit.
   */
  @Override
  public VerifyResult verify() {
    try (CallMeter.Operation calls = transport.startOperation()) {
      HttpUrl root = client.serviceRoot();
      Map<String, Object> who =
          client.get(
              Activity.LOGIN,
              root.newBuilder().addPathSegment("WhoAmI").build(),
              null,
              response -> Json.readObject(response.body().source(), SYSTEM, "GET WhoAmI"));
      Map<String, Object> version =
          client.get(
              Activity.LOGIN,
              root.newBuilder().addPathSegment("RetrieveVersion").build(),
              null,
              response -> Json.readObject(response.body().source(), SYSTEM, "GET RetrieveVersion"));
      Map<String, String> details = new LinkedHashMap<>();
      details.put("businessUnitId", String.valueOf(who.get("BusinessUnitId")));
      details.put("version", String.valueOf(version.get("Version")));
      details.put("apiVersion", config.apiVersion());
      if (errors.burstRemaining() >= 0)
        details.put("requestsLeftIn5Minutes", Long.toString(errors.burstRemaining()));
      if (errors.timeRemainingMillis() >= 0) {
        details.put(
            "executionSecondsLeftIn5Minutes", Long.toString(errors.timeRemainingMillis() / 1000));
      }
      return VerifyResult.builder(SYSTEM)
          .organizationId(String.valueOf(who.get("OrganizationId")))
          .user(String.valueOf(who.get("UserId")))
          .baseUrl(baseUrl.toString())
          .permissions(List.of("application user"))
          .systemDailyLimit(config.dailyEntitlement())
          .details(details)
          .callsSpent(calls.calls())
          .build();
    }
  }

  /** The known tables and custom tables with their columns, in one metadata call. */
  @Override
  public Catalog discover() {
    List<ObjectSchema> objects = new ArrayList<>();
    for (TableInfo t : client.tables(Activity.SYNC)) objects.add(schema(t));
    return Catalog.of(SYSTEM, objects);
  }

  /** One table's definition: one metadata call, cached for the connection's life. */
  @Override
  public ObjectSchema describe(String object) {
    return schema(client.table(object, Activity.SYNC));
  }

  private static ObjectSchema schema(TableInfo t) {
    return ObjectSchema.builder(t.logicalName())
        .label(t.entitySetName())
        .fields(RecordMapping.fields(t))
        .cursorField(RecordMapping.MODIFIED_ON)
        .deletes(
            t.changeTracking()
                ? "change tracking: $deletedEntity rows become deleted records"
                : "not visible (change tracking is off for this table)")
        .build();
  }

  /**
   * Any table the environment has, custom ones included, so the descriptor's list is not enforced
   * here.
   */
  @Override
  public SyncResult sync(SyncRequest request, RecordSink sink) {
    return sync.sync(request, sink);
  }

  @Override
  public WriteResult write(WriteRequest request) {
    return write.write(request);
  }
}
