package dev.revsync.simulators.eloqua;

import dev.revsync.simulators.ObjectTable;
import dev.revsync.simulators.SimRecord;
import java.math.BigDecimal;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Deque;
import java.util.HashMap;
import java.util.HashSet;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.function.Function;
import java.util.regex.Pattern;

/**
 * The Bulk API 2.0 engine behind the HTTP layer: export and import definitions, syncs and their
 * state machine on the simulator's clock, frozen export snapshots, staged import rows, rejects and
 * logs. State advances lazily: every request first calls {@link #advance()}, which moves syncs
 * along ({@code pending -> active -> success|warning|error}), applies the data changes due, and
 * expires staged data. Thread-safe (one monitor; data pages render outside it).
 */
final class BulkApi {
  static final String PENDING = "pending";
  static final String ACTIVE = "active";
  static final String SUCCESS = "success";
  static final String WARNING = "warning";

  static final int MAX_EXPORT_FIELDS = 250;
  static final int MAX_IMPORT_FIELDS = 100;
  static final int MAX_ACTIVITY_CONTACT_FIELDS = 10;
  static final Duration MIN_RETENTION = Duration.ofHours(1);
  static final Duration MAX_RETENTION = Duration.ofDays(14);
  private static final Set<String> UPDATE_RULES =
      Set.of("always", "ifNewIsNotNull", "ifExistingIsNull", "useFieldRule");
  private static final Pattern VALID_EMAIL = Pattern.compile("^[^@\\s]+@[^@\\s.]+(\\.[^@\\s.]+)+$");

  /** A collection of definitions: {@code /contacts/exports}, {@code /customObjects/7/imports}... */
  record DefinitionSet(String path, ObjectType type, boolean imports) {
    String definitionsPath() {
      return path + (imports ? "/imports" : "/exports");
    }
  }

  abstract static class Definition {
    final long id;
    final String uri;
    final DefinitionSet collection;
    final ObjectType type;
    final String name;
    final Map<String, String> fields;
    final Map<String, Accessor> accessors;
    final Duration retention;
    final String retentionText;
    final Duration autoDelete;
    final String autoDeleteText;
    final Instant createdAt;
    final String createdBy;
    boolean deleted;

    Definition(
        long id,
        DefinitionSet collection,
        ObjectType type,
        String name,
        Map<String, String> fields,
        Map<String, Accessor> accessors,
        Duration retention,
        String retentionText,
        Duration autoDelete,
        String autoDeleteText,
        Instant createdAt,
        String createdBy) {
      this.id = id;
      this.uri = collection.definitionsPath() + "/" + id;
      this.collection = collection;
      this.type = type;
      this.name = name;
      this.fields = fields;
      this.accessors = accessors;
      this.retention = retention;
      this.retentionText = retentionText;
      this.autoDelete = autoDelete;
      this.autoDeleteText = autoDeleteText;
      this.createdAt = createdAt;
      this.createdBy = createdBy;
    }

    abstract Map<String, Object> json();

    Map<String, Object> common() {
      Map<String, Object> m = new LinkedHashMap<>();
      m.put("name", name);
      m.put("fields", new LinkedHashMap<>(fields));
      return m;
    }

    void trailer(Map<String, Object> m) {
      m.put("dataRetentionDuration", retentionText);
      if (autoDeleteText != null) m.put("autoDeleteDuration", autoDeleteText);
      m.put("uri", uri);
      m.put("createdBy", createdBy);
      m.put("createdAt", EloquaTime.resource(createdAt));
      m.put("updatedBy", createdBy);
      m.put("updatedAt", EloquaTime.resource(createdAt));
      m.put("kbUsed", 0);
    }
  }

  static final class ExportDefinition extends Definition {
    final Filter filter;
    final boolean utc;
    final Long maxRecords;

    /** An activity type Eloqua knows but this instance has no records of. */
    final boolean noRecords;

    ExportDefinition(
        long id,
        DefinitionSet c,
        ObjectType type,
        String name,
        Map<String, String> fields,
        Map<String, Accessor> accessors,
        Duration retention,
        String retentionText,
        Duration autoDelete,
        String autoDeleteText,
        Instant createdAt,
        String createdBy,
        Filter filter,
        boolean utc,
        Long maxRecords,
        boolean noRecords) {
      super(
          id,
          c,
          type,
          name,
          fields,
          accessors,
          retention,
          retentionText,
          autoDelete,
          autoDeleteText,
          createdAt,
          createdBy);
      this.filter = filter;
      this.utc = utc;
      this.maxRecords = maxRecords;
      this.noRecords = noRecords;
    }

    @Override
    Map<String, Object> json() {
      Map<String, Object> m = common();
      if (filter.text != null) m.put("filter", filter.text);
      m.put("areSystemTimestampsInUTC", utc);
      if (maxRecords != null) m.put("maxRecords", maxRecords);
      trailer(m);
      return m;
    }
  }

  static final class ImportDefinition extends Definition {
    final String identifierFieldName;
    final String updateRule;
    final Map<String, String> updateRuleByField;
    final boolean syncOnImport;
    final boolean updateMultiple;
    final Object syncActions;
    final List<String[]> staged = new ArrayList<>();
    int stagedPosts;

    ImportDefinition(
        long id,
        DefinitionSet c,
        ObjectType type,
        String name,
        Map<String, String> fields,
        Map<String, Accessor> accessors,
        Duration retention,
        String retentionText,
        Duration autoDelete,
        String autoDeleteText,
        Instant createdAt,
        String createdBy,
        String identifierFieldName,
        String updateRule,
        Map<String, String> updateRuleByField,
        boolean syncOnImport,
        boolean updateMultiple,
        Object syncActions) {
      super(
          id,
          c,
          type,
          name,
          fields,
          accessors,
          retention,
          retentionText,
          autoDelete,
          autoDeleteText,
          createdAt,
          createdBy);
      this.identifierFieldName = identifierFieldName;
      this.updateRule = updateRule;
      this.updateRuleByField = updateRuleByField;
      this.syncOnImport = syncOnImport;
      this.updateMultiple = updateMultiple;
      this.syncActions = syncActions;
    }

    @Override
    Map<String, Object> json() {
      Map<String, Object> m = common();
      m.put("identifierFieldName", identifierFieldName);
      m.put("isSyncTriggeredOnImport", syncOnImport);
      m.put("isUpdatingMultipleMatchedRecords", updateMultiple);
      m.put("updateRule", updateRule);
      if (!updateRuleByField.isEmpty())
        m.put("updateRuleByField", new LinkedHashMap<>(updateRuleByField));
      if (syncActions != null) m.put("syncActions", syncActions);
      trailer(m);
      return m;
    }
  }

  /** One {@code /syncs/{id}/logs} item. */
  record LogEntry(
      String severity, String statusCode, String message, long count, Instant createdAt) {}

  /** One {@code /syncs/{id}/rejects} item. */
  record Reject(
      long recordIndex,
      String statusCode,
      String message,
      Map<String, String> fieldValues,
      List<String> invalidFields) {}

  /** The ids an export staged and the journal position their values are frozen at. */
  record Snapshot(IdList ids, long seq) {}

  static final class Sync {
    final long id;
    final String uri;
    final Definition definition;
    final Instant createdAt;
    final String createdBy;
    final String callbackUrl;
    final Instant startAt;
    final EloquaSimulator.SyncFault fault;

    /** Staged import rows; released once applied. */
    List<String[]> rows;

    String status = PENDING;
    Instant startedAt;
    Instant endAt;
    Instant endedAt;
    Instant dataExpiresAt;
    Snapshot snapshot;
    boolean dataExpired;
    final List<LogEntry> logs = new ArrayList<>();
    final List<Reject> rejects = new ArrayList<>();

    Sync(
        long id,
        Definition definition,
        Instant createdAt,
        String createdBy,
        String callbackUrl,
        Instant startAt,
        EloquaSimulator.SyncFault fault,
        List<String[]> rows) {
      this.id = id;
      this.uri = "/syncs/" + id;
      this.definition = definition;
      this.createdAt = createdAt;
      this.createdBy = createdBy;
      this.callbackUrl = callbackUrl;
      this.startAt = startAt;
      this.fault = fault;
      this.rows = rows;
    }

    boolean terminal() {
      return !status.equals(PENDING) && !status.equals(ACTIVE);
    }

    boolean dataReady() {
      return status.equals(SUCCESS) || status.equals(WARNING);
    }
  }

  /**
   * What {@code /syncs/{id}/data} may serve: a frozen snapshot, or none yet (sync not done or
   * failed), or none any more ({@code expired}).
   */
  record DataView(ExportDefinition definition, Snapshot snapshot, boolean expired) {}

  private final EloquaOptions options;
  private final EloquaSchema schema;
  private final Mutations mutations;
  private final ScheduledChanges scheduled;
  private long nextDefinitionId = 1001;
  private long nextSyncId = 5001;
  private final Map<Long, Definition> definitions = new LinkedHashMap<>();
  private final Map<Long, Sync> syncs = new LinkedHashMap<>();
  private final Deque<EloquaSimulator.SyncFault> plannedFaults = new ArrayDeque<>();

  BulkApi(EloquaOptions options, EloquaSchema schema, Mutations mutations) {
    this.options = options;
    this.schema = schema;
    this.mutations = mutations;
    this.scheduled = new ScheduledChanges(options, schema, mutations);
  }

  private Instant now() {
    return options.clock.instant();
  }

  synchronized void planFaults(EloquaSimulator.SyncFault fault, int count) {
    for (int i = 0; i < count; i++) plannedFaults.addLast(fault);
  }

  // ---------------------------------------------------------------- state machine

  /**
   * Moves every sync and definition to the simulator's current time, then applies the data changes
   * due.
   */
  synchronized void advance() {
    Instant now = now();
    for (Definition d : definitions.values()) {
      if (!d.deleted && d.autoDelete != null && !now.isBefore(d.createdAt.plus(d.autoDelete)))
        d.deleted = true;
    }
    for (Sync s : syncs.values()) {
      if (s.status.equals(PENDING) && !now.isBefore(s.startAt)) start(s);
      if (s.status.equals(ACTIVE) && !now.isBefore(s.endAt)) finish(s);
      if (s.dataExpiresAt != null && !s.dataExpired && !now.isBefore(s.dataExpiresAt)) {
        s.dataExpired = true;
        s.snapshot = null;
      }
    }
    scheduled.catchUp(now);
    long oldest = Long.MAX_VALUE;
    for (Sync s : syncs.values()) {
      if (s.snapshot != null) oldest = Math.min(oldest, s.snapshot.seq);
    }
    mutations.prune(oldest == Long.MAX_VALUE ? mutations.seq() : oldest);
  }

  private void start(Sync s) {
    s.status = ACTIVE;
    s.startedAt = s.startAt;
    long work = 0;
    if (s.definition instanceof ExportDefinition export && s.fault == null && !export.deleted) {
      s.snapshot = snapshot(export);
      work = s.snapshot.ids.size();
    } else if (s.rows != null) {
      work = s.rows.size();
    }
    s.endAt =
        s.startAt
            .plus(options.syncActiveFor)
            .plus(options.syncActivePerThousandRecords.multipliedBy(work).dividedBy(1000));
  }

  private Snapshot snapshot(ExportDefinition d) {
    IdList ids = new IdList();
    if (d.noRecords) return new Snapshot(ids, mutations.seq());
    ObjectTable table = mutations.table(d.type);
    Instant from = d.filter.scanFrom();
    long max = d.maxRecords != null ? d.maxRecords : Long.MAX_VALUE;
    long seq =
        mutations.atomically(
            () -> {
              Iterator<SimRecord> it =
                  from == null
                      ? table.scan(null, null, false)
                      : table.scan(from.minusNanos(1), null, false);
              while (it.hasNext() && ids.size() < max) {
                SimRecord r = it.next();
                if (!r.deleted() && d.filter.test(r, mutations)) ids.add(r.id());
              }
            });
    return new Snapshot(ids, seq);
  }

  private void finish(Sync s) {
    s.endedAt = s.endAt;
    Definition d = s.definition;
    if (d.deleted) {
      fail(s, "ELQ-00143", "The definition was deleted while the sync was running.");
      return;
    }
    if (s.fault != null) {
      switch (s.fault) {
        case VALIDATION_ERROR ->
            fail(s, "ELQ-00122", "There were validation errors; the sync will not proceed.");
        case TEMPORARY_FAILURE ->
            fail(s, "ELQ-00146", "Temporary failure; retry the sync after an hour.");
        case STAGING_LIMIT_EXCEEDED -> fail(s, "ELQ-00136", "Staging area limit exceeded.");
      }
      return;
    }
    if (d instanceof ExportDefinition) {
      long count = s.snapshot.ids.size();
      if (d.type.kind == ObjectType.Kind.ACTIVITY && count > options.maxActivityRecordsPerSync) {
        s.snapshot = null;
        fail(
            s,
            "ELQ-00122",
            "Activity exports stage at most "
                + options.maxActivityRecordsPerSync
                + " records; narrow the date range of the filter.");
        return;
      }
      s.logs.add(
          new LogEntry(
              "information",
              "ELQ-00102",
              "Successfully exported members to csv file.",
              count,
              s.endedAt));
      end(s, SUCCESS);
    } else {
      applyImport(s, (ImportDefinition) d);
    }
  }

  private void fail(Sync s, String code, String message) {
    s.logs.add(new LogEntry("error", code, message, 0, s.endedAt));
    s.snapshot = null;
    s.rows = null;
    end(s, options.failedStatus);
  }

  private void end(Sync s, String status) {
    s.status = status;
    s.logs.add(
        new LogEntry(
            "information",
            "ELQ-00101",
            "Sync processed for sync " + s.id + ", resulting in " + capitalize(status) + " status.",
            0,
            s.endedAt));
    if (s.dataReady()) s.dataExpiresAt = s.endedAt.plus(s.definition.retention);
  }

  private static String capitalize(String s) {
    return s.substring(0, 1).toUpperCase(Locale.ROOT) + s.substring(1);
  }

  // ---------------------------------------------------------------- definitions

  synchronized ExportDefinition createExport(DefinitionSet c, Object json, String user) {
    Map<String, Object> body = object(json);
    List<BulkValidation.Failure> failures = new ArrayList<>();
    String name = name(body, failures);
    Map<String, String> fields = fields(body, failures, MAX_EXPORT_FIELDS);
    String filterText = optionalString(body, "filter", failures);
    boolean utc = optionalBoolean(body, "areSystemTimestampsInUTC", false, failures);
    String retentionText = optionalString(body, "dataRetentionDuration", failures);
    Duration retention =
        duration("dataRetentionDuration", retentionText, options.exportRetention, true, failures);
    String autoDeleteText = optionalString(body, "autoDeleteDuration", failures);
    Duration autoDelete = duration("autoDeleteDuration", autoDeleteText, null, false, failures);
    Long maxRecords = optionalPositive(body, "maxRecords", failures);
    if (!failures.isEmpty()) throw new BulkValidation(failures);

    Filter.Zones zones =
        Filter.Zones.of(utc, options.filterLiteralsFollowUtcFlag, options.instanceZone);
    ObjectType type = c.type();
    boolean noRecords = false;
    if (type == null) {
      Filter probe = Filter.parse(filterText, this::anyActivityAccessor, zones);
      String activityType = activityTypeOf(probe);
      type = schema.activity(activityType);
      if (type == null) {
        type = schema.emailOpens;
        noRecords = true;
      }
    }
    Filter filter = Filter.parse(filterText, type::accessor, zones);
    Map<String, Accessor> accessors = resolve(fields, type::accessor, failures);
    if (type.kind == ObjectType.Kind.ACTIVITY) {
      long contactFields = accessors.values().stream().filter(a -> a.contactField).count();
      if (contactFields > MAX_ACTIVITY_CONTACT_FIELDS) {
        failures.add(
            new BulkValidation.Failure(
                "fields",
                Long.toString(contactFields),
                "Activity exports may include at most "
                    + MAX_ACTIVITY_CONTACT_FIELDS
                    + " contact fields"));
      }
      for (Filter.Comparison cmp : filter.comparisons()) {
        if (cmp.accessor.contactField) {
          failures.add(
              new BulkValidation.Failure(
                  "filter",
                  filterText,
                  "Activity exports cannot filter on contact fields: " + cmp.accessor.statement));
        }
      }
    }
    if (!failures.isEmpty()) throw new BulkValidation(failures);
    if (retentionText == null) retentionText = format(retention);
    ExportDefinition d =
        new ExportDefinition(
            nextDefinitionId++,
            c,
            type,
            name,
            fields,
            accessors,
            retention,
            retentionText,
            autoDelete,
            autoDeleteText,
            now(),
            user,
            filter,
            utc,
            maxRecords,
            noRecords);
    definitions.put(d.id, d);
    return d;
  }

  private Accessor anyActivityAccessor(String statement) {
    for (ObjectType t : schema.activities()) {
      Accessor a = t.accessor(statement);
      if (a != null) return a;
    }
    return null;
  }

  /** The one activity type an activity export's filter selects. */
  private static String activityTypeOf(Filter filter) {
    List<Filter.Comparison> typeComparisons = new ArrayList<>();
    for (Filter.Comparison c : filter.comparisons()) {
      if (c.accessor.statement.equals("{{Activity.Type}}")) typeComparisons.add(c);
    }
    String constraint =
        "Activity exports must filter on exactly one activity type, such as "
            + "'{{Activity.Type}}' = 'EmailOpen', combined with AND";
    if (typeComparisons.size() != 1
        || typeComparisons.get(0).op != Filter.Op.EQ
        || !filter.conjuncts().contains(typeComparisons.get(0))) {
      throw new BulkValidation("filter", filter.text == null ? "" : filter.text, constraint);
    }
    String literal = typeComparisons.get(0).literalText;
    for (String known : EloquaSchema.ACTIVITY_TYPES) {
      if (known.equalsIgnoreCase(literal)) return known;
    }
    throw new BulkValidation(
        "filter",
        filter.text,
        "Must name a known activity type: "
            + literal
            + " is not one of "
            + EloquaSchema.ACTIVITY_TYPES);
  }

  synchronized ImportDefinition createImport(DefinitionSet c, Object json, String user) {
    Map<String, Object> body = object(json);
    List<BulkValidation.Failure> failures = new ArrayList<>();
    String name = name(body, failures);
    Map<String, String> fields = fields(body, failures, MAX_IMPORT_FIELDS);
    String identifier = optionalString(body, "identifierFieldName", failures);
    String rule = optionalString(body, "updateRule", failures);
    if (rule == null) rule = "always";
    if (!UPDATE_RULES.contains(rule)) {
      failures.add(
          new BulkValidation.Failure("updateRule", rule, "Must be one of " + UPDATE_RULES));
    }
    Map<String, String> ruleByField = new LinkedHashMap<>();
    Object byField = body.get("updateRuleByField");
    if (byField instanceof Map<?, ?> m) {
      for (Map.Entry<?, ?> e : m.entrySet()) {
        String key = String.valueOf(e.getKey());
        String value = String.valueOf(e.getValue());
        if (!fields.containsKey(key)) {
          failures.add(
              new BulkValidation.Failure("updateRuleByField", key, "Must name a key of fields"));
        } else if (!UPDATE_RULES.contains(value)) {
          failures.add(
              new BulkValidation.Failure(
                  "updateRuleByField", value, "Must be one of " + UPDATE_RULES));
        } else {
          ruleByField.put(key, value);
        }
      }
    } else if (byField != null) {
      failures.add(
          new BulkValidation.Failure(
              "updateRuleByField", String.valueOf(byField), "Must be an object"));
    }
    boolean syncOnImport = optionalBoolean(body, "isSyncTriggeredOnImport", true, failures);
    boolean updateMultiple =
        optionalBoolean(body, "isUpdatingMultipleMatchedRecords", false, failures);
    String retentionText = optionalString(body, "dataRetentionDuration", failures);
    Duration retention =
        duration("dataRetentionDuration", retentionText, options.importRetention, true, failures);
    String autoDeleteText = optionalString(body, "autoDeleteDuration", failures);
    Duration autoDelete = duration("autoDeleteDuration", autoDeleteText, null, false, failures);
    if (!failures.isEmpty()) throw new BulkValidation(failures);

    ObjectType type = c.type();
    Map<String, Accessor> accessors = resolve(fields, type::accessor, failures);
    for (Map.Entry<String, Accessor> e : accessors.entrySet()) {
      Accessor a = e.getValue();
      if (a.storeKey == null && !a.identity) {
        failures.add(
            new BulkValidation.Failure(
                "fields", a.statement, "Must be a writable field, not read-only"));
      }
    }
    if (identifier == null || !fields.containsKey(identifier)) {
      failures.add(
          new BulkValidation.Failure(
              "identifierFieldName",
              identifier,
              "Must be one of the keys of fields " + fields.keySet()));
    }
    if (!failures.isEmpty()) throw new BulkValidation(failures);
    if (retentionText == null) retentionText = format(retention);
    ImportDefinition d =
        new ImportDefinition(
            nextDefinitionId++,
            c,
            type,
            name,
            fields,
            accessors,
            retention,
            retentionText,
            autoDelete,
            autoDeleteText,
            now(),
            user,
            identifier,
            rule,
            ruleByField,
            syncOnImport,
            updateMultiple,
            body.get("syncActions"));
    definitions.put(d.id, d);
    return d;
  }

  /** The live definition in collection {@code c}, or null. */
  synchronized Definition definition(DefinitionSet c, long id) {
    Definition d = definitions.get(id);
    if (d == null || d.deleted || !d.collection.equals(c)) return null;
    return d;
  }

  synchronized List<Definition> definitions(DefinitionSet c) {
    List<Definition> list = new ArrayList<>();
    for (Definition d : definitions.values()) {
      if (!d.deleted && d.collection.equals(c)) list.add(d);
    }
    return list;
  }

  synchronized boolean delete(DefinitionSet c, long id) {
    Definition d = definition(c, id);
    if (d == null) return false;
    d.deleted = true;
    return true;
  }

  /**
   * Clears the staged (not yet synced) rows of an import, or the staged data of an export's syncs.
   */
  synchronized boolean deleteData(DefinitionSet c, long id) {
    Definition d = definition(c, id);
    if (d == null) return false;
    if (d instanceof ImportDefinition imp) {
      imp.staged.clear();
      imp.stagedPosts = 0;
    } else {
      for (Sync s : syncs.values()) {
        if (s.definition == d && s.snapshot != null) {
          s.snapshot = null;
          s.dataExpired = true;
        }
      }
    }
    return true;
  }

  /**
   * Stages rows for an import (values aligned with the definition's field keys); starts a sync
   * right away when the definition says {@code isSyncTriggeredOnImport}.
   */
  synchronized void stage(ImportDefinition d, List<String[]> rows, String user) {
    if (d.stagedPosts >= options.maxPostsPerSync) {
      throw new BulkValidation(
          "data",
          d.uri,
          "Must not stage more than "
              + options.maxPostsPerSync
              + " files before a sync; sync the staged data first");
    }
    d.staged.addAll(rows);
    d.stagedPosts++;
    if (d.syncOnImport) createSync(d, null, user);
  }

  // ---------------------------------------------------------------- syncs

  synchronized Sync createSync(Object json, String user) {
    Map<String, Object> body = object(json);
    Object uri = body.get("syncedInstanceUri");
    Object callback = body.get("callbackUrl");
    if (!(uri instanceof String s) || s.isBlank()) {
      throw new BulkValidation(
          "syncedInstanceUri", uri == null ? "" : uri.toString(), "Must be a string value");
    }
    Definition d = byUri(s);
    if (d == null) {
      throw new BulkValidation(
          "syncedInstanceUri", s, "Must reference an existing export or import definition");
    }
    return createSync(d, callback instanceof String cb ? cb : null, user);
  }

  private Sync createSync(Definition d, String callbackUrl, String user) {
    Instant now = now();
    List<String[]> rows = null;
    if (d instanceof ImportDefinition imp) {
      rows = new ArrayList<>(imp.staged);
      imp.staged.clear();
      imp.stagedPosts = 0;
    }
    Sync s =
        new Sync(
            nextSyncId++,
            d,
            now,
            user,
            callbackUrl,
            now.plus(options.syncPendingFor),
            plannedFaults.pollFirst(),
            rows);
    syncs.put(s.id, s);
    return s;
  }

  private Definition byUri(String uri) {
    String wanted = uri.trim().replaceAll("/+$", "").toLowerCase(Locale.ROOT);
    for (Definition d : definitions.values()) {
      if (!d.deleted && d.uri.toLowerCase(Locale.ROOT).equals(wanted)) return d;
    }
    return null;
  }

  synchronized Sync sync(long id) {
    return syncs.get(id);
  }

  synchronized List<Sync> syncs() {
    return new ArrayList<>(syncs.values());
  }

  synchronized Map<String, Object> json(Sync s) {
    Map<String, Object> m = new LinkedHashMap<>();
    m.put("syncedInstanceUri", s.definition.uri);
    if (s.startedAt != null) m.put("syncStartedAt", EloquaTime.resource(s.startedAt));
    if (s.endedAt != null) m.put("syncEndedAt", EloquaTime.resource(s.endedAt));
    m.put("status", s.status);
    m.put("createdAt", EloquaTime.resource(s.createdAt));
    m.put("createdBy", s.createdBy);
    m.put("uri", s.uri);
    if (s.callbackUrl != null) m.put("callbackUrl", s.callbackUrl);
    return m;
  }

  synchronized List<Map<String, Object>> logs(Sync s) {
    List<Map<String, Object>> list = new ArrayList<>();
    for (LogEntry e : s.logs) {
      list.add(
          Json.obj(
              "syncUri",
              s.uri,
              "count",
              e.count(),
              "severity",
              e.severity(),
              "statusCode",
              e.statusCode(),
              "message",
              e.message(),
              "createdAt",
              EloquaTime.resource(e.createdAt())));
    }
    return list;
  }

  synchronized List<Map<String, Object>> rejects(Sync s) {
    List<Map<String, Object>> list = new ArrayList<>();
    for (Reject r : s.rejects) {
      list.add(
          Json.obj(
              "recordIndex",
              r.recordIndex(),
              "statusCode",
              r.statusCode(),
              "message",
              r.message(),
              "fieldValues",
              new LinkedHashMap<>(r.fieldValues()),
              "invalidFields",
              r.invalidFields(),
              "syncUri",
              s.uri));
    }
    return list;
  }

  /** What to serve from {@code /syncs/{id}/data}; null view means "nothing staged (yet)". */
  synchronized DataView dataView(Sync s) {
    if (!(s.definition instanceof ExportDefinition d)) {
      throw new BulkValidation(
          "syncUri", s.uri, "Must reference an export sync; import syncs have no data to read");
    }
    return new DataView(d, s.dataReady() ? s.snapshot : null, s.dataExpired);
  }

  /** The latest sync of a definition ({@code /contacts/exports/{id}/data} reads its data). */
  synchronized Sync latestSync(Definition d) {
    Sync latest = null;
    for (Sync s : syncs.values()) {
      if (s.definition == d) latest = s;
    }
    return latest;
  }

  /** The record a snapshot staged, as it was when staged. */
  SimRecord staged(ExportDefinition d, Snapshot snapshot, int index) {
    return mutations.asOf(d.type, snapshot.ids.get(index), snapshot.seq);
  }

  /**
   * A staged value rendered as Eloqua stages it (string; dates as {@code 2024-05-01 10:00:00.000}).
   */
  String render(ExportDefinition d, Accessor a, SimRecord r) {
    Object v = a.read(r, mutations);
    if (v == null) return null;
    if (v instanceof Instant i) {
      ZoneId zone = a.systemTimestamp && d.utc ? ZoneOffset.UTC : options.instanceZone;
      return EloquaTime.data(i, zone);
    }
    if (v instanceof BigDecimal b) return b.toPlainString();
    return v.toString();
  }

  // ---------------------------------------------------------------- imports

  private void applyImport(Sync s, ImportDefinition d) {
    int created = 0;
    int updated = 0;
    int invalidEmails = 0;
    int duplicates = 0;
    List<String> keys = new ArrayList<>(d.fields.keySet());
    int idColumn = keys.indexOf(d.identifierFieldName);
    Accessor idAccessor = d.accessors.get(d.identifierFieldName);
    Set<String> seen = new HashSet<>();
    for (int i = 0; i < s.rows.size(); i++) {
      String[] row = s.rows.get(i);
      long recordIndex = (long) options.rejectIndexBase + i;
      Map<String, String> values = new LinkedHashMap<>();
      for (int k = 0; k < keys.size(); k++) values.put(keys.get(k), row[k]);
      Map<String, Object> changes = new LinkedHashMap<>();
      List<String> invalid = new ArrayList<>();
      String emailProblem = null;
      for (int k = 0; k < keys.size(); k++) {
        Accessor a = d.accessors.get(keys.get(k));
        if (a.storeKey == null) continue;
        String raw = blankToNull(row[k]);
        Object typed = raw;
        if (raw != null && a.isNumber()) {
          typed = Filter.toNumber(raw);
          if (typed == null) invalid.add(keys.get(k));
          else typed = normalizeNumber((BigDecimal) typed);
        } else if (raw != null && a.isDate()) {
          typed = EloquaTime.parse(raw, options.instanceZone);
          if (typed == null) invalid.add(keys.get(k));
        } else if (raw != null && isEmailKey(a.storeKey) && !VALID_EMAIL.matcher(raw).matches()) {
          invalid.add(keys.get(k));
          emailProblem = keys.get(k);
        }
        changes.put(a.storeKey, typed);
      }
      if (emailProblem != null) {
        invalidEmails++;
        s.rejects.add(
            new Reject(recordIndex, "ELQ-00002", "Invalid email addresses.", values, invalid));
        continue;
      }
      if (!invalid.isEmpty()) {
        s.rejects.add(
            new Reject(
                recordIndex, "ELQ-00060", "Invalid values for the field type.", values, invalid));
        continue;
      }
      String identifier = blankToNull(row[idColumn]);
      if (identifier == null) {
        s.rejects.add(
            new Reject(
                recordIndex,
                "ELQ-00060",
                "The identifier field is empty.",
                values,
                List.of(d.identifierFieldName)));
        continue;
      }
      if (!seen.add(identifier.toLowerCase(Locale.ROOT))) {
        duplicates++;
        s.rejects.add(
            new Reject(
                recordIndex,
                "ELQ-00011",
                idAccessor.storeKey != null && isEmailKey(idAccessor.storeKey)
                    ? "Duplicate email addresses."
                    : "Duplicate identifier values.",
                values,
                List.of(d.identifierFieldName)));
        continue;
      }
      SimRecord target =
          idAccessor.identity
              ? live(mutations.table(d.type).get(identifier))
              : mutations.findBy(d.type, idAccessor.storeKey, identifier);
      if (target == null) {
        if (idAccessor.identity
            || (d.type.kind == ObjectType.Kind.CONTACT
                && !changes.containsKey(EloquaSchema.EMAIL))) {
          s.rejects.add(
              new Reject(
                  recordIndex,
                  "ELQ-00060",
                  "No record matches the identifier.",
                  values,
                  List.of(d.identifierFieldName)));
          continue;
        }
        Map<String, Object> fields = new LinkedHashMap<>();
        changes.forEach(
            (k, v) -> {
              if (v != null) fields.put(k, v);
            });
        mutations.insert(d.type, fields);
        created++;
      } else {
        Map<String, Object> apply = new LinkedHashMap<>();
        for (int k = 0; k < keys.size(); k++) {
          Accessor a = d.accessors.get(keys.get(k));
          if (a.storeKey == null || !changes.containsKey(a.storeKey)) continue;
          Object v = changes.get(a.storeKey);
          String rule = d.updateRuleByField.getOrDefault(keys.get(k), d.updateRule);
          boolean write =
              switch (rule) {
                case "ifNewIsNotNull" -> v != null;
                case "ifExistingIsNull" -> target.get(a.storeKey) == null;
                default -> true;
              };
          if (write) apply.put(a.storeKey, v);
        }
        if (!apply.isEmpty()) mutations.update(d.type, target.id(), apply);
        updated++;
      }
    }
    String noun =
        switch (d.type.kind) {
          case CONTACT -> "Contacts";
          case ACCOUNT -> "Accounts";
          default -> "Custom object records";
        };
    Instant at = s.endedAt;
    s.logs.add(
        new LogEntry("information", "ELQ-00001", "Total records processed.", s.rows.size(), at));
    s.logs.add(new LogEntry("information", "ELQ-00004", noun + " created.", created, at));
    s.logs.add(new LogEntry("information", "ELQ-00022", noun + " updated.", updated, at));
    if (!s.rejects.isEmpty()) {
      s.logs.add(new LogEntry("warning", "ELQ-00060", "Records rejected.", s.rejects.size(), at));
    }
    if (invalidEmails > 0)
      s.logs.add(
          new LogEntry("warning", "ELQ-00002", "Invalid email addresses.", invalidEmails, at));
    if (duplicates > 0)
      s.logs.add(
          new LogEntry("warning", "ELQ-00011", "Duplicate email addresses.", duplicates, at));
    end(s, s.rejects.isEmpty() ? SUCCESS : WARNING);
    s.rows = null;
  }

  private static SimRecord live(SimRecord r) {
    return r == null || r.deleted() ? null : r;
  }

  private static boolean isEmailKey(String storeKey) {
    return storeKey.equals(EloquaSchema.EMAIL) || storeKey.equals("Email_Address1");
  }

  private static String blankToNull(String s) {
    return s == null || s.isEmpty() ? null : s;
  }

  private static Object normalizeNumber(BigDecimal b) {
    try {
      return b.longValueExact();
    } catch (ArithmeticException e) {
      return b;
    }
  }

  // ---------------------------------------------------------------- validation helpers

  @SuppressWarnings("unchecked")
  private static Map<String, Object> object(Object json) {
    if (!(json instanceof Map<?, ?>)) throw new BulkValidation("body", "", "Must be a JSON object");
    return (Map<String, Object>) json;
  }

  private static String name(Map<String, Object> body, List<BulkValidation.Failure> failures) {
    Object name = body.get("name");
    if (!(name instanceof String s) || s.isBlank() || s.length() > 100) {
      failures.add(
          new BulkValidation.Failure(
              "name",
              name == null ? "" : name.toString(),
              "Must be a string value, at least 1 character and at most 100 characters long."));
      return null;
    }
    return s;
  }

  private static Map<String, String> fields(
      Map<String, Object> body, List<BulkValidation.Failure> failures, int max) {
    Object fields = body.get("fields");
    Map<String, String> map = new LinkedHashMap<>();
    if (!(fields instanceof Map<?, ?> m) || m.isEmpty()) {
      failures.add(
          new BulkValidation.Failure(
              "fields",
              fields == null ? "" : fields.toString(),
              "Must be an object with at least one field"));
      return map;
    }
    for (Map.Entry<?, ?> e : m.entrySet()) {
      if (!(e.getValue() instanceof String statement)) {
        failures.add(
            new BulkValidation.Failure(
                "fields",
                String.valueOf(e.getKey()),
                "Must map each name to a markup statement string"));
      } else {
        map.put(String.valueOf(e.getKey()), statement);
      }
    }
    if (map.size() > max) {
      failures.add(
          new BulkValidation.Failure(
              "fields", Integer.toString(map.size()), "Must contain at most " + max + " fields"));
    }
    return map;
  }

  private static Map<String, Accessor> resolve(
      Map<String, String> fields,
      Function<String, Accessor> resolver,
      List<BulkValidation.Failure> failures) {
    Map<String, Accessor> accessors = new LinkedHashMap<>();
    for (Map.Entry<String, String> e : fields.entrySet()) {
      Accessor a = resolver.apply(e.getValue());
      if (a == null) {
        failures.add(
            new BulkValidation.Failure(
                "fields",
                e.getValue(),
                "Must be a valid field or system statement (key " + e.getKey() + ")"));
      } else {
        accessors.put(e.getKey(), a);
      }
    }
    return accessors;
  }

  private static String optionalString(
      Map<String, Object> body, String key, List<BulkValidation.Failure> failures) {
    Object v = body.get(key);
    if (v == null) return null;
    if (v instanceof String s) return s;
    failures.add(new BulkValidation.Failure(key, v.toString(), "Must be a string value"));
    return null;
  }

  private static boolean optionalBoolean(
      Map<String, Object> body,
      String key,
      boolean fallback,
      List<BulkValidation.Failure> failures) {
    Object v = body.get(key);
    if (v == null) return fallback;
    if (v instanceof Boolean b) return b;
    if (v instanceof String s && (s.equalsIgnoreCase("true") || s.equalsIgnoreCase("false"))) {
      return Boolean.parseBoolean(s);
    }
    failures.add(new BulkValidation.Failure(key, v.toString(), "Must be a boolean value"));
    return fallback;
  }

  private static Long optionalPositive(
      Map<String, Object> body, String key, List<BulkValidation.Failure> failures) {
    Object v = body.get(key);
    if (v == null) return null;
    if (v instanceof Number n
        && n.doubleValue() >= 1
        && n.doubleValue() == Math.rint(n.doubleValue())) {
      return n.longValue();
    }
    failures.add(new BulkValidation.Failure(key, v.toString(), "Must be a positive whole number"));
    return null;
  }

  private static Duration duration(
      String key,
      String text,
      Duration fallback,
      boolean capped,
      List<BulkValidation.Failure> failures) {
    if (text == null) return fallback;
    Duration d = EloquaTime.duration(text);
    if (d == null || d.compareTo(MIN_RETENTION) < 0 || (capped && d.compareTo(MAX_RETENTION) > 0)) {
      failures.add(
          new BulkValidation.Failure(
              key,
              text,
              capped
                  ? "Must be an ISO-8601 duration between PT1H and P14D"
                  : "Must be an ISO-8601 duration of at least PT1H"));
      return fallback;
    }
    return d;
  }

  static String format(Duration d) {
    if (d.toSeconds() % 86_400 == 0) return "P" + d.toDays() + "D";
    return d.toString();
  }

  /** Counts for tests and the sandbox: definitions and syncs held. */
  synchronized Map<String, Integer> counts() {
    Map<String, Integer> m = new HashMap<>();
    m.put("definitions", definitions.size());
    m.put("syncs", syncs.size());
    return m;
  }

  static <T> List<T> page(Collection<T> all, int offset, int limit) {
    List<T> list = new ArrayList<>(all);
    if (offset >= list.size()) return List.of();
    return list.subList(offset, Math.min(list.size(), offset + limit));
  }
}
