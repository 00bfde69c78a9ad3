package dev.revsync.simulators.eloqua;

/**
 * Deterministic values from (seed, index, salt): every generated record can be recomputed from its
 * index alone, so an activity can name its contact's email without reading the contact.
 */
final class Gen {
  private Gen() {}

  static long mix(long seed, long index, int salt) {
    long z = seed * 0x9E3779B97F4A7C15L + index * 0xBF58476D1CE4E5B9L + salt * 0x94D049BB133111EBL;
    z = (z ^ (z >>> 30)) * 0xBF58476D1CE4E5B9L;
    z = (z ^ (z >>> 27)) * 0x94D049BB133111EBL;
    return z ^ (z >>> 31);
  }

  /** A value in [0, bound). */
  static int below(long seed, long index, int salt, int bound) {
    return (int) Math.floorMod(mix(seed, index, salt), (long) bound);
  }

  static <T> T pick(long seed, long index, int salt, T[] values) {
    return values[below(seed, index, salt, values.length)];
  }

  /** True for roughly {@code percent}% of indexes. */
  static boolean chance(long seed, long index, int salt, int percent) {
    return below(seed, index, salt, 100) < percent;
  }
}
