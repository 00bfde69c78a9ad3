package dev.revsync.hubspot;

import dev.revsync.FieldSchema;
import dev.revsync.FieldType;
import dev.revsync.ProtocolException;
import dev.revsync.Record;
import dev.revsync.spi.RecordShape;
import dev.revsync.spi.Values;
import java.math.BigDecimal;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

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

  /**
   * The shape of CRM records ({@code SimplePublicObject}) carrying {@code properties} and {@code
   * associations}: each property known to the object a field read from under {@code properties}
   * (unknown ones HubSpot leaves out), each association a field {@code associations.<type>} holding
   * the associated ids; beside them the record's id, {@code updatedAt}, {@code archived} and {@code
   * archivedAt}, read under names no property can have.
   */
  Crm crm(List<String> properties, List<String> associations, String call) {
    return new Crm(properties, associations, call);
  }

  /** CRM records read against one shape per sync (or per kind of page): no map per record. */
  final class Crm {
    private static final String ID = "@id";
    private static final String UPDATED_AT = "@updatedAt";
    private static final String ARCHIVED = "@archived";
    private static final String ARCHIVED_AT = "@archivedAt";

    private final RecordShape shape;
    private final String call;
    private final int idAt;
    private final int updatedAt;
    private final int archived;
    private final int archivedAt;

    private Crm(List<String> properties, List<String> associations, String call) {
      this.call = call;
      RecordShape.Builder b = RecordShape.builder(object);
      Set<String> added = new HashSet<>();
      for (String p : properties) {
        if (!props.containsKey(p) || !added.add(p)) continue;
        b.rawField(p, converter(p, call)).source(p, "properties." + p);
      }
      for (String a : associations) {
        String name = "associations." + a;
        if (added.add(name)) b.rawField(name, RecordMapping::associated).source(name, name);
      }
      this.shape =
          b.extra(UPDATED_AT, raw -> instant(raw, "updatedAt", call))
              .source(UPDATED_AT, "updatedAt")
              .extra(ARCHIVED)
              .source(ARCHIVED, "archived")
              .extra(ARCHIVED_AT, raw -> instant(raw, "archivedAt", call))
              .source(ARCHIVED_AT, "archivedAt")
              .id(ID)
              .source(ID, "id")
              .modifiedAt(UPDATED_AT)
              .build();
      this.idAt = shape.indexOf(ID);
      this.updatedAt = shape.indexOf(UPDATED_AT);
      this.archived = shape.indexOf(ARCHIVED);
      this.archivedAt = shape.indexOf(ARCHIVED_AT);
    }

    RecordShape shape() {
      return shape;
    }

    /** The record's id as read, or null. */
    String id(Object[] values) {
      return string(values[idAt]);
    }

    /**
     * The record of values read against {@link #shape()} (the array adopted); an archived one is a
     * tombstone stamped when it was archived.
     */
    Record record(Object[] values) {
      String id = id(values);
      if (id == null) throw malformed(call, "a record without an id");
      if (values[updatedAt] == null) throw malformed(call, "a record without updatedAt");
      if (Boolean.TRUE.equals(values[archived])) {
        Object at = values[archivedAt] != null ? values[archivedAt] : values[updatedAt];
        return Record.deleted(object, id, instant(at, "archivedAt", call), Map.of());
      }
      return shape.toRecord(values, system, call);
    }
  }

  /** An association's ids, from {@code {results: [{id, type}]}}. */
  private static List<String> associated(Object raw) {
    List<String> ids = new ArrayList<>();
    if (raw instanceof Map<?, ?> m && m.get("results") instanceof List<?> results) {
      for (Object r : results)
        if (r instanceof Map<?, ?> a && a.get("id") != null) ids.add(a.get("id").toString());
    }
    return List.copyOf(ids);
  }

  /**
   * How a property's string value becomes revsync's type for it, resolved once per sync: numbers
   * exact, an empty value none (but for strings), a bool property holding something else kept as
   * sent rather than failing the record.
   */
  RecordShape.Converter converter(String name, String call) {
    Prop p = props.get(name);
    String type = p == null ? "string" : name.equals("hs_object_id") ? "number" : p.type();
    return switch (type) {
      case "string", "enumeration" -> raw -> raw.toString();
      case "number" ->
          raw -> {
            String s = raw.toString();
            return s.isEmpty() ? null : Values.read(system, call, name, s.strip(), Values::decimal);
          };
      case "bool" ->
          raw -> {
            String s = raw.toString();
            if (s.isEmpty()) return null;
            return s.equalsIgnoreCase("true")
                ? (Object) true
                : s.equalsIgnoreCase("false") ? (Object) false : s;
          };
      case "datetime" ->
          raw -> Values.read(system, call, name, raw.toString(), RecordMapping::instant);
      case "date" -> {
        Values.Parser<LocalDate> date =
            v ->
                isDigits(v)
                    ? LocalDate.ofInstant(Values.epochMillis(v), ZoneOffset.UTC)
                    : Values.date(v);
        yield raw -> Values.read(system, call, name, raw.toString(), date);
      }
      default ->
          raw -> {
            String s = raw.toString();
            return s.isEmpty() ? null : s;
          };
    };
  }

  /**
   * HubSpot's two spellings of a time: ISO-8601 ({@code updatedAt}) or epoch milliseconds (v1 APIs,
   * filters).
   */
  static Instant instant(String s) {
    // A record's times are ISO-8601 (a '-' after the year): no scan for digits first.
    boolean iso = s.length() > 4 && s.charAt(4) == '-';
    return !iso && isDigits(s) ? Values.epochMillis(s) : Values.instant(s);
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
    if (value instanceof Instant at) return at;
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
