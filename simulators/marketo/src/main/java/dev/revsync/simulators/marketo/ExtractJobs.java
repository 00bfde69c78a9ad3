package dev.revsync.simulators.marketo;

import dev.revsync.simulators.ObjectTable;
import dev.revsync.simulators.SimRecord;
import dev.revsync.simulators.StreamingBodies;
import java.io.BufferedWriter;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.OutputStreamWriter;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.DigestOutputStream;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.UUID;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import mockwebserver3.MockResponse;
import okio.Okio;
import okio.Source;

/**
 * Bulk lead extract: jobs move {@code Created -> Queued -> Processing -> Completed} on the
 * simulator's clock (at most {@code maxProcessing} Processing at once, {@code maxQueued} queued or
 * processing, else 1029), the file is written whole to a temporary file when the job completes (so
 * later changes to leads never alter it and a {@code Range} download resumes on the same bytes),
 * exported bytes count against a daily quota (1029 once spent), files expire after 7 days.
 * Thread-safe: job state changes under this object's lock.
 */
final class ExtractJobs implements AutoCloseable {
  private static final Pattern RANGE = Pattern.compile("bytes=(\\d+)-(\\d*)");

  /** How long Marketo keeps a job's status. */
  static final Duration STATUS_RETENTION = Duration.ofDays(30);

  /** One job. */
  static final class Job {
    final String exportId = UUID.randomUUID().toString();
    final String kind;
    final List<String> fields;
    final java.util.Set<Integer> activityTypeIds;
    final Map<String, String> headerNames;
    final String format;
    final String filterField;
    final Instant startAt;
    final Instant endAt;
    final Instant createdAt;
    String status = "Created";
    Instant queuedAt;
    Instant startedAt;
    Instant finishedAt;
    long numberOfRecords;
    long fileSize;
    String checksum;
    Path file;

    Job(
        String kind,
        List<String> fields,
        java.util.Set<Integer> activityTypeIds,
        Map<String, String> headerNames,
        String format,
        String filterField,
        Instant startAt,
        Instant endAt,
        Instant createdAt) {
      this.kind = kind;
      this.activityTypeIds = activityTypeIds;
      this.fields = fields;
      this.headerNames = headerNames;
      this.format = format;
      this.filterField = filterField;
      this.startAt = startAt;
      this.endAt = endAt;
      this.createdAt = createdAt;
    }
  }

  private final MarketoSimulator.Options options;
  private final Clock clock;
  private final ObjectTable leads;
  private final Gate gate;
  private final Map<String, Job> jobs = new LinkedHashMap<>();
  private final Map<LocalDate, Long> exportedBytes = new LinkedHashMap<>();
  private final Path dir;

  ExtractJobs(MarketoSimulator.Options options, ObjectTable leads, Gate gate) {
    this.options = options;
    this.clock = options.clock;
    this.leads = leads;
    this.gate = gate;
    try {
      this.dir = Files.createTempDirectory("revsync-marketo-extracts");
    } catch (IOException e) {
      throw new UncheckedIOException("could not create a directory for extract files", e);
    }
  }

  /** The activity file's columns when the job names no {@code fields}. */
  static final List<String> ACTIVITY_COLUMNS =
      List.of(
          "marketoGUID",
          "leadId",
          "activityDate",
          "activityTypeId",
          "campaignId",
          "primaryAttributeValueId",
          "primaryAttributeValue",
          "attributes");

  /** {@code POST /bulk/v1/{leads|activities}/export/create.json}. */
  synchronized MockResponse create(String kind, Map<String, Object> body) {
    boolean activities = kind.equals("activities");
    Object f = body.get("fields");
    List<String> fields = new ArrayList<>();
    if (activities && f == null) {
      fields.addAll(ACTIVITY_COLUMNS);
    } else {
      if (!(f instanceof List) || ((List<?>) f).isEmpty())
        return Wire.error("1003", "fields cannot be blank");
      for (Object o : (List<?>) f) {
        String name = String.valueOf(o);
        boolean known =
            activities
                ? ACTIVITY_COLUMNS.contains(name) || name.equals("actionResult")
                : LeadSchema.field(name) != null;
        if (!known) return Wire.error("1006", "Field '" + name + "' not found");
        fields.add(name);
      }
    }
    String format =
        body.get("format") == null ? "CSV" : body.get("format").toString().toUpperCase(Locale.ROOT);
    if (!List.of("CSV", "TSV", "SSV").contains(format))
      return Wire.error("1003", "Invalid format '" + format + "'");
    Map<String, String> headerNames = new LinkedHashMap<>();
    if (body.get("columnHeaderNames") instanceof Map) {
      ((Map<?, ?>) body.get("columnHeaderNames"))
          .forEach((k, v) -> headerNames.put(String.valueOf(k), String.valueOf(v)));
    }
    if (!(body.get("filter") instanceof Map)) return Wire.error("1003", "filter cannot be blank");
    Map<?, ?> filter = (Map<?, ?>) body.get("filter");
    java.util.Set<Integer> typeIds = null;
    if (activities) {
      if (!(filter.get("createdAt") instanceof Map))
        return Wire.error("1003", "filter createdAt is required");
      if (filter.get("activityTypeIds") instanceof List) {
        typeIds = new java.util.LinkedHashSet<>();
        for (Object id : (List<?>) filter.get("activityTypeIds")) {
          int t = Integer.parseInt(String.valueOf(id));
          if (t == ActivityFeed.DELETE_LEAD)
            return Wire.error("1003", "Activity type 'Delete Lead' is not exportable");
          typeIds.add(t);
        }
      }
      Map<Object, Object> only = new LinkedHashMap<>();
      only.put("createdAt", filter.get("createdAt"));
      filter = only;
    }
    if (filter.size() != 1) return Wire.error("1003", "Exactly one filter type is required");
    String type = String.valueOf(filter.keySet().iterator().next());
    if (!type.equals("createdAt") && !type.equals("updatedAt")) {
      return Wire.error("1035", "Unsupported filter type for target subscription: " + type);
    }
    if (type.equals("updatedAt") && !options.updatedAtFilter) {
      return Wire.error("1035", "Unsupported filter type for target subscription: updatedAt");
    }
    if (!(filter.get(type) instanceof Map)) return Wire.error("1003", "Invalid filter " + type);
    Map<?, ?> range = (Map<?, ?>) filter.get(type);
    Instant start =
        Wire.parseTime(range.get("startAt") == null ? null : range.get("startAt").toString());
    Instant end = Wire.parseTime(range.get("endAt") == null ? null : range.get("endAt").toString());
    if (start == null || end == null)
      return Wire.error("1003", "Invalid date range for filter " + type);
    if (!end.isAfter(start)) return Wire.error("1003", "endAt must be after startAt");
    if (Duration.between(start, end).compareTo(Duration.ofDays(31).plusHours(1)) > 0) {
      return Wire.error("1003", "Date range exceeds 31 days");
    }
    Job job =
        new Job(kind, fields, typeIds, headerNames, format, type, start, end, clock.instant());
    jobs.put(job.exportId, job);
    return Wire.ok(
        List.of(
            Wire.map(
                "exportId",
                job.exportId,
                "format",
                job.format,
                "status",
                job.status,
                "createdAt",
                Wire.time(job.createdAt))));
  }

  /** {@code POST /bulk/v1/leads/export/{id}/enqueue.json}. */
  synchronized MockResponse enqueue(String id) {
    advance();
    Job job = jobs.get(id);
    if (job == null) return Wire.error("1003", "Export Id " + id + " not found");
    if (!job.status.equals("Created")) {
      return Wire.error("1029", "Export job " + id + " already queued");
    }
    long active =
        jobs.values().stream()
            .filter(j -> j.status.equals("Queued") || j.status.equals("Processing"))
            .count();
    if (active >= options.maxQueuedJobs)
      return Wire.error("1029", "Too many jobs (" + active + ") in queue");
    if (exportedToday() >= options.extractBytesPerDay)
      return Wire.error("1029", "Export daily quota exceeded");
    job.status = "Queued";
    job.queuedAt = clock.instant();
    advance();
    return Wire.ok(List.of(statusOf(job)));
  }

  /** {@code GET /bulk/v1/leads/export/{id}/status.json}; a job's status is kept 30 days. */
  synchronized MockResponse status(String id) {
    advance();
    Job job = jobs.get(id);
    if (job != null && clock.instant().isAfter(job.createdAt.plus(STATUS_RETENTION))) {
      job = null; // kept in the map, so jobCount() still counts every job created
    }
    if (job == null) return Wire.error("1003", "Export Id " + id + " not found");
    return Wire.ok(List.of(statusOf(job)));
  }

  /** {@code POST /bulk/v1/leads/export/{id}/cancel.json}. */
  synchronized MockResponse cancel(String id) {
    advance();
    Job job = jobs.get(id);
    if (job == null) return Wire.error("1003", "Export Id " + id + " not found");
    if (job.status.equals("Completed") || job.status.equals("Failed")) {
      return Wire.error("1003", "Job " + id + " is already " + job.status);
    }
    job.status = options.canceledSpelling;
    job.finishedAt = clock.instant();
    return Wire.ok(List.of(statusOf(job)));
  }

  /** {@code GET /bulk/v1/{kind}/export.json?status=&batchSize=&nextPageToken=}. */
  synchronized MockResponse list(String kind, Map<String, String> q) {
    advance();
    List<String> statuses = Wire.csv(q.get("status"));
    List<Map<String, Object>> out = new ArrayList<>();
    Instant weekAgo = clock.instant().minus(Duration.ofDays(7));
    for (Job j : jobs.values()) {
      if (j.createdAt.isBefore(weekAgo) || !j.kind.equals(kind)) continue;
      if (!statuses.isEmpty() && !statuses.contains(j.status)) continue;
      out.add(statusOf(j));
    }
    return Wire.ok(out);
  }

  /** {@code GET /bulk/v1/leads/export/{id}/file.json}, honouring {@code Range}. */
  MockResponse file(String id, String rangeHeader) {
    Job job;
    synchronized (this) {
      advance();
      job = jobs.get(id);
    }
    if (job == null
        || !job.status.equals("Completed")
        || job.file == null
        || clock.instant().isAfter(job.finishedAt.plus(Duration.ofDays(7)))) {
      return new MockResponse.Builder()
          .code(404)
          .setHeader("Content-Type", "text/plain")
          .body("Export file for " + id + " is not available")
          .build();
    }
    long size = job.fileSize;
    long from = 0;
    long to = size - 1;
    boolean partial = false;
    if (rangeHeader != null) {
      Matcher m = RANGE.matcher(rangeHeader.trim());
      if (m.matches()) {
        from = Long.parseLong(m.group(1));
        if (!m.group(2).isEmpty()) to = Math.min(size - 1, Long.parseLong(m.group(2)));
        if (from >= size || from > to) {
          return new MockResponse.Builder()
              .code(416)
              .setHeader("Content-Range", "bytes */" + size)
              .build();
        }
        partial = true;
      }
    }
    long start = from;
    long length = to - from + 1;
    Path path = job.file;
    MockResponse.Builder b =
        new MockResponse.Builder()
            .code(partial ? 206 : 200)
            .setHeader("Content-Type", job.format.equals("CSV") ? "text/csv" : "text/plain")
            .setHeader("Accept-Ranges", "bytes");
    if (partial) b.setHeader("Content-Range", "bytes " + from + "-" + to + "/" + size);
    b.body(
        StreamingBodies.ofLength(
            length,
            sink -> {
              try (InputStream in = Files.newInputStream(path)) {
                in.skipNBytes(start);
                try (Source source = Okio.source(new BoundedInput(in, length))) {
                  sink.writeAll(source);
                }
              }
            }));
    return b.build();
  }

  synchronized int processingCount() {
    advance();
    return (int) jobs.values().stream().filter(j -> j.status.equals("Processing")).count();
  }

  synchronized long exportedToday() {
    return exportedBytes.getOrDefault(gate.today(), 0L);
  }

  synchronized int jobCount() {
    return jobs.size();
  }

  /** Ends a job Failed, as when Marketo's processing of it fails; false if there is none. */
  synchronized boolean fail(String id) {
    advance();
    Job job = jobs.get(id);
    if (job == null || job.status.equals("Completed")) return false;
    job.status = "Failed";
    job.finishedAt = clock.instant();
    return true;
  }

  /** Moves every job as far as the clock allows. */
  synchronized void advance() {
    Instant now = clock.instant();
    for (Job j : jobs.values()) {
      if (j.status.equals("Processing")
          && !now.isBefore(j.startedAt.plus(options.extractProcessing))) complete(j);
    }
    for (Job j : jobs.values()) {
      if (!j.status.equals("Queued") || now.isBefore(j.queuedAt.plus(options.extractQueueDelay)))
        continue;
      long processing = jobs.values().stream().filter(x -> x.status.equals("Processing")).count();
      if (processing >= options.maxProcessingJobs) break;
      j.status = "Processing";
      j.startedAt = j.queuedAt.plus(options.extractQueueDelay);
      if (!now.isBefore(j.startedAt.plus(options.extractProcessing))) complete(j);
    }
  }

  private void complete(Job j) {
    try {
      writeFile(j);
    } catch (IOException e) {
      j.status = "Failed";
      j.finishedAt = clock.instant();
      return;
    }
    j.status = "Completed";
    j.finishedAt = j.startedAt.plus(options.extractProcessing);
    exportedBytes.merge(gate.today(), j.fileSize, Long::sum);
  }

  private void writeFile(Job j) throws IOException {
    char delimiter = j.format.equals("TSV") ? '\t' : j.format.equals("SSV") ? ';' : ',';
    Path file = dir.resolve(j.exportId + "." + j.format.toLowerCase(Locale.ROOT));
    MessageDigest sha;
    try {
      sha = MessageDigest.getInstance("SHA-256");
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException("no SHA-256", e);
    }
    long rows = 0;
    try (OutputStream raw = Files.newOutputStream(file);
        DigestOutputStream digest = new DigestOutputStream(raw, sha);
        BufferedWriter w =
            new BufferedWriter(new OutputStreamWriter(digest, StandardCharsets.UTF_8), 1 << 16)) {
      List<String> header = new ArrayList<>();
      for (String f : j.fields) header.add(j.headerNames.getOrDefault(f, f));
      writeRow(w, header, delimiter);
      boolean activities = j.kind.equals("activities");
      for (Iterator<SimRecord> it = leads.scan(null, null, activities); it.hasNext(); ) {
        SimRecord r = it.next();
        if (activities) {
          // an activity happens when the lead changes: its time is the lead's modification time
          int typeId = ActivityFeed.typeOf(r);
          if (typeId == ActivityFeed.DELETE_LEAD
              || (j.activityTypeIds != null && !j.activityTypeIds.contains(typeId))) continue;
          if (r.modifiedAt().isBefore(j.startAt) || !r.modifiedAt().isBefore(j.endAt)) continue;
          Map<String, Object> a = ActivityFeed.activity(r, typeId, null);
          List<String> cells = new ArrayList<>(j.fields.size());
          for (String f : j.fields) {
            Object v =
                f.equals("actionResult")
                    ? "succeeded"
                    : f.equals("attributes")
                        ? dev.revsync.spi.Json.toJson(a.get("attributes"))
                        : a.get(f);
            cells.add(v == null ? options.csvNull : v.toString());
          }
          writeRow(w, cells, delimiter);
          rows++;
          continue;
        }
        Instant t =
            j.filterField.equals("createdAt")
                ? (r.createdAt() == null ? r.modifiedAt() : r.createdAt())
                : r.modifiedAt();
        if (t.isBefore(j.startAt) || !t.isBefore(j.endAt)) continue;
        List<String> cells = new ArrayList<>(j.fields.size());
        for (String f : j.fields) cells.add(LeadSchema.csvValue(r, f, options.csvNull));
        writeRow(w, cells, delimiter);
        rows++;
      }
    }
    j.file = file;
    j.fileSize = Files.size(file);
    j.numberOfRecords = rows;
    j.checksum = "sha256:" + HexFormat.of().formatHex(sha.digest());
  }

  private static void writeRow(BufferedWriter w, List<String> cells, char delimiter)
      throws IOException {
    for (int i = 0; i < cells.size(); i++) {
      if (i > 0) w.write(delimiter);
      String c = cells.get(i);
      if (c.indexOf(delimiter) >= 0
          || c.indexOf('"') >= 0
          || c.indexOf('\n') >= 0
          || c.indexOf('\r') >= 0) {
        w.write('"');
        w.write(c.replace("\"", "\"\""));
        w.write('"');
      } else {
        w.write(c);
      }
    }
    w.write('\n');
  }

  private Map<String, Object> statusOf(Job j) {
    Map<String, Object> m = new LinkedHashMap<>();
    m.put("exportId", j.exportId);
    m.put("format", j.format);
    m.put("status", j.status);
    m.put("createdAt", Wire.time(j.createdAt));
    if (j.queuedAt != null) m.put("queuedAt", Wire.time(j.queuedAt));
    if (j.startedAt != null) m.put("startedAt", Wire.time(j.startedAt));
    if (j.finishedAt != null) m.put("finishedAt", Wire.time(j.finishedAt));
    if (j.status.equals("Completed")) {
      m.put("numberOfRecords", j.numberOfRecords);
      m.put("fileSize", j.fileSize);
      m.put("fileChecksum", j.checksum);
    }
    if (j.status.equals("Failed")) m.put("errorMsg", "Export failed");
    return m;
  }

  @Override
  public synchronized void close() {
    for (Job j : jobs.values()) {
      if (j.file != null) {
        try {
          Files.deleteIfExists(j.file);
        } catch (IOException e) {
          // a temporary file; the OS cleans it up
        }
      }
    }
    try {
      Files.deleteIfExists(dir);
    } catch (IOException e) {
      // not empty or gone: a temporary directory either way
    }
  }

  /** Reads at most {@code limit} bytes of {@code in}. */
  private static final class BoundedInput extends java.io.FilterInputStream {
    private long left;

    BoundedInput(InputStream in, long limit) {
      super(in);
      this.left = limit;
    }

    @Override
    public int read() throws IOException {
      if (left <= 0) return -1;
      int b = super.read();
      if (b >= 0) left--;
      return b;
    }

    @Override
    public int read(byte[] b, int off, int len) throws IOException {
      if (left <= 0) return -1;
      int n = super.read(b, off, (int) Math.min(len, left));
      if (n > 0) left -= n;
      return n;
    }
  }
}
