package dev.revsync.simulators.hubspot;

import com.squareup.moshi.JsonWriter;
import dev.revsync.simulators.ObjectTable;
import dev.revsync.simulators.SimRecord;
import java.io.IOException;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * How CRM records look on the wire ({@code SimplePublicObject}: id, properties as strings,
 * createdAt, updatedAt, archived, archivedAt, optional propertiesWithHistory and associations), and
 * the lookups writes need: record ids in numeric order, and unique property values (email) to
 * record ids. Thread-safe.
 */
final class CrmRecords {
  private final HubSpotSimulator sim;

  /** Unique values set through the API, per type and property: value → id. */
  private final Map<String, Map<String, String>> uniqueIndex = new ConcurrentHashMap<>();

  CrmRecords(HubSpotSimulator sim) {
    this.sim = sim;
  }

  ObjectTable table(CrmType type) {
    return sim.store().table(type.name);
  }

  /** A property's value on a record: stored, or derived from the record itself. */
  static Object value(CrmType type, SimRecord r, String property) {
    if (property.equals("hs_object_id")) return new java.math.BigDecimal(r.id());
    if (property.equals(type.createdProperty))
      return r.createdAt() != null ? r.createdAt() : r.modifiedAt();
    if (property.equals(type.modifiedProperty)) return r.modifiedAt();
    return r.get(property);
  }

  static String formatted(CrmType type, SimRecord r, String property) {
    Property def = type.property(property);
    Object v = value(type, r, property);
    return def == null ? (v == null ? null : v.toString()) : def.format(v);
  }

  /**
   * Writes one record. Unknown property names are left out, as HubSpot silently ignores them; known
   * ones are written with null when the record has no value.
   */
  static void write(
      JsonWriter w,
      CrmType type,
      SimRecord r,
      List<String> properties,
      List<String> withHistory,
      List<String> associations,
      HubSpotSimulator sim)
      throws IOException {
    w.beginObject();
    w.name("id").value(r.id());
    w.name("properties").beginObject();
    for (String p : properties) {
      if (type.property(p) == null) continue;
      w.name(p).value(formatted(type, r, p));
    }
    w.endObject();
    if (!withHistory.isEmpty()) {
      w.name("propertiesWithHistory").beginObject();
      for (String p : withHistory) {
        if (type.property(p) == null) continue;
        w.name(p).beginArray();
        String v = formatted(type, r, p);
        if (v != null) {
          w.beginObject()
              .name("value")
              .value(v)
              .name("timestamp")
              .value(Wire.iso(r.modifiedAt()))
              .name("sourceType")
              .value("API")
              .endObject();
        }
        w.endArray();
      }
      w.endObject();
    }
    w.name("createdAt").value(Wire.iso(r.createdAt() != null ? r.createdAt() : r.modifiedAt()));
    w.name("updatedAt").value(Wire.iso(r.modifiedAt()));
    w.name("archived").value(r.deleted());
    if (r.deleted()) w.name("archivedAt").value(Wire.iso(r.modifiedAt()));
    if (!associations.isEmpty()) writeAssociations(w, type, r, associations, sim);
    w.endObject();
  }

  /** Each record is associated with one record of each other type, chosen from its id. */
  private static void writeAssociations(
      JsonWriter w, CrmType type, SimRecord r, List<String> toTypes, HubSpotSimulator sim)
      throws IOException {
    boolean any = false;
    for (String to : toTypes) {
      CrmType target = sim.crmType(to);
      if (target == null || target == type) continue;
      ObjectTable table = sim.store().table(target.name);
      long size = table == null ? 0 : table.size(false);
      if (size == 0) continue;
      if (!any) {
        w.name("associations").beginObject();
        any = true;
      }
      long index = (Long.parseLong(r.id()) - CrmType.FIRST_ID) % size;
      w.name(to).beginObject().name("results").beginArray();
      w.beginObject()
          .name("id")
          .value(Long.toString(CrmType.FIRST_ID + index))
          .name("type")
          .value(
              type.singularLabel.toLowerCase(Locale.ROOT).replace(' ', '_')
                  + "_to_"
                  + target.singularLabel.toLowerCase(Locale.ROOT).replace(' ', '_'))
          .endObject();
      w.endArray().endObject();
    }
    if (any) w.endObject();
  }

  /** The record with this id, deleted or not, or null (ids are decimal strings). */
  SimRecord byId(CrmType type, String id) {
    if (id == null || id.isEmpty() || !id.chars().allMatch(Character::isDigit)) return null;
    return table(type).get(id);
  }

  /** The live record whose unique property {@code property} equals {@code value}, or null. */
  SimRecord byUnique(CrmType type, String property, String value) {
    if (value == null) return null;
    if (property.equals("hs_object_id")) {
      SimRecord r = byId(type, value);
      return r == null || r.deleted() ? null : r;
    }
    String key = normalize(property, value);
    Map<String, String> index = uniqueIndex.get(type.name + "/" + property);
    if (index != null) {
      String id = index.get(key);
      SimRecord r = id == null ? null : table(type).get(id);
      if (r != null
          && !r.deleted()
          && key.equals(normalize(property, String.valueOf(r.get(property))))) return r;
    }
    // generated contacts carry their index in the email: first.last.<index>@domain
    if (type.name.equals("contacts") && property.equals("email")) {
      int at = key.indexOf('@');
      int dot = at < 0 ? -1 : key.lastIndexOf('.', at);
      if (dot >= 0) {
        try {
          long i = Long.parseLong(key.substring(dot + 1, at));
          SimRecord r = table(type).get(Long.toString(CrmType.FIRST_ID + i));
          if (r != null
              && !r.deleted()
              && key.equals(normalize(property, String.valueOf(r.get(property))))) return r;
        } catch (NumberFormatException notGenerated) {
          // fall through to the scan
        }
      }
    }
    if (table(type).size(false) > 100_000)
      return null; // a scan would take too long; created values are indexed
    return table(type).stream(false)
        .filter(r -> key.equals(normalize(property, String.valueOf(r.get(property)))))
        .findFirst()
        .orElse(null);
  }

  /** Remembers the unique values of a record written through the API. */
  void indexUnique(CrmType type, SimRecord r) {
    for (Property p : type.properties()) {
      if (!p.unique()) continue;
      Object v = r.get(p.name());
      if (v != null) {
        uniqueIndex
            .computeIfAbsent(type.name + "/" + p.name(), k -> new ConcurrentHashMap<>())
            .put(normalize(p.name(), v.toString()), r.id());
      }
    }
  }

  /** Emails compare without case, as HubSpot's do. */
  static String normalize(String property, String value) {
    return property.equals("email") ? value.strip().toLowerCase(java.util.Locale.ROOT) : value;
  }
}
