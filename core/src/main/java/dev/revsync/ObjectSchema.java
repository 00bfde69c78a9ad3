package dev.revsync;

import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.Optional;

/**
 * One object (entity, table) of a system: its fields and the field incremental pulls use as cursor.
 * Connectors build it with {@link #builder(String)}, so a new property is an addition, not a change
 * to every connector.
 *
 * <pre>{@code
 * ObjectSchema contact = ObjectSchema.builder("Contact").label("Contacts").fields(fields)
 *     .cursorField("LastModifiedDate").deletes("queryAll IsDeleted").build();
 * }</pre>
 *
 * <p>Immutable and thread-safe.
 */
public final class ObjectSchema {
  private final String name;
  private final String label;
  private final List<FieldSchema> fields;
  private final String cursorField;
  private final String deletes;

  private ObjectSchema(Builder b) {
    this.name = b.name;
    this.label = b.label != null ? b.label : b.name;
    this.fields = List.copyOf(b.fields);
    this.cursorField = b.cursorField;
    this.deletes = b.deletes;
  }

  /** A builder for the object {@code name}; it has no fields, cursor or deletes until set. */
  public static Builder builder(String name) {
    return new Builder(name);
  }

  /** The API name, as given to {@link SyncRequest#builder(String)}. */
  public String name() {
    return name;
  }

  /** The label shown to users; the name when the system gives none. */
  public String label() {
    return label;
  }

  /** Its fields, in the system's order; empty when only the object was listed, not described. */
  public List<FieldSchema> fields() {
    return fields;
  }

  /** The modification-time field incremental syncs use; null if it has none. */
  public String cursorField() {
    return cursorField;
  }

  /**
   * How deletions surface (such as {@code queryAll IsDeleted}, {@code id diff}, or {@code none});
   * null if unknown.
   */
  public String deletes() {
    return deletes;
  }

  /** The field of that name, compared ignoring case. */
  public Optional<FieldSchema> field(String name) {
    return fields.stream().filter(f -> f.name().equalsIgnoreCase(name)).findFirst();
  }

  @Override
  public boolean equals(Object o) {
    return o instanceof ObjectSchema s
        && name.equals(s.name)
        && label.equals(s.label)
        && fields.equals(s.fields)
        && Objects.equals(cursorField, s.cursorField)
        && Objects.equals(deletes, s.deletes);
  }

  @Override
  public int hashCode() {
    return Objects.hash(name, label, fields, cursorField, deletes);
  }

  @Override
  public String toString() {
    return "ObjectSchema[name="
        + name
        + ", label="
        + label
        + ", fields="
        + fields
        + ", cursorField="
        + cursorField
        + ", deletes="
        + deletes
        + "]";
  }

  /** Builds an {@link ObjectSchema}; used by connectors. Not thread-safe. */
  public static final class Builder {
    private final String name;
    private String label;
    private final List<FieldSchema> fields = new ArrayList<>();
    private String cursorField;
    private String deletes;

    private Builder(String name) {
      this.name = Objects.requireNonNull(name, "name");
    }

    /** The label shown to users; default (and when null) the name. */
    public Builder label(String label) {
      this.label = label;
      return this;
    }

    /** Replaces the fields; null means none. */
    public Builder fields(List<FieldSchema> fields) {
      this.fields.clear();
      if (fields != null) fields.forEach(this::field);
      return this;
    }

    public Builder field(FieldSchema field) {
      fields.add(Objects.requireNonNull(field, () -> "a field of " + name));
      return this;
    }

    /** The modification-time field incremental syncs use; null (the default) for none. */
    public Builder cursorField(String cursorField) {
      this.cursorField = cursorField;
      return this;
    }

    /** How deletions surface, in words for people; null (the default) for unknown. */
    public Builder deletes(String deletes) {
      this.deletes = deletes;
      return this;
    }

    public ObjectSchema build() {
      return new ObjectSchema(this);
    }
  }
}
