package dev.revsync.testkit.example;

import com.squareup.moshi.JsonReader;
import com.squareup.moshi.JsonWriter;
import dev.revsync.simulators.AbstractSimulator;
import dev.revsync.simulators.DailyLimitCounter;
import dev.revsync.simulators.DataGenerator;
import dev.revsync.simulators.FaultPlan;
import dev.revsync.simulators.ObjectTable;
import dev.revsync.simulators.RecordFactory;
import dev.revsync.simulators.SimRecord;
import dev.revsync.simulators.SimulatorOptions;
import java.io.IOException;
import java.math.BigDecimal;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;
import mockwebserver3.MockResponse;
import mockwebserver3.RecordedRequest;
import okio.Buffer;

/**
 * A simulator of "Acme CRM", a small fictional JSON API, built the way a host team would build one
 * on revsync's simulator framework. Its API:
 *
 * <ul>
 *   <li>{@code POST /oauth/token} (form: {@code grant_type=client_credentials}, {@code client_id},
 *       {@code client_secret}) → {@code {"access_token","token_type":"Bearer","expires_in":3600}};
 *       wrong credentials → 401 {@code {"error":"invalid_client"}}.
 *   <li>Every other call needs {@code Authorization: Bearer <token>}; a missing, unknown or expired
 *       token → 401 {@code {"error":"invalid_token"}}. Each counts against a daily quota (reset
 *       00:00 UTC) reported in {@code X-Daily-Quota-Limit} / {@code X-Daily-Quota-Remaining}; once
 *       spent → 429 {@code {"error":"daily_quota_exceeded"}} without {@code Retry-After}. Burst
 *       limiting → 429 {@code {"error":"rate_limited"}} with {@code Retry-After}.
 *   <li>{@code GET /api/v1/me} → account, user, permissions.
 *   <li>{@code GET /api/v1/schema} → objects with fields and cursor.
 *   <li>{@code GET /api/v1/contacts?updated_since=&after_id=&limit=&include_deleted=} → records in
 *       (updated_at, id) order with {@code updated_at >= updated_since}, or, with {@code after_id},
 *       {@code updated_at > updated_since} or equal with a greater id; {@code limit} 1..100
 *       (default 50); {@code {"data":[...],"has_more":bool}}; tombstones {@code
 *       {"id","updated_at","deleted":true}} only with {@code include_deleted=true}.
 *   <li>{@code PATCH /api/v1/contacts/batch} {@code {"records":[{"id",...fields}]}}, at most 100 →
 *       {@code {"results":[{"id","status":"ok","updated_at"} |
 *       {"id","status":"error","code","message","field"}]}}.
 * </ul>
 */
final class AcmeSimulator extends AbstractSimulator {
  static final String SYSTEM = "acme-crm";
  static final String OBJECT = "contacts";
  static final String CLIENT_ID = "acme-contract-client";
  static final String CLIENT_SECRET = "acme-s3cret-for-tests";
  static final int MAX_LIMIT = 100;
  static final int MAX_BATCH = 100;
  static final long DAILY_QUOTA = 100_000;
  static final Duration TOKEN_LIFETIME = Duration.ofHours(1);

  /** Fields of a contact besides id, updated_at and deleted, in the order the API writes them. */
  static final List<String> FIELDS =
      List.of(
          "first_name",
          "last_name",
          "email",
          "company",
          "phone",
          "city",
          "score",
          "lifetime_value",
          "created_at");

  static final Set<String> UPDATABLE =
      Set.of(
          "first_name",
          "last_name",
          "email",
          "company",
          "phone",
          "city",
          "score",
          "lifetime_value");

  private final ObjectTable contacts;
  private final DailyLimitCounter quota;
  private final Map<String, Instant> tokens = new ConcurrentHashMap<>();
  private final AtomicLong tokenSerial = new AtomicLong();

  private AcmeSimulator(SimulatorOptions options) {
    super(SYSTEM, options.clock(), options.seed(), AcmeSimulator::renderFault);
    Instant first =
        options.clock().instant().minus(Duration.ofDays(30)).truncatedTo(ChronoUnit.SECONDS);
    // groups of 7 records share a timestamp, so ties straddle every 100-record page boundary
    this.contacts =
        store()
            .define(
                OBJECT,
                options.count(OBJECT, 1_000),
                new ContactFactory(),
                first,
                Duration.ofMinutes(1),
                7);
    this.quota = DailyLimitCounter.perUtcDay(options.clock(), DAILY_QUOTA);
    serve(this::handle);
  }

  static AcmeSimulator start(SimulatorOptions options) {
    return new AcmeSimulator(options);
  }

  DailyLimitCounter quota() {
    return quota;
  }

  @Override
  public Map<String, String> connectionSettings() {
    return Map.of("baseUrl", baseUrl(), "clientId", CLIENT_ID, "clientSecret", CLIENT_SECRET);
  }

  private static MockResponse renderFault(
      FaultPlan.Fault fault, int status, long retryAfterSeconds) {
    MockResponse.Builder b =
        new MockResponse.Builder().code(status).setHeader("Content-Type", "application/json");
    if (status == 429) {
      return b.setHeader("Retry-After", retryAfterSeconds)
          .body(
              "{\"error\":\"rate_limited\",\"message\":\"Too many requests; retry after "
                  + retryAfterSeconds
                  + "s\"}")
          .build();
    }
    return b.body("{\"error\":\"server_error\",\"message\":\"Something went wrong on our side\"}")
        .build();
  }

  private MockResponse handle(RecordedRequest request) throws IOException {
    String path = request.getUrl().encodedPath();
    String method = request.getMethod();
    if (path.equals("/oauth/token") && method.equals("POST")) return token(request);
    String token = bearer(request);
    Instant expiresAt = token == null ? null : tokens.get(token);
    if (expiresAt == null
        || !store().clock().instant().isBefore(expiresAt)
        || !faults().tokenCallAllowed(token)) {
      return error(401, "invalid_token", "The access token is missing, unknown or expired");
    }
    if (!quota.tryConsume()) {
      return withQuota(
          new MockResponse.Builder()
              .code(429)
              .setHeader("Content-Type", "application/json")
              .body(
                  "{\"error\":\"daily_quota_exceeded\",\"message\":\"The daily API quota of "
                      + quota.max()
                      + " calls is spent; it resets at 00:00 UTC\"}"));
    }
    if (path.equals("/api/v1/me") && method.equals("GET"))
      return withQuota(json(200, this::writeMe));
    if (path.equals("/api/v1/schema") && method.equals("GET"))
      return withQuota(json(200, AcmeSimulator::writeSchema));
    if (path.equals("/api/v1/contacts") && method.equals("GET")) return withQuota(list(request));
    if (path.equals("/api/v1/contacts/batch") && method.equals("PATCH"))
      return withQuota(batch(request));
    return withQuota(error(404, "not_found", "No route for " + method + " " + path).newBuilder());
  }

  private MockResponse token(RecordedRequest request) throws IOException {
    Map<String, String> form = parseForm(request.getBody() == null ? "" : request.getBody().utf8());
    if (!"client_credentials".equals(form.get("grant_type"))) {
      return error(400, "unsupported_grant_type", "Only client_credentials is supported");
    }
    if (!CLIENT_ID.equals(form.get("client_id"))
        || !CLIENT_SECRET.equals(form.get("client_secret"))) {
      return error(401, "invalid_client", "Client authentication failed");
    }
    String token =
        "acme-at-"
            + tokenSerial.incrementAndGet()
            + "-"
            + Long.toHexString(new Random().nextLong());
    tokens.put(token, store().clock().instant().plus(TOKEN_LIFETIME));
    return json(
        200,
        w -> {
          w.beginObject();
          w.name("access_token").value(token);
          w.name("token_type").value("Bearer");
          w.name("expires_in").value(TOKEN_LIFETIME.toSeconds());
          w.endObject();
        });
  }

  private MockResponse.Builder list(RecordedRequest request) throws IOException {
    String limitParam = request.getUrl().queryParameter("limit");
    String since = request.getUrl().queryParameter("updated_since");
    String afterId = request.getUrl().queryParameter("after_id");
    boolean includeDeleted = "true".equals(request.getUrl().queryParameter("include_deleted"));
    int limit;
    try {
      limit = limitParam == null ? 50 : Integer.parseInt(limitParam);
    } catch (NumberFormatException e) {
      limit = -1;
    }
    if (limit < 1 || limit > MAX_LIMIT) {
      return error(
              400,
              "invalid_request",
              "limit must be between 1 and " + MAX_LIMIT + ", got " + limitParam)
          .newBuilder();
    }
    if (afterId != null && since == null) {
      return error(400, "invalid_request", "after_id needs updated_since").newBuilder();
    }
    Instant sinceAt;
    try {
      sinceAt = since == null ? null : Instant.parse(since);
    } catch (DateTimeParseException e) {
      return error(
              400, "invalid_request", "updated_since must be an ISO-8601 instant, got " + since)
          .newBuilder();
    }
    // updated_since alone is inclusive (>=); with after_id the position is exclusive
    Iterator<SimRecord> it =
        sinceAt == null
            ? contacts.scan(null, null, includeDeleted)
            : afterId == null
                ? contacts.scan(sinceAt.minusNanos(1), null, includeDeleted)
                : contacts.scan(sinceAt, afterId, includeDeleted);
    List<SimRecord> page = new ArrayList<>(limit);
    while (page.size() < limit && it.hasNext()) page.add(it.next());
    boolean hasMore = it.hasNext();
    return json(
            200,
            w -> {
              w.beginObject();
              w.name("data").beginArray();
              for (SimRecord r : page) writeContact(w, r);
              w.endArray();
              w.name("has_more").value(hasMore);
              w.endObject();
            })
        .newBuilder();
  }

  private MockResponse.Builder batch(RecordedRequest request) throws IOException {
    List<Object> records;
    try (JsonReader reader = JsonReader.of(new Buffer().write(request.getBody()))) {
      Object body = readValue(reader);
      Object list = body instanceof Map ? ((Map<?, ?>) body).get("records") : null;
      if (!(list instanceof List))
        return error(400, "invalid_request", "Body must be {\"records\":[...]}").newBuilder();
      @SuppressWarnings("unchecked")
      List<Object> cast = (List<Object>) list;
      records = cast;
    } catch (IOException | RuntimeException e) {
      return error(400, "invalid_json", "The body is not valid JSON").newBuilder();
    }
    if (records.size() > MAX_BATCH) {
      return error(
              400,
              "batch_too_large",
              "At most " + MAX_BATCH + " records per batch, got " + records.size())
          .newBuilder();
    }
    List<Map<String, Object>> results = new ArrayList<>();
    for (Object item : records) results.add(applyOne(item));
    return json(
            200,
            w -> {
              w.beginObject();
              w.name("results").beginArray();
              for (Map<String, Object> r : results) {
                w.beginObject();
                for (Map.Entry<String, Object> e : r.entrySet()) {
                  w.name(e.getKey());
                  if (e.getValue() == null) w.nullValue();
                  else w.value(e.getValue().toString());
                }
                w.endObject();
              }
              w.endArray();
              w.endObject();
            })
        .newBuilder();
  }

  private Map<String, Object> applyOne(Object item) {
    Map<String, Object> result = new LinkedHashMap<>();
    if (!(item instanceof Map))
      return failure(result, null, "INVALID_RECORD", "Each record must be an object", null);
    Map<?, ?> fields = (Map<?, ?>) item;
    Object id = fields.get("id");
    if (!(id instanceof String))
      return failure(result, null, "MISSING_ID", "Each record needs its id", "id");
    Map<String, Object> changes = new HashMap<>();
    for (Map.Entry<?, ?> e : fields.entrySet()) {
      String name = String.valueOf(e.getKey());
      Object value = e.getValue();
      if (name.equals("id")) continue;
      if (!FIELDS.contains(name))
        return failure(result, (String) id, "UNKNOWN_FIELD", "No field " + name, name);
      if (!UPDATABLE.contains(name))
        return failure(result, (String) id, "READ_ONLY_FIELD", name + " is read-only", name);
      if (name.equals("score") && value != null && !(value instanceof Long)) {
        return failure(result, (String) id, "INVALID_VALUE", "score must be a whole number", name);
      }
      if (name.equals("lifetime_value") && value instanceof Long)
        value = BigDecimal.valueOf((Long) value);
      changes.put(name, value);
    }
    SimRecord updated = contacts.update((String) id, changes);
    if (updated == null)
      return failure(result, (String) id, "NOT_FOUND", "No contact with id " + id, null);
    result.put("id", id);
    result.put("status", "ok");
    result.put("updated_at", updated.modifiedAt().toString());
    return result;
  }

  private static Map<String, Object> failure(
      Map<String, Object> result, String id, String code, String message, String field) {
    result.put("id", id);
    result.put("status", "error");
    result.put("code", code);
    result.put("message", message);
    if (field != null) result.put("field", field);
    return result;
  }

  private void writeMe(JsonWriter w) throws IOException {
    w.beginObject();
    w.name("account").value("acme-demo");
    w.name("user").value("integration@acme.example");
    w.name("permissions").beginArray().value("contacts:read").value("contacts:write").endArray();
    w.endObject();
  }

  private static void writeSchema(JsonWriter w) throws IOException {
    w.beginObject();
    w.name("objects").beginArray();
    w.beginObject();
    w.name("name").value(OBJECT);
    w.name("label").value("Contacts");
    w.name("cursor").value("updated_at");
    w.name("fields").beginArray();
    field(w, "id", "id", false);
    for (String f : FIELDS) {
      String type =
          switch (f) {
            case "score" -> "integer";
            case "lifetime_value" -> "decimal";
            case "created_at" -> "datetime";
            default -> "string";
          };
      field(w, f, type, UPDATABLE.contains(f));
    }
    field(w, "updated_at", "datetime", false);
    field(w, "deleted", "boolean", false);
    w.endArray();
    w.endObject();
    w.endArray();
    w.endObject();
  }

  private static void field(JsonWriter w, String name, String type, boolean updatable)
      throws IOException {
    w.beginObject()
        .name("name")
        .value(name)
        .name("type")
        .value(type)
        .name("updatable")
        .value(updatable)
        .endObject();
  }

  private static void writeContact(JsonWriter w, SimRecord r) throws IOException {
    w.beginObject();
    w.name("id").value(r.id());
    if (r.deleted()) {
      w.name("updated_at").value(r.modifiedAt().toString());
      w.name("deleted").value(true);
      w.endObject();
      return;
    }
    for (String f : FIELDS) {
      Object v = f.equals("created_at") ? r.createdAt() : r.get(f);
      w.name(f);
      if (v == null) w.nullValue();
      else if (v instanceof Number) w.value((Number) v);
      else w.value(v.toString());
    }
    w.name("updated_at").value(r.modifiedAt().toString());
    w.name("deleted").value(false);
    w.endObject();
  }

  private MockResponse withQuota(MockResponse.Builder b) {
    return b.setHeader("X-Daily-Quota-Limit", quota.max())
        .setHeader("X-Daily-Quota-Remaining", quota.remaining())
        .build();
  }

  private MockResponse withQuota(MockResponse response) {
    return withQuota(response.newBuilder());
  }

  private static MockResponse error(int status, String error, String message) throws IOException {
    return json(
        status,
        w -> {
          w.beginObject();
          w.name("error").value(error);
          w.name("message").value(message);
          w.endObject();
        });
  }

  @FunctionalInterface
  private interface BodyWriter {
    void write(JsonWriter writer) throws IOException;
  }

  private static MockResponse json(int status, BodyWriter body) throws IOException {
    Buffer buffer = new Buffer();
    try (JsonWriter w = JsonWriter.of(buffer)) {
      w.setSerializeNulls(true); // Acme writes every field, null or not
      body.write(w);
    }
    return new MockResponse.Builder()
        .code(status)
        .setHeader("Content-Type", "application/json")
        .body(buffer)
        .build();
  }

  private static String bearer(RecordedRequest request) {
    String auth = request.getHeaders().get("Authorization");
    return auth != null && auth.startsWith("Bearer ") ? auth.substring(7) : null;
  }

  private static Map<String, String> parseForm(String body) {
    Map<String, String> form = new HashMap<>();
    for (String pair : body.split("&")) {
      int eq = pair.indexOf('=');
      if (eq > 0) {
        form.put(
            URLDecoder.decode(pair.substring(0, eq), StandardCharsets.UTF_8),
            URLDecoder.decode(pair.substring(eq + 1), StandardCharsets.UTF_8));
      }
    }
    return form;
  }

  /**
   * Plain values with exact numbers: Long for whole literals, BigDecimal otherwise (never double).
   */
  private static Object readValue(JsonReader reader) throws IOException {
    switch (reader.peek()) {
      case BEGIN_OBJECT:
        {
          Map<String, Object> map = new LinkedHashMap<>();
          reader.beginObject();
          while (reader.hasNext()) map.put(reader.nextName(), readValue(reader));
          reader.endObject();
          return map;
        }
      case BEGIN_ARRAY:
        {
          List<Object> list = new ArrayList<>();
          reader.beginArray();
          while (reader.hasNext()) list.add(readValue(reader));
          reader.endArray();
          return list;
        }
      case NUMBER:
        {
          String literal = reader.nextString();
          BigDecimal exact = new BigDecimal(literal);
          try {
            return exact.longValueExact();
          } catch (ArithmeticException e) {
            return exact;
          }
        }
      case BOOLEAN:
        return reader.nextBoolean();
      case NULL:
        return reader.nextNull();
      default:
        return reader.nextString();
    }
  }

  /** Contacts {@code ct_00000000}, {@code ct_00000001}, … with realistic values. */
  static final class ContactFactory implements RecordFactory {
    @Override
    public String id(long index) {
      String digits = Long.toString(index);
      return "ct_" + "00000000".substring(Math.min(8, digits.length())) + digits;
    }

    @Override
    public Map<String, Object> fields(long index, String id, Random r) {
      String first = DataGenerator.firstName(r);
      String last = DataGenerator.lastName(r);
      String company = DataGenerator.company(r);
      Map<String, Object> f = new LinkedHashMap<>();
      f.put("first_name", first);
      f.put("last_name", last);
      f.put("email", DataGenerator.email(r, first, last, company));
      f.put("company", DataGenerator.sometimesNull(r, 0.1, company));
      f.put("phone", DataGenerator.sometimesNull(r, 0.2, DataGenerator.phone(r)));
      f.put("city", DataGenerator.city(r));
      f.put("score", DataGenerator.integer(r, 0, 100));
      f.put("lifetime_value", DataGenerator.decimal(r, 0, 50_000, 2));
      return f;
    }
  }
}
