package dev.revsync.dynamics;

import dev.revsync.Activity;
import dev.revsync.Catalog;
import dev.revsync.ConnectionConfig;
import dev.revsync.Connector;
import dev.revsync.ConnectorDescriptor;
import dev.revsync.ObjectSchema;
import dev.revsync.RecordSink;
import dev.revsync.SyncRequest;
import dev.revsync.SyncResult;
import dev.revsync.Usage;
import dev.revsync.VerifyResult;
import dev.revsync.WriteRequest;
import dev.revsync.WriteResult;
import dev.revsync.spi.Json;
import dev.revsync.spi.Transport;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.OptionalLong;
import okhttp3.HttpUrl;

/**
 * One connection to a Dynamics 365 / Dataverse environment. Every call goes through revsync's
 * {@link Transport} (quota, the 52-request concurrency cap, Entra token refresh, 429
 * {@code Retry-After} waits). Thread-safe.
 */
final class DynamicsConnector implements Connector {
  private final ConnectionConfig connection;
  private final DynamicsConfig config;
  private final DynamicsErrors errors = new DynamicsErrors();
  private final Transport transport;
  private final DynamicsRestClient client;
  private final DynamicsSync sync;
  private final DynamicsWrite write;

  DynamicsConnector(ConnectionConfig connection) {
    this.connection = connection;
    this.config = DynamicsConfig.of(connection);
    this.transport = Transport.builder(DynamicsConfig.DESCRIPTOR, connection)
        .tokenProvider(new DynamicsAuth(config))
        .classifier(errors)
        .build();
    this.client = new DynamicsRestClient(config, transport);
    this.sync = new DynamicsSync(config, client, transport, connection.clock(), errors);
    this.write = new DynamicsWrite(config, client, transport, errors);
  }

  @Override
  public ConnectorDescriptor descriptor() {
    return DynamicsConfig.DESCRIPTOR;
  }

  /** The token, WhoAmI and RetrieveVersion: three calls. */
  @Override
  public VerifyResult verify() {
    long before = transport.callsMade();
    HttpUrl root = client.serviceRoot();
    Map<String, Object> who = client.get(Activity.LOGIN, root.newBuilder().addPathSegment("WhoAmI").build(), null,
        response -> Json.readObject(response.body().source(), DynamicsConfig.SYSTEM, "GET WhoAmI"));
    Map<String, Object> version = client.get(Activity.LOGIN, root.newBuilder().addPathSegment("RetrieveVersion").build(),
        null, response -> Json.readObject(response.body().source(), DynamicsConfig.SYSTEM, "GET RetrieveVersion"));
    Map<String, String> details = new LinkedHashMap<>();
    details.put("businessUnitId", String.valueOf(who.get("BusinessUnitId")));
    details.put("version", String.valueOf(version.get("Version")));
    details.put("apiVersion", root.pathSegments().get(2));
    if (errors.burstRemaining() >= 0) details.put("requestsLeftIn5Minutes", Long.toString(errors.burstRemaining()));
    if (errors.timeRemainingMillis() >= 0) {
      details.put("executionSecondsLeftIn5Minutes", Long.toString(errors.timeRemainingMillis() / 1000));
    }
    List<String> permissions = new ArrayList<>();
    permissions.add("application user");
    OptionalLong entitlement = config.dailyEntitlement();
    return VerifyResult.builder(DynamicsConfig.SYSTEM).organizationId(String.valueOf(who.get("OrganizationId")))
        .user(String.valueOf(who.get("UserId"))).baseUrl(config.environment().toString()).permissions(permissions)
        .systemDailyLimit(entitlement).details(details).callsSpent(transport.callsMade() - before).build();
  }

  /** The known tables and custom tables with their columns, in one metadata call. */
  @Override
  public Catalog discover() {
    List<ObjectSchema> objects = new ArrayList<>();
    for (TableInfo t : client.tables(Activity.SYNC)) {
      objects.add(ObjectSchema.builder(t.logicalName()).label(t.entitySetName()).fields(RecordMapping.fields(t))
          .cursorField(RecordMapping.MODIFIED_ON).deletes(t.changeTracking()
              ? "change tracking: $deletedEntity rows become deleted records"
              : "not visible (change tracking is off for this table)").build());
    }
    return Catalog.of(DynamicsConfig.SYSTEM, objects);
  }

  @Override
  public SyncResult sync(SyncRequest request, RecordSink sink) {
    return sync.sync(request, sink);
  }

  @Override
  public WriteResult write(WriteRequest request) {
    return write.write(request);
  }

  @Override
  public Usage usage() {
    return transport.usage();
  }

  @Override
  public void close() {
    transport.close();
  }

  @Override
  public String toString() {
    return "DynamicsConnector{" + connection.connectionId() + " " + config.environment() + "}";
  }
}
