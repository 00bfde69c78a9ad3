package dev.revsync.simulators.hubspot;

import com.squareup.moshi.JsonWriter;
import dev.revsync.simulators.ObjectTable;
import dev.revsync.simulators.SimRecord;
import java.io.IOException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import mockwebserver3.MockResponse;

/**
 * CRM writes: batch read/create/update/upsert/archive (at most 100 inputs; 200 or 201 when every
 * input succeeded, 207 Multi-Status with {@code errors[]} naming failing inputs in {@code
 * context.ids} otherwise, 204 for archive) and the single-record create, update and archive. Batch
 * updates refuse unknown and read-only properties for the whole batch; the single-record PATCH
 * ignores them. Thread-safe; each record is written under the table's lock.
 */
final class CrmBatch {
  static final int MAX_INPUTS = 100;

  private final HubSpotSimulator sim;
  private final CrmRecords records;

  CrmBatch(HubSpotSimulator sim, CrmRecords records) {
    this.sim = sim;
    this.records = records;
  }

  /** One input's failure, grouped into the response's errors by category and message. */
  private record Failure(
      String id, String category, String message, List<Map<String, Object>> details) {}

  /** One input's success. */
  private record Done(SimRecord record, List<String> properties, Boolean created) {}

  MockResponse.Builder handle(HubSpotHandler.Call call, CrmType type, String op)
      throws IOException {
    Map<String, Object> body;
    try {
      body = Wire.readObjectBody(call.request());
    } catch (Wire.BadRequest e) {
      return Wire.error(400, call.correlationId(), "VALIDATION_ERROR", e.getMessage());
    }
    if (!(body.get("inputs") instanceof List<?> inputs)) {
      return Wire.error(
          400,
          call.correlationId(),
          "VALIDATION_ERROR",
          "Invalid input JSON: 'inputs' is required");
    }
    if (inputs.size() > MAX_INPUTS) {
      return Wire.error(
          400,
          call.correlationId(),
          "VALIDATION_ERROR",
          "Batch input exceeds the maximum of " + MAX_INPUTS + " inputs: " + inputs.size());
    }
    if (!op.equals("create")) {
      Set<String> seen = new HashSet<>();
      List<String> duplicates = new ArrayList<>();
      for (Object in : inputs) {
        Object id = in instanceof Map<?, ?> m ? m.get("id") : null;
        String key =
            id == null ? null : CrmRecords.normalize(idPropertyOf(body, in), id.toString());
        if (key != null && !seen.add(key)) duplicates.add(id.toString());
      }
      if (!duplicates.isEmpty()) {
        return Wire.error(
            400,
            call.correlationId(),
            "VALIDATION_ERROR",
            "Duplicate IDs found in batch input: " + duplicates + ". IDs must be unique");
      }
    }
    if (op.equals("update") || op.equals("create") || op.equals("upsert")) {
      MockResponse.Builder refused = refuseUnknownOrReadOnly(call, type, inputs);
      if (refused != null) return refused;
    }
    Instant started = CrmApi.now(sim);
    List<Done> done = new ArrayList<>();
    List<Failure> failed = new ArrayList<>();
    switch (op) {
      case "read" -> {
        List<String> properties =
            CrmApi.propertiesOrDefault(type, stringList(body.get("properties")));
        String idProperty = body.get("idProperty") instanceof String s ? s : null;
        for (Object in : inputs) {
          String id =
              in instanceof Map<?, ?> m && m.get("id") != null ? m.get("id").toString() : null;
          SimRecord r =
              idProperty == null ? records.byId(type, id) : records.byUnique(type, idProperty, id);
          if (r == null || r.deleted()) failed.add(notFound(type, id));
          else done.add(new Done(r, properties, null));
        }
      }
      case "create" -> {
        for (Object in : inputs) {
          Map<?, ?> m = in instanceof Map<?, ?> map ? map : Map.of();
          Failure f = create(type, m.get("properties"), done);
          if (f != null) failed.add(f);
        }
      }
      case "update" -> {
        for (Object in : inputs) {
          Map<?, ?> m = in instanceof Map<?, ?> map ? map : Map.of();
          String id = m.get("id") == null ? null : m.get("id").toString();
          String idProperty = idPropertyOf(body, in);
          SimRecord current =
              idProperty.equals("hs_object_id")
                  ? records.byId(type, id)
                  : records.byUnique(type, idProperty, id);
          if (current == null || current.deleted()) {
            failed.add(notFound(type, id));
            continue;
          }
          Failure f = update(type, current, id, m.get("properties"), done, false);
          if (f != null) failed.add(f);
        }
      }
      case "upsert" -> {
        for (Object in : inputs) {
          Map<?, ?> m = in instanceof Map<?, ?> map ? map : Map.of();
          String id = m.get("id") == null ? null : m.get("id").toString();
          String idProperty = idPropertyOf(body, in);
          Property unique = type.property(idProperty);
          if (!idProperty.equals("hs_object_id") && (unique == null || !unique.unique())) {
            failed.add(
                new Failure(
                    id,
                    "VALIDATION_ERROR",
                    idProperty + " is not a unique property of " + type.name,
                    List.of()));
            continue;
          }
          SimRecord current =
              idProperty.equals("hs_object_id")
                  ? records.byId(type, id)
                  : records.byUnique(type, idProperty, id);
          if (current != null && !current.deleted()) {
            Failure f = update(type, current, id, m.get("properties"), done, true);
            if (f != null) failed.add(f);
          } else if (idProperty.equals("hs_object_id")) {
            failed.add(notFound(type, id));
          } else {
            Map<String, Object> props = new LinkedHashMap<>();
            if (m.get("properties") instanceof Map<?, ?> p)
              p.forEach((k, v) -> props.put(k.toString(), v));
            props.put(idProperty, id);
            Failure f = create(type, props, done);
            if (f != null) failed.add(new Failure(id, f.category(), f.message(), f.details()));
          }
        }
      }
      case "archive" -> {
        for (Object in : inputs) {
          String id =
              in instanceof Map<?, ?> m && m.get("id") != null ? m.get("id").toString() : null;
          SimRecord r = records.byId(type, id);
          if (r != null && !r.deleted()) records.table(type).delete(id);
          // archiving an unknown or archived id is not an error
        }
        return Wire.noContent(call.correlationId());
      }
      default -> {
        return Wire.error(
            404, call.correlationId(), "OBJECT_NOT_FOUND", "Unable to route POST " + call.path());
      }
    }
    int status = !failed.isEmpty() ? 207 : op.equals("create") ? 201 : 200;
    Instant completed = CrmApi.now(sim);
    boolean upsert = op.equals("upsert");
    return Wire.json(
        status,
        call.correlationId(),
        w -> {
          w.beginObject();
          w.name("status").value("COMPLETE");
          w.name("results").beginArray();
          for (Done d : done) writeResult(w, type, d, upsert);
          w.endArray();
          if (!failed.isEmpty()) {
            w.name("numErrors").value(failed.size());
            w.name("errors");
            Wire.write(w, groupErrors(failed));
          }
          w.name("startedAt").value(Wire.iso(started));
          w.name("completedAt").value(Wire.iso(completed));
          w.endObject();
        });
  }

  private void writeResult(JsonWriter w, CrmType type, Done d, boolean upsert) throws IOException {
    if (!upsert) {
      CrmRecords.write(w, type, d.record(), d.properties(), List.of(), List.of(), sim);
      return;
    }
    // SimplePublicUpsertObject: createdAt, archived, id, new, properties, updatedAt
    SimRecord r = d.record();
    w.beginObject();
    w.name("createdAt").value(Wire.iso(r.createdAt() != null ? r.createdAt() : r.modifiedAt()));
    w.name("archived").value(false);
    w.name("id").value(r.id());
    w.name("new").value(Boolean.TRUE.equals(d.created()));
    w.name("properties").beginObject();
    for (String p : d.properties()) w.name(p).value(CrmRecords.formatted(type, r, p));
    w.endObject();
    w.name("updatedAt").value(Wire.iso(r.modifiedAt()));
    w.endObject();
  }

  /** Not-found ids share one error, as HubSpot reports them; other failures get one error each. */
  private static List<Map<String, Object>> groupErrors(List<Failure> failed) {
    Map<String, Map<String, Object>> grouped = new LinkedHashMap<>();
    List<Map<String, Object>> out = new ArrayList<>();
    for (Failure f : failed) {
      String key = f.category() + "\u0000" + f.message();
      Map<String, Object> e = f.category().equals("OBJECT_NOT_FOUND") ? grouped.get(key) : null;
      if (e != null) {
        @SuppressWarnings("unchecked")
        List<Object> ids = (List<Object>) ((Map<String, Object>) e.get("context")).get("ids");
        ids.add(f.id());
        continue;
      }
      e = new LinkedHashMap<>();
      e.put("status", "error");
      e.put("category", f.category());
      e.put("message", f.message());
      Map<String, Object> context = new LinkedHashMap<>();
      List<Object> ids = new ArrayList<>();
      ids.add(f.id());
      context.put("ids", ids);
      e.put("context", context);
      e.put("links", Map.of());
      e.put("errors", f.details());
      if (f.category().equals("OBJECT_NOT_FOUND")) grouped.put(key, e);
      out.add(e);
    }
    return out;
  }

  private static Failure notFound(CrmType type, String id) {
    return new Failure(
        id,
        "OBJECT_NOT_FOUND",
        "Could not get some "
            + type.singularLabel.toUpperCase(Locale.ROOT)
            + " objects, they may be deleted or not exist. Check that ids are valid.",
        List.of());
  }

  private static String idPropertyOf(Map<String, Object> body, Object input) {
    if (input instanceof Map<?, ?> m && m.get("idProperty") instanceof String s && !s.isEmpty())
      return s;
    if (body.get("idProperty") instanceof String s && !s.isEmpty()) return s;
    return "hs_object_id";
  }

  /** 400 for the whole batch when an input names an unknown or read-only property. */
  private static MockResponse.Builder refuseUnknownOrReadOnly(
      HubSpotHandler.Call call, CrmType type, List<?> inputs) throws IOException {
    List<Map<String, Object>> errors = new ArrayList<>();
    for (Object in : inputs) {
      if (!(in instanceof Map<?, ?> m) || !(m.get("properties") instanceof Map<?, ?> props))
        continue;
      for (Object name : props.keySet()) {
        Property p = type.property(name.toString());
        if (p == null) {
          errors.add(
              Map.of(
                  "message",
                  "Property \"" + name + "\" does not exist",
                  "code",
                  "PROPERTY_DOESNT_EXIST",
                  "context",
                  Map.of("propertyName", List.of(name.toString())),
                  "name",
                  name.toString()));
        } else if (p.readOnly() || p.calculated()) {
          errors.add(
              Map.of(
                  "message",
                  "Property \"" + name + "\" is read-only",
                  "code",
                  "READ_ONLY_VALUE",
                  "context",
                  Map.of("propertyName", List.of(name.toString())),
                  "name",
                  name.toString()));
        }
      }
    }
    if (errors.isEmpty()) return null;
    return Wire.error(
        400,
        call.correlationId(),
        "VALIDATION_ERROR",
        "Property values were not valid: " + Wire.compact(errors),
        errors,
        null,
        null);
  }

  /** Parses every value; the first that does not fit fails the input. */
  private static Map<String, Object> parse(
      CrmType type, Object raw, List<Map<String, Object>> errors) {
    Map<String, Object> out = new LinkedHashMap<>();
    if (!(raw instanceof Map<?, ?> props)) return out;
    for (Map.Entry<?, ?> e : props.entrySet()) {
      String name = e.getKey().toString();
      Property p = type.property(name);
      if (p == null || p.readOnly())
        continue; // single-record writes ignore them; batches refused them earlier
      try {
        out.put(name, p.parse(e.getValue()));
      } catch (Property.InvalidValue invalid) {
        errors.add(
            Map.of(
                "message",
                invalid.getMessage(),
                "code",
                invalid.code,
                "in",
                name,
                "context",
                Map.of("propertyName", List.of(name))));
      }
    }
    return out;
  }

  private Failure create(CrmType type, Object rawProperties, List<Done> done) {
    List<Map<String, Object>> errors = new ArrayList<>();
    Map<String, Object> values = parse(type, rawProperties, errors);
    if (!errors.isEmpty())
      return new Failure(null, "VALIDATION_ERROR", "Property values were not valid", errors);
    for (Property p : type.properties()) {
      if (p.unique()
          && values.get(p.name()) != null
          && records.byUnique(type, p.name(), values.get(p.name()).toString()) != null) {
        return new Failure(
            null,
            "CONFLICT",
            "A "
                + type.singularLabel.toLowerCase(Locale.ROOT)
                + " with "
                + p.name()
                + " "
                + values.get(p.name())
                + " already exists.",
            List.of());
      }
    }
    ObjectTable table = records.table(type);
    SimRecord created = table.insert(values);
    records.indexUnique(type, created);
    List<String> props = new ArrayList<>(values.keySet());
    props.addAll(List.of("hs_object_id", type.createdProperty, type.modifiedProperty));
    done.add(new Done(created, props, Boolean.TRUE));
    return null;
  }

  private Failure update(
      CrmType type,
      SimRecord current,
      String inputId,
      Object rawProperties,
      List<Done> done,
      boolean upsert) {
    List<Map<String, Object>> errors = new ArrayList<>();
    Map<String, Object> values = parse(type, rawProperties, errors);
    if (!errors.isEmpty())
      return new Failure(inputId, "VALIDATION_ERROR", "Property values were not valid", errors);
    SimRecord updated = records.table(type).update(current.id(), values);
    if (updated == null) return notFound(type, inputId);
    records.indexUnique(type, updated);
    List<String> props = new ArrayList<>(values.keySet());
    props.addAll(List.of("hs_object_id", type.modifiedProperty));
    done.add(new Done(updated, props, upsert ? Boolean.FALSE : null));
    return null;
  }

  MockResponse.Builder createOne(HubSpotHandler.Call call, CrmType type) throws IOException {
    Map<String, Object> body;
    try {
      body = Wire.readObjectBody(call.request());
    } catch (Wire.BadRequest e) {
      return Wire.error(400, call.correlationId(), "VALIDATION_ERROR", e.getMessage());
    }
    List<Done> done = new ArrayList<>();
    Failure f = create(type, body.get("properties"), done);
    if (f != null) return single(call, f);
    Done d = done.get(0);
    return Wire.json(
        201,
        call.correlationId(),
        w -> CrmRecords.write(w, type, d.record(), d.properties(), List.of(), List.of(), sim));
  }

  MockResponse.Builder updateOne(HubSpotHandler.Call call, CrmType type, String id)
      throws IOException {
    Map<String, Object> body;
    try {
      body = Wire.readObjectBody(call.request());
    } catch (Wire.BadRequest e) {
      return Wire.error(400, call.correlationId(), "VALIDATION_ERROR", e.getMessage());
    }
    String idProperty = call.request().getUrl().queryParameter("idProperty");
    SimRecord current =
        idProperty == null || idProperty.equals("hs_object_id")
            ? records.byId(type, id)
            : records.byUnique(type, idProperty, id);
    if (current == null || current.deleted()) return single(call, notFound(type, id));
    List<Done> done = new ArrayList<>();
    Failure f = update(type, current, id, body.get("properties"), done, false);
    if (f != null) return single(call, f);
    Done d = done.get(0);
    return Wire.json(
        200,
        call.correlationId(),
        w -> CrmRecords.write(w, type, d.record(), d.properties(), List.of(), List.of(), sim));
  }

  MockResponse.Builder archiveOne(HubSpotHandler.Call call, CrmType type, String id)
      throws IOException {
    SimRecord r = records.byId(type, id);
    if (r != null && !r.deleted()) records.table(type).delete(id);
    return Wire.noContent(call.correlationId());
  }

  private static MockResponse.Builder single(HubSpotHandler.Call call, Failure f)
      throws IOException {
    int status =
        switch (f.category()) {
          case "OBJECT_NOT_FOUND" -> 404;
          case "CONFLICT" -> 409;
          default -> 400;
        };
    return Wire.error(
        status, call.correlationId(), f.category(), f.message(), f.details(), null, null);
  }

  private static List<String> stringList(Object value) {
    List<String> out = new ArrayList<>();
    if (value instanceof List<?> list) for (Object o : list) if (o != null) out.add(o.toString());
    return out;
  }
}
