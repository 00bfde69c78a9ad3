package dev.revsync.eloqua.internal;

import dev.revsync.Activity;
import dev.revsync.Checkpoint;
import dev.revsync.ProtocolException;
import dev.revsync.Record;
import dev.revsync.SyncMode;
import dev.revsync.SyncRequest;
import dev.revsync.VendorApiException;
import dev.revsync.spi.JobPoller;
import dev.revsync.spi.SyncRun;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Executor;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One sync of one object through Bulk exports: create the export definition(s), create their
 * syncs, poll them ({@link JobPoller}), then page {@code /syncs/{id}/data} at 50,000 rows.
 *
 * <h2>Checkpoint</h2>
 * {@link Checkpoint#CURSOR} is the inclusive lower bound of the next export's filter. While an
 * export is being read, the checkpoint also holds its syncs ({@link Checkpoint#JOB_ID}), the next
 * row offset ({@link Checkpoint#JOB_POSITION}) and what is needed to finish it: a resumed sync
 * reads on from that offset in the same staged data, without a new export, while Eloqua keeps it
 * ({@value ExportDefinitions#EXPORT_RETENTION}); once it is gone the export is made again from the
 * same lower bound.
 *
 * <h2>Cursor</h2>
 * Eloqua's timestamps and filter literals have whole seconds, and an export is a snapshot taken
 * some time after its sync is created, while records keep changing. A strict {@code >} on the last
 * value seen would lose a record changed later in that same second; so the filter is {@code >=}
 * and the next lower bound is the second of the newest record delivered ({@code M}): everything
 * changed after the snapshot has a timestamp at or after that second. Only when that second had
 * ended before the sync was created (by the server's own {@code createdAt}) can no record still
 * take it, and the bound moves one second further, so an unchanged object yields nothing the next
 * time. At worst the records of one second are delivered twice; delivery is at-least-once and
 * records carry id and modification time for the host to deduplicate.
 *
 * <p>Activities are never updated: they are read in half-open windows on
 * {@code {{Activity.CreatedAt}}} ending an hour before now (bouncebacks arrive late), and a window
 * holding 5,000,000 rows or more (Eloqua's cap per activity sync) is halved and exported again.
 *
 * <p>Not thread-safe: one instance runs one sync.
 */
final class ExportSync {
  private static final Logger log = LoggerFactory.getLogger(ExportSync.class);

  static final String JOB_KIND = "jobKind";
  static final String JOB_DEFINITIONS = "jobDefinitions";
  static final String JOB_FROM = "jobFrom";
  static final String JOB_TO = "jobTo";
  static final String JOB_CREATED_AT = "jobCreatedAt";
  static final String JOB_STAGED_UNTIL = "jobStagedUntil";
  static final String JOB_TOTAL = "jobTotal";
  static final String JOB_MAX_SEEN = "jobMaxSeen";
  static final String JOB_FIELDS = "jobFields";
  static final String JOB_MODE = "jobMode";
  /** The ids of the last id-only export, for the delete diff. */
  static final String KNOWN_IDS = "knownIds";
  static final String[] JOB_KEYS = {Checkpoint.JOB_ID, Checkpoint.JOB_POSITION, JOB_KIND, JOB_DEFINITIONS, JOB_FROM,
      JOB_TO, JOB_CREATED_AT, JOB_STAGED_UNTIL, JOB_TOTAL, JOB_MAX_SEEN, JOB_FIELDS, JOB_MODE};

  static final String KIND_RECORDS = "records";
  static final String KIND_WINDOW = "window";
  static final String KIND_IDS = "ids";

  /** Eloqua's cap on rows per activity sync. */
  static final long ACTIVITY_SYNC_CAP = 5_000_000;
  /** Activity windows end this long before now: bouncebacks are recorded late. */
  static final Duration ACTIVITY_LAG = Duration.ofHours(1);
  /** Where a first activity window starts once it must be split (Eloqua began in 1999). */
  static final Instant ACTIVITY_EPOCH = Instant.parse("2000-01-01T00:00:00Z");
  /** Staged data is treated as gone this long before its retention ends, by our clock. */
  static final Duration STAGING_MARGIN = Duration.ofHours(1);

  private final EloquaBulkClient client;
  private final EloquaObject object;
  private final List<EloquaField> fields;
  private final List<EloquaField> output;
  private final EloquaField idField;
  private final EloquaField cursorField;
  private final SyncRequest request;
  private final boolean idDiffDeletes;
  private final Clock clock;
  private final JobPoller poller;
  private final Executor joinPool;
  private final String fieldsKey;
  private final int pageSize;

  /** Exports and staged data read; a page size is settable for tests of paging. */
  ExportSync(EloquaBulkClient client, EloquaObject object, List<EloquaField> fields, List<EloquaField> output,
      EloquaField idField, EloquaField cursorField, SyncRequest request, boolean idDiffDeletes, Clock clock,
      JobPoller poller, Executor joinPool, int pageSize) {
    this.client = client;
    this.object = object;
    this.fields = fields;
    this.output = output;
    this.idField = idField;
    this.cursorField = cursorField;
    this.request = request;
    this.idDiffDeletes = idDiffDeletes;
    this.clock = clock;
    this.poller = poller;
    this.joinPool = joinPool;
    this.pageSize = pageSize;
    this.fieldsKey = Integer.toHexString(fields.stream().map(EloquaField::statement).toList().hashCode());
  }

  /** A staged export that is no longer there (past its retention, or deleted). */
  private static final class StagedDataGone extends Exception {
    private static final long serialVersionUID = 1L;

    StagedDataGone(String message) {
      super(message, null, false, false);
    }
  }

  /** An export in flight, as the checkpoint holds it. */
  private record Job(String kind, List<String> syncUris, List<String> definitionUris, Instant from, Instant to,
      Instant createdAt, Instant stagedUntil, long offset, long total, Instant maxSeen, String fields, SyncMode mode) {

    static Job read(Checkpoint cp) {
      String syncs = cp.get(Checkpoint.JOB_ID);
      if (syncs == null || syncs.isEmpty() || cp.get(JOB_KIND) == null) return null;
      try {
        return new Job(cp.get(JOB_KIND), List.of(syncs.split(",")), list(cp.get(JOB_DEFINITIONS)),
            instant(cp.get(JOB_FROM)), instant(cp.get(JOB_TO)), instant(cp.get(JOB_CREATED_AT)),
            instant(cp.get(JOB_STAGED_UNTIL)), number(cp.get(Checkpoint.JOB_POSITION), 0),
            number(cp.get(JOB_TOTAL), -1), instant(cp.get(JOB_MAX_SEEN)), cp.get(JOB_FIELDS),
            "FULL".equals(cp.get(JOB_MODE)) ? SyncMode.FULL : SyncMode.INCREMENTAL);
      } catch (RuntimeException e) {
        log.warn("eloqua: ignoring an unreadable export in the checkpoint ({}); exporting again", e.toString());
        return null;
      }
    }

    Checkpoint write(Checkpoint cp) {
      return cp.with(JOB_KIND, kind).with(Checkpoint.JOB_ID, String.join(",", syncUris))
          .with(JOB_DEFINITIONS, String.join(",", definitionUris))
          .with(JOB_FROM, str(from)).with(JOB_TO, str(to)).with(JOB_CREATED_AT, str(createdAt))
          .with(JOB_STAGED_UNTIL, str(stagedUntil)).with(Checkpoint.JOB_POSITION, Long.toString(offset))
          .with(JOB_TOTAL, total >= 0 ? Long.toString(total) : null).with(JOB_MAX_SEEN, str(maxSeen))
          .with(JOB_FIELDS, fields).with(JOB_MODE, mode.name());
    }

    Job at(long offset, long total, Instant maxSeen) {
      return new Job(kind, syncUris, definitionUris, from, to, createdAt, stagedUntil, offset, total, maxSeen, fields,
          mode);
    }
  }

  void run(SyncRun run) throws Exception {
    Checkpoint cp = run.checkpoint();
    Job job = Job.read(cp);
    if (job != null && !KIND_IDS.equals(job.kind()) && !fieldsKey.equals(job.fields())) {
      log.info("eloqua: {} fields changed since the export in the checkpoint; exporting again", object.name());
      job = null;
    }
    if (job != null && request.mode() == SyncMode.FULL && job.mode() != SyncMode.FULL) job = null;
    if (job == null || !KIND_IDS.equals(job.kind())) {
      if (object.isActivity()) activities(run, job);
      else records(run, job);
      job = null;
    }
    if (idDiffDeletes && request.includeDeletes() && !object.isActivity()) {
      deletes(run, job);
    } else if (job != null) {
      run.checkpoint(run.checkpoint().without(JOB_KEYS)); // an id export no longer wanted
    }
  }

  // ---- Contacts, accounts, custom objects ----------------------------------------------------

  private void records(SyncRun run, Job resumed) throws Exception {
    Instant from = request.mode() == SyncMode.FULL ? null : instant(run.checkpoint().get(Checkpoint.CURSOR));
    Job done = null;
    if (resumed != null && KIND_RECORDS.equals(resumed.kind())) {
      from = resumed.from();
      done = resume(run, resumed);
    }
    if (done == null) {
      Job job = export(run, KIND_RECORDS, ExportDefinitions.split(fields, idField, cursorField), from, null,
          request.mode());
      done = download(run, job, false, Long.MAX_VALUE);
    }
    Instant next = nextCursor(done.maxSeen(), done.createdAt(), done.from());
    Checkpoint cp = run.checkpoint().without(JOB_KEYS);
    run.checkpoint(next == null ? cp.without(Checkpoint.CURSOR) : cp.with(Checkpoint.CURSOR, next.toString()));
  }

  /**
   * The lower bound of the next export after one that delivered records up to {@code maxSeen}
   * from a sync the server created at {@code syncCreatedAt} (see the class comment).
   */
  static Instant nextCursor(Instant maxSeen, Instant syncCreatedAt, Instant previous) {
    if (maxSeen == null) return previous;
    Instant second = maxSeen.truncatedTo(ChronoUnit.SECONDS);
    if (syncCreatedAt != null && second.isBefore(syncCreatedAt.truncatedTo(ChronoUnit.SECONDS))) {
      second = second.plusSeconds(1);
    }
    return previous != null && previous.isAfter(second) ? previous : second;
  }

  /** Reads a staged export on from the checkpoint; null when it is gone and must be made again. */
  private Job resume(SyncRun run, Job job) throws Exception {
    if (job.stagedUntil() != null && !clock.instant().isBefore(job.stagedUntil())) {
      log.info("eloqua: the staged data of {} expired at {}; exporting again from {}", job.syncUris(),
          job.stagedUntil(), job.from());
      return null;
    }
    try {
      return download(run, job, true, Long.MAX_VALUE);
    } catch (StagedDataGone e) {
      log.info("eloqua: {}; exporting again from {}", e.getMessage(), job.from());
      return null;
    }
  }

  // ---- Activities ------------------------------------------------------------------------------

  private void activities(SyncRun run, Job resumed) throws Exception {
    Instant end = clock.instant().minus(ACTIVITY_LAG).truncatedTo(ChronoUnit.SECONDS);
    Instant from = request.mode() == SyncMode.FULL ? null : instant(run.checkpoint().get(Checkpoint.CURSOR));
    Instant to = end;
    if (resumed != null && KIND_WINDOW.equals(resumed.kind()) && resumed.to() != null) {
      from = resumed.from();
      to = resumed.to();
      if (resume(run, resumed) != null) {
        run.checkpoint(run.checkpoint().without(JOB_KEYS).with(Checkpoint.CURSOR, to.toString()));
        from = to;
        to = end;
      }
    }
    while (from == null || from.isBefore(end)) {
      if (to.isAfter(end)) to = end;
      Job job = export(run, KIND_WINDOW, ExportDefinitions.split(fields, idField, cursorField), from, to,
          request.mode());
      Instant start = from == null ? ACTIVITY_EPOCH : from;
      boolean splittable = Duration.between(start, to).getSeconds() > 1;
      try {
        download(run, job, false, splittable ? ACTIVITY_SYNC_CAP : Long.MAX_VALUE);
      } catch (WindowTooLarge e) {
        // Rows of its first page were delivered and come again in the narrower windows (at-least-once).
        Instant half = start.plus(Duration.between(start, to).dividedBy(2)).truncatedTo(ChronoUnit.SECONDS);
        log.info("eloqua: {} {} activities from {} to {} pass Eloqua's 5,000,000 per sync; narrowing to {}",
            e.rows, object.name(), start, to, half);
        run.checkpoint(run.checkpoint().without(JOB_KEYS));
        from = start;
        to = half;
        continue;
      }
      run.checkpoint(run.checkpoint().without(JOB_KEYS).with(Checkpoint.CURSOR, to.toString()));
      from = to;
      to = end;
    }
  }

  /** An activity window whose export holds at least Eloqua's cap of rows per sync. */
  private static final class WindowTooLarge extends Exception {
    private static final long serialVersionUID = 1L;
    final long rows;

    WindowTooLarge(long rows) {
      super(null, null, false, false);
      this.rows = rows;
    }
  }

  // ---- Deletes ---------------------------------------------------------------------------------

  /**
   * The id diff: an export of every id ({@code {"Id":"{{Contact.Id}}"}}), compared with the ids
   * the previous diff saw; those missing now are delivered as deleted records.
   */
  private void deletes(SyncRun run, Job resumed) throws Exception {
    List<EloquaField> idOnly = List.of(idField);
    IdSet current = IdSet.empty();
    boolean[] numeric = {true};
    Job done = null;
    if (resumed != null && KIND_IDS.equals(resumed.kind())) done = resumeIds(run, resumed, current, numeric);
    if (done == null) {
      current = IdSet.empty();
      numeric[0] = true;
      Job job = export(run, KIND_IDS, List.of(idOnly), null, null, request.mode());
      done = readIds(run, job, current, numeric, false);
    }
    if (!numeric[0]) {
      log.warn("eloqua: {} has ids that are not integers; deletions cannot be diffed", object.name());
      run.checkpoint(run.checkpoint().without(JOB_KEYS));
      return;
    }
    String known = run.checkpoint().get(KNOWN_IDS);
    if (known != null) {
      IdSet previous;
      try {
        previous = IdSet.decode(known);
      } catch (IllegalArgumentException e) {
        log.warn("eloqua: the id set in the checkpoint is unreadable ({}); deletions start over", e.getMessage());
        previous = null;
      }
      if (previous != null) {
        Instant at = done.createdAt() != null ? done.createdAt() : clock.instant();
        previous.forEachMissingFrom(current,
            id -> run.emit(Record.deleted(object.name(), Long.toString(id), at, Map.of())));
      }
    }
    run.checkpoint(run.checkpoint().without(JOB_KEYS).with(KNOWN_IDS, current.encode()));
  }

  private Job resumeIds(SyncRun run, Job job, IdSet current, boolean[] numeric) throws Exception {
    if (job.stagedUntil() != null && !clock.instant().isBefore(job.stagedUntil())) return null;
    try {
      return readIds(run, job.at(0, job.total(), null), current, numeric, true);
    } catch (StagedDataGone e) {
      return null;
    }
  }

  /** Reads every id of an id export; the set is whole only at the end, so its offset is not kept. */
  private Job readIds(SyncRun run, Job job, IdSet into, boolean[] numeric, boolean resumed) throws Exception {
    long offset = 0;
    long total = job.total();
    while (true) {
      run.checkContinue();
      EloquaBulkClient.Page page = page(job, 0 == offset && resumed, offset, job.syncUris().get(0), row -> {
        if (!into.add(row.getOrDefault(idField.name(), ""))) numeric[0] = false;
      });
      offset += page.count();
      if (page.totalResults() >= 0) total = page.totalResults();
      if (!page.hasMore() || page.count() == 0) return job.at(offset, total, null);
    }
  }

  // ---- Shared export machinery -----------------------------------------------------------------

  /**
   * Creates one definition per field group and their syncs back to back (so a split export's parts
   * are snapshots close together), waits for them, and checkpoints the job at offset 0.
   */
  private Job export(SyncRun run, String kind, List<List<EloquaField>> groups, Instant from, Instant to,
      SyncMode mode) {
    String filter = ExportDefinitions.filter(object, from, to);
    Instant now = clock.instant();
    List<String> definitions = new ArrayList<>();
    for (List<EloquaField> group : groups) {
      definitions.add(client.createDefinition(Activity.SYNC, object.path() + "/exports",
          ExportDefinitions.exportBody(ExportDefinitions.name(kind, object, now), group, filter)));
    }
    List<EloquaBulkClient.SyncInfo> syncs = new ArrayList<>();
    for (String definition : definitions) syncs.add(client.createSync(Activity.SYNC, definition));
    for (EloquaBulkClient.SyncInfo sync : syncs) await(sync);
    Instant createdAt = RecordMapping.parseTimestampOrNull(syncs.get(0).createdAt());
    Job job = new Job(kind, syncs.stream().map(EloquaBulkClient.SyncInfo::uri).toList(), definitions, from, to,
        createdAt, now.plus(ExportDefinitions.EXPORT_RETENTION_DURATION).minus(STAGING_MARGIN), 0, -1, null,
        KIND_IDS.equals(kind) ? null : fieldsKey, mode);
    run.checkpoint(job.write(run.checkpoint()));
    return job;
  }

  /** Polls a sync until it is done; {@code error} (or any unknown status) becomes the typed failure its logs name. */
  private void await(EloquaBulkClient.SyncInfo created) {
    String uri = created.uri();
    poller.await(EloquaConfig.SYSTEM, "Bulk API export sync " + uri + " of " + object.name(), () -> {
      EloquaBulkClient.SyncInfo sync = client.sync(Activity.SYNC, uri);
      if (sync.running()) return JobPoller.Status.running();
      if (sync.succeeded()) {
        if (sync.warning()) {
          for (EloquaErrors.SyncLog l : client.logs(Activity.SYNC, uri)) {
            log.warn("eloqua: export sync {} of {} ended with a warning: {} {} {}", uri, object.name(),
                l.statusCode(), l.message(), l.count());
          }
        }
        return JobPoller.Status.done(sync);
      }
      throw EloquaErrors.syncFailure("GET " + uri, uri, sync.status(), client.logs(Activity.SYNC, uri));
    }, request.deadline());
  }

  /**
   * Reads a job's staged data from its offset to the end, delivering records and checkpointing each
   * page. A first page announcing {@code cap} rows or more stops it with {@link WindowTooLarge}.
   */
  private Job download(SyncRun run, Job start, boolean resumed, long cap) throws Exception {
    StagedReader reader = new StagedReader(client, Activity.SYNC, start.syncUris(), idField.name(),
        cursorField.name(), joinPool);
    Job job = start;
    long offset = job.offset();
    long total = job.total();
    Instant[] maxSeen = {job.maxSeen()};
    boolean first = resumed;
    while (true) {
      run.checkContinue();
      if (total >= 0 && offset >= total && offset > 0) break;
      EloquaBulkClient.Page page = page(job, first, offset, null, reader, row -> {
        Record record = record(row);
        if (record.modifiedAt() != null && (maxSeen[0] == null || record.modifiedAt().isAfter(maxSeen[0]))) {
          maxSeen[0] = record.modifiedAt();
        }
        run.emit(record);
      });
      first = false;
      if (offset == 0 && page.totalResults() >= cap) throw new WindowTooLarge(page.totalResults());
      offset += page.count();
      if (page.totalResults() >= 0) total = page.totalResults();
      job = job.at(reader.resumeOffset(offset), total, maxSeen[0]);
      run.checkpoint(job.write(run.checkpoint()));
      if (total >= 0) run.backlogEstimate(Math.max(0, total - offset));
      if (!page.hasMore() || page.count() == 0) break;
    }
    reader.finish();
    return job.at(offset, total, maxSeen[0]);
  }

  private EloquaBulkClient.Page page(Job job, boolean resumedFirst, long offset, String onlySync,
      EloquaBulkClient.RowSink rows) throws StagedDataGone {
    StagedReader reader = new StagedReader(client, Activity.SYNC, List.of(onlySync), idField.name(),
        cursorField.name(), joinPool);
    return page(job, resumedFirst, offset, onlySync, reader, rows);
  }

  /**
   * One page; on the first page read from a checkpoint, a 404 or an empty page before the known end
   * means the staged data is gone.
   */
  private EloquaBulkClient.Page page(Job job, boolean resumedFirst, long offset, String label, StagedReader reader,
      EloquaBulkClient.RowSink rows) throws StagedDataGone {
    EloquaBulkClient.Page page;
    try {
      page = reader.page(offset, pageSize, rows);
    } catch (VendorApiException e) {
      if (resumedFirst && (e.httpStatus() == 404 || e.httpStatus() == 410)) {
        throw new StagedDataGone("the staged data of " + job.syncUris() + " is gone (HTTP " + e.httpStatus() + ")");
      }
      throw e;
    }
    if (resumedFirst && page.count() == 0 && offset > 0 && !(job.total() >= 0 && offset >= job.total())) {
      throw new StagedDataGone("the staged data of " + job.syncUris() + " has no rows at offset " + offset);
    }
    return page;
  }

  private Record record(Map<String, String> row) {
    String id = row.get(idField.name());
    if (id == null || id.isEmpty()) {
      throw new ProtocolException(EloquaConfig.SYSTEM, "GET /syncs/{id}/data",
          "a row of " + object.name() + " has no " + idField.name() + " (keys " + row.keySet() + ")",
          "Retry later; report it if it persists", null);
    }
    Object modified = RecordMapping.value(cursorField, row.get(cursorField.name()), id);
    Map<String, Object> values = new LinkedHashMap<>();
    for (EloquaField f : output) values.put(f.name(), RecordMapping.value(f, row.get(f.name()), id));
    return Record.of(object.name(), id, (Instant) modified, values);
  }

  // ---- Small helpers ---------------------------------------------------------------------------

  private static List<String> list(String value) {
    return value == null || value.isEmpty() ? List.of() : Arrays.asList(value.split(","));
  }

  private static Instant instant(String value) {
    return value == null || value.isEmpty() ? null : Instant.parse(value);
  }

  private static long number(String value, long fallback) {
    return value == null || value.isEmpty() ? fallback : Long.parseLong(value);
  }

  private static String str(Instant instant) {
    return instant == null ? null : instant.toString();
  }
}
