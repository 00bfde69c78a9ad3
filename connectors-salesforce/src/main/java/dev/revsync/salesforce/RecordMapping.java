package dev.revsync.salesforce;

import static dev.revsync.salesforce.SalesforceConfig.SYSTEM;

import com.squareup.moshi.JsonReader;
import dev.revsync.FieldSchema;
import dev.revsync.FieldType;
import dev.revsync.ObjectSchema;
import dev.revsync.ProtocolException;
import dev.revsync.Record;
import dev.revsync.spi.Json;
import java.io.IOException;
import java.math.BigDecimal;
import java.time.Instant;
import java.time.LocalDate;
import java.time.Month;
import java.time.OffsetDateTime;
import java.time.Year;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeFormatterBuilder;
import java.time.format.DateTimeParseException;
import java.time.temporal.ChronoField;
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

  // 2024-05-20T20:49:32.000+0000 (REST), 2024-05-20T20:49:32.000Z (Bulk CSV), +00:00, no fraction.
  private static final DateTimeFormatter DATETIME = new DateTimeFormatterBuilder()
      .appendPattern("yyyy-MM-dd'T'HH:mm:ss")
      .optionalStart().appendFraction(ChronoField.NANO_OF_SECOND, 0, 9, true).optionalEnd()
      .optionalStart().appendOffset("+HH:MM", "Z").optionalEnd()
      .optionalStart().appendOffset("+HHMM", "Z").optionalEnd()
      .toFormatter(Locale.ROOT);

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
    ObjectSchema partial = new ObjectSchema(name, label, fields, null, null);
    return new ObjectSchema(name, label, fields, cursorField(partial),
        hasIsDeleted(partial) ? QUERY_ALL_DELETES : "none");
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
    return new FieldSchema(name, label, fieldType(type), type, createable, updateable, externalId, isCompound(type));
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
        case BOOLEAN -> parseBoolean(s);
        case INTEGER -> parseLong(s);
        case DECIMAL -> raw instanceof BigDecimal d ? d : parseDecimal(s);
        case DATE -> parseDate(s);
        case DATETIME -> parseDatetime(s);
        default -> s;
      };
    } catch (NumberFormatException | ArithmeticException | DateTimeParseException e) {
      throw new ProtocolException(SYSTEM, call, "field " + field.name() + " (" + field.vendorType()
          + ") has a value that is not a " + field.vendorType() + ": '" + abbreviate(s) + "'",
          "Report the record to the integrator; the sync resumes from its last checkpoint", e);
    }
  }

  /** An int/long value: plain digits directly, anything else ({@code 12.0}, {@code 1E3}) as an exact BigDecimal. */
  static long parseLong(String s) {
    int n = s.length();
    int i = s.charAt(0) == '-' ? 1 : 0;
    if (n > i && n - i <= 18) {
      long v = 0;
      for (; i < n; i++) {
        int d = s.charAt(i) - '0';
        if (d < 0 || d > 9) return new BigDecimal(s).longValueExact();
        v = v * 10 + d;
      }
      return s.charAt(0) == '-' ? -v : v;
    }
    return new BigDecimal(s).longValueExact();
  }

  /**
   * A double/currency/percent value: {@code -123.45} (up to 18 digits) as unscaled digits and a
   * scale, which is what {@code new BigDecimal(s)} makes of it; anything else through that constructor.
   */
  static BigDecimal parseDecimal(String s) {
    int n = s.length();
    int i = s.charAt(0) == '-' ? 1 : 0;
    long unscaled = 0;
    int digits = 0;
    int scale = -1;
    for (; i < n; i++) {
      char c = s.charAt(i);
      if (c >= '0' && c <= '9') {
        if (++digits > 18) return new BigDecimal(s);
        unscaled = unscaled * 10 + (c - '0');
        if (scale >= 0) scale++;
      } else if (c == '.' && scale < 0) {
        scale = 0;
      } else {
        return new BigDecimal(s);
      }
    }
    if (digits == 0) return new BigDecimal(s);
    return BigDecimal.valueOf(s.charAt(0) == '-' ? -unscaled : unscaled, Math.max(scale, 0));
  }

  /** A date value {@code 2024-05-20} (anything after the tenth character ignored). */
  static LocalDate parseDate(String s) {
    if (s.length() >= 10 && s.charAt(4) == '-' && s.charAt(7) == '-') {
      int year = digits(s, 0, 4);
      int month = digits(s, 5, 2);
      int day = digits(s, 8, 2);
      if (year >= 0 && validDate(year, month, day)) return LocalDate.of(year, month, day);
    }
    return LocalDate.parse(s.length() > 10 ? s.substring(0, 10) : s); // names the problem, or reads an odd spelling
  }

  /**
   * A datetime value. The shapes Salesforce writes ({@code 2024-05-20T20:49:32.000+0000} in JSON,
   * {@code …Z} in Bulk CSV, {@code +00:00}, no fraction, no offset) are read by hand; anything else
   * goes through {@link #DATETIME}, which decides what it means or names the problem.
   */
  static Instant parseDatetime(String s) {
    Instant fast = parseCommonDatetime(s);
    return fast != null ? fast : parseDatetimeWithFormatter(s);
  }

  /** {@code yyyy-MM-ddTHH:mm:ss[.f{1,9}][Z|±HHMM|±HH:MM]} in its valid ranges, else null. */
  static Instant parseCommonDatetime(String s) {
    int n = s.length();
    if (n < 19 || s.charAt(4) != '-' || s.charAt(7) != '-' || s.charAt(10) != 'T' || s.charAt(13) != ':'
        || s.charAt(16) != ':') {
      return null;
    }
    int year = digits(s, 0, 4);
    int month = digits(s, 5, 2);
    int day = digits(s, 8, 2);
    int hour = digits(s, 11, 2);
    int minute = digits(s, 14, 2);
    int second = digits(s, 17, 2);
    // yyyy is year-of-era: 0000 is not a year there.
    if (year < 1 || !validDate(year, month, day) || hour < 0 || hour > 23 || minute < 0 || minute > 59
        || second < 0 || second > 59) {
      return null;
    }
    int i = 19;
    int nanos = 0;
    if (i < n && s.charAt(i) == '.') {
      int start = ++i;
      while (i < n && i - start < 9 && isDigit(s.charAt(i))) nanos = nanos * 10 + (s.charAt(i++) - '0');
      int length = i - start;
      if (length == 0 || (i < n && isDigit(s.charAt(i)))) return null;
      for (int k = length; k < 9; k++) nanos *= 10;
    }
    int offsetSeconds;
    if (i == n) {
      offsetSeconds = 0; // no offset: UTC, as the formatter path reads it
    } else if (s.charAt(i) == 'Z') {
      if (i + 1 != n) return null;
      offsetSeconds = 0;
    } else if (s.charAt(i) == '+' || s.charAt(i) == '-') {
      int hours = digits(s, i + 1, 2);
      int minutes;
      if (n == i + 5) {
        minutes = digits(s, i + 3, 2);
      } else if (n == i + 6 && s.charAt(i + 3) == ':') {
        minutes = digits(s, i + 4, 2);
      } else {
        return null;
      }
      if (hours < 0 || hours > 17 || minutes < 0 || minutes > 59) return null;
      offsetSeconds = (s.charAt(i) == '-' ? -1 : 1) * (hours * 3600 + minutes * 60);
    } else {
      return null;
    }
    long epochDay = LocalDate.of(year, month, day).toEpochDay();
    return Instant.ofEpochSecond(epochDay * 86_400 + hour * 3600 + minute * 60 + second - offsetSeconds, nanos);
  }

  /** The general path: every spelling {@link #DATETIME} accepts, with its own error for the rest. */
  static Instant parseDatetimeWithFormatter(String s) {
    var parsed = DATETIME.parseBest(s, OffsetDateTime::from, java.time.LocalDateTime::from);
    if (parsed instanceof OffsetDateTime odt) return odt.toInstant();
    // Salesforce datetimes are UTC; a value without an offset is read as UTC.
    return ((java.time.LocalDateTime) parsed).toInstant(java.time.ZoneOffset.UTC);
  }

  /** The ASCII digits at {@code [from, from + count)} as a number, or -1 if any is not one. */
  private static int digits(String s, int from, int count) {
    if (from + count > s.length()) return -1;
    int v = 0;
    for (int i = from; i < from + count; i++) {
      char c = s.charAt(i);
      if (!isDigit(c)) return -1;
      v = v * 10 + (c - '0');
    }
    return v;
  }

  private static boolean isDigit(char c) {
    return c >= '0' && c <= '9';
  }

  private static boolean validDate(int year, int month, int day) {
    return month >= 1 && month <= 12 && day >= 1 && day <= Month.of(month).length(Year.isLeap(year));
  }

  private static Boolean parseBoolean(String s) {
    // Salesforce writes lower case: the exact match first, the case-blind one for the rest.
    if (s.equals("false")) return Boolean.FALSE;
    if (s.equals("true")) return Boolean.TRUE;
    if (s.equalsIgnoreCase("true")) return Boolean.TRUE;
    if (s.equalsIgnoreCase("false")) return Boolean.FALSE;
    throw new NumberFormatException("not a boolean");
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
