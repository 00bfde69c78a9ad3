package dev.revsync.hubspot;

import dev.revsync.Activity;
import dev.revsync.Checkpoint;
import dev.revsync.Record;
import dev.revsync.RecordSink;
import dev.revsync.SyncMode;
import dev.revsync.SyncRequest;
import dev.revsync.SyncResult;
import dev.revsync.spi.Json;
import dev.revsync.spi.RecordShape;
import dev.revsync.spi.SyncRun;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import okhttp3.HttpUrl;

/**
 * {@code hubspot-crm} pulls. A full pull, and an incremental one with no cursor yet, list the
 * object by id (100 a page, every property, split over a batch read when the names do not fit one
 * URL); the listing's start time becomes the cursor. Incremental pulls then search on the
 * last-modified property ({@code lastmodifieddate} for contacts, {@code hs_lastmodifieddate} for
 * the rest), 200 a page sorted ascending, and move the window to the last timestamp seen before the
 * 10,000-result cap; the ids already delivered at that timestamp are kept (in the checkpoint too),
 * so equal timestamps lose nothing whatever order HubSpot gives ties. Should a whole window share
 * one timestamp, the pull pages that timestamp by {@code hs_object_id}. Deletes come from the
 * archived listing: archived since the last pull, less those already handed over.
 *
 * <p>Not thread-safe: one instance per sync.
 */
final class HubSpotSync {
  static final int LIST_LIMIT = 100;
  static final int SEARCH_LIMIT = 200;
  static final String PHASE = "phase";
  static final String AFTER = "after";
  static final String STARTED = "started";
  static final String CURSOR_IDS = "cursorIds";
  static final String EXCLUSIVE = "cursorExclusive";
  static final String DELETES_SINCE = "deletesSince";
  static final String DELETED_IDS = "deletedIds";

  private final HubSpotRestClient client;
  private final HubSpotConfig config;
  private final String system;
  private final String type;
  private final SyncRequest request;
  private RecordMapping mapping;
  private List<String> properties;
  private SyncRun run;

  HubSpotSync(HubSpotRestClient client, SyncRequest request) {
    this.client = client;
    this.config = client.config;
    this.system = config.descriptor.id();
    this.type = request.object();
    this.request = request;
  }

  static String modifiedProperty(String type) {
    return type.equals("contacts") || type.equals("0-1")
        ? "lastmodifieddate"
        : "hs_lastmodifieddate";
  }

  SyncResult run(RecordSink sink) {
    return SyncRun.run(
        client.transport,
        config.connection.clock(),
        request,
        sink,
        r -> {
          this.run = r;
          mapping =
              new RecordMapping(
                  config.descriptor.id(),
                  type,
                  HubSpotProperties.load(client, type, Activity.SYNC));
          properties = chosenProperties();
          Checkpoint cp = r.checkpoint();
          boolean resumingList = "list".equals(cp.get(PHASE));
          if (request.mode() == SyncMode.FULL
              || cp.get(Checkpoint.CURSOR) == null
              || resumingList) {
            list(resumingList ? cp : Checkpoint.EMPTY);
            return;
          }
          search(cp);
          if (request.includeDeletes()) deletes();
        });
  }

  /**
   * The properties to ask for: the request's fields, or every property; the cursor property always.
   */
  private List<String> chosenProperties() {
    List<String> chosen = new ArrayList<>();
    if (request.fields().isEmpty()) {
      chosen.addAll(mapping.props().keySet());
    } else {
      for (String f : request.fields()) if (!f.startsWith("associations.")) chosen.add(f);
    }
    String modified = modifiedProperty(type);
    if (!chosen.contains(modified) && mapping.props().containsKey(modified)) chosen.add(modified);
    return chosen;
  }

  private List<String> associations() {
    List<String> out = new ArrayList<>();
    String option = request.option("associations");
    if (option != null) for (String a : option.split(",")) if (!a.isBlank()) out.add(a.strip());
    for (String f : request.fields())
      if (f.startsWith("associations.")) out.add(f.substring("associations.".length()));
    return out;
  }

  // ---- full listing

  private void list(Checkpoint cp) {
    String started = cp.get(STARTED) != null ? cp.get(STARTED) : iso(now());
    String after = "list".equals(cp.get(PHASE)) ? cp.get(AFTER) : null;
    List<List<String>> chunks = chunks(properties);
    List<String> associations = associations();
    RecordMapping.Crm crm = mapping.crm(properties, associations, "GET /crm/v3/objects/" + type);
    while (true) {
      run.checkContinue();
      HttpUrl.Builder url =
          config
              .url("/crm/v3/objects/" + type)
              .addQueryParameter("limit", Integer.toString(LIST_LIMIT))
              .addQueryParameter("archived", "false")
              .addQueryParameter("properties", String.join(",", chunks.get(0)));
      if (!associations.isEmpty())
        url.addQueryParameter("associations", String.join(",", associations));
      if (after != null) url.addQueryParameter("after", after);
      HttpUrl u = url.build();
      List<Object[]> page = new ArrayList<>(LIST_LIMIT);
      Json.Page p = client.getPage(u, crm.shape(), LIST_LIMIT, page);
      if (chunks.size() > 1 && !page.isEmpty()) addRemainingProperties(page, chunks, crm);
      for (Object[] values : page) run.emit(crm.record(values));
      after = p.string("paging.next.after");
      if (after == null) break;
      run.checkpoint(
          Checkpoint.EMPTY.with(PHASE, "list").with(AFTER, after).with(STARTED, started));
    }
    // the listing's start is the cursor: anything changed since is for the next (incremental) pull
    run.checkpoint(Checkpoint.EMPTY.with(Checkpoint.CURSOR, started).with(DELETES_SINCE, started));
  }

  /** Property names split so that each list URL stays inside the URL-length limit. */
  private List<List<String>> chunks(List<String> names) {
    // the rest of a list URL (path, limit, archived, after) takes about 120 characters
    int budget = Math.max(30, config.maxUrlLength - config.baseUrl.toString().length() - 120);
    List<List<String>> chunks = new ArrayList<>();
    List<String> current = new ArrayList<>();
    int length = 0;
    for (String n : names) {
      int add = n.length() + 3; // an encoded comma
      if (!current.isEmpty() && length + add > budget) {
        chunks.add(current);
        current = new ArrayList<>();
        length = 0;
      }
      current.add(n);
      length += add;
    }
    if (!current.isEmpty() || chunks.isEmpty()) chunks.add(current);
    return chunks;
  }

  /**
   * One batch read brings the properties that did not fit the list URL (a POST body has no such
   * limit), read against the same shape into each record's values.
   */
  private void addRemainingProperties(
      List<Object[]> page, List<List<String>> chunks, RecordMapping.Crm crm) {
    List<String> rest = new ArrayList<>();
    for (int i = 1; i < chunks.size(); i++) rest.addAll(chunks.get(i));
    RecordShape shape = crm.shape();
    int[] restSlots =
        rest.stream().mapToInt(shape::indexOf).filter(i -> i >= 0 && i < shape.size()).toArray();
    List<Map<String, String>> inputs = new ArrayList<>();
    Map<String, Object[]> byId = new LinkedHashMap<>();
    for (Object[] values : page) {
      String id = crm.id(values);
      inputs.add(Map.of("id", id));
      byId.put(id, values);
    }
    HttpUrl u = config.url("/crm/v3/objects/" + type + "/batch/read").build();
    client.post(
        Activity.SYNC,
        u,
        Map.of("properties", rest, "inputs", inputs),
        response ->
            Json.readPage(
                response.body().source(),
                "results",
                shape,
                more -> {
                  Object[] target = byId.get(crm.id(more));
                  if (target == null) return;
                  // what the batch sent wins, as it did when maps were merged
                  for (int i = 0; i < shape.size(); i++) if (more[i] != null) target[i] = more[i];
                  for (int i : restSlots) target[i] = more[i];
                },
                config.descriptor.id(),
                HubSpotRestClient.call("POST", u)));
  }

  // ---- incremental search

  private void search(Checkpoint cp) {
    String modified = modifiedProperty(type);
    Instant cursor = Instant.parse(cp.get(Checkpoint.CURSOR));
    boolean exclusive = "true".equals(cp.get(EXCLUSIVE));
    Set<String> ids = split(cp.get(CURSOR_IDS));
    String tieId = cp.get(Checkpoint.CURSOR_ID);
    if (config.searchOverlapSeconds > 0 && tieId == null) {
      // search reads an index that lags writes: look back a little, at the price of re-reading
      // those records
      cursor = cursor.minusSeconds(config.searchOverlapSeconds);
      exclusive = false;
      ids = new LinkedHashSet<>();
    }
    // whether the ids at the cursor arrived in ascending order, so paging them by id can start
    // after the last
    boolean ascending = ids.isEmpty();
    String lastAtCursor = null;
    Checkpoint keep = Checkpoint.EMPTY;
    for (String k : List.of(DELETES_SINCE, DELETED_IDS))
      if (cp.get(k) != null) keep = keep.with(k, cp.get(k));
    HttpUrl url = config.url("/crm/v3/objects/" + type + "/search").build();
    String call = HubSpotRestClient.call("POST", url);
    RecordMapping.Crm crm = mapping.crm(properties, List.of(), call);
    while (true) {
      // the window's query stays fixed while it is paged by offset; the cursor moves inside it
      Instant windowStart = cursor;
      boolean windowExclusive = exclusive;
      String windowTieId = tieId;
      int offset = 0;
      while (true) {
        run.checkContinue();
        Map<String, Object> body = new LinkedHashMap<>();
        List<Map<String, Object>> filters = new ArrayList<>();
        if (windowTieId != null) {
          filters.add(filter(modified, "EQ", windowStart));
          filters.add(
              Map.of("propertyName", "hs_object_id", "operator", "GT", "value", windowTieId));
          body.put(
              "sorts", List.of(Map.of("propertyName", "hs_object_id", "direction", "ASCENDING")));
        } else {
          filters.add(filter(modified, windowExclusive ? "GT" : "GTE", windowStart));
          body.put("sorts", List.of(Map.of("propertyName", modified, "direction", "ASCENDING")));
        }
        body.put("filterGroups", List.of(Map.of("filters", filters)));
        body.put("properties", properties);
        body.put("limit", SEARCH_LIMIT);
        body.put("after", Integer.toString(offset));
        List<Object[]> page = new ArrayList<>(SEARCH_LIMIT);
        Json.Page p = client.searchPage(url, body, crm.shape(), SEARCH_LIMIT, page);
        for (Object[] values : page) {
          Record r = crm.record(values);
          String id = r.id();
          if (windowTieId != null) { // every record here is at the cursor, in id order
            tieId = id;
            if (ids.contains(id)) continue;
            run.emit(r);
            if (!ascending) ids.add(id);
            continue;
          }
          Instant at = modifiedAt(r);
          int c = at.compareTo(cursor);
          if (c < 0 || (c == 0 && (exclusive || ids.contains(id)))) continue; // delivered before
          run.emit(r);
          if (c > 0) {
            cursor = at;
            exclusive = false;
            ids = new LinkedHashSet<>();
            ascending = true;
            lastAtCursor = null;
          }
          if (lastAtCursor != null && compareIds(id, lastAtCursor) <= 0) ascending = false;
          lastAtCursor = id;
          ids.add(id);
        }
        Long total = p.number("total");
        if (total != null && offset == 0) run.backlogEstimate(Math.max(0, total - page.size()));
        run.checkpoint(
            searchCheckpoint(keep, cursor, exclusive, ids, windowTieId != null ? tieId : null));
        String next = p.string("paging.next.after");
        if (next == null || page.isEmpty()) {
          if (windowTieId == null) return;
          // every record at the tied timestamp is delivered: go on after it
          tieId = null;
          exclusive = true;
          ids = new LinkedHashSet<>();
          run.checkpoint(searchCheckpoint(keep, cursor, true, ids, null));
          break;
        }
        offset = Integer.parseInt(next.strip());
        if (offset >= config.searchCap) {
          // the cap: a new window from the last timestamp seen; when a page or more shares that
          // timestamp, page it by id instead, after the last id if they came in id order
          if (windowTieId == null && ids.size() >= SEARCH_LIMIT) {
            tieId = ascending ? lastAtCursor : "0";
            if (ascending) ids = new LinkedHashSet<>();
          }
          break;
        }
      }
    }
  }

  private static int compareIds(String a, String b) {
    return a.length() != b.length() ? Integer.compare(a.length(), b.length()) : a.compareTo(b);
  }

  private Instant modifiedAt(Record r) {
    Object v = r.get(modifiedProperty(type));
    return v instanceof Instant at ? at : r.modifiedAt();
  }

  private static Map<String, Object> filter(String property, String operator, Instant at) {
    return Map.of(
        "propertyName", property, "operator", operator, "value", Long.toString(at.toEpochMilli()));
  }

  private static Checkpoint searchCheckpoint(
      Checkpoint keep, Instant cursor, boolean exclusive, Set<String> ids, String tieId) {
    Checkpoint cp = keep.with(Checkpoint.CURSOR, iso(cursor));
    if (exclusive) cp = cp.with(EXCLUSIVE, "true");
    if (!ids.isEmpty()) cp = cp.with(CURSOR_IDS, String.join(",", ids));
    if (tieId != null) cp = cp.with(Checkpoint.CURSOR_ID, tieId);
    return cp;
  }

  // ---- deletes

  private void deletes() {
    Checkpoint base = run.checkpoint();
    Instant since = base.get(DELETES_SINCE) == null ? null : Instant.parse(base.get(DELETES_SINCE));
    Set<String> already = split(base.get(DELETED_IDS));
    Instant started = now();
    Set<String> emittedSinceStart = new LinkedHashSet<>();
    String after = null;
    String call = "GET /crm/v3/objects/" + type + "?archived=true";
    RecordMapping.Crm crm = mapping.crm(List.of(modifiedProperty(type)), List.of(), call);
    do {
      run.checkContinue();
      HttpUrl.Builder url =
          config
              .url("/crm/v3/objects/" + type)
              .addQueryParameter("limit", Integer.toString(LIST_LIMIT))
              .addQueryParameter("archived", "true")
              .addQueryParameter("properties", modifiedProperty(type));
      if (after != null) url.addQueryParameter("after", after);
      List<Object[]> page = new ArrayList<>(LIST_LIMIT);
      Json.Page p = client.getPage(url.build(), crm.shape(), LIST_LIMIT, page);
      for (Object[] values : page) {
        Record r = crm.record(values);
        if (!r.isDeleted() || already.contains(r.id())) continue;
        if (since != null && r.modifiedAt().isBefore(since)) continue;
        run.emit(r);
        if (!r.modifiedAt().isBefore(started)) emittedSinceStart.add(r.id());
      }
      after = p.string("paging.next.after");
    } while (after != null);
    Checkpoint cp = run.checkpoint().with(DELETES_SINCE, iso(started)).without(DELETED_IDS);
    if (!emittedSinceStart.isEmpty())
      cp = cp.with(DELETED_IDS, String.join(",", emittedSinceStart));
    run.checkpoint(cp);
  }

  private Instant now() {
    return config.connection.clock().instant().truncatedTo(ChronoUnit.MILLIS);
  }

  static String iso(Instant at) {
    return at.truncatedTo(ChronoUnit.MILLIS).toString();
  }

  static Set<String> split(String csv) {
    Set<String> out = new LinkedHashSet<>();
    if (csv != null) for (String s : csv.split(",")) if (!s.isBlank()) out.add(s.strip());
    return out;
  }
}
