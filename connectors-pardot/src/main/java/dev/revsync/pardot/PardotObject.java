package dev.revsync.pardot;

import dev.revsync.FieldType;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * The objects the connector syncs: revsync name, v5 collection, the fields it asks for in {@code
 * fields=} (names and types as §3 of the notes lists them), whether {@code deleted=all} applies,
 * and the export API's object name where one exists. Immutable.
 */
enum PardotObject {
  PROSPECT(
      "Prospect",
      "prospects",
      "prospect",
      true,
      "id:ID email firstName lastName company jobTitle score:INTEGER grade optedOut:BOOLEAN isDoNotEmail:BOOLEAN "
          + "isDeleted:BOOLEAN campaignId:REFERENCE prospectAccountId:REFERENCE assignedToId:REFERENCE salesforceId "
          + "salesforceLeadId salesforceContactId lastActivityAt:DATETIME createdAt:DATETIME updatedAt:DATETIME"),
  VISITOR_ACTIVITY(
      "VisitorActivity",
      "visitor-activities",
      "visitorActivity",
      false,
      "id:ID prospectId:REFERENCE visitorId:REFERENCE visitId:REFERENCE type:INTEGER typeName details "
          + "campaignId:REFERENCE emailId:REFERENCE formId:REFERENCE landingPageId:REFERENCE opportunityId:REFERENCE "
          + "createdAt:DATETIME updatedAt:DATETIME"),
  CAMPAIGN(
      "Campaign",
      "campaigns",
      null,
      true,
      "id:ID name cost:INTEGER folderId:REFERENCE parentCampaignId:REFERENCE salesforceId isDeleted:BOOLEAN "
          + "createdAt:DATETIME updatedAt:DATETIME"),
  LIST(
      "List",
      "lists",
      null,
      true,
      "id:ID name title description isDynamic:BOOLEAN isPublic:BOOLEAN isDeleted:BOOLEAN campaignId:REFERENCE "
          + "folderId:REFERENCE createdAt:DATETIME updatedAt:DATETIME"),
  LIST_MEMBERSHIP(
      "ListMembership",
      "list-memberships",
      "listMembership",
      true,
      "id:ID listId:REFERENCE prospectId:REFERENCE optedOut:BOOLEAN isDeleted:BOOLEAN createdAt:DATETIME "
          + "updatedAt:DATETIME"),
  OPPORTUNITY(
      "Opportunity",
      "opportunities",
      null,
      true,
      "id:ID name value:DECIMAL probability:INTEGER stage status closedAt:DATETIME campaignId:REFERENCE salesforceId "
          + "isDeleted:BOOLEAN createdAt:DATETIME updatedAt:DATETIME"),
  EMAIL(
      "Email",
      "emails",
      null,
      true,
      "id:ID name subject prospectId:REFERENCE campaignId:REFERENCE listEmailId:REFERENCE sentAt:DATETIME "
          + "isDeleted:BOOLEAN createdAt:DATETIME updatedAt:DATETIME"),
  CUSTOM_FIELD(
      "CustomField",
      "custom-fields",
      null,
      true,
      "id:ID name fieldId type isRecordMultipleResponses:BOOLEAN salesforceId isDeleted:BOOLEAN createdAt:DATETIME "
          + "updatedAt:DATETIME");

  final String revsyncName;
  final String collection;
  final String exportName;
  final boolean deletes;

  @SuppressWarnings(
      "ImmutableEnumChecker") // an unmodifiable view of a map built once in the constructor
  final Map<String, FieldType> fields;

  PardotObject(
      String revsyncName, String collection, String exportName, boolean deletes, String fieldSpec) {
    this.revsyncName = revsyncName;
    this.collection = collection;
    this.exportName = exportName;
    this.deletes = deletes;
    Map<String, FieldType> f = new LinkedHashMap<>();
    for (String spec : fieldSpec.split(" ")) {
      int colon = spec.indexOf(':');
      f.put(
          colon < 0 ? spec : spec.substring(0, colon),
          colon < 0 ? FieldType.STRING : FieldType.valueOf(spec.substring(colon + 1)));
    }
    this.fields = java.util.Collections.unmodifiableMap(f);
  }

  static List<String> names() {
    List<String> names = new ArrayList<>();
    for (PardotObject o : values()) names.add(o.revsyncName);
    return names;
  }

  /**
   * The object called {@code name}: its revsync name or its v5 collection, in any case; null if
   * unknown.
   */
  static PardotObject of(String name) {
    if (name == null) return null;
    String n = name.trim().toLowerCase(Locale.ROOT);
    for (PardotObject o : values()) {
      if (o.revsyncName.toLowerCase(Locale.ROOT).equals(n) || o.collection.equals(n)) return o;
    }
    return null;
  }
}
