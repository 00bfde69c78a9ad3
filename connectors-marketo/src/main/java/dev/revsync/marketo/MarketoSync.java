package dev.revsync.marketo;

import dev.revsync.Activity;
import dev.revsync.Checkpoint;
import dev.revsync.Record;
import dev.revsync.SyncMode;
import dev.revsync.spi.SyncRun;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Pulls leads by REST paging. A first sync (no cursor) reads leads by id range ({@code
 * filterType=id}, 300 consecutive ids a call, from id 1 until a range comes back empty, or as many
 * in a row as the {@code scanEmptyRanges} setting says: Marketo's ids grow by one per new lead, so
 * only mass deletes leave gaps), remembering when it started; later syncs get a paging token for
 * that moment and follow the lead changes feed (the changed leads fetched by id, 300 a call) and
 * the deleted leads feed, each from its own token. Checkpoints after every page: the next id of the
 * scan, or the two tokens.
 *
 * <p>Checkpoint entries: {@code method} ({@code paging}), {@code nextId} while scanning, {@code
 * since} (ISO instant the scan began, until the tokens exist), {@code changesToken} and {@code
 * deletesToken}. Not thread-safe: one sync at a time per instance.
 */
final class MarketoSync {
  static final String METHOD = "method";
  static final String NEXT_ID = "nextId";
  static final String SINCE = "since";
  static final String CHANGES_TOKEN = "changesToken";
  static final String DELETES_TOKEN = "deletesToken";

  /**
   * Where the deleted-leads feed starts when it starts before {@link #SINCE} (after an extract).
   */
  static final String DELETES_SINCE = "deletesSince";

  private final MarketoRestClient client;
  private final RecordMapping.Shape shape;
  private final List<String> wireFields;
  private final int emptyRanges;

  /**
   * @param emptyRanges how many empty id ranges in a row end a scan
   */
  MarketoSync(MarketoRestClient client, RecordMapping.Shape shape, int emptyRanges) {
    this.client = client;
    this.emptyRanges = emptyRanges;
    this.shape = shape;
    List<String> f = new ArrayList<>();
    f.add("id");
    f.addAll(shape.names());
    if (!f.contains("updatedAt")) f.add("updatedAt");
    this.wireFields = List.copyOf(f);
  }

  void run(SyncRun run, Instant now) {
    Checkpoint cp = run.checkpoint();
    boolean fresh =
        (run.request().mode() == SyncMode.FULL && cp.get(NEXT_ID) == null)
            || (cp.get(CHANGES_TOKEN) == null && cp.get(SINCE) == null);
    if (fresh) {
      cp =
          Checkpoint.EMPTY
              .with(METHOD, "paging")
              .with(SINCE, now.truncatedTo(ChronoUnit.SECONDS).toString())
              .with(NEXT_ID, "1");
    }
    if (cp.get(NEXT_ID) != null) {
      // a scan's own changes are the next sync's: following them now would cost three calls more
      scan(run, cp);
      return;
    }
    follow(run);
  }

  /** Reads leads by id range from the checkpoint's next id until a range is empty. */
  private void scan(SyncRun run, Checkpoint start) {
    long next = Long.parseLong(start.get(NEXT_ID));
    Checkpoint cp = start;
    int empty = 0;
    while (true) {
      run.checkContinue();
      StringBuilder ids = new StringBuilder();
      for (long id = next; id < next + MarketoRestClient.PAGE; id++) {
        if (ids.length() > 0) ids.append(',');
        ids.append(id);
      }
      List<Map<String, Object>> leads = byIds(ids.toString());
      for (Map<String, Object> lead : leads)
        run.emit(RecordMapping.lead(shape, lead, "GET /rest/v1/leads.json"));
      next += MarketoRestClient.PAGE;
      empty = leads.isEmpty() ? empty + 1 : 0;
      if (empty >= emptyRanges) break;
      cp = cp.with(NEXT_ID, Long.toString(next));
      run.checkpoint(cp);
    }
    run.checkpoint(cp.without(NEXT_ID));
  }

  /**
   * Follows lead changes and deleted leads from the checkpoint's tokens (or a token for its {@code
   * since}).
   */
  private void follow(SyncRun run) {
    Checkpoint cp = run.checkpoint();
    if (cp.get(CHANGES_TOKEN) == null) {
      String token = pagingToken(cp.get(SINCE));
      String deletes = cp.get(DELETES_SINCE) == null ? token : pagingToken(cp.get(DELETES_SINCE));
      cp =
          cp.without(SINCE, DELETES_SINCE)
              .with(METHOD, "paging")
              .with(CHANGES_TOKEN, token)
              .with(DELETES_TOKEN, deletes);
      run.checkpoint(cp);
    }
    String changes = cp.get(CHANGES_TOKEN);
    String fields = String.join(",", shape.names());
    boolean more = true;
    while (more) {
      run.checkContinue();
      MarketoRestClient.Page page =
          client.get(
              Activity.SYNC,
              "/rest/v1/activities/leadchanges.json",
              Map.of(
                  "nextPageToken",
                  changes,
                  "fields",
                  fields,
                  "batchSize",
                  Integer.toString(MarketoRestClient.PAGE)));
      Set<String> ids = new LinkedHashSet<>();
      for (Map<String, Object> a : page.results()) {
        if (a.get("leadId") != null) ids.add(RecordMapping.idText(a.get("leadId")));
      }
      if (!ids.isEmpty()) {
        for (Map<String, Object> lead : byIds(String.join(",", ids))) {
          run.emit(RecordMapping.lead(shape, lead, "GET /rest/v1/leads.json"));
        }
      }
      more = page.moreResult();
      if (page.nextPageToken() != null) changes = page.nextPageToken();
      cp = cp.with(CHANGES_TOKEN, changes);
      run.checkpoint(cp);
    }
    if (!run.request().includeDeletes()) return;
    String deletes = cp.get(DELETES_TOKEN);
    more = true;
    while (more) {
      run.checkContinue();
      MarketoRestClient.Page page =
          client.get(
              Activity.SYNC,
              "/rest/v1/activities/deletedleads.json",
              Map.of(
                  "nextPageToken", deletes, "batchSize", Integer.toString(MarketoRestClient.PAGE)));
      for (Map<String, Object> a : page.results()) {
        if (a.get("leadId") == null) continue;
        Instant at =
            RecordMapping.instant(
                a.get("activityDate"), "activityDate", "GET /rest/v1/activities/deletedleads.json");
        run.emit(
            Record.deleted(shape.object(), RecordMapping.idText(a.get("leadId")), at, Map.of()));
      }
      more = page.moreResult();
      if (page.nextPageToken() != null) deletes = page.nextPageToken();
      cp = cp.with(DELETES_TOKEN, deletes);
      run.checkpoint(cp);
    }
  }

  private String pagingToken(String since) {
    return client
        .get(Activity.SYNC, "/rest/v1/activities/pagingtoken.json", Map.of("sinceDatetime", since))
        .nextPageToken();
  }

  private List<Map<String, Object>> byIds(String ids) {
    return client
        .get(
            Activity.SYNC,
            "/rest/v1/leads.json",
            Map.of(
                "filterType",
                "id",
                "filterValues",
                ids,
                "fields",
                String.join(",", wireFields),
                "batchSize",
                Integer.toString(MarketoRestClient.PAGE)))
        .results();
  }
}
