package dev.revsync.simulators.hubspot;

import com.squareup.moshi.JsonWriter;
import dev.revsync.simulators.DataGenerator;
import dev.revsync.simulators.ObjectTable;
import dev.revsync.simulators.RecordFactory;
import dev.revsync.simulators.SimRecord;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.Base64;
import java.util.Iterator;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Random;
import mockwebserver3.MockResponse;
import mockwebserver3.RecordedRequest;

/**
 * The marketing side of the portal: its tables, and marketing emails (v3), email events and email
 * campaigns (v1, epoch-millisecond times, opaque {@code offset}) and marketing campaigns (v3);
 * forms, their submissions, lists and memberships are {@link FormsAndLists}. Each is a table of the
 * store: {@code marketing_emails}, {@code email_events}, {@code email_campaigns}, {@code
 * campaigns}, {@code forms}, {@code form_submissions}, {@code lists}. Thread-safe.
 */
final class Marketing {
  static final String EMAILS = "marketing_emails";
  static final String EVENTS = "email_events";
  static final String EMAIL_CAMPAIGNS = "email_campaigns";
  static final String CAMPAIGNS = "campaigns";
  static final String FORMS = "forms";
  static final String SUBMISSIONS = "form_submissions";
  static final String LISTS = "lists";
  static final List<String> EVENT_TYPES =
      List.of(
          "SENT",
          "PROCESSED",
          "DELIVERED",
          "OPEN",
          "CLICK",
          "BOUNCE",
          "SPAMREPORT",
          "STATUSCHANGE",
          "FORWARD");

  private final HubSpotSimulator sim;
  private final long portalId;
  private final ObjectTable emails;
  private final ObjectTable events;
  private final ObjectTable emailCampaigns;
  private final ObjectTable campaigns;
  private final ObjectTable forms;
  private final ObjectTable submissions;
  private final ObjectTable lists;
  private final FormsAndLists formsAndLists;

  Marketing(HubSpotSimulator sim, Map<String, Long> counts, Instant now, int same) {
    this.sim = sim;
    this.portalId = sim.portalId();
    long emailCount =
        counts.getOrDefault(EMAILS, HubSpotSimulator.DEFAULT_RECORD_COUNTS.get(EMAILS));
    long campaignCount =
        counts.getOrDefault(
            EMAIL_CAMPAIGNS, HubSpotSimulator.DEFAULT_RECORD_COUNTS.get(EMAIL_CAMPAIGNS));
    long formCount =
        Math.max(1, counts.getOrDefault(FORMS, HubSpotSimulator.DEFAULT_RECORD_COUNTS.get(FORMS)));
    this.emails =
        sim.define(
            EMAILS,
            emailCount,
            numeric(
                (i, r) ->
                    Map.of(
                        "name",
                        "Newsletter " + i,
                        "subject",
                        DataGenerator.pick(
                                r,
                                List.of("Product news", "Webinar invite", "Your trial ends soon"))
                            + " #"
                            + i,
                        "state",
                        i % 5 == 0 ? "DRAFT" : "PUBLISHED",
                        "type",
                        "BATCH_EMAIL",
                        "publishDate",
                        Instant.parse("2026-05-01T09:00:00Z").plusSeconds(86_400L * i))),
            now,
            same);
    this.emailCampaigns =
        sim.define(
            EMAIL_CAMPAIGNS,
            campaignCount,
            numeric(
                (i, r) ->
                    Map.of(
                        "name",
                        "Newsletter " + i,
                        "subject",
                        "Product news #" + i,
                        "sent",
                        1_000L + r.nextInt(9_000),
                        "open",
                        (long) r.nextInt(900),
                        "click",
                        (long) r.nextInt(200))),
            now,
            same);
    this.events =
        sim.define(
            EVENTS,
            counts.getOrDefault(EVENTS, HubSpotSimulator.DEFAULT_RECORD_COUNTS.get(EVENTS)),
            new RecordFactory() {
              @Override
              public String id(long index) {
                return String.format(
                    Locale.ROOT,
                    "%08x-0000-4000-8000-%012x",
                    index >>> 48,
                    index & 0xFFFFFFFFFFFFL);
              }

              @Override
              public Map<String, Object> fields(long index, String id, Random r) {
                String first = DataGenerator.firstName(r);
                String last = DataGenerator.lastName(r);
                return Map.of(
                    "type",
                    DataGenerator.pick(r, EVENT_TYPES),
                    "recipient",
                    (first + "." + last + "@" + DataGenerator.domain(r, DataGenerator.company(r)))
                        .toLowerCase(Locale.ROOT),
                    "emailCampaignId",
                    CrmType.FIRST_ID + (campaignCount == 0 ? 0 : index % campaignCount));
              }
            },
            now,
            same);
    this.campaigns =
        sim.define(
            CAMPAIGNS,
            counts.getOrDefault(CAMPAIGNS, HubSpotSimulator.DEFAULT_RECORD_COUNTS.get(CAMPAIGNS)),
            guids(
                0xCA,
                (i, r) ->
                    Map.of(
                        "hs_name",
                        "Campaign " + i,
                        "hs_start_date",
                        "2026-0" + (1 + i % 9) + "-01",
                        "hs_end_date",
                        "2026-12-31")),
            now,
            same);
    this.forms =
        sim.define(
            FORMS,
            formCount,
            guids(0xF0, (i, r) -> Map.of("name", "Form " + i, "formType", "hubspot")),
            now,
            same);
    this.submissions =
        sim.define(
            SUBMISSIONS,
            counts.getOrDefault(
                SUBMISSIONS, HubSpotSimulator.DEFAULT_RECORD_COUNTS.get(SUBMISSIONS)),
            guids(
                0x5B,
                (i, r) -> {
                  String first = DataGenerator.firstName(r);
                  return Map.of(
                      "formGuid",
                      guid(0xF0, i % formCount),
                      "email",
                      (first + "." + i + "@" + DataGenerator.domain(r, DataGenerator.company(r)))
                          .toLowerCase(Locale.ROOT),
                      "firstname",
                      first,
                      "pageUrl",
                      "https://www.example.com/landing/" + (i % 7));
                }),
            now,
            same);
    this.lists =
        sim.define(
            LISTS,
            counts.getOrDefault(LISTS, HubSpotSimulator.DEFAULT_RECORD_COUNTS.get(LISTS)),
            numeric(
                (i, r) ->
                    Map.of(
                        "name",
                        "Segment " + i,
                        "processingType",
                        List.of("MANUAL", "SNAPSHOT", "DYNAMIC").get((int) (i % 3)))),
            now,
            same);
    this.formsAndLists = new FormsAndLists(sim, forms, submissions, lists);
  }

  @FunctionalInterface
  private interface Fields {
    Map<String, Object> of(long index, Random r);
  }

  private static RecordFactory numeric(Fields fields) {
    return new RecordFactory() {
      @Override
      public String id(long index) {
        return Long.toString(CrmType.FIRST_ID + index);
      }

      @Override
      public Map<String, Object> fields(long index, String id, Random r) {
        return fields.of(index, r);
      }
    };
  }

  static String guid(int kind, long index) {
    return String.format(
        Locale.ROOT, "%08x-0000-4000-a0%02x-%012x", index >>> 48, kind, index & 0xFFFFFFFFFFFFL);
  }

  private static RecordFactory guids(int kind, Fields fields) {
    return new RecordFactory() {
      @Override
      public String id(long index) {
        return guid(kind, index);
      }

      @Override
      public Map<String, Object> fields(long index, String id, Random r) {
        return fields.of(index, r);
      }
    };
  }

  /** The answer for a marketing path, or null when the path is not one. */
  MockResponse.Builder handle(HubSpotHandler.Call call) throws IOException {
    String path = call.path();
    String method = call.method();
    if (path.equals("/marketing/v3/emails") && method.equals("GET"))
      return scoped(call, "content", this::marketingEmails);
    if (path.equals("/email/public/v1/events") && method.equals("GET"))
      return scoped(call, "content", this::emailEvents);
    if (path.startsWith("/email/public/v1/events/") && method.equals("GET"))
      return scoped(call, "content", this::oneEvent);
    if (path.equals("/email/public/v1/campaigns") && method.equals("GET"))
      return scoped(call, "content", this::emailCampaigns);
    if (path.startsWith("/email/public/v1/campaigns/") && method.equals("GET")) {
      return scoped(call, "content", this::oneEmailCampaign);
    }
    if (path.equals("/marketing/v3/campaigns") && method.equals("GET")) {
      return scoped(call, "marketing.campaigns.read", this::marketingCampaigns);
    }
    return formsAndLists.handle(call);
  }

  @FunctionalInterface
  interface Endpoint {
    MockResponse.Builder answer(HubSpotHandler.Call call) throws IOException;
  }

  static MockResponse.Builder scoped(HubSpotHandler.Call call, String scope, Endpoint endpoint)
      throws IOException {
    MockResponse.Builder denied = HubSpotHandler.requireScope(call, scope);
    return denied != null ? denied : endpoint.answer(call);
  }

  // ---- marketing emails v3

  private MockResponse.Builder marketingEmails(HubSpotHandler.Call call) throws IOException {
    RecordedRequest request = call.request();
    Integer limit = intParam(request, "limit", 10, 1, 100);
    if (limit == null) return badParam(call, "limit must be between 1 and 100");
    Instant updatedAfter;
    Instant createdAfter;
    try {
      updatedAfter = instantParam(request, "updatedAfter");
      createdAfter = instantParam(request, "createdAfter");
    } catch (DateTimeParseException e) {
      return badParam(call, "updatedAfter and createdAfter must be ISO-8601 date-times");
    }
    boolean archived = "true".equalsIgnoreCase(request.getUrl().queryParameter("archived"));
    String sort = request.getUrl().queryParameter("sort");
    boolean byUpdated = sort == null || sort.equals("updatedAt") || sort.equals("updated");
    Position after = Position.decode(request.getUrl().queryParameter("after"));
    if (request.getUrl().queryParameter("after") != null && after == null)
      return badParam(call, "after is not a cursor");
    List<SimRecord> matching = new ArrayList<>();
    Iterator<SimRecord> it = emails.scan(null, null, true);
    while (it.hasNext()) {
      SimRecord r = it.next();
      if (r.deleted() != archived) continue;
      if (updatedAfter != null && !r.modifiedAt().isAfter(updatedAfter)) continue;
      if (createdAfter != null && r.createdAt() != null && !r.createdAt().isAfter(createdAfter))
        continue;
      matching.add(r);
    }
    if (!byUpdated)
      matching.sort((a, b) -> Long.compare(Long.parseLong(a.id()), Long.parseLong(b.id())));
    int from = 0;
    if (after != null) {
      while (from < matching.size() && !after.isBefore(matching.get(from), byUpdated)) from++;
    }
    int to = Math.min(matching.size(), from + Wire.pageSize(limit));
    List<SimRecord> page = matching.subList(from, to);
    boolean more = to < matching.size();
    boolean stats = "true".equalsIgnoreCase(request.getUrl().queryParameter("includeStats"));
    return Wire.json(
        200,
        call.correlationId(),
        w -> {
          w.beginObject();
          w.name("total").value(matching.size());
          w.name("results").beginArray();
          for (SimRecord r : page) writeEmail(w, r, stats);
          w.endArray();
          if (more) {
            String next = Position.of(page.get(page.size() - 1)).encode();
            w.name("paging")
                .beginObject()
                .name("next")
                .beginObject()
                .name("after")
                .value(next)
                .name("link")
                .value("?after=" + next)
                .endObject()
                .endObject();
          }
          w.endObject();
        });
  }

  private static void writeEmail(JsonWriter w, SimRecord r, boolean stats) throws IOException {
    w.beginObject();
    w.name("id").value(r.id());
    w.name("name").value(str(r.get("name")));
    w.name("subject").value(str(r.get("subject")));
    String state = str(r.get("state"));
    w.name("state").value(state);
    w.name("type").value(str(r.get("type")));
    w.name("isPublished").value("PUBLISHED".equals(state));
    w.name("archived").value(r.deleted());
    w.name("createdAt").value(Wire.iso(r.createdAt() != null ? r.createdAt() : r.modifiedAt()));
    w.name("updatedAt").value(Wire.iso(r.modifiedAt()));
    if (r.get("publishDate") instanceof Instant p) w.name("publishDate").value(Wire.iso(p));
    if (r.deleted()) w.name("archivedAt").value(Wire.iso(r.modifiedAt()));
    if (stats) {
      w.name("stats")
          .beginObject()
          .name("counters")
          .beginObject()
          .name("sent")
          .value(1000)
          .name("open")
          .value(420)
          .endObject()
          .endObject();
    }
    w.endObject();
  }

  // ---- email events v1

  private MockResponse.Builder emailEvents(HubSpotHandler.Call call) throws IOException {
    RecordedRequest request = call.request();
    Integer limit = intParam(request, "limit", 100, 1, 1000);
    if (limit == null) return badParam(call, "limit must be between 1 and 1000");
    Long start;
    Long end;
    try {
      start = longParam(request, "startTimestamp");
      end = longParam(request, "endTimestamp");
    } catch (NumberFormatException e) {
      return badParam(call, "startTimestamp and endTimestamp must be epoch milliseconds");
    }
    String eventType = request.getUrl().queryParameter("eventType");
    String recipient = request.getUrl().queryParameter("recipient");
    String campaignId = request.getUrl().queryParameter("campaignId");
    String offsetParam = request.getUrl().queryParameter("offset");
    Position offset = Position.decode(offsetParam);
    if (offsetParam != null && offset == null)
      return badParam(call, "offset is not a cursor from a previous page");
    Iterator<SimRecord> it =
        offset != null
            ? events.scan(offset.at(), offset.id(), false)
            : start != null
                ? events.scan(Instant.ofEpochMilli(start).minusNanos(1), null, false)
                : events.scan(null, null, false);
    List<SimRecord> page = new ArrayList<>(limit);
    boolean more = false;
    while (it.hasNext()) {
      SimRecord r = it.next();
      long created = r.modifiedAt().toEpochMilli();
      if (end != null && created > end) break;
      if (eventType != null && !eventType.equalsIgnoreCase(str(r.get("type")))) continue;
      if (recipient != null && !recipient.equalsIgnoreCase(str(r.get("recipient")))) continue;
      if (campaignId != null && !campaignId.equals(str(r.get("emailCampaignId")))) continue;
      if (page.size() == limit) {
        more = true;
        break;
      }
      page.add(r);
    }
    boolean hasMore = more;
    return Wire.json(
        200,
        call.correlationId(),
        w -> {
          w.beginObject();
          w.name("hasMore").value(hasMore);
          w.name("offset")
              .value(
                  page.isEmpty()
                      ? (offsetParam == null ? "" : offsetParam)
                      : Position.of(page.get(page.size() - 1)).encode());
          w.name("events").beginArray();
          for (SimRecord r : page) writeEvent(w, r);
          w.endArray();
          w.endObject();
        });
  }

  private MockResponse.Builder oneEvent(HubSpotHandler.Call call) throws IOException {
    String[] parts = call.path().split("/");
    if (parts.length != 7) return badParam(call, "use /email/public/v1/events/{created}/{id}");
    SimRecord r = events.get(parts[6]);
    if (r == null || !Long.toString(r.modifiedAt().toEpochMilli()).equals(parts[5])) {
      return Wire.error(404, call.correlationId(), "OBJECT_NOT_FOUND", "Event not found");
    }
    return Wire.json(200, call.correlationId(), w -> writeEvent(w, r));
  }

  private void writeEvent(JsonWriter w, SimRecord r) throws IOException {
    long created = r.modifiedAt().toEpochMilli();
    w.beginObject();
    w.name("appName").value("BatchEmail");
    w.name("location").beginObject().endObject();
    w.name("id").value(r.id());
    w.name("sentBy")
        .beginObject()
        .name("id")
        .value(r.id().substring(0, 8) + "-sent")
        .name("created")
        .value(created - 60_000)
        .endObject();
    w.name("created").value(created);
    w.name("type").value(str(r.get("type")));
    w.name("recipient").value(str(r.get("recipient")));
    w.name("portalId").value(portalId);
    w.name("appId").value(113);
    w.name("emailCampaignId").value((Long) r.get("emailCampaignId"));
    w.endObject();
  }

  // ---- email campaigns v1

  private MockResponse.Builder emailCampaigns(HubSpotHandler.Call call) throws IOException {
    RecordedRequest request = call.request();
    Integer limit = intParam(request, "limit", 10, 1, 1000);
    if (limit == null) return badParam(call, "limit must be between 1 and 1000");
    String offsetParam = request.getUrl().queryParameter("offset");
    long start = 0;
    if (offsetParam != null && !offsetParam.isEmpty()) {
      try {
        start = Long.parseLong(offsetParam) - CrmType.FIRST_ID + 1;
      } catch (NumberFormatException e) {
        return badParam(call, "offset is not a cursor from a previous page");
      }
    }
    long size = emailCampaigns.size(true);
    List<SimRecord> page = new ArrayList<>();
    long i = Math.max(0, start);
    for (; i < size && page.size() < limit; i++) {
      SimRecord r = emailCampaigns.get(Long.toString(CrmType.FIRST_ID + i));
      if (r != null && !r.deleted()) page.add(r);
    }
    boolean more = i < size;
    return Wire.json(
        200,
        call.correlationId(),
        w -> {
          w.beginObject();
          w.name("hasMore").value(more);
          w.name("offset").value(page.isEmpty() ? "" : page.get(page.size() - 1).id());
          w.name("campaigns").beginArray();
          for (SimRecord r : page) {
            w.beginObject()
                .name("id")
                .value(Long.parseLong(r.id()))
                .name("appId")
                .value(113)
                .name("appName")
                .value("BatchEmail")
                .name("lastUpdatedTime")
                .value(r.modifiedAt().toEpochMilli())
                .endObject();
          }
          w.endArray();
          w.endObject();
        });
  }

  private MockResponse.Builder oneEmailCampaign(HubSpotHandler.Call call) throws IOException {
    String id = call.path().substring("/email/public/v1/campaigns/".length());
    SimRecord r =
        id.chars().allMatch(Character::isDigit) && !id.isEmpty() ? emailCampaigns.get(id) : null;
    if (r == null || r.deleted())
      return Wire.error(404, call.correlationId(), "OBJECT_NOT_FOUND", "Campaign not found");
    return Wire.json(
        200,
        call.correlationId(),
        w -> {
          w.beginObject();
          w.name("appId").value(113).name("appName").value("BatchEmail");
          w.name("contentId").value(Long.parseLong(r.id()) + 1_000);
          w.name("counters").beginObject();
          long sent = (Long) r.get("sent");
          w.name("sent")
              .value(sent)
              .name("delivered")
              .value(sent - sent / 50)
              .name("open")
              .value((Long) r.get("open"))
              .name("click")
              .value((Long) r.get("click"))
              .name("bounce")
              .value(sent / 50);
          w.endObject();
          w.name("id").value(Long.parseLong(r.id()));
          w.name("lastUpdatedTime").value(r.modifiedAt().toEpochMilli());
          w.name("name").value(str(r.get("name")));
          w.name("subject").value(str(r.get("subject")));
          w.name("type").value("BATCH_EMAIL");
          w.name("numIncluded").value(sent).name("numQueued").value(0);
          w.endObject();
        });
  }

  // ---- marketing campaigns v3, forms v3

  private MockResponse.Builder marketingCampaigns(HubSpotHandler.Call call) throws IOException {
    List<String> properties = Wire.listParam(call.request(), "properties");
    return guidPage(
        call,
        campaigns,
        100,
        (w, r) -> {
          w.beginObject();
          w.name("id").value(r.id());
          w.name("properties").beginObject();
          for (String p : properties.isEmpty() ? List.of("hs_name") : properties) {
            w.name(p).value(r.get(p) == null ? null : r.get(p).toString());
          }
          w.endObject();
          w.name("createdAt")
              .value(Wire.iso(r.createdAt() != null ? r.createdAt() : r.modifiedAt()));
          w.name("updatedAt").value(Wire.iso(r.modifiedAt()));
          w.endObject();
        });
  }

  @FunctionalInterface
  interface RecordWriter {
    void write(JsonWriter w, SimRecord r) throws IOException;
  }

  /** A v3 page over a GUID-keyed table in id order; {@code after} is the last id served. */
  static MockResponse.Builder guidPage(
      HubSpotHandler.Call call, ObjectTable table, int max, RecordWriter writer)
      throws IOException {
    Integer limit = intParam(call.request(), "limit", 10, 1, max);
    if (limit == null) return badParam(call, "limit must be between 1 and " + max);
    String after = call.request().getUrl().queryParameter("after");
    boolean archived = "true".equalsIgnoreCase(call.request().getUrl().queryParameter("archived"));
    List<SimRecord> all = new ArrayList<>();
    table.stream(true)
        .filter(r -> r.deleted() == archived && (after == null || r.id().compareTo(after) > 0))
        .forEach(all::add);
    all.sort((a, b) -> a.id().compareTo(b.id()));
    List<SimRecord> page = all.subList(0, Math.min(limit, all.size()));
    boolean more = all.size() > limit;
    return Wire.json(
        200,
        call.correlationId(),
        w -> {
          w.beginObject();
          w.name("total").value(table.size(false));
          w.name("results").beginArray();
          for (SimRecord r : page) writer.write(w, r);
          w.endArray();
          if (more) {
            w.name("paging")
                .beginObject()
                .name("next")
                .beginObject()
                .name("after")
                .value(page.get(page.size() - 1).id())
                .endObject()
                .endObject();
          }
          w.endObject();
        });
  }

  // ---- helpers

  /** A position in (time, id) order, encoded as an opaque cursor. */
  record Position(Instant at, String id) {
    static Position of(SimRecord r) {
      return new Position(r.modifiedAt(), r.id());
    }

    String encode() {
      String raw = at.getEpochSecond() + "." + at.getNano() + ":" + id;
      return Base64.getUrlEncoder()
          .withoutPadding()
          .encodeToString(raw.getBytes(StandardCharsets.UTF_8));
    }

    static Position decode(String cursor) {
      if (cursor == null || cursor.isEmpty()) return null;
      try {
        String raw = new String(Base64.getUrlDecoder().decode(cursor), StandardCharsets.UTF_8);
        int colon = raw.indexOf(':');
        int dot = raw.indexOf('.');
        if (colon < 0 || dot < 0 || dot > colon) return null;
        return new Position(
            Instant.ofEpochSecond(
                Long.parseLong(raw.substring(0, dot)),
                Long.parseLong(raw.substring(dot + 1, colon))),
            raw.substring(colon + 1));
      } catch (IllegalArgumentException e) {
        return null;
      }
    }

    /**
     * Whether {@code r} comes after this position in ascending (time, id) order, or in id order.
     */
    boolean isBefore(SimRecord r, boolean byTime) {
      if (!byTime) return Long.parseLong(r.id()) > Long.parseLong(id);
      int c = r.modifiedAt().compareTo(at);
      return c > 0 || (c == 0 && r.id().compareTo(id) > 0);
    }

    /** Whether {@code r} comes after this position in descending (time, id) order. */
    boolean isAfterDescending(SimRecord r) {
      int c = r.modifiedAt().compareTo(at);
      return c < 0 || (c == 0 && r.id().compareTo(id) < 0);
    }
  }

  static Integer intParam(RecordedRequest request, String name, int fallback, int min, int max) {
    String v = request.getUrl().queryParameter(name);
    if (v == null) return fallback;
    try {
      int n = Integer.parseInt(v);
      return n < min || n > max ? null : n;
    } catch (NumberFormatException e) {
      return null;
    }
  }

  private static Long longParam(RecordedRequest request, String name) {
    String v = request.getUrl().queryParameter(name);
    return v == null || v.isEmpty() ? null : Long.parseLong(v);
  }

  private static Instant instantParam(RecordedRequest request, String name) {
    String v = request.getUrl().queryParameter(name);
    return v == null || v.isEmpty() ? null : Instant.parse(v);
  }

  static MockResponse.Builder badParam(HubSpotHandler.Call call, String message)
      throws IOException {
    return Wire.error(400, call.correlationId(), "VALIDATION_ERROR", message);
  }

  static String str(Object value) {
    return value == null ? null : value.toString();
  }
}
