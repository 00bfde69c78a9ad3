package dev.revsync.simulators.eloqua;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * The ids an export snapshot staged, in order: eight bytes per id while ids are canonical numbers
 * (a million contacts cost 8 MB, not a million strings), strings otherwise.
 */
final class IdList {
  private long[] numbers = new long[1024];
  private List<String> strings;
  private int size;

  void add(String id) {
    if (strings == null) {
      long n = parse(id);
      if (n >= 0) {
        if (size == numbers.length) numbers = Arrays.copyOf(numbers, size + (size >> 1));
        numbers[size++] = n;
        return;
      }
      strings = new ArrayList<>(Math.max(16, size * 2));
      for (int i = 0; i < size; i++) strings.add(Long.toString(numbers[i]));
      numbers = null;
    }
    strings.add(id);
    size++;
  }

  String get(int index) {
    if (index < 0 || index >= size) throw new IndexOutOfBoundsException(index + " of " + size);
    return strings != null ? strings.get(index) : Long.toString(numbers[index]);
  }

  int size() {
    return size;
  }

  /** A non-negative number whose decimal form is {@code id}, else -1. */
  private static long parse(String id) {
    int n = id.length();
    if (n == 0 || n > 18 || (n > 1 && id.charAt(0) == '0')) return -1;
    long v = 0;
    for (int i = 0; i < n; i++) {
      char c = id.charAt(i);
      if (c < '0' || c > '9') return -1;
      v = v * 10 + (c - '0');
    }
    return v;
  }
}
