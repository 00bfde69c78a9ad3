package dev.revsync.simulators.hubspot;

import dev.revsync.simulators.ObjectTable;
import dev.revsync.simulators.SimRecord;
import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import mockwebserver3.MockResponse;

/**
 * Associations, v4 and v3: {@code GET /crm/v4/objects/{from}/{id}/associations/{to}} and the batch
 * reads {@code POST /crm/v{3,4}/associations/{from}/{to}/batch/read}. Each record is associated
 * with one record of each other type, chosen from its id (the same pairs the inline {@code
 * associations=} parameter shows). Stateless.
 */
final class Associations {
  private Associations() {}

  static boolean handles(String path) {
    return path.startsWith("/crm/v4/associations/")
        || path.startsWith("/crm/v3/associations/")
        || (path.startsWith("/crm/v4/objects/") && path.contains("/associations/"));
  }

  static MockResponse.Builder handle(HubSpotHandler.Call call, HubSpotSimulator sim)
      throws IOException {
    String[] parts = call.path().substring(1).split("/");
    boolean v4 = parts[1].equals("v4");
    if (parts[2].equals("objects")
        && parts.length == 7
        && parts[5].equals("associations")
        && call.method().equals("GET")) {
      CrmType from = sim.crmType(parts[3]);
      CrmType to = sim.crmType(parts[6]);
      if (from == null || to == null) return unknownType(call, from == null ? parts[3] : parts[6]);
      MockResponse.Builder denied = HubSpotHandler.requireScope(call, from.readScope);
      if (denied != null) return denied;
      SimRecord r = sim.store().table(from.name).get(parts[4]);
      if (r == null || r.deleted()) {
        return Wire.error(
            404,
            call.correlationId(),
            "OBJECT_NOT_FOUND",
            "No " + from.singularLabel.toLowerCase(Locale.ROOT) + " with id " + parts[4]);
      }
      String target = target(sim, from, to, r.id());
      return Wire.json(
          200,
          call.correlationId(),
          w -> {
            w.beginObject().name("results").beginArray();
            if (target != null) {
              w.beginObject()
                  .name("toObjectId")
                  .value(Long.parseLong(target))
                  .name("associationTypes")
                  .beginArray();
              w.beginObject()
                  .name("category")
                  .value("HUBSPOT_DEFINED")
                  .name("typeId")
                  .value(1)
                  .name("label")
                  .nullValue()
                  .endObject();
              w.endArray().endObject();
            }
            w.endArray().endObject();
          });
    }
    if (parts[2].equals("associations")
        && parts.length == 7
        && parts[5].equals("batch")
        && parts[6].equals("read")
        && call.method().equals("POST")) {
      CrmType from = sim.crmType(parts[3]);
      CrmType to = sim.crmType(parts[4]);
      if (from == null || to == null) return unknownType(call, from == null ? parts[3] : parts[4]);
      MockResponse.Builder denied = HubSpotHandler.requireScope(call, from.readScope);
      if (denied != null) return denied;
      Map<String, Object> body;
      try {
        body = Wire.readObjectBody(call.request());
      } catch (Wire.BadRequest e) {
        return Wire.error(400, call.correlationId(), "VALIDATION_ERROR", e.getMessage());
      }
      List<String[]> pairs = new ArrayList<>();
      if (body.get("inputs") instanceof List<?> inputs) {
        for (Object in : inputs) {
          String id =
              in instanceof Map<?, ?> m && m.get("id") != null ? m.get("id").toString() : null;
          SimRecord r = id == null ? null : sim.store().table(from.name).get(id);
          String target = r == null || r.deleted() ? null : target(sim, from, to, r.id());
          if (target != null) pairs.add(new String[] {id, target});
        }
      }
      return Wire.json(
          200,
          call.correlationId(),
          w -> {
            w.beginObject().name("status").value("COMPLETE").name("results").beginArray();
            for (String[] p : pairs) {
              w.beginObject().name("from").beginObject().name("id").value(p[0]).endObject();
              w.name("to").beginArray().beginObject();
              if (v4) {
                w.name("toObjectId")
                    .value(Long.parseLong(p[1]))
                    .name("associationTypes")
                    .beginArray()
                    .beginObject()
                    .name("category")
                    .value("HUBSPOT_DEFINED")
                    .name("typeId")
                    .value(1)
                    .name("label")
                    .nullValue()
                    .endObject()
                    .endArray();
              } else {
                w.name("id")
                    .value(p[1])
                    .name("type")
                    .value(
                        from.singularLabel.toLowerCase(Locale.ROOT)
                            + "_to_"
                            + to.singularLabel.toLowerCase(Locale.ROOT));
              }
              w.endObject().endArray().endObject();
            }
            w.endArray();
            w.name("startedAt")
                .value(Wire.iso(CrmApi.now(sim)))
                .name("completedAt")
                .value(Wire.iso(CrmApi.now(sim)));
            w.endObject();
          });
    }
    return Wire.error(
        404,
        call.correlationId(),
        "OBJECT_NOT_FOUND",
        "Unable to route " + call.method() + " " + call.path());
  }

  /** The one record of {@code to} that a record of {@code from} is associated with, or null. */
  static String target(HubSpotSimulator sim, CrmType from, CrmType to, String id) {
    if (from == to) return null;
    ObjectTable table = sim.store().table(to.name);
    long size = table == null ? 0 : table.size(false);
    if (size == 0) return null;
    return Long.toString(CrmType.FIRST_ID + (Long.parseLong(id) - CrmType.FIRST_ID) % size);
  }

  private static MockResponse.Builder unknownType(HubSpotHandler.Call call, String type)
      throws IOException {
    return Wire.error(
        400, call.correlationId(), "VALIDATION_ERROR", "Unable to infer object type from: " + type);
  }
}
