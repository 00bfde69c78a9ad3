package dev.revsync.pardot;

import static dev.revsync.pardot.PardotConfig.SYSTEM;

import dev.revsync.Activity;
import dev.revsync.Checkpoint;
import dev.revsync.ProtocolException;
import dev.revsync.Record;
import dev.revsync.RecordSink;
import dev.revsync.SyncMode;
import dev.revsync.SyncRequest;
import dev.revsync.SyncResult;
import dev.revsync.VendorApiException;
import dev.revsync.spi.JobDownload;
import dev.revsync.spi.JobPoller;
import dev.revsync.spi.SyncRun;
import dev.revsync.spi.Transport;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * One sync of one object (§3 and §7 of the notes). REST: {@code orderBy=updatedAt,id},
 * {@code limit=1000}, {@code fields=} always, {@code deleted=all} where deletes apply, a window
 * {@code updatedAtAfter=<cursor>}..{@code updatedAtBeforeOrEqualTo=<start − readLag>}, then the
 * page tokens. Ties at the cursor's second are read first by a query for that second with
 * {@code idGreaterThan=<cursor id>}, so a cursor inside a group of equal timestamps loses nothing.
 * When a token sequence stops at its 100,000-record cap (the {@code Pardot-Warning} text) or a
 * token expires or is refused (210/211), the sync re-queries from its cursor. Every page is
 * checkpointed: cursor, cursor id, and the live token with its window, so a resumed sync first
 * tries the token.
 *
 * <p>A full pull of prospects, visitor activities or list memberships that has more than one
 * page goes through the export API after its first page: one export per year of history
 * (exports cover at most a year), each created, polled, and its files downloaded one by one,
 * checkpointed per file (export id and next file), so an interrupted export resumes without a
 * new one. REST then reads what changed since the export's upper bound.
 *
 * <p>Not thread-safe: one instance per sync.
 */
final class PardotSync {
  static final int PAGE = 1000;
  static final String TOKEN = "pageToken";
  static final String TIE = "tie";
  /** How many records at the cursor's second were handed over (so a restart knows what re-reading it costs). */
  static final String TIE_COUNT = "tieCount";
  /**
   * A new query from a cursor re-reads its second (and skips what it handed over) when at most this
   * many records of that second were handed over; a larger group is finished by a query of its own
   * ({@code idGreaterThan}) instead, so no group, however large, is read twice.
   */
  static final int REREAD_MAX = 200;
  static final String PHASE = "phase";
  static final String BOUND = "bound";
  static final String TOKEN_AT = "tokenAt";
  /** The prospect custom fields a sync in progress reads, so its resumption asks for the same columns without a call. */
  static final String CUSTOM = "customFields";
  /** Page tokens live 4 hours; one older than this is not worth a call. */
  private static final Duration TOKEN_LIFE = Duration.ofHours(4).minusMinutes(5);
  static final String EXPORT_FROM = "exportFrom";
  static final String EXPORT_TO = "exportTo";
  private static final Duration YEAR = Duration.ofDays(365);
  private static final String ORDER = "updatedAt,id";

  private final PardotConnector connector;
  private final PardotConfig config;
  private final PardotRestClient rest;
  private final Transport transport;
  private final Clock clock;
  private final JobPoller poller;

  /** Where the REST pass stands. */
  private Instant cursorAt;
  private String cursorId;
  private String token;
  private boolean tiePhase;
  /** The first query from the cursor includes its second ({@code updatedAtAfterOrEqualTo}); duplicates are skipped. */
  private boolean inclusive;
  private long tieCount;
  private Instant bound;
  private Instant tokenAt;
  private String custom;

  PardotSync(PardotConnector connector, PardotConfig config, PardotRestClient rest, Transport transport, Clock clock) {
    this.connector = connector;
    this.config = config;
    this.rest = rest;
    this.transport = transport;
    this.clock = clock;
    this.poller = JobPoller.create(clock, Duration.ofSeconds(30), Duration.ofMinutes(5));
  }

  SyncResult run(SyncRequest request, RecordSink sink) {
    PardotObject object = connector.object(request.object(), "sync");
    return SyncRun.run(transport, clock, request, sink, run -> body(run, object));
  }

  private void body(SyncRun run, PardotObject object) {
    SyncRequest request = run.request();
    Checkpoint cp = run.checkpoint();
    custom = cp.get(CUSTOM);
    if (custom == null && object == PardotObject.PROSPECT) custom = PardotConnector.encode(connector.customFields(Activity.SYNC));
    RecordMapping mapping = new RecordMapping(object,
        connector.shape(object, request.fields(), PardotConnector.decode(custom)), config.timeZone());
    boolean deletes = request.includeDeletes() && object.deletes;
    Instant runBound = clock.instant().truncatedTo(ChronoUnit.SECONDS).minus(config.readLag());
    cursorAt = cp.get(Checkpoint.CURSOR) == null ? null : instant(cp.get(Checkpoint.CURSOR));
    cursorId = cp.get(Checkpoint.CURSOR_ID);
    token = cp.get(TOKEN);
    tokenAt = token != null && cp.get(TOKEN_AT) != null ? instant(cp.get(TOKEN_AT)) : null;
    if (token != null && (tokenAt == null || !clock.instant().isBefore(tokenAt.plus(TOKEN_LIFE)))) {
      token = null; // expired by now: re-query from the cursor instead of spending a call on a refusal
    }
    tieCount = cp.get(TIE_COUNT) == null ? Long.MAX_VALUE : parseCount(cp.get(TIE_COUNT));
    if (token != null) tiePhase = TIE.equals(cp.get(PHASE));
    else restartFromCursor();
    bound = token != null && cp.get(BOUND) != null ? instant(cp.get(BOUND)) : runBound;

    if (cp.get(EXPORT_FROM) != null) {
      exports(run, object, mapping);
    }
    boolean first = true;
    while (true) {
      run.checkContinue();
      PardotRestClient.Page page;
      try {
        page = fetch(object, mapping, deletes);
      } catch (VendorApiException e) {
        if (token != null && ("210".equals(e.vendorCode()) || "211".equals(e.vendorCode()))) {
          // the token expired (4 hours) or is refused: re-query from the cursor
          token = null;
          restartFromCursor();
          continue;
        }
        throw e;
      }
      for (Record r : page.records()) {
        if (cursorAt != null && compare(r.modifiedAt(), r.id(), cursorAt, cursorId) <= 0) continue; // read already
        run.emit(r);
        if (!r.modifiedAt().equals(cursorAt)) tieCount = 1;
        else if (tieCount != Long.MAX_VALUE) tieCount++;
        cursorAt = r.modifiedAt();
        cursorId = r.id();
      }
      token = page.nextPageToken();
      tokenAt = clock.instant();
      inclusive = false;
      boolean wasTie = tiePhase;
      if (token == null) {
        if (page.capped()) {
          restartFromCursor();
        } else if (tiePhase) {
          tiePhase = false;
          cursorId = null; // the cursor's second is read to its end
        } else if (bound.isBefore(runBound)) {
          bound = runBound; // a resumed token's window is done; read on to this run's
        } else {
          break;
        }
      }
      run.checkpoint(state(run.checkpoint()));
      if (first && !wasTie && useExport(request, object, page, token)) {
        startExports(run, object, mapping);
        first = false;
        continue;
      }
      first = false;
    }
    // Everything up to the window's end was read: the cursor moves there, its second complete.
    Instant end = cursorAt == null || cursorAt.isBefore(bound) ? bound : cursorAt;
    Checkpoint done = run.checkpoint().without(TOKEN, TOKEN_AT, PHASE, BOUND, CUSTOM, TIE_COUNT, Checkpoint.CURSOR_ID)
        .with(Checkpoint.CURSOR, end.toString());
    if (cursorAt != null && !cursorAt.isBefore(bound) && cursorId != null) {
      done = done.with(Checkpoint.CURSOR_ID, cursorId);
      if (tieCount != Long.MAX_VALUE) done = done.with(TIE_COUNT, Long.toString(tieCount));
    }
    run.checkpoint(done);
  }

  private PardotRestClient.Page fetch(PardotObject object, RecordMapping mapping, boolean deletes) {
    if (token != null) return rest.next(Activity.SYNC, object, token, mapping);
    Map<String, String> params = new LinkedHashMap<>();
    params.put("fields", String.join(",", mapping.fieldNames()));
    params.put("orderBy", ORDER);
    params.put("limit", Integer.toString(PAGE));
    if (object.deletes) params.put("deleted", deletes ? "all" : "false");
    if (tiePhase) {
      String at = PardotRestClient.time(cursorAt);
      params.put("updatedAtAfterOrEqualTo", at);
      params.put("updatedAtBeforeOrEqualTo", at);
      params.put("idGreaterThan", cursorId);
    } else {
      if (cursorAt != null) {
        params.put(inclusive ? "updatedAtAfterOrEqualTo" : "updatedAtAfter", PardotRestClient.time(cursorAt));
      }
      params.put("updatedAtBeforeOrEqualTo", PardotRestClient.time(bound));
    }
    return rest.query(Activity.SYNC, object, params, mapping);
  }

  private Checkpoint state(Checkpoint base) {
    Checkpoint cp = base.without(TOKEN, TOKEN_AT, PHASE, BOUND, Checkpoint.CURSOR, Checkpoint.CURSOR_ID);
    if (cursorAt != null) cp = cp.with(Checkpoint.CURSOR, cursorAt.toString());
    if (cursorId != null) cp = cp.with(Checkpoint.CURSOR_ID, cursorId);
    cp = cursorId != null && tieCount != Long.MAX_VALUE ? cp.with(TIE_COUNT, Long.toString(tieCount)) : cp.without(TIE_COUNT);
    if (token != null) {
      cp = cp.with(TOKEN, token).with(TOKEN_AT, tokenAt.toString()).with(BOUND, bound.toString());
      if (tiePhase) cp = cp.with(PHASE, TIE);
    }
    if (custom != null) cp = cp.with(CUSTOM, custom);
    return cp;
  }

  /** A full pull with more than one page, of an object the export API serves, unless exports are off. */
  private boolean useExport(SyncRequest request, PardotObject object, PardotRestClient.Page page, String next) {
    if (object.exportName == null || next == null || page.records().isEmpty()) return false;
    String style = request.option(PardotConfig.STYLE_OPTION);
    if (style != null) return style.trim().toUpperCase(Locale.ROOT).equals("BATCH");
    return switch (config.exports()) {
      case ALWAYS -> true;
      case NEVER -> false;
      case AUTO -> request.mode() == SyncMode.FULL && request.checkpoint().get(Checkpoint.CURSOR) == null;
    };
  }

  /** Hands the rest of the window to exports: from the cursor's second (re-read: the export's bounds are exclusive below) to the window's end. */
  private void startExports(SyncRun run, PardotObject object, RecordMapping mapping) {
    Instant from = cursorAt.minusSeconds(1);
    Instant to = bound;
    token = null;
    run.checkpoint(state(run.checkpoint()).with(EXPORT_FROM, from.toString()).with(EXPORT_TO, to.toString()));
    exports(run, object, mapping);
  }

  /** Runs the exports the checkpoint describes, a year at a time; then the REST pass reads on from their end. */
  private void exports(SyncRun run, PardotObject object, RecordMapping mapping) {
    Checkpoint cp = run.checkpoint();
    Instant from = instant(cp.get(EXPORT_FROM));
    Instant to = instant(cp.get(EXPORT_TO));
    // the first REST page came before the exports: rows at or before its last record were handed over
    Instant skipAt = cp.get(Checkpoint.CURSOR) == null ? null : instant(cp.get(Checkpoint.CURSOR));
    String skipId = cp.get(Checkpoint.CURSOR_ID);
    while (from.isBefore(to)) {
      Instant windowEnd = from.plus(YEAR).isBefore(to) ? from.plus(YEAR) : to;
      exportWindow(run, object, mapping, from, windowEnd, skipAt, skipId);
      from = windowEnd;
      run.checkpoint(run.checkpoint().without(Checkpoint.JOB_ID, Checkpoint.JOB_POSITION)
          .with(EXPORT_FROM, from.toString()));
    }
    // REST reads on from the exports' end, re-reading its last second in case the upper bound is exclusive
    cursorAt = to.minusSeconds(1);
    cursorId = null;
    token = null;
    tiePhase = false;
    inclusive = false;
    run.checkpoint(state(run.checkpoint().without(EXPORT_FROM, EXPORT_TO, Checkpoint.JOB_ID, Checkpoint.JOB_POSITION)));
  }

  private void exportWindow(SyncRun run, PardotObject object, RecordMapping mapping, Instant from, Instant to,
      Instant skipAt, String skipId) {
    String jobId = run.checkpoint().get(Checkpoint.JOB_ID);
    int position = 1;
    if (jobId != null && run.checkpoint().get(Checkpoint.JOB_POSITION) != null) {
      position = Integer.parseInt(run.checkpoint().get(Checkpoint.JOB_POSITION));
    }
    List<String> files = null;
    if (jobId != null) {
      try {
        String id = jobId;
        files = JobDownload.await(run, poller, id, "export " + id, () -> poll(id));
      } catch (VendorApiException gone) {
        // expired (7 days), cancelled or unknown: a new export for the same window
        jobId = null;
        position = 1;
        run.checkpoint(run.checkpoint().without(Checkpoint.JOB_ID, Checkpoint.JOB_POSITION));
      }
    }
    if (jobId == null) {
      jobId = create(object, mapping, from, to);
      run.checkpoint(run.checkpoint().with(Checkpoint.JOB_ID, jobId).with(Checkpoint.JOB_POSITION, "1"));
      String id = jobId;
      files = JobDownload.await(run, poller, id, "export " + id, () -> poll(id));
    }
    for (int i = position; i <= files.size(); i++) {
      run.checkContinue();
      String call = "download export " + jobId + " file " + i;
      rest.download(Activity.SYNC, files.get(i - 1), row -> {
        Record r = mapping.fromCsv(row, call);
        if (skipAt == null || compare(r.modifiedAt(), r.id(), skipAt, skipId) > 0) run.emit(r);
      });
      run.checkpoint(run.checkpoint().with(Checkpoint.JOB_ID, jobId).with(Checkpoint.JOB_POSITION, Integer.toString(i + 1)));
    }
  }

  private String create(PardotObject object, RecordMapping mapping, Instant from, Instant to) {
    List<String> fields = new ArrayList<>();
    for (String f : mapping.fieldNames()) if (f.indexOf('.') < 0) fields.add(f);
    Map<String, Object> arguments = new LinkedHashMap<>();
    arguments.put("updatedAfter", PardotRestClient.time(from));
    arguments.put("updatedBefore", PardotRestClient.time(to));
    Map<String, Object> procedure = new LinkedHashMap<>();
    procedure.put("name", "filter_by_updated_at");
    procedure.put("arguments", arguments);
    Map<String, Object> body = new LinkedHashMap<>();
    body.put("object", object.exportName);
    body.put("fields", fields);
    body.put("procedure", procedure);
    Map<String, Object> created = rest.json(Activity.SYNC, "POST", rest.url("exports").build(), body);
    Object export = created.get("export") instanceof Map<?, ?> wrapped ? wrapped : created; // v4 wraps it
    Object id = export instanceof Map<?, ?> m ? m.get("id") : null;
    if (id == null) {
      throw new ProtocolException(SYSTEM, "POST " + PardotRestClient.API + "exports", "the export reply has no id",
          "Report this to Salesforce support; the next sync starts a new export", null);
    }
    return id.toString();
  }

  /** One read of an export: its status or state (field name and casing unsettled), and its result links when complete. */
  private JobPoller.Status<List<String>> poll(String id) {
    Map<String, Object> export = rest.json(Activity.SYNC, "GET", rest.url("exports/" + id).build(), null);
    if (export.get("export") instanceof Map<?, ?> wrapped) {
      @SuppressWarnings("unchecked")
      Map<String, Object> inner = (Map<String, Object>) wrapped;
      export = inner;
    }
    Object state = export.get("status") != null ? export.get("status") : export.get("state");
    String s = state == null ? "" : state.toString().toLowerCase(Locale.ROOT);
    if (Boolean.TRUE.equals(export.get("isExpired"))) return JobPoller.Status.failed("the export's files expired");
    if (s.equals("complete") || s.equals("completed")) {
      Object refs = export.get("resultRefs");
      List<String> files = new ArrayList<>();
      if (refs instanceof String one) files.add(one); // a single file is a string in v4
      else if (refs instanceof List<?> many) for (Object r : many) files.add(r.toString());
      return JobPoller.Status.done(files);
    }
    if (s.equals("failed") || s.equals("aborted") || s.equals("cancelled") || s.equals("canceled")) {
      return JobPoller.Status.failed("export " + id + " ended " + state);
    }
    return JobPoller.Status.running();
  }

  /**
   * A new query from the cursor (no token): a small group at the cursor's second is re-read within
   * the main query, the records already handed over skipped; a large or unknown one is finished
   * first by a query of its own.
   */
  private void restartFromCursor() {
    tiePhase = false;
    inclusive = false;
    if (cursorId == null) return;
    if (tieCount <= REREAD_MAX) inclusive = true;
    else tiePhase = true;
  }

  private static long parseCount(String s) {
    try {
      return Long.parseLong(s);
    } catch (NumberFormatException e) {
      return Long.MAX_VALUE;
    }
  }

  /** Orders (modifiedAt, id) with ids compared as numbers, as Pardot sorts them. */
  static int compare(Instant at1, String id1, Instant at2, String id2) {
    int c = at1.compareTo(at2);
    if (c != 0) return c;
    if (id2 == null) return 0; // a cursor without an id: its whole second was read
    if (id1.length() != id2.length()) return Integer.compare(id1.length(), id2.length());
    return id1.compareTo(id2);
  }

  private static Instant instant(String s) {
    try {
      return Instant.parse(s);
    } catch (RuntimeException e) {
      throw new dev.revsync.ConfigurationException(SYSTEM, "sync", "the checkpoint holds '" + s
          + "' where an instant belongs", "Pass the checkpoint this connector returned, unchanged", e);
    }
  }
}
