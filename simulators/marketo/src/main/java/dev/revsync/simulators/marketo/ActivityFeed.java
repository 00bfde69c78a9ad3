package dev.revsync.simulators.marketo;

import dev.revsync.simulators.ObjectTable;
import dev.revsync.simulators.SimRecord;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import mockwebserver3.MockResponse;

/**
 * Paging tokens and the activity log, derived from the lead table so that every change a test makes
 * to a lead shows up: a lead whose creation is its last change is a New Lead (12) activity, a later
 * change a Change Data Value (13), a tombstone a Delete Lead (37), each at the lead's modification
 * time. The log keeps a lead's latest activity only (a real log keeps them all; a client reading it
 * learns the same set of changed leads). A paging token is a position in (time, lead id) order, so
 * equal timestamps at a page boundary lose nothing. A page scans at most {@link #SCAN_PER_PAGE}
 * entries, so like the real service it may hold fewer items than asked for, even none, with {@code
 * moreResult: true}. Thread-safe.
 */
final class ActivityFeed {
  static final int NEW_LEAD = 12;
  static final int CHANGE_DATA_VALUE = 13;
  static final int DELETE_LEAD = 37;
  static final int SCAN_PER_PAGE = 2_000;

  private static final Object[][] TYPES = {
    {1, "Visit Webpage", "User visits a web page", "Webpage ID", "integer"},
    {2, "Fill Out Form", "User fills out and submits a form", "Webform ID", "integer"},
    {3, "Click Link", "User clicks a link", "Link ID", "integer"},
    {6, "Send Email", "Send a Marketo Email to a person", "Mailing ID", "integer"},
    {7, "Email Delivered", "Marketo Email is delivered to a person", "Mailing ID", "integer"},
    {8, "Email Bounced", "Marketo Email bounces", "Mailing ID", "integer"},
    {9, "Unsubscribe Email", "Person unsubscribes from Marketo Emails", "Mailing ID", "integer"},
    {10, "Open Email", "Person opens a Marketo Email", "Mailing ID", "integer"},
    {11, "Click Email", "Person clicks a link in a Marketo Email", "Mailing ID", "integer"},
    {12, "New Lead", "New person/record is added to the lead database", "Lead ID", "integer"},
    {13, "Change Data Value", "Changed attribute value for a person", "Attribute Name", "string"},
    {22, "Change Score", "Changed score value for a person", "Score Name", "string"},
    {24, "Add to List", "Person is added to a list", "List ID", "integer"},
    {25, "Remove from List", "Person is removed from a list", "List ID", "integer"},
    {37, "Delete Lead", "Delete a person", "Lead ID", "integer"},
    {46, "Interesting Moment", "Interesting moment", "Milestone ID", "integer"},
    {
      104,
      "Change Status in Progression",
      "Change a program status for a person",
      "Program ID",
      "integer"
    }
  };

  private final ObjectTable leads;
  private final java.time.Clock clock;

  ActivityFeed(ObjectTable leads, java.time.Clock clock) {
    this.leads = leads;
    this.clock = clock;
  }

  /** {@code GET /rest/v1/activities/pagingtoken.json?sinceDatetime=}. */
  MockResponse pagingToken(Map<String, String> q) {
    String since = q.get("sinceDatetime");
    if (since == null || since.isBlank()) return Wire.error("701", "sinceDatetime cannot be blank");
    Instant at = Wire.parseTime(since);
    if (at == null) return Wire.error("704", "Invalid date '" + since + "'");
    return Wire.ok(null, Wire.map("nextPageToken", encode(at.getEpochSecond(), null)));
  }

  /** {@code GET /rest/v1/activities/types.json}. */
  MockResponse types() {
    List<Map<String, Object>> out = new ArrayList<>();
    for (Object[] t : TYPES) {
      Map<String, Object> m =
          Wire.map(
              "id",
              t[0],
              "name",
              t[1],
              "description",
              t[2],
              "primaryAttribute",
              Wire.map("name", t[3], "dataType", t[4]));
      m.put("attributes", List.of(Wire.map("name", "Source", "dataType", "string")));
      out.add(m);
    }
    return Wire.ok(out);
  }

  /** {@code GET /rest/v1/activities/leadchanges.json?nextPageToken=&fields=&batchSize=}. */
  MockResponse leadChanges(Map<String, String> q) {
    List<String> fields = Wire.csv(q.get("fields"));
    if (fields.isEmpty()) return Wire.error("701", "fields cannot be blank");
    for (String f : fields) {
      if (LeadSchema.field(f) == null) return Wire.error("1006", "Field '" + f + "' not found");
    }
    return page(q, Set.of(NEW_LEAD, CHANGE_DATA_VALUE), fields);
  }

  /** {@code GET /rest/v1/activities/deletedleads.json?nextPageToken=&batchSize=}. */
  MockResponse deletedLeads(Map<String, String> q) {
    return page(q, Set.of(DELETE_LEAD), null);
  }

  /** {@code GET /rest/v1/activities.json?nextPageToken=&activityTypeIds=&batchSize=}. */
  MockResponse activities(Map<String, String> q) {
    List<String> ids = Wire.csv(q.get("activityTypeIds"));
    if (ids.isEmpty()) return Wire.error("701", "activityTypeIds cannot be blank");
    if (ids.size() > 10) return Wire.error("1003", "Too many activity type ids, max 10");
    Set<Integer> types = new LinkedHashSet<>();
    for (String id : ids) {
      try {
        types.add(Integer.parseInt(id));
      } catch (NumberFormatException e) {
        return Wire.error("1003", "Invalid activityTypeIds '" + id + "'");
      }
    }
    return page(q, types, null);
  }

  private MockResponse page(Map<String, String> q, Set<Integer> types, List<String> fields) {
    String token = q.get("nextPageToken");
    if (token == null || token.isBlank()) return Wire.error("701", "nextPageToken cannot be blank");
    Position from = decode(token);
    if (from == null) return Wire.error("1003", "Invalid paging token");
    int batchSize;
    try {
      batchSize = q.get("batchSize") == null ? 300 : Integer.parseInt(q.get("batchSize").trim());
    } catch (NumberFormatException e) {
      return Wire.error("1003", "Invalid batchSize '" + q.get("batchSize") + "'");
    }
    if (batchSize < 1 || batchSize > 300)
      return Wire.error("1003", "Invalid batchSize " + batchSize + ", max 300");
    Set<Long> leadFilter = null;
    if (q.get("leadIds") != null) {
      leadFilter = new LinkedHashSet<>();
      for (String s : Wire.csv(q.get("leadIds"))) leadFilter.add(Long.parseLong(s));
      if (leadFilter.size() > 30) return Wire.error("1003", "Too many leadIds, max 30");
    }
    Instant now = clock.instant();
    Iterator<SimRecord> it =
        from.leadId == null
            ? leads.scan(Instant.ofEpochSecond(from.epochSecond).minusNanos(1), null, true)
            : leads.scan(Instant.ofEpochSecond(from.epochSecond), from.leadId, true);
    List<Map<String, Object>> result = new ArrayList<>();
    long posSecond = from.epochSecond;
    String posLead = from.leadId;
    int scanned = 0;
    boolean more = false;
    while (it.hasNext()) {
      if (result.size() >= batchSize || scanned >= SCAN_PER_PAGE) {
        more = true;
        break;
      }
      SimRecord r = it.next();
      if (r.modifiedAt().isAfter(now)) break;
      scanned++;
      posSecond = r.modifiedAt().getEpochSecond();
      posLead = r.id();
      int type = typeOf(r);
      if (!types.contains(type)) continue;
      if (leadFilter != null && !leadFilter.contains(Long.parseLong(r.id()))) continue;
      result.add(activity(r, type, fields));
    }
    Map<String, Object> extra = new LinkedHashMap<>();
    extra.put("nextPageToken", encode(posSecond, posLead));
    extra.put("moreResult", more);
    // an activity page with nothing in it has no result at all, not an empty one
    return Wire.ok(result.isEmpty() ? null : result, extra);
  }

  static int typeOf(SimRecord r) {
    if (r.deleted()) return DELETE_LEAD;
    return r.createdAt() != null && r.createdAt().equals(r.modifiedAt())
        ? NEW_LEAD
        : CHANGE_DATA_VALUE;
  }

  static Map<String, Object> activity(SimRecord r, int type, List<String> fields) {
    long leadId = Long.parseLong(r.id());
    long id =
        r.modifiedAt().getEpochSecond() % 1_000_000_000L * 100_000_000L + leadId % 100_000_000L;
    Map<String, Object> m = new LinkedHashMap<>();
    m.put("id", id);
    m.put("marketoGUID", Long.toString(id));
    m.put("leadId", leadId);
    m.put("activityDate", Wire.time(r.modifiedAt()));
    m.put("activityTypeId", type);
    m.put("campaignId", null);
    m.put("primaryAttributeValueId", leadId);
    Object first = r.get("firstName");
    Object last = r.get("lastName");
    m.put(
        "primaryAttributeValue", (last == null ? "" : last) + ", " + (first == null ? "" : first));
    if (fields != null) {
      List<Map<String, Object>> changes = new ArrayList<>();
      if (type == CHANGE_DATA_VALUE) {
        for (String f : fields) {
          LeadSchema.Field field = LeadSchema.field(f);
          Object v = LeadSchema.jsonValue(r, f);
          changes.add(
              Wire.map(
                  "id",
                  field.id(),
                  "name",
                  f,
                  "newValue",
                  v == null ? null : v.toString(),
                  "oldValue",
                  null));
        }
      }
      m.put("fields", changes);
    }
    List<Map<String, Object>> attributes = new ArrayList<>();
    if (type == NEW_LEAD) {
      attributes.add(Wire.map("name", "Source Type", "value", "Web service API"));
    } else if (type == CHANGE_DATA_VALUE) {
      attributes.add(Wire.map("name", "Source", "value", "Web service API"));
      attributes.add(Wire.map("name", "Reason", "value", "Lead updated"));
    }
    m.put("attributes", attributes);
    return m;
  }

  private record Position(long epochSecond, String leadId) {}

  static String encode(long epochSecond, String leadId) {
    return Wire.token(epochSecond + ":" + (leadId == null ? "" : leadId));
  }

  private static Position decode(String token) {
    String plain = Wire.untoken(token);
    if (plain == null) return null;
    int colon = plain.indexOf(':');
    if (colon < 0) return null;
    try {
      long second = Long.parseLong(plain.substring(0, colon));
      String lead = plain.substring(colon + 1);
      if (!lead.isEmpty()) Long.parseLong(lead);
      return new Position(second, lead.isEmpty() ? null : lead);
    } catch (NumberFormatException e) {
      return null;
    }
  }
}
