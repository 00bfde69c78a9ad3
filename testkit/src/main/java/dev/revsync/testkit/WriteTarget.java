package dev.revsync.testkit;

import dev.revsync.Activity;
import dev.revsync.WriteItem;
import dev.revsync.simulators.ObjectTable;
import dev.revsync.simulators.SimRecord;
import dev.revsync.simulators.Simulator;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Set;

/**
 * Where {@link ConnectorContractTest}'s write round trip writes, and how it reads the values back
 * from the simulator.
 */
public interface WriteTarget {
  /** The object written, as the connector names it. */
  String object();

  /** The simulator table holding that object's records. */
  ObjectTable table(Simulator simulator);

  /** The API's largest batch; the round trip writes a little more than one batch. */
  int batchSize();

  default Activity activity() {
    return Activity.ENRICHMENT;
  }

  /** The external-id field to upsert on, or null to update by id. */
  default String upsertField() {
    return null;
  }

  /**
   * The key that identifies {@code record} in a write: its id, or its external id for an upsert.
   */
  default String key(SimRecord record) {
    return record.id();
  }

  /** The fields to write to the {@code i}-th record, in the types the simulator stores. */
  Map<String, Object> values(int i);

  /**
   * The simulator's current values of {@code fields} for the record identified by {@code key}. The
   * default reads {@code table(simulator).get(key)}, which suits writes by id.
   */
  default Map<String, Object> readBack(Simulator simulator, String key, Set<String> fields) {
    SimRecord record = table(simulator).get(key);
    Map<String, Object> values = new LinkedHashMap<>();
    if (record != null) for (String f : fields) values.put(f, record.get(f));
    return values;
  }

  /**
   * A fragment of the paths of the write's own calls, where the suite aims a garbage answer ("" for
   * any call, the token request included).
   *
   * @since 0.2
   */
  default String pathFragment() {
    return "";
  }

  /**
   * An item the system refuses on its own (an unknown id, an invalid value), so per-record failures
   * show.
   */
  WriteItem failingItem();
}
