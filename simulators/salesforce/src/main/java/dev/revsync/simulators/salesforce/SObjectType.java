package dev.revsync.simulators.salesforce;

import java.util.ArrayList;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/** The describe metadata of one simulated sObject. Immutable. */
final class SObjectType {
  /** A child relationship as describe lists it. */
  record ChildRelationship(
      String childSObject, String field, String relationshipName, boolean cascadeDelete) {}

  private final String name;
  private final String label;
  private final String labelPlural;
  private final String keyPrefix;
  private final boolean deletable;
  private final Map<String, SfField> fieldsByLowerName = new LinkedHashMap<>();
  private final Map<String, SfField> referencesByRelationship = new LinkedHashMap<>();
  private final List<ChildRelationship> children = new ArrayList<>();

  SObjectType(
      String name,
      String label,
      String labelPlural,
      String keyPrefix,
      boolean deletable,
      List<SfField> fields) {
    this.name = name;
    this.label = label;
    this.labelPlural = labelPlural;
    this.keyPrefix = keyPrefix;
    this.deletable = deletable;
    for (SfField f : fields) {
      if (fieldsByLowerName.put(lower(f.name()), f) != null)
        throw new IllegalArgumentException("duplicate field " + f.name());
      if (f.relationshipName() != null)
        referencesByRelationship.put(lower(f.relationshipName()), f);
    }
  }

  void addChild(ChildRelationship child) {
    children.add(child);
  }

  String name() {
    return name;
  }

  String label() {
    return label;
  }

  String labelPlural() {
    return labelPlural;
  }

  String keyPrefix() {
    return keyPrefix;
  }

  boolean deletable() {
    return deletable;
  }

  Collection<SfField> fields() {
    return fieldsByLowerName.values();
  }

  List<ChildRelationship> children() {
    return children;
  }

  /** The field named {@code fieldName} (case-insensitive), or null. */
  SfField field(String fieldName) {
    return fieldsByLowerName.get(lower(fieldName));
  }

  /**
   * The reference field whose relationship is {@code relationshipName} (case-insensitive), or null.
   */
  SfField relationship(String relationshipName) {
    return referencesByRelationship.get(lower(relationshipName));
  }

  boolean hasField(String fieldName) {
    return field(fieldName) != null;
  }

  static String lower(String s) {
    return s.toLowerCase(Locale.ROOT);
  }

  @Override
  public String toString() {
    return name;
  }
}
