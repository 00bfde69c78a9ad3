package dev.revsync.simulators.marketo;

import dev.revsync.simulators.ObjectTable;
import dev.revsync.simulators.SimRecord;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import mockwebserver3.MockResponse;

/**
 * Programs, smart campaigns and static lists (with their memberships). The assets are few and
 * fixed; list {@code 1001} holds the leads of segment A, {@code 1002} of B, {@code 1003} of C, so
 * memberships change when leads do. Asset calls page by {@code maxReturn}/{@code offset} (200 at
 * most), lead-database calls by {@code batchSize}/{@code nextPageToken}. Thread-safe.
 */
final class Assets {
  private static final String[] SEGMENTS = {"A", "B", "C"};
  private final ObjectTable leads;
  private final Instant created;

  Assets(ObjectTable leads, Instant created) {
    this.leads = leads;
    this.created = created;
  }

  /** {@code GET /rest/asset/v1/programs.json?maxReturn=&offset=}. */
  MockResponse programs(Map<String, String> q) {
    List<Map<String, Object>> all = new ArrayList<>();
    String[] channels = {"Webinar", "Email Blast", "Tradeshow", "Content", "Nurture"};
    for (int i = 0; i < channels.length; i++) {
      Map<String, Object> m = new LinkedHashMap<>();
      m.put("id", 1000 + i);
      m.put("name", channels[i] + " Q" + (i % 4 + 1));
      m.put("description", "");
      m.put("createdAt", Wire.time(created.minusSeconds(86_400L * (30 + i))));
      m.put("updatedAt", Wire.time(created.minusSeconds(86_400L * i)));
      m.put("url", "https://app-ab00.marketo.com/#PG" + (1000 + i) + "A1");
      m.put("type", i == 4 ? "Engagement" : "Default");
      m.put("channel", channels[i]);
      m.put("folder", Wire.map("type", "Folder", "value", 13, "folderName", "Marketing Programs"));
      m.put("status", i == 4 ? "on" : "");
      m.put("workspace", "Default");
      all.add(m);
    }
    return assetPage(all, q);
  }

  /** {@code GET /rest/asset/v1/smartCampaigns.json?maxReturn=&offset=}. */
  MockResponse smartCampaigns(Map<String, String> q) {
    List<Map<String, Object>> all = new ArrayList<>();
    String[] names = {"Score web visits", "Welcome new leads", "Route MQLs", "Unsubscribe cleanup"};
    for (int i = 0; i < names.length; i++) {
      Map<String, Object> m = new LinkedHashMap<>();
      m.put("id", 2000 + i);
      m.put("name", names[i]);
      m.put("description", "");
      m.put("createdAt", Wire.time(created.minusSeconds(86_400L * (60 + i))));
      m.put("updatedAt", Wire.time(created.minusSeconds(86_400L * (2 + i))));
      m.put("status", i == 3 ? "Inactive" : "Active");
      m.put("type", i == 1 ? "trigger" : "batch");
      m.put("isSystem", false);
      m.put("isActive", i != 3);
      m.put("isRequestable", false);
      m.put("isCommunicationLimitEnabled", false);
      m.put("maxMembers", 0);
      m.put("workspace", "Default");
      m.put("folder", Wire.map("type", "Program", "id", 1000 + i));
      all.add(m);
    }
    return assetPage(all, q);
  }

  /** {@code GET /rest/v1/campaigns.json}: the smart campaigns in the lead database's shape. */
  MockResponse campaigns(Map<String, String> q) {
    List<Map<String, Object>> out = new ArrayList<>();
    String[] names = {"Score web visits", "Welcome new leads", "Route MQLs", "Unsubscribe cleanup"};
    for (int i = 0; i < names.length; i++) {
      Map<String, Object> m = new LinkedHashMap<>();
      m.put("id", 2000 + i);
      m.put("name", names[i]);
      m.put("description", "");
      m.put("type", i == 1 ? "trigger" : "batch");
      m.put("programName", "Content Q" + (i % 4 + 1));
      m.put("programId", 1000 + i);
      m.put("workspaceName", "Default");
      m.put("createdAt", Wire.time(created.minusSeconds(86_400L * (60 + i))));
      m.put("updatedAt", Wire.time(created.minusSeconds(86_400L * (2 + i))));
      m.put("active", i != 3);
      out.add(m);
    }
    return Wire.ok(out);
  }

  /** {@code GET /rest/v1/lists.json?batchSize=&nextPageToken=}. */
  MockResponse lists(Map<String, String> q) {
    List<Map<String, Object>> all = new ArrayList<>();
    for (int i = 0; i < SEGMENTS.length; i++) {
      all.add(
          Wire.map(
              "id",
              1001 + i,
              "name",
              "Segment " + SEGMENTS[i],
              "description",
              "Leads of segment " + SEGMENTS[i],
              "programName",
              "Content Q" + (i + 1),
              "workspaceName",
              "Default",
              "createdAt",
              Wire.time(created.minusSeconds(86_400L * 90)),
              "updatedAt",
              Wire.time(created)));
    }
    return Wire.ok(all);
  }

  /** {@code GET /rest/v1/lists/{id}/leads.json?fields=&batchSize=&nextPageToken=}. */
  MockResponse listLeads(long listId, Map<String, String> q) {
    int index = (int) (listId - 1001);
    if (index < 0 || index >= SEGMENTS.length) return Wire.error("1013", "Static list not found");
    List<String> fields =
        q.get("fields") == null ? LeadSchema.DEFAULT_FIELDS : Wire.csv(q.get("fields"));
    for (String f : fields) {
      if (LeadSchema.field(f) == null) return Wire.error("1006", "Field '" + f + "' not found");
    }
    int batchSize = q.get("batchSize") == null ? 300 : Integer.parseInt(q.get("batchSize"));
    if (batchSize < 1 || batchSize > 300)
      return Wire.error("1003", "Invalid batchSize " + batchSize + ", max 300");
    long after = 0;
    if (q.get("nextPageToken") != null) {
      String plain = Wire.untoken(q.get("nextPageToken"));
      if (plain == null || !plain.startsWith("list:"))
        return Wire.error("1003", "Invalid paging token");
      after = Long.parseLong(plain.substring(5));
    }
    List<SimRecord> members = new ArrayList<>();
    for (Iterator<SimRecord> it = leads.scan(null, null, false); it.hasNext(); ) {
      SimRecord r = it.next();
      if (SEGMENTS[index].equals(r.get("revsyncSegment")) && Long.parseLong(r.id()) > after)
        members.add(r);
    }
    members.sort((a, b) -> Long.compare(Long.parseLong(a.id()), Long.parseLong(b.id())));
    List<Map<String, Object>> result = new ArrayList<>();
    for (int i = 0; i < Math.min(batchSize, members.size()); i++)
      result.add(LeadsApi.render(members.get(i), fields));
    Map<String, Object> extra = new LinkedHashMap<>();
    if (members.size() > batchSize) {
      extra.put("nextPageToken", Wire.token("list:" + members.get(batchSize - 1).id()));
      extra.put("moreResult", true);
    }
    return Wire.ok(result, extra);
  }

  private static MockResponse assetPage(List<Map<String, Object>> all, Map<String, String> q) {
    int max = q.get("maxReturn") == null ? 20 : Integer.parseInt(q.get("maxReturn"));
    int offset = q.get("offset") == null ? 0 : Integer.parseInt(q.get("offset"));
    if (max < 1 || max > 200) return Wire.error("1003", "maxReturn must be between 1 and 200");
    if (offset >= all.size()) {
      // the asset API answers an empty page with a warning, not an empty result
      return Wire.ok(
          null,
          Wire.map(
              "errors",
              List.of(),
              "warnings",
              List.of("No assets found for the given search criteria.")));
    }
    return Wire.ok(
        all.subList(offset, Math.min(all.size(), offset + max)),
        Wire.map("errors", List.of(), "warnings", List.of()));
  }
}
