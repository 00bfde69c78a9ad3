package dev.revsync.dynamics;

import dev.revsync.FieldSchema;
import dev.revsync.FieldType;
import dev.revsync.ProtocolException;
import dev.revsync.Record;
import java.math.BigDecimal;
import java.time.Instant;
import java.time.LocalDate;
import java.time.OffsetDateTime;
import java.time.format.DateTimeParseException;
import java.util.HashMap;
import java.util.Iterator;
import java.util.List;
import java.util.Map;

/**
 * Turns Web API rows into revsync {@link Record}s against one table's shape, resolved once per
 * sync: the primary id becomes the record id, {@code modifiedon} its modification time, and each
 * column's JSON value its revsync type (whole numbers and choices Long, money/decimal/double
 * BigDecimal, datetimes Instant, date-only columns LocalDate, lookups the related row's GUID);
 * annotations and the etag are dropped. Also maps Dataverse attribute types to {@link FieldType}s
 * for discovery. Thread-safe once built.
 */
final class RecordMapping {
  static final String MODIFIED_ON = "modifiedon";

  private enum Kind { TEXT, WHOLE, DECIMAL, BOOLEAN, DATETIME }

  private final String object;
  private final String primaryId;
  private final Map<String, Kind> kinds = new HashMap<>();
  private final String call;

  RecordMapping(TableInfo table, String call) {
    this.object = table.logicalName();
    this.primaryId = table.primaryId();
    this.call = call;
    for (TableInfo.Column c : table.columns().values()) kinds.put(c.property(), kind(c.type()));
  }

  private static Kind kind(String attributeType) {
    return switch (attributeType) {
      case "Integer", "BigInt", "Picklist", "State", "Status" -> Kind.WHOLE;
      case "Money", "Decimal", "Double" -> Kind.DECIMAL;
      case "Boolean" -> Kind.BOOLEAN;
      case "DateTime" -> Kind.DATETIME;
      default -> Kind.TEXT;
    };
  }

  /** A delta's {@code $deletedEntity} row (its context names the deleted-entity set). */
  static boolean isDeletion(Map<String, Object> row) {
    Object context = row.get("@odata.context");
    return context instanceof String s && s.endsWith("/$deletedEntity");
  }

  /** A deletion as a tombstone, stamped {@code seenAt} (the service says when it saw it, not when it happened). */
  Record deletion(Map<String, Object> row, Instant seenAt) {
    Object id = row.get("id");
    if (!(id instanceof String s)) {
      throw new ProtocolException(DynamicsConfig.SYSTEM, call, "a $deletedEntity row has no id: " + row.keySet(),
          "Report this to Microsoft support with the request id", null);
    }
    return Record.deleted(object, s, seenAt, Map.of());
  }

  /** The row as a record; the row's map becomes the record's (the page reader hands each row over). */
  Record toRecord(Map<String, Object> row) {
    Object id = row.get(primaryId);
    if (!(id instanceof String idText)) {
      throw new ProtocolException(DynamicsConfig.SYSTEM, call, "a row has no " + primaryId + ": " + row.keySet(),
          "Report this to Microsoft support with the request id", null);
    }
    Instant modified = null;
    for (Iterator<Map.Entry<String, Object>> it = row.entrySet().iterator(); it.hasNext(); ) {
      Map.Entry<String, Object> e = it.next();
      String name = e.getKey();
      if (name.indexOf('@') >= 0 || name.equals(primaryId)) {
        it.remove();
      } else if (name.equals(MODIFIED_ON)) {
        modified = (Instant) convert(name, e.getValue());
        it.remove();
      } else {
        Object value = e.getValue();
        if (value != null) e.setValue(convert(name, value));
      }
    }
    return Record.adopt(object, idText, modified, false, row);
  }

  private Object convert(String name, Object value) {
    if (value == null) return null;
    Kind kind = kinds.getOrDefault(name, Kind.TEXT);
    try {
      switch (kind) {
        case WHOLE -> {
          if (value instanceof Long) return value;
          return new BigDecimal(value.toString()).longValueExact();
        }
        case DECIMAL -> {
          return value instanceof BigDecimal d ? d : new BigDecimal(value.toString());
        }
        case BOOLEAN -> {
          if (value instanceof Boolean) return value;
          break;
        }
        case DATETIME -> {
          String s = value.toString();
          if (s.length() == 10) return LocalDate.parse(s);
          Instant fast = utcSeconds(s);
          if (fast != null) return fast;
          if (s.endsWith("Z")) return Instant.parse(s);
          return OffsetDateTime.parse(s).toInstant();
        }
        default -> {
          return value instanceof String ? value : value.toString();
        }
      }
    } catch (ArithmeticException | NumberFormatException | DateTimeParseException e) {
      throw new ProtocolException(DynamicsConfig.SYSTEM, call, "column " + name + " holds '" + value
          + "', not a " + kind.name().toLowerCase(java.util.Locale.ROOT) + " value", "Report this to Microsoft support", e);
    }
    throw new ProtocolException(DynamicsConfig.SYSTEM, call, "column " + name + " holds '" + value
        + "', not a boolean", "Report this to Microsoft support", null);
  }

  /**
   * {@code yyyy-MM-ddTHH:mm:ssZ}, the one shape Dataverse writes datetimes in, without the JDK's
   * general parser (two per row: createdon and modifiedon); null for any other shape or an
   * impossible date, which the JDK parser then judges.
   */
  static Instant utcSeconds(String s) {
    if (s.length() != 20 || s.charAt(4) != '-' || s.charAt(7) != '-' || s.charAt(10) != 'T' || s.charAt(13) != ':'
        || s.charAt(16) != ':' || s.charAt(19) != 'Z') {
      return null;
    }
    int year = digits(s, 0, 4);
    int month = digits(s, 5, 2);
    int day = digits(s, 8, 2);
    int hour = digits(s, 11, 2);
    int minute = digits(s, 14, 2);
    int second = digits(s, 17, 2);
    if (year < 0 || month < 1 || month > 12 || day < 1 || day > 28 && day > java.time.YearMonth.of(year, month).lengthOfMonth()
        || hour < 0 || hour > 23 || minute < 0 || minute > 59 || second < 0 || second > 59) {
      return null;
    }
    long days = LocalDate.of(year, month, day).toEpochDay();
    return Instant.ofEpochSecond(days * 86_400 + hour * 3_600L + minute * 60L + second);
  }

  private static int digits(String s, int from, int count) {
    int n = 0;
    for (int i = from; i < from + count; i++) {
      char c = s.charAt(i);
      if (c < '0' || c > '9') return -1;
      n = n * 10 + (c - '0');
    }
    return n;
  }

  static FieldType fieldType(String attributeType) {
    return switch (attributeType) {
      case "Uniqueidentifier" -> FieldType.ID;
      case "Lookup", "Customer", "Owner" -> FieldType.REFERENCE;
      case "Integer", "BigInt", "Picklist", "State", "Status" -> FieldType.INTEGER;
      case "Money", "Decimal", "Double" -> FieldType.DECIMAL;
      case "Boolean" -> FieldType.BOOLEAN;
      case "DateTime" -> FieldType.DATETIME;
      case "String", "Memo", "EntityName" -> FieldType.STRING;
      default -> FieldType.OTHER;
    };
  }

  /** The discovered fields of a table: every readable column under its JSON name. */
  static List<FieldSchema> fields(TableInfo table) {
    return table.columns().values().stream()
        .map(c -> FieldSchema.builder(c.property(), fieldType(c.type())).label(c.name()).vendorType(c.type())
            .createable(c.createable()).updateable(c.updateable())
            .externalId(table.keys().values().stream().anyMatch(k -> k.size() == 1 && k.get(0).equals(c.name())))
            .build())
        .toList();
  }
}
