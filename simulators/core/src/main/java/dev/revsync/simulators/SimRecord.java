package dev.revsync.simulators;

import java.time.Instant;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;

/**
 * One record held by a simulator: id, creation and modification times, deleted flag (a tombstone
 * the system still reports), and field values (String, Long, BigDecimal, Boolean, LocalDate,
 * Instant or null). Immutable.
 */
public record SimRecord(
    String id, Instant createdAt, Instant modifiedAt, boolean deleted, Map<String, Object> fields) {
  public SimRecord {
    Objects.requireNonNull(id, "id");
    Objects.requireNonNull(modifiedAt, "modifiedAt");
    fields = Collections.unmodifiableMap(new LinkedHashMap<>(fields));
  }

  public Object get(String field) {
    return fields.get(field);
  }
}
