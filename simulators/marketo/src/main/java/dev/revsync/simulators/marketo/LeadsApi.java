package dev.revsync.simulators.marketo;

import dev.revsync.simulators.FaultPlan;
import dev.revsync.simulators.ObjectTable;
import dev.revsync.simulators.SimRecord;
import dev.revsync.simulators.SimulatorServer;
import java.math.BigDecimal;
import java.time.LocalDate;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import mockwebserver3.MockResponse;

/**
 * {@code /rest/v1/leads.json} (read by filter, sync) and the describe calls. Thread-safe: the table
 * is; a write of one batch is serialized so near-simultaneous upserts of one key do not both create
 * a lead.
 */
final class LeadsApi {
  static final int MAX_BATCH = 300;

  /** Leads in a page answered with {@link FaultPlan.Fault#HUGE_PAGE}. */
  static final int HUGE_PAGE = 10 * MAX_BATCH;

  private final ObjectTable leads;
  private final Object writeLock = new Object();

  LeadsApi(ObjectTable leads) {
    this.leads = leads;
  }

  /**
   * {@code GET /rest/v1/leads.json?filterType=&filterValues=&fields=&batchSize=&nextPageToken=}.
   */
  MockResponse get(Map<String, String> q) {
    String filterType = q.get("filterType");
    if (filterType == null || filterType.isBlank())
      return Wire.error("1003", "filterType not specified");
    if (!LeadSchema.SEARCHABLE.contains(filterType)) {
      return Wire.error("1003", "Invalid filterType '" + filterType + "'");
    }
    List<String> values = Wire.csv(q.get("filterValues"));
    if (values.isEmpty()) return Wire.error("1003", "filterValues not specified");
    if (values.size() > MAX_BATCH)
      return Wire.error("1003", "Too many filter values, max " + MAX_BATCH);
    List<String> fields =
        q.get("fields") == null ? LeadSchema.DEFAULT_FIELDS : Wire.csv(q.get("fields"));
    for (String f : fields) {
      if (LeadSchema.field(f) == null) return Wire.error("1006", "Field '" + f + "' not found");
    }
    int batchSize;
    try {
      batchSize =
          q.get("batchSize") == null ? MAX_BATCH : Integer.parseInt(q.get("batchSize").trim());
    } catch (NumberFormatException e) {
      return Wire.error("1003", "Invalid batchSize '" + q.get("batchSize") + "'");
    }
    if (batchSize < 1 || batchSize > MAX_BATCH)
      return Wire.error("1003", "Invalid batchSize " + batchSize + ", max " + MAX_BATCH);
    int offset = 0;
    if (q.get("nextPageToken") != null) {
      String plain = Wire.untoken(q.get("nextPageToken"));
      if (plain == null || !plain.startsWith("leads:"))
        return Wire.error("1003", "Invalid paging token");
      offset = Integer.parseInt(plain.substring(6));
    }
    if (SimulatorServer.currentFault() == FaultPlan.Fault.HUGE_PAGE) {
      // a hostile server: leads far past batchSize, whatever the filter asked for
      List<Map<String, Object>> huge = new ArrayList<>();
      leads.stream(false).limit(HUGE_PAGE).forEach(r -> huge.add(render(r, fields)));
      return Wire.ok(huge);
    }
    List<SimRecord> matches = find(filterType, values);
    if (matches.size() > 1000) return Wire.error("1003", "Too many results match the filter");
    List<Map<String, Object>> result = new ArrayList<>();
    int end = Math.min(matches.size(), offset + batchSize);
    for (int i = offset; i < end; i++) result.add(render(matches.get(i), fields));
    Map<String, Object> extra = new LinkedHashMap<>();
    if (end < matches.size()) {
      extra.put("nextPageToken", Wire.token("leads:" + end));
      extra.put("moreResult", true);
    }
    return Wire.ok(result, extra);
  }

  /** {@code GET /rest/v1/lead/{id}.json?fields=}: the lead, or an empty result. */
  MockResponse byId(String id, Map<String, String> q) {
    List<String> fields =
        q.get("fields") == null ? LeadSchema.DEFAULT_FIELDS : Wire.csv(q.get("fields"));
    for (String f : fields) {
      if (LeadSchema.field(f) == null) return Wire.error("1006", "Field '" + f + "' not found");
    }
    SimRecord r = leads.get(id);
    return Wire.ok(r == null || r.deleted() ? List.of() : List.of(render(r, fields)));
  }

  static Map<String, Object> render(SimRecord lead, List<String> fields) {
    Map<String, Object> m = new LinkedHashMap<>();
    for (String f : fields) m.put(f, LeadSchema.jsonValue(lead, f));
    return m;
  }

  /** Live leads whose {@code field} is one of {@code values}, ids ascending for an id filter. */
  List<SimRecord> find(String field, List<String> values) {
    List<SimRecord> out = new ArrayList<>();
    if (field.equals("id")) {
      List<Long> ids = new ArrayList<>();
      for (String v : values) {
        try {
          ids.add(Long.parseLong(v));
        } catch (NumberFormatException e) {
          // Marketo ignores values that cannot be ids
        }
      }
      ids.sort(null);
      for (Long id : ids) {
        SimRecord r = leads.get(Long.toString(id));
        if (r != null && !r.deleted()) out.add(r);
      }
      return out;
    }
    java.util.Set<String> wanted = new java.util.HashSet<>();
    for (String v : values) wanted.add(v.toLowerCase(java.util.Locale.ROOT));
    for (Iterator<SimRecord> it = leads.scan(null, null, false); it.hasNext(); ) {
      SimRecord r = it.next();
      Object v = r.get(field);
      if (v != null && wanted.contains(v.toString().toLowerCase(java.util.Locale.ROOT))) out.add(r);
    }
    out.sort((a, b) -> Long.compare(Long.parseLong(a.id()), Long.parseLong(b.id())));
    return out;
  }

  /**
   * {@code POST /rest/v1/leads.json}: createOrUpdate / createOnly / updateOnly / createDuplicate.
   */
  MockResponse sync(Map<String, Object> body) {
    String action = body.get("action") == null ? "createOrUpdate" : body.get("action").toString();
    if (!List.of("createOrUpdate", "createOnly", "updateOnly", "createDuplicate")
        .contains(action)) {
      return Wire.error("1003", "Invalid action '" + action + "'");
    }
    String lookup = body.get("lookupField") == null ? "email" : body.get("lookupField").toString();
    if (LeadSchema.field(lookup) == null)
      return Wire.error("1006", "Lookup field '" + lookup + "' not found");
    if (lookup.equals("id") && !action.equals("updateOnly")) {
      return Wire.error("1003", "Lookup field 'id' is only allowed with action 'updateOnly'");
    }
    Object input = body.get("input");
    if (!(input instanceof List) || ((List<?>) input).isEmpty())
      return Wire.error("701", "input cannot be blank");
    List<?> records = (List<?>) input;
    if (records.size() > MAX_BATCH) return Wire.error("1003", "Too many records, max " + MAX_BATCH);
    List<Map<String, Object>> result = new ArrayList<>();
    synchronized (writeLock) {
      for (Object o : records) {
        result.add(
            o instanceof Map
                ? syncOne(action, lookup, asMap(o))
                : skipped("1003", "Invalid input record"));
      }
    }
    return Wire.ok(result);
  }

  @SuppressWarnings("unchecked")
  private static Map<String, Object> asMap(Object o) {
    return (Map<String, Object>) o;
  }

  private Map<String, Object> syncOne(String action, String lookup, Map<String, Object> in) {
    Map<String, Object> values = new LinkedHashMap<>();
    for (Map.Entry<String, Object> e : in.entrySet()) {
      LeadSchema.Field f = LeadSchema.field(e.getKey());
      if (f == null) return skipped("1006", "Field '" + e.getKey() + "' not found");
      if (f.name().equals("id")) continue;
      if (!f.updateable()) return skipped("1003", "Field '" + f.name() + "' is not updateable");
      Object converted;
      try {
        converted = convert(f, e.getValue());
      } catch (IllegalArgumentException bad) {
        return skipped(
            "1001",
            "Invalid value '" + e.getValue() + "'. Required of type '" + f.dataType() + "'");
      }
      values.put(f.name(), converted);
    }
    Object key = in.get(lookup);
    List<SimRecord> matches = List.of();
    if (!action.equals("createDuplicate")) {
      if (key == null || key.toString().isBlank()) {
        return skipped("1003", "Value for lookup field '" + lookup + "' not found");
      }
      matches = find(lookup, List.of(key.toString()));
    }
    if (matches.size() > 1) return skipped("1007", "Multiple lead match lookup criteria");
    if (matches.isEmpty()) {
      if (action.equals("updateOnly")) return skipped("1004", "Lead not found");
      if (values.get("email") instanceof String && !isAscii((String) values.get("email"))) {
        return skipped("1003", "Invalid email address");
      }
      SimRecord created = leads.insert(values);
      return Wire.map("id", Long.parseLong(created.id()), "status", "created");
    }
    if (action.equals("createOnly")) return skipped("1005", "Lead already exists");
    SimRecord updated = leads.update(matches.get(0).id(), values);
    if (updated == null) return skipped("1004", "Lead not found");
    return Wire.map("id", Long.parseLong(updated.id()), "status", "updated");
  }

  private static boolean isAscii(String s) {
    return s.chars().allMatch(c -> c < 128);
  }

  static Map<String, Object> skipped(String code, String message) {
    return Wire.map("status", "skipped", "reasons", List.of(Wire.reason(code, message)));
  }

  /**
   * A JSON value in the field's stored type; throws IllegalArgumentException when it does not fit.
   */
  static Object convert(LeadSchema.Field f, Object v) {
    if (v == null) return null;
    String s = v.toString();
    switch (f.dataType()) {
      case "integer":
      case "score":
        if (v instanceof Number && !(v instanceof BigDecimal && ((BigDecimal) v).scale() > 0)) {
          return ((Number) v).longValue();
        }
        try {
          return Long.parseLong(s.trim());
        } catch (NumberFormatException e) {
          throw new IllegalArgumentException(s, e);
        }
      case "currency":
      case "float":
        try {
          return new BigDecimal(s.trim());
        } catch (NumberFormatException e) {
          throw new IllegalArgumentException(s, e);
        }
      case "boolean":
        if (v instanceof Boolean) return v;
        if (s.equalsIgnoreCase("true") || s.equals("1")) return true;
        if (s.equalsIgnoreCase("false") || s.equals("0")) return false;
        throw new IllegalArgumentException(s);
      case "date":
        try {
          return LocalDate.parse(s.trim());
        } catch (DateTimeParseException e) {
          throw new IllegalArgumentException(s, e);
        }
      default:
        return s;
    }
  }

  /** {@code GET /rest/v1/leads/describe2.json}. */
  MockResponse describe2() {
    List<Map<String, Object>> fields = new ArrayList<>();
    for (LeadSchema.Field f : LeadSchema.FIELDS) {
      Map<String, Object> m =
          Wire.map("name", f.name(), "displayName", f.displayName(), "dataType", f.dataType());
      if (f.length() != null) m.put("length", f.length());
      m.put("updateable", f.updateable());
      m.put("crmManaged", false);
      fields.add(m);
    }
    List<List<String>> searchable = new ArrayList<>();
    for (String s : LeadSchema.SEARCHABLE) searchable.add(List.of(s));
    return Wire.ok(
        List.of(Wire.map("name", "API Lead", "searchableFields", searchable, "fields", fields)));
  }

  /** {@code GET /rest/v1/leads/describe.json} (the older shape). */
  MockResponse describe() {
    List<Map<String, Object>> out = new ArrayList<>();
    for (LeadSchema.Field f : LeadSchema.FIELDS) {
      Map<String, Object> m =
          Wire.map("id", f.id(), "displayName", f.displayName(), "dataType", f.dataType());
      if (f.length() != null) m.put("length", f.length());
      m.put("rest", Wire.map("name", f.name(), "readOnly", !f.updateable()));
      m.put(
          "soap",
          Wire.map(
              "name",
              Character.toUpperCase(f.name().charAt(0)) + f.name().substring(1),
              "readOnly",
              !f.updateable()));
      out.add(m);
    }
    return Wire.ok(out);
  }
}
