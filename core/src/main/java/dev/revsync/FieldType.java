package dev.revsync;

/**
 * The type of a field's values in {@link Record#fields()}. The Java type of each value is fixed so
 * hosts can rely on it.
 */
public enum FieldType {
  /** {@link String}. */
  STRING,
  /** The record's own id, a {@link String}. */
  ID,
  /** The id of another record, a {@link String}. */
  REFERENCE,
  /** {@link Long}. */
  INTEGER,
  /** {@link java.math.BigDecimal}. */
  DECIMAL,
  /** {@link Boolean}. */
  BOOLEAN,
  /** {@link java.time.LocalDate}. */
  DATE,
  /** {@link java.time.Instant}, in UTC. */
  DATETIME,
  /**
   * A value the connector does not type (compound or vendor-specific); kept as its {@link String}
   * form.
   */
  OTHER
}
