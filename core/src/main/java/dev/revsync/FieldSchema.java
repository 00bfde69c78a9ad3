package dev.revsync;

import java.util.Objects;

/**
 * One field of an object, as the system describes it. Connectors build it with {@link
 * #builder(String, FieldType)} (or {@link #of(String, FieldType)} for a plain read-only field), so
 * a new property is an addition, not a change to every connector.
 *
 * <pre>{@code
 * FieldSchema score = FieldSchema.builder("Score__c", FieldType.DECIMAL).label("Score").vendorType("double")
 *     .createable(true).updateable(true).build();
 * }</pre>
 *
 * <p>Immutable and thread-safe.
 */
public final class FieldSchema {
  private final String name;
  private final String label;
  private final FieldType type;
  private final String vendorType;
  private final boolean createable;
  private final boolean updateable;
  private final boolean externalId;
  private final boolean compound;

  private FieldSchema(Builder b) {
    this.name = b.name;
    this.label = b.label != null ? b.label : b.name;
    this.type = b.type;
    this.vendorType = b.vendorType;
    this.createable = b.createable;
    this.updateable = b.updateable;
    this.externalId = b.externalId;
    this.compound = b.compound;
  }

  /**
   * A builder for the field {@code name} whose values have {@code type}; everything else defaults.
   */
  public static Builder builder(String name, FieldType type) {
    return new Builder(name, type);
  }

  /**
   * A field labelled with its name, without a vendor type, neither createable, updateable, external
   * id nor compound.
   */
  public static FieldSchema of(String name, FieldType type) {
    return builder(name, type).build();
  }

  /** The API name. */
  public String name() {
    return name;
  }

  /** The label shown to users; the name when the system gives none. */
  public String label() {
    return label;
  }

  /** How its values are typed in {@link Record#fields()}. */
  public FieldType type() {
    return type;
  }

  /** The system's own type name (such as {@code picklist}); null if unknown. */
  public String vendorType() {
    return vendorType;
  }

  /** Whether it may be set on create. */
  public boolean createable() {
    return createable;
  }

  /** Whether it may be updated (enrichment and scores need this). */
  public boolean updateable() {
    return updateable;
  }

  /** Whether it can match records in an upsert. */
  public boolean externalId() {
    return externalId;
  }

  /** Whether it is a compound field (such as an address), left out of bulk queries. */
  public boolean compound() {
    return compound;
  }

  @Override
  public boolean equals(Object o) {
    return o instanceof FieldSchema f
        && name.equals(f.name)
        && label.equals(f.label)
        && type == f.type
        && Objects.equals(vendorType, f.vendorType)
        && createable == f.createable
        && updateable == f.updateable
        && externalId == f.externalId
        && compound == f.compound;
  }

  @Override
  public int hashCode() {
    return Objects.hash(
        name, label, type, vendorType, createable, updateable, externalId, compound);
  }

  @Override
  public String toString() {
    return "FieldSchema[name="
        + name
        + ", label="
        + label
        + ", type="
        + type
        + ", vendorType="
        + vendorType
        + ", createable="
        + createable
        + ", updateable="
        + updateable
        + ", externalId="
        + externalId
        + ", compound="
        + compound
        + "]";
  }

  /**
   * Builds a {@link FieldSchema}; used by connectors. Every flag defaults to false. Not
   * thread-safe.
   */
  public static final class Builder {
    private final String name;
    private final FieldType type;
    private String label;
    private String vendorType;
    private boolean createable;
    private boolean updateable;
    private boolean externalId;
    private boolean compound;

    private Builder(String name, FieldType type) {
      this.name = Objects.requireNonNull(name, "name");
      this.type = Objects.requireNonNull(type, () -> "type of field " + name);
    }

    /** The label shown to users; default (and when null) the name. */
    public Builder label(String label) {
      this.label = label;
      return this;
    }

    public Builder vendorType(String vendorType) {
      this.vendorType = vendorType;
      return this;
    }

    public Builder createable(boolean createable) {
      this.createable = createable;
      return this;
    }

    public Builder updateable(boolean updateable) {
      this.updateable = updateable;
      return this;
    }

    public Builder externalId(boolean externalId) {
      this.externalId = externalId;
      return this;
    }

    public Builder compound(boolean compound) {
      this.compound = compound;
      return this;
    }

    public FieldSchema build() {
      return new FieldSchema(this);
    }
  }
}
