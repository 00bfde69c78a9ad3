package dev.revsync.dynamics;

import dev.revsync.Activity;
import dev.revsync.Checkpoint;
import dev.revsync.ProtocolException;
import dev.revsync.RecordSink;
import dev.revsync.SyncMode;
import dev.revsync.SyncRequest;
import dev.revsync.SyncResult;
import dev.revsync.VendorApiException;
import dev.revsync.spi.CursorPager;
import dev.revsync.spi.Json;
import dev.revsync.spi.SyncRun;
import dev.revsync.spi.Transport;
import java.io.InterruptedIOException;
import java.time.Clock;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.List;
import okhttp3.HttpUrl;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Pulls one table in pages of {@code odata.maxpagesize} (5,000), following {@code @odata.nextLink}
 * verbatim and checkpointing after every page.
 *
 * <ul>
 *   <li>Tables with change tracking: the first sync asks {@code Prefer: odata.track-changes} and
 *       keeps the final {@code @odata.deltaLink}; later syncs GET it and hand over changed rows and
 *       {@code $deletedEntity} rows as deleted records. A delta link the service refuses (expired
 *       after the org's retention, or unknown) starts a full resync of the table, which the
 *       checkpoint states under {@value #FULL_RESYNC} and the log repeats.
 *   <li>Other tables: the SPI's {@link CursorPager} ({@code inclusive}, next-page tokens): {@code
 *       $filter=modifiedon ge <cursor>} ordered by modifiedon then the primary id, each
 *       {@code @odata.nextLink} followed as the page token, so a second holding more rows than a
 *       page loses and repeats nothing; rows at the cursor already handed over are dropped by the
 *       pager's {@code (modifiedon, id)} comparison, which is its own, so how Dataverse orders
 *       GUIDs is not relied on. A stored link the service refuses restarts the query from its
 *       cursor.
 * </ul>
 *
 * <p>One instance per connection; each sync runs on its caller's thread.
 */
final class DynamicsSync {
  /** Checkpoint keys. */
  static final String NEXT_LINK = "nextLink";

  static final String DELTA_LINK = "deltaLink";
  static final String FULL_RESYNC = "fullResync";

  private static final Logger LOG = LoggerFactory.getLogger(DynamicsSync.class);

  /**
   * Ties at the cursor are dropped by the pager; GUIDs compare as text, which is consistent, not
   * Dataverse's order.
   */
  private static final CursorPager BY_MODIFIED_ON = CursorPager.inclusive();

  private final DynamicsConfig config;
  private final DynamicsRestClient client;
  private final Transport transport;
  private final Clock clock;
  private final DynamicsErrors errors;

  DynamicsSync(
      DynamicsConfig config,
      DynamicsRestClient client,
      Transport transport,
      DynamicsErrors errors) {
    this.config = config;
    this.client = client;
    this.transport = transport;
    this.clock = transport.config().clock();
    this.errors = errors;
  }

  SyncResult sync(SyncRequest request, RecordSink sink) {
    // a full sync starts over whatever checkpoint it is handed
    SyncRequest effective =
        request.mode() == SyncMode.FULL && !request.checkpoint().isEmpty()
            ? request.newBuilder().checkpoint(Checkpoint.EMPTY).build()
            : request;
    return SyncRun.run(
        transport,
        clock,
        effective,
        sink,
        run -> {
          TableInfo table = client.table(request.object(), Activity.SYNC);
          if (table.changeTracking()) tracked(run, table, run.checkpoint().without(FULL_RESYNC));
          else {
            List<String> select = table.select(run.request().fields());
            RecordMapping mapping =
                new RecordMapping(table, select, "GET " + table.entitySetName());
            BY_MODIFIED_ON.pull(run, mapping.shape(), page(run, table, select, mapping));
          }
        });
  }

  private String maxPageSize() {
    return "odata.maxpagesize=" + config.pageSize();
  }

  private HttpUrl collection(TableInfo table, List<String> select) {
    return client
        .serviceRoot()
        .newBuilder()
        .addPathSegment(table.entitySetName())
        .addQueryParameter("$select", String.join(",", select))
        .build();
  }

  private void tracked(SyncRun run, TableInfo table, Checkpoint start) throws InterruptedException {
    List<String> select = table.select(run.request().fields());
    RecordMapping mapping = new RecordMapping(table, select, "GET " + table.entitySetName());
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
        String prefer = maxPageSize() + ",odata.track-changes";
        page =
            errors.waitOutThrottling(
                clock,
                () ->
                    client.get(
                        Activity.SYNC,
                        pageUrl,
                        prefer,
                        response ->
                            Json.readPage(
                                response.body().source(),
                                "value",
                                mapping.shape(),
                                values -> {
                                  if (mapping.isDeletion(values)) {
                                    if (run.request().includeDeletes())
                                      run.emit(mapping.deletion(values, seenAt));
                                  } else {
                                    run.emit(mapping.toRecord(values));
                                  }
                                },
                                DynamicsConfig.SYSTEM,
                                "GET " + table.entitySetName())),
                run::checkContinue);
      } catch (VendorApiException e) {
        if (!fromStoredLink || !refusedLink(e)) throw e;
        cp =
            resync(
                table,
                "the service refused the stored change-tracking link ("
                    + e.httpStatus()
                    + " "
                    + e.vendorCode()
                    + ": "
                    + e.vendorMessage()
                    + ")");
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
        throw new ProtocolException(
            DynamicsConfig.SYSTEM,
            "GET " + table.entitySetName(),
            "a change-tracking page has neither @odata.nextLink nor @odata.deltaLink",
            "Report this to Microsoft support with the request id",
            null);
      }
      run.checkpoint(cp);
      url = next == null ? null : HttpUrl.parse(next);
      fromStoredLink = true;
    }
  }

  /**
   * A 4xx on a stored delta or next link: the token expired or is unknown, so only a full read
   * helps.
   */
  private static boolean refusedLink(VendorApiException e) {
    int s = e.httpStatus();
    return s == 400 || s == 404 || s == 410 || s == 422;
  }

  private Checkpoint resync(TableInfo table, String reason) {
    String stated =
        clock.instant().truncatedTo(ChronoUnit.SECONDS)
            + ": "
            + reason
            + "; full resync of "
            + table.logicalName();
    LOG.warn(
        "revsync: {}: sync {}: {}; rows deleted since the last sync will not be reported as deletes",
        DynamicsConfig.SYSTEM,
        table.logicalName(),
        stated);
    return Checkpoint.EMPTY.with(FULL_RESYNC, stated);
  }

  /**
   * One page of a table without change tracking: from a stored nextLink, else a query from the
   * cursor.
   */
  private CursorPager.ShapedFetcher page(
      SyncRun run, TableInfo table, List<String> select, RecordMapping mapping) {
    String call = "GET " + table.entitySetName();
    return (from, records) -> {
      HttpUrl url;
      if (from.pageToken() != null) {
        url = HttpUrl.parse(from.pageToken());
        if (url == null)
          throw new CursorPager.TokenExpired(
              DynamicsConfig.SYSTEM, call, "the stored link is not a URL");
      } else {
        HttpUrl.Builder b =
            collection(table, select)
                .newBuilder()
                .addQueryParameter(
                    "$orderby", RecordMapping.MODIFIED_ON + " asc," + table.primaryId() + " asc");
        if (from.since() != null)
          b.addQueryParameter("$filter", RecordMapping.MODIFIED_ON + " ge " + from.since());
        url = b.build();
      }
      HttpUrl pageUrl = url;
      Json.Page page;
      try {
        page =
            errors.waitOutThrottling(
                clock,
                () ->
                    client.get(
                        Activity.SYNC,
                        pageUrl,
                        maxPageSize(),
                        response ->
                            Json.readPage(
                                response.body().source(),
                                "value",
                                mapping.shape(),
                                records,
                                DynamicsConfig.SYSTEM,
                                call)),
                run::checkContinue);
      } catch (VendorApiException e) {
        if (from.pageToken() == null || !refusedLink(e)) throw e;
        throw new CursorPager.TokenExpired(
            DynamicsConfig.SYSTEM,
            call,
            "the service refused the stored nextLink ("
                + e.httpStatus()
                + " "
                + e.vendorCode()
                + ")");
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        throw new InterruptedIOException("interrupted while throttled");
      }
      return CursorPager.Page.next(page.string("@odata.nextLink"));
    };
  }
}
