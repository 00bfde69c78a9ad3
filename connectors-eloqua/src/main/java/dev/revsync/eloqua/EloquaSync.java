package dev.revsync.eloqua;

import static dev.revsync.eloqua.ExportCheckpoint.IDS_KEYS;
import static dev.revsync.eloqua.ExportCheckpoint.JOB_KEYS;
import static dev.revsync.eloqua.ExportCheckpoint.KNOWN_IDS;
import static dev.revsync.eloqua.ExportCheckpoint.instant;

import dev.revsync.Activity;
import dev.revsync.Checkpoint;
import dev.revsync.ProtocolException;
import dev.revsync.Record;
import dev.revsync.RevsyncException;
import dev.revsync.SyncMode;
import dev.revsync.SyncRequest;
import dev.revsync.VendorApiException;
import dev.revsync.eloqua.ExportCheckpoint.IdsJob;
import dev.revsync.eloqua.ExportCheckpoint.Job;
import dev.revsync.eloqua.ExportCheckpoint.Position;
import dev.revsync.spi.JobDownload;
import dev.revsync.spi.JobGoneException;
import dev.revsync.spi.JobPoller;
import dev.revsync.spi.RecordShape;
import dev.revsync.spi.SyncRun;
import dev.revsync.spi.Values;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Executor;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One sync of one object through Bulk exports: create the export definition(s) and their syncs,
 * wait for them with the shared {@link JobPoller}, then page {@code /syncs/{id}/data} with {@link
 * JobDownload} at 50,000 rows a page.
 *
 * <h2>Checkpoint</h2>
 *
 * {@link Checkpoint#CURSOR} is the inclusive lower bound of the next export's filter. As soon as an
 * export's syncs exist the checkpoint also holds them ({@link Checkpoint#JOB_ID}), and after each
 * page the position in their staged data ({@link Checkpoint#JOB_POSITION}: the next offset, with
 * the total and the newest timestamp seen so far). A sync stopped by the budget, the window or a
 * crash resumes waiting for, or reading, the same staged data by offset, without a new export,
 * while Eloqua keeps it ({@value ExportDefinitions#EXPORT_RETENTION}); once it is gone the export
 * is made again from the same lower bound.
 *
 * <h2>Cursor</h2>
 *
 * Eloqua's timestamps and filter literals have whole seconds, and an export is a snapshot taken
 * some time after its sync is created, while records keep changing. A strict {@code >} on the last
 * value seen would lose a record changed later in that same second; so the filter is {@code >=} and
 * the next lower bound is the second of the newest record delivered ({@code M}): everything changed
 * after the snapshot has a timestamp at or after that second. Only when that second had ended
 * before the sync was created (by the server's own {@code createdAt}) can no record still take it,
 * and the bound moves one second further, so an unchanged object yields nothing the next time. At
 * worst the records of one second are delivered twice; delivery is at-least-once and records carry
 * id and modification time for the host to deduplicate. (Eloqua's export order is not the cursor's
 * order, so a single-id tie-breaker cannot be used.)
 *
 * <p>When the newest records delivered carry the second the export began in (the object is changing
 * as it is read), one catch-up export from that second follows at once: it delivers the changes
 * made meanwhile and lets the cursor step past that second. At most one per pull, also when a
 * parked pull takes several calls (the catch-up job is marked in the checkpoint); the request
 * option {@code catchUp=false} turns it off.
 *
 * <p>Activities are never updated: they are read in half-open windows on {@code
 * {{Activity.CreatedAt}}} ending an hour before now (bouncebacks arrive late), and a window holding
 * 5,000,000 rows or more (Eloqua's cap per activity sync) is halved and exported again.
 *
 * <h2>Deletes</h2>
 *
 * With {@code idDiffDeletes}, an id-only export is synced together with the records export (one
 * snapshot time for both); after the records, its ids are compared with the previous sync's, kept
 * in the checkpoint as an {@link IdSet}, and the missing ones are delivered as deleted records.
 *
 * <p>Not thread-safe: one instance runs one sync.
 */
final class EloquaSync {
  private static final Logger log = LoggerFactory.getLogger(EloquaSync.class);

  /**
   * The {@link SyncRequest#option(String)} that turns the catch-up export off ({@code
   * catchUp=false}).
   */
  static final String CATCH_UP_OPTION = "catchUp";

  static final String KIND_RECORDS = "records";

  /**
   * A records export that is itself the catch-up: marked in the checkpoint so that a parked one,
   * resumed by a later call, does not start another (at most one catch-up per pull, however many
   * calls a parked pull takes).
   */
  static final String KIND_CATCH_UP = "catchup";

  static final String KIND_WINDOW = "window";

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

  /** The fields records carry, and where the cursor field is among them (-1 if not). */
  private final EloquaField[] outputFields;

  private final int cursorAt;

  /** Every export key, as data rows are read: one shape for the sync. */
  private final RecordShape keys;

  /**
   * The records' shape, and for each output field its position there and its key's among {@link
   * #keys} (-1 if none).
   */
  private final RecordShape shape;

  private final int[] outputAt;
  private final int[] keyAt;

  /**
   * Whether the keys are the output fields, each once, in their order: a row's array then becomes
   * its record's values in place (each value read before it is written).
   */
  private final boolean inPlace;

  /** Per output field, how its text becomes its value ({@link RecordMapping#parser}). */
  private final Values.Parser<?>[] parsers;

  private final Values.Parser<?> cursorParser;
  private final int idKeyAt;
  private final int cursorKeyAt;
  private final EloquaField idField;
  private final EloquaField cursorField;
  private final SyncRequest request;
  private final boolean deletes;
  private final Clock clock;
  private final JobPoller poller;
  private final Executor joinPool;
  private final String fieldsKey;
  private final int pageSize;
  private final ZoneId zone;
  private final boolean catchUp;

  /**
   * @param fields what the export reads: the id and cursor fields first, then the rest
   * @param output the fields records carry
   * @param pageSize rows per data page (Eloqua's maximum, 50,000, outside tests)
   */
  EloquaSync(
      EloquaBulkClient client,
      EloquaObject object,
      List<EloquaField> fields,
      List<EloquaField> output,
      EloquaField idField,
      EloquaField cursorField,
      SyncRequest request,
      boolean idDiffDeletes,
      ZoneId zone,
      Clock clock,
      JobPoller poller,
      Executor joinPool,
      int pageSize) {
    this.client = client;
    this.object = object;
    this.fields = fields;
    this.outputFields = output.toArray(new EloquaField[0]);
    this.cursorAt = output.indexOf(cursorField);
    // The keys in the records' order first, so a row usually becomes its record in place.
    List<EloquaField> keyOrder = new ArrayList<>(output);
    keyOrder.addAll(fields);
    this.keys = RecordShape.of(object.name(), distinctNames(keyOrder));
    this.shape = RecordShape.of(object.name(), distinctNames(output));
    this.outputAt = new int[outputFields.length];
    this.keyAt = new int[outputFields.length];
    this.parsers = new Values.Parser<?>[outputFields.length];
    this.cursorParser = RecordMapping.parser(cursorField, zone);
    for (int i = 0; i < outputFields.length; i++) {
      parsers[i] = RecordMapping.parser(outputFields[i], zone);
      outputAt[i] =
          shape.indexOf(
              outputFields[i].name()); // a name given twice keeps its first place, as a map would
      keyAt[i] = keys.indexOf(outputFields[i].name());
    }
    this.inPlace = keys.size() == outputFields.length && shape.size() == outputFields.length;
    this.idKeyAt = keys.indexOf(idField.name());
    this.cursorKeyAt = keys.indexOf(cursorField.name());
    this.idField = idField;
    this.cursorField = cursorField;
    this.request = request;
    this.deletes = idDiffDeletes && request.includeDeletes() && !object.isActivity();
    this.clock = clock;
    this.poller = poller;
    this.joinPool = joinPool;
    this.pageSize = pageSize;
    this.zone = zone;
    this.catchUp = !"false".equalsIgnoreCase(request.option(CATCH_UP_OPTION));
    this.fieldsKey =
        Integer.toHexString(fields.stream().map(EloquaField::statement).toList().hashCode());
  }

  /** A staged export that is no longer there (past its retention, or deleted). */
  private static final class StagedDataGone extends Exception {
    private static final long serialVersionUID = 1L;

    StagedDataGone(String message) {
      super(message, null, false, false);
    }
  }

  /**
   * A sync that ended {@code error}: its typed failure, raised once the job left the checkpoint.
   */
  private static final class SyncFailed extends RuntimeException {
    private static final long serialVersionUID = 1L;
    final RevsyncException failure;

    SyncFailed(RevsyncException failure) {
      super(failure.getMessage(), null, false, false);
      this.failure = failure;
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

  void run(SyncRun run) throws Exception {
    Checkpoint cp = run.checkpoint();
    Job job = Job.read(cp);
    if (job != null && !fieldsKey.equals(job.fields())) {
      log.info(
          "eloqua: the fields of {} changed since the export in the checkpoint; exporting again",
          object.name());
      job = null;
    }
    if (job != null && request.mode() == SyncMode.FULL && job.mode() != SyncMode.FULL) job = null;
    IdsJob ids = IdsJob.read(cp);
    if (!deletes && ids != null) {
      run.checkpoint(run.checkpoint().without(IDS_KEYS)); // an id export no longer wanted
      ids = null;
    }
    if (job == null
        && ids != null
        && Job.read(cp) == null
        && (request.mode() == SyncMode.INCREMENTAL
            || "true".equals(cp.get(ExportCheckpoint.IDS_AFTER_FULL)))) {
      deletes(run, ids); // the records were read; the id export is what is left
      return;
    }
    if (object.isActivity()) {
      activities(run, job);
      return;
    }
    records(run, job);
    if (deletes) {
      if (request.mode() == SyncMode.FULL) {
        run.checkpoint(run.checkpoint().with(ExportCheckpoint.IDS_AFTER_FULL, "true"));
      }
      deletes(run, IdsJob.read(run.checkpoint()));
    }
  }

  // ---- Contacts, accounts, custom objects ----------------------------------------------------

  private void records(SyncRun run, Job resumed) throws Exception {
    Instant from =
        request.mode() == SyncMode.FULL ? null : instant(run.checkpoint().get(Checkpoint.CURSOR));
    Position done = null;
    Job job = resumed;
    boolean caughtUp = false;
    if (resumed != null
        && (KIND_RECORDS.equals(resumed.kind()) || KIND_CATCH_UP.equals(resumed.kind()))) {
      from = resumed.from();
      caughtUp = KIND_CATCH_UP.equals(resumed.kind());
      done = resume(run, resumed);
    }
    if (done == null) {
      job =
          export(
              run,
              KIND_RECORDS,
              ExportDefinitions.split(fields, idField, cursorField),
              from,
              null,
              deletes);
      done = download(run, await(run, job), false, Long.MAX_VALUE);
    }
    Instant next = advance(run, done, job, from);
    if (catchUp
        && !caughtUp
        && done.maxSeen() != null
        && next.equals(done.maxSeen().truncatedTo(ChronoUnit.SECONDS))) {
      // The newest records carry a second that had not ended when the export began: the object is
      // changing as we read it. One catch-up export from that second delivers what changed
      // meanwhile and lets the cursor step past it, so the next sync does not repeat it.
      log.info(
          "eloqua: {} changed while it was exported (newest {}); one catch-up export from {}",
          object.name(),
          done.maxSeen(),
          next);
      Job again =
          export(
              run,
              KIND_CATCH_UP,
              ExportDefinitions.split(fields, idField, cursorField),
              next,
              null,
              false);
      advance(run, download(run, await(run, again), false, Long.MAX_VALUE), again, next);
    }
  }

  /** Ends an export: the next lower bound becomes the cursor and the job leaves the checkpoint. */
  private Instant advance(SyncRun run, Position done, Job job, Instant from) {
    Instant next = nextCursor(done.maxSeen(), job.createdAt(), from);
    Checkpoint cp = run.checkpoint().without(JOB_KEYS);
    run.checkpoint(
        next == null ? cp.without(Checkpoint.CURSOR) : cp.with(Checkpoint.CURSOR, next.toString()));
    return next;
  }

  /**
   * The lower bound of the next export after one that delivered records up to {@code maxSeen} from
   * a sync the server created at {@code syncCreatedAt} (see the class comment).
   */
  static Instant nextCursor(Instant maxSeen, Instant syncCreatedAt, Instant previous) {
    if (maxSeen == null) return previous;
    Instant second = maxSeen.truncatedTo(ChronoUnit.SECONDS);
    if (syncCreatedAt != null && second.isBefore(syncCreatedAt.truncatedTo(ChronoUnit.SECONDS))) {
      second = second.plusSeconds(1);
    }
    return previous != null && previous.isAfter(second) ? previous : second;
  }

  /**
   * Waits for (if need be) and reads on a job from the checkpoint; null when its staged data is
   * gone.
   */
  private Position resume(SyncRun run, Job job) throws Exception {
    if (job.stagedUntil() != null && !clock.instant().isBefore(job.stagedUntil())) {
      log.info(
          "eloqua: the staged data of {} expired at {}; exporting again from {}",
          job.syncUris(),
          job.stagedUntil(),
          job.from());
      return null;
    }
    try {
      Job ready = job.ready() ? job : await(run, job);
      return download(run, ready, true, Long.MAX_VALUE);
    } catch (StagedDataGone e) {
      log.info("eloqua: {}; exporting again from {}", e.getMessage(), job.from());
      return null;
    }
  }

  // ---- Activities ------------------------------------------------------------------------------

  private void activities(SyncRun run, Job resumed) throws Exception {
    Instant end = clock.instant().minus(ACTIVITY_LAG).truncatedTo(ChronoUnit.SECONDS);
    Instant from =
        request.mode() == SyncMode.FULL ? null : instant(run.checkpoint().get(Checkpoint.CURSOR));
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
      Instant start = from == null ? ACTIVITY_EPOCH : from;
      boolean splittable = Duration.between(start, to).toSeconds() > 1;
      Job job =
          export(
              run,
              KIND_WINDOW,
              ExportDefinitions.split(fields, idField, cursorField),
              from,
              to,
              false);
      long rows;
      try {
        download(run, await(run, job), false, splittable ? ACTIVITY_SYNC_CAP : Long.MAX_VALUE);
        rows = -1;
      } catch (WindowTooLarge e) {
        // The rows of its first page were delivered; they come again in the narrower windows.
        rows = e.rows;
      } catch (VendorApiException e) {
        if (!splittable || !tooManyActivities(e)) throw e;
        rows = ACTIVITY_SYNC_CAP; // Eloqua refused to stage the window at all
      }
      if (rows >= 0) {
        Instant half =
            start.plus(Duration.between(start, to).dividedBy(2)).truncatedTo(ChronoUnit.SECONDS);
        log.info(
            "eloqua: {} activities from {} to {} pass Eloqua's cap per sync ({} rows); narrowing to {}",
            object.name(),
            start,
            to,
            rows,
            half);
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

  /**
   * Whether a failed activity sync failed for holding too many rows: Eloqua's validation code with
   * a message about the record cap or narrowing the date range (no code of its own is documented).
   */
  static boolean tooManyActivities(VendorApiException e) {
    if (!EloquaErrors.ELQ_VALIDATION.equals(e.vendorCode()) || e.vendorMessage() == null)
      return false;
    String m = e.vendorMessage().toLowerCase(java.util.Locale.ROOT);
    return m.contains("narrow")
        || m.contains("5,000,000")
        || m.contains("5000000")
        || m.contains("at most")
        || m.contains("maximum");
  }

  // ---- Deletes ---------------------------------------------------------------------------------

  /**
   * The id diff: reads the id-only export (made now if the records export came without one) and
   * delivers the ids the previous diff saw that are missing now as deleted records.
   */
  private void deletes(SyncRun run, IdsJob resumed) throws Exception {
    IdsJob ids = resumed;
    IdSet current = null;
    if (ids != null && (ids.stagedUntil() == null || clock.instant().isBefore(ids.stagedUntil()))) {
      try {
        current = readIds(run, ids);
      } catch (StagedDataGone e) {
        log.info("eloqua: {}; exporting the ids again", e.getMessage());
      }
    }
    if (current == null) {
      ids = exportIds(run);
      current = readIds(run, ids);
    }
    String known = run.checkpoint().get(KNOWN_IDS);
    if (known != null) {
      IdSet previous = null;
      try {
        previous = IdSet.decode(known);
      } catch (IllegalArgumentException e) {
        log.warn(
            "eloqua: the id set in the checkpoint is unreadable ({}); deletions start over",
            e.getMessage());
      }
      if (previous != null) {
        Instant at = ids.createdAt() != null ? ids.createdAt() : clock.instant();
        IdSet now = current;
        previous.forEachMissingFrom(
            now, id -> run.emit(Record.deleted(object.name(), Long.toString(id), at, Map.of())));
      }
    }
    run.checkpoint(run.checkpoint().without(IDS_KEYS).with(KNOWN_IDS, current.encode()));
  }

  /**
   * An id-only export on its own (when the records export came without one, or its data expired).
   */
  private IdsJob exportIds(SyncRun run) {
    Instant now = clock.instant();
    String definition =
        client.createDefinition(
            Activity.SYNC,
            object.path() + "/exports",
            ExportDefinitions.exportBody(
                ExportDefinitions.name("ids", object, now), List.of(idField), null));
    EloquaBulkClient.SyncInfo sync = client.createSync(Activity.SYNC, definition);
    IdsJob ids =
        new IdsJob(
            sync.uri(), RecordMapping.parseTimestampOrNull(sync.createdAt()), stagedUntil(now));
    run.checkpoint(ids.write(run.checkpoint()));
    return ids;
  }

  /**
   * Waits for the id export and reads every id; the set is whole only at the end, so no offset is
   * kept.
   */
  private IdSet readIds(SyncRun run, IdsJob ids) throws Exception {
    // Waiting on the thread, the id export is waited for as before (first poll after POLL_MIN);
    // parked, its start lets a resume poll it at once.
    await(run, ids.syncUri(), ids.syncUri(), request.parkJobs() ? idsStarted(ids) : null, true);
    IdSet set = IdSet.empty();
    boolean[] numeric = {true};
    StagedReader reader =
        new StagedReader(
            client,
            Activity.SYNC,
            List.of(ids.syncUri()),
            keys,
            idField.name(),
            idField.name(),
            joinPool);
    long offset = 0;
    while (true) {
      run.checkContinue();
      EloquaBulkClient.Page page =
          page(
              reader,
              ids.syncUri(),
              offset == 0,
              offset,
              -1,
              row -> {
                if (!set.add(idKeyAt < 0 || row[idKeyAt] == null ? "" : (String) row[idKeyAt]))
                  numeric[0] = false;
              });
      offset += page.count();
      if (!page.hasMore() || page.count() == 0) break;
    }
    if (!numeric[0]) {
      throw new ProtocolException(
          EloquaConfig.SYSTEM,
          "GET " + ids.syncUri() + "/data",
          object.name() + " has ids that are not integers, so deletions cannot be diffed",
          "Turn idDiffDeletes off for it",
          null);
    }
    return set;
  }

  // ---- Shared export machinery -----------------------------------------------------------------

  /**
   * Creates one definition per field group (and the id-only one when {@code withIds}), then their
   * syncs back to back so all are snapshots of one moment, and checkpoints the job at once: a sync
   * stopped while waiting resumes waiting for these same syncs.
   */
  private Job export(
      SyncRun run,
      String kind,
      List<List<EloquaField>> groups,
      Instant from,
      Instant to,
      boolean withIds) {
    String filter = ExportDefinitions.filter(object, from, to);
    Instant now = clock.instant();
    List<String> definitions = new ArrayList<>();
    for (List<EloquaField> group : groups) {
      definitions.add(
          client.createDefinition(
              Activity.SYNC,
              object.path() + "/exports",
              ExportDefinitions.exportBody(
                  ExportDefinitions.name(kind, object, now), group, filter)));
    }
    String idsDefinition =
        withIds
            ? client.createDefinition(
                Activity.SYNC,
                object.path() + "/exports",
                ExportDefinitions.exportBody(
                    ExportDefinitions.name("ids", object, now), List.of(idField), null))
            : null;
    List<EloquaBulkClient.SyncInfo> syncs = new ArrayList<>();
    for (String definition : definitions) syncs.add(client.createSync(Activity.SYNC, definition));
    Checkpoint cp = run.checkpoint().without(Checkpoint.JOB_STARTED);
    if (idsDefinition != null) {
      EloquaBulkClient.SyncInfo idsSync = client.createSync(Activity.SYNC, idsDefinition);
      cp =
          new IdsJob(
                  idsSync.uri(),
                  RecordMapping.parseTimestampOrNull(idsSync.createdAt()),
                  stagedUntil(now))
              .write(cp);
    }
    Job job =
        new Job(
            kind,
            syncs.stream().map(EloquaBulkClient.SyncInfo::uri).toList(),
            definitions,
            from,
            to,
            RecordMapping.parseTimestampOrNull(syncs.get(0).createdAt()),
            stagedUntil(now),
            false,
            Position.START,
            fieldsKey,
            request.mode());
    run.checkpoint(job.write(cp));
    return job;
  }

  private static Instant stagedUntil(Instant created) {
    return created.plus(ExportDefinitions.EXPORT_RETENTION_DURATION).minus(STAGING_MARGIN);
  }

  /** Waits until every sync of the job is done, then marks it ready in the checkpoint. */
  private Job await(SyncRun run, Job job) throws StagedDataGone {
    for (String uri : job.syncUris()) await(run, job.jobId(), uri, null, false);
    Job ready = job.readied();
    run.checkpoint(ready.write(run.checkpoint()));
    return ready;
  }

  /**
   * When the id export was created, by our clock (its staging deadline less the retention): it is
   * kept outside {@link Checkpoint#JOB_ID}, so its start time is not in {@link
   * Checkpoint#JOB_STARTED}.
   */
  private Instant idsStarted(IdsJob ids) {
    return ids.stagedUntil() == null
        ? clock.instant()
        : ids.stagedUntil().minus(ExportDefinitions.EXPORT_RETENTION_DURATION).plus(STAGING_MARGIN);
  }

  /**
   * Polls a sync until it is {@code success} or {@code warning} (whose log is reported), or once
   * when the request parks. One that ends {@code error} (or an unknown status) leaves the
   * checkpoint and fails with the typed error its log names; one that is gone (404, 410) is
   * reported as such for a new export.
   *
   * @param idsStarted the id export's start, for its wait; null for the records export (whose start
   *     is in the checkpoint), or for an id export just created
   */
  private void await(SyncRun run, String jobId, String uri, Instant idsStarted, boolean idsJob)
      throws StagedDataGone {
    try {
      JobDownload.await(
          run,
          poller,
          jobId,
          "Bulk API export sync " + uri + " of " + object.name(),
          idsStarted,
          null,
          () -> {
            EloquaBulkClient.SyncInfo sync;
            try {
              sync = client.sync(Activity.SYNC, uri);
            } catch (VendorApiException e) {
              if (e.httpStatus() == 404 || e.httpStatus() == 410) {
                return JobPoller.Status.gone("sync " + uri + " is gone: " + e.getMessage());
              }
              throw e;
            }
            if (sync.running()) return JobPoller.Status.running();
            if (sync.succeeded()) {
              if (sync.warning()) {
                for (EloquaErrors.SyncLog l : client.logs(Activity.SYNC, uri)) {
                  log.warn(
                      "eloqua: export sync {} of {} ended with a warning: {} {} ({} rows)",
                      uri,
                      object.name(),
                      l.statusCode(),
                      l.message(),
                      l.count());
                }
              }
              return JobPoller.Status.done(sync);
            }
            throw new SyncFailed(
                EloquaErrors.syncFailure(
                    "GET " + uri, uri, sync.status(), client.logs(Activity.SYNC, uri)));
          });
    } catch (SyncFailed e) {
      run.checkpoint(run.checkpoint().without(idsJob ? IDS_KEYS : JOB_KEYS));
      throw e.failure;
    } catch (JobGoneException e) {
      throw new StagedDataGone("sync " + uri + " is gone");
    } catch (VendorApiException e) {
      if (e.httpStatus() == 404 || e.httpStatus() == 410)
        throw new StagedDataGone("sync " + uri + " is gone");
      throw e;
    }
  }

  /**
   * Reads a job's staged data from its checkpointed position to the end with {@link JobDownload},
   * delivering records; the position written after each page carries the total and the newest
   * cursor value seen. A first page announcing {@code cap} rows or more stops it with {@link
   * WindowTooLarge}. Returns the final position.
   */
  private Position download(SyncRun run, Job job, boolean resumed, long cap) throws Exception {
    StagedReader reader =
        new StagedReader(
            client,
            Activity.SYNC,
            job.syncUris(),
            keys,
            idField.name(),
            cursorField.name(),
            joinPool);
    Position[] at = {job.position()};
    boolean[] first = {true};
    Instant[] maxSeen = {job.position().maxSeen()};
    JobDownload.pages(
        run,
        job.jobId(),
        job.position().format(),
        position -> {
          Position p = at[0];
          long offset = first[0] ? p.resume() : p.next();
          boolean resumedFirst = first[0] && resumed;
          first[0] = false;
          if (p.total() >= 0 && offset >= p.total() && offset > 0)
            return null; // read to the end before
          EloquaBulkClient.Page page =
              page(
                  reader,
                  job.jobId(),
                  resumedFirst,
                  offset,
                  p.total(),
                  row -> {
                    Record record = record(row);
                    if (record.modifiedAt() != null
                        && (maxSeen[0] == null || record.modifiedAt().isAfter(maxSeen[0]))) {
                      maxSeen[0] = record.modifiedAt();
                    }
                    run.emit(record);
                  });
          if (offset == 0 && page.totalResults() >= cap)
            throw new WindowTooLarge(page.totalResults());
          long next = offset + page.count();
          long total = page.totalResults() >= 0 ? page.totalResults() : p.total();
          at[0] = new Position(next, reader.resumeOffset(next), total, maxSeen[0]);
          if (total >= 0) run.backlogEstimate(Math.max(0, total - next));
          boolean end = !page.hasMore() || page.count() == 0 || (total >= 0 && next >= total);
          return end ? null : at[0].format();
        });
    reader.finish();
    return at[0];
  }

  /**
   * One page; on the first page read from a checkpoint, a 404 or an empty page before the known end
   * means the staged data is gone.
   */
  private EloquaBulkClient.Page page(
      StagedReader reader,
      String jobId,
      boolean resumedFirst,
      long offset,
      long knownTotal,
      EloquaBulkClient.RowSink rows)
      throws StagedDataGone {
    EloquaBulkClient.Page page;
    try {
      page = reader.page(offset, pageSize, rows);
    } catch (VendorApiException e) {
      if (resumedFirst && (e.httpStatus() == 404 || e.httpStatus() == 410)) {
        throw new StagedDataGone(
            "the staged data of " + jobId + " is gone (HTTP " + e.httpStatus() + ")");
      }
      throw e;
    }
    if (resumedFirst
        && page.count() == 0
        && offset > 0
        && !(knownTotal >= 0 && offset >= knownTotal)) {
      throw new StagedDataGone("the staged data of " + jobId + " has no rows at offset " + offset);
    }
    return page;
  }

  private Record record(Object[] row) {
    String id = idKeyAt < 0 ? null : (String) row[idKeyAt];
    if (id == null || id.isEmpty()) {
      List<String> present = new ArrayList<>();
      for (int i = 0; i < row.length; i++)
        if (row[i] != null) present.add(keys.fieldNames().get(i));
      throw new ProtocolException(
          EloquaConfig.SYSTEM,
          "GET /syncs/{id}/data",
          "a row of " + object.name() + " has no " + idField.name() + " (keys " + present + ")",
          "Retry later; report it if it persists",
          null);
    }
    Object modified =
        RecordMapping.value(
            cursorField, cursorParser, cursorKeyAt < 0 ? null : (String) row[cursorKeyAt], id);
    Object[] values = inPlace ? row : new Object[shape.size()];
    for (int i = 0; i < outputFields.length; i++) {
      // The cursor field is usually among the output: its value is typed already.
      values[outputAt[i]] =
          i == cursorAt
              ? modified
              : RecordMapping.value(
                  outputFields[i], parsers[i], keyAt[i] < 0 ? null : (String) row[keyAt[i]], id);
    }
    return shape.record(id, (Instant) modified, false, values);
  }

  private static List<String> distinctNames(List<EloquaField> fields) {
    return List.copyOf(new LinkedHashSet<>(fields.stream().map(EloquaField::name).toList()));
  }
}
