package dev.revsync.simulators.salesforce;

import com.squareup.moshi.JsonWriter;
import de.siegmar.fastcsv.writer.CsvWriter;
import de.siegmar.fastcsv.writer.LineDelimiter;
import de.siegmar.fastcsv.writer.QuoteStrategy;
import dev.revsync.simulators.DailyLimitCounter;
import dev.revsync.simulators.ObjectTable;
import dev.revsync.simulators.SimRecord;
import dev.revsync.simulators.StreamingBodies;
import dev.revsync.simulators.salesforce.BoundQuery.FieldRef;
import dev.revsync.simulators.salesforce.SalesforceSimulator.BulkJobOutcome;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Base64;
import java.util.Deque;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.atomic.AtomicLong;
import mockwebserver3.MockResponse;

/**
 * Bulk API 2.0 query jobs: create ({@code POST …/jobs/query}), status, list, abort, delete, and
 * results as CSV chunks with {@code Sforce-Locator} (the literal {@code null} after the last chunk)
 * and {@code Sforce-NumberOfRecords}. Jobs go {@code UploadComplete → InProgress →
 * JobComplete|Failed|Aborted} on the simulator clock (and after a configurable number of polls);
 * terminal jobs and their results disappear after the retention period (7 days). Results are
 * written straight from the table scan while they are sent, as of the moment the job completed.
 * Thread-safe.
 */
final class BulkQueryJobs {
  private static final Map<String, Character> DELIMITERS =
      Map.of(
          "COMMA", ',', "TAB", '\t', "PIPE", '|', "SEMICOLON", ';', "CARET", '^', "BACKQUOTE", '`');

  /** One query job. Guarded by its own lock. */
  static final class Job {
    final String id;
    final String operation;
    final BoundQuery query;
    final String createdById;
    final Instant created;
    final String apiVersion;
    final String delimiterName;
    final String lineEnding;
    final BulkJobOutcome fate;
    Instant modstamp;
    String state = "UploadComplete";
    int polls;
    long processed;
    Instant terminalAt;

    /** When the job ended, for retention: {@link #terminalAt}, or earlier when it ended unseen. */
    Instant endedAt;

    String errorMessage;

    /** Rows in sort order when the query is not in scan order; null for scan-ordered results. */
    QueryExecutor.Result sorted;

    final TreeMap<Long, QueryExecutor.Key> positions = new TreeMap<>();

    Job(
        String id,
        String operation,
        BoundQuery query,
        String createdById,
        Instant created,
        String apiVersion,
        String delimiterName,
        String lineEnding,
        BulkJobOutcome fate) {
      this.id = id;
      this.operation = operation;
      this.query = query;
      this.createdById = createdById;
      this.created = created;
      this.modstamp = created;
      this.apiVersion = apiVersion;
      this.delimiterName = delimiterName;
      this.lineEnding = lineEnding;
      this.fate = fate;
      positions.put(0L, null);
    }

    boolean terminal() {
      return state.equals("JobComplete") || state.equals("Failed") || state.equals("Aborted");
    }

    boolean includeDeleted() {
      return operation.equals("queryAll");
    }
  }

  private final SfConfig config;
  private final Clock clock;
  private final QueryExecutor executor;
  private final Map<String, Job> jobs = new LinkedHashMap<>();
  private final Deque<BulkJobOutcome> plannedOutcomes = new ArrayDeque<>();
  private final AtomicLong created = new AtomicLong();
  private final DailyLimitCounter dailyJobs;

  BulkQueryJobs(SfConfig config, QueryExecutor executor) {
    this.config = config;
    this.clock = config.clock();
    this.executor = executor;
    this.dailyJobs = DailyLimitCounter.rolling24h(clock, config.dailyBulkQueryJobs());
  }

  long createdCount() {
    return created.get();
  }

  long dailyJobsUsed() {
    return dailyJobs.used();
  }

  /** The next jobs created end as {@code fates} say (then the rest complete). */
  synchronized void planOutcomes(List<BulkJobOutcome> fates) {
    plannedOutcomes.addAll(fates);
  }

  // ---- create --------------------------------------------------------------------------------

  MockResponse.Builder create(SfHttp.Request req, String version, String userId) {
    Map<String, Object> body;
    try {
      body = req.jsonObject();
    } catch (IOException | RuntimeException e) {
      return SfHttp.error(
          400,
          "JSON_PARSER_ERROR",
          "The request body could not be parsed as a JSON object: " + e.getMessage());
    }
    Object operation = body.getOrDefault("operation", null);
    if (!"query".equals(operation) && !"queryAll".equals(operation)) {
      return SfHttp.error(
          400,
          "INVALIDJOB",
          "InvalidJob : Invalid value for operation: "
              + operation
              + ". Valid values are query and queryAll");
    }
    Object soql = body.get("query");
    if (!(soql instanceof String text) || text.isBlank()) {
      return SfHttp.error(400, "INVALIDJOB", "InvalidJob : query is required");
    }
    Object contentType = body.getOrDefault("contentType", "CSV");
    if (!"CSV".equals(contentType)) {
      return SfHttp.error(
          400,
          "INVALIDJOB",
          "InvalidJob : Invalid value for contentType: " + contentType + ". Only CSV is supported");
    }
    Object delimiter = body.getOrDefault("columnDelimiter", "COMMA");
    if (!(delimiter instanceof String d) || !DELIMITERS.containsKey(d)) {
      return SfHttp.error(
          400, "INVALIDJOB", "InvalidJob : Invalid value for columnDelimiter: " + delimiter);
    }
    Object lineEnding = body.getOrDefault("lineEnding", "LF");
    if (!"LF".equals(lineEnding) && !"CRLF".equals(lineEnding)) {
      return SfHttp.error(
          400, "INVALIDJOB", "InvalidJob : Invalid value for lineEnding: " + lineEnding);
    }
    BoundQuery q;
    try {
      q =
          BoundQuery.bind(
              SoqlParser.parse(
                  text, clock.instant().atZone(java.time.ZoneOffset.UTC).toLocalDate()),
              executor.records().schema());
    } catch (SoqlException e) {
      return SfHttp.error(400, e.errorCode(), e.getMessage());
    }
    if (q.count) {
      return SfHttp.error(
          400,
          "INVALIDJOB",
          "InvalidJob : Aggregate queries such as COUNT() are not supported by Bulk API 2.0 query jobs");
    }
    if (q.firstCompoundColumn() != null) {
      return SfHttp.error(400, "API_ERROR", "Selecting compound data not supported in Bulk Query");
    }
    if (!dailyJobs.tryConsume()) {
      return SfHttp.error(
          400,
          "LIMIT_EXCEEDED",
          "Max number of Bulk API 2.0 query jobs in 24 hours exceeded ("
              + config.dailyBulkQueryJobs()
              + ")");
    }
    Job job;
    synchronized (this) {
      BulkJobOutcome fate =
          plannedOutcomes.isEmpty() ? BulkJobOutcome.COMPLETE : plannedOutcomes.removeFirst();
      job =
          new Job(
              SfIds.of("750", created.getAndIncrement()),
              (String) operation,
              q,
              userId,
              clock.instant(),
              version,
              (String) delimiter,
              (String) lineEnding,
              fate);
      jobs.put(job.id, job);
    }
    synchronized (job) {
      return SfHttp.json(200, w -> writeInfo(w, job, false));
    }
  }

  // ---- status --------------------------------------------------------------------------------

  private synchronized Job find(String id) {
    expire();
    return jobs.get(id);
  }

  /** Forgets terminal jobs past retention (jobs are advanced under their own lock, never here). */
  private void expire() {
    Instant now = clock.instant();
    jobs.values()
        .removeIf(
            j -> {
              synchronized (j) {
                return j.endedAt != null && !now.isBefore(j.endedAt.plus(config.bulkRetention()));
              }
            });
  }

  /** Moves the job along its lifecycle as far as the clock (and the polls seen) allow. */
  private void advance(Job j) {
    if (j.terminal()) return;
    Instant now = clock.instant();
    if (j.state.equals("UploadComplete")
        && !now.isBefore(j.created.plus(config.bulkInProgressAfter()))) {
      j.state = "InProgress";
      j.modstamp = j.created.plus(config.bulkInProgressAfter());
    }
    if (j.state.equals("InProgress")
        && !now.isBefore(j.created.plus(config.bulkCompleteAfter()))
        && j.polls >= config.bulkPollsBeforeComplete()) {
      j.terminalAt = now;
      j.modstamp = now;
      // With no polls required, the job ended when its time came, seen or not: retention counts
      // from then.
      j.endedAt =
          config.bulkPollsBeforeComplete() == 0 ? j.created.plus(config.bulkCompleteAfter()) : now;
      switch (j.fate) {
        case COMPLETE -> {
          QueryExecutor.Result result = executor.open(j.query, j.includeDeleted());
          if (!j.query.scanOrdered || j.query.ids != null) j.sorted = result;
          j.processed = result.count();
          j.state = "JobComplete";
        }
        case FAIL -> {
          j.state = "Failed";
          j.errorMessage = config.bulkFailureMessage();
        }
        case ABORT -> j.state = "Aborted";
      }
    }
  }

  MockResponse.Builder status(String id) {
    Job j = find(id);
    if (j == null) return SfHttp.notFound();
    synchronized (j) {
      j.polls++;
      advance(j);
      if (!pastRetention(j)) return SfHttp.json(200, w -> writeInfo(w, j, true));
    }
    // finished (unseen) long enough ago to be deleted already
    synchronized (this) {
      jobs.remove(j.id);
    }
    return SfHttp.notFound();
  }

  private boolean pastRetention(Job j) {
    return j.endedAt != null && !clock.instant().isBefore(j.endedAt.plus(config.bulkRetention()));
  }

  MockResponse.Builder list() {
    List<Job> all;
    synchronized (this) {
      expire();
      all = new ArrayList<>(jobs.values());
    }
    return SfHttp.json(
        200,
        w -> {
          w.beginObject().name("done").value(true).name("records").beginArray();
          for (Job j : all) {
            synchronized (j) {
              advance(j);
              writeInfo(w, j, true);
            }
          }
          w.endArray().name("nextRecordsUrl").nullValue().endObject();
        });
  }

  @SuppressWarnings("unchecked")
  MockResponse.Builder abort(String id, SfHttp.Request req) {
    Job j = find(id);
    if (j == null) return SfHttp.notFound();
    Object state;
    try {
      Object parsed = SfHttp.JSON_VALUE.fromJson(req.bodyText());
      state = parsed instanceof Map ? ((Map<String, Object>) parsed).get("state") : null;
    } catch (IOException | RuntimeException e) {
      return SfHttp.error(
          400, "JSON_PARSER_ERROR", "The request body could not be parsed as a JSON object");
    }
    if (!"Aborted".equals(state)) {
      return SfHttp.error(
          400, "INVALIDJOBSTATE", "A query job can only be changed to Aborted, not " + state);
    }
    synchronized (j) {
      advance(j);
      if (j.terminal()) {
        return SfHttp.error(
            400, "INVALIDJOBSTATE", "Job is already in a terminal state: " + j.state);
      }
      j.state = "Aborted";
      j.terminalAt = clock.instant();
      j.endedAt = j.terminalAt;
      j.modstamp = j.terminalAt;
      return SfHttp.json(200, w -> writeInfo(w, j, false));
    }
  }

  MockResponse.Builder delete(String id) {
    Job j = find(id);
    if (j == null) return SfHttp.notFound();
    synchronized (j) {
      advance(j);
      if (j.state.equals("InProgress")) {
        return SfHttp.error(
            400, "INVALIDJOBSTATE", "A job in progress cannot be deleted; abort it first");
      }
    }
    synchronized (this) {
      jobs.remove(id);
    }
    return new MockResponse.Builder().code(204);
  }

  private void writeInfo(JsonWriter w, Job j, boolean full) throws IOException {
    w.beginObject();
    w.name("id").value(j.id);
    w.name("operation").value(j.operation);
    w.name("object").value(j.query.type.name());
    w.name("createdById").value(j.createdById);
    w.name("createdDate").value(SfValues.dateTime(j.created));
    w.name("systemModstamp").value(SfValues.dateTime(j.modstamp));
    w.name("state").value(j.state);
    w.name("concurrencyMode").value("Parallel");
    w.name("contentType").value("CSV");
    w.name("apiVersion").value(Double.parseDouble(j.apiVersion));
    if (full) w.name("jobType").value("V2Query");
    w.name("lineEnding").value(j.lineEnding);
    w.name("columnDelimiter").value(j.delimiterName);
    if (full) {
      w.name("numberRecordsProcessed").value(j.processed);
      w.name("retries").value(0);
      w.name("totalProcessingTime")
          .value(j.terminalAt == null ? 0 : Duration.between(j.created, j.terminalAt).toMillis());
      w.name("isPkChunkingSupported").value(true);
      if (j.errorMessage != null) w.name("errorMessage").value(j.errorMessage);
    }
    w.endObject();
  }

  // ---- results -------------------------------------------------------------------------------

  MockResponse.Builder results(String id, String version, SfHttp.Request req) {
    Job j = find(id);
    if (j == null) return SfHttp.notFound();
    long maxRecords = config.bulkDefaultMaxRecords();
    String maxParam = req.query("maxRecords");
    if (maxParam != null) {
      try {
        maxRecords = Long.parseLong(maxParam.trim());
      } catch (NumberFormatException e) {
        maxRecords = -1;
      }
      if (maxRecords <= 0) {
        return SfHttp.error(
            400, "INVALIDREQUEST", "maxRecords must be a positive whole number: " + maxParam);
      }
    }
    long offset = 0;
    String locator = req.query("locator");
    if (locator != null && !locator.isEmpty()) {
      offset = decodeLocator(locator);
      if (offset < 0) return SfHttp.error(400, "INVALIDLOCATOR", "Invalid locator: " + locator);
    }
    long count;
    boolean last;
    long start = offset;
    synchronized (j) {
      advance(j);
      if (!j.apiVersion.equals(version)) {
        return SfHttp.error(
            409,
            "INVALIDJOB",
            "Job "
                + j.id
                + " was created with API version "
                + j.apiVersion
                + "; request its results with that version");
      }
      if (!j.state.equals("JobComplete")) {
        return SfHttp.error(
            config.bulkResultsNotReadyStatus(),
            config.bulkResultsNotReadyCode(),
            "Job "
                + j.id
                + " is not complete (state "
                + j.state
                + "); results are available once it is JobComplete");
      }
      if (offset > j.processed)
        return SfHttp.error(400, "INVALIDLOCATOR", "Invalid locator: " + locator);
      count = Math.min(maxRecords, rowsAvailableFrom(j, offset));
      last = offset + count >= j.processed || count == 0;
    }
    long rows = count;
    String next = last ? "null" : encodeLocator(start + rows);
    MockResponse.Builder b =
        new MockResponse.Builder()
            .code(200)
            .setHeader("Content-Type", "text/csv")
            .setHeader(config.header("Sforce-Locator"), next)
            .setHeader(config.header("Sforce-NumberOfRecords"), rows);
    return StreamingBodies.chunked(b, sink -> writeCsv(j, start, rows, sink.outputStream()));
  }

  /**
   * Rows from {@code offset} to the end. Exact without a scan when nothing changed in the table
   * since the job completed (everything changed later sits after the completion time in scan
   * order); otherwise counted, so {@code Sforce-NumberOfRecords} matches the body.
   */
  private long rowsAvailableFrom(Job j, long offset) {
    long expected = j.processed - offset;
    if (j.sorted != null) return expected;
    ObjectTable table = executor.records().table(j.query.type);
    if (!table.scan(j.terminalAt, null, true).hasNext()) return expected;
    Iterator<SimRecord> it = rows(j, offset, expected);
    long n = 0;
    while (n < expected && it.hasNext()) {
      it.next();
      n++;
    }
    return n;
  }

  /**
   * The job's rows from {@code offset} (at least {@code limit} of them when there are), as of its
   * completion.
   */
  private Iterator<SimRecord> rows(Job j, long offset, long limit) {
    if (j.sorted != null)
      return j.sorted.fetch(offset, (int) Math.min(Integer.MAX_VALUE, limit)).records().iterator();
    Map.Entry<Long, QueryExecutor.Key> start;
    synchronized (j) {
      start = j.positions.floorEntry(offset);
    }
    ObjectTable table = executor.records().table(j.query.type);
    Iterator<SimRecord> it =
        executor.matching(j.query, table, j.includeDeleted(), start.getValue(), j.terminalAt);
    for (long i = start.getKey(); i < offset && it.hasNext(); i++) it.next();
    return it;
  }

  private void writeCsv(Job j, long offset, long rows, OutputStream out) throws IOException {
    boolean quoteNulls = config.bulkQuoteNulls();
    CsvWriter csv =
        CsvWriter.builder()
            .fieldSeparator(DELIMITERS.get(j.delimiterName))
            .lineDelimiter(j.lineEnding.equals("CRLF") ? LineDelimiter.CRLF : LineDelimiter.LF)
            .quoteStrategy(
                new QuoteStrategy() {
                  @Override
                  public boolean quoteNull(int lineNo, int fieldIdx) {
                    return quoteNulls;
                  }

                  @Override
                  public boolean quoteEmpty(int lineNo, int fieldIdx) {
                    return true;
                  }

                  @Override
                  public boolean quoteValue(int lineNo, int fieldIdx, String value) {
                    return true;
                  }
                })
            .build(out, StandardCharsets.UTF_8);
    List<FieldRef> columns = j.query.columns;
    String[] row = new String[columns.size()];
    for (int i = 0; i < row.length; i++) row[i] = columns.get(i).dotted();
    csv.writeRecord(row);
    Iterator<SimRecord> it = rows(j, offset, rows);
    long written = 0;
    QueryExecutor.Key last = null;
    while (written < rows && it.hasNext()) {
      SimRecord r = it.next();
      BoundQuery.Row view = new BoundQuery.Row(r, j.query.type, executor.records());
      for (int i = 0; i < row.length; i++) {
        FieldRef ref = columns.get(i);
        row[i] = SfValues.text(ref.field(), view.value(ref));
      }
      csv.writeRecord(row);
      written++;
      last = QueryExecutor.Key.of(r);
    }
    csv.flush();
    if (j.sorted == null && written > 0) {
      synchronized (j) {
        j.positions.put(offset + written, last);
      }
    }
  }

  static String encodeLocator(long offset) {
    return Base64.getEncoder()
        .withoutPadding()
        .encodeToString(Long.toString(offset).getBytes(StandardCharsets.US_ASCII));
  }

  /** The offset a locator names, or -1 if it is not one of ours. */
  static long decodeLocator(String locator) {
    try {
      String s = new String(Base64.getDecoder().decode(locator.trim()), StandardCharsets.US_ASCII);
      long v = Long.parseLong(s);
      return v < 0 ? -1 : v;
    } catch (IllegalArgumentException e) {
      return -1;
    }
  }
}
