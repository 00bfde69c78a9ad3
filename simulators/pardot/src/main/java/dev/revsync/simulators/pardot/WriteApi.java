package dev.revsync.simulators.pardot;

import dev.revsync.simulators.ObjectTable;
import dev.revsync.simulators.RecordStore;
import dev.revsync.simulators.SimRecord;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import mockwebserver3.MockResponse;
import okhttp3.HttpUrl;

/**
 * Prospect writes (§4 of the notes): {@code PATCH /objects/prospects/{id}}, {@code POST
 * /objects/prospects} (201 with {@code Location}), {@code POST
 * /objects/prospects/do/upsertLatestByEmail}, {@code POST /objects/prospects/{id}/do/undelete}, and
 * {@code POST /objects/custom-fields}. Bodies must be JSON objects sent as {@code application/json}
 * (150 invalid JSON, 151 wrong content type); unknown or read-only fields are 400 code 180.
 * Thread-safe.
 */
final class WriteApi {
  private final PardotSchema schema;
  private final RecordStore store;
  private final QueryApi query;
  private final String baseUrlForLocation;

  WriteApi(PardotSchema schema, RecordStore store, QueryApi query, String baseUrl) {
    this.schema = schema;
    this.store = store;
    this.query = query;
    this.baseUrlForLocation = baseUrl;
  }

  private ObjectTable prospects() {
    return store.table(PardotSchema.PROSPECTS);
  }

  MockResponse patch(String id, HttpUrl url, String contentType, String body)
      throws QueryApi.BadRequest {
    Map<String, Object> json = body(contentType, body);
    Map<String, Object> changes = changes(json);
    SimRecord current = prospects().get(id);
    if (current == null) return PardotJson.error(404, 192, "Object not found");
    if (current.deleted()) {
      return PardotJson.error(
          400, 219, "The prospect is in the recycle bin; undelete it before updating");
    }
    SimRecord updated = prospects().update(id, changes);
    return answer(200, updated, url.queryParameter("fields"));
  }

  MockResponse create(HttpUrl url, String contentType, String body) throws QueryApi.BadRequest {
    Map<String, Object> changes = changes(body(contentType, body));
    if (changes.get("email") == null)
      throw new QueryApi.BadRequest(4, "Invalid prospect email address");
    SimRecord created = prospects().insert(withDefaults(changes));
    MockResponse r = answer(201, created, url.queryParameter("fields"));
    return r.newBuilder()
        .setHeader("Location", baseUrlForLocation + "/api/v5/objects/prospects/" + created.id())
        .build();
  }

  MockResponse upsertLatestByEmail(String contentType, String body) throws QueryApi.BadRequest {
    Map<String, Object> json = body(contentType, body);
    Object match = json.get("matchEmail");
    if (!(match instanceof String email) || email.isBlank()) {
      throw new QueryApi.BadRequest(4, "Invalid prospect email address: matchEmail is required");
    }
    if (!(json.get("prospect") instanceof Map<?, ?> prospect)) {
      throw new QueryApi.BadRequest(5, "Invalid query parameters: prospect is required");
    }
    @SuppressWarnings("unchecked")
    Map<String, Object> changes = changes((Map<String, Object>) prospect);
    boolean secondaryDeleted = Boolean.TRUE.equals(json.get("secondaryDeletedSearch"));
    String fields = null;
    List<Object> requested = PardotJson.list(json.get("fields"));
    if (requested != null) {
      List<String> names = new ArrayList<>();
      for (Object o : requested) names.add(String.valueOf(o));
      fields = String.join(",", names);
    }
    Optional<SimRecord> latest = latestByEmail(email, false);
    if (latest.isEmpty() && secondaryDeleted) latest = latestByEmail(email, true);
    if (latest.isPresent()) {
      SimRecord target = latest.get();
      ObjectTable t = prospects();
      if (target.deleted()) {
        // UNCONFIRMED beyond matching: a recycle-bin match is restored, then updated
        return answer(200, t.restore(target.id(), changes), fields);
      }
      return answer(200, t.update(target.id(), changes), fields);
    }
    if (!changes.containsKey("email")) changes.put("email", email);
    return answer(201, prospects().insert(withDefaults(changes)), fields);
  }

  MockResponse undelete(String id, HttpUrl url) {
    SimRecord current = prospects().get(id);
    if (current == null) return PardotJson.error(404, 192, "Object not found");
    if (!current.deleted()) return answer(200, current, url.queryParameter("fields"));
    return answer(200, prospects().restore(id, Map.of()), url.queryParameter("fields"));
  }

  MockResponse createCustomField(String contentType, String body) throws QueryApi.BadRequest {
    Map<String, Object> json = body(contentType, body);
    Object name = json.get("name");
    Object fieldId = json.get("fieldId");
    Object type = json.getOrDefault("type", "Text");
    if (!(name instanceof String)
        || !(fieldId instanceof String f)
        || !f.matches("[A-Za-z][A-Za-z0-9_]*")) {
      throw new QueryApi.BadRequest(180, "Invalid field: name and fieldId are required");
    }
    String id = f.endsWith("__c") ? f : f + "__c";
    schema.addProspectCustomField(id, String.valueOf(type));
    Map<String, Object> record = new LinkedHashMap<>();
    record.put("name", name);
    record.put("fieldId", id);
    record.put("type", String.valueOf(type));
    record.put("isRecordMultipleResponses", false);
    record.put("salesforceId", null);
    SimRecord created = store.table(PardotSchema.CUSTOM_FIELDS).insert(record);
    return PardotJson.json(
        201,
        query.record(created, List.of("id", "name", "fieldId", "type", "createdAt", "updatedAt")));
  }

  private Optional<SimRecord> latestByEmail(String email, boolean deleted) {
    return prospects().stream(deleted)
        .filter(
            r -> r.deleted() == deleted && email.equalsIgnoreCase(String.valueOf(r.get("email"))))
        .max(Comparator.comparing(SimRecord::modifiedAt).thenComparing(SimRecord::id));
  }

  private static Map<String, Object> withDefaults(Map<String, Object> changes) {
    Map<String, Object> m = new LinkedHashMap<>();
    for (String f :
        List.of(
            "firstName",
            "lastName",
            "company",
            "jobTitle",
            "grade",
            "campaignId",
            "prospectAccountId",
            "assignedToId",
            "salesforceId",
            "salesforceLeadId",
            "salesforceContactId",
            "lastActivityAt",
            "revsync_score__c",
            "revsync_reason__c")) {
      m.put(f, null);
    }
    m.put("score", 0L);
    m.put("optedOut", false);
    m.put("isDoNotEmail", false);
    m.putAll(changes);
    return m;
  }

  private static Map<String, Object> body(String contentType, String body)
      throws QueryApi.BadRequest {
    if (contentType == null
        || !contentType.toLowerCase(java.util.Locale.ROOT).startsWith("application/json")) {
      throw new QueryApi.BadRequest(151, "Invalid content type; send application/json");
    }
    try {
      return PardotJson.object(body);
    } catch (IllegalArgumentException e) {
      throw new QueryApi.BadRequest(150, "Invalid JSON in the request body");
    }
  }

  private Map<String, Object> changes(Map<String, Object> json) throws QueryApi.BadRequest {
    PardotSchema.Collection c = schema.collection(PardotSchema.PROSPECTS);
    Map<String, Object> changes = new LinkedHashMap<>();
    for (Map.Entry<String, Object> e : json.entrySet()) {
      PardotSchema.Field f = c.field(e.getKey());
      if (f == null || !f.writable())
        throw new QueryApi.BadRequest(180, "Invalid field: " + e.getKey());
      try {
        changes.put(f.name(), PardotSchema.coerce(f.type(), e.getValue()));
      } catch (RuntimeException ex) {
        throw new QueryApi.BadRequest(
            180, "Invalid value for field " + e.getKey() + ": " + e.getValue());
      }
    }
    return changes;
  }

  private MockResponse answer(int status, SimRecord r, String fields) {
    if (fields == null || fields.isBlank())
      return new MockResponse.Builder().code(status == 201 ? 201 : 204).build();
    List<String> names = new ArrayList<>();
    PardotSchema.Collection c = schema.collection(PardotSchema.PROSPECTS);
    for (String f : fields.split(",")) {
      if (c.field(f.trim()) != null) names.add(f.trim());
    }
    if (names.isEmpty()) return new MockResponse.Builder().code(204).build();
    return PardotJson.json(status, query.record(r, names));
  }
}
