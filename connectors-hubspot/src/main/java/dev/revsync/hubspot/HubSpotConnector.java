package dev.revsync.hubspot;

import dev.revsync.Activity;
import dev.revsync.Catalog;
import dev.revsync.ConfigurationException;
import dev.revsync.ConnectionConfig;
import dev.revsync.ConnectorDescriptor;
import dev.revsync.FieldSchema;
import dev.revsync.FieldType;
import dev.revsync.ObjectSchema;
import dev.revsync.PermissionException;
import dev.revsync.RecordSink;
import dev.revsync.SyncRequest;
import dev.revsync.SyncResult;
import dev.revsync.VerifyResult;
import dev.revsync.WriteRequest;
import dev.revsync.WriteResult;
import dev.revsync.spi.AccessToken;
import dev.revsync.spi.CallMeter;
import dev.revsync.spi.Json;
import dev.revsync.spi.RestConnector;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import okhttp3.HttpUrl;

/**
 * One connection to a HubSpot portal, as {@code hubspot-crm} or {@code hubspot-map}. Every call
 * goes through one transport whose rate limiter is shared with every other connection to the same
 * portal in this process. verify() counts against LOGIN, discovery and pulls against SYNC, writes
 * against the request's activity. Thread-safe.
 */
final class HubSpotConnector extends RestConnector {
  private final HubSpotConfig config;
  private final HubSpotRestClient client;

  private HubSpotConnector(HubSpotConfig config, HubSpotRestClient client) {
    super(client.transport, config.baseUrl);
    this.config = config;
    this.client = client;
  }

  /** Opens a connection as {@code descriptor}'s connector; validates the settings without I/O. */
  static HubSpotConnector open(ConnectorDescriptor descriptor, ConnectionConfig connection) {
    HubSpotConfig config = HubSpotConfig.of(descriptor, connection);
    return new HubSpotConnector(config, new HubSpotRestClient(config));
  }

  /**
   * Account details (portal id, account type, time zone; the daily limit from the private-app
   * headers), the token's scopes (from the OAuth token response), and one scoped probe so a missing
   * scope fails here, naming it, instead of in tonight's sync.
   */
  @Override
  public VerifyResult verify() {
    try (CallMeter.Operation calls = transport.startOperation()) {
      String system = config.descriptor.id();
      HttpUrl details = config.url("/account-info/v3/details").build();
      Map<String, Object> account =
          client.get(
              Activity.LOGIN,
              details,
              response ->
                  Json.readObject(
                      response.body().source(), system, HubSpotRestClient.call("GET", details)));
      List<String> scopes = new ArrayList<>();
      String user = "private app";
      if (config.isOAuth()) {
        // the token response lists the scopes; HubSpot's introspection call would put the token in
        // a URL
        AccessToken token = transport.token(Activity.LOGIN);
        String granted = token.attribute("scopes");
        if (granted != null) for (String s : granted.split(" ")) if (!s.isBlank()) scopes.add(s);
        user =
            token.attribute("user_id") != null ? "user " + token.attribute("user_id") : "oauth app";
      }
      HttpUrl probe =
          (config.isCrm()
                  ? config.url("/crm/v3/objects/contacts")
                  : config.url("/marketing/v3/emails"))
              .addQueryParameter("limit", "1")
              .build();
      client.get(Activity.LOGIN, probe, response -> null);
      String required = config.isCrm() ? "crm.objects.contacts.read" : "content";
      if (config.isOAuth() && !scopes.isEmpty() && !scopes.contains(required)) {
        throw new PermissionException(
            system,
            "verify",
            "the token lacks the scope " + required,
            "Have the customer grant " + required + " to the app",
            null);
      }
      Map<String, String> facts = new LinkedHashMap<>();
      for (String k :
          List.of(
              "accountType", "timeZone", "companyCurrency", "uiDomain", "dataHostingLocation")) {
        if (account.get(k) != null) facts.put(k, account.get(k).toString());
      }
      facts.put("auth", config.isOAuth() ? "oauth" : "private app");
      // the daily limit and what is left come from the headers of both calls, read by the usage
      // reader
      return verified(RecordMapping.string(account.get("portalId")), user, scopes, facts, calls);
    }
  }

  @Override
  public Catalog discover() {
    List<ObjectSchema> objects = new ArrayList<>();
    if (config.isCrm()) {
      for (String type : HubSpotConfig.CRM_OBJECTS) {
        Map<String, RecordMapping.Prop> props = HubSpotProperties.load(client, type, Activity.SYNC);
        objects.add(crmSchema(type, type, props));
      }
      objects.addAll(customObjects());
    } else {
      objects.addAll(MarketingSchemas.all());
    }
    return Catalog.of(config.descriptor.id(), objects);
  }

  /** One object: a single properties call for a CRM object, no call for a marketing one. */
  @Override
  public ObjectSchema describe(String object) {
    if (!config.isCrm()) {
      return MarketingSchemas.all().stream()
          .filter(o -> o.name().equals(object))
          .findFirst()
          .orElseThrow(
              () ->
                  new ConfigurationException(
                      config.descriptor.id(),
                      "describe " + object,
                      "hubspot-map has no object '" + object + "'",
                      "Use one of " + HubSpotConfig.MAP_OBJECTS,
                      null));
    }
    return crmSchema(object, object, HubSpotProperties.load(client, object, Activity.SYNC));
  }

  private static ObjectSchema crmSchema(
      String name, String label, Map<String, RecordMapping.Prop> props) {
    List<FieldSchema> fields = new ArrayList<>();
    for (RecordMapping.Prop p : props.values()) fields.add(p.schema());
    return ObjectSchema.builder(name)
        .label(label)
        .fields(fields)
        .cursorField(HubSpotSync.modifiedProperty(name))
        .deletes("archived records, listed with archived=true, arrive as tombstones")
        .build();
  }

  /** Custom objects from {@code /crm/v3/schemas}; none when the token may not read schemas. */
  private List<ObjectSchema> customObjects() {
    List<ObjectSchema> out = new ArrayList<>();
    HttpUrl url = config.url("/crm/v3/schemas").build();
    try {
      client.get(
          Activity.SYNC,
          url,
          response ->
              Json.readPage(
                  response.body().source(),
                  "results",
                  schema -> {
                    Map<String, RecordMapping.Prop> props = new LinkedHashMap<>();
                    if (schema.get("properties") instanceof List<?> list) {
                      for (Object o : list) {
                        if (o instanceof Map<?, ?> p && p.get("name") != null) {
                          RecordMapping.Prop prop = RecordMapping.Prop.of(p);
                          props.put(prop.name(), prop);
                        }
                      }
                    }
                    String id = RecordMapping.string(schema.get("objectTypeId"));
                    String label =
                        schema.get("labels") instanceof Map<?, ?> l && l.get("plural") != null
                            ? l.get("plural").toString()
                            : id;
                    out.add(crmSchema(id, label, props));
                  },
                  config.descriptor.id(),
                  HubSpotRestClient.call("GET", url)));
    } catch (PermissionException noSchemaScope) {
      return List.of();
    }
    return out;
  }

  @Override
  public SyncResult sync(SyncRequest request, RecordSink sink) {
    if (config.isCrm()) return new HubSpotSync(client, request).run(sink);
    return new MarketingSync(client, request).run(sink);
  }

  @Override
  public WriteResult write(WriteRequest request) {
    return HubSpotWrite.write(client, request);
  }

  static FieldSchema field(String name, FieldType type) {
    return FieldSchema.builder(name, type).vendorType(type.name().toLowerCase(Locale.ROOT)).build();
  }
}
