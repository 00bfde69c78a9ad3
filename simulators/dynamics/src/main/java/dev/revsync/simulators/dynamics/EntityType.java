package dev.revsync.simulators.dynamics;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * A simulated Dataverse table: logical and entity-set names, primary id and name, whether change
 * tracking is on, its columns (system columns {@code createdon}/{@code modifiedon} included), and
 * alternate keys by key name. Immutable.
 */
final class EntityType {
  static final String CREATED_ON = "createdon";
  static final String MODIFIED_ON = "modifiedon";

  private final String logicalName;
  private final String entitySetName;
  private final String primaryId;
  private final String primaryName;
  private final boolean changeTracking;
  private final boolean custom;
  private final String metadataId;
  private final int objectTypeCode;
  private final Map<String, Attribute> byProperty = new LinkedHashMap<>();
  private final Map<String, Attribute> byName = new LinkedHashMap<>();
  private final Map<String, List<String>> alternateKeys;

  EntityType(
      String logicalName,
      String entitySetName,
      String primaryName,
      boolean changeTracking,
      boolean custom,
      int objectTypeCode,
      List<Attribute> attributes,
      Map<String, List<String>> alternateKeys) {
    this.logicalName = Objects.requireNonNull(logicalName, "logicalName");
    this.entitySetName = Objects.requireNonNull(entitySetName, "entitySetName");
    this.primaryId = logicalName.equals("activitypointer") ? "activityid" : logicalName + "id";
    this.primaryName = primaryName;
    this.changeTracking = changeTracking;
    this.custom = custom;
    this.objectTypeCode = objectTypeCode;
    this.metadataId = Guids.named("metadata/" + logicalName);
    List<Attribute> all = new ArrayList<>();
    all.add(new Attribute(primaryId, "Uniqueidentifier", true, false, null, null, false));
    all.addAll(attributes);
    all.add(Attribute.readOnly(CREATED_ON, "DateTime"));
    all.add(Attribute.readOnly(MODIFIED_ON, "DateTime"));
    for (Attribute a : all) {
      byProperty.put(a.property(), a);
      byName.put(a.name(), a);
    }
    this.alternateKeys = Map.copyOf(alternateKeys);
  }

  String logicalName() {
    return logicalName;
  }

  String entitySetName() {
    return entitySetName;
  }

  String primaryId() {
    return primaryId;
  }

  String primaryName() {
    return primaryName;
  }

  boolean changeTracking() {
    return changeTracking;
  }

  boolean custom() {
    return custom;
  }

  String metadataId() {
    return metadataId;
  }

  int objectTypeCode() {
    return objectTypeCode;
  }

  List<Attribute> attributes() {
    return List.copyOf(byName.values());
  }

  /** The column a JSON property or query option names ({@code _x_value} for lookups), or null. */
  Attribute byProperty(String property) {
    return byProperty.get(property);
  }

  /**
   * The column by logical name ({@code x} for a lookup whose property is {@code _x_value}), or
   * null.
   */
  Attribute byName(String name) {
    return byName.get(name);
  }

  /** Key name to its columns, such as {@code accountnumber_key -> [accountnumber]}. */
  Map<String, List<String>> alternateKeys() {
    return alternateKeys;
  }

  /** Properties every record carries in JSON, in schema order, the primary id first. */
  List<String> properties() {
    return List.copyOf(byProperty.keySet());
  }

  @Override
  public String toString() {
    return "EntityType{" + logicalName + "/" + entitySetName + "}";
  }
}
