package dev.revsync.simulators.dynamics;

import dev.revsync.simulators.DailyLimitCounter;
import dev.revsync.simulators.FaultPlan;
import dev.revsync.simulators.RecordStore;
import dev.revsync.simulators.SimHandler;
import dev.revsync.simulators.SimRecord;
import dev.revsync.simulators.SimulatorServer;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.locks.LockSupport;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import mockwebserver3.MockResponse;
import mockwebserver3.RecordedRequest;
import okhttp3.Headers;
import okhttp3.HttpUrl;
import okio.Buffer;

/**
 * Routes one request: the Entra token endpoint, then the Web API under {@code /api/data/v9.x/}
 * behind bearer-token checks (401 with the {@code WWW-Authenticate} tenant hint), application-user
 * and role checks (403), and service protection (429); every Web API answer carries the rate-limit
 * and correlation headers. Thread-safe.
 */
final class DynamicsHandler implements SimHandler {
  private static final Pattern API = Pattern.compile("/api/data/(v9\\.[0-2])(/.*)?");

  /** Injected faults rendered as the Web API answers them. */
  static final SimulatorServer.FaultRenderer FAULTS =
      (fault, status, retryAfterSeconds) -> {
        MockResponse.Builder b;
        if (status == 429) {
          b =
              WebErrors.response(
                      429,
                      WebErrors.REQUESTS_LIMIT,
                      "Number of requests exceeded the limit of 6000 over time "
                          + "window of 300 seconds.")
                  .setHeader("Retry-After", Long.toString(retryAfterSeconds));
        } else {
          b =
              WebErrors.response(
                  status,
                  "0x80040216",
                  status == 503
                      ? "The service is temporarily unavailable."
                      : "An unexpected error occurred.");
          if (status == 503) b.setHeader("Retry-After", Long.toString(retryAfterSeconds));
        }
        return b.build();
      };

  private final DynamicsSimulator.Settings settings;
  private final DynamicsSchema schema;
  private final RecordStore store;
  private final FaultPlan faults;
  private final EntraEndpoint entra;
  private final ServiceProtection protection;
  private final DailyLimitCounter entitlement;
  private final OrgActivity activity;
  private final java.util.function.Supplier<String> origin;
  private final RecordJson json;
  private final QueryApi query;
  private final RecordWriter writer;
  private final MetadataApi metadata;

  DynamicsHandler(
      DynamicsSimulator.Settings settings,
      DynamicsSchema schema,
      RecordStore store,
      FaultPlan faults,
      EntraEndpoint entra,
      ServiceProtection protection,
      DeltaTokens tokens,
      DailyLimitCounter entitlement,
      OrgActivity activity,
      java.util.function.Supplier<String> origin) {
    this.settings = settings;
    this.schema = schema;
    this.store = store;
    this.faults = faults;
    this.entra = entra;
    this.protection = protection;
    this.entitlement = entitlement;
    this.activity = activity;
    this.origin = origin;
    this.json = new RecordJson(store, schema);
    this.query = new QueryApi(store, json, tokens, settings);
    this.writer = new RecordWriter(store, schema, json);
    this.metadata = new MetadataApi(schema);
  }

  @Override
  public MockResponse handle(RecordedRequest request) {
    HttpUrl url = request.getUrl();
    String path = url.encodedPath();
    if (EntraEndpoint.handles(path)) return entra.handle(request);
    Matcher m = API.matcher(path);
    if (!m.matches()) {
      return WebErrors.response(
              404, "0x80060888", "Resource not found for the segment '" + path + "'.")
          .build();
    }
    String version = m.group(1);
    String relative = m.group(2) == null || m.group(2).length() <= 1 ? "" : m.group(2).substring(1);
    String baseUrl = origin.get();
    String serviceRoot = baseUrl + "/api/data/" + version + "/";
    String requestId = UUID.randomUUID().toString();

    String token = bearer(request.getHeaders().get("Authorization"));
    EntraEndpoint.Session session = entra.session(token);
    if (session == null || !faults.tokenCallAllowed(token)) return unauthorized(requestId);
    boolean whoAmI = relative.equals("WhoAmI") || relative.equals("WhoAmI()");
    if (!settings.applicationUser()) {
      return forbidden("0x80072560", "The user is not a member of the organization.", requestId);
    }
    if (!settings.securityRole() && !whoAmI) {
      return forbidden(
          "0x80042f09",
          "Principal user (Id="
              + settings.userId()
              + ", type=8, roleCount=0, "
              + "privilegeCount=0, accessMode=4), is missing prvReadOrganization privilege. Assign the application user "
              + "a security role.",
          requestId);
    }

    activity.catchUp();
    List<BatchApi.Part> batch = null;
    if (relative.equals("$batch") && "POST".equals(request.getMethod())) {
      try {
        batch = BatchApi.parse(request.getHeaders().get("Content-Type"), body(request));
      } catch (WebErrors.WebError e) {
        return finish(e.response(), requestId, null);
      }
    }
    ServiceProtection.Slot slot;
    try {
      long ops = batch == null ? 0 : BatchApi.operationCount(batch);
      slot = protection.enter(session.clientId(), ops);
    } catch (ServiceProtection.Throttled t) {
      return withIds(t.response().newBuilder(), requestId).build();
    }
    try {
      if (!settings.latency().isZero()) LockSupport.parkNanos(settings.latency().toNanos());
      MockResponse.Builder response;
      try {
        response = route(request, url, relative, serviceRoot, batch).newBuilder();
      } catch (WebErrors.WebError e) {
        response = e.response();
      }
      return finish(response, requestId, slot);
    } finally {
      slot.close();
    }
  }

  private MockResponse route(
      RecordedRequest request,
      HttpUrl url,
      String relative,
      String serviceRoot,
      List<BatchApi.Part> batch) {
    String method = request.getMethod();
    Prefer prefer = Prefer.of(request.getHeaders());
    if (relative.isEmpty()) return serviceDocument(serviceRoot);
    if (relative.equals("$metadata")) {
      return new MockResponse.Builder()
          .code(200)
          .setHeader("Content-Type", "application/xml")
          .setHeader("OData-Version", "4.0")
          .body(Edmx.of(schema))
          .build();
    }
    if (relative.equals("WhoAmI") || relative.equals("WhoAmI()")) {
      requireGet(method);
      return ok(
          "{\"@odata.context\":\""
              + serviceRoot
              + "$metadata#Microsoft.Dynamics.CRM.WhoAmIResponse\","
              + "\"BusinessUnitId\":\""
              + settings.businessUnitId()
              + "\",\"UserId\":\""
              + settings.userId()
              + "\",\"OrganizationId\":\""
              + settings.organizationId()
              + "\"}");
    }
    if (relative.equals("RetrieveVersion") || relative.equals("RetrieveVersion()")) {
      requireGet(method);
      return ok(
          "{\"@odata.context\":\""
              + serviceRoot
              + "$metadata#Microsoft.Dynamics.CRM.RetrieveVersionResponse\","
              + "\"Version\":\""
              + settings.version()
              + "\"}");
    }
    if (relative.startsWith("EntityDefinitions")) {
      requireGet(method);
      return metadata.handle(
          decode(relative.substring("EntityDefinitions".length())), url, serviceRoot);
    }
    if (relative.startsWith("organizations(")) {
      requireGet(method);
      return ok(
          "{\"@odata.context\":\""
              + serviceRoot
              + "$metadata#organizations(name,organizationid)/$entity\","
              + "\"@odata.etag\":\"W/\\\"1\\\"\",\"name\":\"Contoso (simulated)\",\"organizationid\":\""
              + settings.organizationId()
              + "\"}");
    }
    if (batch != null) {
      for (int i = 0; i < BatchApi.operationCount(batch); i++) entitlement.tryConsume();
      BatchApi api =
          new BatchApi(
              writer, "/api/data/" + serviceRoot.substring(serviceRoot.indexOf("/api/data/") + 10));
      return api.execute(batch, prefer, serviceRoot, op -> readInBatch(op, serviceRoot));
    }
    ODataPath target = ODataPath.parse(relative);
    EntityType type = schema.bySetName(target.set());
    if (type == null) throw WebErrors.unknownSegment(target.set());
    entitlement.tryConsume();
    if (method.equals("GET")) {
      if ("$count".equals(target.tail()))
        return query.count(type, url.queryParameter("$deltatoken"));
      if (target.id() == null && target.keys().isEmpty()) {
        if (target.tail() != null) throw WebErrors.unknownSegment(target.tail());
        return query.list(type, url, prefer, serviceRoot);
      }
      SimRecord r = writer.find(type, store.table(type.logicalName()), target);
      if (r == null)
        throw WebErrors.rowNotFound(
            type, target.id() != null ? target.id() : target.keys().toString());
      if (target.tail() != null) {
        // one column: GET accounts(<id>)/name answers {"value": …}
        Attribute a = type.byProperty(target.tail());
        if (a == null) throw WebErrors.unknownSegment(target.tail());
        StringBuilder v = new StringBuilder();
        RecordJson.writeValue(v, a, RecordJson.value(type, r, target.tail()));
        return ok(
            "{\"@odata.context\":\""
                + serviceRoot
                + "$metadata#"
                + type.entitySetName()
                + "("
                + r.id()
                + ")/"
                + target.tail()
                + "\",\"value\":"
                + v
                + "}");
      }
      ODataQuery q = ODataQuery.parse(url, type);
      StringBuilder b = new StringBuilder();
      json.write(b, type, r, RecordJson.columns(type, q.select()), prefer);
      return ok(
          "{\"@odata.context\":\""
              + serviceRoot
              + "$metadata#"
              + type.entitySetName()
              + (q.select().isEmpty() ? "" : "(" + String.join(",", q.select()) + ")")
              + "/$entity\","
              + b.substring(1));
    }
    String select = url.queryParameter("$select");
    RecordWriter.Result result =
        writer
            .prepare(
                method,
                target,
                body(request),
                request.getHeaders().get("If-Match"),
                request.getHeaders().get("If-None-Match"),
                prefer,
                select == null || select.isBlank() ? List.of() : List.of(select.split(",")),
                serviceRoot)
            .apply();
    MockResponse.Builder b =
        new MockResponse.Builder().code(result.status()).setHeader("OData-Version", "4.0");
    for (Map.Entry<String, String> h : result.headers().entrySet())
      b.setHeader(h.getKey(), h.getValue());
    if (result.body() != null) {
      b.setHeader("Content-Type", "application/json; odata.metadata=minimal").body(result.body());
      if (prefer.returnRepresentation()) b.setHeader("Preference-Applied", "return=representation");
    }
    return b.build();
  }

  private RecordWriter.Result readInBatch(BatchApi.Operation op, String serviceRoot) {
    HttpUrl url =
        HttpUrl.parse(
            op.url().contains("://")
                ? op.url()
                : origin.get()
                    + (op.url().startsWith("/")
                        ? op.url()
                        : "/api/data/" + DynamicsSimulator.API_VERSION + "/" + op.url()));
    if (url == null) {
      return new RecordWriter.Result(
          400, Map.of(), WebErrors.body(WebErrors.UNKNOWN_PROPERTY, "Bad URL " + op.url()));
    }
    Matcher m = API.matcher(url.encodedPath());
    String relative = !m.matches() || m.group(2) == null ? "" : m.group(2).substring(1);
    try {
      Headers.Builder hb = new Headers.Builder();
      op.headers().forEach(hb::add);
      Prefer prefer = Prefer.of(hb.build());
      ODataPath target = ODataPath.parse(relative);
      EntityType type = schema.bySetName(target.set());
      if (type == null) throw WebErrors.unknownSegment(target.set());
      MockResponse r = query.list(type, url, prefer, serviceRoot);
      Buffer buffer = new Buffer();
      r.getBody().writeTo(buffer);
      String text = buffer.readUtf8();
      // the chunked framing of a top-level answer is not part of an embedded one
      return new RecordWriter.Result(200, Map.of(), dechunk(text));
    } catch (WebErrors.WebError e) {
      return new RecordWriter.Result(e.status, Map.of(), WebErrors.body(e.code, e.getMessage()));
    } catch (java.io.IOException e) {
      return new RecordWriter.Result(500, Map.of(), WebErrors.body("0x80040216", e.toString()));
    }
  }

  /** Removes HTTP/1.1 chunk framing from a body rendered for a top-level answer. */
  private static String dechunk(String framed) {
    StringBuilder out = new StringBuilder(framed.length());
    int pos = 0;
    while (pos < framed.length()) {
      int eol = framed.indexOf("\r\n", pos);
      if (eol < 0) break;
      int size = Integer.parseInt(framed.substring(pos, eol).trim(), 16);
      if (size == 0) break;
      out.append(framed, eol + 2, eol + 2 + size);
      pos = eol + 2 + size + 2;
    }
    return out.toString();
  }

  private MockResponse serviceDocument(String serviceRoot) {
    StringBuilder b =
        new StringBuilder("{\"@odata.context\":\"" + serviceRoot + "$metadata\",\"value\":[");
    boolean first = true;
    for (EntityType t : schema.types()) {
      if (!first) b.append(',');
      first = false;
      b.append("{\"name\":\"")
          .append(t.entitySetName())
          .append("\",\"kind\":\"EntitySet\",\"url\":\"")
          .append(t.entitySetName())
          .append("\"}");
    }
    return ok(b.append("]}").toString());
  }

  private static void requireGet(String method) {
    if (!method.equals("GET")) {
      throw new WebErrors.WebError(
          405, "0x8006088a", "The HTTP method '" + method + "' is not allowed here.");
    }
  }

  private static MockResponse ok(String body) {
    return new MockResponse.Builder()
        .code(200)
        .setHeader("Content-Type", "application/json; odata.metadata=minimal")
        .setHeader("OData-Version", "4.0")
        .body(body)
        .build();
  }

  private MockResponse finish(
      MockResponse.Builder b, String requestId, ServiceProtection.Slot slot) {
    if (slot != null) slot.headers(b);
    return withIds(b, requestId).build();
  }

  private static MockResponse.Builder withIds(MockResponse.Builder b, String requestId) {
    return b.setHeader("x-ms-service-request-id", requestId).setHeader("REQ_ID", requestId);
  }

  private MockResponse unauthorized(String requestId) {
    String baseUrl = origin.get();
    return withIds(
            new MockResponse.Builder()
                .code(401)
                .setHeader(
                    "WWW-Authenticate",
                    "Bearer authorization_uri="
                        + baseUrl
                        + "/"
                        + settings.tenantId()
                        + "/oauth2/authorize, resource_id="
                        + baseUrl
                        + "/")
                .setHeader("Content-Length", "0"),
            requestId)
        .build();
  }

  private static MockResponse forbidden(String code, String message, String requestId) {
    return withIds(WebErrors.response(403, code, message), requestId).build();
  }

  private static String bearer(String authorization) {
    if (authorization == null || !authorization.regionMatches(true, 0, "Bearer ", 0, 7))
      return null;
    return authorization.substring(7).trim();
  }

  private static String body(RecordedRequest request) {
    return request.getBody() == null ? "" : request.getBody().utf8();
  }

  private static String decode(String s) {
    return java.net.URLDecoder.decode(
        s.replace("+", "%2B"), java.nio.charset.StandardCharsets.UTF_8);
  }
}
