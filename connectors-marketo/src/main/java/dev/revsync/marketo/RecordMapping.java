package dev.revsync.marketo;

import dev.revsync.FieldSchema;
import dev.revsync.FieldType;
import dev.revsync.ProtocolException;
import dev.revsync.Record;
import dev.revsync.spi.Values;
import java.math.BigDecimal;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * Marketo values to revsync's types, resolved once per sync into a {@link Shape} (field names and
 * their converters), so each lead costs one map and no type lookups. Marketo data types: {@code
 * integer}/{@code score} → Long, {@code float}/{@code currency}/{@code percent} → BigDecimal,
 * {@code boolean}, {@code date} (YYYY-MM-DD), {@code datetime} (ISO-8601 with {@code Z}, {@code
 * +00:00} or {@code +0000}), everything else text. Stateless and thread-safe.
 */
final class RecordMapping {
  private RecordMapping() {}

  static FieldType typeOf(String name, String dataType) {
    if (name.equals("id")) return FieldType.ID;
    switch (dataType == null ? "" : dataType.toLowerCase(Locale.ROOT)) {
      case "integer":
      case "score":
        return FieldType.INTEGER;
      case "float":
      case "currency":
      case "percent":
        return FieldType.DECIMAL;
      case "boolean":
        return FieldType.BOOLEAN;
      case "date":
        return FieldType.DATE;
      case "datetime":
        return FieldType.DATETIME;
      case "reference":
        return FieldType.REFERENCE;
      default:
        return FieldType.STRING;
    }
  }

  /**
   * The fields a sync hands over and how each is typed; {@code id} is the record's id, not a field.
   */
  record Shape(String object, List<String> names, List<FieldType> types) {
    static Shape of(String object, List<FieldSchema> fields) {
      List<String> names = new ArrayList<>();
      List<FieldType> types = new ArrayList<>();
      for (FieldSchema f : fields) {
        if (f.name().equals("id")) continue;
        names.add(f.name());
        types.add(f.type());
      }
      return new Shape(object, List.copyOf(names), List.copyOf(types));
    }
  }

  /** A lead from {@code leads.json} (JSON values). */
  static Record lead(Shape shape, Map<String, Object> json, String call) {
    Object id = json.get("id");
    if (id == null)
      throw new ProtocolException(
          MarketoConfig.SYSTEM, call, "a lead without an id", "Retry the sync", null);
    Map<String, Object> fields = new LinkedHashMap<>(shape.names().size() * 4 / 3 + 1);
    for (int i = 0; i < shape.names().size(); i++) {
      String name = shape.names().get(i);
      fields.put(name, convert(shape.types().get(i), json.get(name), name, call));
    }
    Object updated = fields.get("updatedAt");
    Instant modified =
        updated instanceof Instant
            ? (Instant) updated
            : instant(json.get("updatedAt"), "updatedAt", call);
    return Record.adopt(shape.object(), idText(id), modified, false, fields);
  }

  /** A lead from an extract file's row (text cells; {@code null} spelled {@code null} or empty). */
  static Record leadFromCells(Shape shape, List<String> header, List<String> cells, String call) {
    Map<String, Object> json = new LinkedHashMap<>();
    for (int i = 0; i < header.size() && i < cells.size(); i++) {
      String cell = cells.get(i);
      json.put(header.get(i), cell.isEmpty() || cell.equals("null") ? null : cell);
    }
    return lead(shape, json, call);
  }

  static String idText(Object id) {
    if (id instanceof BigDecimal) return ((BigDecimal) id).toPlainString();
    return id.toString();
  }

  /**
   * {@code v} as {@code type}: JSON numbers and booleans as they were read, text through {@link
   * Values} (a bad value is a {@link ProtocolException} naming the field, not the value).
   */
  static Object convert(FieldType type, Object v, String field, String call) {
    if (v == null) return null;
    switch (type) {
      case INTEGER:
        if (v instanceof Long) return v;
        return Values.read(MarketoConfig.SYSTEM, call, field, text(v), Values::integer);
      case DECIMAL:
        if (v instanceof BigDecimal) return v;
        return Values.read(MarketoConfig.SYSTEM, call, field, text(v), Values::decimal);
      case BOOLEAN:
        if (v instanceof Boolean) return v;
        return Values.read(MarketoConfig.SYSTEM, call, field, v.toString(), Values::bool);
      case DATE:
        return Values.read(MarketoConfig.SYSTEM, call, field, v.toString().strip(), Values::date);
      case DATETIME:
        return Values.read(
            MarketoConfig.SYSTEM, call, field, v.toString().strip(), Values::instant);
      default:
        return v instanceof String ? v : v.toString();
    }
  }

  /** A number's text without exponent noise ({@code BigDecimal} as plain digits). */
  private static String text(Object v) {
    return v instanceof BigDecimal ? ((BigDecimal) v).toPlainString() : v.toString().strip();
  }

  /** A required date-time: {@code 2024-05-01T12:00:00Z}, {@code ...+00:00} or {@code ...+0000}. */
  static Instant instant(Object v, String field, String call) {
    Instant at =
        v == null
            ? null
            : Values.read(MarketoConfig.SYSTEM, call, field, v.toString().strip(), Values::instant);
    if (at == null) {
      throw new ProtocolException(
          MarketoConfig.SYSTEM, call, "a record without " + field, "Retry the sync", null);
    }
    return at;
  }
}
