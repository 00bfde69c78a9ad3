package dev.revsync.salesforce;

import static dev.revsync.salesforce.SalesforceConfig.SYSTEM;

import com.squareup.moshi.JsonReader;
import dev.revsync.FieldSchema;
import dev.revsync.FieldType;
import dev.revsync.ObjectSchema;
import dev.revsync.ProtocolException;
import dev.revsync.Record;
import dev.revsync.spi.Json;
import dev.revsync.spi.Values;
import java.io.IOException;
import java.math.BigDecimal;
import java.time.DateTimeException;
import java.time.Instant;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;

/**
 * Salesforce describe results as {@link ObjectSchema}s, and record values typed by the field's
 * describe type: datetimes become {@link Instant}, dates {@link LocalDate}, int and long
 * {@link Long}, double/currency/percent {@link BigDecimal}, booleans {@link Boolean}, ids and
 * references their string. The same conversion serves REST JSON and Bulk CSV values, so a record
 * reads the same whichever API style pulled it. Stateless, thread-safe.
 */
final class RecordMapping {
  static final String ID = "Id";
  static final String IS_DELETED = "IsDeleted";
  static final String QUERY_ALL_DELETES = "queryAll IsDeleted";

  /** Cursor candidates, best first: SystemModstamp is indexed and moves on system changes too. */
  static final List<String> CURSOR_FIELDS = List.of("SystemModstamp", "LastModifiedDate", "CreatedDate");

  private RecordMapping() {}

  /** The revsync type of a describe {@code type}. */
  static FieldType fieldType(String sfType) {
    if (sfType == null) return FieldType.OTHER;
    return switch (sfType.toLowerCase(Locale.ROOT)) {
      case "id" -> FieldType.ID;
      case "reference" -> FieldType.REFERENCE;
      case "string", "textarea", "picklist", "multipicklist", "combobox", "email", "phone", "url",
          "encryptedstring" -> FieldType.STRING;
      case "boolean" -> FieldType.BOOLEAN;
      case "int", "long" -> FieldType.INTEGER;
      case "double", "currency", "percent" -> FieldType.DECIMAL;
      case "date" -> FieldType.DATE;
      case "datetime" -> FieldType.DATETIME;
      default -> FieldType.OTHER; // time, base64, address, location, anyType
    };
  }

  static boolean isCompound(String sfType) {
    return "address".equalsIgnoreCase(sfType) || "location".equalsIgnoreCase(sfType);
  }

  /** The field incremental pulls order and filter on, or null if the object has none. */
  static String cursorField(ObjectSchema schema) {
    for (String candidate : CURSOR_FIELDS) {
      if (schema.field(candidate).isPresent()) return schema.field(candidate).get().name();
    }
    return null;
  }

  static boolean hasIsDeleted(ObjectSchema schema) {
    return schema.field(IS_DELETED).isPresent();
  }

  /**
   * Reads {@code GET …/sobjects/{name}/describe} as it streams. Fields marked
   * {@code deprecatedAndHidden} are left out.
   */
  static ObjectSchema readDescribe(JsonReader reader, String call) throws IOException {
    String name = null;
    String label = null;
    List<FieldSchema> fields = new ArrayList<>();
    reader.beginObject();
    while (reader.hasNext()) {
      switch (reader.nextName()) {
        case "name" -> name = nullableString(reader);
        case "label" -> label = nullableString(reader);
        case "fields" -> {
          reader.beginArray();
          while (reader.hasNext()) {
            FieldSchema f = readField(reader);
            if (f != null) fields.add(f);
          }
          reader.endArray();
        }
        default -> reader.skipValue();
      }
    }
    reader.endObject();
    if (name == null) {
      throw new ProtocolException(SYSTEM, call, "the describe result has no object name",
          "Report this response to Salesforce support", null);
    }
    ObjectSchema.Builder schema = ObjectSchema.builder(name).label(label).fields(fields);
    ObjectSchema partial = schema.build();
    return schema.cursorField(cursorField(partial)).deletes(hasIsDeleted(partial) ? QUERY_ALL_DELETES : "none").build();
  }

  private static FieldSchema readField(JsonReader reader) throws IOException {
    String name = null;
    String label = null;
    String type = null;
    boolean createable = false;
    boolean updateable = false;
    boolean externalId = false;
    boolean hidden = false;
    reader.beginObject();
    while (reader.hasNext()) {
      switch (reader.nextName()) {
        case "name" -> name = nullableString(reader);
        case "label" -> label = nullableString(reader);
        case "type" -> type = nullableString(reader);
        case "createable" -> createable = bool(reader);
        case "updateable" -> updateable = bool(reader);
        case "externalId" -> externalId = bool(reader);
        case "deprecatedAndHidden" -> hidden = bool(reader);
        default -> reader.skipValue();
      }
    }
    reader.endObject();
    if (name == null || hidden) return null;
    return FieldSchema.builder(name, fieldType(type)).label(label).vendorType(type).createable(createable)
        .updateable(updateable).externalId(externalId).compound(isCompound(type)).build();
  }

  static String nullableString(JsonReader reader) throws IOException {
    if (reader.peek() == JsonReader.Token.NULL) return reader.nextNull();
    return reader.nextString();
  }

  static boolean bool(JsonReader reader) throws IOException {
    if (reader.peek() == JsonReader.Token.NULL) {
      reader.nextNull();
      return false;
    }
    return reader.nextBoolean();
  }

  /**
   * Types one value by its field's describe type. {@code raw} is the JSON scalar (String, Boolean)
   * or the CSV cell; an empty string is null (text fields never hold empty strings, and Bulk CSV
   * writes nulls as empty cells). Fields the describe does not know (relationship paths) stay
   * strings.
   */
  static Object convert(FieldSchema field, Object raw, String call) {
    // Strings first, by class: most values are, and an interface check (Map, List) costs a scan.
    if (raw instanceof String s) return convertText(field, s, s, call);
    if (raw == null) return null;
    if (raw instanceof Boolean b) {
      return field == null || field.type() == FieldType.BOOLEAN ? b : b.toString();
    }
    if (field != null && raw instanceof Long l) {
      // A JSON integer: no detour through its digits.
      if (field.type() == FieldType.INTEGER) return l;
      if (field.type() == FieldType.DECIMAL) return BigDecimal.valueOf(l);
    }
    if (raw instanceof Map<?, ?> || raw instanceof List<?>) {
      // A compound field (address, location) or another structured value: kept as its JSON.
      return Json.toJson(raw);
    }
    return convertText(field, raw, raw.toString(), call);
  }

  /** {@link #convert} of a scalar by its text {@code s}. */
  private static Object convertText(FieldSchema field, Object raw, String s, String call) {
    if (s.isEmpty()) return null;
    if (field == null) return s;
    try {
      return switch (field.type()) {
        case BOOLEAN -> Values.bool(s);
        case INTEGER -> Values.integer(s);
        case DECIMAL -> raw instanceof BigDecimal d ? d : Values.decimal(s);
        case DATE -> Values.date(s);
        case DATETIME -> Values.instant(s);
        default -> s;
      };
    } catch (IllegalArgumentException | ArithmeticException | DateTimeException e) {
      throw new ProtocolException(SYSTEM, call, "field " + field.name() + " (" + field.vendorType()
          + ") has a value that is not a " + field.vendorType() + ": '" + abbreviate(s) + "'",
          "Report the record to the integrator; the sync resumes from its last checkpoint", e);
    }
  }

  /** A datetime value in any spelling Salesforce writes ({@code …000+0000} in JSON, {@code …Z} in Bulk CSV); no offset is UTC. */
  static Instant parseDatetime(String s) {
    return Values.instant(s);
  }

  private static String abbreviate(String s) {
    return s.length() > 40 ? s.substring(0, 40) + "..." : s;
  }

  /**
   * Turns the rows of one query (REST JSON records or Bulk CSV rows) into {@link Record}s with the
   * select list's fields in its order, typed by the describe. Each select name's field is looked up
   * once, here, not per value: a row's values land in an array by select position. Names match
   * ignoring case, as the describe does. The id and cursor come from the values; a row whose
   * {@code IsDeleted} is true becomes a deleted record. Thread-safe (nothing changes after
   * construction).
   */
  static final class Rows {
    private final String object;
    private final String call;
    /** The distinct select names, in order: the record's keys. */
    private final String[] names;
    /** The describe field of each name; null for a relationship path. */
    private final FieldSchema[] fields;
    /** The value slot of each name (names equal but for case share one). */
    private final int[] slotOf;
    private final int slots;
    /** Where {@code Id}, the cursor field and {@code IsDeleted} are among the names; -1 if absent. */
    private final int idAt;
    private final int cursorAt;
    private final int deletedAt;
    /** Slot by exact name (the usual case: vendors echo the select names as written). */
    private final Map<String, Integer> slotByName = new HashMap<>();
    /** Slot by name in any case, for the rest. */
    private final Map<String, Integer> slotByNameAnyCase = new TreeMap<>(String.CASE_INSENSITIVE_ORDER);
    private final Set<String> compoundFields = new TreeSet<>(String.CASE_INSENSITIVE_ORDER);

    Rows(String object, ObjectSchema schema, List<String> select, String cursorField, String call) {
      this.object = object;
      this.call = call;
      this.names = new LinkedHashSet<>(select).toArray(new String[0]);
      this.fields = new FieldSchema[names.length];
      this.slotOf = new int[names.length];
      Map<String, FieldSchema> byName = new TreeMap<>(String.CASE_INSENSITIVE_ORDER);
      for (FieldSchema f : schema.fields()) {
        byName.putIfAbsent(f.name(), f); // the first of equal names, as ObjectSchema.field finds it
      }
      for (FieldSchema f : byName.values()) {
        if (f.compound()) compoundFields.add(f.name());
      }
      List<String> nameList = Arrays.asList(names);
      for (int i = 0; i < names.length; i++) {
        fields[i] = byName.get(names[i]);
        Integer slot = slotByNameAnyCase.get(names[i]);
        if (slot == null) {
          slot = slotByNameAnyCase.size();
          slotByNameAnyCase.put(names[i], slot);
        }
        slotByName.put(names[i], slot);
        slotOf[i] = slot;
      }
      this.slots = slotByNameAnyCase.size();
      this.idAt = nameList.indexOf(ID);
      this.cursorAt = cursorField == null ? -1 : nameList.indexOf(cursorField);
      this.deletedAt = nameList.indexOf(IS_DELETED);
    }

    /**
     * A REST query record: {@code attributes} dropped, relationship objects flattened to dotted
     * names ({@code Account.Name}), compound fields kept as JSON.
     */
    Record fromJson(Map<String, Object> json) {
      Object[] values = new Object[slots];
      flatten(null, json, values);
      return toRecord(values);
    }

    /** A Bulk CSV row keyed by its header (the select names, relationship paths dotted). */
    Record fromCsv(Map<String, String> row) {
      Object[] values = new Object[slots];
      for (Map.Entry<String, String> e : row.entrySet()) {
        int slot = slot(e.getKey());
        if (slot >= 0) values[slot] = e.getValue();
      }
      return toRecord(values);
    }

    private void flatten(String prefix, Map<String, Object> json, Object[] values) {
      for (Map.Entry<String, Object> e : json.entrySet()) {
        String key = e.getKey();
        if (key.equals("attributes")) continue;
        Object value = e.getValue();
        String name = prefix == null ? key : prefix + key;
        // The String test first, by class: most values are, and an interface check costs a scan.
        if (!(value instanceof String) && value instanceof Map<?, ?> nested
            && !(prefix == null && compoundFields.contains(key))) {
          @SuppressWarnings("unchecked")
          Map<String, Object> child = (Map<String, Object>) nested;
          flatten(name + ".", child, values);
        } else {
          int slot = slot(name);
          if (slot >= 0) values[slot] = value;
        }
      }
    }

    /** The slot of a column or key, or -1 if the select list does not name it. */
    private int slot(String name) {
      Integer slot = slotByName.get(name);
      if (slot == null) slot = slotByNameAnyCase.get(name);
      return slot == null ? -1 : slot;
    }

    private Record toRecord(Object[] raw) {
      Object[] typed = new Object[names.length];
      for (int i = 0; i < names.length; i++) typed[i] = convert(fields[i], raw[slotOf[i]], call);
      Object id = idAt < 0 ? null : typed[idAt];
      if (!(id instanceof String idString) || idString.isEmpty()) {
        throw new ProtocolException(SYSTEM, call, "a " + object + " row has no Id",
            "Report this response to Salesforce support", null);
      }
      Instant modifiedAt = cursorAt >= 0 && typed[cursorAt] instanceof Instant instant ? instant : null;
      // One ordered map per record, handed to Record without a copy.
      Map<String, Object> values = new LinkedHashMap<>(names.length * 4 / 3 + 1);
      for (int i = 0; i < names.length; i++) values.put(names[i], typed[i]);
      return Record.adopt(object, idString, modifiedAt, deletedAt >= 0 && Boolean.TRUE.equals(typed[deletedAt]), values);
    }
  }
}
