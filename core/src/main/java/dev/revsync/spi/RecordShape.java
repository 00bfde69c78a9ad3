package dev.revsync.spi;

import com.squareup.moshi.JsonReader;
import dev.revsync.Record;
import dev.revsync.internal.record.FieldIndex;
import dev.revsync.internal.record.ShapedFields;
import java.time.Instant;
import java.util.HashSet;
import java.util.List;
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
 * <p>Immutable and thread-safe.
 */
public final class RecordShape {
  private final String object;
  private final FieldIndex index;
  private final JsonReader.Options options;

  /**
   * The parents of dotted names ({@code Account} of {@code Account.Name}), with their own parents.
   */
  private final Set<String> parents = new HashSet<>();

  private RecordShape(String object, List<String> fieldNames, boolean anyCase) {
    this.object = Objects.requireNonNull(object, "object");
    this.index = new FieldIndex(fieldNames, anyCase);
    this.options = JsonReader.Options.of(fieldNames.toArray(new String[0]));
    for (String name : fieldNames) {
      for (int dot = name.indexOf('.'); dot > 0; dot = name.indexOf('.', dot + 1)) {
        String parent = name.substring(0, dot);
        parents.add(anyCase ? parent.toLowerCase(java.util.Locale.ROOT) : parent);
      }
    }
  }

  /**
   * The shape of {@code object}'s records with {@code fieldNames} in this order. A dotted name
   * ({@code Account.Name}) is filled from a nested JSON object by the readers.
   *
   * @throws IllegalArgumentException if a name is given twice
   */
  public static RecordShape of(String object, List<String> fieldNames) {
    return new RecordShape(object, fieldNames, false);
  }

  /**
   * This shape, its readers also matching keys that differ from a field name only in case
   * (Salesforce).
   */
  public RecordShape matchingAnyCase() {
    return index.matchesAnyCase() ? this : new RecordShape(object, index.names(), true);
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
   * Where {@code name} is (exactly, or in any case for {@link #matchingAnyCase()}); -1 if not a
   * field.
   */
  public int indexOf(String name) {
    return index.match(name);
  }

  /**
   * For each column of a CSV header, its field's position, or -1 for a column the shape does not
   * hold.
   */
  public int[] columns(List<String> header) {
    int[] at = new int[header.size()];
    for (int i = 0; i < at.length; i++) at[i] = indexOf(header.get(i));
    return at;
  }

  /**
   * A record over {@code values} (one per field, in the shape's order, typed; nulls allowed),
   * adopted without a copy: the caller must not touch the array again.
   *
   * @throws IllegalArgumentException if the array's length is not the shape's size
   */
  public Record record(String id, Instant modifiedAt, boolean deleted, Object[] values) {
    return Record.adopt(object, id, modifiedAt, deleted, new ShapedFields(index, values));
  }

  JsonReader.Options options() {
    return options;
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
}
