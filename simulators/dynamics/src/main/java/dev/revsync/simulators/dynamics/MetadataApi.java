package dev.revsync.simulators.dynamics;

import dev.revsync.simulators.SimRecord;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import mockwebserver3.MockResponse;
import okhttp3.HttpUrl;

/**
 * Table metadata, never paged: {@code EntityDefinitions} (with {@code $select}, {@code $filter},
 * {@code $expand=Attributes(…)} and {@code Keys}), one definition by {@code (LogicalName='x')} or
 * MetadataId, and its {@code /Attributes} or {@code /Keys} collections; {@code MetadataId} is
 * always returned. Thread-safe (stateless over an immutable schema).
 */
final class MetadataApi {
  private static final EntityType ENTITY_METADATA =
      metadataType(
          "EntityMetadata",
          List.of(
              "LogicalName",
              "EntitySetName",
              "PrimaryIdAttribute",
              "PrimaryNameAttribute",
              "ChangeTrackingEnabled",
              "IsCustomEntity",
              "ObjectTypeCode",
              "LogicalCollectionName",
              "SchemaName",
              "DisplayName",
              "MetadataId"));
  private static final EntityType ATTRIBUTE_METADATA =
      metadataType(
          "AttributeMetadata",
          List.of(
              "LogicalName",
              "AttributeType",
              "AttributeTypeName",
              "AttributeOf",
              "IsValidForRead",
              "IsValidForCreate",
              "IsValidForUpdate",
              "IsPrimaryId",
              "IsPrimaryName",
              "IsCustomAttribute",
              "SchemaName",
              "DisplayName",
              "Targets",
              "MetadataId"));

  private final DynamicsSchema schema;

  MetadataApi(DynamicsSchema schema) {
    this.schema = schema;
  }

  /**
   * {@code tail} is the path after {@code EntityDefinitions}: "" or "(…)" optionally followed by
   * "/Attributes".
   */
  MockResponse handle(String tail, HttpUrl url, String serviceRoot) {
    Map<String, String> options = options(url);
    if (tail.isEmpty()) {
      List<Map<String, Object>> out = new ArrayList<>();
      ODataFilter filter = filter(options.get("$filter"), ENTITY_METADATA);
      for (EntityType t : schema.types()) {
        Map<String, Object> m = entity(t);
        if (filter != null && !filter.test(asRecord(m))) continue;
        out.add(expandAndSelect(t, m, options));
      }
      return collection(serviceRoot + "$metadata#EntityDefinitions" + selectSuffix(options), out);
    }
    if (!tail.startsWith("(")) throw WebErrors.unknownSegment("EntityDefinitions" + tail);
    int close = tail.indexOf(')');
    String key = tail.substring(1, close);
    String rest = tail.substring(close + 1);
    EntityType t = find(key);
    if (t == null) {
      throw new WebErrors.WebError(
          404, "0x80040217", "Could not find an entity with key value '" + key + "'.");
    }
    if (rest.isEmpty()) {
      Map<String, Object> one = expandAndSelect(t, entity(t), options);
      Map<String, Object> withContext = new LinkedHashMap<>();
      withContext.put(
          "@odata.context",
          serviceRoot + "$metadata#EntityDefinitions" + selectSuffix(options) + "/$entity");
      withContext.putAll(one);
      return ok(toJson(withContext));
    }
    String segment = rest.startsWith("/") ? rest.substring(1) : rest;
    String typeCast = null;
    int slash = segment.indexOf('/');
    if (slash > 0) {
      typeCast = segment.substring(slash + 1);
      segment = segment.substring(0, slash);
    }
    if (segment.equals("Attributes")) {
      List<Map<String, Object>> attrs =
          attributes(t, options.get("$filter"), typeCast, options.get("$select"));
      return collection(
          serviceRoot
              + "$metadata#EntityDefinitions('"
              + t.metadataId()
              + "')/Attributes"
              + selectSuffix(options),
          attrs);
    }
    if (segment.equals("Keys")) {
      return collection(
          serviceRoot + "$metadata#EntityDefinitions('" + t.metadataId() + "')/Keys", keys(t));
    }
    throw WebErrors.unknownSegment(segment);
  }

  private EntityType find(String key) {
    String k = key.trim();
    if (k.regionMatches(true, 0, "LogicalName=", 0, 12)) {
      String name = k.substring(12).replace("'", "");
      return schema.byLogicalName(name.toLowerCase(Locale.ROOT));
    }
    String id = k.replace("'", "");
    for (EntityType t : schema.types()) if (t.metadataId().equalsIgnoreCase(id)) return t;
    return null;
  }

  private Map<String, Object> expandAndSelect(
      EntityType t, Map<String, Object> m, Map<String, String> options) {
    Map<String, Object> out = select(m, options.get("$select"), ENTITY_METADATA);
    String expand = options.get("$expand");
    if (expand != null) {
      for (String part : ODataFilter.splitTopLevel(expand)) {
        String nav = part;
        Map<String, String> inner = new LinkedHashMap<>();
        int open = part.indexOf('(');
        if (open > 0) {
          nav = part.substring(0, open).trim();
          for (String opt : part.substring(open + 1, part.lastIndexOf(')')).split(";")) {
            int eq = opt.indexOf('=');
            if (eq > 0)
              inner.put(
                  opt.substring(0, eq).trim().toLowerCase(Locale.ROOT),
                  opt.substring(eq + 1).trim());
          }
        }
        switch (nav) {
          case "Attributes" ->
              out.put(
                  "Attributes", attributes(t, inner.get("$filter"), null, inner.get("$select")));
          case "Keys" -> out.put("Keys", keys(t));
          default ->
              throw WebErrors.badRequest(
                  WebErrors.UNKNOWN_PROPERTY,
                  "Could not find a property named '"
                      + nav
                      + "' on type 'Microsoft.Dynamics.CRM.EntityMetadata'.");
        }
      }
    }
    return out;
  }

  private List<Map<String, Object>> attributes(
      EntityType t, String filterText, String typeCast, String select) {
    ODataFilter filter = filter(filterText, ATTRIBUTE_METADATA);
    List<Map<String, Object>> out = new ArrayList<>();
    for (Attribute a : t.attributes()) {
      Map<String, Object> m = attribute(t, a);
      if (typeCast != null && !typeCast.endsWith("." + metadataClass(a))) continue;
      if (filter != null && !filter.test(asRecord(m))) continue;
      out.add(select(m, select, ATTRIBUTE_METADATA));
    }
    return out;
  }

  private static List<Map<String, Object>> keys(EntityType t) {
    List<Map<String, Object>> out = new ArrayList<>();
    t.alternateKeys()
        .forEach(
            (name, columns) -> {
              Map<String, Object> k = new LinkedHashMap<>();
              k.put("LogicalName", name);
              k.put("SchemaName", name);
              k.put("KeyAttributes", columns);
              k.put("EntityKeyIndexStatus", "Active");
              k.put("MetadataId", Guids.named("key/" + t.logicalName() + "/" + name));
              out.add(k);
            });
    return out;
  }

  private static Map<String, Object> entity(EntityType t) {
    Map<String, Object> m = new LinkedHashMap<>();
    m.put("LogicalName", t.logicalName());
    m.put("SchemaName", schemaName(t.logicalName()));
    m.put("EntitySetName", t.entitySetName());
    m.put("LogicalCollectionName", t.entitySetName());
    m.put("PrimaryIdAttribute", t.primaryId());
    m.put("PrimaryNameAttribute", t.primaryName());
    m.put("ObjectTypeCode", (long) t.objectTypeCode());
    m.put("ChangeTrackingEnabled", t.changeTracking());
    m.put("IsCustomEntity", t.custom());
    m.put("DisplayName", label(displayName(t.logicalName())));
    m.put("MetadataId", t.metadataId());
    return m;
  }

  private static Map<String, Object> attribute(EntityType t, Attribute a) {
    Map<String, Object> m = new LinkedHashMap<>();
    m.put("@odata.type", "#Microsoft.Dynamics.CRM." + metadataClass(a));
    m.put("LogicalName", a.name());
    m.put("SchemaName", schemaName(a.name()));
    m.put("AttributeType", a.type());
    m.put("AttributeTypeName", Map.of("Value", a.type() + "Type"));
    m.put("AttributeOf", null);
    m.put("IsValidForRead", true);
    m.put("IsValidForCreate", a.validForCreate());
    m.put("IsValidForUpdate", a.validForUpdate());
    m.put("IsPrimaryId", a.name().equals(t.primaryId()));
    m.put("IsPrimaryName", a.name().equals(t.primaryName()));
    m.put("IsCustomAttribute", a.name().startsWith("new_"));
    m.put("DisplayName", label(displayName(a.name())));
    if (a.isLookup()) m.put("Targets", List.of(a.lookupTarget()));
    if (a.type().equals("DateTime")) m.put("Format", a.dateOnly() ? "DateOnly" : "DateAndTime");
    m.put("MetadataId", Guids.named("attribute/" + t.logicalName() + "/" + a.name()));
    return m;
  }

  private static String metadataClass(Attribute a) {
    return switch (a.type()) {
      case "String" -> "StringAttributeMetadata";
      case "Memo" -> "MemoAttributeMetadata";
      case "Integer" -> "IntegerAttributeMetadata";
      case "BigInt" -> "BigIntAttributeMetadata";
      case "Decimal" -> "DecimalAttributeMetadata";
      case "Double" -> "DoubleAttributeMetadata";
      case "Money" -> "MoneyAttributeMetadata";
      case "Boolean" -> "BooleanAttributeMetadata";
      case "DateTime" -> "DateTimeAttributeMetadata";
      case "Picklist" -> "PicklistAttributeMetadata";
      case "State" -> "StateAttributeMetadata";
      case "Status" -> "StatusAttributeMetadata";
      case "Lookup", "Customer", "Owner" -> "LookupAttributeMetadata";
      case "EntityName" -> "EntityNameAttributeMetadata";
      default -> "AttributeMetadata";
    };
  }

  private static Map<String, Object> label(String text) {
    Map<String, Object> local = new LinkedHashMap<>();
    local.put("Label", text);
    local.put("LanguageCode", 1033L);
    Map<String, Object> m = new LinkedHashMap<>();
    m.put("LocalizedLabels", List.of(local));
    m.put("UserLocalizedLabel", local);
    return m;
  }

  private static String displayName(String logical) {
    String s = logical.startsWith("new_") ? logical.substring(4) : logical;
    return s.isEmpty() ? s : Character.toUpperCase(s.charAt(0)) + s.substring(1);
  }

  private static String schemaName(String logical) {
    return logical.startsWith("new_") ? "new_" + displayName(logical) : displayName(logical);
  }

  private static Map<String, Object> select(
      Map<String, Object> m, String select, EntityType metaType) {
    if (select == null || select.isBlank()) return m;
    Map<String, Object> out = new LinkedHashMap<>();
    if (m.containsKey("@odata.type")) out.put("@odata.type", m.get("@odata.type"));
    for (String raw : select.split(",")) {
      String p = raw.trim();
      if (p.isEmpty()) continue;
      if (metaType.byProperty(p) == null) throw WebErrors.unknownProperty(metaType, p);
      out.put(p, m.get(p));
    }
    out.put("MetadataId", m.get("MetadataId"));
    return out;
  }

  private static ODataFilter filter(String text, EntityType metaType) {
    return text == null || text.isBlank() ? null : ODataFilter.parse(text, metaType);
  }

  private static SimRecord asRecord(Map<String, Object> m) {
    Map<String, Object> typed = new LinkedHashMap<>();
    m.forEach(
        (k, v) ->
            typed.put(
                k, v instanceof Boolean || v instanceof Long || v instanceof String ? v : null));
    return new SimRecord((String) m.get("MetadataId"), Instant.EPOCH, Instant.EPOCH, false, typed);
  }

  private static EntityType metadataType(String name, List<String> properties) {
    List<Attribute> attrs = new ArrayList<>();
    for (String p : properties) attrs.add(Attribute.readOnly(p, "String"));
    return new EntityType(name, name, "LogicalName", false, false, 0, attrs, Map.of());
  }

  private static String selectSuffix(Map<String, String> options) {
    String select = options.get("$select");
    return select == null || select.isBlank() ? "" : "(" + select.replace(" ", "") + ")";
  }

  private static Map<String, String> options(HttpUrl url) {
    Map<String, String> m = new LinkedHashMap<>();
    for (String n : url.queryParameterNames()) {
      String lower = n.toLowerCase(Locale.ROOT);
      if (lower.equals("$skip")) {
        throw WebErrors.badRequest(
            WebErrors.UNKNOWN_PROPERTY, "Skip Clause is not supported in CRM");
      }
      m.put(lower, url.queryParameter(n));
    }
    return m;
  }

  private static MockResponse collection(String context, List<Map<String, Object>> values) {
    Map<String, Object> body = new LinkedHashMap<>();
    body.put("@odata.context", context);
    body.put("value", values);
    return ok(toJson(body));
  }

  private static MockResponse ok(String json) {
    return new MockResponse.Builder()
        .code(200)
        .setHeader("Content-Type", "application/json; odata.metadata=minimal")
        .setHeader("OData-Version", "4.0")
        .body(json)
        .build();
  }

  static String toJson(Object value) {
    return dev.revsync.spi.Json.toJson(value);
  }
}
