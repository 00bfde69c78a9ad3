package dev.revsync.testkit.example;

import dev.revsync.Activity;
import dev.revsync.ApiStyle;
import dev.revsync.Catalog;
import dev.revsync.ConfigKey;
import dev.revsync.ConnectionConfig;
import dev.revsync.ConnectorDescriptor;
import dev.revsync.FieldSchema;
import dev.revsync.FieldType;
import dev.revsync.ObjectSchema;
import dev.revsync.RateLimits;
import dev.revsync.RecordSink;
import dev.revsync.SyncRequest;
import dev.revsync.SyncResult;
import dev.revsync.VerifyResult;
import dev.revsync.WriteRequest;
import dev.revsync.WriteResult;
import dev.revsync.spi.CallMeter;
import dev.revsync.spi.Classification;
import dev.revsync.spi.CursorPager;
import dev.revsync.spi.Json;
import dev.revsync.spi.RecordShape;
import dev.revsync.spi.ResponseClassifier;
import dev.revsync.spi.RestConnector;
import dev.revsync.spi.Settings;
import dev.revsync.spi.TokenProviders;
import dev.revsync.spi.Transport;
import dev.revsync.spi.UsageReader;
import dev.revsync.spi.WriteBatcher;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import okhttp3.HttpUrl;

/**
 * A connection to Acme CRM on revsync's contract and the SPI's REST kit: the REST connector
 * template. Thread-safe.
 */
final class AcmeConnector extends RestConnector {
  static final ConnectorDescriptor DESCRIPTOR =
      ConnectorDescriptor.builder("acme-crm", "Acme CRM")
          .apiStyles(Activity.LOGIN, ApiStyle.REST)
          .apiStyles(Activity.SYNC, ApiStyle.REST)
          .apiStyles(Activity.ENRICHMENT, ApiStyle.REST)
          .apiStyles(Activity.SCORE_EXPORT, ApiStyle.REST)
          .objects("contacts")
          .defaultBaseUrl("https://api.acme-crm.example")
          .configKey(
              ConfigKey.required("clientId", "OAuth client id of the Acme CRM integration app"))
          .configKey(
              ConfigKey.requiredSecret(
                  "clientSecret", "OAuth client secret of the Acme CRM integration app"))
          .rateLimits(RateLimits.of(20, Duration.ofSeconds(1), 4))
          .build();
  private static final String SYSTEM = "acme-crm";
  private static final String LIST = "GET /api/v1/contacts";
  private static final Map<String, FieldType> TYPES =
      Map.of(
          "id",
          FieldType.ID,
          "integer",
          FieldType.INTEGER,
          "decimal",
          FieldType.DECIMAL,
          "datetime",
          FieldType.DATETIME,
          "boolean",
          FieldType.BOOLEAN,
          "string",
          FieldType.STRING);

  /** The fields every record has as its keys rather than as fields. */
  private static final List<String> KEYS = List.of("id", "updated_at", "deleted");

  /** The contacts' schema, once read. */
  private volatile ObjectSchema schema;

  private AcmeConnector(Transport transport, HttpUrl baseUrl) {
    super(transport, baseUrl);
  }

  static AcmeConnector open(ConnectionConfig config) {
    return open(DESCRIPTOR, config);
  }

  /**
   * Opens on {@code descriptor}: Acme's, or a read-only one ({@link AcmeReportsConnectorProvider}).
   */
  static AcmeConnector open(ConnectorDescriptor descriptor, ConnectionConfig config) {
    Settings settings =
        Settings.of(descriptor, config); // every missing or bad setting in one exception
    HttpUrl base = settings.baseUrl();
    settings.check();
    return new AcmeConnector(
        Transport.builder(descriptor, config)
            .tokenProvider(
                TokenProviders.oauth2ClientCredentials(
                    base.resolve("/oauth/token").toString(),
                    settings.value("clientId").orElseThrow(),
                    settings.value("clientSecret").orElseThrow(),
                    null))
            .usage(UsageReader.remainingHeader("X-Daily-Quota-Remaining", "X-Daily-Quota-Limit"))
            // Acme's daily quota is a 429 without Retry-After: only that one stops the day, others
            // are retried.
            .classifier(
                (response, call) ->
                    response.code() == 429
                            && response.peekBody(4096).string().contains("\"daily_quota_exceeded\"")
                        ? Classification.quotaExhausted("Acme CRM's daily API quota is spent", null)
                        : ResponseClassifier.standard().classify(response, call))
            .build(),
        base);
  }

  @Override
  public VerifyResult verify() {
    try (CallMeter.Operation operation = transport.startOperation()) {
      var me =
          get(
              Activity.LOGIN,
              "/api/v1/me",
              r -> Json.readObject(r.body().source(), SYSTEM, "GET /api/v1/me"));
      return verified(
          (String) me.get("account"),
          (String) me.get("user"),
          (List<?>) me.get("permissions"),
          operation);
    }
  }

  @Override
  public Catalog discover() {
    List<ObjectSchema> objects = new ArrayList<>();
    get(
        Activity.SYNC,
        "/api/v1/schema",
        r ->
            Json.readPage(
                r.body().source(),
                "objects",
                o -> {
                  List<FieldSchema> fields = new ArrayList<>();
                  for (Object f : (List<?>) o.getOrDefault("fields", List.of())) {
                    Map<?, ?> field = (Map<?, ?>) f;
                    String name = (String) field.get("name");
                    boolean updatable = Boolean.TRUE.equals(field.get("updatable"));
                    fields.add(
                        FieldSchema.builder(
                                name, TYPES.getOrDefault(field.get("type"), FieldType.OTHER))
                            .vendorType((String) field.get("type"))
                            .createable(updatable)
                            .updateable(updatable)
                            .build());
                  }
                  objects.add(
                      ObjectSchema.builder((String) o.get("name"))
                          .label((String) o.get("label"))
                          .fields(fields)
                          .cursorField((String) o.get("cursor"))
                          .deletes("include_deleted=true returns tombstones")
                          .build());
                },
                SYSTEM,
                "GET /api/v1/schema"));
    return Catalog.of(descriptor().id(), objects);
  }

  @Override
  public SyncResult sync(SyncRequest request, RecordSink sink) {
    return run(
        request,
        sink,
        run -> {
          // Inside the run: the schema's call (once per connection) counts under this sync.
          RecordShape shape = shape(request);
          CursorPager.exclusive()
              .pull(
                  run,
                  shape,
                  (from, values) -> {
                    HttpUrl.Builder url =
                        baseUrl
                            .newBuilder()
                            .encodedPath("/api/v1/contacts")
                            .addQueryParameter("limit", "100")
                            .addQueryParameter(
                                "include_deleted", String.valueOf(request.includeDeletes()));
                    if (from.since() != null)
                      url.addQueryParameter("updated_since", from.since().toString());
                    if (from.afterId() != null) url.addQueryParameter("after_id", from.afterId());
                    Json.Page page =
                        get(
                            Activity.SYNC,
                            url.build(),
                            r ->
                                Json.readPage(
                                    r.body().source(), "data", shape, values, SYSTEM, LIST));
                    return page.bool("has_more", false)
                        ? CursorPager.Page.more()
                        : CursorPager.Page.last();
                  });
        });
  }

  /**
   * The records' shape: the requested fields, or every field of the schema, typed by it; the id,
   * {@code updated_at} and {@code deleted} are read as the record's keys, not kept as fields. The
   * schema is read once per connection.
   */
  private RecordShape shape(SyncRequest request) {
    ObjectSchema s = schema;
    if (s == null) {
      s = discover().object(request.object()).orElseThrow();
      schema = s;
    }
    List<String> names = new ArrayList<>();
    for (FieldSchema f : s.fields()) {
      if (!KEYS.contains(f.name())
          && (request.fields().isEmpty() || request.fields().contains(f.name())))
        names.add(f.name());
    }
    return RecordShape.builder(request.object())
        .fields(s, names)
        .id("id")
        .modifiedAt("updated_at")
        .deleted("deleted")
        .build();
  }

  @Override
  public WriteResult write(WriteRequest request) {
    requireWrite(request, WriteRequest.Operation.UPDATE); // Acme updates contacts by id only
    return WriteBatcher.write(
        transport,
        request,
        100,
        (batch, first) -> {
          var records =
              batch.stream().map(item -> new LinkedHashMap<String, Object>(item.fields())).toList();
          for (int i = 0; i < batch.size(); i++) records.get(i).put("id", batch.get(i).key());
          WriteBatcher.Outcomes outcomes = WriteBatcher.outcomes(batch, first);
          send(
              request.activity(),
              "PATCH",
              "/api/v1/contacts/batch",
              Map.of("records", records),
              response -> {
                outcomes.clear(); // a retried call reads its results again
                return Json.readPage(
                    response.body().source(),
                    "results",
                    r -> {
                      if ("ok".equals(r.get("status")))
                        outcomes.succeeded((String) r.get("id"), false);
                      else
                        outcomes.failed(
                            (String) r.get("id"),
                            (String) r.get("code"),
                            (String) r.get("message"),
                            r.get("field") == null
                                ? List.of()
                                : List.of(r.get("field").toString()));
                    },
                    SYSTEM,
                    "PATCH /api/v1/contacts/batch");
              });
          return outcomes.list();
        });
  }
}
