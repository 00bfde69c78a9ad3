package dev.revsync.eloqua;

import dev.revsync.Activity;
import dev.revsync.Catalog;
import dev.revsync.ConnectionConfig;
import dev.revsync.Connector;
import dev.revsync.ConnectorDescriptor;
import dev.revsync.FieldSchema;
import dev.revsync.FieldType;
import dev.revsync.ObjectSchema;
import dev.revsync.RecordSink;
import dev.revsync.RevsyncException;
import dev.revsync.SyncRequest;
import dev.revsync.SyncResult;
import dev.revsync.Usage;
import dev.revsync.VendorApiException;
import dev.revsync.VerifyResult;
import dev.revsync.WriteRequest;
import dev.revsync.WriteResult;
import dev.revsync.spi.AccessToken;
import dev.revsync.spi.CallMeter;
import dev.revsync.spi.JobPoller;
import dev.revsync.spi.SyncRun;
import dev.revsync.spi.Transport;
import dev.revsync.spi.WriteBatcher;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * One connection to one Eloqua instance. Every activity uses the Bulk API 2.0 (see {@link
 * EloquaConfig#DESCRIPTOR}); field lists are read once per connection and kept.
 *
 * <p>Thread-safe: syncs of different objects may run at once.
 */
final class EloquaConnector implements Connector {

  /**
   * The first poll comes 10 s after a sync is created (clients commonly wait that long; a sync is
   * never ready sooner); later ones follow the sync's age ({@link JobPoller}), at most 5 minutes
   * apart: a 35 s export is seen at 40 s, a 20-minute one within 3 minutes of its end.
   */
  static final Duration POLL_MIN = Duration.ofSeconds(10);

  static final Duration POLL_MAX = Duration.ofMinutes(5);

  private final EloquaConfig config;
  private final ConnectionConfig connection;
  private final Transport transport;
  private final EloquaBulkClient client;
  private final JobPoller poller;
  private final ExecutorService joinPool;
  private final Map<String, List<EloquaField>> fieldCache = new ConcurrentHashMap<>();
  private volatile int dataPageSize = EloquaBulkClient.MAX_DATA_PAGE;
  private volatile int rejectIndexBase = 1;

  private EloquaConnector(ConnectionConfig connection, EloquaConfig config) {
    this.connection = connection;
    this.config = config;
    this.transport =
        Transport.builder(EloquaConfig.DESCRIPTOR, connection)
            .tokenProvider(new EloquaAuth(config))
            .classifier(EloquaErrors.INSTANCE)
            .build();
    this.client = new EloquaBulkClient(transport, config);
    this.poller = JobPoller.create(connection.clock(), POLL_MIN, POLL_MAX);
    AtomicInteger threads = new AtomicInteger();
    this.joinPool =
        Executors.newCachedThreadPool(
            r -> {
              Thread t = new Thread(r, "revsync-eloqua-join-" + threads.incrementAndGet());
              t.setDaemon(true);
              return t;
            });
  }

  /** Opens a connection; validates the configuration without I/O. */
  static EloquaConnector open(ConnectionConfig connection) {
    return new EloquaConnector(connection, EloquaConfig.from(connection));
  }

  /** Test hook: a smaller data page than Eloqua's 50,000, to exercise paging with few records. */
  void dataPageSize(int rows) {
    this.dataPageSize = rows;
  }

  /**
   * Whether reject {@code recordIndex} counts from 0 or 1 when a reject carries no identifier
   * value.
   */
  void rejectIndexBase(int base) {
    this.rejectIndexBase = base;
  }

  @Override
  public ConnectorDescriptor descriptor() {
    return transport.descriptor();
  }

  @Override
  public VerifyResult verify() {
    try (CallMeter.Operation calls = transport.startOperation()) {
      return verify(calls);
    }
  }

  private VerifyResult verify(CallMeter.Operation calls) {
    AccessToken token = transport.token(Activity.LOGIN);
    if (calls.calls() == 0 || token.attribute(EloquaAuth.BASE_URL) == null) {
      // /id was answered earlier (or skipped for a fixed pod): verify means asking it now.
      transport.invalidate(token);
      token = transport.token(Activity.LOGIN);
    }
    AccessToken identity = token;
    // One cheap Bulk call proves the user may use the Bulk API on the discovered pod.
    client.get(Activity.LOGIN, "/contacts/fields?limit=1", EloquaBulkClient::readObject);
    Map<String, String> details = new LinkedHashMap<>();
    for (String key :
        List.of(
            EloquaAuth.SITE_ID,
            EloquaAuth.SITE_NAME,
            EloquaAuth.USER_ID,
            EloquaAuth.DISPLAY_NAME)) {
      String value = identity.attribute(key);
      if (value != null) details.put(key, value);
    }
    details.put("authFlow", config.authFlow().name().toLowerCase(Locale.ROOT));
    String site =
        identity.attribute(EloquaAuth.SITE_ID) != null
            ? identity.attribute(EloquaAuth.SITE_ID)
            : identity.attribute(EloquaAuth.SITE_NAME);
    String user =
        identity.attribute(EloquaAuth.USER_NAME) != null
            ? identity.attribute(EloquaAuth.USER_NAME)
            : config.username();
    return VerifyResult.builder(EloquaConfig.SYSTEM)
        .organizationId(site)
        .user(user)
        .baseUrl(client.baseUrl(identity))
        .permission("bulk")
        .details(details)
        .callsSpent(calls.calls())
        .build();
  }

  @Override
  public Catalog discover() {
    List<ObjectSchema> objects = new ArrayList<>();
    objects.add(schema(EloquaObject.CONTACT, "Contact", Activity.SYNC));
    objects.add(schema(EloquaObject.ACCOUNT, "Account", Activity.SYNC));
    for (String type : EloquaObject.ACTIVITY_TYPES) {
      objects.add(schema(EloquaObject.activity(type), type + " activity", Activity.SYNC));
    }
    for (EloquaBulkClient.CustomObjectInfo co : client.customObjects(Activity.SYNC)) {
      objects.add(
          schema(
              EloquaObject.customObject(co.id()),
              co.name() == null ? "Custom object " + co.id() : co.name(),
              Activity.SYNC));
    }
    return Catalog.of(EloquaConfig.SYSTEM, objects);
  }

  @Override
  public ObjectSchema describe(String object) {
    EloquaObject o = EloquaObject.parse(object);
    return schema(o, o.name(), Activity.SYNC);
  }

  private ObjectSchema schema(EloquaObject object, String label, Activity activity) {
    List<FieldSchema> fields = fields(object, activity).stream().map(EloquaField::schema).toList();
    String deletes =
        object.isActivity()
            ? "none (activities are never deleted)"
            : config.idDiffDeletes()
                ? "id diff (idDiffDeletes=true)"
                : "none (set idDiffDeletes=true for an id diff)";
    return ObjectSchema.builder(object.name())
        .label(label)
        .fields(fields)
        .cursorField(cursorField(object).name())
        .deletes(deletes)
        .build();
  }

  /**
   * Every field of {@code object}: the system fields, then what its fields endpoint lists; kept per
   * connection.
   */
  List<EloquaField> fields(EloquaObject object, Activity activity) {
    List<EloquaField> cached = fieldCache.get(object.name());
    if (cached != null) return cached;
    List<EloquaField> fields = new ArrayList<>(systemFields(object));
    java.util.Set<String> names = new java.util.HashSet<>();
    java.util.Set<String> statements = new java.util.HashSet<>();
    for (EloquaField f : fields) {
      names.add(f.name().toLowerCase(Locale.ROOT));
      statements.add(f.statement());
    }
    for (EloquaField f : client.fields(activity, object)) {
      if (statements.add(f.statement()) && names.add(f.name().toLowerCase(Locale.ROOT)))
        fields.add(f);
    }
    List<EloquaField> all = List.copyOf(fields);
    fieldCache.put(object.name(), all);
    return all;
  }

  static List<EloquaField> systemFields(EloquaObject object) {
    List<EloquaField> fields = new ArrayList<>();
    fields.add(EloquaField.system("Id", object.idStatement(), FieldType.ID));
    fields.add(EloquaField.system("CreatedAt", object.createdAtStatement(), FieldType.DATETIME));
    if (object.isActivity()) {
      fields.add(EloquaField.system("Type", "{{Activity.Type}}", FieldType.STRING));
      fields.add(EloquaField.system("ContactId", "{{Activity.Contact.Id}}", FieldType.REFERENCE));
    } else {
      fields.add(EloquaField.system("UpdatedAt", object.cursorStatement(), FieldType.DATETIME));
    }
    return fields;
  }

  private static EloquaField cursorField(EloquaObject object) {
    String name = object.isActivity() ? "CreatedAt" : "UpdatedAt";
    return systemFields(object).stream()
        .filter(f -> f.name().equals(name))
        .findFirst()
        .orElseThrow();
  }

  private static EloquaField idField(EloquaObject object) {
    return systemFields(object).get(0);
  }

  @Override
  public SyncResult sync(SyncRequest request, RecordSink sink) {
    EloquaObject object = EloquaObject.parse(request.object());
    return SyncRun.run(
        transport,
        connection.clock(),
        request,
        sink,
        run -> {
          List<EloquaField> all = fields(object, Activity.SYNC);
          List<EloquaField> output =
              request.fields().isEmpty() ? all : select(object, all, request.fields());
          EloquaField id = idField(object);
          EloquaField cursor = cursorField(object);
          List<EloquaField> exported = new ArrayList<>();
          exported.add(id);
          exported.add(cursor);
          for (EloquaField f : output)
            if (!f.name().equals(id.name()) && !f.name().equals(cursor.name())) exported.add(f);
          new EloquaSync(
                  client,
                  object,
                  exported,
                  output,
                  id,
                  cursor,
                  request,
                  config.idDiffDeletes(),
                  config.timeZone(),
                  connection.clock(),
                  poller,
                  run.executor(joinPool),
                  dataPageSize)
              .run(run);
        });
  }

  private static List<EloquaField> select(
      EloquaObject object, List<EloquaField> all, List<String> names) {
    Map<String, EloquaField> byName = new LinkedHashMap<>();
    for (EloquaField f : all) byName.putIfAbsent(f.name().toLowerCase(Locale.ROOT), f);
    for (EloquaField f : all) byName.putIfAbsent(f.label().toLowerCase(Locale.ROOT), f);
    List<EloquaField> selected = new ArrayList<>();
    List<String> unknown = new ArrayList<>();
    for (String name : names) {
      EloquaField f = byName.get(name.toLowerCase(Locale.ROOT));
      if (f == null) unknown.add(name);
      else if (!selected.contains(f)) selected.add(f);
    }
    if (!unknown.isEmpty()) {
      throw new VendorApiException(
          EloquaConfig.SYSTEM,
          "sync " + object.name(),
          0,
          "INVALID_FIELD",
          "unknown fields " + unknown + " on " + object.name(),
          "Use the field names discover() lists");
    }
    return selected;
  }

  /**
   * Writes through an import. The field list is read first (unknown or read-only fields are refused
   * before any row is sent); a budget that runs out on the way, there or mid-write, leaves the
   * unsent items as backlog. Calls spent include the field list and {@code /id}.
   */
  @Override
  public WriteResult write(WriteRequest request) {
    EloquaObject object = EloquaObject.parse(request.object());
    if (!object.isWritable()) {
      throw new VendorApiException(
          EloquaConfig.SYSTEM,
          "write " + object.name(),
          0,
          "NOT_WRITABLE",
          object.name()
              + " is an activity; the Bulk API imports contacts, accounts and custom objects only",
          "Write to Contact, Account or CustomObject[<id>]");
    }
    try (CallMeter.Operation calls = transport.startOperation()) {
      List<EloquaField> fields;
      try {
        fields = fields(object, request.activity());
      } catch (RevsyncException e) {
        return WriteBatcher.stoppedBeforeSending(
            request, e, calls.calls()); // nothing was written yet
      }
      WriteResult written =
          new EloquaWrite(
                  client,
                  object,
                  fields,
                  idField(object),
                  request,
                  poller,
                  connection.clock(),
                  rejectIndexBase,
                  config.timeZone())
              .run();
      return new WriteResult(
          request, written.status(), written.outcomes(), calls.calls(), written.failure());
    }
  }

  @Override
  public Usage usage() {
    return transport.usage();
  }

  @Override
  public void close() {
    joinPool.shutdownNow();
    transport.close();
  }

  @Override
  public String toString() {
    return "EloquaConnector{" + config + "}";
  }
}
