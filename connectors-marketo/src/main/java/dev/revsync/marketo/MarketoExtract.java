package dev.revsync.marketo;

import dev.revsync.Activity;
import dev.revsync.Checkpoint;
import dev.revsync.ProtocolException;
import dev.revsync.QuotaExhaustedException;
import dev.revsync.TransientException;
import dev.revsync.VendorApiException;
import dev.revsync.spi.JobDownload;
import dev.revsync.spi.JobGoneException;
import dev.revsync.spi.JobPoller;
import dev.revsync.spi.SyncRun;
import java.io.IOException;
import java.io.InterruptedIOException;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import okio.Buffer;
import okio.BufferedSource;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Pulls leads (or activities) with bulk extract, one 31-day {@code updatedAt} ({@code createdAt})
 * window at a time: create → enqueue → poll (no faster than once a minute) → download the file. The
 * checkpoint holds the job id and the byte offset after the last row handed over, so a sync stopped
 * by the budget, the window, a crash or a connection dropped mid-file resumes the same job's file
 * with {@code Range: bytes=offset-} instead of starting a new job. A job found Failed, Canceled (or
 * Cancelled, the spelling of the docs' cancel example) or gone starts over with a new job for the
 * same window. The file is checked against {@code fileSize}, and against the SHA-256 {@code
 * fileChecksum} when it was read in one piece. When the last window is done, the checkpoint holds
 * the extract's end as {@code since}, so the next sync follows lead changes from there. Not
 * thread-safe: one sync at a time per instance.
 */
final class MarketoExtract {
  private static final Logger log = LoggerFactory.getLogger(MarketoExtract.class);

  static final String FROM = "extractFrom";
  static final String UNTIL = "extractUntil";
  static final Duration WINDOW = Duration.ofDays(31);
  static final Duration POLL_MIN = Duration.ofSeconds(60);
  static final Duration POLL_MAX = Duration.ofMinutes(5);

  /** Rows between checkpoints inside a file. */
  static final int CHECKPOINT_ROWS = 10_000;

  private static final int NO_PROGRESS_LIMIT = 3;

  private final MarketoRestClient client;
  private final Source source;

  /** Marketo's bulk export quota: 500 MB of files a day, across every bulk type. */
  static final long EXPORT_BYTES_PER_DAY = 500L * 1024 * 1024;

  private final JobPoller poller;
  private final Clock clock;

  /**
   * What is extracted: where its jobs live, how a job is asked for, and how a row becomes a record.
   */
  interface Source {
    /** {@code leads} or {@code activities}. */
    String kind();

    /** The create body for one window. */
    Map<String, Object> createBody(Instant from, Instant end);

    /** The file's columns, for rows read past the header (a resumed download). */
    List<String> columns();

    dev.revsync.Record record(List<String> header, List<String> cells, String call);
  }

  /** Leads updated in each window, with the sync's fields. */
  static Source leads(RecordMapping.Shape shape) {
    List<String> f = new ArrayList<>();
    f.add("id");
    f.addAll(shape.names());
    if (!f.contains("updatedAt")) f.add("updatedAt");
    List<String> wireFields = List.copyOf(f);
    return new Source() {
      @Override
      public String kind() {
        return "leads";
      }

      @Override
      public Map<String, Object> createBody(Instant from, Instant end) {
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("fields", wireFields);
        body.put("format", "CSV");
        body.put(
            "filter",
            Map.of("updatedAt", Map.of("startAt", from.toString(), "endAt", end.toString())));
        return body;
      }

      @Override
      public List<String> columns() {
        return wireFields;
      }

      @Override
      public dev.revsync.Record record(List<String> header, List<String> cells, String call) {
        return RecordMapping.leadFromCells(shape, header, cells, call);
      }
    };
  }

  /**
   * Activities created in each window, every type (Delete Lead is not exportable), default columns.
   */
  static Source activities() {
    List<String> columns =
        List.of(
            "marketoGUID",
            "leadId",
            "activityDate",
            "activityTypeId",
            "campaignId",
            "primaryAttributeValueId",
            "primaryAttributeValue",
            "attributes");
    return new Source() {
      @Override
      public String kind() {
        return "activities";
      }

      @Override
      public Map<String, Object> createBody(Instant from, Instant end) {
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("format", "CSV");
        body.put(
            "filter",
            Map.of("createdAt", Map.of("startAt", from.toString(), "endAt", end.toString())));
        return body;
      }

      @Override
      public List<String> columns() {
        return columns;
      }

      @Override
      public dev.revsync.Record record(List<String> header, List<String> cells, String call) {
        Map<String, Object> a = new LinkedHashMap<>();
        for (int i = 0; i < header.size() && i < cells.size(); i++) {
          String cell = cells.get(i);
          a.put(header.get(i), cell.isEmpty() || cell.equals("null") ? null : cell);
        }
        for (String n :
            List.of("leadId", "activityTypeId", "campaignId", "primaryAttributeValueId")) {
          a.put(n, RecordMapping.convert(dev.revsync.FieldType.INTEGER, a.get(n), n, call));
        }
        // the file holds attributes as JSON text already; the record keeps it as text
        Object attributes = a.remove("attributes");
        dev.revsync.Record r = ActivitySync.record(a);
        Map<String, Object> fields = new LinkedHashMap<>(r.fields());
        fields.put("attributes", attributes);
        return dev.revsync.Record.adopt(r.object(), r.id(), r.modifiedAt(), false, fields);
      }
    };
  }

  MarketoExtract(MarketoRestClient client, Source source, JobPoller poller, Clock clock) {
    this.clock = clock;
    this.client = client;
    this.source = source;
    this.poller = poller;
  }

  /**
   * Starts (from {@code since} to {@code now}) or resumes the extract in the run's checkpoint.
   *
   * @param deletesSince where the next sync's deleted-leads feed must start (an extract shows no
   *     deletions), or null to start it where the extract ends
   */
  void run(SyncRun run, Instant since, Instant now, Instant deletesSince) throws Exception {
    Checkpoint cp = run.checkpoint();
    if (cp.get(FROM) == null) {
      cp =
          Checkpoint.EMPTY
              .with(MarketoSync.METHOD, "extract")
              .with(FROM, since.truncatedTo(ChronoUnit.SECONDS).toString())
              .with(UNTIL, now.truncatedTo(ChronoUnit.SECONDS).toString());
      if (deletesSince != null) {
        cp =
            cp.with(
                MarketoSync.DELETES_SINCE, deletesSince.truncatedTo(ChronoUnit.SECONDS).toString());
      }
      run.checkpoint(cp);
    }
    Instant until = Instant.parse(cp.get(UNTIL));
    Instant from = Instant.parse(cp.get(FROM));
    while (from.isBefore(until)) {
      run.checkContinue();
      Instant end = from.plus(WINDOW).isBefore(until) ? from.plus(WINDOW) : until;
      window(run, from, end);
      from = end;
      cp =
          run.checkpoint()
              .without(Checkpoint.JOB_ID, Checkpoint.JOB_STARTED, Checkpoint.JOB_POSITION)
              .with(FROM, from.toString());
      run.checkpoint(cp);
    }
    Checkpoint done =
        Checkpoint.EMPTY
            .with(MarketoSync.METHOD, "extract")
            .with(MarketoSync.SINCE, until.toString());
    String deletesFrom = run.checkpoint().get(MarketoSync.DELETES_SINCE);
    run.checkpoint(deletesFrom == null ? done : done.with(MarketoSync.DELETES_SINCE, deletesFrom));
  }

  private void window(SyncRun run, Instant from, Instant end) throws Exception {
    String jobId = run.checkpoint().get(Checkpoint.JOB_ID);
    if (jobId == null) jobId = start(run, from, end);
    Map<String, Object> status;
    try {
      status = await(run, jobId);
    } catch (JobGoneException e) {
      // Cancelled in Marketo, or past the 30 days it keeps a job's status: extract the window
      // again.
      log.info(
          "marketo: extract job {} is gone ({}); creating a new one for the window",
          jobId,
          e.vendorMessage());
      run.checkpoint(run.checkpoint().without(Checkpoint.JOB_POSITION));
      jobId = start(run, from, end);
      status = await(run, jobId);
    }
    long size = number(status.get("fileSize"));
    String checksum =
        status.get("fileChecksum") == null ? null : status.get("fileChecksum").toString();
    String saved = run.checkpoint().get(Checkpoint.JOB_POSITION);
    download(run, jobId, saved == null ? 0 : Long.parseLong(saved), size, checksum);
  }

  /** Creates the window's job, checkpoints it (a crash from here resumes it), and enqueues it. */
  private String start(SyncRun run, Instant from, Instant end) {
    if (ExportLedger.exported(client.subscription(), clock.instant()) >= EXPORT_BYTES_PER_DAY) {
      // known before creating a job: a spent export quota is a day's wait, not calls to learn of
      // 1029
      throw new QuotaExhaustedException(
          MarketoConfig.SYSTEM,
          "POST /bulk/v1/" + source.kind() + "/export/create.json",
          "extracts of this process took the subscription's "
              + EXPORT_BYTES_PER_DAY
              + " bytes of bulk export today",
          MarketoErrors.nextQuotaReset(clock.instant()));
    }
    String jobId = create(from, end);
    run.checkpoint(
        run.checkpoint()
            .with(Checkpoint.JOB_ID, jobId)
            .without(Checkpoint.JOB_STARTED, Checkpoint.JOB_POSITION));
    enqueue(jobId);
    return jobId;
  }

  /**
   * Sends the enqueue. Not sent twice: an enqueue answered 1029 "already queued" would fail a sync
   * that lost only the answer.
   */
  private Map<String, Object> enqueue(String jobId) {
    return first(
        client.postOnce(Activity.SYNC, path(jobId, "enqueue"), null),
        "POST " + path(jobId, "enqueue"));
  }

  /**
   * Waits for (or, when the request parks, polls once) a job until it is Completed, and returns its
   * status; a resumed job that was Completed already is found so by the one poll.
   */
  private Map<String, Object> await(SyncRun run, String jobId) {
    return JobDownload.await(
        run, poller, jobId, "Marketo " + source.kind() + " extract " + jobId, () -> poll(jobId));
  }

  private String create(Instant from, Instant end) {
    String create = "/bulk/v1/" + source.kind() + "/export/create.json";
    // not sent twice: every create is a job of its own, and they count against the queue of ten
    Map<String, Object> job =
        first(
            client.postOnce(Activity.SYNC, create, source.createBody(from, end)), "POST " + create);
    Object id = job.get("exportId");
    if (id == null) {
      throw new ProtocolException(
          MarketoConfig.SYSTEM, "POST " + create, "no exportId in " + job, "Retry the sync", null);
    }
    return id.toString();
  }

  /** The job's status, or null when Marketo no longer knows it (1003 "not found"). */
  private Map<String, Object> status(String jobId) {
    try {
      List<Map<String, Object>> r =
          client.get(Activity.SYNC, path(jobId, "status"), Map.of()).results();
      return r.isEmpty() ? null : r.get(0);
    } catch (VendorApiException e) {
      if ("1003".equals(e.vendorCode())) return null;
      throw e;
    }
  }

  private JobPoller.Status<Map<String, Object>> poll(String jobId) {
    Map<String, Object> s = status(jobId);
    if (s == null)
      return JobPoller.Status.gone("Marketo answered 1003: export " + jobId + " not found");
    String state = String.valueOf(s.get("status")).toLowerCase(Locale.ROOT);
    switch (state) {
      case "completed":
        return JobPoller.Status.done(s);
      case "canceled":
      case "cancelled":
        // cancelled by someone in Marketo: the job will never finish, a new one replaces it
        return JobPoller.Status.gone("the job was " + s.get("status") + " in Marketo");
      case "failed":
        return JobPoller.Status.failed(
            "the job ended "
                + s.get("status")
                + (s.get("errorMsg") != null ? ": " + s.get("errorMsg") : ""));
      case "created":
        // created but never enqueued (the process stopped between the two calls): enqueue now
        enqueue(jobId);
        return JobPoller.Status.running();
      default:
        return JobPoller.Status.running();
    }
  }

  private static Map<String, Object> first(MarketoRestClient.Page page, String call) {
    if (page.results().isEmpty()) {
      throw new ProtocolException(
          MarketoConfig.SYSTEM,
          call,
          "a success envelope without a job in its result",
          "Retry the sync; it resumes from its checkpoint",
          null);
    }
    return page.results().get(0);
  }

  private String path(String jobId, String what) {
    return "/bulk/v1/" + source.kind() + "/export/" + jobId + "/" + what + ".json";
  }

  private static long number(Object v) {
    return v instanceof Number
        ? ((Number) v).longValue()
        : v == null ? -1 : Long.parseLong(v.toString());
  }

  /**
   * Reads the file from {@code offset}, resuming by Range after a connection drops, until {@code
   * size} bytes.
   */
  private void download(SyncRun run, String jobId, long offset, long size, String checksum)
      throws Exception {
    String call = "GET " + path(jobId, "file");
    long position = offset;
    int noProgress = 0;
    boolean whole = offset == 0;
    while (size < 0 || position < size) {
      run.checkContinue();
      long start = position;
      Chunk chunk;
      try {
        chunk =
            client.download(
                Activity.SYNC,
                path(jobId, "file"),
                start,
                response -> read(run, jobId, response, start));
      } catch (VendorApiException e) {
        if (e.httpStatus() == 404) {
          // the file expired (7 days) or vanished: the next attempt starts the window over
          run.checkpoint(
              run.checkpoint()
                  .without(Checkpoint.JOB_ID, Checkpoint.JOB_STARTED, Checkpoint.JOB_POSITION));
        }
        throw e;
      }
      if (chunk.end == start) {
        if (++noProgress >= NO_PROGRESS_LIMIT) {
          throw new TransientException(
              MarketoConfig.SYSTEM,
              call,
              "the extract file download made no progress at byte "
                  + start
                  + " in "
                  + NO_PROGRESS_LIMIT
                  + " attempts",
              "Retry the sync; it resumes at that byte",
              null);
        }
      } else {
        noProgress = 0;
      }
      position = chunk.end;
      if (!chunk.complete) whole = false;
      run.checkpoint(
          run.checkpoint()
              .with(Checkpoint.JOB_ID, jobId)
              .with(Checkpoint.JOB_POSITION, Long.toString(position)));
      if (chunk.complete) {
        if (size >= 0 && position != size) {
          throw new ProtocolException(
              MarketoConfig.SYSTEM,
              call,
              "the file ended at byte " + position + " but its status " + "says " + size + " bytes",
              "Retry the sync; the job's file is read again from byte " + position,
              null);
        }
        if (whole
            && checksum != null
            && chunk.sha256 != null
            && !checksum.equalsIgnoreCase("sha256:" + chunk.sha256)) {
          throw new ProtocolException(
              MarketoConfig.SYSTEM,
              call,
              "the file's SHA-256 " + chunk.sha256 + " differs from the status's " + checksum,
              "Retry the sync",
              null);
        }
        if (offset == 0) ExportLedger.add(client.subscription(), clock.instant(), position);
        return;
      }
    }
  }

  /**
   * Bytes of extract files this process downloaded per subscription and Marketo day, so a sync
   * stops before a job the quota would refuse. Other integrations' exports show only as 1029.
   */
  static final class ExportLedger {
    private static final Map<String, long[]> BYTES = new java.util.concurrent.ConcurrentHashMap<>();

    private ExportLedger() {}

    static long exported(String subscription, Instant now) {
      long[] entry = BYTES.get(key(subscription, now));
      return entry == null ? 0 : entry[0];
    }

    static void add(String subscription, Instant now, long bytes) {
      BYTES.compute(
          key(subscription, now),
          (k, v) -> {
            long[] e = v == null ? new long[1] : v;
            e[0] += bytes;
            return e;
          });
    }

    private static String key(String subscription, Instant now) {
      return subscription + " " + java.time.LocalDate.ofInstant(now, MarketoErrors.QUOTA_ZONE);
    }
  }

  /**
   * What one file request delivered: the offset after its last whole row, and whether it reached
   * the end.
   */
  private record Chunk(long end, boolean complete, String sha256) {}

  private Chunk read(SyncRun run, String jobId, okhttp3.Response response, long start)
      throws IOException {
    String call = "GET " + path(jobId, "file");
    BufferedSource body = response.body().source();
    long position = start;
    if (start > 0 && response.code() != 206) body.skip(start); // a server that ignored the Range
    MessageDigest sha = start == 0 ? sha256() : null;
    List<String> header = source.columns();
    int rows = 0;
    try {
      if (start == 0) {
        byte[] line = nextLine(body);
        if (line == null) return new Chunk(position, true, hex(sha));
        if (sha != null) sha.update(line);
        position += line.length;
        header = cells(new String(line, StandardCharsets.UTF_8), call);
      }
      byte[] line;
      while ((line = nextLine(body)) != null) {
        if (sha != null) sha.update(line);
        List<String> cells = cells(new String(line, StandardCharsets.UTF_8), call);
        if (!(cells.size() == 1 && cells.get(0).isEmpty())) {
          run.emit(source.record(header, cells, call));
        }
        position += line.length;
        if (++rows % CHECKPOINT_ROWS == 0) {
          run.checkpoint(
              run.checkpoint()
                  .with(Checkpoint.JOB_ID, jobId)
                  .with(Checkpoint.JOB_POSITION, Long.toString(position)));
        }
      }
      return new Chunk(position, true, hex(sha));
    } catch (InterruptedIOException e) {
      if (Thread.currentThread().isInterrupted()) throw e;
      return new Chunk(position, false, null);
    } catch (IOException e) {
      // the connection dropped mid-file: the rows before `position` are handed over; resume there
      // by Range
      return new Chunk(position, false, null);
    }
  }

  /**
   * The next row's bytes including its newline (a quoted cell may hold newlines), or null at the
   * end. A last row without a newline counts only if the stream ended cleanly.
   */
  private static byte[] nextLine(BufferedSource source) throws IOException {
    Buffer row = new Buffer();
    boolean inQuotes = false;
    while (true) {
      long nl = source.indexOf((byte) '\n');
      if (nl < 0) {
        if (source.getBuffer().size() == 0 && row.size() == 0) return null;
        source.readAll(row);
        return row.readByteArray();
      }
      byte[] part = source.readByteArray(nl + 1);
      for (byte b : part) if (b == '"') inQuotes = !inQuotes;
      row.write(part);
      if (!inQuotes) return row.readByteArray();
    }
  }

  /** RFC 4180 cells of one row (its newline dropped). */
  static List<String> cells(String line, String call) {
    String s =
        line.endsWith("\r\n")
            ? line.substring(0, line.length() - 2)
            : line.endsWith("\n") ? line.substring(0, line.length() - 1) : line;
    List<String> out = new ArrayList<>();
    StringBuilder cell = new StringBuilder();
    boolean quoted = false;
    for (int i = 0; i < s.length(); i++) {
      char c = s.charAt(i);
      if (quoted) {
        if (c == '"') {
          if (i + 1 < s.length() && s.charAt(i + 1) == '"') {
            cell.append('"');
            i++;
          } else {
            quoted = false;
          }
        } else {
          cell.append(c);
        }
      } else if (c == '"') {
        quoted = true;
      } else if (c == ',') {
        out.add(cell.toString());
        cell.setLength(0);
      } else {
        cell.append(c);
      }
    }
    if (quoted) {
      throw new ProtocolException(
          MarketoConfig.SYSTEM,
          call,
          "a CSV row ends inside a quoted cell",
          "Retry the sync",
          null);
    }
    out.add(cell.toString());
    return out;
  }

  private static MessageDigest sha256() {
    try {
      return MessageDigest.getInstance("SHA-256");
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException("the JDK has no SHA-256", e);
    }
  }

  private static String hex(MessageDigest sha) {
    return sha == null ? null : HexFormat.of().formatHex(sha.digest());
  }
}
