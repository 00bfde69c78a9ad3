package dev.revsync;

import java.util.Objects;

/**
 * One field of an object, as the system describes it. Immutable.
 *
 * @param name the API name
 * @param label the label shown to users
 * @param type how its values are typed in {@link Record#fields()}
 * @param vendorType the system's own type name (such as {@code picklist})
 * @param createable whether it may be set on create
 * @param updateable whether it may be updated (enrichment and scores need this)
 * @param externalId whether it can match records in an upsert
 * @param compound whether it is a compound field (such as an address), left out of bulk queries
 */
public record FieldSchema(
    String name, String label, FieldType type, String vendorType,
    boolean createable, boolean updateable, boolean externalId, boolean compound) {

  public FieldSchema {
    Objects.requireNonNull(name, "name");
    Objects.requireNonNull(type, "type");
  }
}
