package dev.revsync.simulators.dynamics;

import dev.revsync.simulators.DataGenerator;
import dev.revsync.simulators.RecordFactory;
import java.math.BigDecimal;
import java.time.Instant;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;

/**
 * Generated rows for each table of {@link DynamicsSchema}, keyed by JSON property (lookups as
 * {@code _x_value}); the primary id, createdon and modifiedon come from the record itself. Values
 * are in the simulator's types: String, Long (integers and choices), BigDecimal (money, decimal,
 * double), Boolean, LocalDate (date-only columns), Instant. Stateless and thread-safe.
 */
final class DynamicsData {
  /**
   * The one currency of the simulated org (what a money column drags in as {@code
   * _transactioncurrencyid_value}).
   */
  static final String CURRENCY_ID = Guids.named("transactioncurrency/USD");

  private static final LocalDate EPOCH = LocalDate.of(2020, 1, 1);

  private final Map<String, Long> counts;
  private final LocalDate today;

  DynamicsData(Map<String, Long> counts, LocalDate today) {
    this.counts = counts;
    this.today = today;
  }

  /**
   * Table tag of {@code type}: the first id group stays the index, the second tells tables apart.
   */
  static int tag(EntityType type) {
    return type.objectTypeCode() & 0xffff;
  }

  RecordFactory factory(EntityType type) {
    int tag = tag(type);
    return new RecordFactory() {
      @Override
      public String id(long index) {
        return Guids.record(tag, index);
      }

      @Override
      public Map<String, Object> fields(long index, String id, Random r) {
        return generate(type.logicalName(), r);
      }
    };
  }

  private String someId(String logicalName, int tag, Random r) {
    long n = counts.getOrDefault(logicalName, 0L);
    return n <= 0 ? null : Guids.record(tag, (long) (r.nextDouble() * n));
  }

  private Map<String, Object> generate(String table, Random r) {
    Map<String, Object> f = new LinkedHashMap<>();
    switch (table) {
      case "account" -> {
        String company = DataGenerator.company(r);
        f.put("name", company);
        f.put(
            "accountnumber",
            "ACC-" + (100_000 + r.nextInt(900_000)) + "-" + (char) ('A' + r.nextInt(26)));
        f.put("telephone1", DataGenerator.sometimesNull(r, 0.2, DataGenerator.phone(r)));
        f.put(
            "emailaddress1",
            DataGenerator.sometimesNull(r, 0.3, "info@" + DataGenerator.domain(r, company)));
        f.put(
            "websiteurl",
            DataGenerator.sometimesNull(r, 0.3, "https://www." + DataGenerator.domain(r, company)));
        f.put("address1_city", DataGenerator.city(r));
        f.put("address1_country", DataGenerator.country(r));
        f.put(
            "industrycode",
            DataGenerator.sometimesNull(
                r, 0.2, DataGenerator.pick(r, choices(DynamicsSchema.INDUSTRY))));
        f.put(
            "numberofemployees",
            DataGenerator.sometimesNull(r, 0.2, DataGenerator.integer(r, 1, 250_000)));
        BigDecimal revenue =
            DataGenerator.sometimesNull(r, 0.3, DataGenerator.decimal(r, 10_000, 50_000_000, 2));
        f.put("revenue", revenue);
        f.put("_transactioncurrencyid_value", revenue == null ? null : CURRENCY_ID);
        f.put(
            "_primarycontactid_value",
            DataGenerator.sometimesNull(r, 0.4, someId("contact", 2, r)));
        f.put("donotemail", DataGenerator.bool(r, 0.1));
        f.put("new_revsyncscore", null);
        f.put("new_enrichedindustry", null);
        state(f, r);
      }
      case "contact" -> person(f, r, true);
      case "lead" -> {
        person(f, r, false);
        f.put("subject", "Interested in " + DataGenerator.industry(r) + " solutions");
        f.put("companyname", DataGenerator.company(r));
        f.put("leadsourcecode", DataGenerator.pick(r, choices(DynamicsSchema.LEAD_SOURCE)));
      }
      case "opportunity" -> {
        f.put(
            "name",
            DataGenerator.pick(r, List.of("Renewal", "Upsell", "New deal", "Expansion"))
                + " "
                + DataGenerator.company(r));
        BigDecimal value = DataGenerator.decimal(r, 1_000, 2_000_000, 2);
        f.put("estimatedvalue", value);
        f.put("_transactioncurrencyid_value", CURRENCY_ID);
        f.put(
            "estimatedclosedate", DataGenerator.date(r, today.minusDays(30), today.plusDays(180)));
        f.put("closeprobability", DataGenerator.integer(r, 0, 100));
        f.put("_parentaccountid_value", someId("account", 1, r));
        f.put("new_revsyncscore", null);
        f.put("statecode", 0L);
      }
      case "campaign" -> {
        f.put(
            "name",
            DataGenerator.pick(r, List.of("Spring", "Summer", "Autumn", "Winter"))
                + " "
                + DataGenerator.industry(r)
                + " push");
        f.put("typecode", DataGenerator.pick(r, choices(DynamicsSchema.CAMPAIGN_TYPE)));
        BigDecimal cost = DataGenerator.decimal(r, 500, 250_000, 2);
        f.put("budgetedcost", cost);
        f.put("_transactioncurrencyid_value", CURRENCY_ID);
        f.put("actualstart", DataGenerator.date(r, EPOCH, today));
        f.put("statecode", 0L);
      }
      case "activitypointer" -> {
        String kind = DataGenerator.pick(r, List.of("task", "email", "phonecall", "appointment"));
        f.put(
            "subject",
            switch (kind) {
                  case "task" -> "Follow up";
                  case "email" -> "Re: proposal";
                  case "phonecall" -> "Call back";
                  default -> "Meeting";
                }
                + " #"
                + r.nextInt(10_000));
        f.put("activitytypecode", kind);
        f.put(
            "scheduledend",
            DataGenerator.sometimesNull(
                r,
                0.3,
                DataGenerator.instant(
                    r,
                    Instant.parse("2025-01-01T00:00:00Z"),
                    Instant.parse("2027-01-01T00:00:00Z"))));
        f.put(
            "_regardingobjectid_value",
            DataGenerator.sometimesNull(r, 0.2, someId("contact", 2, r)));
        f.put("prioritycode", DataGenerator.pick(r, choices(DynamicsSchema.PRIORITY)));
        f.put(
            "actualdurationminutes",
            DataGenerator.sometimesNull(r, 0.5, DataGenerator.integer(r, 5, 240)));
        f.put("statecode", DataGenerator.bool(r, 0.7) ? 1L : 0L);
      }
      case "new_project" -> {
        f.put("new_name", "Project " + DataGenerator.lastName(r) + " " + r.nextInt(1000));
        f.put("new_budget", DataGenerator.decimal(r, 0, 1_000_000, 4));
        f.put("new_weight", DataGenerator.decimal(r, 0, 1, 6));
        f.put("new_units", DataGenerator.integer(r, 0, 9_000_000_000L));
        f.put(
            "new_description",
            DataGenerator.sometimesNull(r, 0.5, "Line one, \"quoted\"\nLine two ünïcode"));
        f.put("_new_accountid_value", DataGenerator.sometimesNull(r, 0.3, someId("account", 1, r)));
        f.put("statecode", 0L);
      }
      default -> throw new IllegalArgumentException("no data for table " + table);
    }
    return f;
  }

  private void person(Map<String, Object> f, Random r, boolean contact) {
    String first = DataGenerator.firstName(r);
    String last = DataGenerator.lastName(r);
    String company = DataGenerator.company(r);
    f.put("firstname", first);
    f.put("lastname", last);
    f.put("fullname", first + " " + last);
    f.put(
        "emailaddress1",
        DataGenerator.email(r, first, last, company)
            .replace("@", "." + r.nextInt(1_000_000) + "@"));
    if (contact) {
      f.put("jobtitle", DataGenerator.sometimesNull(r, 0.2, DataGenerator.jobTitle(r)));
      f.put("telephone1", DataGenerator.sometimesNull(r, 0.3, DataGenerator.phone(r)));
      f.put("address1_city", DataGenerator.city(r));
      f.put(
          "_parentcustomerid_value", DataGenerator.sometimesNull(r, 0.3, someId("account", 1, r)));
      f.put(
          "birthdate",
          DataGenerator.sometimesNull(
              r, 0.6, DataGenerator.date(r, LocalDate.of(1950, 1, 1), LocalDate.of(2004, 12, 31))));
      BigDecimal limit =
          DataGenerator.sometimesNull(r, 0.5, DataGenerator.decimal(r, 0, 100_000, 2));
      f.put("creditlimit", limit);
      f.put("_transactioncurrencyid_value", limit == null ? null : CURRENCY_ID);
      f.put("donotemail", DataGenerator.bool(r, 0.1));
      f.put("new_enrichedtitle", null);
    }
    f.put("new_leadscore", DataGenerator.sometimesNull(r, 0.5, DataGenerator.integer(r, 0, 100)));
    state(f, r);
  }

  private static void state(Map<String, Object> f, Random r) {
    boolean inactive = DataGenerator.bool(r, 0.05);
    f.put("statecode", inactive ? 1L : 0L);
    f.put("statuscode", inactive ? 2L : 1L);
  }

  private static List<Long> choices(Map<Long, String> options) {
    List<Long> values = new ArrayList<>(options.keySet());
    values.sort(Long::compare);
    return values;
  }
}
