package dev.revsync.marketo;

import dev.revsync.FieldSchema;
import dev.revsync.FieldType;
import dev.revsync.ObjectSchema;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * The objects the connector syncs, as {@code SyncRequest}s and {@code discover()} name them, and
 * the fixed schemas of those whose fields Marketo does not describe (activities and assets).
 */
final class MarketoObjects {
  static final String LEAD = "Lead";
  static final String ACTIVITY = "Activity";
  static final String PROGRAM = "Program";
  static final String SMART_CAMPAIGN = "SmartCampaign";
  static final String STATIC_LIST = "StaticList";
  static final String LIST_MEMBERSHIP = "StaticListMembership";

  static final List<String> ALL =
      List.of(LEAD, ACTIVITY, PROGRAM, SMART_CAMPAIGN, STATIC_LIST, LIST_MEMBERSHIP);

  static final ObjectSchema ACTIVITY_SCHEMA =
      schema(
          ACTIVITY,
          "Activity",
          "activityDate",
          "none (activities are never deleted)",
          "leadId",
          FieldType.INTEGER,
          "activityDate",
          FieldType.DATETIME,
          "activityTypeId",
          FieldType.INTEGER,
          "campaignId",
          FieldType.INTEGER,
          "primaryAttributeValueId",
          FieldType.INTEGER,
          "primaryAttributeValue",
          FieldType.STRING,
          "attributes",
          FieldType.OTHER);
  static final ObjectSchema PROGRAM_SCHEMA =
      schema(
          PROGRAM,
          "Program",
          "updatedAt",
          "none (full read every sync)",
          "name",
          FieldType.STRING,
          "description",
          FieldType.STRING,
          "type",
          FieldType.STRING,
          "channel",
          FieldType.STRING,
          "status",
          FieldType.STRING,
          "workspace",
          FieldType.STRING,
          "createdAt",
          FieldType.DATETIME,
          "updatedAt",
          FieldType.DATETIME);
  static final ObjectSchema SMART_CAMPAIGN_SCHEMA =
      schema(
          SMART_CAMPAIGN,
          "Smart Campaign",
          "updatedAt",
          "none (full read every sync)",
          "name",
          FieldType.STRING,
          "description",
          FieldType.STRING,
          "type",
          FieldType.STRING,
          "status",
          FieldType.STRING,
          "isActive",
          FieldType.BOOLEAN,
          "workspace",
          FieldType.STRING,
          "createdAt",
          FieldType.DATETIME,
          "updatedAt",
          FieldType.DATETIME);
  static final ObjectSchema STATIC_LIST_SCHEMA =
      schema(
          STATIC_LIST,
          "Static List",
          "updatedAt",
          "none (full read every sync)",
          "name",
          FieldType.STRING,
          "description",
          FieldType.STRING,
          "programName",
          FieldType.STRING,
          "workspaceName",
          FieldType.STRING,
          "createdAt",
          FieldType.DATETIME,
          "updatedAt",
          FieldType.DATETIME);
  static final ObjectSchema LIST_MEMBERSHIP_SCHEMA =
      schema(
          LIST_MEMBERSHIP,
          "Static List Membership",
          null,
          "none (full read every sync)",
          "listId",
          FieldType.INTEGER,
          "leadId",
          FieldType.INTEGER);

  private MarketoObjects() {}

  private static ObjectSchema schema(
      String name, String label, String cursor, String deletes, Object... fieldsAndTypes) {
    List<FieldSchema> fields = new ArrayList<>();
    fields.add(FieldSchema.builder("id", FieldType.ID).label("Id").vendorType("string").build());
    for (int i = 0; i < fieldsAndTypes.length; i += 2) {
      String field = (String) fieldsAndTypes[i];
      FieldType type = (FieldType) fieldsAndTypes[i + 1];
      fields.add(
          FieldSchema.builder(field, type)
              .vendorType(type.name().toLowerCase(Locale.ROOT))
              .build());
    }
    return ObjectSchema.builder(name)
        .label(label)
        .fields(fields)
        .cursorField(cursor)
        .deletes(deletes)
        .build();
  }

  /** The object's canonical name, or null if the connector has none of that name. */
  static String canonical(String object) {
    for (String o : ALL) {
      if (o.equalsIgnoreCase(object)) return o;
    }
    return null;
  }
}
