package dev.revsync.pardot;

import static dev.revsync.pardot.PardotConfig.SYSTEM;

import dev.revsync.Activity;
import dev.revsync.Checkpoint;
import dev.revsync.ConfigurationException;
import dev.revsync.ProtocolException;
import dev.revsync.Record;
import dev.revsync.RecordSink;
import dev.revsync.SyncMode;
import dev.revsync.SyncRequest;
import dev.revsync.SyncResult;
import dev.revsync.VendorApiException;
import dev.revsync.spi.CursorPager;
import dev.revsync.spi.JobDownload;
import dev.revsync.spi.JobGoneException;
import dev.revsync.spi.JobPoller;
import dev.revsync.spi.SyncRun;
import dev.revsync.spi.Transport;
import dev.revsync.spi.Values;
import java.io.IOException;
import java.time.Clock;
import java.time.DateTimeException;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.function.Consumer;

/**
 * One sync of one object (§3 and §7 of the notes), paged by the SPI's {@link CursorPager}: {@code
 * orderBy=updatedAt,id}, {@code limit=1000}, {@code fields=} always, {@code deleted=all} where
 * deletes apply, a window {@code updatedAtAfterOrEqualTo=<cursor>}..{@code
 * updatedAtBeforeOrEqualTo=<start − readLag>}, then the page tokens. The pager drops what it handed
 * over at the cursor's second, and checkpoints after every page; since Pardot's tokens walk the
 * query in cursor order, the cursor moves with every page, so a token that expires (210/211, or
 * older than its four hours, not even tried) or a sequence that stops at its 100,000-record cap
 * (the {@code Pardot-Warning} text) is followed by a new query from the last record handed over.
 * Where more than {@link #REREAD_MAX} records share that record's second, the new query first
 * finishes that second by id ({@code idGreaterThan}) rather than reading it again.
 *
 * <p>A full pull of prospects, visitor activities or list memberships that has more than one page
 * goes through the export API after its first page: one export per year of history (exports cover
 * at most a year), each created, polled, and its files downloaded one by one, checkpointed per file
 * (export id and next file), so an interrupted export resumes without a new one. The pager then
 * reads what changed since the exports' upper bound.
 *
 * <p>Not thread-safe: one instance per sync.
 */
final class PardotSync {
  static final int PAGE = PardotRestClient.MAX_PAGE;

  /**
   * A new query from a cursor re-reads its second (the pager skips what it handed over) when at
   * most this many records of that second were seen; a larger group is finished by a query of its
   * own ({@code idGreaterThan}) instead, so no large group is read twice.
   */
  static final int REREAD_MAX = 200;

  /**
   * The prospect custom fields a sync in progress reads, so its resumption asks for the same
   * columns without a call.
   */
  static final String CUSTOM = "customFields";

  static final String EXPORT_FROM = "exportFrom";
  static final String EXPORT_TO = "exportTo";

  /** The last record of the page before the exports: rows up to it were handed over already. */
  static final String EXPORT_SKIP_AT = "exportSkipAt";

  static final String EXPORT_SKIP_ID = "exportSkipId";

  /** Page tokens live 4 hours; one older than this is not worth a call. */
  private static final Duration TOKEN_LIFE = Duration.ofHours(4).minusMinutes(5);

  private static final Duration YEAR = Duration.ofDays(365);
  private static final String ORDER = "updatedAt,id";

  private final PardotConnector connector;
  private final PardotConfig config;
  private final PardotRestClient rest;
  private final Transport transport;
  private final Clock clock;
  private final JobPoller poller;

  PardotSync(
      PardotConnector connector, PardotConfig config, PardotRestClient rest, Transport transport) {
    this.connector = connector;
    this.config = config;
    this.rest = rest;
    this.transport = transport;
    this.clock = transport.config().clock();
    this.poller = JobPoller.create(clock, Duration.ofSeconds(30), Duration.ofMinutes(5));
  }

  SyncResult run(SyncRequest request, RecordSink sink) {
    PardotObject object = connector.object(request.object(), "sync");
    return SyncRun.run(transport, clock, request, sink, run -> body(run, object));
  }

  private void body(SyncRun run, PardotObject object) throws IOException {
    SyncRequest request = run.request();
    String custom = run.checkpoint().get(CUSTOM);
    if (custom == null && object == PardotObject.PROSPECT) {
      custom = PardotConnector.encode(connector.customFields(Activity.SYNC));
      run.checkpoint(run.checkpoint().with(CUSTOM, custom));
    }
    RecordMapping mapping =
        new RecordMapping(
            object,
            connector.shape(object, request.fields(), PardotConnector.decode(custom)),
            config.timeZone());
    Instant bound = clock.instant().truncatedTo(ChronoUnit.SECONDS).minus(config.readLag());
    Pages pages = new Pages(object, mapping, request.includeDeletes() && object.deletes, bound);

    Checkpoint cp = run.checkpoint();
    if (cp.get(EXPORT_FROM) != null) {
      exports(run, object, mapping);
    } else if (cp.get(CursorPager.PAGE_TOKEN) == null && useExport(request, object)) {
      // The first page says whether there is more than a page: if there is, exports read the rest.
      Instant at = instant(cp.get(Checkpoint.CURSOR));
      String id = cp.get(Checkpoint.CURSOR_ID);
      Record[] last = {null};
      CursorPager.Page first =
          pages.fetch(
              new CursorPager.Position(at, id, null),
              r -> {
                if (at == null || compare(r, at, id) > 0) {
                  run.emit(r);
                  last[0] = r;
                }
              });
      Checkpoint next = run.checkpoint();
      if (last[0] != null) {
        next =
            next.with(Checkpoint.CURSOR, last[0].modifiedAt().toString())
                .with(Checkpoint.CURSOR_ID, last[0].id());
      }
      if (first.equals(CursorPager.Page.last())) {
        if (!next.without(CUSTOM).equals(run.checkpoint())) run.checkpoint(next.without(CUSTOM));
        return;
      }
      if (last[0] != null) {
        // from the last record's second (the export's lower bound is exclusive), rows up to it
        // skipped
        next =
            next.with(EXPORT_FROM, last[0].modifiedAt().minusSeconds(1).toString())
                .with(EXPORT_TO, bound.toString())
                .with(EXPORT_SKIP_AT, last[0].modifiedAt().toString())
                .with(EXPORT_SKIP_ID, last[0].id());
        run.checkpoint(next);
        exports(run, object, mapping);
      } else {
        run.checkpoint(next);
      }
    }
    CursorPager.inclusive().idOrder(CursorPager.NUMERIC_IDS).tokensInCursorOrder().pull(run, pages);
    if (run.checkpoint().get(CUSTOM) != null) run.checkpoint(run.checkpoint().without(CUSTOM));
  }

  /**
   * Fetches one page from a position: a new query from the cursor, or the page a token names. The
   * token the pager keeps is Pardot's with what this sync needs to know of its query: when it was
   * issued, the window's end, and whether it finishes one second by id.
   */
  private final class Pages implements CursorPager.Fetcher {
    private final PardotObject object;
    private final RecordMapping mapping;
    private final boolean deletes;
    private final Instant bound;

    /** Records seen at the latest second, to choose how a new query from there starts. */
    private Instant lastSecond;

    private long atLastSecond;

    /** A second whose records were finished by id: the next query starts after it. */
    private Instant finished;

    Pages(PardotObject object, RecordMapping mapping, boolean deletes, Instant bound) {
      this.object = object;
      this.mapping = mapping;
      this.deletes = deletes;
      this.bound = bound;
    }

    @Override
    public CursorPager.Page fetch(CursorPager.Position from, Consumer<Record> records) {
      Token token = from.pageToken() == null ? null : Token.parse(from.pageToken());
      if (token != null) {
        if (!clock.instant().isBefore(token.issued.plus(TOKEN_LIFE))) {
          throw new CursorPager.TokenExpired(
              SYSTEM,
              "GET " + PardotRestClient.API + "objects/" + object.collection,
              "the page token is older than its four hours");
        }
        return next(
            from,
            records,
            rest.next(Activity.SYNC, object, token.value, mapping),
            token.window,
            token.byId);
      }
      Instant since = from.since();
      boolean byId =
          since != null
              && from.afterId() != null
              && since.equals(lastSecond)
              && atLastSecond > REREAD_MAX
              && !since.equals(finished);
      if (byId) {
        PardotRestClient.Page page =
            rest.query(Activity.SYNC, object, query(since, since, from.afterId(), false), mapping);
        if (!page.records().isEmpty() || page.nextPageToken() != null)
          return next(from, records, page, since, true);
        finished = since; // nothing after the cursor in its second: on to the next
      }
      return fresh(from, records);
    }

    /** A new query from the cursor to this sync's window end. */
    private CursorPager.Page fresh(CursorPager.Position from, Consumer<Record> records) {
      Instant since = from.since();
      return next(
          from,
          records,
          rest.query(
              Activity.SYNC,
              object,
              query(since, bound, null, since != null && since.equals(finished)),
              mapping),
          bound,
          false);
    }

    /**
     * The query's parameters: from {@code since} (strictly after it when {@code after}) to {@code
     * until}.
     */
    private Map<String, String> query(Instant since, Instant until, String idAfter, boolean after) {
      Map<String, String> params = new LinkedHashMap<>();
      params.put("fields", String.join(",", mapping.fieldNames()));
      params.put("orderBy", ORDER);
      params.put("limit", Integer.toString(PAGE));
      if (object.deletes) params.put("deleted", deletes ? "all" : "false");
      if (since != null) {
        params.put(
            after ? "updatedAtAfter" : "updatedAtAfterOrEqualTo", PardotRestClient.time(since));
      }
      params.put("updatedAtBeforeOrEqualTo", PardotRestClient.time(until));
      if (idAfter != null) params.put("idGreaterThan", idAfter);
      return params;
    }

    private CursorPager.Page next(
        CursorPager.Position from,
        Consumer<Record> records,
        PardotRestClient.Page page,
        Instant window,
        boolean byId) {
      for (Record r : page.records()) {
        if (r.modifiedAt().equals(lastSecond)) {
          atLastSecond++;
        } else {
          lastSecond = r.modifiedAt();
          atLastSecond = 1;
        }
        records.accept(r);
      }
      if (page.nextPageToken() != null) {
        return CursorPager.Page.next(
            new Token(clock.instant(), window, byId, page.nextPageToken()).toString());
      }
      if (byId)
        finished = from.since(); // the second is read to its end: a query after it comes next
      // finishing a second by id, a sequence stopped at its cap, a resumed token's window ended
      // before this
      // sync's: a new query goes on from the last record (now, if this page had none to move the
      // cursor by)
      if (byId || page.capped() || window.isBefore(bound)) {
        return page.records().isEmpty() ? fresh(from, records) : CursorPager.Page.more();
      }
      return CursorPager.Page.last();
    }
  }

  /** A page token as the checkpoint keeps it: {@code issued~windowEnd~byId~pardotToken}. */
  private record Token(Instant issued, Instant window, boolean byId, String value) {
    @Override
    public String toString() {
      return issued.getEpochSecond()
          + "~"
          + window.getEpochSecond()
          + "~"
          + (byId ? "id" : "t")
          + "~"
          + value;
    }

    static Token parse(String s) {
      String[] parts = s.split("~", 4);
      try {
        return new Token(
            Instant.ofEpochSecond(Long.parseLong(parts[0])),
            Instant.ofEpochSecond(Long.parseLong(parts[1])),
            parts[2].equals("id"),
            parts[3]);
      } catch (RuntimeException e) {
        throw new ConfigurationException(
            SYSTEM,
            "sync",
            "the checkpoint's page token is not one this connector wrote",
            "Pass the checkpoint this connector returned, unchanged",
            null);
      }
    }
  }

  /**
   * A full pull with more than one page, of an object the export API serves, unless exports are
   * off.
   */
  private boolean useExport(SyncRequest request, PardotObject object) {
    if (object.exportName == null) return false;
    String style = request.option(PardotConfig.STYLE_OPTION);
    if (style != null) return style.trim().toUpperCase(Locale.ROOT).equals("BATCH");
    return switch (config.exports()) {
      case ALWAYS -> true;
      case NEVER -> false;
      case AUTO ->
          request.mode() == SyncMode.FULL && request.checkpoint().get(Checkpoint.CURSOR) == null;
    };
  }

  /**
   * Runs the exports the checkpoint describes, a year at a time; then the pager reads on from their
   * end.
   */
  private void exports(SyncRun run, PardotObject object, RecordMapping mapping) {
    Checkpoint cp = run.checkpoint();
    Instant from = instant(cp.get(EXPORT_FROM));
    Instant to = instant(cp.get(EXPORT_TO));
    Instant skipAt = instant(cp.get(EXPORT_SKIP_AT));
    String skipId = cp.get(EXPORT_SKIP_ID);
    while (from.isBefore(to)) {
      Instant windowEnd = from.plus(YEAR).isBefore(to) ? from.plus(YEAR) : to;
      exportWindow(run, object, mapping, from, windowEnd, skipAt, skipId);
      from = windowEnd;
      run.checkpoint(
          run.checkpoint()
              .without(Checkpoint.JOB_ID, Checkpoint.JOB_STARTED, Checkpoint.JOB_POSITION)
              .with(EXPORT_FROM, from.toString()));
    }
    // The pager reads on from the exports' end, re-reading its last second in case the upper bound
    // is exclusive.
    run.checkpoint(
        run.checkpoint()
            .without(
                EXPORT_FROM,
                EXPORT_TO,
                EXPORT_SKIP_AT,
                EXPORT_SKIP_ID,
                Checkpoint.JOB_ID,
                Checkpoint.JOB_STARTED,
                Checkpoint.JOB_POSITION,
                Checkpoint.CURSOR_ID)
            .with(Checkpoint.CURSOR, to.minusSeconds(1).toString()));
  }

  private void exportWindow(
      SyncRun run,
      PardotObject object,
      RecordMapping mapping,
      Instant from,
      Instant to,
      Instant skipAt,
      String skipId) {
    String jobId = run.checkpoint().get(Checkpoint.JOB_ID);
    int position = 1;
    if (jobId != null && run.checkpoint().get(Checkpoint.JOB_POSITION) != null) {
      try {
        position = Integer.parseInt(run.checkpoint().get(Checkpoint.JOB_POSITION));
      } catch (NumberFormatException e) {
        throw new ConfigurationException(
            SYSTEM,
            "sync",
            "the checkpoint's export file number is not a number",
            "Pass the checkpoint this connector returned, unchanged",
            e);
      }
    }
    List<String> files = null;
    if (jobId != null) {
      try {
        String id = jobId;
        files = JobDownload.await(run, poller, id, "export " + id, () -> poll(id));
      } catch (JobGoneException gone) {
        // expired (7 days) or unknown: a new export for the same window, in this sync
        jobId = null;
        position = 1;
        run.checkpoint(run.checkpoint().without(Checkpoint.JOB_POSITION));
      }
    }
    if (jobId == null) {
      jobId = create(object, mapping, from, to);
      // A crash or a park from here on resumes this export.
      run.checkpoint(
          run.checkpoint()
              .with(Checkpoint.JOB_ID, jobId)
              .with(Checkpoint.JOB_POSITION, "1")
              .without(Checkpoint.JOB_STARTED));
      String id = jobId;
      files = JobDownload.await(run, poller, id, "export " + id, () -> poll(id));
    }
    for (int i = position; i <= files.size(); i++) {
      run.checkContinue();
      rest.download(
          Activity.SYNC,
          files.get(i - 1),
          mapping,
          r -> {
            if (skipAt == null || compare(r, skipAt, skipId) > 0) run.emit(r);
          });
      run.checkpoint(
          run.checkpoint()
              .with(Checkpoint.JOB_ID, jobId)
              .with(Checkpoint.JOB_POSITION, Integer.toString(i + 1)));
    }
  }

  /**
   * Creates an export of {@code (from, to]}: not retried once it may have reached Pardot (a second
   * export would queue).
   */
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
    Map<String, Object> created =
        rest.jsonOnce(Activity.SYNC, "POST", rest.url("exports").build(), body);
    Object export =
        created.get("export") instanceof Map<?, ?> wrapped ? wrapped : created; // v4 wraps it
    Object id = export instanceof Map<?, ?> m ? m.get("id") : null;
    if (id == null) {
      throw new ProtocolException(
          SYSTEM,
          "POST /" + PardotRestClient.API + "exports",
          "the export reply has no id",
          "Report this to Salesforce support; the next sync starts a new export",
          null);
    }
    return id.toString();
  }

  /**
   * One read of an export: its status or state (field name and casing unsettled), and its result
   * links when complete.
   */
  private JobPoller.Status<List<String>> poll(String id) {
    Map<String, Object> export;
    try {
      export = rest.json(Activity.SYNC, "GET", rest.url("exports/" + id).build(), null);
    } catch (VendorApiException e) {
      if (e.httpStatus() == 404) return JobPoller.Status.gone(e.getMessage());
      throw e;
    }
    if (export.get("export") instanceof Map<?, ?> wrapped) {
      @SuppressWarnings("unchecked")
      Map<String, Object> inner = (Map<String, Object>) wrapped;
      export = inner;
    }
    Object state = export.get("status") != null ? export.get("status") : export.get("state");
    String s = state == null ? "" : state.toString().toLowerCase(Locale.ROOT);
    if (Boolean.TRUE.equals(export.get("isExpired")))
      return JobPoller.Status.gone("the export's files expired (Pardot keeps them 7 days)");
    if (s.equals("complete") || s.equals("completed")) {
      Object refs = export.get("resultRefs");
      List<String> files = new ArrayList<>();
      if (refs instanceof String one) files.add(one); // a single file is a string in v4
      else if (refs instanceof List<?> many) for (Object r : many) files.add(r.toString());
      return JobPoller.Status.done(files);
    }
    if (s.equals("failed")
        || s.equals("aborted")
        || s.equals("cancelled")
        || s.equals("canceled")) {
      return JobPoller.Status.failed("export " + id + " ended " + state);
    }
    return JobPoller.Status.running();
  }

  /**
   * Orders a record against {@code (at, id)}, ids compared as numbers as Pardot sorts them; no id:
   * its whole second.
   */
  private static int compare(Record r, Instant at, String id) {
    int c = r.modifiedAt().compareTo(at);
    if (c != 0 || id == null) return c;
    return CursorPager.NUMERIC_IDS.compare(r.id(), id);
  }

  private static Instant instant(String s) {
    if (s == null) return null;
    try {
      return Values.instant(s);
    } catch (DateTimeException e) {
      throw new ConfigurationException(
          SYSTEM,
          "sync",
          "the checkpoint holds a value that is not an instant where one " + "belongs",
          "Pass the checkpoint this connector returned, unchanged",
          e);
    }
  }
}
