package dev.revsync;

import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;

/**
 * One record to write back: the value that identifies it (its id, or its external id for an upsert)
 * and the fields to set. A field mapped to null is cleared in the system. Immutable and
 * thread-safe. {@link #toString()} shows field names, not values.
 */
public final class WriteItem {
  private final String key;
  private final Map<String, Object> fields;

  private WriteItem(String key, Map<String, ?> fields) {
    if (key == null || key.isEmpty()) {
      throw new IllegalArgumentException(
          "a write item needs the id or external id that identifies it");
    }
    this.key = key;
    this.fields =
        Collections.unmodifiableMap(new LinkedHashMap<>(Objects.requireNonNull(fields, "fields")));
  }

  /** {@code fields} is copied; null values clear the field. */
  public static WriteItem of(String key, Map<String, ?> fields) {
    return new WriteItem(key, fields);
  }

  /** The id (for {@link WriteRequest.Operation#UPDATE}) or external-id value (for UPSERT). */
  public String key() {
    return key;
  }

  public Map<String, Object> fields() {
    return fields;
  }

  @Override
  public boolean equals(Object o) {
    return o instanceof WriteItem
        && ((WriteItem) o).key.equals(key)
        && ((WriteItem) o).fields.equals(fields);
  }

  @Override
  public int hashCode() {
    return Objects.hash(key, fields);
  }

  @Override
  public String toString() {
    return "WriteItem{" + key + " fields=" + fields.keySet() + "}";
  }
}
