package dev.revsync.eloqua;

import dev.revsync.FieldSchema;
import dev.revsync.FieldType;

/**
 * One field of an Eloqua object: the name records and writes use for it (its internal name, or
 * {@code Id}/{@code CreatedAt}/{@code UpdatedAt} for system fields), the markup statement that goes
 * into export and import definitions, and its type.
 *
 * @param name the field's name in records, the export key and the import key
 * @param label the name shown in Eloqua
 * @param statement the markup statement, such as {@code {{Contact.Field(C_EmailAddress)}}}
 * @param dataType Eloqua's data type ({@code text}, {@code date}, {@code number}...), or {@code
 *     system}
 * @param type how the values are typed in records
 * @param readOnly whether imports may not set it
 * @param unique whether Eloqua keeps it unique (usable as an import identifier)
 */
record EloquaField(
    String name,
    String label,
    String statement,
    String dataType,
    FieldType type,
    boolean readOnly,
    boolean unique) {

  static EloquaField system(String name, String statement, FieldType type) {
    return new EloquaField(name, name, statement, "system", type, true, type == FieldType.ID);
  }

  /** A system value ({@code {{Contact.Id}}}, {@code {{Contact.UpdatedAt}}}): timestamps in UTC. */
  boolean isSystem() {
    return "system".equals(dataType);
  }

  FieldSchema schema() {
    return FieldSchema.builder(name, type)
        .label(label)
        .vendorType(dataType)
        .createable(!readOnly)
        .updateable(!readOnly)
        .externalId(unique)
        .build();
  }
}
