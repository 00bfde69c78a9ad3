package dev.revsync.simulators.pardot;

import com.squareup.moshi.JsonWriter;
import dev.revsync.simulators.ObjectTable;
import dev.revsync.simulators.RecordStore;
import dev.revsync.simulators.SimRecord;
import dev.revsync.simulators.StreamingBodies;
import java.io.IOException;
import java.math.BigDecimal;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentSkipListMap;
import java.util.concurrent.atomic.AtomicLong;
import mockwebserver3.MockResponse;
import okio.Buffer;
import okio.BufferedSink;

/**
 * The v5 export API (§7 of the notes): {@code POST /api/v5/exports} creates, {@code GET
 * /api/v5/exports/{id}} reads ({@code Waiting → Processing → Complete} on the simulator's clock,
 * exports running one after another, oldest first), {@code GET /api/v5/exports} lists, and each
 * {@code resultRefs} URL downloads one CSV file (header row, no BOM, empty cell for null). Files
 * expire 7 days after completion ({@code isExpired: true}, no links; a download then answers 178);
 * an export not finished within 7 days of its creation is {@code Cancelled}. Body keys and argument
 * casing are UNCONFIRMED: both {@code updatedAfter} and {@code updated_after} are accepted, the
 * state field name is a knob. Thread-safe.
 */
final class ExportApi {
  private static final Duration KEEP = Duration.ofDays(7);
  private static final Map<String, List<String>> PROCEDURES =
      Map.of(
          "prospect", List.of("filter_by_updated_at"),
          "visitorActivity", List.of("filter_by_created_at", "filter_by_updated_at"),
          "listMembership", List.of("filter_by_created_at", "filter_by_updated_at"));

  /** One export: its query and, once complete, where each file starts in (updatedAt, id) order. */
  private static final class Export {
    final long id;
    final PardotSchema.Collection collection;
    final List<String> fields;
    final String procedure;
    final Instant after;
    final Instant before;
    final Instant createdAt;
    final String objectName;
    Instant startedAt;
    Instant completedAt;
    List<SimRecord> fileStarts;

    Export(
        long id,
        PardotSchema.Collection collection,
        String objectName,
        List<String> fields,
        String procedure,
        Instant after,
        Instant before,
        Instant createdAt) {
      this.id = id;
      this.collection = collection;
      this.objectName = objectName;
      this.fields = fields;
      this.procedure = procedure;
      this.after = after;
      this.before = before;
      this.createdAt = createdAt;
    }
  }

  private final PardotSchema schema;
  private final RecordStore store;
  private final PardotSettings settings;
  private final Clock clock;
  private final Map<Long, Export> exports = new ConcurrentSkipListMap<>();
  private final AtomicLong nextId = new AtomicLong(201_917);
  private final Map<Long, Integer> downloads = new ConcurrentHashMap<>();

  ExportApi(PardotSchema schema, RecordStore store, PardotSettings settings, Clock clock) {
    this.schema = schema;
    this.store = store;
    this.settings = settings;
    this.clock = clock;
  }

  long created() {
    return exports.size();
  }

  long downloads() {
    return downloads.values().stream().mapToLong(Integer::longValue).sum();
  }

  MockResponse create(String body, String baseUrl) throws QueryApi.BadRequest {
    return create(body, baseUrl, false);
  }

  /**
   * {@code v4}: the documented v4 form — {@code {"export":{...}}}, {@code state}, legacy dates, v4
   * links.
   */
  MockResponse create(String body, String baseUrl, boolean v4) throws QueryApi.BadRequest {
    Map<String, Object> json;
    try {
      json = PardotJson.object(body);
    } catch (IllegalArgumentException e) {
      throw new QueryApi.BadRequest(150, "Invalid JSON in the request body");
    }
    Object object = json.get("object");
    PardotSchema.Collection c = schema.byExportName(object == null ? null : object.toString());
    String objectName = c == null ? null : c.exportName;
    if (c == null || !PROCEDURES.containsKey(objectName)) {
      throw new QueryApi.BadRequest(174, "Unknown export object: " + object);
    }
    if (!(json.get("procedure") instanceof Map<?, ?> procedure)
        || !(procedure.get("name") instanceof String name)) {
      throw new QueryApi.BadRequest(176, "Missing argument: procedure.name");
    }
    if (!PROCEDURES.get(objectName).contains(name)) {
      throw new QueryApi.BadRequest(174, "Unknown procedure " + name + " for " + objectName);
    }
    Map<?, ?> args = procedure.get("arguments") instanceof Map<?, ?> m ? m : Map.of();
    boolean created = name.equals("filter_by_created_at");
    Instant after = null;
    Instant before = null;
    ZoneId zone = settings.accountZone;
    for (Map.Entry<?, ?> e : args.entrySet()) {
      String key = e.getKey().toString().replace("_", "").toLowerCase(Locale.ROOT);
      Instant at;
      try {
        at = PardotJson.parseExportTime(String.valueOf(e.getValue()), zone);
      } catch (IllegalArgumentException ex) {
        throw new QueryApi.BadRequest(177, "Invalid argument " + e.getKey() + ": " + e.getValue());
      }
      String prefix = created ? "created" : "updated";
      if (key.equals(prefix + "after")) after = at;
      else if (key.equals(prefix + "before")) before = at;
      else throw new QueryApi.BadRequest(175, "Unknown argument " + e.getKey());
    }
    if (after == null)
      throw new QueryApi.BadRequest(
          176, "Missing argument " + (created ? "createdAfter" : "updatedAfter"));
    Instant now = clock.instant();
    Instant upper = before == null ? now : before;
    if (upper.isBefore(after)
        || Duration.between(after, upper).compareTo(Duration.ofDays(366)) > 0) {
      throw new QueryApi.BadRequest(177, "Invalid argument: the range must be at most one year");
    }
    List<String> fields = new ArrayList<>();
    List<Object> requested = PardotJson.list(json.get("fields"));
    if (requested == null) {
      fields.addAll(c.order);
    } else {
      for (Object f : requested) {
        if (c.field(String.valueOf(f)) == null)
          throw new QueryApi.BadRequest(180, "Invalid field: " + f);
        fields.add(String.valueOf(f));
      }
    }
    if (fields.size() > 150) throw new QueryApi.BadRequest(180, "Too many fields: at most 150");
    Export export =
        new Export(nextId.getAndIncrement(), c, objectName, fields, name, after, upper, now);
    exports.put(export.id, export);
    return v4
        ? PardotJson.json(200, "{\"export\":" + render(export, baseUrl, true) + "}")
        : PardotJson.json(201, render(export, baseUrl, false));
  }

  MockResponse read(long id, String baseUrl) {
    return read(id, baseUrl, false);
  }

  MockResponse read(long id, String baseUrl, boolean v4) {
    Export e = exports.get(id);
    if (e == null) return PardotJson.error(404, 192, "Object not found");
    return PardotJson.json(
        200, v4 ? "{\"export\":" + render(e, baseUrl, true) + "}" : render(e, baseUrl, false));
  }

  MockResponse list(String baseUrl) {
    StringBuilder b =
        new StringBuilder("{\"nextPageToken\":null,\"nextPageUrl\":null,\"values\":[");
    boolean first = true;
    for (Export e : exports.values()) {
      if (!first) b.append(',');
      b.append(render(e, baseUrl, false));
      first = false;
    }
    return PardotJson.json(200, b.append("]}").toString());
  }

  MockResponse download(long id, int file) {
    Export e = exports.get(id);
    if (e == null) return PardotJson.error(404, 192, "Object not found");
    String state = state(e);
    if (!state.equals("Complete") || isExpired(e)) {
      return PardotJson.error(400, 178, "The export's state does not allow this operation");
    }
    if (file < 1 || file > e.fileStarts.size())
      return PardotJson.error(404, 192, "Object not found");
    downloads.merge(id, 1, Integer::sum);
    SimRecord start = e.fileStarts.get(file - 1);
    SimRecord next = file < e.fileStarts.size() ? e.fileStarts.get(file) : null;
    ZoneId zone = settings.accountZone;
    boolean iso = settings.exportIsoDates;
    return StreamingBodies.chunked(
            new MockResponse.Builder().code(200).setHeader("Content-Type", "text/csv"),
            sink -> writeCsv(sink, e, start, next, zone, iso))
        .build();
  }

  private void writeCsv(
      BufferedSink sink, Export e, SimRecord start, SimRecord next, ZoneId zone, boolean iso)
      throws IOException {
    sink.writeUtf8(String.join(",", e.fields)).writeUtf8("\n");
    Iterator<SimRecord> it =
        store.table(e.collection.name).scan(start.modifiedAt(), start.id(), false);
    // the file's first record itself, then everything up to the next file's first
    List<SimRecord> head = new ArrayList<>();
    SimRecord first = store.table(e.collection.name).get(start.id());
    if (first != null && first.modifiedAt().equals(start.modifiedAt()) && inWindow(e, first))
      head.add(first);
    for (SimRecord r : head) writeRow(sink, e, r, zone, iso);
    while (it.hasNext()) {
      SimRecord r = it.next();
      if (next != null && compare(r, next) >= 0) break;
      if (r.modifiedAt().isAfter(e.before)) break;
      if (inWindow(e, r)) writeRow(sink, e, r, zone, iso);
    }
  }

  private static int compare(SimRecord a, SimRecord b) {
    int c = a.modifiedAt().compareTo(b.modifiedAt());
    return c != 0 ? c : a.id().compareTo(b.id());
  }

  private boolean inWindow(Export e, SimRecord r) {
    Instant t =
        e.procedure.equals("filter_by_created_at")
            ? (r.createdAt() != null ? r.createdAt() : r.modifiedAt())
            : r.modifiedAt();
    return !r.deleted()
        && t.isAfter(e.after)
        && !t.isAfter(e.before)
        && !r.modifiedAt().isAfter(e.createdAt);
  }

  private void writeRow(BufferedSink sink, Export e, SimRecord r, ZoneId zone, boolean iso)
      throws IOException {
    StringBuilder line = new StringBuilder();
    for (int i = 0; i < e.fields.size(); i++) {
      if (i > 0) line.append(',');
      Object v = PardotJson.value(r, e.fields.get(i));
      if (v == null) continue;
      String s;
      if (v instanceof Instant at)
        s = iso ? PardotJson.format(at, zone) : PardotJson.LEGACY.format(at.atZone(zone));
      else if (v instanceof BigDecimal d) s = d.toPlainString();
      else s = v.toString();
      if (s.indexOf(',') >= 0
          || s.indexOf('"') >= 0
          || s.indexOf('\n') >= 0
          || s.indexOf('\r') >= 0) {
        s = '"' + s.replace("\"", "\"\"") + '"';
      }
      line.append(s);
    }
    sink.writeUtf8(line.toString()).writeUtf8("\n");
  }

  /** Exports run one after another, oldest first: each waits for the one before it. */
  private synchronized String state(Export e) {
    Instant now = clock.instant();
    Instant free = null;
    for (Export other : exports.values()) {
      if (other.id >= e.id) break;
      advance(other, free, now);
      if (other.completedAt == null) return "Waiting";
      free = other.completedAt;
    }
    advance(e, free, now);
    if (e.completedAt != null) return "Complete";
    // "An export not finished in 7 days is cancelled."
    if (!now.isBefore(e.createdAt.plus(KEEP))) return "Cancelled";
    return e.startedAt != null ? "Processing" : "Waiting";
  }

  private void advance(Export e, Instant previousDone, Instant now) {
    if (e.startedAt == null) {
      Instant start = e.createdAt.plus(settings.exportWaiting);
      if (previousDone != null && previousDone.isAfter(start)) start = previousDone;
      if (!now.isBefore(start)) e.startedAt = start;
    }
    if (e.startedAt != null && e.completedAt == null) {
      Instant done = e.startedAt.plus(settings.exportProcessing);
      if (!now.isBefore(done)) {
        e.fileStarts = fileStarts(e);
        e.completedAt = done;
      }
    }
  }

  /** Where each file starts, fixed at completion so files keep their rows while records change. */
  private List<SimRecord> fileStarts(Export e) {
    ObjectTable table = store.table(e.collection.name);
    List<SimRecord> starts = new ArrayList<>();
    long rows = 0;
    long perFile = settings.exportRowsPerFile;
    Iterator<SimRecord> it =
        table.scan(e.procedure.equals("filter_by_updated_at") ? e.after : null, null, false);
    while (it.hasNext()) {
      SimRecord r = it.next();
      if (e.procedure.equals("filter_by_updated_at") && r.modifiedAt().isAfter(e.before)) break;
      if (!inWindow(e, r)) continue;
      if (rows % perFile == 0) starts.add(r);
      rows++;
    }
    return starts;
  }

  private boolean isExpired(Export e) {
    return e.completedAt != null && !clock.instant().isBefore(e.completedAt.plus(KEEP));
  }

  private String render(Export e, String baseUrl, boolean v4) {
    String state = state(e);
    boolean expired = isExpired(e);
    ZoneId zone = settings.accountZone;
    Buffer buffer = new Buffer();
    try (JsonWriter w = JsonWriter.of(buffer)) {
      w.setSerializeNulls(true);
      w.beginObject();
      w.name("id").value(e.id);
      w.name(v4 ? "state" : settings.exportStatusField).value(state);
      w.name("isExpired").value(expired);
      w.name("object").value(e.objectName);
      Instant updated =
          e.completedAt != null ? e.completedAt : e.startedAt != null ? e.startedAt : e.createdAt;
      w.name("createdAt")
          .value(
              v4
                  ? PardotJson.LEGACY.format(e.createdAt.atZone(zone))
                  : PardotJson.format(e.createdAt, zone));
      w.name("updatedAt")
          .value(
              v4
                  ? PardotJson.LEGACY.format(updated.atZone(zone))
                  : PardotJson.format(updated, zone));
      if (!v4) w.name("createdById").value(1L);
      if (state.equals("Complete") && !expired && !e.fileStarts.isEmpty()) {
        w.name("resultRefs");
        int files = e.fileStarts.size();
        if (v4 && files == 1) {
          w.value(
              baseUrl
                  + "/api/export/version/4/do/downloadResults/id/"
                  + e.id
                  + "/file/1"); // one file: a string
        } else {
          w.beginArray();
          for (int i = 1; i <= files; i++) {
            w.value(
                v4
                    ? baseUrl + "/api/export/version/4/do/downloadResults/id/" + e.id + "/file/" + i
                    : baseUrl + "/api/v5/exports/" + e.id + "/results/" + i);
          }
          w.endArray();
        }
      }
      w.endObject();
    } catch (IOException ex) {
      throw new IllegalStateException(ex);
    }
    return buffer.readUtf8();
  }
}
