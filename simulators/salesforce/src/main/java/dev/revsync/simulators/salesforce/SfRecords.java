package dev.revsync.simulators.salesforce;

import dev.revsync.simulators.ObjectTable;
import dev.revsync.simulators.RecordStore;
import dev.revsync.simulators.SimRecord;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * Reads Salesforce field values from the framework's records: {@code Id}, {@code IsDeleted}, {@code
 * CreatedDate}, {@code LastModifiedDate} and {@code SystemModstamp} come from the record's metadata
 * (milliseconds, as Salesforce keeps them), compound addresses are assembled from their components,
 * everything else from the stored fields. Finds parents by id prefix. Thread-safe.
 */
final class SfRecords {
  private final SalesforceSchema schema;
  private final RecordStore store;

  SfRecords(SalesforceSchema schema, RecordStore store) {
    this.schema = schema;
    this.store = store;
  }

  SalesforceSchema schema() {
    return schema;
  }

  ObjectTable table(SObjectType type) {
    return store.table(type.name());
  }

  /** The record with this id, of whatever object its prefix names, deleted or not; null if none. */
  SimRecord byId(String id) {
    if (id == null) return null;
    SObjectType type = schema.typeOfId(id);
    if (type == null) return null;
    ObjectTable table = store.table(type.name());
    return table == null ? null : table.get(id);
  }

  /** The value of {@code field} in {@code r}, in the field's Java type. */
  static Object value(SfField field, SimRecord r) {
    return switch (field.source()) {
      case ID -> r.id();
      case DELETED -> r.deleted();
      case CREATED -> SfValues.millis(r.createdAt() != null ? r.createdAt() : r.modifiedAt());
      case MODIFIED -> SfValues.millis(r.modifiedAt());
      case ADDRESS -> address(field, r);
      case STORED -> SfValues.normalize(field, r.get(field.name()));
    };
  }

  /**
   * The components of a compound address as Salesforce's JSON orders them, or null if all are
   * empty.
   */
  private static Map<String, Object> address(SfField field, SimRecord r) {
    String prefix = field.name().substring(0, field.name().length() - "Address".length());
    Map<String, Object> a = new LinkedHashMap<>();
    a.put("city", r.get(prefix + "City"));
    a.put("country", r.get(prefix + "Country"));
    a.put("geocodeAccuracy", r.get(prefix + "GeocodeAccuracy"));
    a.put("latitude", r.get(prefix + "Latitude"));
    a.put("longitude", r.get(prefix + "Longitude"));
    a.put("postalCode", r.get(prefix + "PostalCode"));
    a.put("state", r.get(prefix + "State"));
    a.put("street", r.get(prefix + "Street"));
    return a.values().stream().allMatch(v -> v == null) ? null : a;
  }
}
