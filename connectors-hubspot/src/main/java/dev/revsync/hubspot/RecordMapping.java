package dev.revsync.hubspot;

import dev.revsync.FieldSchema;
import dev.revsync.FieldType;
import dev.revsync.ProtocolException;
import dev.revsync.Record;
import dev.revsync.spi.Values;
import java.math.BigDecimal;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Turns HubSpot records into revsync {@link Record}s against one object's property types, resolved
 * once per sync: every CRM value travels as a string, so {@code number} becomes {@link BigDecimal}
 * (never through {@code double}), {@code bool} a Boolean, {@code datetime} an Instant (ISO-8601 or
 * epoch milliseconds), {@code date} a LocalDate ({@code YYYY-MM-DD} or midnight epoch
 * milliseconds), everything else a String, each through the SPI's {@link Values}. Also the reverse
 * for writes. Immutable.
 */
final class RecordMapping {
  /** One CRM property as the properties API describes it. */
  record Prop(
      String name,
      String label,
      String type,
      String fieldType,
      boolean readOnly,
      boolean unique,
      boolean calculated) {
    /** A property as the properties and schemas APIs describe it ({@code Property}). */
    static Prop of(Map<?, ?> p) {
      boolean readOnly =
          p.get("modificationMetadata") instanceof Map<?, ?> m
              && Boolean.TRUE.equals(m.get("readOnlyValue"));
      return new Prop(
          string(p.get("name")),
          string(p.get("label")),
          string(p.get("type")),
          string(p.get("fieldType")),
          readOnly,
          Boolean.TRUE.equals(p.get("hasUniqueValue")),
          Boolean.TRUE.equals(p.get("calculated")));
    }

    FieldSchema schema() {
      boolean writable = !readOnly && !calculated;
      return FieldSchema.builder(name, RecordMapping.fieldType(type, name))
          .label(label)
          .vendorType(type + "/" + fieldType)
          .createable(writable)
          .updateable(writable)
          .externalId(unique)
          .build();
    }
  }

  private final String system;
  private final String object;
  private final Map<String, Prop> props;

  RecordMapping(String system, String object, Map<String, Prop> props) {
    this.system = system;
    this.object = object;
    this.props = props;
  }

  Map<String, Prop> props() {
    return props;
  }

  static FieldType fieldType(String type, String name) {
    if (name.equals("hs_object_id")) return FieldType.DECIMAL;
    return switch (type == null ? "" : type) {
      case "number" -> FieldType.DECIMAL;
      case "bool" -> FieldType.BOOLEAN;
      case "datetime" -> FieldType.DATETIME;
      case "date" -> FieldType.DATE;
      case "string", "enumeration", "phone_number" -> FieldType.STRING;
      default -> FieldType.OTHER;
    };
  }

  /** A CRM record ({@code SimplePublicObject}); archived ones become tombstones. */
  Record crmRecord(Map<String, Object> json, String call) {
    String id = string(json.get("id"));
    if (id == null) throw malformed(call, "a record without an id");
    Instant updatedAt = instant(json.get("updatedAt"), "updatedAt", call);
    if (Boolean.TRUE.equals(json.get("archived"))) {
      Instant at =
          json.get("archivedAt") != null
              ? instant(json.get("archivedAt"), "archivedAt", call)
              : updatedAt;
      return Record.deleted(object, id, at, Map.of());
    }
    Map<String, Object> fields = new LinkedHashMap<>();
    if (json.get("properties") instanceof Map<?, ?> properties) {
      for (Map.Entry<?, ?> e : properties.entrySet()) {
        String name = e.getKey().toString();
        fields.put(name, value(name, e.getValue(), call));
      }
    }
    if (json.get("associations") instanceof Map<?, ?> associations) {
      for (Map.Entry<?, ?> e : associations.entrySet()) {
        List<String> ids = new ArrayList<>();
        if (e.getValue() instanceof Map<?, ?> m && m.get("results") instanceof List<?> results) {
          for (Object r : results)
            if (r instanceof Map<?, ?> a && a.get("id") != null) ids.add(a.get("id").toString());
        }
        fields.put("associations." + e.getKey(), List.copyOf(ids));
      }
    }
    return Record.adopt(object, id, updatedAt, false, fields);
  }

  /** A property's string value in revsync's type for it. */
  Object value(String name, Object raw, String call) {
    if (raw == null) return null;
    String s = raw.toString();
    Prop p = props.get(name);
    String type = p == null ? "string" : name.equals("hs_object_id") ? "number" : p.type();
    if (s.isEmpty() && !type.equals("string") && !type.equals("enumeration")) return null;
    return switch (type) {
      case "number" -> Values.read(system, call, name, s.strip(), Values::decimal);
      // a bool property holding something else is kept as sent rather than failing the record
      case "bool" ->
          s.equalsIgnoreCase("true")
              ? (Object) true
              : s.equalsIgnoreCase("false") ? (Object) false : s;
      case "datetime" -> Values.read(system, call, name, s, RecordMapping::instant);
      case "date" ->
          Values.read(
              system,
              call,
              name,
              s,
              v ->
                  isDigits(v)
                      ? LocalDate.ofInstant(Values.epochMillis(v), ZoneOffset.UTC)
                      : Values.date(v));
      default -> s;
    };
  }

  /**
   * HubSpot's two spellings of a time: ISO-8601 ({@code updatedAt}) or epoch milliseconds (v1 APIs,
   * filters).
   */
  static Instant instant(String s) {
    return isDigits(s) ? Values.epochMillis(s) : Values.instant(s);
  }

  /** A value as HubSpot takes it in a write: always a string; null clears (empty string). */
  static String wire(Object value) {
    if (value == null) return "";
    if (value instanceof BigDecimal d) return d.toPlainString();
    if (value instanceof Number || value instanceof Boolean) return value.toString();
    if (value instanceof Instant at) return Long.toString(at.toEpochMilli());
    if (value instanceof LocalDate d) return d.toString();
    return value.toString();
  }

  private static boolean isDigits(String s) {
    if (s.isEmpty()) return false;
    for (int i = 0; i < s.length(); i++) if (s.charAt(i) < '0' || s.charAt(i) > '9') return false;
    return true;
  }

  /** A record's required time ({@code updatedAt}, {@code created}, ...). */
  Instant instant(Object value, String field, String call) {
    if (value == null) throw malformed(call, "a record without " + field);
    return Values.read(system, call, field, value.toString(), RecordMapping::instant);
  }

  private ProtocolException malformed(String call, String what) {
    return new ProtocolException(
        system, call, "HubSpot sent " + what, "Report this to HubSpot support", null);
  }

  static String string(Object value) {
    return value == null ? null : value.toString();
  }
}
