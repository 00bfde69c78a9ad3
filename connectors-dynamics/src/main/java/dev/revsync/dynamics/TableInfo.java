package dev.revsync.dynamics;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * What a sync or write needs to know about one Dataverse table, from its EntityDefinitions entry:
 * logical and entity-set names, primary id, whether change tracking is on, its readable columns
 * (shadow columns dropped) and alternate keys. Immutable.
 */
record TableInfo(
    String logicalName,
    String entitySetName,
    String primaryId,
    String primaryName,
    boolean changeTracking,
    boolean custom,
    Map<String, Column> columns,
    Map<String, List<String>> keys) {

  /** One readable column; {@code property} is its JSON name ({@code _x_value} for lookups). */
  record Column(String name, String property, String type, boolean createable, boolean updateable) {
    boolean isLookup() {
      return type.equals("Lookup") || type.equals("Customer") || type.equals("Owner");
    }
  }

  TableInfo {
    columns = java.util.Collections.unmodifiableMap(new LinkedHashMap<>(columns));
    keys = Map.copyOf(keys);
  }

  /** Reads one EntityDefinitions entry with expanded Attributes (and Keys when present). */
  static TableInfo of(Map<String, Object> definition) {
    String logical = (String) definition.get("LogicalName");
    Map<String, Column> columns = new LinkedHashMap<>();
    if (definition.get("Attributes") instanceof List<?> attributes) {
      for (Object o : attributes) {
        if (!(o instanceof Map<?, ?> a)) continue;
        if (a.get("AttributeOf") != null)
          continue; // shadow columns (…name, …yominame) travel as annotations
        if (Boolean.FALSE.equals(a.get("IsValidForRead"))) continue;
        String name = (String) a.get("LogicalName");
        String type = a.get("AttributeType") == null ? "String" : a.get("AttributeType").toString();
        if (type.equals("Virtual") || type.equals("ManagedProperty") || type.equals("PartyList"))
          continue;
        boolean lookup = type.equals("Lookup") || type.equals("Customer") || type.equals("Owner");
        columns.put(
            name,
            new Column(
                name,
                lookup ? "_" + name + "_value" : name,
                type,
                Boolean.TRUE.equals(a.get("IsValidForCreate")),
                Boolean.TRUE.equals(a.get("IsValidForUpdate"))));
      }
    }
    Map<String, List<String>> keys = new LinkedHashMap<>();
    if (definition.get("Keys") instanceof List<?> list) {
      for (Object o : list) {
        if (o instanceof Map<?, ?> k && k.get("KeyAttributes") instanceof List<?> attrs) {
          List<String> names = new ArrayList<>();
          attrs.forEach(x -> names.add(String.valueOf(x)));
          keys.put(String.valueOf(k.get("LogicalName")), List.copyOf(names));
        }
      }
    }
    return new TableInfo(
        logical,
        (String) definition.get("EntitySetName"),
        (String) definition.get("PrimaryIdAttribute"),
        (String) definition.get("PrimaryNameAttribute"),
        Boolean.TRUE.equals(definition.get("ChangeTrackingEnabled")),
        Boolean.TRUE.equals(definition.get("IsCustomEntity")),
        columns,
        keys);
  }

  /** The column a JSON property or logical name names, or null. */
  Column column(String nameOrProperty) {
    Column c = columns.get(nameOrProperty);
    if (c != null) return c;
    for (Column x : columns.values()) if (x.property().equals(nameOrProperty)) return x;
    return null;
  }

  /**
   * The properties to {@code $select}: every readable column, or the asked ones plus the primary id
   * and modifiedon.
   */
  List<String> select(List<String> fields) {
    List<String> out = new ArrayList<>();
    if (fields.isEmpty()) {
      for (Column c : columns.values()) out.add(c.property());
      return out;
    }
    for (String f : fields) {
      Column c = column(f);
      out.add(c == null ? f : c.property());
    }
    if (!out.contains(primaryId)) out.add(primaryId);
    if (!out.contains("modifiedon") && columns.containsKey("modifiedon")) out.add("modifiedon");
    return out;
  }
}
