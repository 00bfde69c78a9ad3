package dev.revsync.salesforce;

import static dev.revsync.salesforce.SalesforceConfig.SYSTEM;

import dev.revsync.Activity;
import dev.revsync.ApiStyle;
import dev.revsync.Checkpoint;
import dev.revsync.ConfigurationException;
import dev.revsync.FieldSchema;
import dev.revsync.FieldType;
import dev.revsync.ObjectSchema;
import dev.revsync.ProtocolException;
import dev.revsync.Record;
import dev.revsync.RecordSink;
import dev.revsync.SyncMode;
import dev.revsync.SyncRequest;
import dev.revsync.SyncResult;
import dev.revsync.VendorApiException;
import dev.revsync.spi.JobDownload;
import dev.revsync.spi.JobGoneException;
import dev.revsync.spi.JobPoller;
import dev.revsync.spi.Json;
import dev.revsync.spi.RecordShape;
import dev.revsync.spi.SyncRun;
import dev.revsync.spi.Transport;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import okhttp3.Request;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One sync of one object. REST: query (or queryAll, for deletes) pages of 2,000 ordered by (cursor,
 * Id), incremental on {@code cursor > ts OR (cursor = ts AND Id > id)}, checkpointing the last
 * record's cursor and id after every page. BATCH: a Bulk API 2.0 query job whose id and result
 * locator live in the checkpoint, so a resumed sync continues the same download (a job that is gone
 * is created again from the cursor). Bulk results have no order, so once downloaded the cursor
 * moves to the job's creation time, inclusively, and one REST pass from there picks up what changed
 * while the job ran and leaves an exact (cursor, Id) checkpoint.
 *
 * <p>Choosing: {@code style=REST|BATCH} forces one; otherwise the first REST page is read (held, at
 * most 2,000 records) and, when its {@code totalSize} exceeds {@code bulkThreshold}, dropped for a
 * bulk job. That costs a small object nothing and a large one the single call a COUNT() would.
 *
 * <p>Not thread-safe: one instance per sync.
 */
final class SalesforceSync {
  private static final Logger log = LoggerFactory.getLogger(SalesforceSync.class);

  /** When the job started, as Salesforce said: the cursor once its download is done. */
  static final String JOB_SINCE = "jobSince";

  /** The API version that created the job; its results must be read with the same one. */
  static final String JOB_API_VERSION = "jobApiVersion";

  /** Pages re-queried from the checkpoint when a query locator expires, before giving up. */
  private static final int LOCATOR_RESTARTS = 3;

  // A small job is done within seconds; each poll is a call, so the first waits a little. Between
  // the two, polls follow the job's age (JobPoller); a long job is polled at most every 5 minutes.
  private static final Duration POLL_MIN = Duration.ofSeconds(3);
  private static final Duration POLL_MAX = Duration.ofMinutes(5);

  /** Without a createdDate from Salesforce, our clock may run ahead of its: step back this much. */
  private static final Duration CLOCK_SKEW = Duration.ofMinutes(5);

  private static final java.util.regex.Pattern SALESFORCE_ID =
      java.util.regex.Pattern.compile("[A-Za-z0-9]{15}|[A-Za-z0-9]{18}");

  private final SalesforceConnector connector;
  private final SalesforceConfig config;
  private final SalesforceRestClient rest;
  private final SalesforceBulkClient bulk;
  private final Transport transport;
  private final Clock clock;

  private SyncRequest request;
  private ObjectSchema schema;
  private String cursorField;
  private boolean deletes;

  /** A FULL sync ignores the request's cursor until it has checkpointed one of its own. */
  private boolean ignoreSavedCursor;

  SalesforceSync(
      SalesforceConnector connector,
      SalesforceConfig config,
      SalesforceRestClient rest,
      SalesforceBulkClient bulk,
      Transport transport,
      Clock clock) {
    this.connector = connector;
    this.config = config;
    this.rest = rest;
    this.bulk = bulk;
    this.transport = transport;
    this.clock = clock;
  }

  SyncResult run(SyncRequest request, RecordSink sink) {
    this.request = request;
    ApiStyle forced = forcedStyle(request);
    Soql.name(request.object());
    return SyncRun.run(
        transport,
        clock,
        request,
        sink,
        run -> {
          try {
            schema = connector.describe(request.object());
          } catch (VendorApiException e) {
            if ("NOT_FOUND".equals(e.vendorCode())) {
              throw new ConfigurationException(
                  SYSTEM,
                  "sync " + request.object(),
                  e.vendorMessage(),
                  "Check the object name against discover() and the user's object permissions",
                  e);
            }
            throw e;
          }
          cursorField = schema.cursorField();
          ignoreSavedCursor = request.mode() == SyncMode.FULL;
          deletes = request.includeDeletes() && RecordMapping.hasIsDeleted(schema);
          Checkpoint saved = run.checkpoint();
          if (saved.get(Checkpoint.JOB_ID) != null) {
            if (forced != ApiStyle.REST) {
              bulk(run, true);
              return;
            }
            run.checkpoint(
                withoutJob(saved)); // REST forced: the job's download is dropped, the cursor stands
          }
          if (forced == ApiStyle.BATCH) {
            bulk(run, false);
          } else {
            restPages(run, forced == null);
          }
        });
  }

  private static ApiStyle forcedStyle(SyncRequest request) {
    String style = request.option(SalesforceConfig.STYLE_OPTION);
    if (style == null || style.isBlank()) return null;
    return switch (style.trim().toUpperCase(Locale.ROOT)) {
      case "REST" -> ApiStyle.REST;
      case "BATCH", "BULK" -> ApiStyle.BATCH;
      default ->
          throw new ConfigurationException(
              SYSTEM,
              "sync " + request.object(),
              "sync option style='" + style + "' is neither REST nor BATCH",
              "Use style=REST or style=BATCH",
              null);
    };
  }

  // ---- REST ----------------------------------------------------------------------------------

  private void restPages(SyncRun run, boolean mayGoBulk) throws Exception {
    List<String> select = selectList(false);
    String call = "GET " + rest.dataPath() + (deletes ? "/queryAll" : "/query");
    RecordMapping.Rows rows =
        new RecordMapping.Rows(request.object(), schema, select, cursorField, call);
    int restarts = 0;
    boolean decide = mayGoBulk;
    while (true) {
      String soql = Soql.select(select, request.object(), where(run.checkpoint()), orderField());
      Request page = rest.firstPage(Activity.SYNC, soql, deletes);
      long[] total = {-1};
      long[] pulled = {0};
      try {
        if (decide) {
          decide = false;
          // Hold the first page (at most 2,000 records) until totalSize says whether REST is the
          // cheaper way.
          List<Object[]> held = new ArrayList<>();
          Json.Page head = readFirstPage(page, call, rows.readShape(), held);
          Long size = head.number("totalSize");
          if (size != null && size > config.bulkThreshold()) {
            log.debug(
                "salesforce: {} has {} records to pull, over bulkThreshold {}: using a Bulk API 2.0 job",
                request.object(),
                size,
                config.bulkThreshold());
            bulk(run, false);
            return;
          }
          Record last = null;
          for (Object[] json : held) {
            last = rows.fromJson(json);
            run.emit(last);
          }
          total[0] = size == null ? -1 : size;
          pulled[0] = held.size();
          page = afterPage(run, head, last, total[0] < 0 ? -1 : total[0] - pulled[0]);
        }
        while (page != null) {
          run.checkContinue();
          Record[] last = {null};
          Json.Page p =
              readPage(
                  page,
                  call,
                  rows.readShape(),
                  json -> {
                    last[0] = rows.fromJson(json);
                    run.emit(last[0]);
                    pulled[0]++;
                  });
          if (total[0] < 0 && p.number("totalSize") != null) total[0] = p.number("totalSize");
          page = afterPage(run, p, last[0], total[0] < 0 ? -1 : total[0] - pulled[0]);
        }
        return;
      } catch (VendorApiException e) {
        // An expired query cursor: query again from the last checkpoint, which loses nothing.
        if (!"INVALID_QUERY_LOCATOR".equals(e.vendorCode()) || ++restarts > LOCATOR_RESTARTS)
          throw e;
        log.info(
            "salesforce: query locator of {} expired; querying again from the checkpoint",
            request.object());
      }
    }
  }

  /** Checkpoints after a page and returns the next page's request, or null when done. */
  private Request afterPage(SyncRun run, Json.Page page, Record last, long backlog) {
    if (last != null) {
      Checkpoint cp = withoutJob(run.checkpoint());
      if (cursorField != null && last.modifiedAt() != null) {
        cp =
            cp.with(Checkpoint.CURSOR, last.modifiedAt().toString())
                .with(Checkpoint.CURSOR_ID, last.id());
      } else {
        cp = cp.with(Checkpoint.CURSOR_ID, last.id());
      }
      run.checkpoint(cp);
      ignoreSavedCursor = false;
    }
    boolean done = page.bool("done", true);
    String next = page.string("nextRecordsUrl");
    if (done || next == null || next.isBlank()) {
      if (cursorField == null) run.checkpoint(run.checkpoint().without(Checkpoint.CURSOR_ID));
      return null;
    }
    if (backlog >= 0) run.backlogEstimate(backlog);
    return rest.nextPage(Activity.SYNC, next);
  }

  /**
   * Reads the first page into {@code held}, at most a batch: a page is at most the batch size asked
   * for, and a server sending more must not fill the heap. Each attempt reads afresh (none of it
   * was handed over), so a retry after a cut body holds the whole page again.
   */
  private Json.Page readFirstPage(
      Request page, String call, RecordShape shape, List<Object[]> held) {
    int max = SalesforceRestClient.MAX_BATCH_SIZE;
    return transport.execute(
        Activity.SYNC,
        ApiStyle.REST,
        page,
        response -> {
          held.clear();
          return Json.readPage(
              response.body().source(),
              "records",
              shape,
              json -> {
                if (held.size() >= max) {
                  held.clear();
                  throw new ProtocolException(
                      SYSTEM,
                      call,
                      "the first page holds more than "
                          + max
                          + " records, though batchSize="
                          + max
                          + " was asked for",
                      "Check that the base URL points at "
                          + "Salesforce and that no proxy rewrites its answers; the next sync tries again",
                      null);
                }
                held.add(json);
              },
              SYSTEM,
              call);
        });
  }

  /**
   * Reads one page with the handler; if the transport retries the call after part of the page was
   * handed over (a dropped connection), those records are skipped on the next attempt.
   */
  private Json.Page readPage(
      Request page, String call, RecordShape shape, Json.ValuesHandler handler) {
    long[] handedOver = {0};
    return transport.execute(
        Activity.SYNC,
        ApiStyle.REST,
        page,
        response -> {
          long[] seen = {0};
          return Json.readPage(
              response.body().source(),
              "records",
              shape,
              json -> {
                if (++seen[0] <= handedOver[0]) return;
                handler.values(json);
                handedOver[0]++;
              },
              SYSTEM,
              call);
        });
  }

  // ---- BATCH ---------------------------------------------------------------------------------

  /**
   * Pulls through a Bulk API 2.0 query job: a new one, or the checkpoint's when {@code resume}.
   * Where Bulk API 2.0 refuses the object and no style was forced, REST pulls it instead.
   */
  private void bulk(SyncRun run, boolean resume) throws Exception {
    List<String> select = selectList(true);
    Checkpoint saved = run.checkpoint();
    String jobId = saved.get(Checkpoint.JOB_ID);
    String version =
        saved.get(JOB_API_VERSION) != null ? saved.get(JOB_API_VERSION) : config.apiVersion();
    String position = saved.get(Checkpoint.JOB_POSITION);
    if (!resume) {
      String soql = Soql.select(select, request.object(), where(saved), null);
      SalesforceBulkClient.Job job;
      try {
        job = bulk.create(config.apiVersion(), soql, deletes);
      } catch (VendorApiException e) {
        if (forcedStyle(request) == null && e.httpStatus() == 400) {
          log.info(
              "salesforce: Bulk API 2.0 refused a query job on {} ({}); pulling it with REST",
              request.object(),
              e.vendorCode());
          restPages(run, false);
          return;
        }
        throw e;
      }
      jobId = job.id();
      version = config.apiVersion();
      position = null;
      Instant since =
          job.createdDate() != null ? job.createdDate() : clock.instant().minus(CLOCK_SKEW);
      // A crash from here on resumes this job instead of starting another.
      run.checkpoint(
          withoutJob(saved)
              .with(Checkpoint.JOB_ID, jobId)
              .with(JOB_SINCE, since.toString())
              .with(JOB_API_VERSION, version));
    }
    String call = "GET /services/data/v" + version + "/jobs/query/" + jobId + "/results";
    RecordMapping.Rows rows =
        new RecordMapping.Rows(request.object(), schema, select, cursorField, call);
    String id = jobId;
    String v = version;
    try {
      long[] left = {-1};
      if (position == null) {
        JobPoller poller = JobPoller.create(clock, POLL_MIN, POLL_MAX);
        Long processed =
            JobDownload.await(
                run,
                poller,
                id,
                "Bulk API 2.0 query job " + id,
                () -> {
                  try {
                    return bulk.poll(v, id);
                  } catch (VendorApiException e) {
                    // Terminal jobs are deleted after 7 days, or by an admin: 404 NOT_FOUND.
                    if (e.httpStatus() == 404) return JobPoller.Status.gone(e.getMessage());
                    throw e;
                  }
                });
        if (processed != null && processed >= 0) {
          left[0] = processed;
          run.backlogEstimate(processed);
        }
      }
      JobDownload.pages(
          run,
          id,
          position,
          locator ->
              bulk.results(
                  v,
                  id,
                  locator,
                  config.bulkMaxRecords(),
                  new SalesforceBulkClient.ChunkRows() {
                    @Override
                    public int[] slots(List<String> header) {
                      return rows.csvSlots(header);
                    }

                    @Override
                    public int size() {
                      return rows.rawSize();
                    }

                    @Override
                    public FieldType[] types() {
                      return rows.csvTypes();
                    }

                    @Override
                    public void row(Object[] values) {
                      run.emit(rows.fromRaw(values));
                      if (left[0] > 0) run.backlogEstimate(--left[0]);
                    }
                  }));
    } catch (VendorApiException e) {
      if (resume && (e instanceof JobGoneException || e.httpStatus() == 404)) {
        // The job is gone (results are kept 7 days): start a new one from the cursor.
        log.info(
            "salesforce: Bulk API 2.0 job {} of {} is gone; creating a new one from the checkpoint's cursor",
            id,
            request.object());
        run.checkpoint(withoutJob(run.checkpoint()));
        bulk(run, false);
        return;
      }
      throw e;
    }
    Checkpoint done = run.checkpoint();
    String since = done.get(JOB_SINCE);
    Checkpoint next = withoutJob(done);
    if (cursorField != null && since != null) {
      // Bulk results have no order: the cursor moves to the job's start, taken inclusively (no id).
      Instant previous = cursor(done);
      Instant start = Instant.parse(since);
      if (previous == null || start.isAfter(previous)) {
        next = next.with(Checkpoint.CURSOR, start.toString()).without(Checkpoint.CURSOR_ID);
      }
    }
    run.checkpoint(next);
    ignoreSavedCursor = false;
    // Catch up with what changed while the job ran (its results are as of its completion), with
    // REST from the job's start: usually one short page, and the cursor ends exact (with its Id).
    restPages(run, false);
  }

  // ---- shared ---------------------------------------------------------------------------------

  private static Checkpoint withoutJob(Checkpoint cp) {
    return cp.without(
        Checkpoint.JOB_ID,
        Checkpoint.JOB_STARTED,
        Checkpoint.JOB_POSITION,
        JOB_SINCE,
        JOB_API_VERSION);
  }

  private String orderField() {
    return cursorField != null ? cursorField : RecordMapping.ID;
  }

  /**
   * The incremental condition from the checkpoint; null for everything (FULL, or no cursor yet).
   */
  private String where(Checkpoint cp) {
    if (ignoreSavedCursor) return null;
    Instant since = cursor(cp);
    String afterId = cp.get(Checkpoint.CURSOR_ID);
    if (afterId != null && !SALESFORCE_ID.matcher(afterId).matches()) {
      // Escaped, it would be harmless; but a checkpoint holding no Salesforce id was not ours.
      throw new ConfigurationException(
          SYSTEM,
          "sync " + request.object(),
          "the checkpoint's cursorId is not a " + "Salesforce id (15 or 18 letters and digits)",
          "Pass the checkpoint the last sync returned",
          null);
    }
    if (cursorField == null) {
      return afterId == null ? null : "Id > " + Soql.quote(afterId);
    }
    if (since == null) return null;
    return Soql.after(cursorField, since, afterId);
  }

  private Instant cursor(Checkpoint cp) {
    String value = cp.get(Checkpoint.CURSOR);
    if (value == null || value.isBlank()) return null;
    try {
      return Instant.parse(value);
    } catch (DateTimeParseException e) {
      try {
        return RecordMapping.parseDatetime(value);
      } catch (DateTimeParseException e2) {
        throw new ConfigurationException(
            SYSTEM,
            "sync " + request.object(),
            "the checkpoint's cursor '" + value + "' is not an ISO-8601 instant",
            "Pass the checkpoint the last sync returned",
            e2);
      }
    }
  }

  /**
   * The fields to select: those asked for (checked against the describe) or every field but the
   * compound and base64 ones; Id, the cursor and IsDeleted (when pulling deletes) always. Bulk
   * queries leave out compound and base64 fields even when asked for: Bulk API 2.0 cannot return
   * them.
   */
  private List<String> selectList(boolean forBulk) {
    List<String> select = new ArrayList<>();
    add(select, RecordMapping.ID);
    if (request.fields().isEmpty()) {
      // Compound fields repeat their components (BillingStreet, …), which are selected; Bulk API
      // 2.0 refuses them, so leaving them out keeps REST and BATCH records alike.
      for (FieldSchema f : schema.fields()) {
        if (f.compound() || "base64".equalsIgnoreCase(f.vendorType())) continue;
        add(select, f.name());
      }
    } else {
      List<String> unknown = new ArrayList<>();
      for (String name : request.fields()) {
        Soql.name(name);
        if (name.contains(".")) {
          add(select, name); // a relationship path: the describe of this object cannot check it
          continue;
        }
        FieldSchema f = schema.field(name).orElse(null);
        if (f == null) {
          unknown.add(name);
        } else if (!(forBulk && (f.compound() || "base64".equalsIgnoreCase(f.vendorType())))) {
          add(select, f.name());
        }
      }
      if (!unknown.isEmpty()) {
        throw new ConfigurationException(
            SYSTEM,
            "sync " + request.object(),
            "no field "
                + unknown
                + " on "
                + request.object()
                + " (or the integration user cannot see it)",
            "Check the field names against describe(\"" + request.object() + "\")",
            null);
      }
    }
    if (cursorField != null) add(select, cursorField);
    if (deletes) add(select, RecordMapping.IS_DELETED);
    return select;
  }

  private static void add(List<String> select, String name) {
    for (String s : select) {
      if (s.equalsIgnoreCase(name)) return;
    }
    select.add(name);
  }
}
