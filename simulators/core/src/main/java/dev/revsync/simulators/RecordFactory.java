package dev.revsync.simulators;

import java.util.Map;
import java.util.Random;

/**
 * Makes the generated records of an {@link ObjectTable}: record {@code index}'s id and fields, the
 * same every time for the same seed (a table regenerates records on demand instead of holding
 * millions in memory). Implementations must be thread-safe, best stateless: concurrent scans
 * generate records at the same time.
 */
public interface RecordFactory {
  /** The id of record {@code index}; ids must sort (as strings) in index order. */
  String id(long index);

  /** The fields of record {@code index}; {@code random} is seeded from the table's seed and the index. */
  Map<String, Object> fields(long index, String id, Random random);
}
