package dev.revsync.pardot;

import static dev.revsync.pardot.PardotConfig.SYSTEM;

import dev.revsync.FieldType;
import dev.revsync.ProtocolException;
import dev.revsync.Record;
import dev.revsync.spi.Values;
import java.math.BigDecimal;
import java.time.Instant;
import java.time.ZoneId;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Turns v5 records (JSON maps as {@link dev.revsync.spi.Json} reads them, or export CSV rows) into
 * revsync {@link Record}s against one shape per sync: the requested fields and their types,
 * resolved once. Ids and references become strings, datetimes instants (v5 sends ISO-8601 with an
 * offset; export files may send {@code YYYY-MM-DD HH:MM:SS} in the account's zone), numbers exact,
 * all through the SPI's {@link Values}. A value of the wrong type is a {@link ProtocolException}
 * naming the field. Immutable.
 */
final class RecordMapping {
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
      values.put(
          names.get(i),
          raw == null || raw.isEmpty() ? null : convert(names.get(i), types[i], raw, call));
    }
    return toRecord(values, call);
  }

  private Record toRecord(Map<String, Object> values, String call) {
    Object id = values.get("id");
    Object updated = values.get("updatedAt");
    if (id == null || !(updated instanceof Instant at)) {
      throw new ProtocolException(
          SYSTEM,
          call,
          "a " + object.collection + " record without id or updatedAt",
          "Report this to Salesforce support; the sync resumes from its checkpoint",
          null);
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

  /**
   * JSON values arrive typed where Moshi knows the type; text (CSV cells, quoted JSON) goes through
   * {@link Values}.
   */
  private Object convert(String field, FieldType type, Object raw, String call) {
    if (raw == null) return null;
    return switch (type) {
      case ID, REFERENCE, STRING, OTHER ->
          raw instanceof BigDecimal d ? d.toPlainString() : raw.toString();
      case INTEGER ->
          raw instanceof Long l
              ? l
              : Values.read(SYSTEM, call, field, raw.toString(), Values::integer);
      case DECIMAL ->
          raw instanceof BigDecimal d
              ? d
              : Values.read(SYSTEM, call, field, raw.toString(), Values::decimal);
      case BOOLEAN ->
          raw instanceof Boolean b
              ? b
              : Values.read(SYSTEM, call, field, raw.toString(), Values::bool);
      case DATETIME ->
          Values.read(SYSTEM, call, field, raw.toString(), text -> Values.instant(text, zone));
      case DATE -> Values.read(SYSTEM, call, field, raw.toString(), Values::date);
    };
  }
}
