package dev.revsync.simulators;

import java.util.Comparator;
import java.util.Map;
import java.util.Random;

/**
 * Makes the generated records of an {@link ObjectTable}: record {@code index}'s id and fields, the
 * same every time for the same seed (a table regenerates records on demand instead of holding
 * millions in memory). Implementations must be thread-safe, best stateless: concurrent scans
 * generate records at the same time.
 */
public interface RecordFactory {
  /** The id of record {@code index}; ids must sort by {@link #idOrder()} in index order. */
  String id(long index);

  /**
   * How ids sort, which is also the tie-breaker among records modified at the same time: as strings
   * by default; {@link #NUMERIC_IDS} for systems whose ids are integers (Marketo lead 9 comes
   * before lead 10).
   */
  default Comparator<String> idOrder() {
    return Comparator.naturalOrder();
  }

  /** Orders decimal integer ids without leading zeros by value: shorter first, then as strings. */
  Comparator<String> NUMERIC_IDS =
      Comparator.comparingInt(String::length).thenComparing(Comparator.naturalOrder());

  /**
   * The fields of record {@code index}; {@code random} is seeded from the table's seed and the
   * index.
   */
  Map<String, Object> fields(long index, String id, Random random);
}
