package dev.revsync.hubspot;

import dev.revsync.Activity;
import dev.revsync.Checkpoint;
import dev.revsync.ConfigurationException;
import dev.revsync.ProtocolException;
import dev.revsync.Record;
import dev.revsync.RecordSink;
import dev.revsync.SyncMode;
import dev.revsync.SyncRequest;
import dev.revsync.SyncResult;
import dev.revsync.spi.CursorPager;
import dev.revsync.spi.Json;
import dev.revsync.spi.SyncRun;
import dev.revsync.spi.Values;
import java.io.IOException;
import java.math.BigDecimal;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.Function;
import okhttp3.HttpUrl;

/**
 * {@code hubspot-map} pulls, one shape per API:
 *
 * <ul>
 *   <li>marketing emails: sorted by {@code updatedAt}, {@code updatedAfter} the cursor (the ids at
 *       the cursor's instant kept, as for CRM search), deletes from {@code archived=true};
 *   <li>email events: {@code created} windows of at most 30 days, each paged with its opaque {@code
 *       offset} until {@code hasMore} is false (the checkpoint holds the window and offset);
 *   <li>form submissions: no time filter, newest first, so each form is paged until a submission is
 *       older than the watermark;
 *   <li>email campaigns: the v1 listing, then the details (counters) of those updated since the
 *       cursor; marketing campaigns, forms and lists: read in full through the kit's {@link
 *       CursorPager} with next-page tokens (checkpointed per page); list memberships: read in full.
 * </ul>
 *
 * <p>Not thread-safe: one instance per sync.
 */
final class MarketingSync {
  static final Duration EVENT_SLICE = Duration.ofDays(30);
  static final String SLICE_END = "sliceEnd";
  static final String OFFSET = "offset";

  /**
   * Page sizes asked for: v3 listings, email events, form submissions, lists search, memberships.
   */
  static final int PAGE = 100;

  static final int EVENTS_PAGE = 1000;
  static final int SUBMISSIONS_PAGE = 50;
  static final int LISTS_PAGE = 500;
  static final int MEMBERSHIPS_PAGE = 250;

  private final HubSpotRestClient client;
  private final HubSpotConfig config;
  private final SyncRequest request;
  private final String object;
  private final String system;
  private SyncRun run;

  MarketingSync(HubSpotRestClient client, SyncRequest request) {
    this.client = client;
    this.config = client.config;
    this.request = request;
    this.object = request.object();
    this.system = config.descriptor.id();
  }

  SyncResult run(RecordSink sink) {
    if (!HubSpotConfig.MAP_OBJECTS.contains(object)) {
      throw new ConfigurationException(
          system,
          "sync " + object,
          "hubspot-map has no object '" + object + "'",
          "Use one of " + HubSpotConfig.MAP_OBJECTS + ", or hubspot-crm for CRM objects",
          null);
    }
    return SyncRun.run(
        client.transport,
        config.connection.clock(),
        request,
        sink,
        r -> {
          this.run = r;
          Checkpoint cp = request.mode() == SyncMode.FULL ? Checkpoint.EMPTY : r.checkpoint();
          switch (object) {
            case "marketing_emails" -> marketingEmails(cp);
            case "email_events" -> emailEvents(cp);
            case "form_submissions" -> formSubmissions(cp);
            case "email_campaigns" -> emailCampaigns(cp);
            case "campaigns" ->
                pages(
                    "/marketing/v3/campaigns",
                    Map.of("properties", "hs_name,hs_start_date,hs_end_date"),
                    this::campaign);
            case "forms" -> pages("/marketing/v3/forms", Map.of(), this::form);
            case "lists" -> allLists();
            case "list_memberships" -> memberships();
            default -> throw new IllegalStateException(object);
          }
        });
  }

  private Instant now() {
    return config.connection.clock().instant();
  }

  // ---- marketing emails

  private void marketingEmails(Checkpoint cp) {
    Instant cursor =
        cp.get(Checkpoint.CURSOR) == null ? null : Instant.parse(cp.get(Checkpoint.CURSOR));
    Set<String> ids = HubSpotSync.split(cp.get(HubSpotSync.CURSOR_IDS));
    boolean first = cursor == null;
    Instant started = now();
    String after = null;
    String call = "GET /marketing/v3/emails";
    Checkpoint keep = keepDeletes(cp);
    do {
      run.checkContinue();
      HttpUrl.Builder url =
          config
              .url("/marketing/v3/emails")
              .addQueryParameter("limit", Integer.toString(PAGE))
              .addQueryParameter("sort", "updatedAt");
      // updatedAfter is strict: ask from just before the cursor and drop the ids already delivered
      // there
      if (cursor != null)
        url.addQueryParameter("updatedAfter", HubSpotSync.iso(cursor.minusMillis(1)));
      if (after != null) url.addQueryParameter("after", after);
      List<Record> page = new ArrayList<>();
      Json.Page p = client.getPage(url.build(), "results", PAGE, page, json -> email(json, call));
      for (Record r : page) {
        int c = cursor == null ? 1 : r.modifiedAt().compareTo(cursor);
        if (c < 0 || (c == 0 && ids.contains(r.id()))) continue;
        run.emit(r);
        if (c > 0) {
          cursor = r.modifiedAt();
          ids = new LinkedHashSet<>();
        }
        ids.add(r.id());
      }
      if (cursor != null) run.checkpoint(cursorCheckpoint(keep, cursor, ids));
      after = p.string("paging.next.after");
    } while (after != null);
    if (cursor == null) run.checkpoint(keep.with(Checkpoint.CURSOR, HubSpotSync.iso(started)));
    if (first) {
      // nothing was handed over before this pull, so no delete can be owed yet
      run.checkpoint(run.checkpoint().with(HubSpotSync.DELETES_SINCE, HubSpotSync.iso(started)));
    } else if (request.includeDeletes()) {
      archivedEmails(started);
    }
  }

  private static Checkpoint keepDeletes(Checkpoint cp) {
    Checkpoint keep = Checkpoint.EMPTY;
    for (String k : List.of(HubSpotSync.DELETES_SINCE, HubSpotSync.DELETED_IDS)) {
      if (cp.get(k) != null) keep = keep.with(k, cp.get(k));
    }
    return keep;
  }

  private static Checkpoint cursorCheckpoint(Checkpoint keep, Instant cursor, Set<String> ids) {
    Checkpoint c = keep.with(Checkpoint.CURSOR, HubSpotSync.iso(cursor));
    return ids.isEmpty() ? c : c.with(HubSpotSync.CURSOR_IDS, String.join(",", ids));
  }

  private void archivedEmails(Instant started) {
    Checkpoint base = run.checkpoint();
    Instant since =
        base.get(HubSpotSync.DELETES_SINCE) == null
            ? null
            : Instant.parse(base.get(HubSpotSync.DELETES_SINCE));
    Set<String> already = HubSpotSync.split(base.get(HubSpotSync.DELETED_IDS));
    Set<String> emitted = new LinkedHashSet<>();
    String after = null;
    String call = "GET /marketing/v3/emails?archived=true";
    do {
      run.checkContinue();
      HttpUrl.Builder url =
          config
              .url("/marketing/v3/emails")
              .addQueryParameter("limit", Integer.toString(PAGE))
              .addQueryParameter("archived", "true");
      if (after != null) url.addQueryParameter("after", after);
      List<Record> page = new ArrayList<>();
      Json.Page p = client.getPage(url.build(), "results", PAGE, page, json -> email(json, call));
      for (Record r : page) {
        if (!r.isDeleted()
            || already.contains(r.id())
            || (since != null && r.modifiedAt().isBefore(since))) continue;
        run.emit(r);
        if (!r.modifiedAt().isBefore(started)) emitted.add(r.id());
      }
      after = p.string("paging.next.after");
    } while (after != null);
    Checkpoint cp =
        run.checkpoint()
            .with(HubSpotSync.DELETES_SINCE, HubSpotSync.iso(started))
            .without(HubSpotSync.DELETED_IDS);
    run.checkpoint(
        emitted.isEmpty() ? cp : cp.with(HubSpotSync.DELETED_IDS, String.join(",", emitted)));
  }

  private Record email(Map<String, Object> json, String call) {
    String id = RecordMapping.string(json.get("id"));
    Instant updated = instant(json.get("updatedAt"), call);
    if (Boolean.TRUE.equals(json.get("archived"))) {
      return Record.deleted(
          object,
          id,
          json.get("archivedAt") != null ? instant(json.get("archivedAt"), call) : updated,
          Map.of());
    }
    Map<String, Object> f = new LinkedHashMap<>();
    f.put("name", json.get("name"));
    f.put("subject", json.get("subject"));
    f.put("state", json.get("state"));
    f.put("type", json.get("type"));
    f.put(
        "publishDate",
        json.get("publishDate") == null ? null : instant(json.get("publishDate"), call));
    f.put("createdAt", json.get("createdAt") == null ? null : instant(json.get("createdAt"), call));
    return Record.adopt(object, id, updated, false, f);
  }

  // ---- email events

  private void emailEvents(Checkpoint cp) {
    Instant end = now();
    Instant start =
        cp.get(Checkpoint.CURSOR) != null
            ? Instant.parse(cp.get(Checkpoint.CURSOR))
            : end.minus(Duration.ofDays(config.eventsLookbackDays));
    String offset = cp.get(OFFSET);
    Instant sliceEnd = cp.get(SLICE_END) != null ? Instant.parse(cp.get(SLICE_END)) : null;
    String call = "GET /email/public/v1/events";
    while (!start.isAfter(end)) {
      if (sliceEnd == null) sliceEnd = min(start.plus(EVENT_SLICE).minusMillis(1), end);
      while (true) {
        run.checkContinue();
        HttpUrl.Builder url =
            config
                .url("/email/public/v1/events")
                .addQueryParameter("startTimestamp", Long.toString(start.toEpochMilli()))
                .addQueryParameter("endTimestamp", Long.toString(sliceEnd.toEpochMilli()))
                .addQueryParameter("limit", Integer.toString(EVENTS_PAGE));
        if (offset != null) url.addQueryParameter("offset", offset);
        List<Record> page = new ArrayList<>();
        Json.Page p =
            client.getPage(url.build(), "events", EVENTS_PAGE, page, json -> event(json, call));
        for (Record r : page) run.emit(r);
        boolean more = p.bool("hasMore", false) && !page.isEmpty();
        offset = more ? p.string("offset") : null;
        if (!more) break;
        run.checkpoint(
            Checkpoint.EMPTY
                .with(Checkpoint.CURSOR, HubSpotSync.iso(start))
                .with(SLICE_END, HubSpotSync.iso(sliceEnd))
                .with(OFFSET, offset));
      }
      start = sliceEnd.plusMillis(1);
      sliceEnd = null;
      run.checkpoint(Checkpoint.EMPTY.with(Checkpoint.CURSOR, HubSpotSync.iso(start)));
    }
  }

  private Record event(Map<String, Object> json, String call) {
    String id = RecordMapping.string(json.get("id"));
    Instant created = instant(json.get("created"), call);
    Map<String, Object> f = new LinkedHashMap<>();
    f.put("type", json.get("type"));
    f.put("recipient", json.get("recipient"));
    f.put("emailCampaignId", number(json.get("emailCampaignId"), call));
    f.put("appName", json.get("appName"));
    f.put("created", created);
    return Record.adopt(object, id, created, false, f);
  }

  // ---- form submissions

  private void formSubmissions(Checkpoint cp) {
    Instant watermark =
        cp.get(Checkpoint.CURSOR) == null ? null : Instant.parse(cp.get(Checkpoint.CURSOR));
    Instant started = now();
    List<String> formIds = new ArrayList<>();
    pageAll(
        "/marketing/v3/forms", Map.of(), json -> formIds.add(RecordMapping.string(json.get("id"))));
    String call = "GET /form-integrations/v1/submissions/forms";
    for (String form : formIds) {
      String after = null;
      boolean older = false;
      do {
        run.checkContinue();
        HttpUrl.Builder url =
            config
                .url("/form-integrations/v1/submissions/forms/" + form)
                .addQueryParameter("limit", Integer.toString(SUBMISSIONS_PAGE));
        if (after != null) url.addQueryParameter("after", after);
        List<Record> page = new ArrayList<>();
        Json.Page p =
            client.getPage(
                url.build(),
                "results",
                SUBMISSIONS_PAGE,
                page,
                json -> submission(form, json, call));
        for (Record r : page) {
          if (watermark != null && r.modifiedAt().isBefore(watermark)) {
            older = true; // newest first: everything after this was delivered by an earlier pull
            break;
          }
          run.emit(r);
        }
        after = p.string("paging.next.after");
      } while (after != null && !older);
    }
    run.checkpoint(Checkpoint.EMPTY.with(Checkpoint.CURSOR, HubSpotSync.iso(started)));
  }

  private Record submission(String form, Map<String, Object> json, String call) {
    Instant at = instant(json.get("submittedAt"), call);
    Map<String, Object> f = new LinkedHashMap<>();
    f.put("formId", form);
    f.put("pageUrl", json.get("pageUrl"));
    if (json.get("values") instanceof List<?> values) {
      for (Object v : values) {
        if (v instanceof Map<?, ?> m && m.get("name") != null)
          f.put("values." + m.get("name"), m.get("value"));
      }
    }
    return Record.adopt(object, RecordMapping.string(json.get("conversionId")), at, false, f);
  }

  // ---- email campaigns

  private void emailCampaigns(Checkpoint cp) {
    Instant since =
        cp.get(Checkpoint.CURSOR) == null ? null : Instant.parse(cp.get(Checkpoint.CURSOR));
    Instant started = now();
    List<String> changed = new ArrayList<>();
    String offset = null;
    String call = "GET /email/public/v1/campaigns";
    do {
      run.checkContinue();
      HttpUrl.Builder url =
          config.url("/email/public/v1/campaigns").addQueryParameter("limit", "1000");
      if (offset != null) url.addQueryParameter("offset", offset);
      Json.Page p =
          client.get(
              Activity.SYNC,
              url.build(),
              response ->
                  Json.readPage(
                      response.body().source(),
                      "campaigns",
                      json -> {
                        Instant updated =
                            json.get("lastUpdatedTime") == null
                                ? null
                                : instant(json.get("lastUpdatedTime"), call);
                        if (since == null || updated == null || !updated.isBefore(since))
                          changed.add(RecordMapping.string(json.get("id")));
                      },
                      system,
                      call));
      offset = p.bool("hasMore", false) ? p.string("offset") : null;
    } while (offset != null);
    for (String id : changed) {
      run.checkContinue();
      HttpUrl url = config.url("/email/public/v1/campaigns/" + id).build();
      Map<String, Object> json =
          client.get(
              Activity.SYNC,
              url,
              response ->
                  Json.readObject(
                      response.body().source(), system, HubSpotRestClient.call("GET", url)));
      Map<String, Object> f = new LinkedHashMap<>();
      f.put("name", json.get("name"));
      f.put("subject", json.get("subject"));
      f.put("type", json.get("type"));
      if (json.get("counters") instanceof Map<?, ?> counters) {
        counters.forEach((k, v) -> f.put("counters." + k, number(v, call)));
      }
      run.emit(Record.adopt(object, id, instant(json.get("lastUpdatedTime"), call), false, f));
    }
    run.checkpoint(Checkpoint.EMPTY.with(Checkpoint.CURSOR, HubSpotSync.iso(started)));
  }

  // ---- full reads

  @FunctionalInterface
  private interface JsonRecord {
    void accept(Map<String, Object> json);
  }

  /** Pages a v3 listing ({@code results}, {@code paging.next.after}) to its end. */
  private void pageAll(String path, Map<String, String> params, JsonRecord each) {
    String after = null;
    do {
      run.checkContinue();
      HttpUrl.Builder url = config.url(path).addQueryParameter("limit", Integer.toString(PAGE));
      params.forEach(url::addQueryParameter);
      if (after != null) url.addQueryParameter("after", after);
      HttpUrl u = url.build();
      List<Map<String, Object>> page = new ArrayList<>();
      Json.Page p = client.getPage(u, "results", PAGE, page, json -> json);
      page.forEach(each::accept);
      after = p.string("paging.next.after");
    } while (after != null);
  }

  /**
   * A listing HubSpot cannot filter by time, read in full by every pull through the kit's pager
   * with next-page tokens: each page is checkpointed with its {@code after}, so a pull the budget
   * stops resumes mid-listing tomorrow. The cursor the pager leaves is never sent as a filter.
   */
  private void pages(
      String path, Map<String, String> params, Function<Map<String, Object>, Record> map)
      throws IOException {
    CursorPager.exclusive()
        .pull(
            run,
            (from, records) -> {
              HttpUrl.Builder url =
                  config.url(path).addQueryParameter("limit", Integer.toString(PAGE));
              params.forEach(url::addQueryParameter);
              if (from.pageToken() != null) url.addQueryParameter("after", from.pageToken());
              List<Record> page = new ArrayList<>();
              Json.Page p = client.getPage(url.build(), "results", PAGE, page, map);
              page.forEach(records);
              return CursorPager.Page.next(p.string("paging.next.after"));
            });
  }

  private Record campaign(Map<String, Object> json) {
    String call = "GET /marketing/v3/campaigns";
    Map<String, Object> f = new LinkedHashMap<>();
    if (json.get("properties") instanceof Map<?, ?> props)
      props.forEach((k, v) -> f.put(k.toString(), v));
    f.put("createdAt", json.get("createdAt") == null ? null : instant(json.get("createdAt"), call));
    return Record.adopt(
        object,
        RecordMapping.string(json.get("id")),
        instant(json.get("updatedAt"), call),
        false,
        f);
  }

  private Record form(Map<String, Object> json) {
    String call = "GET /marketing/v3/forms";
    Map<String, Object> f = new LinkedHashMap<>();
    f.put("name", json.get("name"));
    f.put("formType", json.get("formType"));
    f.put("createdAt", json.get("createdAt") == null ? null : instant(json.get("createdAt"), call));
    return Record.adopt(
        object,
        RecordMapping.string(json.get("id")),
        instant(json.get("updatedAt"), call),
        Boolean.TRUE.equals(json.get("archived")),
        f);
  }

  /** Every list, through {@code POST /crm/v3/lists/search} with offset paging. */
  private void lists(JsonRecord each) {
    long offset = 0;
    HttpUrl url = config.url("/crm/v3/lists/search").build();
    String call = HubSpotRestClient.call("POST", url);
    while (true) {
      run.checkContinue();
      Map<String, Object> body =
          Map.of(
              "query",
              "",
              "processingTypes",
              List.of("MANUAL", "SNAPSHOT", "DYNAMIC"),
              "offset",
              offset,
              "count",
              LISTS_PAGE);
      List<Map<String, Object>> page = new ArrayList<>();
      Json.Page p = client.postPage(url, body, "lists", LISTS_PAGE, page, json -> json);
      page.forEach(each::accept);
      Long next = p.number("offset");
      if (!p.bool("hasMore", false) || page.isEmpty() || next == null || next <= offset) break;
      offset = next;
    }
  }

  /**
   * The {@code lists} object: {@code POST /crm/v3/lists/search} read in full through the kit's
   * pager, its offset the next-page token, so a stopped pull resumes at the page it reached.
   */
  private void allLists() throws IOException {
    HttpUrl url = config.url("/crm/v3/lists/search").build();
    CursorPager.exclusive()
        .pull(
            run,
            (from, records) -> {
              long offset = from.pageToken() == null ? 0 : Values.integer(from.pageToken());
              Map<String, Object> body =
                  Map.of(
                      "query",
                      "",
                      "processingTypes",
                      List.of("MANUAL", "SNAPSHOT", "DYNAMIC"),
                      "offset",
                      offset,
                      "count",
                      LISTS_PAGE);
              List<Record> page = new ArrayList<>();
              Json.Page p = client.postPage(url, body, "lists", LISTS_PAGE, page, this::listRecord);
              page.forEach(records);
              Long next = p.number("offset");
              boolean more =
                  p.bool("hasMore", false) && !page.isEmpty() && next != null && next > offset;
              return CursorPager.Page.next(more ? next.toString() : null);
            });
  }

  private Record listRecord(Map<String, Object> json) {
    String call = "POST /crm/v3/lists/search";
    Map<String, Object> f = new LinkedHashMap<>();
    f.put("name", json.get("name"));
    f.put("objectTypeId", json.get("objectTypeId"));
    f.put("processingType", json.get("processingType"));
    Object size =
        json.get("additionalProperties") instanceof Map<?, ?> m ? m.get("hs_list_size") : null;
    f.put("size", number(size, call));
    return Record.adopt(
        object,
        RecordMapping.string(json.get("listId")),
        instant(json.get("updatedAt"), call),
        false,
        f);
  }

  private void memberships() {
    List<String> listIds = new ArrayList<>();
    lists(json -> listIds.add(RecordMapping.string(json.get("listId"))));
    Instant started = now();
    for (String listId : listIds) {
      String call = "GET /crm/v3/lists/" + listId + "/memberships";
      String after = null;
      do {
        run.checkContinue();
        HttpUrl.Builder url =
            config
                .url("/crm/v3/lists/" + listId + "/memberships")
                .addQueryParameter("limit", Integer.toString(MEMBERSHIPS_PAGE));
        if (after != null) url.addQueryParameter("after", after);
        List<Record> page = new ArrayList<>();
        Json.Page p =
            client.getPage(
                url.build(),
                "results",
                MEMBERSHIPS_PAGE,
                page,
                json -> {
                  String recordId = RecordMapping.string(json.get("recordId"));
                  Map<String, Object> f = new LinkedHashMap<>();
                  f.put("listId", listId);
                  f.put("recordId", recordId);
                  return Record.adopt(
                      object,
                      listId + "/" + recordId,
                      instant(json.get("membershipTimestamp"), call),
                      false,
                      f);
                });
        page.forEach(run::emit);
        after = p.string("paging.next.after");
      } while (after != null);
    }
    run.checkpoint(Checkpoint.EMPTY.with(Checkpoint.CURSOR, HubSpotSync.iso(started)));
  }

  // ---- values

  private Instant instant(Object value, String call) {
    if (value == null)
      throw new ProtocolException(
          system, call, "a record without its time", "Report this to HubSpot", null);
    return Values.read(system, call, "time", value.toString(), RecordMapping::instant);
  }

  /** A count or id sent as a number; null when absent. */
  private BigDecimal number(Object value, String call) {
    return value == null
        ? null
        : Values.read(system, call, "number", value.toString(), Values::decimal);
  }

  private static Instant min(Instant a, Instant b) {
    return a.isBefore(b) ? a : b;
  }
}
