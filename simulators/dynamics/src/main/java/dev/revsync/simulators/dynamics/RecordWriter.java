package dev.revsync.simulators.dynamics;

import dev.revsync.simulators.ObjectTable;
import dev.revsync.simulators.RecordStore;
import dev.revsync.simulators.SimRecord;
import dev.revsync.spi.Json;
import java.math.BigDecimal;
import java.time.LocalDate;
import java.time.OffsetDateTime;
import java.time.format.DateTimeParseException;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Creates, updates, upserts and deletes rows with the Web API's semantics: {@code PATCH} by id or
 * alternate key is an upsert, {@code If-Match: *} makes it update-only (404 when missing), an ETag
 * in {@code If-Match} is an optimistic-concurrency check (412), {@code If-None-Match: *} makes it
 * create-only (412 when present); {@code POST} creates; {@code DELETE} deletes. Values are checked
 * against the column types (unknown columns, wrong types and choice values out of range answer
 * 400), lookups are set with {@code x@odata.bind}. Validation happens before any change, so a batch
 * change set can check all its operations before applying one.
 *
 * <p>An upsert by a primary key the table does not hold creates a row with a new id (the record
 * store assigns ids), which the {@code OData-EntityId} header reports. Thread-safe.
 */
final class RecordWriter {
  /** The outcome of one operation: status, headers, optional JSON body. */
  record Result(int status, Map<String, String> headers, String body) {}

  /** A checked operation ready to apply. */
  interface Prepared {
    Result apply();
  }

  private final RecordStore store;
  private final DynamicsSchema schema;
  private final RecordJson json;
  private final Map<String, KeyIndex> keyIndexes = new ConcurrentHashMap<>();

  RecordWriter(RecordStore store, DynamicsSchema schema, RecordJson json) {
    this.store = store;
    this.schema = schema;
    this.json = json;
  }

  /**
   * Checks one write and returns it ready to apply; throws the {@link WebErrors.WebError} the
   * service would answer. {@code ifMatch}/{@code ifNoneMatch} are the request's headers or null.
   */
  Prepared prepare(
      String method,
      ODataPath path,
      String body,
      String ifMatch,
      String ifNoneMatch,
      Prefer prefer,
      List<String> select,
      String serviceRoot) {
    EntityType type = schema.bySetName(path.set());
    if (type == null) throw WebErrors.unknownSegment(path.set());
    ObjectTable table = store.table(type.logicalName());
    if (path.tail() != null) throw WebErrors.unknownSegment(path.tail());
    switch (method) {
      case "DELETE" -> {
        SimRecord current = find(type, table, path);
        if (current == null) throw WebErrors.rowNotFound(type, describe(path));
        return () -> {
          table.delete(current.id());
          return new Result(204, Map.of(), null);
        };
      }
      case "POST" -> {
        if (path.id() != null || !path.keys().isEmpty()) {
          throw WebErrors.badRequest(
              WebErrors.UNKNOWN_PROPERTY,
              "POST creates a row on the entity set; use PATCH to "
                  + "update "
                  + describe(path)
                  + ".");
        }
        Map<String, Object> values = values(type, body);
        return () -> created(type, table, values, prefer, select, serviceRoot);
      }
      case "PATCH" -> {
        if (path.id() == null && path.keys().isEmpty()) {
          throw WebErrors.badRequest(
              WebErrors.UNKNOWN_PROPERTY,
              "PATCH needs a row: " + path.set() + "(<id>) or an " + "alternate key.");
        }
        Map<String, Object> values = values(type, body);
        if (!path.keys().isEmpty()) checkKey(type, path.keys().keySet());
        SimRecord current = find(type, table, path);
        if (current == null) {
          if (ifMatch != null) throw WebErrors.rowNotFound(type, describe(path));
          Map<String, Object> withKeys = new LinkedHashMap<>(values);
          for (Map.Entry<String, Object> k : path.keys().entrySet())
            withKeys.put(property(type, k.getKey()), k.getValue());
          return () -> created(type, table, withKeys, prefer, select, serviceRoot);
        }
        if ("*".equals(trim(ifNoneMatch))) {
          throw new WebErrors.WebError(
              412, WebErrors.DUPLICATE, "A record with matching key values already exists.");
        }
        String match = trim(ifMatch);
        if (match != null
            && !match.equals("*")
            && !match.equals("W/\"" + RecordJson.version(current) + "\"")) {
          throw new WebErrors.WebError(
              412,
              WebErrors.CONCURRENCY,
              "The version of the existing record doesn't match the RowVersion property provided.");
        }
        return () -> {
          SimRecord updated = table.update(current.id(), values);
          if (updated == null) return error(WebErrors.rowNotFound(type, current.id()));
          index(type).put(updated);
          Map<String, String> headers =
              Map.of(
                  "OData-EntityId", serviceRoot + type.entitySetName() + "(" + updated.id() + ")");
          if (!prefer.returnRepresentation()) return new Result(204, headers, null);
          return new Result(
              200, headers, representation(type, updated, select, prefer, serviceRoot));
        };
      }
      default ->
          throw new WebErrors.WebError(
              405, "0x8006088a", "The HTTP method '" + method + "' is not allowed here.");
    }
  }

  private static Result error(WebErrors.WebError e) {
    return new Result(e.status, Map.of(), WebErrors.body(e.code, e.getMessage()));
  }

  private Result created(
      EntityType type,
      ObjectTable table,
      Map<String, Object> values,
      Prefer prefer,
      List<String> select,
      String serviceRoot) {
    SimRecord r = table.insert(values);
    index(type).put(r);
    Map<String, String> headers =
        Map.of("OData-EntityId", serviceRoot + type.entitySetName() + "(" + r.id() + ")");
    if (!prefer.returnRepresentation()) return new Result(204, headers, null);
    return new Result(201, headers, representation(type, r, select, prefer, serviceRoot));
  }

  private String representation(
      EntityType type, SimRecord r, List<String> select, Prefer prefer, String serviceRoot) {
    StringBuilder b = new StringBuilder();
    json.write(b, type, r, RecordJson.columns(type, select), prefer);
    String context =
        "{\"@odata.context\":\""
            + serviceRoot
            + "$metadata#"
            + type.entitySetName()
            + (select.isEmpty() ? "" : "(" + String.join(",", select) + ")")
            + "/$entity\",";
    return context + b.substring(1);
  }

  /** The live row a path names, or null. */
  SimRecord find(EntityType type, ObjectTable table, ODataPath path) {
    if (path.id() != null) {
      SimRecord r = table.get(path.id());
      return r == null || r.deleted() ? null : r;
    }
    checkKey(type, path.keys().keySet());
    Map<String, Object> byProperty = new LinkedHashMap<>();
    for (Map.Entry<String, Object> k : path.keys().entrySet())
      byProperty.put(property(type, k.getKey()), k.getValue());
    return index(type).find(table, byProperty);
  }

  private static String property(EntityType type, String keyName) {
    Attribute a = type.byProperty(keyName);
    if (a == null) a = type.byName(keyName);
    return a == null ? keyName : a.property();
  }

  private void checkKey(EntityType type, Set<String> names) {
    Set<String> given = new TreeSet<>();
    for (String n : names) {
      Attribute a = type.byProperty(n) != null ? type.byProperty(n) : type.byName(n);
      given.add(a == null ? n : a.name());
    }
    for (List<String> key : type.alternateKeys().values()) {
      if (new TreeSet<>(key).equals(given)) return;
    }
    throw WebErrors.badRequest(
        WebErrors.UNKNOWN_PROPERTY,
        "The key in the request URI is not valid for resource "
            + "'Microsoft.Dynamics.CRM."
            + type.logicalName()
            + "'. Make sure both the key name and value are correct. "
            + "The property types of key properties must be of Edm.Byte, Edm.String, Edm.Int16, Edm.Int32, Edm.Int64, "
            + "Edm.Decimal, Edm.Guid or an enumeration.");
  }

  private static String describe(ODataPath path) {
    return path.id() != null ? path.id() : path.keys().toString();
  }

  private static String trim(String header) {
    return header == null ? null : header.trim();
  }

  /** Parses and type-checks a write body into stored values (lookups as {@code _x_value}). */
  Map<String, Object> values(EntityType type, String body) {
    Map<String, Object> raw;
    try {
      raw =
          body == null || body.isBlank()
              ? Map.of()
              : Json.parseObject(body, "dynamics-simulator", "write");
    } catch (RuntimeException e) {
      throw WebErrors.badRequest(WebErrors.UNKNOWN_PROPERTY, "Invalid JSON. " + e.getMessage());
    }
    Map<String, Object> out = new LinkedHashMap<>();
    for (Map.Entry<String, Object> e : raw.entrySet()) {
      String name = e.getKey();
      Object v = e.getValue();
      if (name.startsWith("@")) continue;
      if (name.endsWith("@odata.bind")) {
        String nav = name.substring(0, name.length() - "@odata.bind".length());
        int underscore = nav.lastIndexOf('_');
        Attribute a = type.byName(nav);
        if (a == null && underscore > 0)
          a = type.byName(nav.substring(0, underscore)); // parentcustomerid_account
        if (a == null || !a.isLookup()) {
          throw WebErrors.badRequest(
              WebErrors.UNKNOWN_PROPERTY,
              "An undeclared property '"
                  + nav
                  + "' which only has "
                  + "property annotations in the payload but no property value was found in the payload.");
        }
        out.put(a.property(), v == null ? null : bindTarget(v.toString()));
        continue;
      }
      Attribute a = type.byProperty(name);
      if (a == null || (name.equals(type.primaryId()) && v != null)) {
        if (a == null) {
          throw WebErrors.badRequest(
              WebErrors.UNKNOWN_PROPERTY,
              "The property '"
                  + name
                  + "' does not exist on type "
                  + "'Microsoft.Dynamics.CRM."
                  + type.logicalName()
                  + "'. Make sure to only use property names that are "
                  + "defined by the type.");
        }
        continue; // the primary key in a body is ignored: the URL names the row
      }
      if (!a.validForUpdate() || a.isLookup())
        continue; // read-only columns and raw _x_value are ignored
      out.put(name, coerce(type, a, v));
    }
    return out;
  }

  private static String bindTarget(String bind) {
    int open = bind.lastIndexOf('(');
    int close = bind.lastIndexOf(')');
    if (open < 0 || close < open) {
      throw WebErrors.badRequest(
          WebErrors.UNKNOWN_PROPERTY, "The @odata.bind value '" + bind + "' is not a row URL.");
    }
    return bind.substring(open + 1, close).toLowerCase(java.util.Locale.ROOT);
  }

  private static Object coerce(EntityType type, Attribute a, Object v) {
    if (v == null) return null;
    String edm;
    try {
      switch (a.type()) {
        case "String", "Memo" -> {
          edm = "Edm.String";
          if (v instanceof String s) return s;
        }
        case "Integer", "Picklist", "State", "Status", "BigInt" -> {
          edm = a.type().equals("BigInt") ? "Edm.Int64" : "Edm.Int32";
          if (v instanceof Long n) {
            if (!a.type().equals("BigInt") && (n > Integer.MAX_VALUE || n < Integer.MIN_VALUE))
              break;
            if (!a.options().isEmpty() && !a.options().containsKey(n)) {
              throw WebErrors.badRequest(
                  WebErrors.VALIDATION,
                  "A validation error occurred. The value "
                      + n
                      + " of '"
                      + a.name()
                      + "' on record of type '"
                      + type.logicalName()
                      + "' is outside the valid range. Accepted "
                      + "Values: "
                      + String.join(
                          ",",
                          a.options().keySet().stream().sorted().map(String::valueOf).toList()));
            }
            return n;
          }
        }
        case "Money", "Decimal", "Double" -> {
          edm = "Edm.Decimal";
          if (v instanceof Number n) return new BigDecimal(n.toString());
        }
        case "Boolean" -> {
          edm = "Edm.Boolean";
          if (v instanceof Boolean b) return b;
        }
        case "DateTime" -> {
          edm = "Edm.DateTimeOffset";
          if (v instanceof String s) {
            if (a.dateOnly())
              return s.length() == 10 ? LocalDate.parse(s) : OffsetDateTime.parse(s).toLocalDate();
            return s.length() == 10
                ? LocalDate.parse(s).atStartOfDay().toInstant(java.time.ZoneOffset.UTC)
                : OffsetDateTime.parse(s)
                    .toInstant()
                    .truncatedTo(java.time.temporal.ChronoUnit.SECONDS);
          }
        }
        default -> edm = "Edm." + a.type();
      }
    } catch (DateTimeParseException e) {
      edm = "Edm.DateTimeOffset";
    }
    throw WebErrors.badRequest(
        WebErrors.UNKNOWN_PROPERTY,
        "Cannot convert the literal '" + v + "' to the expected type '" + edm + "'.");
  }

  private KeyIndex index(EntityType type) {
    return keyIndexes.computeIfAbsent(type.logicalName(), n -> new KeyIndex(type));
  }

  /**
   * Alternate-key lookups without a table scan per write: built once from a scan, kept current by
   * this writer's own changes, rebuilt when the table changed behind its back (a test's edits).
   * Every hit is checked against the row's current values.
   */
  private final class KeyIndex {
    private final EntityType type;
    private Map<Map<String, Object>, String> byKey = null;
    private long builtAtChanges = -1;

    KeyIndex(EntityType type) {
      this.type = type;
    }

    synchronized SimRecord find(ObjectTable table, Map<String, Object> key) {
      Map<String, Object> normalized = normalize(key);
      if (byKey == null || builtAtChanges != table.changedCount()) rebuild(table);
      String id = byKey.get(normalized);
      if (id == null) return null;
      SimRecord r = table.get(id);
      if (r == null || r.deleted() || !normalized.equals(keyOf(r, normalized.keySet()))) {
        rebuild(table);
        id = byKey.get(normalized);
        r = id == null ? null : table.get(id);
        return r == null || r.deleted() ? null : r;
      }
      return r;
    }

    synchronized void put(SimRecord r) {
      ObjectTable table = store.table(type.logicalName());
      if (byKey == null) return;
      for (List<String> key : type.alternateKeys().values()) {
        Set<String> props = new TreeSet<>();
        for (String k : key) props.add(type.byName(k).property());
        byKey.put(keyOf(r, props), r.id());
      }
      builtAtChanges = table.changedCount();
    }

    private void rebuild(ObjectTable table) {
      Map<Map<String, Object>, String> m = new HashMap<>();
      table.stream(false)
          .forEach(
              r -> {
                for (List<String> key : type.alternateKeys().values()) {
                  Set<String> props = new TreeSet<>();
                  for (String k : key) props.add(type.byName(k).property());
                  m.put(keyOf(r, props), r.id());
                }
              });
      byKey = m;
      builtAtChanges = table.changedCount();
    }

    private Map<String, Object> keyOf(SimRecord r, Set<String> props) {
      Map<String, Object> k = new java.util.TreeMap<>();
      for (String p : props) k.put(p, normalizeValue(r.get(p)));
      return k;
    }

    private Map<String, Object> normalize(Map<String, Object> key) {
      Map<String, Object> k = new java.util.TreeMap<>();
      key.forEach((p, v) -> k.put(p, normalizeValue(v)));
      return k;
    }

    /** Dataverse matches string keys without regard to case. */
    private Object normalizeValue(Object v) {
      return v instanceof String s
          ? s.toLowerCase(java.util.Locale.ROOT)
          : Objects.toString(v, null);
    }
  }
}
