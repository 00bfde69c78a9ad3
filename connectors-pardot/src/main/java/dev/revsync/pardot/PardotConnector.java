package dev.revsync.pardot;

import static dev.revsync.pardot.PardotConfig.SYSTEM;

import dev.revsync.Activity;
import dev.revsync.Catalog;
import dev.revsync.ConfigurationException;
import dev.revsync.ConnectionConfig;
import dev.revsync.FieldSchema;
import dev.revsync.FieldType;
import dev.revsync.ObjectSchema;
import dev.revsync.Record;
import dev.revsync.RecordSink;
import dev.revsync.SyncRequest;
import dev.revsync.SyncResult;
import dev.revsync.VerifyResult;
import dev.revsync.WriteRequest;
import dev.revsync.WriteResult;
import dev.revsync.spi.AccessToken;
import dev.revsync.spi.CallMeter;
import dev.revsync.spi.RestConnector;
import dev.revsync.spi.Transport;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.atomic.AtomicReference;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * One connection to one Account Engagement business unit: v5 REST for verify, discovery, query
 * pages and writes, v5 exports for large full pulls. Thread-safe: syncs of different objects may
 * run at once; the prospect custom fields are read once per connection.
 */
final class PardotConnector extends RestConnector {
  private static final Pattern IDENTITY =
      Pattern.compile(".*/id/([A-Za-z0-9]{15,18})/([A-Za-z0-9]{15,18})/?$");

  /**
   * Prospect fields enrichment may set, besides custom fields. Pardot's {@code score} and {@code
   * grade} are writable too, but belong to its scoring rules: scores go to a custom field.
   */
  private static final Set<String> WRITABLE =
      Set.of(
          "email",
          "firstName",
          "lastName",
          "company",
          "jobTitle",
          "optedOut",
          "isDoNotEmail",
          "campaignId",
          "prospectAccountId",
          "assignedToId");

  private final PardotConfig config;
  private final PardotRestClient rest;
  private final PardotWrite writes;
  private final AtomicReference<Map<String, FieldType>> customFields = new AtomicReference<>();

  private PardotConnector(Transport transport, PardotConfig config) {
    super(transport, config.baseUrl());
    this.config = config;
    this.rest = new PardotRestClient(transport, config.baseUrl());
    this.writes = new PardotWrite(rest, transport);
  }

  static PardotConnector open(ConnectionConfig connection) {
    PardotConfig config = PardotConfig.from(connection);
    return new PardotConnector(
        Transport.builder(PardotConfig.DESCRIPTOR, connection)
            .tokenProvider(PardotAuth.tokenProvider(config))
            .classifier(new PardotErrors())
            .usage(PardotErrors.USAGE)
            .header("Pardot-Business-Unit-Id", config.businessUnitId())
            .header("X-Return-Api-Usage", "1") // so every response says how much of the day is used
            .build(),
        config);
  }

  /**
   * The token, then one one-record prospect query (§2): two calls; the usage header gives the daily
   * allowance.
   */
  @Override
  public VerifyResult verify() {
    try (CallMeter.Operation operation = transport.startOperation()) {
      AccessToken token = transport.token(Activity.LOGIN);
      rest.json(
          Activity.LOGIN,
          "GET",
          rest.url("objects/prospects")
              .addQueryParameter("fields", "id")
              .addQueryParameter("limit", "1")
              .build(),
          null);
      Map<String, String> details = new LinkedHashMap<>();
      details.put("businessUnitId", config.businessUnitId());
      details.put("authFlow", config.authFlow().name().toLowerCase(Locale.ROOT));
      String user = null;
      String identity = token.attribute(PardotAuth.IDENTITY_URL);
      if (identity != null) {
        details.put("identityUrl", identity);
        Matcher m = IDENTITY.matcher(identity);
        if (m.matches()) {
          details.put("salesforceOrgId", m.group(1));
          user = m.group(2);
        }
      }
      String scope = token.attribute(PardotAuth.SCOPE);
      List<String> permissions =
          scope == null ? List.of() : Arrays.asList(scope.trim().split("\\s+"));
      return verified(config.businessUnitId(), user, permissions, details, operation);
    }
  }

  /**
   * Every object with its fields; the prospect custom fields cost one call, once per connection.
   */
  @Override
  public Catalog discover() {
    List<ObjectSchema> objects = new ArrayList<>();
    for (PardotObject o : PardotObject.values()) objects.add(schema(o));
    return Catalog.of(SYSTEM, objects);
  }

  @Override
  public ObjectSchema describe(String object) {
    return schema(object(object, "describe"));
  }

  private ObjectSchema schema(PardotObject o) {
    List<FieldSchema> fields = new ArrayList<>();
    Map<String, FieldType> shape =
        o == PardotObject.PROSPECT ? prospectShape(Activity.SYNC) : o.fields;
    for (Map.Entry<String, FieldType> f : shape.entrySet()) {
      boolean writable =
          o == PardotObject.PROSPECT
              && (WRITABLE.contains(f.getKey()) || f.getKey().endsWith("__c"));
      fields.add(
          FieldSchema.builder(f.getKey(), f.getValue())
              .vendorType(vendorType(f.getValue()))
              .createable(writable)
              .updateable(writable)
              .externalId(o == PardotObject.PROSPECT && f.getKey().equals("email"))
              .build());
    }
    return ObjectSchema.builder(o.revsyncName)
        .fields(fields)
        .cursorField("updatedAt")
        .deletes(o.deletes ? "deleted=all with isDeleted (recycle bin)" : "none")
        .build();
  }

  private static String vendorType(FieldType t) {
    return switch (t) {
      case ID, REFERENCE, INTEGER -> "integer";
      case DECIMAL -> "number";
      case BOOLEAN -> "boolean";
      case DATETIME -> "datetime";
      default -> "string";
    };
  }

  /**
   * The object named {@code name} (its revsync name or v5 collection), or a configuration error
   * listing the known ones.
   */
  PardotObject object(String name, String call) {
    PardotObject o = PardotObject.of(name);
    if (o == null) requireObject(name, call); // throws, naming the objects there are
    return o;
  }

  /**
   * The fields a sync asks for: all of the object's (prospects: with their custom fields), or the
   * requested ones plus id, updatedAt and isDeleted; dotted related fields ({@code campaign.name})
   * as strings.
   */
  Map<String, FieldType> shape(
      PardotObject o, List<String> requested, Map<String, FieldType> custom) {
    Map<String, FieldType> all = new LinkedHashMap<>(o.fields);
    if (o == PardotObject.PROSPECT) all.putAll(custom);
    if (requested == null || requested.isEmpty()) return all;
    Map<String, FieldType> shape = new LinkedHashMap<>();
    shape.put("id", FieldType.ID);
    shape.put("updatedAt", FieldType.DATETIME);
    if (all.containsKey("isDeleted")) shape.put("isDeleted", FieldType.BOOLEAN);
    List<String> unknown = new ArrayList<>();
    for (String f : requested) {
      if (all.containsKey(f)) shape.put(f, all.get(f));
      else if (f.indexOf('.') > 0) shape.put(f, FieldType.STRING);
      else unknown.add(f);
    }
    if (!unknown.isEmpty()) {
      throw new ConfigurationException(
          SYSTEM,
          "sync " + o.revsyncName,
          "unknown fields " + unknown,
          "Use fields from describe(\"" + o.revsyncName + "\"): " + all.keySet(),
          null);
    }
    return shape;
  }

  private Map<String, FieldType> prospectShape(Activity activity) {
    Map<String, FieldType> shape = new LinkedHashMap<>(PardotObject.PROSPECT.fields);
    shape.putAll(customFields(activity));
    return shape;
  }

  /** The prospect custom fields by API name, read once per connection (one call). */
  Map<String, FieldType> customFields(Activity activity) {
    Map<String, FieldType> custom = customFields.get();
    if (custom == null) {
      custom = readCustomFields(activity);
      customFields.compareAndSet(null, custom);
    }
    return custom;
  }

  /** {@code name:TYPE,...}, for a checkpoint. */
  static String encode(Map<String, FieldType> fields) {
    StringBuilder b = new StringBuilder();
    fields.forEach(
        (k, v) -> b.append(b.length() == 0 ? "" : ",").append(k).append(':').append(v.name()));
    return b.toString();
  }

  static Map<String, FieldType> decode(String encoded) {
    Map<String, FieldType> fields = new LinkedHashMap<>();
    if (encoded == null || encoded.isEmpty()) return fields;
    for (String part : encoded.split(",")) {
      int colon = part.lastIndexOf(':');
      try {
        fields.put(part.substring(0, colon), FieldType.valueOf(part.substring(colon + 1)));
      } catch (RuntimeException e) {
        throw new ConfigurationException(
            SYSTEM,
            "sync",
            "the checkpoint's custom fields are unreadable: '" + encoded + "'",
            "Pass the checkpoint this connector returned, unchanged",
            e);
      }
    }
    return fields;
  }

  private Map<String, FieldType> readCustomFields(Activity activity) {
    Map<String, FieldType> fields = new LinkedHashMap<>();
    RecordMapping mapping =
        new RecordMapping(
            PardotObject.CUSTOM_FIELD,
            Map.of(
                "id",
                FieldType.ID,
                "fieldId",
                FieldType.STRING,
                "type",
                FieldType.STRING,
                "updatedAt",
                FieldType.DATETIME),
            ZoneOffset.UTC);
    // ordered, so every run sends the same URL (Map.of's order changes from one JVM to the next)
    Map<String, String> params = new LinkedHashMap<>();
    params.put("fields", "id,fieldId,type,updatedAt");
    params.put("orderBy", "id");
    params.put("limit", "1000");
    PardotRestClient.Page page = rest.query(activity, PardotObject.CUSTOM_FIELD, params, mapping);
    while (true) {
      for (Record r : page.records()) {
        String type = String.valueOf(r.get("type"));
        fields.put(
            String.valueOf(r.get("fieldId")),
            type.equalsIgnoreCase("Number") ? FieldType.DECIMAL : FieldType.STRING);
      }
      if (page.nextPageToken() == null) return fields;
      page = rest.next(activity, PardotObject.CUSTOM_FIELD, page.nextPageToken(), mapping);
    }
  }

  @Override
  public SyncResult sync(SyncRequest request, RecordSink sink) {
    return new PardotSync(this, config, rest, transport).run(request, sink);
  }

  @Override
  public WriteResult write(WriteRequest request) {
    requireWrite(request, WriteRequest.Operation.UPDATE, WriteRequest.Operation.UPSERT);
    if (object(request.object(), "write") != PardotObject.PROSPECT) {
      throw new ConfigurationException(
          SYSTEM,
          "write " + request.object(),
          "only prospects can be written",
          "Write to Prospect",
          null);
    }
    return writes.write(request);
  }

  @Override
  public String toString() {
    return "PardotConnector{" + transport.config().connectionId() + " " + config + "}";
  }
}
