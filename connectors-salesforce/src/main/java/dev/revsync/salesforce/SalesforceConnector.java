package dev.revsync.salesforce;

import static dev.revsync.salesforce.SalesforceConfig.SYSTEM;

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
import dev.revsync.VendorApiException;
import dev.revsync.VerifyResult;
import dev.revsync.WriteRequest;
import dev.revsync.WriteResult;
import dev.revsync.spi.AccessToken;
import dev.revsync.spi.CallMeter;
import dev.revsync.spi.SystemUsage;
import dev.revsync.spi.Transport;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.OptionalLong;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

/**
 * One connection to one Salesforce org: REST for verify, discovery and query pages, Bulk API 2.0
 * query jobs for large pulls, the SOAP partner API for writes. Thread-safe: syncs of different
 * objects may run at once; describes are cached for the connection's life.
 */
final class SalesforceConnector implements Connector {
  private final ConnectionConfig connection;
  private final SalesforceConfig config;
  private final SalesforceErrors errors = new SalesforceErrors();
  private final Transport transport;
  private final SalesforceRestClient rest;
  private final SalesforceBulkClient bulk;
  private final SalesforceWrite writes;
  private final Map<String, ObjectSchema> describes = new ConcurrentHashMap<>();

  /** Opens a connection; validates the configuration without I/O. */
  static SalesforceConnector open(ConnectionConfig connection) {
    return new SalesforceConnector(connection);
  }

  private SalesforceConnector(ConnectionConfig connection) {
    this.connection = connection;
    this.config = SalesforceConfig.from(connection);
    this.transport =
        Transport.builder(SalesforceConfig.DESCRIPTOR, connection)
            .tokenProvider(new SalesforceAuth(config))
            .classifier(errors)
            .usage(SalesforceErrors.LIMIT_INFO)
            .build();
    this.rest = new SalesforceRestClient(transport, config);
    this.bulk = new SalesforceBulkClient(transport, rest);
    this.writes = new SalesforceWrite(transport, new SalesforceSoapClient(transport, rest, config));
  }

  @Override
  public ConnectorDescriptor descriptor() {
    return SalesforceConfig.DESCRIPTOR;
  }

  /** Token, then limits: two calls. Org and user come from the token's identity URL. */
  @Override
  public VerifyResult verify() {
    try (CallMeter.Operation calls = transport.startOperation()) {
      return verify(calls);
    }
  }

  private VerifyResult verify(CallMeter.Operation calls) {
    AccessToken token = transport.token(Activity.LOGIN);
    Map<String, long[]> limits = rest.limits(Activity.LOGIN);
    long[] daily = limits.get("DailyApiRequests");
    OptionalLong max = daily != null ? OptionalLong.of(daily[0]) : OptionalLong.empty();
    OptionalLong remaining = daily != null ? OptionalLong.of(daily[1]) : OptionalLong.empty();
    if (daily == null && transport.systemUsage().isPresent()) {
      SystemUsage usage = transport.systemUsage().get(); // from Sforce-Limit-Info
      max = usage.limit();
      remaining = OptionalLong.of(usage.remaining());
    }
    Map<String, String> details = new LinkedHashMap<>();
    details.put("authFlow", config.authFlow().key);
    details.put("apiVersion", config.apiVersion());
    if (token.attribute(SalesforceAuth.USER_ID) != null)
      details.put("userId", token.attribute(SalesforceAuth.USER_ID));
    if (token.attribute(SalesforceAuth.IDENTITY_URL) != null) {
      details.put("identityUrl", token.attribute(SalesforceAuth.IDENTITY_URL));
    }
    for (String name :
        List.of("DailyBulkV2QueryJobs", "DailyBulkApiBatches", "DailyBulkV2QueryFileStorageMB")) {
      long[] l = limits.get(name);
      if (l != null) details.put(name, l[1] + "/" + l[0] + " remaining");
    }
    String scope = token.attribute(SalesforceAuth.SCOPE);
    List<String> permissions =
        scope == null ? List.of() : Arrays.asList(scope.trim().split("\\s+"));
    String user =
        config.username() != null ? config.username() : token.attribute(SalesforceAuth.USER_ID);
    return VerifyResult.builder(SYSTEM)
        .organizationId(token.attribute(SalesforceAuth.ORG_ID))
        .user(user)
        .baseUrl(rest.instanceUrl(Activity.LOGIN))
        .permissions(permissions)
        .systemDailyLimit(max)
        .systemRemaining(remaining)
        .details(details)
        .callsSpent(calls.calls())
        .build();
  }

  /**
   * describeGlobal, then a describe of each object this connector knows ({@link
   * ConnectorDescriptor#objects()}) that the org has: about ten calls. The org's other syncable
   * objects ({@code queryable && replicateable && !deprecatedAndHidden}; hundreds in a real org)
   * are listed without fields and described on demand by {@link #describe(String)}; objects already
   * described carry theirs.
   */
  @Override
  public Catalog discover() {
    List<ObjectSchema> objects = new ArrayList<>();
    Set<String> known = new HashSet<>();
    descriptor().objects().forEach(o -> known.add(o.toLowerCase(Locale.ROOT)));
    for (SalesforceRestClient.GlobalObject o : rest.describeGlobal(Activity.SYNC)) {
      if (!o.syncable()) continue;
      String key = o.name().toLowerCase(Locale.ROOT);
      ObjectSchema described = describes.get(key);
      if (described == null && known.contains(key)) described = describe(o.name());
      objects.add(
          described != null
              ? described
              // Replicable objects carry SystemModstamp and IsDeleted.
              : ObjectSchema.builder(o.name())
                  .label(o.label())
                  .cursorField(RecordMapping.CURSOR_FIELDS.get(0))
                  .deletes(RecordMapping.QUERY_ALL_DELETES)
                  .build());
    }
    return Catalog.of(SYSTEM, objects);
  }

  /** {@code GET …/sobjects/{name}/describe}, cached for the connection's life. */
  @Override
  public ObjectSchema describe(String object) {
    String key = Soql.name(object).toLowerCase(Locale.ROOT);
    ObjectSchema cached = describes.get(key);
    if (cached != null) return cached;
    ObjectSchema schema;
    try {
      schema = rest.describe(Activity.SYNC, object);
    } catch (VendorApiException e) {
      if (e.httpStatus() == 404
          || "NOT_FOUND".equals(e.vendorCode())
          || "INVALID_TYPE".equals(e.vendorCode())) {
        throw new VendorApiException(
            SYSTEM,
            "describe " + object,
            e.httpStatus(),
            "NOT_FOUND",
            "no object named '" + object + "' in this org, or the integration user cannot see it",
            "Check the object name against discover() and the user's object permissions");
      }
      throw e;
    }
    describes.put(key, schema);
    return schema;
  }

  @Override
  public SyncResult sync(SyncRequest request, RecordSink sink) {
    return new SalesforceSync(this, config, rest, bulk, transport, connection.clock())
        .run(request, sink);
  }

  @Override
  public WriteResult write(WriteRequest request) {
    return writes.write(request);
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
    return "SalesforceConnector{" + connection.connectionId() + " " + config + "}";
  }
}
