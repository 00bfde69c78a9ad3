package dev.revsync.simulators.dynamics;

import dev.revsync.simulators.RecordStore;
import dev.revsync.simulators.SimRecord;
import java.math.BigDecimal;
import java.text.DecimalFormat;
import java.text.DecimalFormatSymbols;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * Writes rows as the Web API does: {@code @odata.etag} first, the selected columns (all without
 * {@code $select}), the columns a selected one drags in (a money column's {@code
 * _transactioncurrencyid_value}), the primary id; datetimes as UTC ISO seconds, date-only columns
 * as {@code yyyy-MM-dd}, choices as integers, money and decimals as JSON numbers, and on request
 * the FormattedValue, lookuplogicalname and associatednavigationproperty annotations. Thread-safe.
 */
final class RecordJson {
  static final String FORMATTED = "@OData.Community.Display.V1.FormattedValue";
  static final String LOOKUP_LOGICAL_NAME = "@Microsoft.Dynamics.CRM.lookuplogicalname";
  static final String NAVIGATION_PROPERTY = "@Microsoft.Dynamics.CRM.associatednavigationproperty";
  private static final DateTimeFormatter LOCAL_TIME =
      DateTimeFormatter.ofPattern("M/d/yyyy h:mm a", Locale.US).withZone(ZoneOffset.UTC);
  private static final DateTimeFormatter LOCAL_DATE =
      DateTimeFormatter.ofPattern("M/d/yyyy", Locale.US);

  private final RecordStore store;
  private final DynamicsSchema schema;

  RecordJson(RecordStore store, DynamicsSchema schema) {
    this.store = store;
    this.schema = schema;
  }

  /**
   * The properties a row carries for {@code select} (empty: every column), companions and primary
   * id included.
   */
  static List<String> columns(EntityType type, List<String> select) {
    if (select.isEmpty()) return type.properties();
    List<String> out = new ArrayList<>(select);
    for (String p : select) {
      Attribute a = type.byProperty(p);
      if (a != null
          && a.type().equals("Money")
          && type.byName("transactioncurrencyid") != null
          && !out.contains("_transactioncurrencyid_value")) {
        out.add("_transactioncurrencyid_value");
      }
    }
    out.remove(type.primaryId());
    out.add(type.primaryId());
    return out;
  }

  /** One row as a JSON object. */
  void write(StringBuilder b, EntityType type, SimRecord r, List<String> columns, Prefer prefer) {
    b.append("{\"@odata.etag\":\"W/\\\"").append(version(r)).append("\\\"\"");
    boolean formatted = prefer.wantsAnnotation("OData.Community.Display.V1.FormattedValue");
    boolean lookupNames = prefer.wantsAnnotation("Microsoft.Dynamics.CRM.lookuplogicalname");
    boolean navigation =
        prefer.wantsAnnotation("Microsoft.Dynamics.CRM.associatednavigationproperty");
    for (String p : columns) {
      Attribute a = type.byProperty(p);
      Object v = value(type, r, p);
      b.append(",\"").append(p).append("\":");
      writeValue(b, a, v);
      if (v == null || a == null) continue;
      if (a.isLookup()) {
        if (formatted) {
          String name = lookupName(a, v.toString());
          if (name != null) annotation(b, p, FORMATTED, name);
        }
        if (navigation)
          annotation(
              b,
              p,
              NAVIGATION_PROPERTY,
              a.name() + (a.type().equals("Customer") ? "_" + a.lookupTarget() : ""));
        if (lookupNames) annotation(b, p, LOOKUP_LOGICAL_NAME, a.lookupTarget());
      } else if (formatted) {
        String f = format(a, v);
        if (f != null) annotation(b, p, FORMATTED, f);
      }
    }
    b.append('}');
  }

  /** The row's version number: changes whenever the row does (its {@code @odata.etag}). */
  static long version(SimRecord r) {
    return r.modifiedAt().getEpochSecond() % 100_000_000L * 1_000 + (r.fields().hashCode() & 0x3ff);
  }

  static Object value(EntityType type, SimRecord r, String property) {
    if (property.equals(type.primaryId())) return r.id();
    if (property.equals(EntityType.MODIFIED_ON)) return r.modifiedAt();
    if (property.equals(EntityType.CREATED_ON)) return r.createdAt();
    return r.get(property);
  }

  private static void annotation(
      StringBuilder b, String property, String annotation, String value) {
    b.append(",\"")
        .append(property)
        .append(annotation)
        .append("\":\"")
        .append(WebErrors.escape(value))
        .append('"');
  }

  static void writeValue(StringBuilder b, Attribute a, Object v) {
    if (v == null) {
      b.append("null");
    } else if (v instanceof Instant i) {
      if (a != null && a.dateOnly())
        b.append('"').append(i.atZone(ZoneOffset.UTC).toLocalDate()).append('"');
      else b.append('"').append(i.truncatedTo(java.time.temporal.ChronoUnit.SECONDS)).append('"');
    } else if (v instanceof LocalDate d) {
      b.append('"').append(d).append('"');
    } else if (v instanceof BigDecimal d) {
      b.append(d.toPlainString());
    } else if (v instanceof Number || v instanceof Boolean) {
      b.append(v);
    } else {
      b.append('"').append(WebErrors.escape(v.toString())).append('"');
    }
  }

  private String lookupName(Attribute a, String id) {
    if (a.lookupTarget().equals("transactioncurrency")) return "US Dollar";
    EntityType target = schema.byLogicalName(a.lookupTarget());
    if (target == null || store.table(target.logicalName()) == null) return null;
    SimRecord r = store.table(target.logicalName()).get(id);
    if (r == null) return null;
    Object name = value(target, r, target.primaryName());
    return name == null ? null : name.toString();
  }

  static String format(Attribute a, Object v) {
    DecimalFormatSymbols us = DecimalFormatSymbols.getInstance(Locale.US);
    switch (a.type()) {
      case "Picklist", "State", "Status" -> {
        return a.options().get(((Number) v).longValue());
      }
      case "Money" -> {
        return new DecimalFormat("$#,##0.00", us).format(v);
      }
      case "Integer", "BigInt" -> {
        return new DecimalFormat("#,##0", us).format(v);
      }
      case "Decimal", "Double" -> {
        return new DecimalFormat("#,##0.00########", us).format(v);
      }
      case "Boolean" -> {
        return Boolean.TRUE.equals(v) ? "Yes" : "No";
      }
      case "DateTime" -> {
        if (v instanceof LocalDate d) return LOCAL_DATE.format(d);
        if (v instanceof Instant i)
          return a.dateOnly() ? LOCAL_DATE.format(i.atZone(ZoneOffset.UTC)) : LOCAL_TIME.format(i);
        return null;
      }
      default -> {
        return null;
      }
    }
  }
}
