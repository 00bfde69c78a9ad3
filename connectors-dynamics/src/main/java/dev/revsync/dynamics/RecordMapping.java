package dev.revsync.dynamics;

import static dev.revsync.dynamics.DynamicsConfig.SYSTEM;

import dev.revsync.FieldSchema;
import dev.revsync.FieldType;
import dev.revsync.ProtocolException;
import dev.revsync.Record;
import dev.revsync.spi.Values;
import java.math.BigDecimal;
import java.time.Instant;
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

  private enum Kind {
    TEXT,
    WHOLE,
    DECIMAL,
    BOOLEAN,
    DATETIME
  }

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

  /**
   * A deletion as a tombstone, stamped {@code seenAt} (the service says when it saw it, not when it
   * happened).
   */
  Record deletion(Map<String, Object> row, Instant seenAt) {
    Object id = row.get("id");
    if (!(id instanceof String s)) {
      throw new ProtocolException(
          SYSTEM,
          call,
          "a $deletedEntity row has no id: " + row.keySet(),
          "Report this to Microsoft support with the request id",
          null);
    }
    return Record.deleted(object, s, seenAt, Map.of());
  }

  /**
   * The row as a record; the row's map becomes the record's (the page reader hands each row over).
   */
  Record toRecord(Map<String, Object> row) {
    Object id = row.get(primaryId);
    if (!(id instanceof String idText)) {
      throw new ProtocolException(
          SYSTEM,
          call,
          "a row has no " + primaryId + ": " + row.keySet(),
          "Report this to Microsoft support with the request id",
          null);
    }
    Instant modified = null;
    for (Iterator<Map.Entry<String, Object>> it = row.entrySet().iterator(); it.hasNext(); ) {
      Map.Entry<String, Object> e = it.next();
      String name = e.getKey();
      if (name.indexOf('@') >= 0 || name.equals(primaryId)) {
        it.remove();
      } else if (name.equals(MODIFIED_ON)) {
        Object v = e.getValue();
        modified =
            v == null ? null : Values.read(SYSTEM, call, name, v.toString(), Values::instant);
        it.remove();
      } else {
        Object value = e.getValue();
        if (value != null) e.setValue(convert(name, value));
      }
    }
    return Record.adopt(object, idText, modified, false, row);
  }

  /**
   * A column's JSON value as its revsync type. Numbers already arrive as Long or BigDecimal (the
   * page reader never goes through double); what arrives as text goes through {@link Values}, whose
   * failures name the column, not the value (customer data).
   */
  private Object convert(String name, Object value) {
    if (value == null) return null;
    Kind kind = kinds.getOrDefault(name, Kind.TEXT);
    return switch (kind) {
      case WHOLE ->
          value instanceof Long
              ? value
              : Values.read(SYSTEM, call, name, value.toString(), Values::integer);
      case DECIMAL ->
          value instanceof BigDecimal
              ? value
              : Values.read(SYSTEM, call, name, value.toString(), Values::decimal);
      case BOOLEAN ->
          value instanceof Boolean
              ? value
              : Values.read(SYSTEM, call, name, value.toString(), Values::bool);
      // date-only columns (DateOnly behaviour) arrive as yyyy-MM-dd
      case DATETIME ->
          value.toString().length() == 10
              ? Values.read(SYSTEM, call, name, value.toString(), Values::date)
              : Values.read(SYSTEM, call, name, value.toString(), Values::instant);
      case TEXT -> value instanceof String ? value : value.toString();
    };
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
        .map(
            c ->
                FieldSchema.builder(c.property(), fieldType(c.type()))
                    .label(c.name())
                    .vendorType(c.type())
                    .createable(c.createable())
                    .updateable(c.updateable())
                    .externalId(
                        table.keys().values().stream()
                            .anyMatch(k -> k.size() == 1 && k.get(0).equals(c.name())))
                    .build())
        .toList();
  }
}
