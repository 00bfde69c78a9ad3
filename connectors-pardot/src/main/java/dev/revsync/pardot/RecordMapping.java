package dev.revsync.pardot;

import dev.revsync.FieldType;
import dev.revsync.ProtocolException;
import dev.revsync.Record;
import java.math.BigDecimal;
import java.time.Instant;
import java.time.LocalDateTime;
import java.time.OffsetDateTime;
import java.time.ZoneId;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeParseException;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Turns v5 records (JSON maps as {@link dev.revsync.spi.Json} reads them, or export CSV rows)
 * into revsync {@link Record}s against one shape per sync: the requested fields and their types,
 * resolved once. Ids and references become strings, datetimes instants (v5 sends ISO-8601 with
 * an offset; export files may send {@code YYYY-MM-DD HH:MM:SS} in the account's zone), numbers
 * exact. A value of the wrong type is a {@link ProtocolException} naming the field. Immutable.
 */
final class RecordMapping {
  private static final DateTimeFormatter LEGACY = DateTimeFormatter.ofPattern("uuuu-MM-dd HH:mm:ss");

  private final PardotObject object;
  private final List<String> names;
  private final FieldType[] types;
  private final ZoneId zone;

  RecordMapping(PardotObject object, Map<String, FieldType> shape, ZoneId zone) {
    this.object = object;
    this.names = List.copyOf(shape.keySet());
    this.types = shape.values().toArray(new FieldType[0]);
    this.zone = zone;
  }

  List<String> fieldNames() {
    return names;
  }

  /**
   * One v5 JSON record. The reader's map becomes the record's (no copy): values are converted in
   * place, related objects ({@code campaign: {name}}) flattened to their dotted names.
   */
  Record fromJson(Map<String, Object> json, String call) {
    boolean related = false;
    for (int i = 0; i < names.size(); i++) {
      String name = names.get(i);
      if (name.indexOf('.') > 0) {
        related = true;
        json.put(name, convert(name, types[i], nested(json, name), call));
      } else {
        json.put(name, convert(name, types[i], json.get(name), call));
      }
    }
    if (related || json.size() != names.size()) json.keySet().retainAll(names);
    return toRecord(json, call);
  }

  /** One export CSV row: every value a string, empty for null. */
  Record fromCsv(Map<String, String> row, String call) {
    Map<String, Object> values = new LinkedHashMap<>(names.size() * 2);
    for (int i = 0; i < names.size(); i++) {
      String raw = row.get(names.get(i));
      values.put(names.get(i), raw == null || raw.isEmpty() ? null : convert(names.get(i), types[i], raw, call));
    }
    return toRecord(values, call);
  }

  private Record toRecord(Map<String, Object> values, String call) {
    Object id = values.get("id");
    Object updated = values.get("updatedAt");
    if (id == null || !(updated instanceof Instant at)) {
      throw new ProtocolException(PardotConfig.SYSTEM, call, "a " + object.collection + " record without id or updatedAt",
          "Report this to Salesforce support; the sync resumes from its checkpoint", null);
    }
    boolean deleted = Boolean.TRUE.equals(values.get("isDeleted"));
    return Record.adopt(object.revsyncName, id.toString(), at, deleted, values);
  }

  private static Object nested(Map<String, Object> json, String path) {
    Object node = json;
    for (String step : path.split("\\.")) {
      if (!(node instanceof Map<?, ?> m)) return null;
      node = m.get(step);
    }
    return node;
  }

  private Object convert(String field, FieldType type, Object raw, String call) {
    if (raw == null) return null;
    try {
      return switch (type) {
        case ID, REFERENCE, STRING, OTHER -> raw instanceof BigDecimal d ? d.toPlainString() : raw.toString();
        case INTEGER -> raw instanceof Long l ? l : new BigDecimal(raw.toString().trim()).longValueExact();
        case DECIMAL -> raw instanceof BigDecimal d ? d : new BigDecimal(raw.toString().trim());
        case BOOLEAN -> raw instanceof Boolean b ? b : bool(raw.toString());
        case DATETIME -> instant(raw.toString());
        case DATE -> java.time.LocalDate.parse(raw.toString().trim());
      };
    } catch (RuntimeException e) {
      throw new ProtocolException(PardotConfig.SYSTEM, call, object.collection + " field " + field + " holds '" + raw
          + "', not a " + type.name().toLowerCase(java.util.Locale.ROOT) + " (" + e.getMessage() + ")",
          "Check the field's type in Account Engagement; the sync resumes from its checkpoint", e);
    }
  }

  private static Boolean bool(String s) {
    String t = s.trim();
    if (t.equalsIgnoreCase("true") || t.equals("1")) return Boolean.TRUE;
    if (t.equalsIgnoreCase("false") || t.equals("0")) return Boolean.FALSE;
    throw new IllegalArgumentException("not a boolean");
  }

  Instant instant(String s) {
    String t = s.trim();
    if (t.length() == 19 && t.charAt(10) == ' ') {
      return LocalDateTime.parse(t, LEGACY).atZone(zone).toInstant();
    }
    try {
      return OffsetDateTime.parse(t).toInstant();
    } catch (DateTimeParseException e) {
      return Instant.parse(t);
    }
  }
}
