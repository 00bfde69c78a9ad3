package dev.revsync.hubspot;

import static dev.revsync.hubspot.HubSpotConnector.field;

import dev.revsync.FieldSchema;
import dev.revsync.FieldType;
import dev.revsync.ObjectSchema;
import java.util.List;

/**
 * The shapes of {@code hubspot-map}'s objects. HubSpot has no describe call for its marketing APIs,
 * so these follow the records {@link MarketingSync} builds. Stateless.
 */
final class MarketingSchemas {
  private MarketingSchemas() {}

  static List<ObjectSchema> all() {
    return List.of(
        schema(
            "marketing_emails",
            "Marketing emails",
            "updatedAt",
            "archived emails (archived=true) arrive as tombstones",
            field("name", FieldType.STRING),
            field("subject", FieldType.STRING),
            field("state", FieldType.STRING),
            field("type", FieldType.STRING),
            field("publishDate", FieldType.DATETIME),
            field("createdAt", FieldType.DATETIME)),
        schema(
            "email_events",
            "Email events",
            "created",
            "events are never deleted",
            field("type", FieldType.STRING),
            field("recipient", FieldType.STRING),
            field("emailCampaignId", FieldType.DECIMAL),
            field("appName", FieldType.STRING),
            field("created", FieldType.DATETIME)),
        schema(
            "email_campaigns",
            "Email campaigns",
            "lastUpdatedTime",
            "not reported",
            field("name", FieldType.STRING),
            field("subject", FieldType.STRING),
            field("type", FieldType.STRING),
            field("counters.sent", FieldType.DECIMAL),
            field("counters.delivered", FieldType.DECIMAL),
            field("counters.open", FieldType.DECIMAL),
            field("counters.click", FieldType.DECIMAL),
            field("counters.bounce", FieldType.DECIMAL)),
        schema(
            "campaigns",
            "Marketing campaigns",
            "updatedAt",
            "not reported (read in full)",
            field("hs_name", FieldType.STRING),
            field("hs_start_date", FieldType.STRING),
            field("hs_end_date", FieldType.STRING),
            field("createdAt", FieldType.DATETIME)),
        schema(
            "forms",
            "Forms",
            "updatedAt",
            "archived forms arrive as tombstones",
            field("name", FieldType.STRING),
            field("formType", FieldType.STRING),
            field("createdAt", FieldType.DATETIME)),
        schema(
            "form_submissions",
            "Form submissions",
            "submittedAt",
            "submissions are not deleted",
            field("formId", FieldType.STRING),
            field("pageUrl", FieldType.STRING),
            field("values.email", FieldType.STRING)),
        schema(
            "lists",
            "Lists",
            "updatedAt",
            "not reported (read in full)",
            field("name", FieldType.STRING),
            field("objectTypeId", FieldType.STRING),
            field("processingType", FieldType.STRING),
            field("size", FieldType.DECIMAL)),
        schema(
            "list_memberships",
            "List memberships",
            "membershipTimestamp",
            "not reported (read in full)",
            field("listId", FieldType.STRING),
            field("recordId", FieldType.STRING)));
  }

  private static ObjectSchema schema(
      String name, String label, String cursor, String deletes, FieldSchema... fields) {
    return ObjectSchema.builder(name)
        .label(label)
        .fields(List.of(fields))
        .cursorField(cursor)
        .deletes(deletes)
        .build();
  }
}
