package dev.revsync.internal.record;

import java.util.AbstractMap;
import java.util.AbstractSet;
import java.util.Arrays;
import java.util.Iterator;
import java.util.Map;
import java.util.NoSuchElementException;
import java.util.Objects;
import java.util.Set;
import java.util.function.BiConsumer;

/**
 * A record's field values as an unmodifiable, ordered map over an array, its names in a shared
 * {@link FieldIndex}: no hash table per record. Equal to any map with the same entries (a {@code
 * LinkedHashMap} holding them included), with the same hash code. Null values are kept. Immutable
 * once handed over; thread-safe.
 */
public final class ShapedFields extends AbstractMap<String, Object> {
  private final FieldIndex index;

  /** The values, one per name of {@link #index}; a reader's values past them are not fields. */
  private final Object[] values;

  private final int size;
  private Set<Map.Entry<String, Object>> entries;

  /**
   * Adopts {@code values} (one per name of {@code index}, in its order, then any a reader read
   * beside the fields, which are not part of this map): the caller must not touch it again.
   */
  public ShapedFields(FieldIndex index, Object[] values) {
    if (values.length < index.size()) {
      throw new IllegalArgumentException(
          values.length + " values for " + index.size() + " fields " + index.names());
    }
    this.index = index;
    this.values = values;
    this.size = index.size();
  }

  @Override
  public int size() {
    return size;
  }

  @Override
  public boolean isEmpty() {
    return size == 0;
  }

  @Override
  public Object get(Object key) {
    int i = index.indexOf(key);
    return i < 0 ? null : values[i];
  }

  @Override
  public boolean containsKey(Object key) {
    return index.indexOf(key) >= 0;
  }

  @Override
  public Object getOrDefault(Object key, Object fallback) {
    int i = index.indexOf(key);
    return i < 0 ? fallback : values[i];
  }

  @Override
  public void forEach(BiConsumer<? super String, ? super Object> action) {
    for (int i = 0; i < size; i++) action.accept(index.name(i), values[i]);
  }

  @Override
  public Set<Map.Entry<String, Object>> entrySet() {
    Set<Map.Entry<String, Object>> e = entries;
    if (e == null) {
      e =
          new AbstractSet<>() {
            @Override
            public Iterator<Map.Entry<String, Object>> iterator() {
              return new Iterator<>() {
                private int next;

                @Override
                public boolean hasNext() {
                  return next < size;
                }

                @Override
                public Map.Entry<String, Object> next() {
                  if (next >= size) throw new NoSuchElementException();
                  int i = next++;
                  return new AbstractMap.SimpleImmutableEntry<>(index.name(i), values[i]);
                }
              };
            }

            @Override
            public int size() {
              return size;
            }
          };
      entries = e;
    }
    return e;
  }

  @Override
  public boolean equals(Object o) {
    if (o == this) return true;
    // Records of one sync share their index: compare the arrays, no lookups.
    if (o instanceof ShapedFields s && s.index == index)
      return Arrays.equals(values, 0, size, s.values, 0, size);
    return super.equals(o);
  }

  @Override
  public int hashCode() {
    int h = 0;
    for (int i = 0; i < size; i++) h += index.name(i).hashCode() ^ Objects.hashCode(values[i]);
    return h;
  }
}
