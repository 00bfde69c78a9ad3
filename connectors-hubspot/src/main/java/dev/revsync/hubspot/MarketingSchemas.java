package dev.revsync.hubspot;

import dev.revsync.FieldType;
import dev.revsync.ObjectSchema;
import java.util.List;

/**
 * The shapes of {@code hubspot-map}'s objects. HubSpot has no describe call for its marketing
 * APIs, so these follow the records {@link MarketingSync} builds. Stateless.
 */
final class MarketingSchemas {
  private MarketingSchemas() {}

  static List<ObjectSchema> all() {
    return List.of(
        new ObjectSchema("marketing_emails", "Marketing emails", List.of(
            HubSpotConnector.field("name", FieldType.STRING), HubSpotConnector.field("subject", FieldType.STRING),
            HubSpotConnector.field("state", FieldType.STRING), HubSpotConnector.field("type", FieldType.STRING),
            HubSpotConnector.field("publishDate", FieldType.DATETIME),
            HubSpotConnector.field("createdAt", FieldType.DATETIME)), "updatedAt",
            "archived emails (archived=true) arrive as tombstones"),
        new ObjectSchema("email_events", "Email events", List.of(
            HubSpotConnector.field("type", FieldType.STRING), HubSpotConnector.field("recipient", FieldType.STRING),
            HubSpotConnector.field("emailCampaignId", FieldType.DECIMAL),
            HubSpotConnector.field("appName", FieldType.STRING), HubSpotConnector.field("created", FieldType.DATETIME)),
            "created", "events are never deleted"),
        new ObjectSchema("email_campaigns", "Email campaigns", List.of(
            HubSpotConnector.field("name", FieldType.STRING), HubSpotConnector.field("subject", FieldType.STRING),
            HubSpotConnector.field("type", FieldType.STRING), HubSpotConnector.field("counters.sent", FieldType.DECIMAL),
            HubSpotConnector.field("counters.delivered", FieldType.DECIMAL),
            HubSpotConnector.field("counters.open", FieldType.DECIMAL),
            HubSpotConnector.field("counters.click", FieldType.DECIMAL),
            HubSpotConnector.field("counters.bounce", FieldType.DECIMAL)), "lastUpdatedTime", "not reported"),
        new ObjectSchema("campaigns", "Marketing campaigns", List.of(
            HubSpotConnector.field("hs_name", FieldType.STRING), HubSpotConnector.field("hs_start_date", FieldType.STRING),
            HubSpotConnector.field("hs_end_date", FieldType.STRING),
            HubSpotConnector.field("createdAt", FieldType.DATETIME)), "updatedAt", "not reported (read in full)"),
        new ObjectSchema("forms", "Forms", List.of(HubSpotConnector.field("name", FieldType.STRING),
            HubSpotConnector.field("formType", FieldType.STRING), HubSpotConnector.field("createdAt", FieldType.DATETIME)),
            "updatedAt", "archived forms arrive as tombstones"),
        new ObjectSchema("form_submissions", "Form submissions", List.of(
            HubSpotConnector.field("formId", FieldType.STRING), HubSpotConnector.field("pageUrl", FieldType.STRING),
            HubSpotConnector.field("values.email", FieldType.STRING)), "submittedAt", "submissions are not deleted"),
        new ObjectSchema("lists", "Lists", List.of(HubSpotConnector.field("name", FieldType.STRING),
            HubSpotConnector.field("objectTypeId", FieldType.STRING),
            HubSpotConnector.field("processingType", FieldType.STRING), HubSpotConnector.field("size", FieldType.DECIMAL)),
            "updatedAt", "not reported (read in full)"),
        new ObjectSchema("list_memberships", "List memberships", List.of(
            HubSpotConnector.field("listId", FieldType.STRING), HubSpotConnector.field("recordId", FieldType.STRING)),
            "membershipTimestamp", "not reported (read in full)"));
  }
}
