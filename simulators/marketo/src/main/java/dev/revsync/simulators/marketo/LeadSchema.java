package dev.revsync.simulators.marketo;

import dev.revsync.simulators.DataGenerator;
import dev.revsync.simulators.RecordFactory;
import dev.revsync.simulators.SimRecord;
import java.math.BigDecimal;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;

/**
 * The simulated subscription's lead fields (REST names, Marketo data types) and the generated
 * leads. Lead ids are integers from 1 in creation order, as in a real subscription. Immutable.
 */
final class LeadSchema {
  /** One lead field as {@code describe2.json} lists it. */
  record Field(
      int id,
      String name,
      String displayName,
      String dataType,
      Integer length,
      boolean updateable,
      boolean custom) {}

  static final List<Field> FIELDS =
      List.of(
          new Field(1, "id", "Id", "integer", null, false, false),
          new Field(2, "email", "Email Address", "email", 255, true, false),
          new Field(3, "firstName", "First Name", "string", 255, true, false),
          new Field(4, "lastName", "Last Name", "string", 255, true, false),
          new Field(5, "company", "Company Name", "string", 255, true, false),
          new Field(6, "title", "Job Title", "string", 255, true, false),
          new Field(7, "phone", "Phone Number", "phone", 255, true, false),
          new Field(8, "city", "City", "string", 255, true, false),
          new Field(9, "state", "State", "string", 255, true, false),
          new Field(10, "country", "Country", "string", 255, true, false),
          new Field(11, "industry", "Industry", "string", 255, true, false),
          new Field(12, "leadScore", "Lead Score", "score", null, true, false),
          new Field(13, "annualRevenue", "Annual Revenue", "currency", null, true, false),
          new Field(14, "unsubscribed", "Unsubscribed", "boolean", null, true, false),
          new Field(15, "dateOfBirth", "Date of Birth", "date", null, true, false),
          new Field(16, "revsyncScore", "revsync Score", "integer", null, true, true),
          new Field(17, "revsyncSegment", "revsync Segment", "string", 255, true, true),
          new Field(18, "createdAt", "Created At", "datetime", null, false, false),
          new Field(19, "updatedAt", "Updated At", "datetime", null, false, false));

  /** What {@code leads.json} returns without {@code fields}. */
  static final List<String> DEFAULT_FIELDS =
      List.of("id", "updatedAt", "lastName", "email", "firstName", "createdAt");

  /** What {@code filterType} accepts, as {@code searchableFields} lists it. */
  static final List<String> SEARCHABLE = List.of("id", "email", "company", "revsyncSegment");

  private static final Map<String, Field> BY_NAME = new LinkedHashMap<>();

  static {
    for (Field f : FIELDS) BY_NAME.put(f.name(), f);
  }

  private LeadSchema() {}

  static Field field(String name) {
    return BY_NAME.get(name);
  }

  static List<String> allNames() {
    List<String> names = new ArrayList<>();
    for (Field f : FIELDS) names.add(f.name());
    return names;
  }

  /**
   * A lead field's value as the REST API writes it in JSON: numbers, booleans, dates and times as
   * text.
   */
  static Object jsonValue(SimRecord lead, String field) {
    switch (field) {
      case "id":
        return Long.parseLong(lead.id());
      case "createdAt":
        return Wire.time(lead.createdAt() == null ? lead.modifiedAt() : lead.createdAt());
      case "updatedAt":
        return Wire.time(lead.modifiedAt());
      default:
        Object v = lead.get(field);
        return v instanceof LocalDate ? v.toString() : v;
    }
  }

  /** The lead's value as bulk extract writes it in a CSV cell ({@code nullText} for null). */
  static String csvValue(SimRecord lead, String field, String nullText) {
    Object v = jsonValue(lead, field);
    if (v == null) return nullText;
    if (v instanceof BigDecimal) return ((BigDecimal) v).toPlainString();
    return v.toString();
  }

  /** Generated leads: ids 1, 2, 3 ... sorting as integers. */
  static final class Factory implements RecordFactory {
    @Override
    public String id(long index) {
      return Long.toString(index + 1);
    }

    @Override
    public Comparator<String> idOrder() {
      return NUMERIC_IDS;
    }

    @Override
    public Map<String, Object> fields(long index, String id, Random r) {
      String first = DataGenerator.firstName(r);
      String last = DataGenerator.lastName(r);
      String company = DataGenerator.company(r);
      Map<String, Object> m = new LinkedHashMap<>();
      // the index keeps addresses unique, as Marketo's email dedupe expects
      String email = DataGenerator.email(r, first, last, company);
      m.put("email", email.replace("@", "+" + id + "@"));
      m.put("firstName", first);
      m.put("lastName", last);
      m.put("company", company);
      m.put("title", DataGenerator.sometimesNull(r, 0.2, DataGenerator.jobTitle(r)));
      m.put("phone", DataGenerator.sometimesNull(r, 0.3, DataGenerator.phone(r)));
      m.put("city", DataGenerator.city(r));
      m.put("state", DataGenerator.sometimesNull(r, 0.4, DataGenerator.state(r)));
      m.put("country", DataGenerator.country(r));
      m.put("industry", DataGenerator.industry(r));
      m.put("leadScore", DataGenerator.integer(r, 0, 200));
      m.put(
          "annualRevenue",
          DataGenerator.sometimesNull(r, 0.3, DataGenerator.decimal(r, 10_000, 5_000_000, 2)));
      m.put("unsubscribed", DataGenerator.bool(r, 0.05));
      m.put(
          "dateOfBirth",
          DataGenerator.sometimesNull(
              r, 0.6, DataGenerator.date(r, LocalDate.of(1950, 1, 1), LocalDate.of(2004, 12, 31))));
      m.put("revsyncScore", null);
      m.put(
          "revsyncSegment",
          DataGenerator.sometimesNull(r, 0.5, DataGenerator.pick(r, List.of("A", "B", "C"))));
      return m;
    }
  }
}
