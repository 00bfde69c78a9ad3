package dev.revsync.internal.record;

import java.util.Arrays;
import java.util.Collections;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.TreeMap;

/**
 * Field names in order and their positions, resolved once and shared by every record of a sync.
 * Immutable and thread-safe.
 */
public final class FieldIndex {
  private final String[] names;
  private final List<String> nameList;

  /** Position by exact name: what {@code Map.get} means. */
  private final Map<String, Integer> exact;

  /**
   * Position by name in any case, for readers whose vendor echoes names in another case; null if
   * not wanted.
   */
  private final Map<String, Integer> anyCase;

  public FieldIndex(List<String> names, boolean matchAnyCase) {
    this.names = names.toArray(new String[0]);
    this.nameList = Collections.unmodifiableList(Arrays.asList(this.names.clone()));
    this.exact = new HashMap<>(this.names.length * 2);
    this.anyCase = matchAnyCase ? new TreeMap<>(String.CASE_INSENSITIVE_ORDER) : null;
    for (int i = 0; i < this.names.length; i++) {
      String name = Objects.requireNonNull(this.names[i], "field name");
      if (exact.put(name, i) != null) {
        throw new IllegalArgumentException("field name '" + name + "' is given twice: " + names);
      }
      if (anyCase != null) anyCase.putIfAbsent(name, i); // the first of names equal but for case
    }
  }

  public int size() {
    return names.length;
  }

  public String name(int i) {
    return names[i];
  }

  public List<String> names() {
    return nameList;
  }

  /** The position of exactly {@code name}, or -1. */
  public int indexOf(Object name) {
    Integer i = exact.get(name);
    return i == null ? -1 : i;
  }

  /**
   * The position of {@code name} exactly, else (where this index matches any case) ignoring case;
   * or -1.
   */
  public int match(String name) {
    Integer i = exact.get(name);
    if (i == null && anyCase != null) i = anyCase.get(name);
    return i == null ? -1 : i;
  }

  public boolean matchesAnyCase() {
    return anyCase != null;
  }
}
