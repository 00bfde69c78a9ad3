package dev.revsync.salesforce;

import static dev.revsync.salesforce.SalesforceConfig.SYSTEM;

import com.squareup.moshi.JsonReader;
import dev.revsync.FieldSchema;
import dev.revsync.FieldType;
import dev.revsync.ObjectSchema;
import dev.revsync.ProtocolException;
import dev.revsync.Record;
import dev.revsync.spi.CsvRows;
import dev.revsync.spi.Json;
import dev.revsync.spi.RecordShape;
import dev.revsync.spi.Values;
import java.io.IOException;
import java.math.BigDecimal;
import java.time.DateTimeException;
import java.time.Instant;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;

/**
 * Salesforce describe results as {@link ObjectSchema}s, and record values typed by the field's
 * describe type: datetimes become {@link Instant}, dates {@link LocalDate}, int and long {@link
 * Long}, double/currency/percent {@link BigDecimal}, booleans {@link Boolean}, ids and references
 * their string. The same conversion serves REST JSON and Bulk CSV values, so a record reads the
 * same whichever API style pulled it. Stateless, thread-safe.
 */
final class RecordMapping {
  static final String ID = "Id";
  static final String IS_DELETED = "IsDeleted";
  static final String QUERY_ALL_DELETES = "queryAll IsDeleted";

  /** Cursor candidates, best first: SystemModstamp is indexed and moves on system changes too. */
  static final List<String> CURSOR_FIELDS =
      List.of("SystemModstamp", "LastModifiedDate", "CreatedDate");

  private RecordMapping() {}

  /** The revsync type of a describe {@code type}. */
  static FieldType fieldType(String sfType) {
    if (sfType == null) return FieldType.OTHER;
    return switch (sfType.toLowerCase(Locale.ROOT)) {
      case "id" -> FieldType.ID;
      case "reference" -> FieldType.REFERENCE;
      case "string",
          "textarea",
          "picklist",
          "multipicklist",
          "combobox",
          "email",
          "phone",
          "url",
          "encryptedstring" ->
          FieldType.STRING;
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
   * Reads {@code GET …/sobjects/{name}/describe} as it streams. Fields marked {@code
   * deprecatedAndHidden} are left out.
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
      throw new ProtocolException(
          SYSTEM,
          call,
          "the describe result has no object name",
          "Report this response to Salesforce support",
          null);
    }
    ObjectSchema.Builder schema = ObjectSchema.builder(name).label(label).fields(fields);
    ObjectSchema partial = schema.build();
    return schema
        .cursorField(cursorField(partial))
        .deletes(hasIsDeleted(partial) ? QUERY_ALL_DELETES : "none")
        .build();
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
    return FieldSchema.builder(name, fieldType(type))
        .label(label)
        .vendorType(type)
        .createable(createable)
        .updateable(updateable)
        .externalId(externalId)
        .compound(isCompound(type))
        .build();
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
    // Read typed from its Bulk CSV cell already (Rows.csvTypes).
    if (raw instanceof Instant || raw instanceof LocalDate) return raw;
    if (raw instanceof BigDecimal d && field != null && field.type() == FieldType.DECIMAL) return d;
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
      throw new ProtocolException(
          SYSTEM,
          call,
          "field "
              + field.name()
              + " ("
              + field.vendorType()
              + ") has a value that is not a "
              + field.vendorType()
              + ": '"
              + abbreviate(s)
              + "'",
          "Report the record to the integrator; the sync resumes from its last checkpoint",
          e);
    }
  }

  /**
   * A datetime value in any spelling Salesforce writes ({@code …000+0000} in JSON, {@code …Z} in
   * Bulk CSV); no offset is UTC.
   */
  static Instant parseDatetime(String s) {
    return Values.instant(s);
  }

  private static String abbreviate(String s) {
    return s.length() > 40 ? s.substring(0, 40) + "..." : s;
  }

  /**
   * Turns the rows of one query (REST JSON records or Bulk CSV rows) into {@link Record}s with the
   * select list's fields in its order, typed by the describe, against one {@link RecordShape} per
   * query: each select name's field and position are resolved once, here; a JSON record's keys are
   * matched against the shape as they are read, a CSV header once per chunk. Names match ignoring
   * case, as the describe does (select names equal but for case share one value). The id and cursor
   * come from the values; a row whose {@code IsDeleted} is true becomes a deleted record.
   * Thread-safe for JSON; {@link #fromCsv} caches the last header it mapped (one sync's thread).
   */
  static final class Rows {
    private final String call;

    /** The records' shape: the distinct select names, in order. */
    private final RecordShape shape;

    /**
     * What a body is read against: one name per value slot (names equal but for case share one).
     */
    private final RecordShape readShape;

    /** The describe field of each name; null for a relationship path. */
    private final FieldSchema[] fields;

    /** The value slot of each name; null when every name has its own slot in order. */
    private final int[] slotOf;

    /**
     * Where {@code Id}, the cursor field and {@code IsDeleted} are among the names; -1 if absent.
     */
    private final int idAt;

    private final int cursorAt;
    private final int deletedAt;
    private List<String> csvHeader;
    private int[] csvSlots;

    /** Whether a name's string value is kept as it is (empty: null), for a quick path. */
    private final boolean[] text;

    /** The type each value slot is read as from a Bulk CSV cell; null: all read as text. */
    private final FieldType[] csvTypes;

    Rows(String object, ObjectSchema schema, List<String> select, String cursorField, String call) {
      this.call = call;
      List<String> names = List.copyOf(new LinkedHashSet<>(select));
      this.shape = RecordShape.of(object, names);
      this.fields = new FieldSchema[names.size()];
      Map<String, FieldSchema> byName = new TreeMap<>(String.CASE_INSENSITIVE_ORDER);
      for (FieldSchema f : schema.fields()) {
        byName.putIfAbsent(f.name(), f); // the first of equal names, as ObjectSchema.field finds it
      }
      Map<String, Integer> slotByName = new TreeMap<>(String.CASE_INSENSITIVE_ORDER);
      List<String> slotNames = new ArrayList<>();
      int[] slots = new int[names.size()];
      boolean identity = true;
      for (int i = 0; i < names.size(); i++) {
        fields[i] = byName.get(names.get(i));
        Integer slot = slotByName.get(names.get(i));
        if (slot == null) {
          slot = slotNames.size();
          slotByName.put(names.get(i), slot);
          slotNames.add(names.get(i));
        }
        slots[i] = slot;
        identity &= slot == i;
      }
      this.slotOf = identity ? null : slots;
      this.readShape =
          identity ? shape.matchingAnyCase() : RecordShape.of(object, slotNames).matchingAnyCase();
      this.idAt = indexIn(names, ID);
      this.cursorAt = cursorField == null ? -1 : indexIn(names, cursorField);
      this.deletedAt = indexIn(names, IS_DELETED);
      // Typed straight from the cells when each name has its own slot (names sharing one are rare).
      this.text = new boolean[fields.length];
      for (int i = 0; i < fields.length; i++)
        text[i] = fields[i] == null || isText(fields[i].type());
      this.csvTypes = identity ? new FieldType[fields.length] : null;
      if (identity)
        for (int i = 0; i < fields.length; i++)
          csvTypes[i] = fields[i] == null ? null : fields[i].type();
    }

    private static boolean isText(FieldType type) {
      return switch (type) {
        case STRING, ID, REFERENCE, OTHER -> true;
        default -> false;
      };
    }

    private static int indexIn(List<String> names, String name) {
      return names.indexOf(name);
    }

    /**
     * What a REST query page's records are read against ({@link Json#readPage(okio.BufferedSource,
     * String, RecordShape, Json.ValuesHandler, String, String)}).
     */
    RecordShape readShape() {
      return readShape;
    }

    /**
     * A REST query record read against {@link #readShape()}: {@code attributes} dropped,
     * relationship objects flattened to dotted names ({@code Account.Name}), compound fields kept
     * as JSON.
     */
    Record fromJson(Object[] raw) {
      return toRecord(raw);
    }

    /**
     * A Bulk CSV row in the order of {@code header} (the select names, relationship paths dotted).
     */
    Record fromCsv(List<String> header, String[] row) {
      int[] slots = csvSlots(header);
      Object[] raw = new Object[rawSize()];
      for (int i = 0; i < row.length && i < slots.length; i++) {
        if (slots[i] >= 0) raw[slots[i]] = row[i];
      }
      return fromRaw(raw);
    }

    /**
     * Where each column of a Bulk CSV {@code header} goes among a row's raw values ({@link
     * #fromRaw}); -1 for a column not selected. Mapped once per header.
     */
    int[] csvSlots(List<String> header) {
      if (header != csvHeader) {
        csvSlots = readShape.columns(header);
        csvHeader = header;
      }
      return csvSlots;
    }

    /**
     * The type each raw value of a Bulk CSV row is read as ({@link CsvRows#nextRow(Object[], int[],
     * FieldType[])}), by slot; null to read them all as text.
     */
    FieldType[] csvTypes() {
      return csvTypes == null ? null : csvTypes.clone();
    }

    /** How many raw values a row has. */
    int rawSize() {
      return readShape.size();
    }

    /** A row's raw values (CSV cells at {@link #csvSlots}) as a record, the array adopted. */
    Record fromRaw(Object[] raw) {
      return toRecord(raw);
    }

    private Record toRecord(Object[] raw) {
      // Typed in place when every name has its own slot (the usual case): no second array.
      Object[] typed = slotOf == null ? raw : new Object[fields.length];
      for (int i = 0; i < fields.length; i++) {
        Object value = raw[slotOf == null ? i : slotOf[i]];
        // A text field's string is what convert gives for it, without its checks.
        typed[i] =
            text[i] && value instanceof String s
                ? (s.isEmpty() ? null : s)
                : convert(fields[i], value, call);
      }
      Object id = idAt < 0 ? null : typed[idAt];
      if (!(id instanceof String idString) || idString.isEmpty()) {
        throw new ProtocolException(
            SYSTEM,
            call,
            "a " + shape.object() + " row has no Id",
            "Report this response to Salesforce support",
            null);
      }
      Instant modifiedAt =
          cursorAt >= 0 && typed[cursorAt] instanceof Instant instant ? instant : null;
      return shape.record(
          idString, modifiedAt, deletedAt >= 0 && Boolean.TRUE.equals(typed[deletedAt]), typed);
    }
  }
}
