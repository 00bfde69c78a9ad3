package dev.revsync.simulators.salesforce;

import com.squareup.moshi.JsonWriter;
import dev.revsync.simulators.ObjectTable;
import dev.revsync.simulators.SimRecord;
import java.io.IOException;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicLong;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import mockwebserver3.MockResponse;

/**
 * The REST resources under {@code /services/data/vNN.0/}: the resource map, limits, describeGlobal,
 * describe, record retrieval, getDeleted/getUpdated, query and queryAll with query locators, and
 * sObject collections. Authentication, API counting and the usage header are the caller's ({@link
 * SalesforceHandler}). Thread-safe.
 */
final class RestApi {
  /**
   * Open query cursors kept (Salesforce has no cap since API 56.0; this bounds the simulator's
   * memory).
   */
  private static final int MAX_CURSORS = 1000;

  private static final Pattern BATCH_SIZE = Pattern.compile("(?i)batchSize\\s*=\\s*(\\d+)");

  /** An open query cursor. */
  private static final class Cursor {
    final String id;
    final QueryExecutor.Result result;
    final RecordJson json;
    final long total;
    final int pageSize;
    final String version;
    final Instant created;
    volatile Instant lastUsed;

    Cursor(
        String id,
        QueryExecutor.Result result,
        RecordJson json,
        long total,
        int pageSize,
        String version,
        Instant created) {
      this.id = id;
      this.result = result;
      this.json = json;
      this.total = total;
      this.pageSize = pageSize;
      this.version = version;
      this.created = created;
      this.lastUsed = created;
    }
  }

  private final SfConfig config;
  private final Clock clock;
  private final QueryExecutor executor;
  private final SObjectWriter writer;
  private final ApiAllocation allocation;
  private final BulkQueryJobs bulk;

  /**
   * Open cursors, least recently used first; the oldest are dropped beyond {@link #MAX_CURSORS}.
   */
  private final Map<String, Cursor> cursors =
      java.util.Collections.synchronizedMap(
          new LinkedHashMap<>(64, 0.75f, true) {
            @Override
            protected boolean removeEldestEntry(Map.Entry<String, Cursor> eldest) {
              return size() > MAX_CURSORS;
            }
          });

  private final AtomicLong cursorCounter = new AtomicLong();

  RestApi(
      SfConfig config,
      QueryExecutor executor,
      SObjectWriter writer,
      ApiAllocation allocation,
      BulkQueryJobs bulk,
      java.util.function.Function<SfConfig.SfUser, String> identityUrl) {
    this.identityUrl = identityUrl;
    this.config = config;
    this.clock = config.clock();
    this.executor = executor;
    this.writer = writer;
    this.allocation = allocation;
    this.bulk = bulk;
  }

  /** A user's absolute identity URL ({@link OAuthEndpoint#identityUrl}). */
  private final java.util.function.Function<SfConfig.SfUser, String> identityUrl;

  private SalesforceSchema schema() {
    return executor.records().schema();
  }

  /** Routes {@code rest} (the path segments after {@code vNN.0}). */
  MockResponse.Builder handle(
      SfHttp.Request req, String version, List<String> rest, Sessions.Session session) {
    String method = req.method;
    if (rest.isEmpty()) {
      return method.equals("GET")
          ? resources(version, session)
          : SfHttp.methodNotAllowed(method, "GET");
    }
    String head = rest.get(0);
    switch (head) {
      case "limits":
        return rest.size() == 1 && method.equals("GET") ? limits() : SfHttp.notFound();
      case "sobjects":
        return sobjects(req, version, rest);
      case "query":
      case "queryAll":
        if (!method.equals("GET")) return SfHttp.methodNotAllowed(method, "GET, HEAD");
        if (rest.size() == 1) return query(req, version, head.equals("queryAll"));
        if (rest.size() == 2) return more(rest.get(1), version);
        return SfHttp.notFound();
      case "jobs":
        if (rest.size() < 2 || !rest.get(1).equals("query")) return SfHttp.notFound();
        return jobs(req, version, rest.subList(2, rest.size()), session);
      case "composite":
        if (rest.size() >= 2 && rest.get(1).equals("sobjects"))
          return collections(req, rest.subList(2, rest.size()), session);
        return SfHttp.notFound();
      default:
        return SfHttp.notFound();
    }
  }

  // ---- resources, limits ---------------------------------------------------------------------

  /**
   * The versioned root. {@code identity} is the session user's absolute identity URL, as real
   * Salesforce gives it: clients follow it to learn who they are, and a bare {@code /id} is a 404.
   */
  private MockResponse.Builder resources(String version, Sessions.Session session) {
    String base = "/services/data/v" + version + "/";
    return SfHttp.json(
        200,
        w -> {
          w.beginObject();
          for (String r :
              new String[] {
                "tooling",
                "metadata",
                "eclair",
                "folders",
                "tabs",
                "appMenu",
                "quickActions",
                "queryAll",
                "analytics",
                "search",
                "composite",
                "parameterizedSearch",
                "theme",
                "recent",
                "limits",
                "async-queries",
                "query",
                "sobjects",
                "actions",
                "jobs"
              }) {
            w.name(r).value(base + r);
          }
          w.name("identity").value(identityUrl.apply(session.user));
          w.endObject();
        });
  }

  private MockResponse.Builder limits() {
    long bulkJobsLeft = Math.max(0, config.dailyBulkQueryJobs() - bulk.dailyJobsUsed());
    return SfHttp.json(
        200,
        w -> {
          w.beginObject();
          limit(w, "ConcurrentAsyncGetReportInstances", 200, 200);
          limit(w, "ConcurrentSyncReportRuns", 20, 20);
          limit(w, "DailyApiRequests", allocation.max(), allocation.remaining());
          limit(w, "DailyAsyncApexExecutions", 250000, 250000);
          limit(w, "DailyBulkApiBatches", 15000, 15000);
          limit(w, "DailyBulkV2QueryFileStorageMB", 976562, 976562);
          limit(w, "DailyBulkV2QueryJobs", config.dailyBulkQueryJobs(), bulkJobsLeft);
          limit(w, "DataStorageMB", 1024, 1000);
          limit(w, "FileStorageMB", 10240, 10200);
          limit(w, "HourlyODataCallout", 10000, 10000);
          limit(w, "SingleEmail", 5000, 5000);
          w.endObject();
        });
  }

  private static void limit(JsonWriter w, String name, long max, long remaining)
      throws IOException {
    w.name(name)
        .beginObject()
        .name("Max")
        .value(max)
        .name("Remaining")
        .value(remaining)
        .endObject();
  }

  // ---- sobjects ------------------------------------------------------------------------------

  private MockResponse.Builder sobjects(SfHttp.Request req, String version, List<String> rest) {
    if (!req.method.equals("GET")) return SfHttp.methodNotAllowed(req.method, "GET, HEAD");
    if (rest.size() == 1) return SfHttp.json(200, w -> DescribeJson.global(w, schema(), version));
    SObjectType type = schema().type(rest.get(1));
    if (type == null) {
      return SfHttp.error(404, "NOT_FOUND", "The requested resource does not exist");
    }
    if (rest.size() == 2) {
      return SfHttp.json(
          200,
          w -> {
            w.beginObject().name("objectDescribe").beginObject();
            w.name("keyPrefix")
                .value(type.keyPrefix())
                .name("label")
                .value(type.label())
                .name("name")
                .value(type.name())
                .name("queryable")
                .value(true)
                .name("replicateable")
                .value(true);
            w.endObject().name("recentItems").beginArray().endArray().endObject();
          });
    }
    String what = rest.get(2);
    if (rest.size() == 3 && what.equals("describe")) {
      return SfHttp.json(200, w -> DescribeJson.describe(w, type, version));
    }
    if (rest.size() == 3 && (what.equals("deleted") || what.equals("updated"))) {
      return replication(req, type, what.equals("deleted"));
    }
    if (rest.size() == 3) return record(req, type, what, version);
    return SfHttp.notFound();
  }

  private MockResponse.Builder record(
      SfHttp.Request req, SObjectType type, String rawId, String version) {
    String id = SfIds.normalize(rawId);
    ObjectTable table = executor.records().table(type);
    SimRecord r = id == null ? null : table.get(id);
    if (r == null) return SfHttp.notFound();
    if (r.deleted()) return SfHttp.error(404, "ENTITY_IS_DELETED", "entity is deleted");
    String fields = req.query("fields");
    StringBuilder soql = new StringBuilder("SELECT ");
    if (fields == null || fields.isBlank()) {
      List<String> all = new ArrayList<>();
      for (SfField f : type.fields()) all.add(f.name());
      soql.append(String.join(", ", all));
    } else {
      soql.append(fields);
    }
    soql.append(" FROM ").append(type.name()).append(" WHERE Id = '").append(id).append('\'');
    BoundQuery q;
    try {
      q = BoundQuery.bind(SoqlParser.parse(soql.toString(), today()), schema());
    } catch (SoqlException e) {
      return SfHttp.error(400, e.errorCode(), e.getMessage());
    }
    RecordJson json = new RecordJson(q, executor.records());
    return SfHttp.json(200, w -> json.write(w, r, version));
  }

  private MockResponse.Builder replication(SfHttp.Request req, SObjectType type, boolean deleted) {
    Instant start;
    Instant end;
    try {
      String s = req.query("start");
      String e = req.query("end");
      if (s == null || e == null) {
        return SfHttp.error(
            400, "MISSING_ARGUMENT", "start and end are required, as ISO 8601 datetimes");
      }
      start = SfValues.parseDateTime(s).truncatedTo(ChronoUnit.MINUTES);
      end = SfValues.parseDateTime(e).truncatedTo(ChronoUnit.MINUTES);
    } catch (RuntimeException ex) {
      return SfHttp.error(
          400, "INVALID_REPLICATION_DATE", "start and end must be ISO 8601 datetimes");
    }
    Instant now = clock.instant();
    Instant earliest =
        now.minus(Duration.ofDays(deleted ? 15 : 30)).truncatedTo(ChronoUnit.MINUTES);
    if (start.isBefore(earliest)) {
      return SfHttp.error(
          400, "INVALID_REPLICATION_DATE", "startDate before org replication enabled date");
    }
    if (!end.isAfter(start))
      return SfHttp.error(400, "INVALID_REPLICATION_DATE", "endDate must be after startDate");
    Instant covered = end.isAfter(now) ? now.truncatedTo(ChronoUnit.MINUTES) : end;
    ObjectTable table = executor.records().table(type);
    Iterator<SimRecord> it = table.scan(start.minusNanos(1), null, deleted);
    List<SimRecord> hits = new ArrayList<>();
    while (it.hasNext()) {
      SimRecord r = it.next();
      if (!r.modifiedAt().isBefore(covered)) break;
      if (deleted == r.deleted()) hits.add(r);
      if (hits.size() > 600_000) {
        return SfHttp.error(
            400, "EXCEEDED_ID_LIMIT", "Too many ids in the range; use a shorter one");
      }
    }
    return SfHttp.json(
        200,
        w -> {
          w.beginObject();
          if (deleted) {
            w.name("deletedRecords").beginArray();
            for (SimRecord r : hits) {
              w.beginObject()
                  .name("id")
                  .value(r.id())
                  .name("deletedDate")
                  .value(SfValues.dateTime(r.modifiedAt()))
                  .endObject();
            }
            w.endArray();
            w.name("earliestDateAvailable").value(SfValues.dateTime(earliest));
          } else {
            w.name("ids").beginArray();
            for (SimRecord r : hits) w.value(r.id());
            w.endArray();
          }
          w.name("latestDateCovered").value(SfValues.dateTime(covered));
          w.endObject();
        });
  }

  // ---- query ---------------------------------------------------------------------------------

  private java.time.LocalDate today() {
    return clock.instant().atZone(ZoneOffset.UTC).toLocalDate();
  }

  private int pageSize(SfHttp.Request req) {
    int size = config.queryDefaultBatchSize();
    String options = req.header("Sforce-Query-Options");
    if (options != null) {
      Matcher m = BATCH_SIZE.matcher(options);
      if (m.find()) {
        try {
          size = Integer.parseInt(m.group(1));
        } catch (NumberFormatException e) {
          size = config.queryMaxBatchSize();
        }
        size = Math.max(config.queryMinBatchSize(), Math.min(config.queryMaxBatchSize(), size));
      }
    }
    return Math.min(size, config.queryPageCap());
  }

  private MockResponse.Builder query(SfHttp.Request req, String version, boolean all) {
    String soql = req.query("q");
    if (soql == null || soql.isBlank()) {
      return SfHttp.error(400, "MALFORMED_QUERY", "A query string has to be specified");
    }
    BoundQuery q;
    try {
      q = BoundQuery.bind(SoqlParser.parse(soql, today()), schema());
    } catch (SoqlException e) {
      return SfHttp.error(400, e.errorCode(), e.getMessage());
    }
    QueryExecutor.Result result = executor.open(q, all);
    long total = result.count();
    if (q.count) {
      return SfHttp.json(
          200,
          w ->
              w.beginObject()
                  .name("totalSize")
                  .value(total)
                  .name("done")
                  .value(true)
                  .name("records")
                  .beginArray()
                  .endArray()
                  .endObject());
    }
    int size = pageSize(req);
    expireCursors();
    Cursor c =
        new Cursor(
            SfIds.of("01g", cursorCounter.getAndIncrement()),
            result,
            new RecordJson(q, executor.records()),
            total,
            size,
            version,
            clock.instant());
    return page(c, 0);
  }

  private MockResponse.Builder more(String locator, String version) {
    int dash = locator.lastIndexOf('-');
    Cursor c = dash < 0 ? null : cursors.get(locator.substring(0, dash));
    long offset = -1;
    if (c != null) {
      try {
        offset = Long.parseLong(locator.substring(dash + 1));
      } catch (NumberFormatException e) {
        offset = -1;
      }
    }
    if (c == null || offset < 0 || expired(c)) {
      if (c != null) cursors.remove(c.id);
      return SfHttp.error(
          config.invalidQueryLocatorStatus(), "INVALID_QUERY_LOCATOR", "invalid query locator");
    }
    c.lastUsed = clock.instant();
    return page(c, offset);
  }

  private MockResponse.Builder page(Cursor c, long offset) {
    // A hostile server: every remaining record in one page, whatever batchSize asked for.
    boolean huge =
        dev.revsync.simulators.SimulatorServer.currentFault()
            == dev.revsync.simulators.FaultPlan.Fault.HUGE_PAGE;
    QueryExecutor.Page page = c.result.fetch(offset, huge ? Integer.MAX_VALUE : c.pageSize);
    String next = null;
    if (!page.done()) {
      cursors.put(c.id, c);
      next =
          "/services/data/v"
              + c.version
              + "/query/"
              + c.id
              + "-"
              + (offset + page.records().size());
    }
    String nextUrl = next;
    return SfHttp.json(
        200,
        w -> {
          w.beginObject();
          w.name("totalSize").value(c.total);
          w.name("done").value(page.done());
          if (nextUrl != null) w.name("nextRecordsUrl").value(nextUrl);
          w.name("records").beginArray();
          for (SimRecord r : page.records()) c.json.write(w, r, c.version);
          w.endArray();
          w.endObject();
        });
  }

  /** Since API 56.0 a cursor lives two days; before, 15 minutes without use. */
  private boolean expired(Cursor c) {
    Instant now = clock.instant();
    boolean modern = Double.parseDouble(c.version) >= 56.0;
    return modern
        ? now.isAfter(c.created.plus(Duration.ofDays(2)))
        : now.isAfter(c.lastUsed.plus(Duration.ofMinutes(15)));
  }

  private void expireCursors() {
    synchronized (cursors) {
      cursors.values().removeIf(this::expired);
    }
  }

  // ---- Bulk 2.0 query ------------------------------------------------------------------------

  private MockResponse.Builder jobs(
      SfHttp.Request req, String version, List<String> rest, Sessions.Session session) {
    String method = req.method;
    if (rest.isEmpty()) {
      if (method.equals("POST")) return bulk.create(req, version, session.user.id());
      if (method.equals("GET")) return bulk.list();
      return SfHttp.methodNotAllowed(method, "GET, POST");
    }
    String id = rest.get(0);
    if (rest.size() == 1) {
      return switch (method) {
        case "GET" -> bulk.status(id);
        case "PATCH" -> bulk.abort(id, req);
        case "DELETE" -> bulk.delete(id);
        default -> SfHttp.methodNotAllowed(method, "GET, PATCH, DELETE");
      };
    }
    if (rest.size() == 2 && rest.get(1).equals("results")) {
      return method.equals("GET")
          ? bulk.results(id, version, req)
          : SfHttp.methodNotAllowed(method, "GET");
    }
    return SfHttp.notFound();
  }

  // ---- sObject collections -------------------------------------------------------------------

  @SuppressWarnings("unchecked")
  private MockResponse.Builder collections(
      SfHttp.Request req, List<String> rest, Sessions.Session session) {
    String method = req.method;
    if (method.equals("DELETE") && rest.isEmpty()) return deleteCollection(req);
    SObjectWriter.Operation op;
    String upsertType = null;
    String externalField = null;
    if (rest.isEmpty() && method.equals("POST")) {
      op = SObjectWriter.Operation.CREATE;
    } else if (rest.isEmpty() && method.equals("PATCH")) {
      op = SObjectWriter.Operation.UPDATE;
    } else if (rest.size() == 2 && method.equals("PATCH")) {
      op = SObjectWriter.Operation.UPSERT;
      upsertType = rest.get(0);
      externalField = rest.get(1);
    } else {
      return SfHttp.notFound();
    }
    Map<String, Object> body;
    try {
      body = req.jsonObject();
    } catch (IOException | RuntimeException e) {
      return SfHttp.error(
          400, "JSON_PARSER_ERROR", "The request body could not be parsed as a JSON object");
    }
    boolean allOrNone = Boolean.TRUE.equals(body.get("allOrNone"));
    if (!(body.get("records") instanceof List<?> recs)) {
      return SfHttp.error(400, "INVALID_FIELD", "records is required");
    }
    if (recs.size() > 200) {
      return SfHttp.error(
          400,
          "EXCEEDED_ID_LIMIT",
          "record limit reached. cannot submit more than 200 records into" + " this call");
    }
    List<SObjectWriter.Input> inputs = new ArrayList<>();
    for (Object o : recs) {
      if (!(o instanceof Map<?, ?> m))
        return SfHttp.error(400, "JSON_PARSER_ERROR", "each record must be an object");
      Map<String, Object> rec = (Map<String, Object>) m;
      Object attrs = rec.get("attributes");
      String type =
          attrs instanceof Map<?, ?> a && a.get("type") instanceof String t ? t : upsertType;
      if (type == null) {
        return SfHttp.error(400, "INVALID_TYPE", "Must send a concrete entity type.");
      }
      if (upsertType != null && !type.equalsIgnoreCase(upsertType)) {
        return SfHttp.error(400, "INVALID_TYPE", "All records must be of type " + upsertType);
      }
      String id = null;
      Map<String, Object> values = new LinkedHashMap<>();
      List<String> toNull = new ArrayList<>();
      for (Map.Entry<String, Object> e : rec.entrySet()) {
        if (e.getKey().equals("attributes")) continue;
        if (e.getKey().equalsIgnoreCase("id")) {
          id = e.getValue() == null ? null : e.getValue().toString();
          continue;
        }
        if (e.getValue() == null) toNull.add(e.getKey());
        else
          values.put(
              e.getKey(),
              e.getValue() instanceof Double d && d == Math.rint(d) && Math.abs(d) < 1e15
                  ? (Object) Long.valueOf(d.longValue())
                  : e.getValue());
      }
      inputs.add(new SObjectWriter.Input(type, id, values, toNull));
    }
    List<SObjectWriter.Result> results;
    try {
      results = writer.write(op, inputs, externalField, allOrNone, session.user.id());
    } catch (SObjectWriter.CallRefused e) {
      return SfHttp.error(400, e.code, e.getMessage());
    }
    boolean upsert = op == SObjectWriter.Operation.UPSERT;
    return SfHttp.json(
        200,
        w -> {
          w.beginArray();
          for (SObjectWriter.Result r : results) writeResult(w, r, upsert);
          w.endArray();
        });
  }

  private static void writeResult(JsonWriter w, SObjectWriter.Result r, boolean upsert)
      throws IOException {
    w.beginObject();
    if (r.id() != null) w.name("id").value(r.id());
    w.name("success").value(r.success());
    w.name("errors").beginArray();
    for (SObjectWriter.Error e : r.errors()) {
      w.beginObject()
          .name("statusCode")
          .value(e.statusCode())
          .name("message")
          .value(e.message())
          .name("fields")
          .beginArray();
      for (String f : e.fields()) w.value(f);
      w.endArray().endObject();
    }
    w.endArray();
    if (upsert) w.name("created").value(Boolean.TRUE.equals(r.created()));
    w.endObject();
  }

  private MockResponse.Builder deleteCollection(SfHttp.Request req) {
    String ids = req.query("ids");
    if (ids == null || ids.isBlank())
      return SfHttp.error(400, "MISSING_ARGUMENT", "ids is required");
    String[] list = ids.split(",");
    if (list.length > 200) {
      return SfHttp.error(
          400,
          "EXCEEDED_ID_LIMIT",
          "record limit reached. cannot submit more than 200 records into" + " this call");
    }
    List<SObjectWriter.Result> results = new ArrayList<>();
    for (String raw : list) {
      String id = SfIds.normalize(raw);
      SObjectType type = id == null ? null : schema().typeOfId(id);
      if (type == null) {
        results.add(
            new SObjectWriter.Result(
                null,
                false,
                null,
                List.of(
                    new SObjectWriter.Error("MALFORMED_ID", "malformed id " + raw, List.of()))));
        continue;
      }
      ObjectTable table = executor.records().table(type);
      SimRecord r = table.get(id);
      if (r == null) {
        results.add(
            new SObjectWriter.Result(
                null,
                false,
                null,
                List.of(
                    new SObjectWriter.Error(
                        "INVALID_CROSS_REFERENCE_KEY", "invalid cross reference id", List.of()))));
      } else if (!type.deletable() || !table.delete(id)) {
        results.add(
            new SObjectWriter.Result(
                null,
                false,
                null,
                List.of(
                    new SObjectWriter.Error("ENTITY_IS_DELETED", "entity is deleted", List.of()))));
      } else {
        results.add(new SObjectWriter.Result(id, true, null, List.of()));
      }
    }
    return SfHttp.json(
        200,
        w -> {
          w.beginArray();
          for (SObjectWriter.Result r : results) writeResult(w, r, false);
          w.endArray();
        });
  }
}
