package dev.revsync.simulators.hubspot;

import dev.revsync.simulators.ObjectTable;
import dev.revsync.simulators.SimRecord;
import java.io.IOException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import mockwebserver3.MockResponse;

/**
 * Forms (v3) and their submissions (v1: newest first, at most 50 a page, no time filter), and lists
 * (v3 search, offset paging) with their memberships. List k holds every (k+1)-th contact.
 * Thread-safe.
 */
final class FormsAndLists {
  private final HubSpotSimulator sim;
  private final ObjectTable forms;
  private final ObjectTable submissions;
  private final ObjectTable lists;

  FormsAndLists(
      HubSpotSimulator sim, ObjectTable forms, ObjectTable submissions, ObjectTable lists) {
    this.sim = sim;
    this.forms = forms;
    this.submissions = submissions;
    this.lists = lists;
  }

  /** The answer for a forms or lists path, or null. */
  MockResponse.Builder handle(HubSpotHandler.Call call) throws IOException {
    String path = call.path();
    String method = call.method();
    if (path.equals("/marketing/v3/forms") && method.equals("GET"))
      return Marketing.scoped(call, "forms", this::forms);
    if (path.startsWith("/form-integrations/v1/submissions/forms/") && method.equals("GET")) {
      return Marketing.scoped(call, "forms", this::submissions);
    }
    if (path.equals("/crm/v3/lists/search") && method.equals("POST")) {
      return Marketing.scoped(call, "crm.lists.read", this::searchLists);
    }
    if (path.startsWith("/crm/v3/lists/")
        && path.endsWith("/memberships")
        && method.equals("GET")) {
      return Marketing.scoped(call, "crm.lists.read", this::memberships);
    }
    return null;
  }

  private MockResponse.Builder forms(HubSpotHandler.Call call) throws IOException {
    return Marketing.guidPage(
        call,
        forms,
        100,
        (w, r) -> {
          w.beginObject();
          w.name("id").value(r.id());
          w.name("name").value(Marketing.str(r.get("name")));
          w.name("formType").value(Marketing.str(r.get("formType")));
          w.name("createdAt")
              .value(Wire.iso(r.createdAt() != null ? r.createdAt() : r.modifiedAt()));
          w.name("updatedAt").value(Wire.iso(r.modifiedAt()));
          w.name("archived").value(r.deleted());
          w.name("fieldGroups")
              .beginArray()
              .beginObject()
              .name("groupType")
              .value("default_group")
              .name("richTextType")
              .value("text")
              .name("fields")
              .beginArray()
              .beginObject()
              .name("objectTypeId")
              .value("0-1")
              .name("name")
              .value("email")
              .name("label")
              .value("Email")
              .name("required")
              .value(true)
              .name("hidden")
              .value(false)
              .name("fieldType")
              .value("email")
              .endObject()
              .endArray()
              .endObject()
              .endArray();
          w.endObject();
        });
  }

  // ---- form submissions v1

  private MockResponse.Builder submissions(HubSpotHandler.Call call) throws IOException {
    String formGuid = call.path().substring("/form-integrations/v1/submissions/forms/".length());
    SimRecord form = forms.get(formGuid);
    if (form == null || form.deleted()) {
      return Wire.error(
          404, call.correlationId(), "OBJECT_NOT_FOUND", "Form " + formGuid + " not found");
    }
    Integer limit = Marketing.intParam(call.request(), "limit", 20, 1, 50);
    if (limit == null) return Marketing.badParam(call, "limit must be between 1 and 50");
    String afterParam = call.request().getUrl().queryParameter("after");
    Marketing.Position after = Marketing.Position.decode(afterParam);
    if (afterParam != null && after == null)
      return Marketing.badParam(call, "after is not a cursor from a previous page");
    List<SimRecord> all = new ArrayList<>();
    submissions.stream(false).filter(r -> formGuid.equals(r.get("formGuid"))).forEach(all::add);
    java.util.Collections.reverse(all); // newest first
    int from = 0;
    if (after != null) while (from < all.size() && !after.isAfterDescending(all.get(from))) from++;
    int to = Math.min(all.size(), from + limit);
    List<SimRecord> page = all.subList(from, to);
    boolean more = to < all.size();
    return Wire.json(
        200,
        call.correlationId(),
        w -> {
          w.beginObject();
          w.name("results").beginArray();
          for (SimRecord r : page) {
            w.beginObject();
            w.name("conversionId").value(r.id());
            w.name("submittedAt").value(r.modifiedAt().toEpochMilli());
            w.name("values").beginArray();
            w.beginObject()
                .name("name")
                .value("email")
                .name("value")
                .value(Marketing.str(r.get("email")))
                .name("objectTypeId")
                .value("0-1")
                .endObject();
            w.beginObject()
                .name("name")
                .value("firstname")
                .name("value")
                .value(Marketing.str(r.get("firstname")))
                .name("objectTypeId")
                .value("0-1")
                .endObject();
            w.endArray();
            w.name("pageUrl").value(Marketing.str(r.get("pageUrl")));
            w.endObject();
          }
          w.endArray();
          if (more) {
            w.name("paging")
                .beginObject()
                .name("next")
                .beginObject()
                .name("after")
                .value(Marketing.Position.of(page.get(page.size() - 1)).encode())
                .endObject()
                .endObject();
          }
          w.endObject();
        });
  }

  // ---- lists v3

  private MockResponse.Builder searchLists(HubSpotHandler.Call call) throws IOException {
    Map<String, Object> body;
    try {
      body = Wire.readObjectBody(call.request());
    } catch (Wire.BadRequest e) {
      return Wire.error(400, call.correlationId(), "VALIDATION_ERROR", e.getMessage());
    }
    int offset = body.get("offset") instanceof Number n ? n.intValue() : 0;
    int count = body.get("count") instanceof Number n ? n.intValue() : 20;
    if (count < 1 || count > 500)
      return Marketing.badParam(call, "count must be between 1 and 500");
    String query = body.get("query") instanceof String q ? q.toLowerCase(Locale.ROOT) : "";
    List<String> types = new ArrayList<>();
    if (body.get("processingTypes") instanceof List<?> l)
      for (Object o : l) types.add(String.valueOf(o));
    List<SimRecord> all = new ArrayList<>();
    lists.stream(false)
        .filter(
            r ->
                Marketing.str(r.get("name")).toLowerCase(Locale.ROOT).contains(query)
                    && (types.isEmpty() || types.contains(Marketing.str(r.get("processingType")))))
        .forEach(all::add);
    all.sort((a, b) -> a.id().compareTo(b.id()));
    int to = Math.min(all.size(), offset + count);
    List<SimRecord> page = offset >= all.size() ? List.of() : all.subList(offset, to);
    return Wire.json(
        200,
        call.correlationId(),
        w -> {
          w.beginObject();
          w.name("lists").beginArray();
          for (SimRecord r : page) {
            w.beginObject();
            w.name("listId").value(listId(r));
            w.name("listVersion").value(1);
            w.name("name").value(Marketing.str(r.get("name")));
            w.name("objectTypeId").value("0-1");
            w.name("processingType").value(Marketing.str(r.get("processingType")));
            w.name("processingStatus").value("COMPLETE");
            w.name("createdAt")
                .value(Wire.iso(r.createdAt() != null ? r.createdAt() : r.modifiedAt()));
            w.name("updatedAt").value(Wire.iso(r.modifiedAt()));
            w.name("additionalProperties")
                .beginObject()
                .name("hs_list_size")
                .value(Long.toString(memberCount(r)))
                .endObject();
            w.endObject();
          }
          w.endArray();
          w.name("hasMore").value(to < all.size());
          w.name("offset").value(to);
          w.name("total").value(all.size());
          w.endObject();
        });
  }

  private static String listId(SimRecord list) {
    return Long.toString(Long.parseLong(list.id()) - CrmType.FIRST_ID + 1);
  }

  /** List k (from 1) holds every (k+1)-th contact, so lists differ and stay bounded in size. */
  private long memberCount(SimRecord list) {
    long k = Long.parseLong(list.id()) - CrmType.FIRST_ID + 1;
    ObjectTable contacts = sim.store().table("contacts");
    return Math.min(contacts == null ? 0 : (contacts.size(true) + k) / (k + 1), 5_000);
  }

  private MockResponse.Builder memberships(HubSpotHandler.Call call) throws IOException {
    String listIdParam = call.path().split("/")[4];
    SimRecord list;
    try {
      list = lists.get(Long.toString(CrmType.FIRST_ID + Long.parseLong(listIdParam) - 1));
    } catch (NumberFormatException e) {
      list = null;
    }
    if (list == null || list.deleted()) {
      return Wire.error(
          404,
          call.correlationId(),
          "OBJECT_NOT_FOUND",
          "List " + listIdParam + " does not exist.");
    }
    Integer limit = Marketing.intParam(call.request(), "limit", 100, 1, 250);
    if (limit == null) return Marketing.badParam(call, "limit must be between 1 and 250");
    long k = Long.parseLong(list.id()) - CrmType.FIRST_ID + 1;
    long members = memberCount(list);
    long from = 0;
    String after = call.request().getUrl().queryParameter("after");
    if (after != null && !after.isEmpty()) {
      try {
        from = Long.parseLong(after);
      } catch (NumberFormatException e) {
        return Marketing.badParam(call, "after is not a cursor from a previous page");
      }
    }
    long to = Math.min(members, from + limit);
    Instant joined = list.createdAt() != null ? list.createdAt() : list.modifiedAt();
    ObjectTable contacts = sim.store().table("contacts");
    long start = from;
    return Wire.json(
        200,
        call.correlationId(),
        w -> {
          w.beginObject();
          w.name("results").beginArray();
          for (long j = start; j < to; j++) {
            String recordId = Long.toString(CrmType.FIRST_ID + j * (k + 1));
            SimRecord c = contacts.get(recordId);
            if (c == null || c.deleted()) continue;
            w.beginObject()
                .name("recordId")
                .value(recordId)
                .name("membershipTimestamp")
                .value(Wire.iso(joined.plusSeconds(j)))
                .endObject();
          }
          w.endArray();
          w.name("total").value(members);
          if (to < members) {
            w.name("paging")
                .beginObject()
                .name("next")
                .beginObject()
                .name("after")
                .value(Long.toString(to))
                .endObject()
                .endObject();
          }
          w.endObject();
        });
  }
}
