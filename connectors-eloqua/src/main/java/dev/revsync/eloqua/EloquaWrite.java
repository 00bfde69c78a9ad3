package dev.revsync.eloqua;

import com.squareup.moshi.JsonWriter;
import dev.revsync.Activity;
import dev.revsync.VendorApiException;
import dev.revsync.WriteItem;
import dev.revsync.WriteOutcome;
import dev.revsync.WriteRequest;
import dev.revsync.WriteResult;
import dev.revsync.spi.JobPoller;
import dev.revsync.spi.WriteBatcher;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.time.Clock;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.TreeSet;
import okio.Buffer;
import okio.ByteString;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One write (enrichment or scores) through Bulk imports: an import definition per set of fields
 * ({@code identifierFieldName}, {@code updateRule: always}, {@code isSyncTriggeredOnImport:
 * false}), the rows posted as JSON arrays of at most 32 MB, one sync per batch, then the sync's
 * outcome: {@code success} (its logs are read to be sure nothing was rejected), {@code warning}
 * (its {@code /rejects} are read and mapped back to the items by record index), or {@code error} (a
 * typed failure from its logs; the batch becomes backlog).
 *
 * <p>Items that set different fields go to different definitions, so a field an item leaves out is
 * never cleared; a field set to null is cleared. Batches are sized to stay near the 250 MB of
 * staged rows Oracle advises per sync. {@link WriteBatcher} turns a budget running out into
 * backlog.
 *
 * <p>Not thread-safe: one instance runs one write.
 */
final class EloquaWrite {
  private static final Logger log = LoggerFactory.getLogger(EloquaWrite.class);

  /**
   * Eloqua refuses posts over 32 MB (with a 404); a little room is kept for the array's brackets.
   */
  static final long MAX_POST_BYTES = 32L * 1024 * 1024 - 64 * 1024;

  /** Oracle advises a sync roughly every 250 MB staged. */
  static final long MAX_SYNC_BYTES = 250L * 1024 * 1024;

  /** Eloqua's cap on posts per import sync. */
  static final int MAX_POSTS_PER_SYNC = 500;

  private final EloquaBulkClient client;
  private final EloquaObject object;
  private final Map<String, EloquaField> fieldsByName;
  private final EloquaField idField;
  private final WriteRequest request;
  private final Activity activity;
  private final JobPoller poller;
  private final Clock clock;
  private final EloquaField identifier;
  private final Map<String, String> definitions = new HashMap<>();
  private final int rejectIndexBase;
  private final ZoneId zone;

  EloquaWrite(
      EloquaBulkClient client,
      EloquaObject object,
      List<EloquaField> fields,
      EloquaField idField,
      WriteRequest request,
      JobPoller poller,
      Clock clock,
      int rejectIndexBase,
      ZoneId zone) {
    this.client = client;
    this.object = object;
    this.idField = idField;
    this.request = request;
    this.activity = request.activity();
    this.poller = poller;
    this.clock = clock;
    this.rejectIndexBase = rejectIndexBase;
    this.zone = zone;
    this.fieldsByName = new LinkedHashMap<>();
    for (EloquaField f : fields) fieldsByName.putIfAbsent(f.name().toLowerCase(Locale.ROOT), f);
    for (EloquaField f : fields) fieldsByName.putIfAbsent(f.label().toLowerCase(Locale.ROOT), f);
    this.identifier =
        request.operation() == WriteRequest.Operation.UPDATE
            ? idField
            : field(request.matchField());
    validate();
  }

  private EloquaField field(String name) {
    EloquaField f = fieldsByName.get(name.toLowerCase(Locale.ROOT));
    if (f == null) {
      throw new VendorApiException(
          EloquaConfig.SYSTEM,
          "write " + object.name(),
          0,
          "INVALID_FIELD",
          "no field '" + name + "' on " + object.name(),
          "Use the field names discover() lists");
    }
    return f;
  }

  /** Refuses unknown and read-only fields before any call is spent. */
  private void validate() {
    TreeSet<String> unknown = new TreeSet<>();
    TreeSet<String> readOnly = new TreeSet<>();
    for (WriteItem item : request.items()) {
      for (String name : item.fields().keySet()) {
        EloquaField f = fieldsByName.get(name.toLowerCase(Locale.ROOT));
        if (f == null) unknown.add(name);
        else if (f.readOnly() && !f.equals(identifier)) readOnly.add(name);
      }
    }
    if (!unknown.isEmpty() || !readOnly.isEmpty()) {
      throw new VendorApiException(
          EloquaConfig.SYSTEM,
          "write " + object.name(),
          0,
          "INVALID_FIELD",
          (unknown.isEmpty() ? "" : "unknown fields " + unknown + " on " + object.name())
              + (unknown.isEmpty() || readOnly.isEmpty() ? "" : "; ")
              + (readOnly.isEmpty() ? "" : "read-only fields " + readOnly),
          "Write only the updatable fields discover() lists");
    }
  }

  WriteResult run() {
    return WriteBatcher.write(client.transport(), request, batchSize(), this::writeBatch);
  }

  /** Items per sync: about 250 MB of rows, from the size of the first hundred. */
  private int batchSize() {
    List<WriteItem> items = request.items();
    if (items.isEmpty()) return 1;
    int sample = Math.min(100, items.size());
    long bytes = 0;
    for (int i = 0; i < sample; i++) bytes += row(items.get(i), columns(items.get(i))).size() + 1;
    long perItem = Math.max(1, bytes / sample);
    return (int) Math.max(1, Math.min(Integer.MAX_VALUE, MAX_SYNC_BYTES / perItem));
  }

  /** The item's columns, sorted so items setting the same fields share a definition. */
  private List<EloquaField> columns(WriteItem item) {
    TreeSet<String> names = new TreeSet<>();
    for (String name : item.fields().keySet()) names.add(field(name).name());
    names.remove(identifier.name());
    List<EloquaField> columns = new ArrayList<>();
    for (String n : names) columns.add(fieldsByName.get(n.toLowerCase(Locale.ROOT)));
    return columns;
  }

  private List<WriteOutcome> writeBatch(List<WriteItem> batch, int firstIndex) {
    // Group by field set (keeping order), then one import per group and definition chunk.
    Map<List<EloquaField>, List<Integer>> groups = new LinkedHashMap<>();
    for (int i = 0; i < batch.size(); i++) {
      groups.computeIfAbsent(columns(batch.get(i)), k -> new ArrayList<>()).add(i);
    }
    WriteOutcome[] outcomes = new WriteOutcome[batch.size()];
    for (Map.Entry<List<EloquaField>, List<Integer>> group : groups.entrySet()) {
      List<EloquaField> columns = group.getKey();
      int chunk = ExportDefinitions.MAX_IMPORT_FIELDS - 1;
      int parts = Math.max(1, (columns.size() + chunk - 1) / chunk);
      for (int p = 0; p < parts; p++) {
        List<EloquaField> part =
            columns.subList(p * chunk, Math.min(columns.size(), (p + 1) * chunk));
        Map<Integer, WriteOutcome> failed = importRows(batch, firstIndex, group.getValue(), part);
        for (Map.Entry<Integer, WriteOutcome> f : failed.entrySet()) {
          if (outcomes[f.getKey()] == null) outcomes[f.getKey()] = f.getValue();
        }
      }
    }
    List<WriteOutcome> result = new ArrayList<>(batch.size());
    for (int i = 0; i < batch.size(); i++) {
      WriteItem item = batch.get(i);
      result.add(
          outcomes[i] != null
              ? outcomes[i]
              : WriteOutcome.succeeded(
                  firstIndex + i,
                  item.key(),
                  idField.equals(identifier) ? item.key() : null,
                  false));
    }
    return result;
  }

  /**
   * Imports one group's rows with one definition; returns the failures by position in the batch.
   */
  private Map<Integer, WriteOutcome> importRows(
      List<WriteItem> batch, int firstIndex, List<Integer> positions, List<EloquaField> columns) {
    String definition = definition(columns);
    List<Integer> rowOrder = new ArrayList<>(positions.size());
    Buffer post = new Buffer();
    int posts = 0;
    for (int position : positions) {
      ByteString row = row(batch.get(position), columns);
      if (post.size() > 0 && post.size() + row.size() + 2 > MAX_POST_BYTES) {
        send(definition, post);
        posts++;
        post = new Buffer();
      }
      post.writeUtf8(post.size() == 0 ? "[" : ",").write(row);
      rowOrder.add(position);
    }
    if (post.size() > 0) {
      send(definition, post);
      posts++;
    }
    if (posts > MAX_POSTS_PER_SYNC) {
      log.warn("eloqua: {} posts in one import sync exceed Eloqua's {}", posts, MAX_POSTS_PER_SYNC);
    }
    EloquaBulkClient.SyncInfo sync = client.createSync(activity, definition);
    EloquaBulkClient.SyncInfo finished =
        poller.await(
            EloquaConfig.SYSTEM,
            "Bulk API import sync " + sync.uri() + " of " + object.name(),
            () -> {
              EloquaBulkClient.SyncInfo s = client.sync(activity, sync.uri());
              if (s.running()) return JobPoller.Status.running();
              if (s.succeeded()) return JobPoller.Status.done(s);
              throw EloquaErrors.syncFailure(
                  "GET " + sync.uri(), sync.uri(), s.status(), client.logs(activity, sync.uri()));
            },
            null);
    if (!finished.warning()) {
      boolean rejected = false;
      for (EloquaErrors.SyncLog l : client.logs(activity, sync.uri())) {
        String severity = l.severity() == null ? "" : l.severity().toLowerCase(Locale.ROOT);
        if (l.count() > 0
            && (severity.equals("warning")
                || severity.equals("error")
                || "ELQ-00060".equals(l.statusCode()))) {
          rejected = true;
        }
      }
      if (!rejected) return Map.of();
    }
    return rejects(batch, firstIndex, rowOrder, client.rejects(activity, sync.uri()));
  }

  private void send(String definition, Buffer post) {
    post.writeUtf8("]");
    client.postImportData(activity, definition, post.readByteString());
  }

  /** The import definition for a field set, made once per write. */
  private String definition(List<EloquaField> columns) {
    String key = columns.stream().map(EloquaField::name).toList().toString();
    String uri = definitions.get(key);
    if (uri != null) return uri;
    List<EloquaField> fields = new ArrayList<>();
    fields.add(identifier);
    fields.addAll(columns);
    String created =
        client.createDefinition(
            activity,
            object.path() + "/imports",
            ExportDefinitions.importBody(
                ExportDefinitions.name(
                    activity == Activity.SCORE_EXPORT ? "scores" : "enrichment",
                    object,
                    clock.instant()),
                fields,
                identifier.name()));
    definitions.put(key, created);
    return created;
  }

  /** One row: the identifier and the columns, each as Eloqua's string form. */
  private ByteString row(WriteItem item, List<EloquaField> columns) {
    Map<String, Object> values = new HashMap<>();
    for (Map.Entry<String, Object> e : item.fields().entrySet())
      values.put(field(e.getKey()).name(), e.getValue());
    Buffer buffer = new Buffer();
    try (JsonWriter w = JsonWriter.of(buffer)) {
      w.beginObject();
      w.name(identifier.name()).value(item.key());
      for (EloquaField c : columns)
        w.name(c.name()).value(RecordMapping.importValue(values.get(c.name()), zone));
      w.endObject();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    return buffer.readByteString();
  }

  /**
   * Maps rejects to items. {@code recordIndex} counts the sync's rows in posting order; whether
   * from 0 or 1 is not documented, so a reject's {@code fieldValues} identifier, where sent, picks
   * the row, and {@code rejectIndexBase} decides otherwise.
   */
  private Map<Integer, WriteOutcome> rejects(
      List<WriteItem> batch,
      int firstIndex,
      List<Integer> rowOrder,
      List<EloquaBulkClient.Reject> rejects) {
    Map<Integer, WriteOutcome> failed = new LinkedHashMap<>();
    int unmatched = 0;
    for (EloquaBulkClient.Reject r : rejects) {
      Integer row = rowOf(r, batch, rowOrder);
      if (row == null) {
        unmatched++;
        continue;
      }
      int position = rowOrder.get(row);
      WriteItem item = batch.get(position);
      List<String> invalid = new ArrayList<>();
      for (String f : r.invalidFields()) invalid.add(f);
      failed.put(
          position,
          WriteOutcome.failed(
              firstIndex + position,
              item.key(),
              idField.equals(identifier) ? item.key() : null,
              r.statusCode(),
              r.message(),
              invalid));
    }
    if (unmatched > 0) {
      log.warn(
          "eloqua: {} rejects of an import of {} could not be matched to an item",
          unmatched,
          object.name());
    }
    return failed;
  }

  private Integer rowOf(EloquaBulkClient.Reject r, List<WriteItem> batch, List<Integer> rowOrder) {
    String key = r.fieldValues().get(identifier.name());
    int[] candidates =
        rejectIndexBase == 0
            ? new int[] {(int) r.recordIndex(), (int) r.recordIndex() - 1}
            : new int[] {(int) r.recordIndex() - 1, (int) r.recordIndex()};
    for (int c : candidates) {
      if (c < 0 || c >= rowOrder.size()) continue;
      if (key == null || Objects.equals(batch.get(rowOrder.get(c)).key(), key)) return c;
    }
    if (key != null) {
      for (int c = 0; c < rowOrder.size(); c++) {
        if (key.equals(batch.get(rowOrder.get(c)).key())) return c;
      }
    }
    return null;
  }
}
