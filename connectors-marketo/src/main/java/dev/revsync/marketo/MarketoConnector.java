package dev.revsync.marketo;

import dev.revsync.Activity;
import dev.revsync.Catalog;
import dev.revsync.Checkpoint;
import dev.revsync.ConfigurationException;
import dev.revsync.ConnectionConfig;
import dev.revsync.FieldSchema;
import dev.revsync.FieldType;
import dev.revsync.ObjectSchema;
import dev.revsync.ProtocolException;
import dev.revsync.RecordSink;
import dev.revsync.SyncMode;
import dev.revsync.SyncRequest;
import dev.revsync.SyncResult;
import dev.revsync.VerifyResult;
import dev.revsync.WriteRequest;
import dev.revsync.WriteResult;
import dev.revsync.spi.AccessToken;
import dev.revsync.spi.CallMeter;
import dev.revsync.spi.JobPoller;
import dev.revsync.spi.RestConnector;
import dev.revsync.spi.SyncRun;
import dev.revsync.spi.SystemUsage;
import dev.revsync.spi.Transport;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;

/**
 * One connection to one Marketo subscription. The lead fields are described once per connection and
 * kept. Thread-safe: syncs and writes may run at once; the subscription's rate and concurrency caps
 * are shared by every connection to it in the process (keyed by its Munchkin id).
 */
final class MarketoConnector extends RestConnector {
  /** Sync option: {@code auto} (default), {@code paging} or {@code extract}. */
  static final String METHOD = "method";

  /** Sync option: where an extract starts (ISO date or date-time). */
  static final String SINCE = "since";

  /** A time cursor older than this is caught up by extract instead of the change feed. */
  static final Duration STALE_CURSOR = Duration.ofDays(7);

  private final MarketoConfig config;
  private final Clock clock;
  private final MarketoRestClient client;
  private final JobPoller poller;
  private volatile ObjectSchema leadSchema;

  private MarketoConnector(Transport transport, MarketoConfig config) {
    super(transport, config.root());
    this.config = config;
    this.clock = transport.config().clock();
    this.client = new MarketoRestClient(transport, config);
    this.poller = JobPoller.create(clock, MarketoExtract.POLL_MIN, MarketoExtract.POLL_MAX);
  }

  static MarketoConnector open(ConnectionConfig connection) {
    MarketoConfig config = MarketoConfig.from(connection);
    return new MarketoConnector(
        Transport.builder(MarketoConfig.DESCRIPTOR, connection)
            .tokenProvider(MarketoAuth.tokenProvider(config))
            .classifier(new MarketoErrors())
            // 100 calls / 20 s and 10 in flight belong to the subscription: every connection to it
            // shares them
            .sharedLimitKey("marketo:" + config.subscription())
            .build(),
        config);
  }

  /**
   * The token (its {@code scope} names the API user) and the subscription's usage today, fed to the
   * quota policy.
   */
  @Override
  public VerifyResult verify() {
    try (CallMeter.Operation operation = transport.startOperation()) {
      AccessToken token = transport.token(Activity.LOGIN);
      MarketoRestClient.Page usage =
          client.get(Activity.LOGIN, "/rest/v1/stats/usage.json", Map.of());
      long used = 0;
      if (!usage.results().isEmpty()
          && usage.results().get(0).get("total") instanceof Number total) {
        used = total.longValue();
      }
      // Marketo's total counts every integration on the subscription: what is left is what all may
      // spend
      transport.reportSystemUsage(
          SystemUsage.usedOf(Math.min(used, config.dailyQuota()), config.dailyQuota()));
      Map<String, String> details = new LinkedHashMap<>();
      details.put("callsUsedToday", Long.toString(used));
      details.put("quotaDay", "midnight to midnight America/Chicago");
      return verified(
          config.subscription(), token.attribute(MarketoAuth.USER), List.of(), details, operation);
    }
  }

  /** Lead fields (describe), activity types and the program, campaign and list objects. */
  @Override
  public Catalog discover() {
    ObjectSchema lead = leadSchema();
    List<String> types = new ArrayList<>();
    for (Map<String, Object> t :
        client.get(Activity.SYNC, "/rest/v1/activities/types.json", Map.of()).results()) {
      types.add(t.get("id") + " " + t.get("name"));
    }
    ObjectSchema a = MarketoObjects.ACTIVITY_SCHEMA;
    ObjectSchema activity =
        ObjectSchema.builder(a.name())
            .label(a.label())
            .fields(a.fields())
            .cursorField(a.cursorField())
            .deletes(a.deletes() + "; activity types: " + String.join(", ", types))
            .build();
    return Catalog.of(
        MarketoConfig.SYSTEM,
        List.of(
            lead,
            activity,
            MarketoObjects.PROGRAM_SCHEMA,
            MarketoObjects.SMART_CAMPAIGN_SCHEMA,
            MarketoObjects.STATIC_LIST_SCHEMA,
            MarketoObjects.LIST_MEMBERSHIP_SCHEMA));
  }

  @Override
  public ObjectSchema describe(String object) {
    String name = MarketoObjects.canonical(object);
    if (MarketoObjects.LEAD.equals(name)) return leadSchema();
    return super.describe(object);
  }

  /** The lead fields from {@code describe2.json}, read once per connection. */
  ObjectSchema leadSchema() {
    ObjectSchema schema = leadSchema;
    if (schema != null) return schema;
    MarketoRestClient.Page page =
        client.get(Activity.SYNC, "/rest/v1/leads/describe2.json", Map.of());
    if (page.results().isEmpty()) {
      throw new ProtocolException(
          MarketoConfig.SYSTEM,
          "GET /rest/v1/leads/describe2.json",
          "the lead describe has no result",
          "Retry; check the API user's role can read leads",
          null);
    }
    Map<String, Object> lead = page.results().get(0);
    Set<String> searchable = new HashSet<>();
    if (lead.get("searchableFields") instanceof List) {
      for (Object group : (List<?>) lead.get("searchableFields")) {
        if (group instanceof List && ((List<?>) group).size() == 1)
          searchable.add(String.valueOf(((List<?>) group).get(0)));
      }
    }
    List<FieldSchema> fields = new ArrayList<>();
    if (lead.get("fields") instanceof List) {
      for (Object o : (List<?>) lead.get("fields")) {
        if (!(o instanceof Map)) continue;
        Map<?, ?> f = (Map<?, ?>) o;
        String name = String.valueOf(f.get("name"));
        String dataType = String.valueOf(f.get("dataType"));
        FieldType type = RecordMapping.typeOf(name, dataType);
        boolean updateable = Boolean.TRUE.equals(f.get("updateable"));
        fields.add(
            FieldSchema.builder(name, type)
                .label(f.get("displayName") == null ? name : String.valueOf(f.get("displayName")))
                .vendorType(dataType)
                .createable(updateable)
                .updateable(updateable)
                .externalId(searchable.contains(name))
                .build());
      }
    }
    schema =
        ObjectSchema.builder(MarketoObjects.LEAD)
            .label("Lead")
            .fields(fields)
            .cursorField("updatedAt")
            .deletes("deletedleads activity feed")
            .build();
    leadSchema = schema;
    return schema;
  }

  @Override
  public SyncResult sync(SyncRequest request, RecordSink sink) {
    String object = MarketoObjects.canonical(request.object());
    if (object == null) {
      throw new ConfigurationException(
          MarketoConfig.SYSTEM,
          "sync " + request.object(),
          "no object named '" + request.object() + "'",
          "Use one of " + MarketoObjects.ALL,
          null);
    }
    String method =
        request.option(METHOD) == null
            ? "auto"
            : request.option(METHOD).trim().toLowerCase(Locale.ROOT);
    if (!List.of("auto", "paging", "extract").contains(method)) {
      throw new ConfigurationException(
          MarketoConfig.SYSTEM,
          "sync " + request.object(),
          "option method must be auto, " + "paging or extract, not '" + method + "'",
          "Fix the sync request's options",
          null);
    }
    Instant since = sinceOption(request);
    if (object.equals(MarketoObjects.ACTIVITY)) {
      return SyncRun.run(
          transport,
          clock,
          request,
          sink,
          run -> {
            Instant now = clock.instant();
            if (method.equals("extract") || request.checkpoint().get(MarketoExtract.FROM) != null) {
              Instant from = since != null ? since : now.minus(ActivitySync.DEFAULT_HISTORY);
              new MarketoExtract(client, MarketoExtract.activities(), poller, clock)
                  .run(run, from, now, null);
            } else {
              new ActivitySync(client).run(run, since, now);
            }
          });
    }
    if (!object.equals(MarketoObjects.LEAD)) {
      return SyncRun.run(
          transport,
          clock,
          request,
          sink,
          run -> new AssetSync(client).run(run, object, clock.instant()));
    }
    return SyncRun.run(
        transport,
        clock,
        request,
        sink,
        run -> {
          RecordMapping.Shape shape = shape(request);
          Instant now = clock.instant();
          if (useExtract(method, request, since)) {
            new MarketoExtract(client, MarketoExtract.leads(shape), poller, clock)
                .run(run, since != null ? since : earliest(now), now, null);
          } else if (method.equals("auto") && staleCursor(request, now)) {
            // weeks of lead changes cost two calls per 300 changes; extract windows cost a handful
            // each
            Instant from = Instant.parse(request.checkpoint().get(MarketoSync.SINCE));
            new MarketoExtract(client, MarketoExtract.leads(shape), poller, clock)
                .run(run, from, now, from);
          } else {
            new MarketoSync(client, shape, config.emptyRanges()).run(run, now);
          }
        });
  }

  /**
   * Extract when asked, when the checkpoint is inside an extract, or for a FULL sync over a known
   * range ({@code since}): one job per 31 days costs a handful of calls whatever the number of
   * leads, where paging costs one call per 300. Otherwise paging, which needs no start date.
   */
  private static boolean useExtract(String method, SyncRequest request, Instant since) {
    if (method.equals("paging")) return false;
    if (method.equals("extract")) return true;
    Checkpoint cp = request.checkpoint();
    if (cp.get(MarketoExtract.FROM) != null) return true;
    return request.mode() == SyncMode.FULL && since != null;
  }

  /**
   * Whether the request's cursor is a point in time (no change-feed tokens yet) older than {@link
   * #STALE_CURSOR}: then reading the changes since costs more calls than extracting the leads
   * updated since (the size of the range decides; its lead count is unknown up front).
   */
  private static boolean staleCursor(SyncRequest request, Instant now) {
    Checkpoint cp = request.checkpoint();
    if (request.mode() == SyncMode.FULL
        || cp.get(MarketoSync.CHANGES_TOKEN) != null
        || cp.get(MarketoSync.NEXT_ID) != null) {
      return false;
    }
    String since = cp.get(MarketoSync.SINCE);
    return since != null && Instant.parse(since).isBefore(now.minus(STALE_CURSOR));
  }

  private static Instant sinceOption(SyncRequest request) {
    String since = request.option(SINCE);
    if (since == null || since.isBlank()) return null;
    try {
      return RecordMapping.instant(
          since.length() == 10 ? since + "T00:00:00Z" : since, SINCE, "sync options");
    } catch (RuntimeException e) {
      throw new ConfigurationException(
          MarketoConfig.SYSTEM,
          "sync " + request.object(),
          "option since must be an " + "ISO-8601 date or date-time, not '" + since + "'",
          "Fix the sync request's options",
          e);
    }
  }

  /**
   * Without {@code since}: the creation time of the lowest lead id (one call), else the last 31
   * days.
   */
  private Instant earliest(Instant now) {
    StringBuilder ids = new StringBuilder("1");
    for (int i = 2; i <= MarketoRestClient.PAGE; i++) ids.append(',').append(i);
    List<Map<String, Object>> leads =
        client
            .get(
                Activity.SYNC,
                "/rest/v1/leads.json",
                Map.of(
                    "filterType", "id", "filterValues", ids.toString(), "fields", "id,createdAt"))
            .results();
    Instant earliest = now.minus(MarketoExtract.WINDOW);
    for (Map<String, Object> lead : leads) {
      if (lead.get("createdAt") == null) continue;
      Instant created =
          RecordMapping.instant(lead.get("createdAt"), "createdAt", "GET /rest/v1/leads.json");
      if (created.isBefore(earliest)) earliest = created;
    }
    return earliest;
  }

  private RecordMapping.Shape shape(SyncRequest request) {
    ObjectSchema schema = leadSchema();
    if (request.fields().isEmpty())
      return RecordMapping.Shape.of(MarketoObjects.LEAD, schema.fields());
    List<FieldSchema> chosen = new ArrayList<>();
    List<String> unknown = new ArrayList<>();
    for (String name : request.fields()) {
      schema.field(name).ifPresentOrElse(chosen::add, () -> unknown.add(name));
    }
    if (!unknown.isEmpty()) {
      throw new ConfigurationException(
          MarketoConfig.SYSTEM,
          "sync " + request.object(),
          "unknown lead fields " + unknown,
          "Use field names from discover()",
          null);
    }
    if (chosen.stream().noneMatch(f -> f.name().equals("updatedAt")))
      schema.field("updatedAt").ifPresent(chosen::add);
    return RecordMapping.Shape.of(MarketoObjects.LEAD, chosen);
  }

  @Override
  public WriteResult write(WriteRequest request) {
    return MarketoWrite.write(transport, client, request);
  }
}
