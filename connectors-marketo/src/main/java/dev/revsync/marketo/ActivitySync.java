package dev.revsync.marketo;

import dev.revsync.Activity;
import dev.revsync.Checkpoint;
import dev.revsync.Record;
import dev.revsync.spi.Json;
import dev.revsync.spi.SyncRun;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Pulls activities from a paging token: the activity types are read once per sync and split into
 * groups of at most 10 (Marketo's cap per call), each group read from its own token until {@code
 * moreResult} is false (a page may be short, even empty, while more follow). The checkpoint keeps
 * every group's token, comma-separated, after every page; the last tokens are the next sync's
 * start. The first sync starts at option {@code since}, else 30 days back. Not thread-safe: one
 * sync at a time per instance.
 */
final class ActivitySync {
  static final String TOKENS = "activityTokens";
  static final String GROUPS = "activityGroups";
  static final int MAX_TYPES_PER_CALL = 10;
  static final Duration DEFAULT_HISTORY = Duration.ofDays(30);
  private static final String CALL = "GET /rest/v1/activities.json";

  private final MarketoRestClient client;

  ActivitySync(MarketoRestClient client) {
    this.client = client;
  }

  void run(SyncRun run, Instant since, Instant now) {
    List<String> groups = groups();
    Checkpoint cp = run.checkpoint();
    String joinedGroups = String.join(";", groups);
    List<String> tokens = new ArrayList<>();
    if (cp.get(TOKENS) != null && joinedGroups.equals(cp.get(GROUPS))) {
      tokens.addAll(List.of(cp.get(TOKENS).split(",", -1)));
    } else {
      String saved = cp.get(MarketoSync.SINCE); // an activity extract ended there
      Instant start =
          since != null ? since : saved != null ? Instant.parse(saved) : now.minus(DEFAULT_HISTORY);
      String first =
          client
              .get(
                  Activity.SYNC,
                  "/rest/v1/activities/pagingtoken.json",
                  Map.of("sinceDatetime", start.truncatedTo(ChronoUnit.SECONDS).toString()))
              .nextPageToken();
      for (int i = 0; i < groups.size(); i++) tokens.add(first);
      cp =
          Checkpoint.EMPTY
              .with(MarketoSync.METHOD, "paging")
              .with(GROUPS, joinedGroups)
              .with(TOKENS, String.join(",", tokens));
      run.checkpoint(cp);
    }
    for (int g = 0; g < groups.size(); g++) {
      boolean more = true;
      while (more) {
        run.checkContinue();
        MarketoRestClient.Page page =
            client.get(
                Activity.SYNC,
                "/rest/v1/activities.json",
                Map.of(
                    "nextPageToken",
                    tokens.get(g),
                    "activityTypeIds",
                    groups.get(g),
                    "batchSize",
                    Integer.toString(MarketoRestClient.PAGE)));
        for (Map<String, Object> a : page.results()) run.emit(record(a));
        more = page.moreResult();
        if (page.nextPageToken() != null) tokens.set(g, page.nextPageToken());
        cp = cp.with(TOKENS, String.join(",", tokens));
        run.checkpoint(cp);
      }
    }
  }

  /** Activity type ids, sorted, in comma-separated groups of at most ten. */
  private List<String> groups() {
    List<Long> ids = new ArrayList<>();
    for (Map<String, Object> t :
        client.get(Activity.SYNC, "/rest/v1/activities/types.json", Map.of()).results()) {
      if (t.get("id") instanceof Number) ids.add(((Number) t.get("id")).longValue());
    }
    ids.sort(null);
    List<String> groups = new ArrayList<>();
    for (int i = 0; i < ids.size(); i += MAX_TYPES_PER_CALL) {
      StringBuilder b = new StringBuilder();
      for (Long id : ids.subList(i, Math.min(ids.size(), i + MAX_TYPES_PER_CALL))) {
        if (b.length() > 0) b.append(',');
        b.append(id);
      }
      groups.add(b.toString());
    }
    return groups;
  }

  static Record record(Map<String, Object> a) {
    Object key = a.get("marketoGUID") != null ? a.get("marketoGUID") : a.get("id");
    Instant at = RecordMapping.instant(a.get("activityDate"), "activityDate", CALL);
    Map<String, Object> fields = new LinkedHashMap<>();
    fields.put("leadId", a.get("leadId"));
    fields.put("activityDate", at);
    fields.put("activityTypeId", a.get("activityTypeId"));
    fields.put("campaignId", a.get("campaignId"));
    fields.put("primaryAttributeValueId", a.get("primaryAttributeValueId"));
    fields.put(
        "primaryAttributeValue",
        a.get("primaryAttributeValue") == null ? null : a.get("primaryAttributeValue").toString());
    fields.put("attributes", a.get("attributes") == null ? null : Json.toJson(a.get("attributes")));
    return Record.adopt(MarketoObjects.ACTIVITY, RecordMapping.idText(key), at, false, fields);
  }
}
