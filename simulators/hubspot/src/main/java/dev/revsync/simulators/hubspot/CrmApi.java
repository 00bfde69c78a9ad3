package dev.revsync.simulators.hubspot;

import dev.revsync.simulators.ObjectTable;
import dev.revsync.simulators.SimRecord;
import java.io.IOException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import mockwebserver3.MockResponse;
import mockwebserver3.RecordedRequest;

/**
 * CRM v3: objects (list by id, read, create, update, archive), batch and search (delegated),
 * properties and property groups, custom object schemas. Thread-safe.
 */
final class CrmApi {
  static final int MAX_LIST_LIMIT = 100;

  private final HubSpotSimulator sim;
  private final CrmRecords records;
  private final CrmBatch batch;
  private final CrmSearch search;

  CrmApi(HubSpotSimulator sim, HubSpotSimulator.Settings settings) {
    this.sim = sim;
    this.records = new CrmRecords(sim);
    this.batch = new CrmBatch(sim, records);
    this.search = new CrmSearch(sim, settings);
  }

  MockResponse.Builder handle(HubSpotHandler.Call call) throws IOException {
    String path = call.path();
    String[] parts = path.substring(1).split("/");
    // parts: crm, v3, objects|properties|schemas, ...
    String family = parts[2];
    if (family.equals("schemas")) return schemas(call);
    if (parts.length < 4) return notFound(call);
    CrmType type = sim.crmType(parts[3]);
    if (type == null) {
      return Wire.error(
          400,
          call.correlationId(),
          "VALIDATION_ERROR",
          "Unable to infer object type from: " + parts[3]);
    }
    if (family.equals("properties")) return properties(call, type, parts);
    boolean write =
        !call.method().equals("GET")
            && !(parts.length == 5 && parts[4].equals("search"))
            && !(parts.length == 6 && parts[5].equals("read"));
    MockResponse.Builder denied =
        HubSpotHandler.requireScope(call, write ? type.writeScope : type.readScope);
    if (denied != null) return denied;
    String method = call.method();
    if (parts.length == 4) {
      if (method.equals("GET")) {
        MockResponse.Builder page = list(call, type);
        sim.churn(type.name);
        return page;
      }
      if (method.equals("POST")) return batch.createOne(call, type);
    } else if (parts.length == 5 && parts[4].equals("search") && method.equals("POST")) {
      MockResponse.Builder page = search.search(call, type);
      sim.churn(type.name);
      return page;
    } else if (parts.length == 6 && parts[4].equals("batch") && method.equals("POST")) {
      return batch.handle(call, type, parts[5]);
    } else if (parts.length == 5) {
      String id = java.net.URLDecoder.decode(parts[4], java.nio.charset.StandardCharsets.UTF_8);
      if (method.equals("GET")) return read(call, type, id);
      if (method.equals("PATCH")) return batch.updateOne(call, type, id);
      if (method.equals("DELETE")) return batch.archiveOne(call, type, id);
    }
    return notFound(call);
  }

  private static MockResponse.Builder notFound(HubSpotHandler.Call call) throws IOException {
    return Wire.error(
        404,
        call.correlationId(),
        "OBJECT_NOT_FOUND",
        "Unable to route " + call.method() + " " + call.path());
  }

  /** Properties asked for, or the type's default set. */
  static List<String> propertiesOrDefault(CrmType type, List<String> asked) {
    return asked.isEmpty() ? type.defaultProperties : asked;
  }

  /**
   * {@code GET /crm/v3/objects/{type}}: records in id order from {@code after} (the next id,
   * inclusive).
   */
  private MockResponse.Builder list(HubSpotHandler.Call call, CrmType type) throws IOException {
    RecordedRequest request = call.request();
    String limitParam = request.getUrl().queryParameter("limit");
    int limit;
    try {
      limit = limitParam == null ? 10 : Integer.parseInt(limitParam);
    } catch (NumberFormatException e) {
      limit = -1;
    }
    if (limit < 1 || limit > MAX_LIST_LIMIT) {
      return Wire.error(
          400,
          call.correlationId(),
          "VALIDATION_ERROR",
          "limit must be between 1 and " + MAX_LIST_LIMIT + ", got " + limitParam);
    }
    String afterParam = request.getUrl().queryParameter("after");
    long start = 0;
    if (afterParam != null && !afterParam.isEmpty()) {
      try {
        start = Math.max(0, Long.parseLong(afterParam) - CrmType.FIRST_ID);
      } catch (NumberFormatException e) {
        return Wire.error(
            400,
            call.correlationId(),
            "VALIDATION_ERROR",
            "after must be a paging cursor returned by a " + "previous page, got " + afterParam);
      }
    }
    boolean archived = "true".equalsIgnoreCase(request.getUrl().queryParameter("archived"));
    List<String> properties = propertiesOrDefault(type, Wire.listParam(request, "properties"));
    List<String> history = Wire.listParam(request, "propertiesWithHistory");
    if (!history.isEmpty() && limit > 50) {
      return Wire.error(
          400,
          call.correlationId(),
          "VALIDATION_ERROR",
          "limit must be at most 50 with " + "propertiesWithHistory, got " + limit);
    }
    List<String> associations = Wire.listParam(request, "associations");
    ObjectTable table = records.table(type);
    long end = table.size(true); // every id ever issued: generated and inserted
    limit = Wire.pageSize(limit);
    List<SimRecord> page = new ArrayList<>();
    long index = start;
    while (index < end && page.size() < limit) {
      SimRecord r = table.get(Long.toString(CrmType.FIRST_ID + index++));
      if (r != null && r.deleted() == archived) page.add(r);
    }
    // a next page exists if any later id matches
    long next = -1;
    for (long i = index; i < end; i++) {
      SimRecord r = table.get(Long.toString(CrmType.FIRST_ID + i));
      if (r != null && r.deleted() == archived) {
        next = i;
        break;
      }
    }
    long nextIndex = next;
    String base = sim.baseUrl() + "/crm/v3/objects/" + type.name;
    return Wire.json(
        200,
        call.correlationId(),
        w -> {
          w.beginObject();
          w.name("results").beginArray();
          for (SimRecord r : page)
            CrmRecords.write(w, type, r, properties, history, associations, sim);
          w.endArray();
          if (nextIndex >= 0) {
            String after = Long.toString(CrmType.FIRST_ID + nextIndex);
            w.name("paging")
                .beginObject()
                .name("next")
                .beginObject()
                .name("after")
                .value(after)
                .name("link")
                .value(base + "?after=" + after)
                .endObject()
                .endObject();
          }
          w.endObject();
        });
  }

  private MockResponse.Builder read(HubSpotHandler.Call call, CrmType type, String id)
      throws IOException {
    RecordedRequest request = call.request();
    String idProperty = request.getUrl().queryParameter("idProperty");
    boolean archived = "true".equalsIgnoreCase(request.getUrl().queryParameter("archived"));
    SimRecord r;
    if (idProperty != null && !idProperty.equals("hs_object_id")) {
      Property p = type.property(idProperty);
      if (p == null || !p.unique()) {
        return Wire.error(
            400,
            call.correlationId(),
            "VALIDATION_ERROR",
            idProperty + " is not a unique property of " + type.name);
      }
      r = records.byUnique(type, idProperty, id);
    } else {
      r = records.byId(type, id);
    }
    if (r == null || r.deleted() != archived) {
      return Wire.error(
          404,
          call.correlationId(),
          "OBJECT_NOT_FOUND",
          "Object not found.  objectId are usually " + "numeric.",
          null,
          Map.of("id", List.of(id)),
          null);
    }
    SimRecord found = r;
    List<String> properties = propertiesOrDefault(type, Wire.listParam(request, "properties"));
    return Wire.json(
        200,
        call.correlationId(),
        w ->
            CrmRecords.write(
                w,
                type,
                found,
                properties,
                Wire.listParam(request, "propertiesWithHistory"),
                Wire.listParam(request, "associations"),
                sim));
  }

  private MockResponse.Builder properties(HubSpotHandler.Call call, CrmType type, String[] parts)
      throws IOException {
    boolean write = !call.method().equals("GET");
    String schemaScope =
        "crm.schemas."
            + (type.objectTypeId.startsWith("2-") ? "custom" : type.name)
            + (write ? ".write" : ".read");
    if (!call.scopes().contains(schemaScope)) {
      MockResponse.Builder denied =
          HubSpotHandler.requireScope(call, write ? type.writeScope : type.readScope);
      if (denied != null) return HubSpotHandler.requireScope(call, schemaScope);
    }
    if (parts.length == 4 && call.method().equals("GET")) {
      boolean archived =
          "true".equalsIgnoreCase(call.request().getUrl().queryParameter("archived"));
      List<Property> all = archived ? List.of() : type.properties();
      return Wire.json(
          200,
          call.correlationId(),
          w -> {
            w.beginObject().name("results").beginArray();
            for (int i = 0; i < all.size(); i++) Wire.write(w, all.get(i).toJson(i));
            w.endArray().endObject();
          });
    }
    if (parts.length == 4 && call.method().equals("POST")) return createProperty(call, type);
    if (parts.length == 5 && parts[4].equals("groups")) {
      if (call.method().equals("GET")) {
        List<String> groups = new ArrayList<>();
        for (Property p : type.properties())
          if (!groups.contains(p.groupName())) groups.add(p.groupName());
        groups.addAll(
            sim.propertyGroups(type.name).keySet().stream()
                .filter(g -> !groups.contains(g))
                .toList());
        return Wire.json(
            200,
            call.correlationId(),
            w -> {
              w.beginObject().name("results").beginArray();
              int order = 0;
              for (String g : groups) {
                w.beginObject()
                    .name("name")
                    .value(g)
                    .name("label")
                    .value(sim.propertyGroups(type.name).getOrDefault(g, g))
                    .name("displayOrder")
                    .value(order++)
                    .name("archived")
                    .value(false)
                    .endObject();
              }
              w.endArray().endObject();
            });
      }
      if (call.method().equals("POST")) return createGroup(call, type);
    }
    if (parts.length == 5 && call.method().equals("GET")) {
      Property p = type.property(parts[4]);
      if (p == null) {
        return Wire.error(
            404,
            call.correlationId(),
            "OBJECT_NOT_FOUND",
            "Unable to find property " + parts[4] + " for object type " + type.objectTypeId);
      }
      int order = type.properties().indexOf(p);
      return Wire.json(200, call.correlationId(), w -> Wire.write(w, p.toJson(order)));
    }
    return notFound(call);
  }

  private MockResponse.Builder createProperty(HubSpotHandler.Call call, CrmType type)
      throws IOException {
    Map<String, Object> body;
    try {
      body = Wire.readObjectBody(call.request());
    } catch (Wire.BadRequest e) {
      return Wire.error(400, call.correlationId(), "VALIDATION_ERROR", e.getMessage());
    }
    List<String> missing = new ArrayList<>();
    for (String f : List.of("name", "label", "type", "fieldType", "groupName")) {
      if (!(body.get(f) instanceof String s) || s.isBlank()) missing.add(f);
    }
    if (!missing.isEmpty()) {
      return Wire.error(
          400,
          call.correlationId(),
          "VALIDATION_ERROR",
          "Property definition is missing required fields: " + missing);
    }
    String name = (String) body.get("name");
    String t = (String) body.get("type");
    if (!name.matches("[a-z][a-z0-9_]*") || name.startsWith("hs_")) {
      return Wire.error(
          400,
          call.correlationId(),
          "VALIDATION_ERROR",
          "Property name "
              + name
              + " is not valid: use "
              + "lower-case letters, digits and underscores, not starting with hs_");
    }
    if (!List.of("string", "number", "date", "datetime", "enumeration", "bool").contains(t)) {
      return Wire.error(
          400, call.correlationId(), "VALIDATION_ERROR", "Unknown property type " + t);
    }
    List<String> options = new ArrayList<>();
    if (body.get("options") instanceof List<?> list) {
      for (Object o : list)
        if (o instanceof Map<?, ?> m && m.get("value") != null)
          options.add(m.get("value").toString());
    }
    Property p =
        new Property(
            name,
            (String) body.get("label"),
            t,
            (String) body.get("fieldType"),
            (String) body.get("groupName"),
            body.get("description") instanceof String d ? d : "",
            false,
            false,
            Boolean.TRUE.equals(body.get("hasUniqueValue")),
            false,
            options,
            sim.store().clock().instant());
    if (!type.addProperty(p)) {
      return Wire.error(
          409,
          call.correlationId(),
          "OBJECT_ALREADY_EXISTS",
          "A property named '" + name + "' already exists.",
          null,
          Map.of("name", List.of(name)),
          null);
    }
    int order = type.properties().size() - 1;
    return Wire.json(201, call.correlationId(), w -> Wire.write(w, p.toJson(order)));
  }

  private MockResponse.Builder createGroup(HubSpotHandler.Call call, CrmType type)
      throws IOException {
    Map<String, Object> body;
    try {
      body = Wire.readObjectBody(call.request());
    } catch (Wire.BadRequest e) {
      return Wire.error(400, call.correlationId(), "VALIDATION_ERROR", e.getMessage());
    }
    if (!(body.get("name") instanceof String name)
        || !(body.get("label") instanceof String label)) {
      return Wire.error(
          400, call.correlationId(), "VALIDATION_ERROR", "A property group needs name and label");
    }
    if (sim.propertyGroups(type.name).putIfAbsent(name, label) != null
        || type.properties().stream().anyMatch(p -> p.groupName().equals(name))) {
      return Wire.error(
          409,
          call.correlationId(),
          "OBJECT_ALREADY_EXISTS",
          "A property group named '" + name + "' already exists.");
    }
    return Wire.json(
        201,
        call.correlationId(),
        w ->
            w.beginObject()
                .name("name")
                .value(name)
                .name("label")
                .value(label)
                .name("displayOrder")
                .value(-1)
                .name("archived")
                .value(false)
                .endObject());
  }

  /** {@code GET /crm/v3/schemas}: the portal's custom objects. */
  private MockResponse.Builder schemas(HubSpotHandler.Call call) throws IOException {
    MockResponse.Builder denied = HubSpotHandler.requireScope(call, "crm.schemas.custom.read");
    if (denied != null) return denied;
    List<Map<String, Object>> results = new ArrayList<>();
    for (String name : sim.crmObjects()) {
      CrmType t = sim.crmType(name);
      if (!t.objectTypeId.startsWith("2-")) continue;
      Map<String, Object> m = new LinkedHashMap<>();
      m.put("id", t.objectTypeId.substring(2));
      m.put("name", t.name.substring(t.name.indexOf('_') + 1));
      m.put("labels", Map.of("singular", t.singularLabel, "plural", t.pluralLabel));
      m.put("objectTypeId", t.objectTypeId);
      m.put("fullyQualifiedName", t.name);
      m.put("primaryDisplayProperty", "project_name");
      m.put("requiredProperties", List.of("project_name"));
      m.put("searchableProperties", List.of("project_name"));
      m.put("secondaryDisplayProperties", List.of());
      List<Object> props = new ArrayList<>();
      List<Property> all = t.properties();
      for (int i = 0; i < all.size(); i++) props.add(all.get(i).toJson(i));
      m.put("properties", props);
      m.put("associations", List.of());
      m.put("createdAt", Wire.iso(HubSpotSimulator.EPOCH_OF_DEFINITIONS));
      m.put("updatedAt", Wire.iso(HubSpotSimulator.EPOCH_OF_DEFINITIONS));
      m.put("archived", false);
      results.add(m);
    }
    return Wire.json(
        200,
        call.correlationId(),
        w -> {
          w.beginObject().name("results");
          Wire.write(w, results);
          w.endObject();
        });
  }

  static Instant now(HubSpotSimulator sim) {
    return sim.store().clock().instant();
  }
}
