package dev.revsync.spi;

import com.squareup.moshi.JsonReader;
import dev.revsync.FieldSchema;
import dev.revsync.FieldType;
import dev.revsync.ObjectSchema;
import dev.revsync.ProtocolException;
import dev.revsync.Record;
import dev.revsync.internal.record.FieldIndex;
import dev.revsync.internal.record.ShapedFields;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;

/**
 * The fields of one sync's records, resolved once: their names in order and where each sits. Each
 * record's values are then an array indexed by the shape, and {@link #record} makes a {@link
 * Record} over it with no map per record: {@code fields()} is a read-only view in the shape's
 * order, {@code get(name)} a lookup through the shared shape. Such records are equal to (and hash
 * like) records made with {@link Record#of} from the same values.
 *
 * <p>Readers match a body's keys against the shape without making a string of each: {@link
 * Json#readPage(okio.BufferedSource, String, RecordShape, Json.ValuesHandler, String, String)} for
 * JSON pages (Moshi's {@code selectName}), {@link #columns(List)} for a CSV header.
 *
 * <pre>{@code
 * RecordShape shape = RecordShape.of("contacts", List.of("id", "email", "score", "updated_at"));
 * Json.readPage(body, "data", shape, values -> {
 *   values[3] = Values.instant((String) values[3]);
 *   records.accept(shape.record((String) values[0], (Instant) values[3], false, values));
 * }, SYSTEM, CALL);
 * }</pre>
 *
 * <p><b>Typed shapes</b> ({@link #builder}) also know each field's type and which fields carry the
 * id, the modification time and the deleted flag, so {@link #toRecord} turns a reader's raw values
 * into the record in one step, converters resolved once per sync; {@link CursorPager#pull(SyncRun,
 * RecordShape, CursorPager.ShapedFetcher)} does it for every page:
 *
 * <pre>{@code
 * RecordShape shape = RecordShape.builder("contacts")
 *     .fields(schema, request.fields().isEmpty() ? names(schema) : request.fields())
 *     .id("id").modifiedAt("updated_at").deleted("deleted")
 *     .build();
 * }</pre>
 *
 * <p>Immutable and thread-safe.
 */
public final class RecordShape {
  private final String object;

  /** The record's fields. */
  private final FieldIndex index;

  /**
   * The values a reader hands over, by name: the fields, then the key fields and extras the record
   * does not hold; {@link #index} itself when there are none.
   */
  private final FieldIndex read;

  /**
   * Where a reader finds each of {@link #read}'s values in a body: its name, or the path {@link
   * Builder#source} gave it; {@link #read} itself when no value has another path.
   */
  private final FieldIndex sources;

  /** The body's top-level keys, matched as bytes. */
  private final Level top;

  /**
   * The parents of dotted source paths ({@code Account} of {@code Account.Name}), with their own
   * parents.
   */
  private final Set<String> parents = new HashSet<>();

  /** Per read slot, how its raw value becomes the record's; null keeps it as read. */
  private final Conversion[] converters;

  /** Per read slot, whether a reader hands a JSON number over as its literal text. */
  private final boolean[] numbersAsText;

  /** The read slots of the id, the modification time and the deleted flag; -1 where none. */
  private final int idAt;

  private final int modifiedAt;
  private final int deletedAt;

  private RecordShape(
      String object,
      List<String> fieldNames,
      List<String> extraNames,
      List<String> sourcePaths,
      boolean anyCase,
      Conversion[] converters,
      boolean[] numbersAsText,
      int idAt,
      int modifiedAt,
      int deletedAt) {
    this.object = Objects.requireNonNull(object, "object");
    this.index = new FieldIndex(fieldNames, anyCase);
    if (extraNames.isEmpty()) {
      this.read = index;
    } else {
      List<String> all = new ArrayList<>(fieldNames);
      all.addAll(extraNames);
      this.read = new FieldIndex(all, anyCase);
    }
    this.sources = sourcePaths.equals(read.names()) ? read : new FieldIndex(sourcePaths, anyCase);
    for (String name : sources.names()) {
      for (int dot = name.indexOf('.'); dot > 0; dot = name.indexOf('.', dot + 1)) {
        String parent = name.substring(0, dot);
        parents.add(anyCase ? parent.toLowerCase(java.util.Locale.ROOT) : parent);
      }
    }
    this.top = Level.of(sources.names(), null);
    this.converters = converters;
    this.numbersAsText = numbersAsText;
    this.idAt = idAt;
    this.modifiedAt = modifiedAt;
    this.deletedAt = deletedAt;
  }

  /**
   * The shape of {@code object}'s records with {@code fieldNames} in this order. A dotted name
   * ({@code Account.Name}) is filled from a nested JSON object by the readers.
   *
   * @throws IllegalArgumentException if a name is given twice
   */
  public static RecordShape of(String object, List<String> fieldNames) {
    return new RecordShape(
        object,
        fieldNames,
        List.of(),
        fieldNames,
        false,
        new Conversion[fieldNames.size()],
        new boolean[fieldNames.size()],
        -1,
        -1,
        -1);
  }

  /** A typed shape of {@code object}'s records, for {@link #toRecord}. */
  public static Builder builder(String object) {
    return new Builder(object);
  }

  /**
   * This shape, its readers also matching keys that differ from a field name only in case
   * (Salesforce).
   */
  public RecordShape matchingAnyCase() {
    if (index.matchesAnyCase()) return this;
    List<String> extras = read.names().subList(index.size(), read.size());
    return new RecordShape(
        object,
        index.names(),
        extras,
        sources.names(),
        true,
        converters,
        numbersAsText,
        idAt,
        modifiedAt,
        deletedAt);
  }

  public String object() {
    return object;
  }

  /** The field names, in order. */
  public List<String> fieldNames() {
    return index.names();
  }

  public int size() {
    return index.size();
  }

  /**
   * Where {@code name} is (exactly, or in any case for {@link #matchingAnyCase()}) among the values
   * a reader hands over: the fields, then a typed shape's key fields the record does not hold; -1
   * if neither.
   */
  public int indexOf(String name) {
    return read.match(name);
  }

  /**
   * For each column of a CSV header, its position among the values a reader hands over (the value
   * whose name, or {@link Builder#source} path, is the column's), or -1 for a column the shape does
   * not hold.
   */
  public int[] columns(List<String> header) {
    int[] at = new int[header.size()];
    for (int i = 0; i < at.length; i++) at[i] = sources.match(header.get(i));
    return at;
  }

  /**
   * A record over {@code values} (one per field, in the shape's order, typed; nulls allowed),
   * adopted without a copy: the caller must not touch the array again.
   *
   * @throws IllegalArgumentException if the array's length is not the shape's size
   */
  public Record record(String id, Instant modifiedAt, boolean deleted, Object[] values) {
    if (values.length != index.size()) {
      throw new IllegalArgumentException(
          values.length + " values for " + index.size() + " fields " + index.names());
    }
    return Record.adopt(object, id, modifiedAt, deleted, new ShapedFields(index, values));
  }

  /**
   * The record of a reader's raw values (as {@link Json#readPage(okio.BufferedSource, String,
   * RecordShape, Json.ValuesHandler, String, String)} hands them over), each converted by its
   * field's type in place, the array adopted. A deleted record holds no fields, as {@link
   * Record#deleted} makes it.
   *
   * @param system the connector id, for errors
   * @param call the call the values came from, for errors
   * @throws ProtocolException when a value is not what its field's type holds (the message names
   *     the field, not the value), or the id is missing
   * @throws IllegalStateException if this shape was not made by {@link #builder} with an id field
   */
  public Record toRecord(Object[] values, String system, String call) {
    if (idAt < 0) {
      throw new IllegalStateException(
          "RecordShape " + object + " has no id field: make it with RecordShape.builder(...).id()");
    }
    for (int i = 0; i < converters.length; i++) {
      Conversion c = converters[i];
      Object raw = values[i];
      if (c != null && raw != null) values[i] = c.apply(raw, read.name(i), system, call);
    }
    Object rawId = values[idAt];
    // Some vendors send numeric ids as JSON numbers: the record's id is their text.
    String id = rawId instanceof Number n ? n.toString() : rawId instanceof String t ? t : null;
    if (id == null || id.isEmpty()) {
      throw new ProtocolException(
          system,
          call,
          "a " + object + " record has no " + read.name(idAt),
          "Report the response to the vendor's support; the sync resumes from its last checkpoint",
          null);
    }
    Instant modified =
        modifiedAt >= 0 && values[modifiedAt] instanceof Instant instant ? instant : null;
    if (deletedAt >= 0 && Boolean.TRUE.equals(values[deletedAt]))
      return Record.deleted(object, id, modified, Map.of());
    // The key fields and extras after the fields stay in the array, outside the record's map: no
    // copy per record.
    return Record.adopt(object, id, modified, false, new ShapedFields(index, values));
  }

  /** Whether a reader hands a JSON number at read slot {@code at} over as its literal text. */
  boolean numberAsText(int at) {
    return numbersAsText[at];
  }

  /** How many values a reader hands over: the fields, then key fields the record does not hold. */
  int readSize() {
    return read.size();
  }

  /** The top level of a body's keys, for {@link Json}'s shaped reader. */
  Level top() {
    return top;
  }

  /**
   * Where the value found at {@code path} (a key, or dotted keys) goes among those a reader hands
   * over, or -1.
   */
  int sourceIndex(String path) {
    return sources.match(path);
  }

  /** Whether {@code path} (a key, or dotted keys) leads to fields of a nested object. */
  boolean isParent(String path) {
    return !parents.isEmpty()
        && parents.contains(
            index.matchesAnyCase() ? path.toLowerCase(java.util.Locale.ROOT) : path);
  }

  @Override
  public String toString() {
    return "RecordShape{" + object + " " + index.names() + "}";
  }

  /**
   * How a read slot's raw value becomes the record's: a typed field's text parser, or a field's own
   * {@link Converter}.
   */
  private interface Conversion {
    Object apply(Object raw, String field, String system, String call);
  }

  /** A field's conversion: values already of its type pass, text goes through its parser. */
  private record Typed(Class<?> keep, Values.Parser<?> parser) implements Conversion {
    @Override
    public Object apply(Object raw, String field, String system, String call) {
      if (keep != null && keep.isInstance(raw)) return raw;
      // The text of a scalar, as the connectors converted it before shapes: Values.read names the
      // field, not the value (customer data), and makes an empty text null.
      String text = raw instanceof String s ? s : raw.toString();
      return Values.read(system, call, field, text, parser);
    }
  }

  /**
   * A field's own conversion of the raw value; the JDK's parse failures become the error {@link
   * Values#read} makes of them.
   */
  private record Raw(Converter converter) implements Conversion {
    @Override
    public Object apply(Object raw, String field, String system, String call) {
      try {
        return converter.convert(raw);
      } catch (java.time.DateTimeException | IllegalArgumentException | ArithmeticException e) {
        throw Values.unparsable(system, call, field, raw.toString().length(), e);
      }
    }
  }

  /**
   * How a field's raw value, as the readers hand it over, becomes the record's: for values whose
   * conversion depends on more than their text (a JSON number kept as its plain digits, a nested
   * object made a list).
   */
  @FunctionalInterface
  public interface Converter {
    /**
     * The record's value of {@code raw}: a {@code String}, {@code Long}, {@code BigDecimal}, {@code
     * Boolean}, or for a nested object or array a {@code Map} or {@code List}; never null (a null
     * stays null). The JDK's parse failures ({@link java.time.DateTimeException}, {@link
     * IllegalArgumentException}, {@link ArithmeticException}) become the {@link ProtocolException}
     * {@link Values#read} makes, naming the field and the call, not the value.
     */
    Object convert(Object raw);
  }

  private static final Typed INTEGER = new Typed(Long.class, Values::integer);
  private static final Typed BOOLEAN = new Typed(Boolean.class, Values::bool);
  private static final Typed DATE = new Typed(null, Values::date);
  private static final Typed DATETIME = new Typed(null, Values::instant);

  /**
   * A JSON decimal arrives as a BigDecimal already; a JSON integer (a Long) goes through its
   * digits, which {@code Values.decimal} reads as unscaled digits without the BigDecimal
   * constructor.
   */
  private static final Typed DECIMAL = new Typed(java.math.BigDecimal.class, Values::decimal);

  private static Typed converter(FieldType type) {
    return switch (type) {
      case INTEGER -> INTEGER;
      case DECIMAL -> DECIMAL;
      case BOOLEAN -> BOOLEAN;
      case DATE -> DATE;
      case DATETIME -> DATETIME;
      default -> null; // strings, ids and vendor types are kept as read
    };
  }

  /**
   * One level of a body's keys, as the shape spells them: the top level, or a nested object's. Its
   * options are the read slots' paths under it (whole, dots and all, as the slow path matches them)
   * and the keys of the nested objects that lead to more; a key matched as bytes is then a slot, or
   * a level to descend into. Immutable.
   */
  static final class Level {
    /** The dotted path of this level with a trailing dot; null at the top. */
    final String prefix;

    final JsonReader.Options options;

    /** Per option: the read slot, or -1 for the key of a nested level. */
    final int[] slots;

    /** Per option: the nested level of a parent key, else null. */
    final Level[] children;

    private Level(String prefix, List<String> names, int[] slots, Level[] children) {
      this.prefix = prefix;
      this.options = JsonReader.Options.of(names.toArray(new String[0]));
      this.slots = slots;
      this.children = children;
    }

    /** The level at {@code prefix} (null: the top) of {@code paths}, the read slots' paths. */
    static Level of(List<String> paths, String prefix) {
      List<String> names = new ArrayList<>();
      List<Integer> slots = new ArrayList<>();
      for (int i = 0; i < paths.size(); i++) {
        String p = paths.get(i);
        if (prefix == null || (p.startsWith(prefix) && p.length() > prefix.length())) {
          names.add(prefix == null ? p : p.substring(prefix.length()));
          slots.add(i);
        }
      }
      int direct = names.size();
      List<String> parentKeys = new ArrayList<>();
      for (int i = 0; i < direct; i++) {
        String rest = names.get(i);
        int dot = rest.indexOf('.');
        if (dot <= 0) continue;
        String key = rest.substring(0, dot);
        // a key that is itself a value is read whole, never descended into
        if (!names.contains(key) && !parentKeys.contains(key)) parentKeys.add(key);
      }
      int[] slotArray = new int[direct + parentKeys.size()];
      Level[] children = new Level[slotArray.length];
      for (int i = 0; i < direct; i++) slotArray[i] = slots.get(i);
      for (int k = 0; k < parentKeys.size(); k++) {
        String key = parentKeys.get(k);
        names.add(key);
        slotArray[direct + k] = -1;
        children[direct + k] = of(paths, (prefix == null ? "" : prefix) + key + ".");
      }
      return new Level(prefix, names, slotArray, children);
    }
  }

  /**
   * Builds a typed shape: the record's fields in order with their types, and the fields that carry
   * the id, the modification time and the deleted flag (read from the body, held by the record only
   * when also added as fields). Not thread-safe.
   */
  public static final class Builder {
    private final String object;
    private final Map<String, Conversion> fields = new LinkedHashMap<>();
    private final Map<String, Conversion> extras = new LinkedHashMap<>();
    private final Map<String, Conversion> keys = new LinkedHashMap<>();
    private final Map<String, String> sources = new LinkedHashMap<>();
    private final Set<String> texts = new HashSet<>();
    private String id;
    private String modifiedAt;
    private String deleted;

    private Builder(String object) {
      this.object = Objects.requireNonNull(object, "object");
    }

    /**
     * A field of {@code type}: integers become {@link Long}, decimals {@link java.math.BigDecimal},
     * booleans {@link Boolean}, dates {@link java.time.LocalDate}, datetimes {@link Instant}, from
     * their JSON values or their text ({@link Values}); other types are kept as read.
     *
     * @throws IllegalArgumentException if the field was added already
     */
    public Builder field(String name, FieldType type) {
      return add(name, converter(Objects.requireNonNull(type, "type")));
    }

    /**
     * A field whose text {@code parser} reads (epoch milliseconds, say): a value read as a number
     * or boolean goes through its text too.
     *
     * @throws IllegalArgumentException if the field was added already
     */
    public Builder field(String name, Values.Parser<?> parser) {
      return add(name, new Typed(null, Objects.requireNonNull(parser, "parser")));
    }

    /**
     * A field whose raw value {@code converter} turns into the record's (a null stays null).
     *
     * @throws IllegalArgumentException if the field was added already
     */
    public Builder rawField(String name, Converter converter) {
      return add(name, new Raw(Objects.requireNonNull(converter, "converter")));
    }

    /**
     * A field holding text, which {@code converter} turns into the record's value: a JSON number is
     * handed to it as its literal ({@code "12345"}, as sent), not as a {@code Long} or {@code
     * BigDecimal}; other values as {@link #rawField} hands them over. For ids and references a
     * vendor sends as numbers (Pardot): no round trip through a number and back to text.
     *
     * @throws IllegalArgumentException if the field was added already
     */
    public Builder textField(String name, Converter converter) {
      rawField(name, converter);
      texts.add(name);
      return this;
    }

    /**
     * A value read beside the fields that the record does not hold, kept as read (a key that tells
     * what a row is, such as Dynamics' {@code @odata.context}): the values a reader hands over hold
     * it at {@link RecordShape#indexOf}. A name that is also a field is read once, as the field.
     * Also how a key field ({@link #modifiedAt}, say) gets its own conversion: {@link
     * #extra(String, Converter)}.
     */
    public Builder extra(String name) {
      extras.put(Objects.requireNonNull(name, "name"), null);
      return this;
    }

    /** {@link #extra(String)}, its raw value turned by {@code converter} in {@link #toRecord}. */
    public Builder extra(String name, Converter converter) {
      extras.put(
          Objects.requireNonNull(name, "name"),
          new Raw(Objects.requireNonNull(converter, "converter")));
      return this;
    }

    /**
     * Reads the field, key field or extra {@code name} from {@code path} in the body instead of
     * under its own name: the key of a nested object, its parents' keys before it with dots
     * (HubSpot's {@code properties.email} for the field {@code email}). The record still calls it
     * {@code name}. A reader matches each level's keys as bytes.
     *
     * @throws IllegalStateException from {@link #build} if {@code name} is not a field, key or
     *     extra, or two values share a path
     */
    public Builder source(String name, String path) {
      sources.put(Objects.requireNonNull(name, "name"), Objects.requireNonNull(path, "path"));
      return this;
    }

    /**
     * Each of {@code names} as a field typed by {@code schema} (a name the schema does not know is
     * kept as read).
     */
    public Builder fields(ObjectSchema schema, List<String> names) {
      for (String name : names)
        field(name, schema.field(name).map(FieldSchema::type).orElse(FieldType.OTHER));
      return this;
    }

    /** The field holding the record's id, a non-empty string (required). */
    public Builder id(String name) {
      this.id = Objects.requireNonNull(name, "name");
      return this;
    }

    /**
     * The field holding the modification time: an ISO-8601 instant unless added as a field with
     * another type or parser.
     */
    public Builder modifiedAt(String name) {
      this.modifiedAt = Objects.requireNonNull(name, "name");
      return this;
    }

    /** The field whose {@code true} marks a deleted record (a boolean). */
    public Builder deleted(String name) {
      this.deleted = Objects.requireNonNull(name, "name");
      return this;
    }

    /**
     * The shape.
     *
     * @throws IllegalStateException without an id field
     */
    public RecordShape build() {
      if (id == null) throw new IllegalStateException("RecordShape " + object + ": no id field");
      keys.clear();
      extras.forEach(this::key);
      key(id, null);
      if (modifiedAt != null) key(modifiedAt, DATETIME);
      if (deleted != null) key(deleted, BOOLEAN);
      List<String> names = new ArrayList<>(fields.keySet());
      List<String> extraNames = new ArrayList<>(keys.keySet());
      List<Conversion> converters = new ArrayList<>(fields.values());
      converters.addAll(keys.values());
      List<String> all = new ArrayList<>(names);
      all.addAll(extraNames);
      for (String name : sources.keySet()) {
        if (!all.contains(name))
          throw new IllegalStateException(
              "RecordShape " + object + ": source for '" + name + "', which it does not read");
      }
      List<String> paths = new ArrayList<>(all.size());
      for (String name : all) paths.add(sources.getOrDefault(name, name));
      if (new HashSet<>(paths).size() != paths.size())
        throw new IllegalStateException(
            "RecordShape " + object + ": two values read from one path: " + paths);
      boolean[] numbersAsText = new boolean[all.size()];
      for (int i = 0; i < names.size(); i++) numbersAsText[i] = texts.contains(names.get(i));
      return new RecordShape(
          object,
          names,
          extraNames,
          paths,
          false,
          converters.toArray(new Conversion[0]),
          numbersAsText,
          all.indexOf(id),
          modifiedAt == null ? -1 : all.indexOf(modifiedAt),
          deleted == null ? -1 : all.indexOf(deleted));
    }

    private Builder add(String name, Conversion c) {
      Objects.requireNonNull(name, "name");
      if (fields.containsKey(name))
        throw new IllegalArgumentException("field '" + name + "' is given twice");
      fields.put(name, c);
      return this;
    }

    /** A key field read beside the fields, unless it is one of them. */
    private void key(String name, Conversion c) {
      if (!fields.containsKey(name)) keys.putIfAbsent(name, c);
    }
  }
}
