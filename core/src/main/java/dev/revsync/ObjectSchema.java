package dev.revsync;

import java.util.List;
import java.util.Objects;
import java.util.Optional;

/**
 * One object (entity, table) of a system: its fields and the field incremental pulls use as cursor.
 * Immutable.
 *
 * @param name the API name, as given to {@link SyncRequest#builder(String)}
 * @param label the label shown to users
 * @param fields its fields
 * @param cursorField the modification-time field incremental syncs use; null if it has none
 * @param deletes how deletions surface (such as {@code queryAll IsDeleted}, {@code id diff}, or {@code none})
 */
public record ObjectSchema(String name, String label, List<FieldSchema> fields, String cursorField, String deletes) {

  public ObjectSchema {
    Objects.requireNonNull(name, "name");
    fields = fields == null ? List.of() : List.copyOf(fields);
  }

  /** The field of that name, compared ignoring case. */
  public Optional<FieldSchema> field(String name) {
    return fields.stream().filter(f -> f.name().equalsIgnoreCase(name)).findFirst();
  }
}
