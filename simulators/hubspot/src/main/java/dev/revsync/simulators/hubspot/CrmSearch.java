package dev.revsync.simulators.hubspot;

import dev.revsync.simulators.ObjectTable;
import dev.revsync.simulators.SimRecord;
import java.io.IOException;
import java.math.BigDecimal;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.Collections;
import java.util.Comparator;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import mockwebserver3.MockResponse;

/**
 * {@code POST /crm/v3/objects/{type}/search}: filter groups (ORed; filters inside ANDed), sorts,
 * properties, {@code limit} up to 200 and {@code after} as a stringified offset, with HubSpot's
 * hard cap: an {@code after} at or past the cap (10,000) answers 400. Archived records are not
 * searchable; records modified within the index lag are not yet visible.
 *
 * <p>Queries sorted by the last-modified property (or not sorted) read the table in (modified, id)
 * order from the lowest position the filters allow, and remember where each page ended, so paging a
 * window costs one page per call, not the whole offset. {@code total} is counted from table
 * positions when the filters are modification-time ranges (the incremental cursor's shape), else by
 * scanning. Thread-safe.
 */
final class CrmSearch {
  static final int MAX_LIMIT = 200;
  static final List<String> OPERATORS =
      List.of(
          "EQ",
          "NEQ",
          "LT",
          "LTE",
          "GT",
          "GTE",
          "BETWEEN",
          "IN",
          "NOT_IN",
          "HAS_PROPERTY",
          "NOT_HAS_PROPERTY",
          "CONTAINS_TOKEN",
          "NOT_CONTAINS_TOKEN");

  private record Filter(
      String property, String operator, String value, String highValue, List<String> values) {}

  private record Position(Instant modifiedAt, String id) {}

  private final HubSpotSimulator sim;
  private final HubSpotSimulator.Settings settings;

  /** Where a query's page ended, by query and offset; bounded. */
  private final Map<String, Position> pageEnds =
      Collections.synchronizedMap(
          new LinkedHashMap<>(256, 0.75f, true) {
            private static final long serialVersionUID = 1L;

            @Override
            protected boolean removeEldestEntry(Map.Entry<String, Position> eldest) {
              return size() > 2_000;
            }
          });

  CrmSearch(HubSpotSimulator sim, HubSpotSimulator.Settings settings) {
    this.sim = sim;
    this.settings = settings;
  }

  MockResponse.Builder search(HubSpotHandler.Call call, CrmType type) throws IOException {
    Map<String, Object> body;
    try {
      body = Wire.readObjectBody(call.request());
    } catch (Wire.BadRequest e) {
      return Wire.error(400, call.correlationId(), "VALIDATION_ERROR", e.getMessage());
    }
    List<List<Filter>> groups = new ArrayList<>();
    String problem = parseGroups(body.get("filterGroups"), groups);
    if (problem != null) return Wire.error(400, call.correlationId(), "VALIDATION_ERROR", problem);
    int limit;
    int offset;
    try {
      limit = body.get("limit") == null ? 10 : Integer.parseInt(body.get("limit").toString());
      offset =
          body.get("after") == null || body.get("after").toString().isEmpty()
              ? 0
              : Integer.parseInt(body.get("after").toString());
    } catch (NumberFormatException e) {
      return Wire.error(
          400, call.correlationId(), "VALIDATION_ERROR", "limit and after must be integers");
    }
    if (limit < 1 || limit > MAX_LIMIT) {
      return Wire.error(
          400,
          call.correlationId(),
          "VALIDATION_ERROR",
          "limit must be between 1 and " + MAX_LIMIT + ", got " + limit);
    }
    if (offset < 0 || offset >= settings.searchCap) {
      return Wire.error(
          400,
          call.correlationId(),
          "VALIDATION_ERROR",
          "There was a problem with the request: search "
              + "results are limited to "
              + settings.searchCap
              + "; after must be less than "
              + settings.searchCap
              + ", got "
              + offset);
    }
    String sortProperty = null;
    boolean descending = false;
    if (body.get("sorts") instanceof List<?> sorts && !sorts.isEmpty()) {
      Object first = sorts.get(0);
      if (first instanceof Map<?, ?> m && m.get("propertyName") != null) {
        sortProperty = m.get("propertyName").toString();
        descending = "DESCENDING".equalsIgnoreCase(String.valueOf(m.get("direction")));
      } else if (first instanceof String s && s.strip().startsWith("{")) {
        // generated clients type sorts as strings; some send each sort object JSON-encoded
        Map<String, Object> m = dev.revsync.spi.Json.parseObject(s, "hubspot", "search sorts");
        sortProperty = m.get("propertyName") == null ? null : m.get("propertyName").toString();
        descending = "DESCENDING".equalsIgnoreCase(String.valueOf(m.get("direction")));
      } else if (first instanceof String s) { // the "-createdate" spelling
        descending = s.startsWith("-");
        sortProperty = descending ? s.substring(1) : s;
      }
    }
    String query =
        body.get("query") instanceof String q && !q.isBlank() ? q.toLowerCase(Locale.ROOT) : null;
    List<String> properties = new ArrayList<>();
    if (body.get("properties") instanceof List<?> list)
      for (Object o : list) if (o != null) properties.add(o.toString());
    List<String> shown = CrmApi.propertiesOrDefault(type, properties);

    ObjectTable table = sim.store().table(type.name);
    Instant visibleBefore =
        settings.searchIndexLag.isZero()
            ? null
            : sim.store().clock().instant().minus(settings.searchIndexLag);
    boolean inTableOrder =
        !descending && (sortProperty == null || sortProperty.equals(type.modifiedProperty));
    limit = Wire.pageSize(limit);
    List<SimRecord> page = new ArrayList<>();
    boolean more;
    String key =
        type.name
            + "|"
            + Wire.compact(body.get("filterGroups"))
            + "|"
            + sortProperty
            + "|"
            + descending
            + "|"
            + query;
    if (inTableOrder) {
      Position start =
          offset == 0 ? lowestPosition(type, groups) : pageEnds.get(key + "#" + offset);
      int skip = 0;
      if (offset > 0 && start == null) {
        start = lowestPosition(type, groups);
        skip = offset; // a cursor from before the simulator remembered it: count from the start
      }
      Iterator<SimRecord> it =
          start == null
              ? table.scan(null, null, false)
              : table.scan(start.modifiedAt(), start.id(), false);
      SimRecord last = null;
      more = false;
      while (it.hasNext()) {
        SimRecord r = it.next();
        if (visibleBefore != null && !r.modifiedAt().isBefore(visibleBefore)) continue;
        if (!matches(type, r, groups, query)) continue;
        if (skip > 0) {
          skip--;
          continue;
        }
        if (page.size() == limit) {
          more = true;
          break;
        }
        page.add(r);
        last = r;
      }
      if (more && last != null)
        pageEnds.put(key + "#" + (offset + limit), new Position(last.modifiedAt(), last.id()));
    } else {
      List<SimRecord> all = new ArrayList<>();
      table.stream(false)
          .forEach(
              r -> {
                if ((visibleBefore == null || r.modifiedAt().isBefore(visibleBefore))
                    && matches(type, r, groups, query)) all.add(r);
              });
      String sortBy = sortProperty;
      Comparator<SimRecord> order =
          Comparator.comparing(
              (SimRecord r) -> sortKey(type, r, sortBy), CrmSearch::compareSortKeys);
      if (descending) order = order.reversed();
      all.sort(order.thenComparing(r -> Long.parseLong(r.id())));
      for (int i = offset; i < Math.min(all.size(), offset + limit); i++) page.add(all.get(i));
      more = all.size() > offset + limit;
    }
    long total = total(type, table, groups, query, visibleBefore);
    int nextOffset = offset + limit;
    boolean hasMore = more;
    return Wire.json(
        200,
        call.correlationId(),
        w -> {
          w.beginObject();
          w.name("total").value(total);
          w.name("results").beginArray();
          for (SimRecord r : page) CrmRecords.write(w, type, r, shown, List.of(), List.of(), sim);
          w.endArray();
          if (hasMore) {
            w.name("paging")
                .beginObject()
                .name("next")
                .beginObject()
                .name("after")
                .value(Integer.toString(nextOffset))
                .endObject()
                .endObject();
          }
          w.endObject();
        });
  }

  private static String parseGroups(Object raw, List<List<Filter>> groups) {
    if (raw == null) return null;
    if (!(raw instanceof List<?> list)) return "filterGroups must be a list";
    int total = 0;
    for (Object g : list) {
      if (!(g instanceof Map<?, ?> group) || !(group.get("filters") instanceof List<?> filters)) {
        return "Each filter group needs a filters list";
      }
      List<Filter> parsed = new ArrayList<>();
      for (Object f : filters) {
        if (!(f instanceof Map<?, ?> m)
            || m.get("propertyName") == null
            || m.get("operator") == null) {
          return "Each filter needs propertyName and operator";
        }
        String op = m.get("operator").toString();
        if (!OPERATORS.contains(op))
          return "Unknown filter operator " + op + "; use one of " + OPERATORS;
        List<String> values = new ArrayList<>();
        if (m.get("values") instanceof List<?> vs)
          for (Object v : vs) values.add(String.valueOf(v));
        parsed.add(
            new Filter(
                m.get("propertyName").toString(),
                op,
                m.get("value") == null ? null : str(m.get("value")),
                m.get("highValue") == null ? null : str(m.get("highValue")),
                values));
      }
      if (parsed.size() > 10)
        return "A filter group may hold at most 10 filters, got " + parsed.size();
      total += parsed.size();
      groups.add(parsed);
    }
    if (groups.size() > 5) return "At most 5 filter groups are allowed, got " + groups.size();
    if (total > 25) return "At most 25 filters are allowed in total, got " + total;
    return null;
  }

  private static String str(Object value) {
    return value instanceof BigDecimal d ? d.toPlainString() : value.toString();
  }

  private boolean matches(CrmType type, SimRecord r, List<List<Filter>> groups, String query) {
    if (query != null) {
      boolean hit = r.id().equals(query);
      for (Object v : r.fields().values()) {
        if (hit) break;
        hit = v instanceof String s && s.toLowerCase(Locale.ROOT).contains(query);
      }
      if (!hit) return false;
    }
    if (groups.isEmpty()) return true;
    for (List<Filter> group : groups) {
      boolean all = true;
      for (Filter f : group) {
        if (!matches(type, r, f)) {
          all = false;
          break;
        }
      }
      if (all) return true;
    }
    return false;
  }

  private static boolean matches(CrmType type, SimRecord r, Filter f) {
    Property def = type.property(f.property());
    Object value = def == null ? null : CrmRecords.value(type, r, f.property());
    switch (f.operator()) {
      case "HAS_PROPERTY":
        return value != null;
      case "NOT_HAS_PROPERTY":
        return value == null;
      case "IN":
      case "NOT_IN":
        {
          boolean in = false;
          for (String v : f.values()) in |= value != null && compare(def, value, v) == 0;
          return f.operator().equals("IN") == in;
        }
      case "CONTAINS_TOKEN":
      case "NOT_CONTAINS_TOKEN":
        {
          String token =
              f.value() == null ? "" : f.value().replace("*", "").toLowerCase(Locale.ROOT);
          boolean contains =
              value != null && def.format(value).toLowerCase(Locale.ROOT).contains(token);
          return f.operator().equals("CONTAINS_TOKEN") == contains;
        }
      default:
        break;
    }
    if (value == null || f.value() == null)
      return f.operator().equals("NEQ") && value == null && f.value() != null;
    int c = compare(def, value, f.value());
    return switch (f.operator()) {
      case "EQ" -> c == 0;
      case "NEQ" -> c != 0;
      case "LT" -> c < 0;
      case "LTE" -> c <= 0;
      case "GT" -> c > 0;
      case "GTE" -> c >= 0;
      case "BETWEEN" -> c >= 0 && f.highValue() != null && compare(def, value, f.highValue()) <= 0;
      default -> false;
    };
  }

  /**
   * Compares a stored value with a filter value: numbers and times numerically, text without case.
   */
  private static int compare(Property def, Object stored, String filterValue) {
    switch (def.type()) {
      case "number":
        {
          try {
            return new BigDecimal(stored.toString()).compareTo(new BigDecimal(filterValue.strip()));
          } catch (NumberFormatException e) {
            return stored.toString().compareTo(filterValue);
          }
        }
      case "datetime":
      case "date":
        {
          Long filterMillis = millis(filterValue);
          long storedMillis =
              stored instanceof Instant at
                  ? at.toEpochMilli()
                  : stored instanceof LocalDate d
                      ? d.atStartOfDay(ZoneOffset.UTC).toInstant().toEpochMilli()
                      : Long.MIN_VALUE;
          return filterMillis == null ? -1 : Long.compare(storedMillis, filterMillis);
        }
      case "bool":
        return Boolean.valueOf(filterValue.equalsIgnoreCase("true")).equals(stored) ? 0 : 1;
      default:
        return def.format(stored)
            .toLowerCase(Locale.ROOT)
            .compareTo(filterValue.toLowerCase(Locale.ROOT));
    }
  }

  /** Epoch milliseconds from a filter's digits or ISO-8601 value (both accepted), or null. */
  private static Long millis(String value) {
    String v = value.strip();
    if (!v.isEmpty() && v.chars().allMatch(Character::isDigit)) return Long.parseLong(v);
    try {
      return Instant.parse(v).toEpochMilli();
    } catch (DateTimeParseException e) {
      try {
        return LocalDate.parse(v).atStartOfDay(ZoneOffset.UTC).toInstant().toEpochMilli();
      } catch (DateTimeParseException e2) {
        return null;
      }
    }
  }

  private static Comparable<?> sortKey(CrmType type, SimRecord r, String property) {
    if (property == null) return Long.parseLong(r.id());
    Object v = CrmRecords.value(type, r, property);
    if (v instanceof Instant at) return at.toEpochMilli();
    if (v instanceof BigDecimal d) return d;
    if (v instanceof LocalDate d) return d.toEpochDay();
    return v == null ? null : v.toString().toLowerCase(Locale.ROOT);
  }

  @SuppressWarnings({"unchecked", "rawtypes"})
  private static int compareSortKeys(Comparable a, Comparable b) {
    if (a == null || b == null) return a == null ? (b == null ? 0 : -1) : 1;
    if (a.getClass() != b.getClass()) return a.toString().compareTo(b.toString());
    return a.compareTo(b);
  }

  /**
   * The lowest (modified, id) position every group allows, as a scan start (exclusive), or null for
   * the start.
   */
  private static Position lowestPosition(CrmType type, List<List<Filter>> groups) {
    if (groups.isEmpty()) return null;
    Position lowest = null;
    for (List<Filter> group : groups) {
      Position p = null;
      for (Filter f : group) {
        if (!f.property().equals(type.modifiedProperty) || f.value() == null) continue;
        Long ms = millis(f.value());
        if (ms == null) continue;
        Instant at = Instant.ofEpochMilli(ms);
        Position candidate =
            switch (f.operator()) {
              case "GT" -> new Position(at.plusMillis(1).minusNanos(1), null);
              case "GTE", "EQ", "BETWEEN" -> new Position(at.minusNanos(1), null);
              default -> null;
            };
        if (candidate != null && (p == null || candidate.modifiedAt().isAfter(p.modifiedAt())))
          p = candidate;
      }
      if (p == null) return null; // this group has no lower bound on the cursor: scan everything
      if (lowest == null || p.modifiedAt().isBefore(lowest.modifiedAt())) lowest = p;
    }
    return lowest;
  }

  /**
   * The number of matches: counted from table positions when every group is a range of modification
   * times (optionally with an {@code hs_object_id GT} tie-breaker on one exact time) and the groups
   * do not overlap; otherwise by scanning.
   */
  private long total(
      CrmType type,
      ObjectTable table,
      List<List<Filter>> groups,
      String query,
      Instant visibleBefore) {
    if (query == null) {
      long sum = 0;
      List<Instant[]> spans = new ArrayList<>();
      boolean ranges = !groups.isEmpty();
      for (List<Filter> group : groups) {
        Instant lower = null;
        Instant upper = null; // exclusive
        String afterId = null;
        for (Filter f : group) {
          Long ms = f.value() == null ? null : millis(f.value());
          if (f.property().equals(type.modifiedProperty) && ms != null) {
            Instant at = Instant.ofEpochMilli(ms);
            switch (f.operator()) {
              case "GT" -> lower = max(lower, at.plusMillis(1));
              case "GTE" -> lower = max(lower, at);
              case "LT" -> upper = min(upper, at);
              case "LTE" -> upper = min(upper, at.plusMillis(1));
              case "EQ" -> {
                lower = max(lower, at);
                upper = min(upper, at.plusMillis(1));
              }
              default -> ranges = false;
            }
          } else if (f.property().equals("hs_object_id")
              && f.operator().equals("GT")
              && f.value() != null) {
            afterId = f.value();
          } else {
            ranges = false;
          }
        }
        if (!ranges) break;
        if (afterId != null
            && (lower == null || upper == null || !upper.equals(lower.plusMillis(1)))) {
          ranges = false; // an id tie-breaker only counts by position on one exact time
          break;
        }
        if (visibleBefore != null) upper = min(upper, visibleBefore);
        Instant from = lower == null ? null : lower;
        for (Instant[] s : spans) {
          boolean disjoint =
              (upper != null && s[0] != null && !upper.isAfter(s[0]))
                  || (s[1] != null && from != null && !from.isBefore(s[1]));
          if (!disjoint) ranges = false;
        }
        if (!ranges) break;
        spans.add(new Instant[] {from, upper});
        if (from == null) sum += table.count(null, null, upper, false);
        else if (afterId != null) sum += table.count(from, padded(afterId), upper, false);
        else sum += table.count(from.minusNanos(1), null, upper, false);
      }
      if (ranges) return sum;
    }
    long[] n = {0};
    table.stream(false)
        .forEach(
            r -> {
              if ((visibleBefore == null || r.modifiedAt().isBefore(visibleBefore))
                  && matches(type, r, groups, query)) n[0]++;
            });
    return n[0];
  }

  /** An id as the table orders ids (fixed width), for a position after it. */
  private static String padded(String id) {
    String digits = id.strip();
    return digits.length() >= 11 ? digits : "0".repeat(11 - digits.length()) + digits;
  }

  private static Instant max(Instant a, Instant b) {
    return a == null || b.isAfter(a) ? b : a;
  }

  private static Instant min(Instant a, Instant b) {
    return a == null || b.isBefore(a) ? b : a;
  }
}
