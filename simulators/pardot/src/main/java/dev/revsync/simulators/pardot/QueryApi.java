package dev.revsync.simulators.pardot;

import com.squareup.moshi.JsonWriter;
import dev.revsync.simulators.FaultPlan;
import dev.revsync.simulators.ObjectTable;
import dev.revsync.simulators.RecordStore;
import dev.revsync.simulators.SimRecord;
import dev.revsync.simulators.SimulatorServer;
import java.io.IOException;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.function.Predicate;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import mockwebserver3.MockResponse;
import okhttp3.HttpUrl;
import okio.Buffer;

/**
 * The v5 object query and read ({@code GET /api/v5/objects/{collection}[/{id}]}), §3 of the notes:
 * {@code fields} required, {@code limit} ≤ 1000, {@code orderBy}, the id/createdAt/updatedAt filter
 * families (at most three fields), {@code deleted}, page tokens that expire and a token sequence
 * capped at 100,000 records with a {@code Pardot-Warning}, related fields by dot notation.
 * Thread-safe.
 */
final class QueryApi {
  private static final Pattern FILTER =
      Pattern.compile(
          "(id|createdAt|updatedAt)(GreaterThan|GreaterThanOrEqualTo|LessThan|LessThanOrEqualTo|After|AfterOrEqualTo"
              + "|Before|BeforeOrEqualTo)");
  private static final Set<String> SORTABLE = Set.of("id", "createdAt", "updatedAt");
  private static final Map<String, String> RELATIONS =
      Map.of(
          "campaign",
          PardotSchema.CAMPAIGNS,
          "prospect",
          PardotSchema.PROSPECTS,
          "list",
          PardotSchema.LISTS,
          "email",
          PardotSchema.EMAILS,
          "opportunity",
          PardotSchema.OPPORTUNITIES);
  static final String CAP_MESSAGE =
      "Record count for nextPageToken sequence has been exceeded. No page token returned.";

  /** A bad request, answered 400 with {@code code}. */
  static final class BadRequest extends Exception {
    private static final long serialVersionUID = 1L;
    final int code;
    final int status;

    BadRequest(int code, String message) {
      this(400, code, message);
    }

    BadRequest(int status, int code, String message) {
      super(message);
      this.status = status;
      this.code = code;
    }

    MockResponse response() {
      return PardotJson.error(status, code, getMessage());
    }
  }

  private record Sort(String field, boolean ascending) {}

  private final PardotSchema schema;
  private final RecordStore store;
  private final PardotSettings settings;
  private final PageTokens tokens;
  private final Clock clock;

  QueryApi(
      PardotSchema schema,
      RecordStore store,
      PardotSettings settings,
      PageTokens tokens,
      Clock clock) {
    this.schema = schema;
    this.store = store;
    this.settings = settings;
    this.tokens = tokens;
    this.clock = clock;
  }

  MockResponse query(PardotSchema.Collection c, HttpUrl url, String baseUrl) throws BadRequest {
    String token = url.queryParameter("nextPageToken");
    Map<String, Object> state;
    if (token != null) {
      for (String name : url.queryParameterNames()) {
        if (!name.equals("nextPageToken") && !name.equals("fields")) {
          throw new BadRequest(
              5, "Invalid query parameters: " + name + " cannot be combined with nextPageToken");
        }
      }
      PageTokens.Token t;
      try {
        t = tokens.read(token);
      } catch (PageTokens.Refused e) {
        throw new BadRequest(e.code, e.getMessage());
      }
      if (!t.issuedAt().plus(settings.pageTokenLifetime).isAfter(clock.instant())) {
        throw new BadRequest(210, "nextPageToken has expired");
      }
      state = t.state();
      if (!c.name.equals(state.get("c"))) throw new BadRequest(211, "Invalid nextPageToken");
      String fields = url.queryParameter("fields");
      if (fields != null) state.put("f", fields);
    } else {
      state = newQuery(c, url);
    }
    List<String> fields = fields(c, (String) state.get("f"));
    return page(c, state, fields, baseUrl);
  }

  private Map<String, Object> newQuery(PardotSchema.Collection c, HttpUrl url) throws BadRequest {
    Map<String, Object> state = new LinkedHashMap<>();
    state.put("c", c.name);
    String fields = url.queryParameter("fields");
    if (fields == null || fields.isBlank())
      throw new BadRequest(5, "Invalid query parameters: fields is required");
    state.put("f", fields);
    String limit = url.queryParameter("limit");
    long l = 200;
    if (limit != null) {
      try {
        l = Long.parseLong(limit.trim());
      } catch (NumberFormatException e) {
        throw new BadRequest(5, "Invalid query parameters: limit '" + limit + "'");
      }
      if (l < 1 || l > 1000)
        throw new BadRequest(5, "Invalid query parameters: limit must be between 1 and 1000");
    }
    state.put("l", l);
    String orderBy = url.queryParameter("orderBy");
    state.put("o", orderBy == null ? "id" : orderBy);
    sorts(orderBy == null ? "id" : orderBy); // validates
    String deleted = url.queryParameter("deleted");
    if (deleted != null) {
      if (!c.hasDeletedParam)
        throw new BadRequest(5, "Invalid query parameters: deleted is not supported for " + c.name);
      String d = deleted.toLowerCase(Locale.ROOT);
      if (!d.equals("true") && !d.equals("false") && !d.equals("all")) {
        throw new BadRequest(5, "Invalid query parameters: deleted must be true, false or all");
      }
      state.put("d", d);
    } else {
      state.put("d", "false");
    }
    Map<String, String> filters = new LinkedHashMap<>();
    Set<String> filteredFields = new LinkedHashSet<>();
    for (String name : url.queryParameterNames()) {
      Matcher m = FILTER.matcher(name);
      if (!m.matches()) continue;
      boolean idFilter = m.group(1).equals("id");
      boolean idSuffix = m.group(2).contains("Than");
      if (idFilter != idSuffix) throw new BadRequest(5, "Invalid query parameters: " + name);
      String value = url.queryParameter(name);
      try {
        if (idFilter) Long.parseLong(value.trim());
        else PardotJson.parseTime(value);
      } catch (RuntimeException e) {
        throw new BadRequest(5, "Invalid query parameters: " + name + " '" + value + "'");
      }
      filters.put(name, value);
      filteredFields.add(m.group(1));
    }
    if (filteredFields.size() > 3)
      throw new BadRequest(209, "Too many fields are filtered; at most 3 may be");
    state.put("q", filters);
    String offset = url.queryParameter("offset");
    if (offset != null) {
      long o;
      try {
        o = Long.parseLong(offset.trim());
      } catch (NumberFormatException e) {
        throw new BadRequest(5, "Invalid query parameters: offset '" + offset + "'");
      }
      if (o < 0 || o > 2000)
        throw new BadRequest(5, "Invalid query parameters: offset may be at most 2000");
      state.put("skip", o);
    }
    state.put("n", 0L);
    return state;
  }

  private static List<Sort> sorts(String orderBy) throws BadRequest {
    List<Sort> sorts = new ArrayList<>();
    for (String part : orderBy.split(",")) {
      String[] words = part.trim().split("\\s+");
      if (words.length == 0 || words[0].isEmpty() || words.length > 2) {
        throw new BadRequest(5, "Invalid query parameters: orderBy '" + orderBy + "'");
      }
      if (!SORTABLE.contains(words[0]))
        throw new BadRequest(5, "Invalid query parameters: cannot sort by " + words[0]);
      boolean asc = true;
      if (words.length == 2) {
        if (words[1].equalsIgnoreCase("DESC")) asc = false;
        else if (!words[1].equalsIgnoreCase("ASC"))
          throw new BadRequest(5, "Invalid query parameters: orderBy '" + orderBy + "'");
      }
      sorts.add(new Sort(words[0], asc));
    }
    return sorts;
  }

  private List<String> fields(PardotSchema.Collection c, String list) throws BadRequest {
    List<String> fields = new ArrayList<>();
    for (String raw : list.split(",")) {
      String f = raw.trim();
      if (f.isEmpty()) continue;
      int dot = f.indexOf('.');
      if (dot > 0) {
        String rel = RELATIONS.get(f.substring(0, dot));
        PardotSchema.Collection target = rel == null ? null : schema.collection(rel);
        if (target == null
            || c.field(f.substring(0, dot) + "Id") == null
            || target.field(f.substring(dot + 1)) == null) {
          throw new BadRequest(180, "Invalid field: " + f);
        }
      } else if (c.field(f) == null) {
        throw new BadRequest(180, "Invalid field: " + f);
      }
      fields.add(f);
    }
    if (fields.isEmpty()) throw new BadRequest(5, "Invalid query parameters: fields is required");
    return fields;
  }

  @SuppressWarnings("unchecked")
  private MockResponse page(
      PardotSchema.Collection c, Map<String, Object> state, List<String> fields, String baseUrl)
      throws BadRequest {
    ObjectTable table = store.table(c.name);
    long limit = ((Number) state.get("l")).longValue();
    long served = ((Number) state.get("n")).longValue();
    long cap = settings.tokenSequenceCap;
    // A hostile server: every remaining record in one page, whatever limit asked for.
    boolean huge = SimulatorServer.currentFault() == FaultPlan.Fault.HUGE_PAGE;
    long room = huge ? Long.MAX_VALUE : Math.max(0, Math.min(limit, cap - served));
    String deleted = (String) state.get("d");
    Map<String, String> filters = (Map<String, String>) state.get("q");
    Predicate<SimRecord> keep = predicate(filters, deleted);
    Duration lag = settings.readCacheLag;
    if (!lag.isZero()) {
      // the read cache has not seen changes this recent yet (their earlier versions are not kept:
      // left out)
      Instant seen = clock.instant().minus(lag);
      keep = keep.and(r -> !r.modifiedAt().isAfter(seen));
    }
    List<Sort> sorts = sorts((String) state.get("o"));
    List<SimRecord> page = new ArrayList<>();
    boolean more;
    if (isScanOrder(sorts)) {
      Instant lower = null;
      String lowerId = null;
      if (state.get("at") != null) {
        lower = Instant.parse((String) state.get("at"));
        lowerId = (String) state.get("id");
      } else {
        // where the scan may start; the predicate applies the filters exactly
        if (filters.containsKey("updatedAtAfterOrEqualTo")) {
          lower = PardotJson.parseTime(filters.get("updatedAtAfterOrEqualTo")).minusNanos(1);
        }
        if (filters.containsKey("updatedAtAfter")) {
          Instant after = PardotJson.parseTime(filters.get("updatedAtAfter"));
          if (lower == null || after.isAfter(lower)) lower = after;
        }
      }
      Instant upper = upperBound(filters);
      Iterator<SimRecord> it = table.scan(lower, lowerId, !deleted.equals("false"));
      more = false;
      while (it.hasNext()) {
        SimRecord r = it.next();
        if (upper != null && r.modifiedAt().isAfter(upper)) break;
        if (!keep.test(r)) continue;
        if (page.size() >= room) {
          more = true;
          break;
        }
        page.add(r);
      }
      if (!page.isEmpty()) {
        SimRecord last = page.get(page.size() - 1);
        state.put("at", last.modifiedAt().toString());
        state.put("id", last.id());
      }
    } else {
      Comparator<SimRecord> order = comparator(sorts);
      long skip = state.get("skip") == null ? 0 : ((Number) state.get("skip")).longValue();
      List<SimRecord> all =
          table.stream(!deleted.equals("false")).filter(keep).sorted(order).toList();
      int from = (int) Math.min(all.size(), skip);
      int to = (int) Math.min(all.size(), from + room);
      page.addAll(all.subList(from, to));
      more = to < all.size();
      state.put("skip", (long) to);
    }
    long total = served + page.size();
    state.put("n", total);
    String token = null;
    boolean capped = more && total >= cap && !huge;
    if (more && !capped) token = tokens.issue(state, clock.instant());
    MockResponse.Builder b =
        new MockResponse.Builder().code(200).setHeader("Content-Type", PardotJson.JSON);
    if (capped) b.setHeader("Pardot-Warning", settings.capWarningCode + ";" + CAP_MESSAGE);
    String fieldsParam = String.join(",", fields);
    String nextUrl =
        token == null
            ? null
            : baseUrl
                + "/api/v5/objects/"
                + c.name
                + "?nextPageToken="
                + token
                + "&fields="
                + fieldsParam;
    return b.body(render(token, nextUrl, page, fields)).build();
  }

  private static boolean isScanOrder(List<Sort> sorts) {
    if (sorts.isEmpty() || !sorts.get(0).field().equals("updatedAt") || !sorts.get(0).ascending())
      return false;
    return sorts.size() == 1
        || (sorts.size() == 2 && sorts.get(1).field().equals("id") && sorts.get(1).ascending());
  }

  private static Instant upperBound(Map<String, String> filters) {
    Instant upper = null;
    if (filters.containsKey("updatedAtBeforeOrEqualTo"))
      upper = PardotJson.parseTime(filters.get("updatedAtBeforeOrEqualTo"));
    if (filters.containsKey("updatedAtBefore")) {
      Instant strict = PardotJson.parseTime(filters.get("updatedAtBefore")).minusNanos(1);
      if (upper == null || strict.isBefore(upper)) upper = strict;
    }
    return upper;
  }

  private static Comparator<SimRecord> comparator(List<Sort> sorts) {
    Comparator<SimRecord> order = null;
    for (Sort s : sorts) {
      Comparator<SimRecord> one =
          switch (s.field()) {
            case "updatedAt" -> Comparator.comparing(SimRecord::modifiedAt);
            case "createdAt" ->
                Comparator.comparing(r -> r.createdAt() != null ? r.createdAt() : r.modifiedAt());
            default -> Comparator.comparing(SimRecord::id);
          };
      if (!s.ascending()) one = one.reversed();
      order = order == null ? one : order.thenComparing(one);
    }
    return order.thenComparing(SimRecord::id);
  }

  private static Predicate<SimRecord> predicate(Map<String, String> filters, String deleted) {
    Predicate<SimRecord> p =
        switch (deleted) {
          case "true" -> SimRecord::deleted;
          case "all" -> r -> true;
          default -> r -> !r.deleted();
        };
    for (Map.Entry<String, String> e : filters.entrySet()) {
      String name = e.getKey();
      String value = e.getValue();
      Predicate<SimRecord> f;
      if (name.startsWith("id")) {
        long bound = Long.parseLong(value.trim());
        f =
            switch (name) {
              case "idGreaterThan" -> r -> Long.parseLong(r.id()) > bound;
              case "idGreaterThanOrEqualTo" -> r -> Long.parseLong(r.id()) >= bound;
              case "idLessThan" -> r -> Long.parseLong(r.id()) < bound;
              default -> r -> Long.parseLong(r.id()) <= bound;
            };
      } else {
        Instant at = PardotJson.parseTime(value);
        boolean created = name.startsWith("createdAt");
        String op = name.substring(created ? "createdAt".length() : "updatedAt".length());
        f =
            r -> {
              Instant t =
                  created
                      ? (r.createdAt() != null ? r.createdAt() : r.modifiedAt())
                      : r.modifiedAt();
              return switch (op) {
                case "After" -> t.isAfter(at);
                case "AfterOrEqualTo" -> !t.isBefore(at);
                case "Before" -> t.isBefore(at);
                default -> !t.isAfter(at);
              };
            };
      }
      p = p.and(f);
    }
    return p;
  }

  /**
   * {@code GET /objects/{collection}/{id}}: one record, 404 code 192 when unknown or in the recycle
   * bin.
   */
  MockResponse read(PardotSchema.Collection c, String id, HttpUrl url, String ifModifiedSince)
      throws BadRequest {
    String fieldsParam = url.queryParameter("fields");
    if (fieldsParam == null || fieldsParam.isBlank())
      throw new BadRequest(5, "Invalid query parameters: fields is required");
    List<String> fields = fields(c, fieldsParam);
    SimRecord r = store.table(c.name).get(id);
    if (r == null || r.deleted()) {
      MockResponse.Builder b = PardotJson.error(404, 192, "Object not found").newBuilder();
      if (r != null) b.setHeader("Pardot-Warning", "201;Record In Recycle Bin");
      return b.build();
    }
    if (ifModifiedSince != null) {
      try {
        Instant since =
            java.time.ZonedDateTime.parse(
                    ifModifiedSince, java.time.format.DateTimeFormatter.RFC_1123_DATE_TIME)
                .toInstant();
        if (!r.modifiedAt().isAfter(since)) return new MockResponse.Builder().code(304).build();
      } catch (RuntimeException ignored) {
        // an unreadable date is ignored, as HTTP servers do
      }
    }
    return PardotJson.json(200, record(r, fields));
  }

  String record(SimRecord r, List<String> fields) {
    Buffer buffer = new Buffer();
    try (JsonWriter w = JsonWriter.of(buffer)) {
      w.setSerializeNulls(true);
      writeRecord(w, r, fields, settings.accountZone);
    } catch (IOException e) {
      throw new IllegalStateException(e);
    }
    return buffer.readUtf8();
  }

  private String render(String token, String nextUrl, List<SimRecord> page, List<String> fields) {
    Buffer buffer = new Buffer();
    ZoneId zone = settings.accountZone;
    try (JsonWriter w = JsonWriter.of(buffer)) {
      w.setSerializeNulls(true);
      w.beginObject();
      if (token != null || settings.nullPageKeysOnLastPage) {
        w.name("nextPageToken");
        if (token == null) w.nullValue();
        else w.value(token);
        w.name("nextPageUrl");
        if (nextUrl == null) w.nullValue();
        else w.value(nextUrl);
      }
      w.name("values").beginArray();
      for (SimRecord r : page) writeRecord(w, r, fields, zone);
      w.endArray();
      w.endObject();
    } catch (IOException e) {
      throw new IllegalStateException(e);
    }
    return buffer.readUtf8();
  }

  private void writeRecord(JsonWriter w, SimRecord r, List<String> fields, ZoneId zone)
      throws IOException {
    w.beginObject();
    Map<String, List<String>> related = new LinkedHashMap<>();
    for (String f : fields) {
      int dot = f.indexOf('.');
      if (dot > 0) {
        related
            .computeIfAbsent(f.substring(0, dot), k -> new ArrayList<>())
            .add(f.substring(dot + 1));
        continue;
      }
      w.name(f);
      PardotJson.writeValue(w, PardotJson.value(r, f), zone);
    }
    for (Map.Entry<String, List<String>> rel : related.entrySet()) {
      w.name(rel.getKey());
      Object refId = r.get(rel.getKey() + "Id");
      SimRecord target =
          refId == null ? null : store.table(RELATIONS.get(rel.getKey())).get(refId.toString());
      if (target == null) {
        w.nullValue();
        continue;
      }
      w.beginObject();
      for (String sub : rel.getValue()) {
        w.name(sub);
        PardotJson.writeValue(w, PardotJson.value(target, sub), zone);
      }
      w.endObject();
    }
    w.endObject();
  }
}
