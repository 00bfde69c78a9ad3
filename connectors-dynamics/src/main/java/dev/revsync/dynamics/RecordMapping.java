package dev.revsync.dynamics;

import static dev.revsync.dynamics.DynamicsConfig.SYSTEM;

import dev.revsync.FieldSchema;
import dev.revsync.FieldType;
import dev.revsync.ProtocolException;
import dev.revsync.Record;
import dev.revsync.spi.RecordShape;
import dev.revsync.spi.Values;
import java.math.BigDecimal;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * Turns Web API rows into revsync {@link Record}s against one table's {@link RecordShape}, resolved
 * once per sync: the selected columns (and the currency a money column drags in) as the record's
 * fields, each JSON value its revsync type (whole numbers and choices Long, money/decimal/double
 * BigDecimal, datetimes Instant, date-only columns LocalDate, lookups the related row's GUID), the
 * primary id the record id, {@code modifiedon} its modification time; annotations and the etag are
 * never read. A delta's {@code $deletedEntity} rows are told apart by their {@code @odata.context},
 * read beside the columns. Also maps Dataverse attribute types to {@link FieldType}s for discovery.
 * Thread-safe once built.
 */
final class RecordMapping {
  static final String MODIFIED_ON = "modifiedon";
  private static final String CONTEXT = "@odata.context";
  private static final String DELETED_ID = "id";
  private static final String CURRENCY = "transactioncurrencyid";

  private enum Kind {
    TEXT,
    WHOLE,
    DECIMAL,
    BOOLEAN,
    DATETIME
  }

  private final String object;
  private final String call;
  private final RecordShape shape;
  private final int contextAt;
  private final int deletedIdAt;

  /**
   * The mapping of rows that carry {@code select} (the {@code $select} list) of {@code table}; the
   * primary id and {@code modifiedon} are the record's id and time, not fields.
   */
  RecordMapping(TableInfo table, List<String> select, String call) {
    this.object = table.logicalName();
    this.call = call;
    Map<String, Kind> kinds = new HashMap<>();
    for (TableInfo.Column c : table.columns().values()) kinds.put(c.property(), kind(c.type()));
    List<String> columns = new ArrayList<>(select);
    // The Web API sends a money column's currency with it, asked for or not.
    TableInfo.Column currency = table.columns().get(CURRENCY);
    if (currency != null
        && !columns.contains(currency.property())
        && columns.stream().anyMatch(p -> "Money".equals(type(table, p)))) {
      columns.add(currency.property());
    }
    RecordShape.Builder b = RecordShape.builder(object);
    for (String p : columns) {
      if (p.indexOf('@') >= 0 || p.equals(table.primaryId()) || p.equals(MODIFIED_ON)) continue;
      Kind kind = kinds.getOrDefault(p, Kind.TEXT);
      b.rawField(p, raw -> convert(p, kind, raw));
    }
    this.shape =
        b.extra(CONTEXT).extra(DELETED_ID).id(table.primaryId()).modifiedAt(MODIFIED_ON).build();
    this.contextAt = shape.indexOf(CONTEXT);
    this.deletedIdAt = shape.indexOf(DELETED_ID);
  }

  private static String type(TableInfo table, String property) {
    TableInfo.Column c = table.column(property);
    return c == null ? null : c.type();
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

  /** What pages are read against. */
  RecordShape shape() {
    return shape;
  }

  /** A delta's {@code $deletedEntity} row (its context names the deleted-entity set). */
  boolean isDeletion(Object[] values) {
    return values[contextAt] instanceof String s && s.endsWith("/$deletedEntity");
  }

  /**
   * A deletion as a tombstone, stamped {@code seenAt} (the service says when it saw it, not when it
   * happened).
   */
  Record deletion(Object[] values, Instant seenAt) {
    if (!(values[deletedIdAt] instanceof String id)) {
      throw new ProtocolException(
          SYSTEM,
          call,
          "a $deletedEntity row has no id",
          "Report this to Microsoft support with the request id",
          null);
    }
    return Record.deleted(object, id, seenAt, Map.of());
  }

  /** The row's values, as read against {@link #shape()}, as a record; the array is adopted. */
  Record toRecord(Object[] values) {
    return shape.toRecord(values, SYSTEM, call);
  }

  /**
   * A column's JSON value as its revsync type. Numbers already arrive as Long or BigDecimal (the
   * page reader never goes through double); what arrives as text goes through {@link Values}, whose
   * failures name the column, not the value (customer data).
   */
  private Object convert(String name, Kind kind, Object value) {
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
