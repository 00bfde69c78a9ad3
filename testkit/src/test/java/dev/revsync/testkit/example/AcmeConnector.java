package dev.revsync.testkit.example;

import dev.revsync.Activity;
import dev.revsync.ApiStyle;
import dev.revsync.Catalog;
import dev.revsync.Checkpoint;
import dev.revsync.ConfigurationException;
import dev.revsync.ConnectionConfig;
import dev.revsync.Connector;
import dev.revsync.ConnectorDescriptor;
import dev.revsync.FieldSchema;
import dev.revsync.FieldType;
import dev.revsync.ObjectSchema;
import dev.revsync.ProtocolException;
import dev.revsync.Record;
import dev.revsync.RecordSink;
import dev.revsync.SyncRequest;
import dev.revsync.SyncResult;
import dev.revsync.Usage;
import dev.revsync.VerifyResult;
import dev.revsync.WriteItem;
import dev.revsync.WriteOutcome;
import dev.revsync.WriteRequest;
import dev.revsync.WriteResult;
import dev.revsync.spi.CallContext;
import dev.revsync.spi.Classification;
import dev.revsync.spi.Json;
import dev.revsync.spi.ResponseClassifier;
import dev.revsync.spi.SyncRun;
import dev.revsync.spi.TokenProviders;
import dev.revsync.spi.Transport;
import dev.revsync.spi.WriteBatcher;
import java.io.IOException;
import java.math.BigDecimal;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.OptionalLong;
import okhttp3.HttpUrl;
import okhttp3.MediaType;
import okhttp3.Request;
import okhttp3.RequestBody;
import okhttp3.Response;

/**
 * One connection to an Acme CRM account: OAuth client credentials, cursor paging over
 * {@code (updated_at, id)}, batched PATCH writes. Every call goes through revsync's
 * {@link Transport}, so quota, rate limits, token refresh and retries come for free.
 * Thread-safe.
 */
final class AcmeConnector implements Connector {
  private static final String SYSTEM = "acme-crm";
  private static final String CONTACTS = "contacts";
  private static final int PAGE_SIZE = 100;
  private static final int BATCH_SIZE = 100;
  private static final MediaType JSON = MediaType.get("application/json");

  private final ConnectionConfig config;
  private final HttpUrl baseUrl;
  private final Transport transport;

  AcmeConnector(ConnectionConfig config) {
    this.config = config;
    String base = config.baseUrl().orElse(AcmeConnectorProvider.DESCRIPTOR.defaultBaseUrl());
    this.baseUrl = HttpUrl.parse(base);
    if (baseUrl == null) {
      throw new ConfigurationException(SYSTEM, "open", "the base URL '" + base + "' is not an http(s) URL",
          "Fix the connection's base URL", null);
    }
    this.transport = Transport.builder(AcmeConnectorProvider.DESCRIPTOR, config)
        .tokenProvider(TokenProviders.oauth2ClientCredentials(baseUrl.resolve("/oauth/token").toString(),
            config.value("clientId").orElseThrow(), config.secret("clientSecret").orElseThrow(), null))
        .classifier(AcmeConnector::classify)
        .build();
  }

  /** Acme's daily quota answers 429 without Retry-After; only that 429 stops the day, others are retried. */
  static Classification classify(Response response, CallContext call) throws IOException {
    String remaining = response.header("X-Daily-Quota-Remaining");
    if (remaining != null) {
      try {
        call.reportSystemRemaining(Long.parseLong(remaining.strip()));
      } catch (NumberFormatException ignored) {
        // an unreadable header must not fail a good response
      }
    }
    if (response.code() == 429) {
      Object error = errorCode(response, call);
      if ("daily_quota_exceeded".equals(error)) {
        return Classification.quotaExhausted("Acme CRM's daily API quota is spent", null);
      }
    }
    return ResponseClassifier.standard().classify(response, call);
  }

  private static Object errorCode(Response response, CallContext call) throws IOException {
    try {
      return Json.parseObject(response.peekBody(4096).string(), SYSTEM, call.call()).get("error");
    } catch (ProtocolException notJson) {
      return null;
    }
  }

  @Override
  public ConnectorDescriptor descriptor() {
    return AcmeConnectorProvider.DESCRIPTOR;
  }

  @Override
  public VerifyResult verify() {
    long before = transport.callsMade();
    Request request = new Request.Builder().url(baseUrl.resolve("/api/v1/me")).build();
    return transport.execute(Activity.LOGIN, ApiStyle.REST, request, response -> {
      Map<String, Object> me = Json.readObject(response.body().source(), SYSTEM, "GET /api/v1/me");
      List<String> permissions = new ArrayList<>();
      if (me.get("permissions") instanceof List<?> list) list.forEach(p -> permissions.add(String.valueOf(p)));
      return VerifyResult.builder(SYSTEM).organizationId((String) me.get("account")).user((String) me.get("user"))
          .baseUrl(baseUrl.toString()).permissions(permissions).systemDailyLimit(header(response, "X-Daily-Quota-Limit"))
          .systemRemaining(header(response, "X-Daily-Quota-Remaining")).callsSpent(transport.callsMade() - before).build();
    });
  }

  private static OptionalLong header(Response response, String name) {
    String value = response.header(name);
    try {
      return value == null ? OptionalLong.empty() : OptionalLong.of(Long.parseLong(value.strip()));
    } catch (NumberFormatException e) {
      return OptionalLong.empty();
    }
  }

  @Override
  public Catalog discover() {
    Request request = new Request.Builder().url(baseUrl.resolve("/api/v1/schema")).build();
    List<ObjectSchema> objects = new ArrayList<>();
    transport.execute(Activity.SYNC, ApiStyle.REST, request, response ->
        Json.readPage(response.body().source(), "objects", o -> objects.add(toSchema(o)), SYSTEM, "GET /api/v1/schema"));
    return Catalog.of(SYSTEM, objects);
  }

  private static ObjectSchema toSchema(Map<String, Object> object) {
    List<FieldSchema> fields = new ArrayList<>();
    if (object.get("fields") instanceof List<?> list) {
      for (Object f : list) {
        Map<?, ?> field = (Map<?, ?>) f;
        String name = (String) field.get("name");
        String vendorType = (String) field.get("type");
        boolean updatable = Boolean.TRUE.equals(field.get("updatable"));
        fields.add(FieldSchema.builder(name, type(vendorType)).vendorType(vendorType).createable(updatable)
            .updateable(updatable).build());
      }
    }
    return ObjectSchema.builder((String) object.get("name")).label((String) object.get("label")).fields(fields)
        .cursorField((String) object.get("cursor")).deletes("include_deleted=true returns tombstones").build();
  }

  private static FieldType type(String vendorType) {
    return switch (vendorType == null ? "" : vendorType) {
      case "id" -> FieldType.ID;
      case "integer" -> FieldType.INTEGER;
      case "decimal" -> FieldType.DECIMAL;
      case "datetime" -> FieldType.DATETIME;
      case "boolean" -> FieldType.BOOLEAN;
      case "string" -> FieldType.STRING;
      default -> FieldType.OTHER;
    };
  }

  @Override
  public SyncResult sync(SyncRequest request, RecordSink sink) {
    requireContacts(request.object(), "sync");
    return SyncRun.run(transport, config.clock(), request, sink, run -> {
      // the cursor is the last record handed over: (updated_at, id), so equal timestamps page safely
      String since = run.checkpoint().get(Checkpoint.CURSOR);
      String afterId = run.checkpoint().get(Checkpoint.CURSOR_ID);
      boolean more = true;
      while (more) {
        run.checkContinue();
        HttpUrl.Builder url = baseUrl.newBuilder().encodedPath("/api/v1/contacts")
            .addQueryParameter("limit", String.valueOf(PAGE_SIZE))
            .addQueryParameter("include_deleted", String.valueOf(request.includeDeletes()));
        if (since != null) url.addQueryParameter("updated_since", since);
        if (afterId != null) url.addQueryParameter("after_id", afterId);
        Record[] last = new Record[1];
        Json.Page page = transport.execute(Activity.SYNC, ApiStyle.REST, new Request.Builder().url(url.build()).build(),
            response -> Json.readPage(response.body().source(), "data", json -> {
              Record record = toRecord(json);
              run.emit(record);
              last[0] = record;
            }, SYSTEM, "GET /api/v1/contacts"));
        if (last[0] != null) {
          since = last[0].modifiedAt().toString();
          afterId = last[0].id();
          run.checkpoint(run.checkpoint().with(Checkpoint.CURSOR, since).with(Checkpoint.CURSOR_ID, afterId));
        }
        more = page.records() > 0 && page.bool("has_more", false);
      }
    });
  }

  private static Record toRecord(Map<String, Object> json) {
    String id = (String) json.get("id");
    Instant updatedAt = instant(json.get("updated_at"), "updated_at");
    if (Boolean.TRUE.equals(json.get("deleted"))) return Record.deleted(CONTACTS, id, updatedAt, Map.of());
    Map<String, Object> fields = new LinkedHashMap<>();
    for (Map.Entry<String, Object> e : json.entrySet()) {
      String name = e.getKey();
      Object value = e.getValue();
      switch (name) {
        case "id", "updated_at", "deleted" -> {
          continue;
        }
        case "created_at" -> value = instant(value, name);
        case "lifetime_value" -> value = value == null ? null : new BigDecimal(value.toString());
        default -> {
          // strings and the integer score arrive typed from the JSON reader
        }
      }
      fields.put(name, value);
    }
    return Record.of(CONTACTS, id, updatedAt, fields);
  }

  private static Instant instant(Object value, String field) {
    try {
      return value == null ? null : Instant.parse(value.toString());
    } catch (DateTimeParseException e) {
      throw new ProtocolException(SYSTEM, "GET /api/v1/contacts", field + " is not an ISO-8601 instant: " + value,
          "Report this to Acme CRM support", e);
    }
  }

  @Override
  public WriteResult write(WriteRequest request) {
    requireContacts(request.object(), "write");
    if (request.operation() != WriteRequest.Operation.UPDATE) {
      throw new ConfigurationException(SYSTEM, "write " + request.object(), "Acme CRM updates contacts by id only",
          "Use WriteRequest.builder(...).update()", null);
    }
    return WriteBatcher.write(transport, request, BATCH_SIZE, (batch, firstIndex) -> {
      List<Map<String, Object>> records = new ArrayList<>();
      for (WriteItem item : batch) {
        Map<String, Object> record = new LinkedHashMap<>();
        record.put("id", item.key());
        record.putAll(item.fields());
        records.add(record);
      }
      Request patch = new Request.Builder().url(baseUrl.resolve("/api/v1/contacts/batch"))
          .patch(RequestBody.create(Json.toJson(Map.of("records", records)), JSON)).build();
      List<WriteOutcome> outcomes = new ArrayList<>();
      transport.execute(request.activity(), ApiStyle.REST, patch, response -> {
        outcomes.clear(); // a retried call reads its results again
        return Json.readPage(response.body().source(), "results", result -> {
          int index = firstIndex + outcomes.size();
          String key = index - firstIndex < batch.size() ? batch.get(index - firstIndex).key() : null;
          String id = (String) result.get("id");
          if ("ok".equals(result.get("status"))) {
            outcomes.add(WriteOutcome.succeeded(index, key, id, false));
          } else {
            Object field = result.get("field");
            outcomes.add(WriteOutcome.failed(index, key, id, (String) result.get("code"), (String) result.get("message"),
                field == null ? List.of() : List.of(field.toString())));
          }
        }, SYSTEM, "PATCH /api/v1/contacts/batch");
      });
      return outcomes;
    });
  }

  private static void requireContacts(String object, String call) {
    if (!CONTACTS.equals(object)) {
      throw new ConfigurationException(SYSTEM, call + " " + object, "Acme CRM has no object '" + object + "'",
          "Use one of " + AcmeConnectorProvider.DESCRIPTOR.objects(), null);
    }
  }

  @Override
  public Usage usage() {
    return transport.usage();
  }

  @Override
  public void close() {
    transport.close();
  }

  @Override
  public String toString() {
    return "AcmeConnector{" + config.connectionId() + " " + baseUrl + "}";
  }
}
