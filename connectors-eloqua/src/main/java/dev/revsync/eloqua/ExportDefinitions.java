package dev.revsync.eloqua;

import com.squareup.moshi.JsonWriter;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import okio.Buffer;

/**
 * Builds the bodies of export and import definitions: the {@code fields} map of markup statements,
 * the filter in Eloqua's markup filter grammar, and the split of a wide export into definitions of
 * at most 250 fields joined back by id.
 */
final class ExportDefinitions {
  /** Eloqua's cap on fields per export definition. */
  static final int MAX_EXPORT_FIELDS = 250;

  /** Eloqua's cap on fields per import definition. */
  static final int MAX_IMPORT_FIELDS = 100;

  /**
   * How long Eloqua keeps an export's staged data. Two days, not the six-hour default: a sync the
   * budget stops at night resumes the next night on the same staged data by offset instead of
   * exporting and downloading again.
   */
  static final String EXPORT_RETENTION = "P2D";

  static final java.time.Duration EXPORT_RETENTION_DURATION = java.time.Duration.ofDays(2);

  /**
   * The definition outlives its staged data, so the data is never orphaned by a deleted definition.
   */
  static final String EXPORT_AUTO_DELETE = "P3D";

  /** Imports are synced at once; their staged rows need not stay long. */
  static final String IMPORT_RETENTION = "P1D";

  static final String IMPORT_AUTO_DELETE = "P1D";

  private ExportDefinitions() {}

  /**
   * Splits {@code fields} into groups that each fit one export definition. Every group starts with
   * {@code id} and {@code cursor} so the parts can be joined by id and checked to come from the
   * same version of the record; the first group also carries the remaining system fields.
   */
  static List<List<EloquaField>> split(
      List<EloquaField> fields, EloquaField id, EloquaField cursor) {
    List<EloquaField> rest = new ArrayList<>();
    for (EloquaField f : fields) {
      if (!f.name().equals(id.name()) && !f.name().equals(cursor.name())) rest.add(f);
    }
    List<List<EloquaField>> groups = new ArrayList<>();
    int i = 0;
    do {
      List<EloquaField> group = new ArrayList<>(MAX_EXPORT_FIELDS);
      group.add(id);
      group.add(cursor);
      while (i < rest.size() && group.size() < MAX_EXPORT_FIELDS) group.add(rest.get(i++));
      groups.add(group);
    } while (i < rest.size());
    return groups;
  }

  /**
   * The export filter: {@code '{{Contact.UpdatedAt}}' >= '2024-05-01 00:00:00'}; for activities the
   * type and a half-open window on {@code {{Activity.CreatedAt}}}. Literals are UTC (every export
   * sets {@code areSystemTimestampsInUTC}). Null bounds are left out; null when there is nothing to
   * filter.
   */
  static String filter(EloquaObject object, Instant fromInclusive, Instant toExclusive) {
    List<String> terms = new ArrayList<>();
    if (object.isActivity()) terms.add("'{{Activity.Type}}' = '" + object.activityType() + "'");
    String cursor = object.cursorStatement();
    if (fromInclusive != null)
      terms.add("'" + cursor + "' >= '" + RecordMapping.literal(fromInclusive) + "'");
    if (toExclusive != null)
      terms.add("'" + cursor + "' < '" + RecordMapping.literal(toExclusive) + "'");
    return terms.isEmpty() ? null : String.join(" AND ", terms);
  }

  /** {@code POST /contacts/exports} body. */
  static String exportBody(String name, List<EloquaField> fields, String filter) {
    return json(
        w -> {
          w.beginObject();
          w.name("name").value(name);
          writeFields(w, fields);
          if (filter != null) w.name("filter").value(filter);
          w.name("areSystemTimestampsInUTC").value(true);
          w.name("dataRetentionDuration").value(EXPORT_RETENTION);
          w.name("autoDeleteDuration").value(EXPORT_AUTO_DELETE);
          w.endObject();
        });
  }

  /**
   * {@code POST /contacts/imports} body. {@code isSyncTriggeredOnImport} is false so the data posts
   * of one write are imported by one explicit sync, and their rejects come back together.
   */
  static String importBody(String name, List<EloquaField> fields, String identifierFieldName) {
    return json(
        w -> {
          w.beginObject();
          w.name("name").value(name);
          writeFields(w, fields);
          w.name("identifierFieldName").value(identifierFieldName);
          w.name("isSyncTriggeredOnImport").value(false);
          w.name("updateRule").value("always");
          w.name("dataRetentionDuration").value(IMPORT_RETENTION);
          w.name("autoDeleteDuration").value(IMPORT_AUTO_DELETE);
          w.endObject();
        });
  }

  /** {@code POST /syncs} body. */
  static String syncBody(String definitionUri) {
    return json(w -> w.beginObject().name("syncedInstanceUri").value(definitionUri).endObject());
  }

  private static void writeFields(JsonWriter w, List<EloquaField> fields) throws IOException {
    w.name("fields").beginObject();
    for (EloquaField f : fields) w.name(f.name()).value(f.statement());
    w.endObject();
  }

  /** A definition name Eloqua shows in its UI: what, for whom, when (at most 100 characters). */
  static String name(String what, EloquaObject object, Instant at) {
    String name = "revsync " + what + " " + object.name() + " " + at;
    return name.length() <= 100 ? name : name.substring(0, 100);
  }

  interface JsonBody {
    void write(JsonWriter writer) throws IOException;
  }

  static String json(JsonBody body) {
    Buffer buffer = new Buffer();
    try (JsonWriter writer = JsonWriter.of(buffer)) {
      body.write(writer);
    } catch (IOException e) {
      throw new UncheckedIOException(e); // a Buffer does not fail
    }
    return buffer.readUtf8();
  }
}
