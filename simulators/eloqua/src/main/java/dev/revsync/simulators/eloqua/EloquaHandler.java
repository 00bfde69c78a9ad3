package dev.revsync.simulators.eloqua;

import com.squareup.moshi.JsonReader;
import com.squareup.moshi.JsonWriter;
import de.siegmar.fastcsv.reader.CsvReader;
import de.siegmar.fastcsv.reader.CsvRecord;
import dev.revsync.simulators.FaultPlan;
import dev.revsync.simulators.SimHandler;
import dev.revsync.simulators.SimRecord;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.function.Function;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import mockwebserver3.MockResponse;
import mockwebserver3.RecordedRequest;
import okhttp3.Headers;
import okhttp3.HttpUrl;
import okio.Buffer;
import okio.ByteString;

/**
 * Eloqua's HTTP surface: routes a request to {@code /id}, the token endpoint or the Bulk API 2.0 at
 * {@code /pod/<pod>/api/bulk/2.0/...} (fixed path parts matched case-insensitively, as Oracle's
 * docs spell them both ways), authenticates it, throttles it, and renders Eloqua's bodies.
 * Thread-safe.
 */
final class EloquaHandler implements SimHandler {
  private static final int MAX_LIST_LIMIT = 1000;
  private static final int MAX_DATA_LIMIT = 50_000;
  private static final Pattern Q = Pattern.compile("^\\s*(\\w+)\\s*=\\s*'([^']*)'\\s*$");
  private static final Pattern ORDER_BY =
      Pattern.compile("^\\s*(\\w+)(\\s+(ASC|DESC))?\\s*$", Pattern.CASE_INSENSITIVE);

  private final EloquaOptions options;
  private final EloquaSchema schema;
  private final BulkApi api;
  private final EloquaAuth auth;
  private final RequestGate gate;
  private final FaultPlan faults;
  private final String loginUrl;
  private volatile String pod;

  EloquaHandler(
      EloquaOptions options,
      EloquaSchema schema,
      BulkApi api,
      EloquaAuth auth,
      RequestGate gate,
      FaultPlan faults,
      String loginUrl) {
    this.options = options;
    this.schema = schema;
    this.api = api;
    this.auth = auth;
    this.gate = gate;
    this.faults = faults;
    this.loginUrl = loginUrl;
    this.pod = options.pod;
  }

  String pod() {
    return pod;
  }

  String podBase() {
    return loginUrl + "/pod/" + pod;
  }

  void movePod(String newPod) {
    this.pod = newPod;
  }

  // ---------------------------------------------------------------- routing

  @Override
  public MockResponse handle(RecordedRequest request) {
    HttpUrl url = request.getUrl();
    List<String> segments = new ArrayList<>(url.pathSegments());
    if (!segments.isEmpty() && segments.get(segments.size() - 1).isEmpty())
      segments.remove(segments.size() - 1);
    boolean idCall = segments.size() == 1 && is(segments.get(0), "id");
    if (!gate.enter(idCall))
      return tooManyRequests(
          options.retryAfterOn429 == null ? -1 : options.retryAfterOn429.toSeconds());
    try {
      if (idCall) return request.getMethod().equals("GET") ? id(request) : status(405);
      if (segments.size() == 3
          && is(segments.get(0), "auth")
          && is(segments.get(1), "oauth2")
          && is(segments.get(2), "token")) {
        return request.getMethod().equals("POST") ? token(request) : status(405);
      }
      if (segments.size() >= 2 && is(segments.get(0), "pod")) {
        // A request to a pod the instance left answers 401; the client re-reads /id and moves.
        if (!segments.get(1).equals(pod)) return status(401);
        if (segments.size() >= 5
            && is(segments.get(2), "api")
            && is(segments.get(3), "bulk")
            && segments.get(4).equals("2.0")) {
          return bulk(request, segments.subList(5, segments.size()));
        }
      }
      return status(404);
    } catch (BulkValidation v) {
      return validation(v);
    } finally {
      gate.exit();
    }
  }

  private static boolean is(String segment, String name) {
    return segment.equalsIgnoreCase(name);
  }

  // ---------------------------------------------------------------- login

  private MockResponse id(RecordedRequest request) {
    EloquaAuth.Principal principal = auth.authenticate(request.getHeaders().get("Authorization"));
    if (principal == null
        || (principal.token() != null && !faults.tokenCallAllowed(principal.token()))) {
      // Oracle answers bad credentials with 200 and a JSON string, not an object.
      return new MockResponse.Builder()
          .code(200)
          .setHeader("Content-Type", "application/json; charset=utf-8")
          .body("\"Not authenticated.\"")
          .build();
    }
    String base = podBase();
    Map<String, Object> soap =
        Json.obj(
            "standard", base + "/API/{version}/Service.svc",
            "dataTransfer", base + "/API/{version}/DataTransferService.svc",
            "email", base + "/API/{version}/EmailService.svc",
            "externalAction", base + "/API/{version}/ExternalActionService.svc");
    Map<String, Object> rest =
        Json.obj("standard", base + "/API/REST/{version}/", "bulk", base + "/API/Bulk/{version}/");
    Map<String, Object> body =
        Json.obj(
            "site", Json.obj("id", 42, "name", options.company),
            "user",
                Json.obj(
                    "id",
                    314,
                    "username",
                    options.username,
                    "displayName",
                    "Integration User",
                    "firstName",
                    "Integration",
                    "lastName",
                    "User",
                    "emailAddress",
                    "integration@acme.example"),
            "urls", Json.obj("base", base, "apis", Json.obj("soap", soap, "rest", rest)));
    return json(200, body);
  }

  private MockResponse token(RecordedRequest request) {
    Map<String, String> params = new HashMap<>();
    String type = contentType(request);
    ByteString body = request.getBody();
    if (type.startsWith("application/json")) {
      Object parsed;
      try {
        parsed = Json.parse(body);
      } catch (BulkValidation e) {
        return json(
            400,
            Json.obj(
                "error", "invalid_request", "error_description", "The body is not valid JSON."));
      }
      if (parsed instanceof Map<?, ?> m)
        m.forEach((k, v) -> params.put(String.valueOf(k), v == null ? null : v.toString()));
    } else if (body != null) {
      for (String pair : body.utf8().split("&")) {
        int eq = pair.indexOf('=');
        if (eq > 0) {
          params.put(
              URLDecoder.decode(pair.substring(0, eq), StandardCharsets.UTF_8),
              URLDecoder.decode(pair.substring(eq + 1), StandardCharsets.UTF_8));
        }
      }
    }
    EloquaAuth.TokenReply reply = auth.token(request.getHeaders().get("Authorization"), params);
    return new MockResponse.Builder()
        .code(reply.status())
        .setHeader("Content-Type", "application/json; charset=utf-8")
        .setHeader("Cache-Control", "no-store")
        .body(Json.write(reply.body()))
        .build();
  }

  // ---------------------------------------------------------------- bulk

  private MockResponse bulk(RecordedRequest request, List<String> r) {
    EloquaAuth.Principal principal = auth.authenticate(request.getHeaders().get("Authorization"));
    if (principal == null) return status(401);
    if (principal.token() != null && !faults.tokenCallAllowed(principal.token()))
      return status(401);
    api.advance();
    String method = request.getMethod();
    String user = auth.userName();
    if (r.isEmpty()) return status(404);
    String head = r.get(0).toLowerCase(Locale.ROOT);
    switch (head) {
      case "contacts", "accounts" -> {
        ObjectType type = head.equals("contacts") ? schema.contacts : schema.accounts;
        if (r.size() >= 2 && is(r.get(1), "fields"))
          return fields(request, type.fields, r.subList(2, r.size()));
        return definitions(request, type.collectionPath, type, r.subList(1, r.size()), user);
      }
      case "activities" -> {
        if (r.size() == 2 && is(r.get(1), "fields") && method.equals("GET"))
          return activityFields(request);
        if (r.size() >= 2 && is(r.get(1), "exports")) {
          return definitions(request, "/activities", null, r.subList(1, r.size()), user);
        }
        return status(404);
      }
      case "customobjects" -> {
        return customObjects(request, r, user);
      }
      case "syncs" -> {
        return syncs(request, r.subList(1, r.size()), user);
      }
      default -> {
        return status(404);
      }
    }
  }

  private MockResponse fields(
      RecordedRequest request, List<EloquaField> fields, List<String> rest) {
    if (!request.getMethod().equals("GET")) return status(405);
    if (rest.size() == 1) {
      for (EloquaField f : fields) {
        if (Long.toString(f.id()).equals(rest.get(0))) return json(200, fieldJson(f));
      }
      return status(404);
    }
    if (!rest.isEmpty()) return status(404);
    List<EloquaField> matching =
        filterByQ(
            request,
            fields,
            f ->
                Map.of(
                    "name",
                    f.name(),
                    "internalName",
                    f.internalName(),
                    "statement",
                    f.statement()));
    List<Object> items = new ArrayList<>();
    for (EloquaField f : matching) items.add(fieldJson(f));
    return list(request, items);
  }

  private static Map<String, Object> fieldJson(EloquaField f) {
    String at = EloquaTime.resource(EloquaSchema.fieldsCreatedAt());
    return Json.obj(
        "name",
        f.name(),
        "internalName",
        f.internalName(),
        "dataType",
        f.dataType(),
        "hasReadOnlyConstraint",
        f.readOnly(),
        "hasNotNullConstraint",
        f.notNull(),
        "hasUniquenessConstraint",
        f.unique(),
        "statement",
        f.statement(),
        "uri",
        f.uri(),
        "createdAt",
        at,
        "updatedAt",
        at);
  }

  private MockResponse activityFields(RecordedRequest request) {
    String type = request.getUrl().queryParameter("activityType");
    List<EloquaField> fields = new ArrayList<>();
    if (type == null) {
      Map<String, EloquaField> byStatement = new LinkedHashMap<>();
      for (ObjectType t : schema.activities())
        t.fields.forEach(f -> byStatement.putIfAbsent(f.statement(), f));
      fields.addAll(byStatement.values());
    } else {
      ObjectType t = schema.activity(type);
      if (t != null) {
        fields.addAll(t.fields);
      } else if (EloquaSchema.ACTIVITY_TYPES.stream().noneMatch(k -> k.equalsIgnoreCase(type))) {
        throw new BulkValidation(
            "activityType", type, "Must be one of " + EloquaSchema.ACTIVITY_TYPES);
      }
    }
    return fields(request, fields, List.of());
  }

  private MockResponse customObjects(RecordedRequest request, List<String> r, String user) {
    ObjectType co = schema.customObject;
    String path = co.collectionPath;
    if (r.size() == 1) {
      if (!request.getMethod().equals("GET")) return status(405);
      return list(request, new ArrayList<>(List.of(customObjectJson(co))));
    }
    if (!r.get(1).equals(Integer.toString(co.customObjectId))) return status(404);
    if (r.size() == 2)
      return request.getMethod().equals("GET") ? json(200, customObjectJson(co)) : status(405);
    if (is(r.get(2), "fields")) return fields(request, co.fields, r.subList(3, r.size()));
    return definitions(request, path, co, r.subList(2, r.size()), user);
  }

  private static Map<String, Object> customObjectJson(ObjectType co) {
    String at = EloquaTime.resource(EloquaSchema.fieldsCreatedAt());
    String path = co.collectionPath;
    return Json.obj(
        "name",
        co.typeName,
        "displayNameFieldUri",
        path + "/fields/71",
        "emailAddressFieldUri",
        path + "/fields/75",
        "uniqueFieldUri",
        path + "/fields/71",
        "uri",
        path,
        "createdBy",
        "Acme.Admin",
        "createdAt",
        at,
        "updatedBy",
        "Acme.Admin",
        "updatedAt",
        at);
  }

  private MockResponse definitions(
      RecordedRequest request, String path, ObjectType type, List<String> r, String user) {
    if (r.isEmpty()) return status(404);
    boolean imports;
    if (is(r.get(0), "exports")) imports = false;
    else if (is(r.get(0), "imports") && type != null) imports = true;
    else return status(404);
    BulkApi.DefinitionSet set = new BulkApi.DefinitionSet(path, type, imports);
    String method = request.getMethod();
    if (r.size() == 1) {
      if (method.equals("GET")) return definitionList(request, set);
      if (!method.equals("POST")) return status(405);
      if (!isJson(request)) return unsupportedMediaType(contentType(request), "application/json");
      Object body = Json.parse(request.getBody());
      BulkApi.Definition d =
          imports ? api.createImport(set, body, user) : api.createExport(set, body, user);
      return json(201, d.json());
    }
    long id = parseId(r.get(1));
    BulkApi.Definition d = id < 0 ? null : api.definition(set, id);
    if (d == null) return status(404);
    if (r.size() == 2) {
      return switch (method) {
        case "GET" -> json(200, d.json());
        case "DELETE" -> {
          api.delete(set, id);
          yield status(204);
        }
        default -> status(405);
      };
    }
    if (r.size() == 3 && is(r.get(2), "data")) {
      switch (method) {
        case "POST" -> {
          if (!(d instanceof BulkApi.ImportDefinition imp)) return status(405);
          return importData(request, imp, user);
        }
        case "DELETE" -> {
          api.deleteData(set, id);
          return status(204);
        }
        case "GET" -> {
          if (!(d instanceof BulkApi.ExportDefinition)) return status(405);
          BulkApi.Sync latest = api.latestSync(d);
          if (latest == null) return emptyPage(request, MAX_DATA_LIMIT);
          return data(request, latest);
        }
        default -> {
          return status(405);
        }
      }
    }
    return status(404);
  }

  private MockResponse definitionList(RecordedRequest request, BulkApi.DefinitionSet set) {
    List<BulkApi.Definition> all =
        filterByQ(request, api.definitions(set), d -> Map.of("name", d.name));
    String orderBy = request.getUrl().queryParameter("orderBy");
    if (orderBy != null) {
      Matcher m = ORDER_BY.matcher(orderBy);
      if (!m.matches()
          || !(m.group(1).equals("name")
              || m.group(1).equals("createdAt")
              || m.group(1).equals("id"))) {
        throw new BulkValidation(
            "orderBy",
            orderBy,
            "Must be name, createdAt or id, optionally followed by ASC or DESC");
      }
      Comparator<BulkApi.Definition> c =
          switch (m.group(1)) {
            case "name" ->
                Comparator.comparing((BulkApi.Definition d) -> d.name.toLowerCase(Locale.ROOT));
            default -> Comparator.comparingLong((BulkApi.Definition d) -> d.id);
          };
      if ("DESC".equalsIgnoreCase(m.group(3))) c = c.reversed();
      all.sort(c);
    }
    List<Object> items = new ArrayList<>();
    for (BulkApi.Definition d : all) items.add(d.json());
    return list(request, items);
  }

  private MockResponse syncs(RecordedRequest request, List<String> r, String user) {
    String method = request.getMethod();
    if (r.isEmpty()) {
      if (method.equals("GET")) {
        List<Object> items = new ArrayList<>();
        for (BulkApi.Sync s : api.syncs()) items.add(api.json(s));
        return list(request, items);
      }
      if (!method.equals("POST")) return status(405);
      if (!isJson(request)) return unsupportedMediaType(contentType(request), "application/json");
      BulkApi.Sync s = api.createSync(Json.parse(request.getBody()), user);
      return json(201, api.json(s));
    }
    long id = parseId(r.get(0));
    BulkApi.Sync s = id < 0 ? null : api.sync(id);
    if (s == null) return status(404);
    if (!method.equals("GET")) return status(405);
    if (r.size() == 1) return json(200, api.json(s));
    if (r.size() != 2) return status(404);
    return switch (r.get(1).toLowerCase(Locale.ROOT)) {
      case "logs" -> list(request, new ArrayList<>(api.logs(s)));
      case "rejects" -> list(request, new ArrayList<>(api.rejects(s)));
      case "data" -> data(request, s);
      default -> status(404);
    };
  }

  // ---------------------------------------------------------------- staged data

  private MockResponse data(RecordedRequest request, BulkApi.Sync sync) {
    BulkApi.DataView view = api.dataView(sync);
    if (view.expired() && options.expiredData == EloquaSimulator.ExpiredData.NOT_FOUND)
      return status(404);
    if (view.snapshot() == null) return emptyPage(request, MAX_DATA_LIMIT);
    int limit = limit(request, MAX_DATA_LIMIT);
    // A hostile server: every remaining row in one page, whatever limit asked for.
    if (dev.revsync.simulators.SimulatorServer.currentFault()
        == dev.revsync.simulators.FaultPlan.Fault.HUGE_PAGE) {
      limit = Integer.MAX_VALUE;
    }
    int offset = offset(request);
    int total = view.snapshot().ids().size();
    int count = Math.max(0, Math.min(limit, total - offset));
    BulkApi.ExportDefinition d = view.definition();
    List<Map.Entry<String, Accessor>> columns = new ArrayList<>(d.accessors.entrySet());
    String accept = request.getHeaders().get("Accept");
    if (accept != null && accept.toLowerCase(Locale.ROOT).contains("text/csv")) {
      return csvPage(d, view.snapshot(), columns, offset, count);
    }
    Buffer buffer = new Buffer();
    try (JsonWriter w = JsonWriter.of(buffer)) {
      w.setSerializeNulls(true);
      w.beginObject();
      if (includeTotal(request)) w.name("totalResults").value(total);
      w.name("limit").value(limit);
      w.name("offset").value(offset);
      w.name("count").value(count);
      w.name("hasMore").value(offset + count < total);
      w.name("items").beginArray();
      for (int i = offset; i < offset + count; i++) {
        SimRecord record = api.staged(d, view.snapshot(), i);
        w.beginObject();
        for (Map.Entry<String, Accessor> c : columns) {
          String value = record == null ? null : api.render(d, c.getValue(), record);
          if (value != null) {
            w.name(c.getKey()).value(value);
          } else {
            switch (options.nullRendering) {
              case EMPTY_STRING -> w.name(c.getKey()).value("");
              case JSON_NULL -> w.name(c.getKey()).nullValue();
              case OMIT_KEY -> {}
            }
          }
        }
        w.endObject();
      }
      w.endArray();
      w.endObject();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    return new MockResponse.Builder()
        .code(200)
        .setHeader("Content-Type", "application/json; charset=utf-8")
        .body(buffer)
        .build();
  }

  private MockResponse csvPage(
      BulkApi.ExportDefinition d,
      BulkApi.Snapshot snapshot,
      List<Map.Entry<String, Accessor>> columns,
      int offset,
      int count) {
    StringBuilder sb = new StringBuilder();
    for (int c = 0; c < columns.size(); c++) {
      if (c > 0) sb.append(',');
      sb.append(csv(columns.get(c).getKey()));
    }
    sb.append("\r\n");
    for (int i = offset; i < offset + count; i++) {
      SimRecord record = api.staged(d, snapshot, i);
      for (int c = 0; c < columns.size(); c++) {
        if (c > 0) sb.append(',');
        String value = record == null ? null : api.render(d, columns.get(c).getValue(), record);
        sb.append(csv(value == null ? "" : value));
      }
      sb.append("\r\n");
    }
    return new MockResponse.Builder()
        .code(200)
        .setHeader("Content-Type", "text/csv; charset=utf-8")
        .body(sb.toString())
        .build();
  }

  private static String csv(String value) {
    if (value.indexOf(',') < 0
        && value.indexOf('"') < 0
        && value.indexOf('\n') < 0
        && value.indexOf('\r') < 0) {
      return value;
    }
    return '"' + value.replace("\"", "\"\"") + '"';
  }

  private MockResponse emptyPage(RecordedRequest request, int maxLimit) {
    int limit = limit(request, maxLimit);
    int offset = offset(request);
    Map<String, Object> body = new LinkedHashMap<>();
    if (includeTotal(request)) body.put("totalResults", 0);
    body.put("limit", limit);
    body.put("offset", offset);
    body.put("count", 0);
    body.put("hasMore", false);
    body.put("items", List.of());
    return json(200, body);
  }

  // ---------------------------------------------------------------- import data

  private MockResponse importData(
      RecordedRequest request, BulkApi.ImportDefinition d, String user) {
    if (request.getBodySize() > options.maxImportPostBytes) return status(404);
    String type = contentType(request);
    List<String> keys = new ArrayList<>(d.fields.keySet());
    List<String[]> rows;
    if (type.startsWith("text/csv")) {
      rows = csvRows(request.getBody(), keys);
    } else if (type.startsWith("application/json")) {
      rows = jsonRows(request.getBody(), keys);
    } else {
      return unsupportedMediaType(type, "application/json or text/csv");
    }
    api.stage(d, rows, user);
    return status(204);
  }

  private static List<String[]> jsonRows(ByteString body, List<String> keys) {
    Map<String, Integer> index = indexOf(keys);
    List<String[]> rows = new ArrayList<>();
    if (body == null || body.size() == 0)
      throw new BulkValidation("data", "", "Must be a JSON array of objects");
    try (JsonReader reader = JsonReader.of(new Buffer().write(body))) {
      if (reader.peek() != JsonReader.Token.BEGIN_ARRAY) {
        throw new BulkValidation("data", "", "Must be a JSON array of objects");
      }
      reader.beginArray();
      while (reader.hasNext()) {
        if (reader.peek() != JsonReader.Token.BEGIN_OBJECT) {
          throw new BulkValidation("data", "", "Must be a JSON array of flat objects");
        }
        String[] row = new String[keys.size()];
        reader.beginObject();
        while (reader.hasNext()) {
          String name = reader.nextName();
          Integer column = index.get(name);
          if (column == null) {
            throw new BulkValidation(
                "data", name, "Must use only the definition's field names " + keys);
          }
          row[column] =
              switch (reader.peek()) {
                case STRING, NUMBER -> reader.nextString();
                case BOOLEAN -> Boolean.toString(reader.nextBoolean());
                case NULL -> reader.<String>nextNull();
                default ->
                    throw new BulkValidation(
                        "data", name, "Must be a string, number, boolean or null");
              };
        }
        reader.endObject();
        rows.add(row);
      }
      reader.endArray();
      if (reader.peek() != JsonReader.Token.END_DOCUMENT) throw new IOException("trailing content");
    } catch (IOException | com.squareup.moshi.JsonDataException e) {
      throw new BulkValidation("data", "", "Must be a well-formed JSON array: " + e.getMessage());
    }
    return rows;
  }

  private static List<String[]> csvRows(ByteString body, List<String> keys) {
    Map<String, Integer> index = indexOf(keys);
    List<String[]> rows = new ArrayList<>();
    int[] columns = null;
    try (CsvReader<CsvRecord> reader =
        CsvReader.builder().ofCsvRecord(body == null ? "" : body.utf8())) {
      for (CsvRecord record : reader) {
        if (columns == null) {
          columns = new int[record.getFieldCount()];
          for (int c = 0; c < columns.length; c++) {
            Integer column = index.get(record.getField(c));
            if (column == null) {
              throw new BulkValidation(
                  "data", record.getField(c), "Must use only the definition's field names " + keys);
            }
            columns[c] = column;
          }
          continue;
        }
        String[] row = new String[keys.size()];
        for (int c = 0; c < Math.min(columns.length, record.getFieldCount()); c++)
          row[columns[c]] = record.getField(c);
        rows.add(row);
      }
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    } catch (RuntimeException e) {
      if (e instanceof BulkValidation v) throw v;
      throw new BulkValidation("data", "", "Must be well-formed CSV: " + e.getMessage());
    }
    return rows;
  }

  private static Map<String, Integer> indexOf(List<String> keys) {
    Map<String, Integer> index = new HashMap<>();
    for (int i = 0; i < keys.size(); i++) index.put(keys.get(i), i);
    return index;
  }

  // ---------------------------------------------------------------- paging and query

  private <T> List<T> filterByQ(
      RecordedRequest request, List<T> all, Function<T, Map<String, String>> attributes) {
    String q = request.getUrl().queryParameter("q");
    if (q == null || q.isBlank()) return new ArrayList<>(all);
    Matcher m = Q.matcher(q);
    if (!m.matches()) throw new BulkValidation("q", q, "Must be like name='Revsync*'");
    Pattern wanted = Pattern.compile(wildcard(m.group(2)), Pattern.CASE_INSENSITIVE);
    List<T> out = new ArrayList<>();
    for (T item : all) {
      String value = attributes.apply(item).get(m.group(1));
      if (value == null && !attributes.apply(item).containsKey(m.group(1))) {
        throw new BulkValidation(
            "q", q, "Must search on one of " + attributes.apply(item).keySet());
      }
      if (value != null && wanted.matcher(value).matches()) out.add(item);
    }
    return out;
  }

  private static String wildcard(String pattern) {
    StringBuilder sb = new StringBuilder();
    for (String part : pattern.split("\\*", -1)) {
      if (sb.length() > 0 || pattern.startsWith("*")) sb.append(".*");
      sb.append(Pattern.quote(part));
    }
    return sb.toString().replace("\\Q\\E", "");
  }

  private MockResponse list(RecordedRequest request, List<Object> all) {
    int limit = limit(request, MAX_LIST_LIMIT);
    int offset = offset(request);
    List<Object> page = BulkApi.page(all, offset, limit);
    Map<String, Object> body = new LinkedHashMap<>();
    body.put("items", page);
    if (includeTotal(request)) body.put("totalResults", all.size());
    body.put("limit", limit);
    body.put("offset", offset);
    body.put("count", page.size());
    body.put("hasMore", offset + page.size() < all.size());
    return json(200, body);
  }

  private static int limit(RecordedRequest request, int max) {
    String text = request.getUrl().queryParameter("limit");
    if (text == null) return Math.min(1000, max);
    try {
      int limit = Integer.parseInt(text.trim());
      if (limit >= 1 && limit <= max) return limit;
    } catch (NumberFormatException e) {
      // answered below
    }
    throw new BulkValidation("limit", text, "Must be a whole number between 1 and " + max);
  }

  private static int offset(RecordedRequest request) {
    String text = request.getUrl().queryParameter("offset");
    if (text == null) return 0;
    try {
      int offset = Integer.parseInt(text.trim());
      if (offset >= 0) return offset;
    } catch (NumberFormatException e) {
      // answered below
    }
    throw new BulkValidation("offset", text, "Must be a whole number of at least 0");
  }

  private static boolean includeTotal(RecordedRequest request) {
    return !"false".equalsIgnoreCase(request.getUrl().queryParameter("totalResults"));
  }

  private static long parseId(String segment) {
    try {
      return Long.parseLong(segment);
    } catch (NumberFormatException e) {
      return -1;
    }
  }

  // ---------------------------------------------------------------- responses

  private static String contentType(RecordedRequest request) {
    String type = request.getHeaders().get("Content-Type");
    return type == null ? "" : type.toLowerCase(Locale.ROOT).trim();
  }

  /** Bulk POSTs must say {@code Content-Type: application/json}. */
  private static boolean isJson(RecordedRequest request) {
    return contentType(request).startsWith("application/json");
  }

  private static MockResponse unsupportedMediaType(String type, String expected) {
    return json(
        415,
        Json.obj(
            "failures",
            List.of(
                Json.obj(
                    "field", "Content-Type", "value", type, "constraint", "Must be " + expected))));
  }

  private static MockResponse validation(BulkValidation v) {
    List<Object> failures = new ArrayList<>();
    for (BulkValidation.Failure f : v.failures) {
      failures.add(Json.obj("field", f.field(), "value", f.value(), "constraint", f.constraint()));
    }
    return json(400, Json.obj("failures", failures));
  }

  private static MockResponse json(int code, Object body) {
    return new MockResponse.Builder()
        .code(code)
        .setHeader("Content-Type", "application/json; charset=utf-8")
        .body(Json.write(body))
        .build();
  }

  private static MockResponse status(int code) {
    return new MockResponse.Builder().code(code).headers(Headers.of("Content-Length", "0")).build();
  }

  /** 429 as Eloqua sends it: no rate-limit headers, no {@code Retry-After} unless configured. */
  private static MockResponse tooManyRequests(long retryAfterSeconds) {
    MockResponse.Builder b =
        new MockResponse.Builder()
            .code(429)
            .setHeader("Content-Type", "text/plain; charset=utf-8")
            .body("Too Many Requests");
    if (retryAfterSeconds >= 0) b.setHeader("Retry-After", Long.toString(retryAfterSeconds));
    return b.build();
  }

  /** An injected 429/5xx as Eloqua answers it, with Eloqua's bodies. */
  static MockResponse renderFault(EloquaOptions options, int status, long retryAfterSeconds) {
    if (status == 429)
      return tooManyRequests(options.retryAfterOn429 == null ? -1 : retryAfterSeconds);
    String constraint =
        status == 503
            ? "The service is temporarily unavailable; retry with increasing delay."
            : "There was an internal server error.";
    return json(
        status,
        Json.obj(
            "failures", List.of(Json.obj("field", "", "value", "", "constraint", constraint))));
  }
}
