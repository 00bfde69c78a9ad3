package dev.revsync.dynamics;

import dev.revsync.Activity;
import dev.revsync.Checkpoint;
import dev.revsync.Record;
import dev.revsync.RecordSink;
import dev.revsync.SyncMode;
import dev.revsync.SyncRequest;
import dev.revsync.SyncResult;
import dev.revsync.TransientException;
import dev.revsync.VendorApiException;
import dev.revsync.spi.Json;
import dev.revsync.spi.Sleeper;
import dev.revsync.spi.SyncRun;
import dev.revsync.spi.Transport;
import java.time.Clock;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.time.temporal.ChronoUnit;
import java.util.Arrays;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import okhttp3.HttpUrl;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Pulls one table in pages of {@code odata.maxpagesize} (5,000), following {@code @odata.nextLink}
 * verbatim and checkpointing after every page.
 *
 * <ul>
 *   <li>Tables with change tracking: the first sync asks {@code Prefer: odata.track-changes} and
 *       keeps the final {@code @odata.deltaLink}; later syncs GET it and hand over changed rows
 *       and {@code $deletedEntity} rows as deleted records. A delta link the service refuses
 *       (expired after the org's retention, or unknown) starts a full resync of the table, which
 *       the checkpoint states under {@value #FULL_RESYNC} and the log repeats.
 *   <li>Other tables: {@code $filter=modifiedon ge <cursor>} ordered by modifiedon then the
 *       primary id; rows at the cursor's second already handed over (kept in the checkpoint) are
 *       dropped, so a second holding more rows than a page loses and repeats nothing. How
 *       Dataverse orders GUIDs is not relied on.
 * </ul>
 *
 * <p>One instance per connection; each sync runs on its caller's thread.
 */
final class DynamicsSync {
  /** Checkpoint keys. */
  static final String NEXT_LINK = "nextLink";
  static final String DELTA_LINK = "deltaLink";
  static final String TIES = "cursorIds";
  static final String FULL_RESYNC = "fullResync";

  private static final Logger LOG = LoggerFactory.getLogger(DynamicsSync.class);
  private static final int MAX_THROTTLED_ROUNDS = 20;

  private final DynamicsConfig config;
  private final DynamicsRestClient client;
  private final Transport transport;
  private final Clock clock;
  private final DynamicsErrors errors;

  DynamicsSync(DynamicsConfig config, DynamicsRestClient client, Transport transport, Clock clock, DynamicsErrors errors) {
    this.config = config;
    this.client = client;
    this.transport = transport;
    this.clock = clock;
    this.errors = errors;
  }

  SyncResult sync(SyncRequest request, RecordSink sink) {
    return SyncRun.run(transport, clock, request, sink, run -> {
      TableInfo table = client.table(request.object(), Activity.SYNC);
      Checkpoint start = request.mode() == SyncMode.FULL ? Checkpoint.EMPTY : run.checkpoint().without(FULL_RESYNC);
      if (table.changeTracking()) tracked(run, table, start);
      else byModifiedOn(run, table, start);
    });
  }

  private String maxPageSize() {
    return "odata.maxpagesize=" + config.pageSize();
  }

  private HttpUrl collection(TableInfo table, List<String> select) {
    return client.serviceRoot().newBuilder().addPathSegment(table.entitySetName())
        .addQueryParameter("$select", String.join(",", select)).build();
  }

  private void tracked(SyncRun run, TableInfo table, Checkpoint start) throws InterruptedException {
    List<String> select = table.select(run.request().fields());
    RecordMapping mapping = new RecordMapping(table, "GET " + table.entitySetName() + " (change tracking)");
    Checkpoint cp = start;
    String link = cp.get(NEXT_LINK) != null ? cp.get(NEXT_LINK) : cp.get(DELTA_LINK);
    boolean fromStoredLink = link != null;
    HttpUrl url = link != null ? HttpUrl.parse(link) : collection(table, select);
    if (url == null) {
      cp = resync(table, "the stored link is not a URL");
      url = collection(table, select);
      fromStoredLink = false;
    }
    while (url != null) {
      run.checkContinue();
      Instant seenAt = clock.instant().truncatedTo(ChronoUnit.SECONDS);
      Json.Page page;
      try {
        HttpUrl pageUrl = url;
        page = throttled(run, () -> client.get(Activity.SYNC, pageUrl, maxPageSize() + ",odata.track-changes",
            response -> Json.readPage(response.body().source(), "value", row -> {
              if (RecordMapping.isDeletion(row)) {
                if (run.request().includeDeletes()) run.emit(mapping.deletion(row, seenAt));
              } else {
                run.emit(mapping.toRecord(row));
              }
            }, DynamicsConfig.SYSTEM, "GET " + table.entitySetName())));
      } catch (VendorApiException e) {
        if (!fromStoredLink || !refusedLink(e)) throw e;
        cp = resync(table, "the service refused the stored change-tracking link (" + e.httpStatus() + " "
            + e.vendorCode() + ": " + e.vendorMessage() + ")");
        run.checkpoint(cp);
        url = collection(table, select);
        fromStoredLink = false;
        continue;
      }
      String next = page.string("@odata.nextLink");
      String delta = page.string("@odata.deltaLink");
      cp = cp.without(NEXT_LINK, DELTA_LINK);
      if (next != null) cp = cp.with(NEXT_LINK, next);
      else if (delta != null) cp = cp.with(DELTA_LINK, delta);
      else {
        throw new dev.revsync.ProtocolException(DynamicsConfig.SYSTEM, "GET " + table.entitySetName(),
            "a change-tracking page has neither @odata.nextLink nor @odata.deltaLink",
            "Report this to Microsoft support with the request id", null);
      }
      run.checkpoint(cp);
      url = next == null ? null : HttpUrl.parse(next);
      fromStoredLink = true;
    }
  }

  /** A 4xx on a stored delta or next link: the token expired or is unknown, so only a full read helps. */
  private static boolean refusedLink(VendorApiException e) {
    int s = e.httpStatus();
    return s == 400 || s == 404 || s == 410 || s == 422;
  }

  private Checkpoint resync(TableInfo table, String reason) {
    String stated = clock.instant().truncatedTo(ChronoUnit.SECONDS) + ": " + reason + "; full resync of "
        + table.logicalName();
    LOG.warn("revsync: {}: sync {}: {}; rows deleted since the last sync will not be reported as deletes",
        DynamicsConfig.SYSTEM, table.logicalName(), stated);
    return Checkpoint.EMPTY.with(FULL_RESYNC, stated);
  }

  private void byModifiedOn(SyncRun run, TableInfo table, Checkpoint start) throws InterruptedException {
    List<String> select = table.select(run.request().fields());
    RecordMapping mapping = new RecordMapping(table, "GET " + table.entitySetName());
    Instant cursor = instant(start.get(Checkpoint.CURSOR));
    Set<String> ties = new LinkedHashSet<>();
    String stored = start.get(TIES);
    if (stored != null && !stored.isEmpty()) ties.addAll(Arrays.asList(stored.split(",")));
    Instant firstCursor = cursor;
    Set<String> firstTies = Set.copyOf(ties);
    String link = start.get(NEXT_LINK);
    HttpUrl url;
    if (link != null && HttpUrl.parse(link) != null) {
      url = HttpUrl.parse(link);
    } else {
      HttpUrl.Builder b = collection(table, select).newBuilder()
          .addQueryParameter("$orderby", RecordMapping.MODIFIED_ON + " asc," + table.primaryId() + " asc");
      if (cursor != null) b.addQueryParameter("$filter", RecordMapping.MODIFIED_ON + " ge " + cursor);
      url = b.build();
    }
    Instant[] second = {cursor};
    Set<String> idsAtSecond = ties;
    while (url != null) {
      run.checkContinue();
      HttpUrl pageUrl = url;
      Json.Page page = throttled(run, () -> client.get(Activity.SYNC, pageUrl, maxPageSize(), response ->
          Json.readPage(response.body().source(), "value", row -> {
            Record r = mapping.toRecord(row);
            Instant m = r.modifiedAt();
            if (m == null) {
              throw new dev.revsync.ProtocolException(DynamicsConfig.SYSTEM, "GET " + table.entitySetName(),
                  "a row has no modifiedon", "Select modifiedon (the connector does unless fields exclude it)", null);
            }
            boolean already = firstCursor != null && m.equals(firstCursor) && firstTies.contains(r.id());
            if (second[0] == null || m.isAfter(second[0])) {
              second[0] = m;
              idsAtSecond.clear();
            }
            idsAtSecond.add(r.id());
            if (!already) run.emit(r);
          }, DynamicsConfig.SYSTEM, "GET " + table.entitySetName())));
      String next = page.string("@odata.nextLink");
      Checkpoint cp = Checkpoint.EMPTY;
      if (second[0] != null) {
        cp = cp.with(Checkpoint.CURSOR, second[0].toString()).with(TIES, String.join(",", idsAtSecond));
      }
      if (next != null) cp = cp.with(NEXT_LINK, next);
      run.checkpoint(cp);
      url = next == null ? null : HttpUrl.parse(next);
    }
  }

  /**
   * Runs a page call again when service protection outlasted the transport's attempts (each of
   * which waited the answer's {@code Retry-After}): throttling is waited out, never a failed sync.
   * The deadline and cancellation are checked between rounds; after {@value #MAX_THROTTLED_ROUNDS}
   * rounds the service is taken to be down and the call's exception ends the sync (resumable).
   */
  private <T> T throttled(SyncRun run, java.util.function.Supplier<T> call) throws InterruptedException {
    for (int round = 1; ; round++) {
      try {
        return call.get();
      } catch (TransientException e) {
        if (round >= MAX_THROTTLED_ROUNDS || !String.valueOf(e.getMessage()).contains("HTTP 429")) throw e;
        // the transport gave up without waiting out the last answer's Retry-After: honour it here
        java.time.Duration wait = errors.lastRetryAfter();
        LOG.info("revsync: {}: still throttled after the transport's attempts (round {}); waiting {}",
            DynamicsConfig.SYSTEM, round, wait);
        run.checkContinue();
        if (wait != null) Sleeper.forClock(clock).sleep(wait);
        run.checkContinue();
      }
    }
  }

  private static Instant instant(String text) {
    if (text == null || text.isEmpty()) return null;
    try {
      return Instant.parse(text);
    } catch (DateTimeParseException e) {
      throw new dev.revsync.ConfigurationException(DynamicsConfig.SYSTEM, "sync", "the checkpoint's cursor '" + text
          + "' is not an ISO-8601 instant", "Pass a checkpoint this connector produced, or none for a full sync", e);
    }
  }
}
