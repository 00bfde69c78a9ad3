package dev.revsync.simulators.salesforce;

import dev.revsync.simulators.ObjectTable;
import dev.revsync.simulators.SimRecord;
import java.math.BigDecimal;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.regex.Pattern;

/**
 * Creates, updates and upserts records as the SOAP API and sObject collections do: per-record
 * results in input order with Salesforce's status codes ({@code INVALID_FIELD_FOR_INSERT_UPDATE},
 * {@code REQUIRED_FIELD_MISSING}, {@code DUPLICATE_VALUE}, {@code ENTITY_IS_DELETED}, {@code
 * MALFORMED_ID}, {@code STRING_TOO_LONG}, {@code INVALID_EMAIL_ADDRESS}, …), all-or-none rollback,
 * and changes written to the {@link ObjectTable} so a later sync sees new values and modstamps.
 * Unknown objects and fields refuse the whole call ({@link CallRefused}). Thread-safe: calls are
 * serialised, as Salesforce locks the rows a call touches.
 */
final class SObjectWriter {
  /** One record of a write call: field values as text (SOAP) or JSON values (REST). */
  record Input(String type, String id, Map<String, Object> values, List<String> fieldsToNull) {}

  /** One error of a result. */
  record Error(String statusCode, String message, List<String> fields) {}

  /** The outcome of one record; {@code created} is null except for upserts. */
  record Result(String id, boolean success, Boolean created, List<Error> errors) {}

  /** The whole call is refused (SOAP fault / REST 400). */
  static final class CallRefused extends Exception {
    final String code;

    CallRefused(String code, String message) {
      super(message);
      this.code = code;
    }

    @Override
    public synchronized Throwable fillInStackTrace() {
      return this;
    }
  }

  enum Operation {
    CREATE,
    UPDATE,
    UPSERT
  }

  static final String ROLLED_BACK =
      "Record rolled back because not all records were valid and the request was using AllOrNone header";
  private static final Pattern EMAIL = Pattern.compile("^[^@\\s]+@[^@\\s]+\\.[^@\\s]+$");

  /** Tables at most this big are scanned for an external id a faster index does not know. */
  private static final long SCAN_FOR_EXTERNAL_ID_UP_TO = 20_000;

  private final SfRecords records;

  /** (object, field, lower-cased value) to the id most recently written with it. */
  private final Map<String, String> writtenUniqueValues = new ConcurrentHashMap<>();

  SObjectWriter(SfRecords records) {
    this.records = records;
  }

  /** A planned change: the target id (null to insert), the typed changes, or the errors. */
  private static final class Plan {
    SObjectType type;
    String id;
    boolean insert;
    Map<String, Object> changes = new LinkedHashMap<>();
    List<Error> errors = new ArrayList<>();
  }

  synchronized List<Result> write(
      Operation op, List<Input> inputs, String externalIdField, boolean allOrNone, String userId)
      throws CallRefused {
    SfField extField = null;
    List<Plan> plans = new ArrayList<>();
    for (Input in : inputs) {
      SObjectType type = records.schema().type(in.type());
      if (type == null) {
        throw new CallRefused(
            "INVALID_TYPE",
            "sObject type '"
                + in.type()
                + "' is not supported. If you are"
                + " attempting to use a custom object, be sure to append the '__c' after the entity name. Please"
                + " reference your WSDL or the describe call for the appropriate names.");
      }
      for (String name : in.values().keySet()) requireField(type, name);
      for (String name : in.fieldsToNull()) requireField(type, name);
      if (op == Operation.UPSERT) {
        SfField f = type.field(externalIdField == null ? "" : externalIdField);
        if (f == null) {
          throw new CallRefused(
              "INVALID_FIELD",
              "Field name provided, "
                  + externalIdField
                  + " does not match an External ID, Salesforce Id, or indexed field for "
                  + type.name());
        }
        if (!f.idLookup() && !f.externalId()) {
          throw new CallRefused(
              "INVALID_FIELD",
              "Field name provided, "
                  + f.name()
                  + " is not an External ID or indexed field for "
                  + type.name());
        }
        extField = f;
      }
    }
    Set<String> seenExternal = new java.util.HashSet<>();
    Set<String> duplicatedExternal = new java.util.HashSet<>();
    if (op == Operation.UPSERT) {
      for (Input in : inputs) {
        Object v =
            extField.source() == SfField.Source.ID
                ? in.id()
                : in.values().get(key(in.values(), extField.name()));
        if (v != null && !seenExternal.add(v.toString().toLowerCase(Locale.ROOT))) {
          duplicatedExternal.add(v.toString().toLowerCase(Locale.ROOT));
        }
      }
    }
    for (Input in : inputs) {
      Plan p = plan(op, in, extField, duplicatedExternal);
      plans.add(p);
    }
    boolean anyError = plans.stream().anyMatch(p -> !p.errors.isEmpty());
    List<Result> results = new ArrayList<>();
    if (allOrNone && anyError) {
      for (Plan p : plans) {
        List<Error> errors =
            p.errors.isEmpty()
                ? List.of(new Error("ALL_OR_NONE_OPERATION_ROLLED_BACK", ROLLED_BACK, List.of()))
                : p.errors;
        results.add(new Result(null, false, op == Operation.UPSERT ? Boolean.FALSE : null, errors));
      }
      return results;
    }
    for (Plan p : plans) {
      if (!p.errors.isEmpty()) {
        results.add(
            new Result(null, false, op == Operation.UPSERT ? Boolean.FALSE : null, p.errors));
        continue;
      }
      Error conflict = uniqueConflict(p);
      if (conflict != null) {
        results.add(
            new Result(
                null, false, op == Operation.UPSERT ? Boolean.FALSE : null, List.of(conflict)));
        continue;
      }
      results.add(apply(op, p, userId));
    }
    return results;
  }

  private static String key(Map<String, Object> values, String field) {
    for (String k : values.keySet()) if (k.equalsIgnoreCase(field)) return k;
    return field;
  }

  private static void requireField(SObjectType type, String name) throws CallRefused {
    if (type.field(name) == null) {
      throw new CallRefused(
          "INVALID_FIELD",
          "No such column '"
              + name
              + "' on entity '"
              + type.name()
              + "'. If you"
              + " are attempting to use a custom field, be sure to append the '__c' after the custom field name. Please"
              + " reference your WSDL or the describe call for the appropriate names.");
    }
  }

  private Plan plan(Operation op, Input in, SfField extField, Set<String> duplicatedExternal) {
    Plan p = new Plan();
    p.type = records.schema().type(in.type());
    ObjectTable table = records.table(p.type);
    SimRecord existing = null;
    switch (op) {
      case CREATE -> p.insert = true;
      case UPDATE -> {
        if (in.id() == null || in.id().isBlank()) {
          p.errors.add(
              new Error("MISSING_ARGUMENT", "Id not specified in an update call", List.of()));
          return p;
        }
        String id = SfIds.normalize(in.id());
        if (id == null || !SfIds.prefix(id).equals(p.type.keyPrefix())) {
          p.errors.add(
              new Error(
                  "MALFORMED_ID",
                  p.type.label() + " ID: id value of incorrect type: " + in.id(),
                  List.of("Id")));
          return p;
        }
        existing = table.get(id);
        if (existing == null) {
          p.errors.add(
              new Error("INVALID_CROSS_REFERENCE_KEY", "invalid cross reference id", List.of()));
          return p;
        }
        if (existing.deleted()) {
          p.errors.add(new Error("ENTITY_IS_DELETED", "entity is deleted", List.of()));
          return p;
        }
        p.id = id;
      }
      case UPSERT -> {
        Object v =
            extField.source() == SfField.Source.ID
                ? in.id()
                : in.values().get(key(in.values(), extField.name()));
        if (v == null || v.toString().isBlank()) {
          if (extField.source() == SfField.Source.ID) {
            p.insert = true;
          } else {
            p.errors.add(
                new Error("MISSING_ARGUMENT", extField.name() + " not specified", List.of()));
            return p;
          }
        } else if (duplicatedExternal.contains(v.toString().toLowerCase(Locale.ROOT))) {
          p.errors.add(
              new Error(
                  "DUPLICATE_EXTERNAL_ID",
                  "Duplicate external id specified: " + v,
                  List.of(extField.name())));
          return p;
        } else if (extField.source() == SfField.Source.ID) {
          String id = SfIds.normalize(v.toString());
          existing = id == null ? null : table.get(id);
          if (existing == null || !SfIds.prefix(id).equals(p.type.keyPrefix())) {
            p.errors.add(
                new Error(
                    "MALFORMED_ID",
                    p.type.label() + " ID: id value of incorrect type: " + v,
                    List.of("Id")));
            return p;
          }
          if (existing.deleted()) {
            p.errors.add(new Error("ENTITY_IS_DELETED", "entity is deleted", List.of()));
            return p;
          }
          p.id = id;
        } else {
          List<String> matches = lookup(p.type, extField, v.toString());
          if (matches.size() > 1) {
            p.errors.add(
                new Error(
                    "DUPLICATE_EXTERNAL_ID",
                    p.type.name()
                        + ": more than one record found for external id"
                        + " field: "
                        + matches,
                    List.of()));
            return p;
          }
          if (matches.isEmpty()) {
            p.insert = true;
          } else {
            p.id = matches.get(0);
            existing = table.get(p.id);
          }
        }
      }
      default -> throw new IllegalStateException();
    }
    // field values
    List<String> notWritable = new ArrayList<>();
    for (Map.Entry<String, Object> e : in.values().entrySet()) {
      SfField f = p.type.field(e.getKey());
      if (f.source() == SfField.Source.ID) continue; // Id travels as the record's identity
      if (op == Operation.UPSERT && f.equals(extField) && !p.insert)
        continue; // matching by it changes nothing
      boolean writable = p.insert ? f.createable() : f.updateable();
      if (!writable) {
        notWritable.add(f.name());
        continue;
      }
      Object raw = e.getValue();
      if (raw instanceof String s && s.isEmpty())
        continue; // an empty SOAP element leaves the field alone
      Object value;
      try {
        value = raw instanceof String s ? SfValues.parse(f, s) : SfValues.normalize(f, raw);
      } catch (RuntimeException ex) {
        p.errors.add(
            new Error(
                "INVALID_TYPE_ON_FIELD_IN_RECORD",
                f.label() + ": value not of required type: " + raw,
                List.of(f.name())));
        continue;
      }
      Error invalid = validate(f, value);
      if (invalid != null) {
        p.errors.add(invalid);
        continue;
      }
      p.changes.put(f.name(), value);
    }
    for (String name : in.fieldsToNull()) {
      SfField f = p.type.field(name);
      boolean writable = p.insert ? f.createable() : f.updateable();
      if (!writable || f.source() != SfField.Source.STORED) {
        notWritable.add(f.name());
        continue;
      }
      if (!f.nillable() && !f.defaultedOnCreate()) {
        p.errors.add(
            new Error(
                "REQUIRED_FIELD_MISSING",
                "Required fields are missing: [" + f.name() + "]",
                List.of(f.name())));
        continue;
      }
      p.changes.put(f.name(), null);
    }
    if (!notWritable.isEmpty()) {
      p.errors.add(
          new Error(
              "INVALID_FIELD_FOR_INSERT_UPDATE",
              "Unable to create/update fields: "
                  + String.join(", ", notWritable)
                  + ". Please check the security settings of this field and verify that it"
                  + " is read/write for your profile or permission set.",
              List.copyOf(notWritable)));
    }
    if (p.insert) {
      List<String> missing = new ArrayList<>();
      for (SfField f : p.type.fields()) {
        if (f.source() == SfField.Source.STORED
            && f.createable()
            && !f.nillable()
            && !f.defaultedOnCreate()
            && p.changes.get(f.name()) == null) {
          missing.add(f.name());
        }
      }
      if (!missing.isEmpty()) {
        p.errors.add(
            new Error(
                "REQUIRED_FIELD_MISSING", "Required fields are missing: " + missing, missing));
      }
    }
    return p;
  }

  private static Error validate(SfField f, Object value) {
    if (value == null) return null;
    if (value instanceof String s) {
      if (f.type().equals("email") && !EMAIL.matcher(s).matches()) {
        return new Error(
            "INVALID_EMAIL_ADDRESS",
            f.label() + ": invalid email address: " + s,
            List.of(f.name()));
      }
      if (f.length() > 0 && s.length() > f.length()) {
        return new Error(
            "STRING_TOO_LONG",
            f.label()
                + ": data value too large: "
                + abbreviate(s)
                + " (max length="
                + f.length()
                + ")",
            List.of(f.name()));
      }
      if (f.isIdLike() && SfIds.normalize(s) == null) {
        return new Error(
            "MALFORMED_ID", f.label() + ": id value of incorrect type: " + s, List.of(f.name()));
      }
    }
    if (value instanceof BigDecimal d && f.precision() > 0) {
      BigDecimal scaled = d.setScale(Math.max(0, f.scale()), java.math.RoundingMode.HALF_UP);
      if (scaled.precision() - scaled.scale() > f.precision() - f.scale()) {
        return new Error(
            "NUMBER_OUTSIDE_VALID_RANGE",
            f.label() + ": value outside of valid range on numeric field: " + d.toPlainString(),
            List.of(f.name()));
      }
    }
    return null;
  }

  private static String abbreviate(String s) {
    return s.length() <= 40 ? s : s.substring(0, 37) + "...";
  }

  private Error uniqueConflict(Plan p) {
    for (Map.Entry<String, Object> e : p.changes.entrySet()) {
      SfField f = p.type.field(e.getKey());
      if (!f.unique() || e.getValue() == null) continue;
      for (String other : lookup(p.type, f, e.getValue().toString())) {
        if (!other.equals(p.id)) {
          return new Error(
              "DUPLICATE_VALUE",
              "duplicate value found: "
                  + f.name()
                  + " duplicates value on record with id: "
                  + other,
              List.of(f.name()));
        }
      }
    }
    return null;
  }

  private Result apply(Operation op, Plan p, String userId) {
    ObjectTable table = records.table(p.type);
    Map<String, Object> changes = new LinkedHashMap<>(p.changes);
    if (p.type.hasField("LastModifiedById")) changes.put("LastModifiedById", userId);
    SimRecord written;
    if (p.insert) {
      Map<String, Object> fields = defaults(p.type, userId);
      fields.putAll(changes);
      recomputeName(p.type, fields, null);
      written = table.insert(fields);
    } else {
      recomputeName(p.type, changes, table.get(p.id));
      written = table.update(p.id, changes);
      if (written == null) {
        return new Result(
            null,
            false,
            op == Operation.UPSERT ? Boolean.FALSE : null,
            List.of(new Error("ENTITY_IS_DELETED", "entity is deleted", List.of())));
      }
    }
    remember(p.type, written);
    return new Result(written.id(), true, op == Operation.UPSERT ? p.insert : null, List.of());
  }

  private static Map<String, Object> defaults(SObjectType type, String userId) {
    Map<String, Object> m = new HashMap<>();
    for (SfField f : type.fields()) {
      if (f.source() != SfField.Source.STORED) continue;
      if (f.type().equals("boolean")) m.put(f.name(), false);
    }
    if (type.hasField("OwnerId")) m.put("OwnerId", userId);
    m.put("CreatedById", userId);
    switch (type.name()) {
      case "Lead" -> m.put("Status", "Open - Not Contacted");
      case "Task" -> {
        m.put("Status", "Not Started");
        m.put("Priority", "Normal");
        m.put("TaskSubtype", "Task");
      }
      case "User" -> m.put("IsActive", true);
      default -> {}
    }
    return m;
  }

  /** Keeps the read-only full name of people in step with its parts. */
  private static void recomputeName(
      SObjectType type, Map<String, Object> changes, SimRecord current) {
    if (!type.hasField("FirstName") || !type.hasField("Name")) return;
    if (!changes.containsKey("FirstName") && !changes.containsKey("LastName")) return;
    Object first =
        changes.containsKey("FirstName")
            ? changes.get("FirstName")
            : current == null ? null : current.get("FirstName");
    Object last =
        changes.containsKey("LastName")
            ? changes.get("LastName")
            : current == null ? null : current.get("LastName");
    changes.put("Name", first == null ? last : last == null ? first : first + " " + last);
  }

  private void remember(SObjectType type, SimRecord written) {
    for (SfField f : type.fields()) {
      if (!f.unique() && !f.externalId()) continue;
      Object v = written.get(f.name());
      if (v != null) writtenUniqueValues.put(indexKey(type, f, v.toString()), written.id());
    }
  }

  private static String indexKey(SObjectType type, SfField f, String value) {
    return type.name() + "\u0000" + f.name() + "\u0000" + value.toLowerCase(Locale.ROOT);
  }

  /**
   * Live records whose {@code field} equals {@code value} (case-insensitively): those this writer
   * wrote, the generated record the value encodes, and, for small tables, a scan for the rest.
   */
  List<String> lookup(SObjectType type, SfField field, String value) {
    ObjectTable table = records.table(type);
    Set<String> found = new LinkedHashSet<>();
    String known = writtenUniqueValues.get(indexKey(type, field, value));
    if (known != null && equalsLive(table.get(known), field, value)) found.add(known);
    if (field.name().equals("External_Id__c")) {
      long index = SalesforceData.indexOfExternalId(type.name(), value);
      if (index >= 0) {
        String id = SfIds.of(type.keyPrefix(), index);
        if (equalsLive(table.get(id), field, value)) found.add(id);
      }
    }
    if (table.size(true) <= SCAN_FOR_EXTERNAL_ID_UP_TO) {
      found.clear();
      Iterator<SimRecord> it = table.scan(null, null, false);
      while (it.hasNext()) {
        SimRecord r = it.next();
        if (equalsLive(r, field, value)) found.add(r.id());
      }
    }
    return new ArrayList<>(found);
  }

  private static boolean equalsLive(SimRecord r, SfField field, String value) {
    if (r == null || r.deleted()) return false;
    Object v = SfRecords.value(field, r);
    return v != null && v.toString().equalsIgnoreCase(value);
  }
}
