package dev.revsync.marketo;

import dev.revsync.Activity;
import dev.revsync.Checkpoint;
import dev.revsync.FieldSchema;
import dev.revsync.ObjectSchema;
import dev.revsync.Record;
import dev.revsync.spi.SyncRun;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Programs, smart campaigns, static lists and static list memberships: small sets with no change
 * feed, read whole every sync. The asset API pages by {@code maxReturn} (200) and {@code offset}
 * and answers past the end with a warning and no result; the lead database's lists page by token.
 * Memberships read each list's leads ({@code fields=id,updatedAt}, 300 a call), one record per
 * (list, lead). Stateless and thread-safe.
 */
final class AssetSync {
  static final int ASSET_PAGE = 200;

  private final MarketoRestClient client;

  AssetSync(MarketoRestClient client) {
    this.client = client;
  }

  void run(SyncRun run, String object, Instant now) {
    switch (object) {
      case MarketoObjects.PROGRAM ->
          byOffset(run, "/rest/asset/v1/programs.json", MarketoObjects.PROGRAM_SCHEMA);
      case MarketoObjects.SMART_CAMPAIGN ->
          byOffset(run, "/rest/asset/v1/smartCampaigns.json", MarketoObjects.SMART_CAMPAIGN_SCHEMA);
      case MarketoObjects.STATIC_LIST -> {
        for (Map<String, Object> list : lists(run))
          run.emit(record(MarketoObjects.STATIC_LIST_SCHEMA, list));
      }
      default -> memberships(run);
    }
    run.checkpoint(Checkpoint.EMPTY.with("syncedAt", now.toString()));
  }

  private void byOffset(SyncRun run, String path, ObjectSchema schema) {
    int offset = 0;
    while (true) {
      run.checkContinue();
      MarketoRestClient.Page page =
          client.get(
              Activity.SYNC,
              path,
              Map.of(
                  "maxReturn", Integer.toString(ASSET_PAGE), "offset", Integer.toString(offset)));
      for (Map<String, Object> asset : page.results()) run.emit(record(schema, asset));
      if (page.results().size() < ASSET_PAGE) return;
      offset += ASSET_PAGE;
    }
  }

  private List<Map<String, Object>> lists(SyncRun run) {
    List<Map<String, Object>> all = new ArrayList<>();
    String token = null;
    do {
      run.checkContinue();
      Map<String, String> q = new HashMap<>();
      q.put("batchSize", Integer.toString(MarketoRestClient.PAGE));
      if (token != null) q.put("nextPageToken", token);
      MarketoRestClient.Page page = client.get(Activity.SYNC, "/rest/v1/lists.json", q);
      all.addAll(page.results());
      token = page.moreResult() ? page.nextPageToken() : null;
    } while (token != null);
    return all;
  }

  private void memberships(SyncRun run) {
    for (Map<String, Object> list : lists(run)) {
      String listId = RecordMapping.idText(list.get("id"));
      String token = null;
      do {
        run.checkContinue();
        Map<String, String> q = new HashMap<>();
        q.put("fields", "id,updatedAt");
        q.put("batchSize", Integer.toString(MarketoRestClient.PAGE));
        if (token != null) q.put("nextPageToken", token);
        MarketoRestClient.Page page =
            client.get(Activity.SYNC, "/rest/v1/lists/" + listId + "/leads.json", q);
        for (Map<String, Object> lead : page.results()) {
          String leadId = RecordMapping.idText(lead.get("id"));
          Map<String, Object> fields = new LinkedHashMap<>();
          fields.put("listId", Long.parseLong(listId));
          fields.put("leadId", Long.parseLong(leadId));
          Instant at =
              lead.get("updatedAt") == null
                  ? null
                  : RecordMapping.instant(
                      lead.get("updatedAt"), "updatedAt", "GET /rest/v1/lists/{id}/leads.json");
          run.emit(
              Record.adopt(
                  MarketoObjects.LIST_MEMBERSHIP, listId + ":" + leadId, at, false, fields));
        }
        token = page.moreResult() ? page.nextPageToken() : null;
      } while (token != null);
    }
  }

  private static Record record(ObjectSchema schema, Map<String, Object> json) {
    String call = "sync " + schema.name();
    Map<String, Object> fields = new LinkedHashMap<>();
    for (FieldSchema f : schema.fields()) {
      if (f.name().equals("id")) continue;
      fields.put(f.name(), RecordMapping.convert(f.type(), json.get(f.name()), f.name(), call));
    }
    Object updated = fields.get("updatedAt");
    return Record.adopt(
        schema.name(),
        RecordMapping.idText(json.get("id")),
        updated instanceof Instant ? (Instant) updated : null,
        false,
        fields);
  }
}
