package dev.revsync;

import dev.revsync.internal.record.ShapedFields;
import java.time.Instant;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;

/**
 * One record pulled from a system: its object, id, modification time, whether it was deleted, and
 * its field values typed as {@link FieldType} says. Delivery is at-least-once: the id and
 * modification time let a host deduplicate.
 *
 * <p>Immutable and thread-safe. Field values may be null (the field is empty in the system).
 */
public final class Record {
  private final String object;
  private final String id;
  private final Instant modifiedAt;
  private final boolean deleted;
  private final Map<String, Object> fields;

  private Record(
      String object, String id, Instant modifiedAt, boolean deleted, Map<String, Object> fields) {
    this.object = Objects.requireNonNull(object, "object");
    this.id = Objects.requireNonNull(id, "id");
    this.modifiedAt = modifiedAt;
    this.deleted = deleted;
    this.fields = fields;
  }

  /** A live record. {@code fields} is copied, keeping its order; values may be null. */
  public static Record of(String object, String id, Instant modifiedAt, Map<String, ?> fields) {
    return new Record(object, id, modifiedAt, false, copy(fields));
  }

  /** A record deleted in the system; {@code fields} holds what the system still tells of it. */
  public static Record deleted(
      String object, String id, Instant modifiedAt, Map<String, ?> fields) {
    return new Record(object, id, modifiedAt, true, copy(fields));
  }

  /**
   * A record over {@code fields} as they are, without copying them: the caller hands the map over
   * and must not touch it again. For connectors that build a fresh ordered map per record; faster
   * still, {@code dev.revsync.spi.RecordShape} builds records over one shape per sync with no map
   * per record. Hosts use {@link #of}.
   */
  public static Record adopt(
      String object, String id, Instant modifiedAt, boolean deleted, Map<String, Object> fields) {
    Objects.requireNonNull(fields, "fields");
    // Values built against a shape (dev.revsync.spi.RecordShape) are read-only already: no wrapper.
    return new Record(
        object,
        id,
        modifiedAt,
        deleted,
        fields instanceof ShapedFields ? fields : Collections.unmodifiableMap(fields));
  }

  private static Map<String, Object> copy(Map<String, ?> fields) {
    // LinkedHashMap, not Map.copyOf: values may be null and order is the select list's.
    return Collections.unmodifiableMap(new LinkedHashMap<>(fields));
  }

  public String object() {
    return object;
  }

  public String id() {
    return id;
  }

  /** The record's modification time (its cursor value); null where the system has none. */
  public Instant modifiedAt() {
    return modifiedAt;
  }

  public boolean isDeleted() {
    return deleted;
  }

  /** Field values by field name, in the order the system returned them. Unmodifiable. */
  public Map<String, Object> fields() {
    return fields;
  }

  /** The value of one field, or null. */
  public Object get(String field) {
    return fields.get(field);
  }

  @Override
  public boolean equals(Object o) {
    if (!(o instanceof Record)) return false;
    Record r = (Record) o;
    return deleted == r.deleted
        && object.equals(r.object)
        && id.equals(r.id)
        && Objects.equals(modifiedAt, r.modifiedAt)
        && fields.equals(r.fields);
  }

  @Override
  public int hashCode() {
    return Objects.hash(object, id, modifiedAt, deleted, fields);
  }

  /**
   * Object, id, time and field names only: field values may be personal data and stay out of logs.
   */
  @Override
  public String toString() {
    return "Record{"
        + object
        + " "
        + id
        + (deleted ? " deleted" : "")
        + " modifiedAt="
        + modifiedAt
        + " fields="
        + fields.keySet()
        + "}";
  }
}
