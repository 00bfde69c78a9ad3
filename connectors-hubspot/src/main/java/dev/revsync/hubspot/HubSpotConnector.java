package dev.revsync.hubspot;

import dev.revsync.Activity;
import dev.revsync.Catalog;
import dev.revsync.Connector;
import dev.revsync.ConnectorDescriptor;
import dev.revsync.FieldSchema;
import dev.revsync.FieldType;
import dev.revsync.ObjectSchema;
import dev.revsync.PermissionException;
import dev.revsync.RecordSink;
import dev.revsync.SyncRequest;
import dev.revsync.SyncResult;
import dev.revsync.Usage;
import dev.revsync.VerifyResult;
import dev.revsync.WriteRequest;
import dev.revsync.WriteResult;
import dev.revsync.spi.Json;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.OptionalLong;
import okhttp3.HttpUrl;
import okhttp3.Response;

/**
 * One connection to a HubSpot portal, as {@code hubspot-crm} or {@code hubspot-map}. Every call
 * goes through one transport whose rate limiter is shared with every other connection to the same
 * portal in this process. Discovery counts against SYNC. Thread-safe.
 */
final class HubSpotConnector implements Connector {
  private final HubSpotConfig config;
  private final HubSpotRestClient client;

  HubSpotConnector(HubSpotConfig config) {
    this.config = config;
    this.client = new HubSpotRestClient(config);
  }

  @Override
  public ConnectorDescriptor descriptor() {
    return config.descriptor;
  }

  /**
   * Account details (portal id, account type, time zone, the daily limit from the private-app
   * headers), the token's scopes (from the OAuth token response), and one scoped probe so a missing scope
   * fails here, naming it, instead of in tonight's sync.
   */
  @Override
  public VerifyResult verify() {
    long before = client.transport.callsMade();
    String system = config.descriptor.id();
    long[] daily = {-1, -1};
    HttpUrl details = config.url("/account-info/v3/details").build();
    Map<String, Object> account = client.get(Activity.LOGIN, details, response -> {
      readDaily(response, daily);
      return Json.readObject(response.body().source(), system, HubSpotRestClient.call("GET", details));
    });
    List<String> scopes = new ArrayList<>();
    String user = "private app";
    if (config.isOAuth()) {
      // the token response lists the scopes; HubSpot's introspection call would put the token in a URL
      dev.revsync.spi.AccessToken token = client.transport.token(Activity.LOGIN);
      String granted = token.attributes().get("scopes");
      if (granted != null) for (String s : granted.split(" ")) if (!s.isBlank()) scopes.add(s);
      user = token.attributes().containsKey("user_id") ? "user " + token.attributes().get("user_id") : "oauth app";
    }
    HttpUrl probe = (config.isCrm() ? config.url("/crm/v3/objects/contacts") : config.url("/marketing/v3/emails"))
        .addQueryParameter("limit", "1").build();
    client.get(Activity.LOGIN, probe, response -> {
      readDaily(response, daily);
      return null;
    });
    String required = config.isCrm() ? "crm.objects.contacts.read" : "content";
    if (config.isOAuth() && !scopes.isEmpty() && !scopes.contains(required)) {
      throw new PermissionException(system, "verify", "the token lacks the scope " + required,
          "Have the customer grant " + required + " to the app", null);
    }
    Map<String, String> facts = new LinkedHashMap<>();
    for (String k : List.of("accountType", "timeZone", "companyCurrency", "uiDomain", "dataHostingLocation")) {
      if (account.get(k) != null) facts.put(k, account.get(k).toString());
    }
    facts.put("auth", config.isOAuth() ? "oauth" : "private app");
    return new VerifyResult(system, RecordMapping.string(account.get("portalId")), user, config.baseUrl.toString(),
        scopes, daily[0] < 0 ? OptionalLong.empty() : OptionalLong.of(daily[0]),
        daily[1] < 0 ? OptionalLong.empty() : OptionalLong.of(daily[1]), facts, client.transport.callsMade() - before);
  }

  private static void readDaily(Response response, long[] daily) {
    try {
      String limit = response.header("X-HubSpot-RateLimit-Daily");
      String remaining = response.header("X-HubSpot-RateLimit-Daily-Remaining");
      if (limit != null) daily[0] = Long.parseLong(limit.strip());
      if (remaining != null) daily[1] = Long.parseLong(remaining.strip());
    } catch (NumberFormatException ignored) {
      // OAuth calls carry no daily headers; unreadable ones are no reason to fail verify
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
    return new Catalog(config.descriptor.id(), objects);
  }

  /** One object: a single properties call for a CRM object, no call for a marketing one. */
  @Override
  public ObjectSchema describe(String object) {
    if (!config.isCrm()) {
      return MarketingSchemas.all().stream().filter(o -> o.name().equals(object)).findFirst()
          .orElseThrow(() -> new dev.revsync.ConfigurationException(config.descriptor.id(), "describe " + object,
              "hubspot-map has no object '" + object + "'", "Use one of " + HubSpotConfig.MAP_OBJECTS, null));
    }
    return crmSchema(object, object, HubSpotProperties.load(client, object, Activity.SYNC));
  }

  private static ObjectSchema crmSchema(String name, String label, Map<String, RecordMapping.Prop> props) {
    List<FieldSchema> fields = new ArrayList<>();
    for (RecordMapping.Prop p : props.values()) fields.add(p.schema());
    return new ObjectSchema(name, label, fields, HubSpotSync.modifiedProperty(name),
        "archived records, listed with archived=true, arrive as tombstones");
  }

  /** Custom objects from {@code /crm/v3/schemas}; none when the token may not read schemas. */
  private List<ObjectSchema> customObjects() {
    List<ObjectSchema> out = new ArrayList<>();
    HttpUrl url = config.url("/crm/v3/schemas").build();
    try {
      client.get(Activity.SYNC, url, response -> Json.readPage(response.body().source(), "results", schema -> {
        Map<String, RecordMapping.Prop> props = new LinkedHashMap<>();
        if (schema.get("properties") instanceof List<?> list) {
          for (Object o : list) {
            if (!(o instanceof Map<?, ?> p) || p.get("name") == null) continue;
            boolean readOnly = p.get("modificationMetadata") instanceof Map<?, ?> m
                && Boolean.TRUE.equals(m.get("readOnlyValue"));
            String name = p.get("name").toString();
            props.put(name, new RecordMapping.Prop(name, RecordMapping.string(p.get("label")),
                RecordMapping.string(p.get("type")), RecordMapping.string(p.get("fieldType")), readOnly,
                Boolean.TRUE.equals(p.get("hasUniqueValue")), Boolean.TRUE.equals(p.get("calculated"))));
          }
        }
        String id = RecordMapping.string(schema.get("objectTypeId"));
        String label = schema.get("labels") instanceof Map<?, ?> l && l.get("plural") != null ? l.get("plural").toString()
            : id;
        out.add(crmSchema(id, label, props));
      }, config.descriptor.id(), HubSpotRestClient.call("GET", url)));
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

  @Override
  public Usage usage() {
    return client.transport.usage();
  }

  @Override
  public void close() {
    client.close();
  }

  @Override
  public String toString() {
    return "HubSpotConnector{" + config.descriptor.id() + " " + config.connection.connectionId() + " " + config.baseUrl
        + "}";
  }

  static FieldSchema field(String name, FieldType type) {
    return new FieldSchema(name, name, type, type.name().toLowerCase(java.util.Locale.ROOT), false, false, false, false);
  }
}
