package dev.revsync.marketo;

import dev.revsync.FieldSchema;
import dev.revsync.FieldType;
import dev.revsync.ProtocolException;
import dev.revsync.Record;
import java.math.BigDecimal;
import java.time.Instant;
import java.time.LocalDate;
import java.time.OffsetDateTime;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeFormatterBuilder;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * Marketo values to revsync's types, resolved once per sync into a {@link Shape} (field names and
 * their converters), so each lead costs one map and no type lookups. Marketo data types:
 * {@code integer}/{@code score} → Long, {@code float}/{@code currency}/{@code percent} →
 * BigDecimal, {@code boolean}, {@code date} (YYYY-MM-DD), {@code datetime} (ISO-8601 with
 * {@code Z}, {@code +00:00} or {@code +0000}), everything else text. Stateless and thread-safe.
 */
final class RecordMapping {
  private static final DateTimeFormatter OFFSET_NO_COLON = new DateTimeFormatterBuilder()
      .append(DateTimeFormatter.ISO_LOCAL_DATE_TIME).appendOffset("+HHMM", "Z").toFormatter(Locale.ROOT);

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

  /** The fields a sync hands over and how each is typed; {@code id} is the record's id, not a field. */
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
    if (id == null) throw new ProtocolException(MarketoConfig.SYSTEM, call, "a lead without an id", "Retry the sync", null);
    Map<String, Object> fields = new LinkedHashMap<>(shape.names().size() * 4 / 3 + 1);
    for (int i = 0; i < shape.names().size(); i++) {
      String name = shape.names().get(i);
      fields.put(name, convert(shape.types().get(i), json.get(name), name, call));
    }
    Object updated = fields.get("updatedAt");
    Instant modified = updated instanceof Instant ? (Instant) updated : instant(json.get("updatedAt"), "updatedAt", call);
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

  static Object convert(FieldType type, Object v, String field, String call) {
    if (v == null) return null;
    try {
      switch (type) {
        case INTEGER:
          return v instanceof Long ? v : Long.valueOf(new BigDecimal(v.toString().trim()).longValueExact());
        case DECIMAL:
          return v instanceof BigDecimal ? v : new BigDecimal(v.toString().trim());
        case BOOLEAN:
          if (v instanceof Boolean) return v;
          String s = v.toString().trim();
          if (s.equalsIgnoreCase("true") || s.equals("1")) return Boolean.TRUE;
          if (s.equalsIgnoreCase("false") || s.equals("0")) return Boolean.FALSE;
          throw new IllegalArgumentException("not a boolean");
        case DATE:
          return LocalDate.parse(v.toString().trim().length() > 10 ? v.toString().trim().substring(0, 10) : v.toString().trim());
        case DATETIME:
          return instant(v, field, call);
        default:
          return v instanceof String ? v : v.toString();
      }
    } catch (RuntimeException e) {
      if (e instanceof ProtocolException) throw e;
      throw new ProtocolException(MarketoConfig.SYSTEM, call, "field " + field + " holds '" + v + "', not a "
          + type.name().toLowerCase(Locale.ROOT) + " value", "Check the field's type in Marketo against discover()", e);
    }
  }

  /** {@code 2024-05-01T12:00:00Z}, {@code ...+00:00} or {@code ...+0000}. */
  static Instant instant(Object v, String field, String call) {
    if (v == null) {
      throw new ProtocolException(MarketoConfig.SYSTEM, call, "a record without " + field, "Retry the sync", null);
    }
    String s = v.toString().trim();
    if (s.endsWith("Z")) {
      try {
        return Instant.parse(s);
      } catch (DateTimeParseException e) {
        // fall through to the offset forms
      }
    }
    try {
      return OffsetDateTime.parse(s).toInstant();
    } catch (DateTimeParseException e) {
      try {
        return OffsetDateTime.parse(s, OFFSET_NO_COLON).toInstant();
      } catch (DateTimeParseException again) {
        throw new ProtocolException(MarketoConfig.SYSTEM, call, field + " '" + s + "' is not an ISO-8601 date-time",
            "Retry the sync; report it if it persists", again);
      }
    }
  }
}
