package dev.revsync.simulators.salesforce;

import dev.revsync.simulators.DataGenerator;
import dev.revsync.simulators.RecordFactory;
import java.math.BigDecimal;
import java.math.RoundingMode;
import java.time.LocalDate;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Random;

/**
 * The generated data of the simulated org: one {@link RecordFactory} per object, producing
 * realistic, reproducible field values (names, emails, addresses, revenue, stages, references that
 * point at records which exist). References are computed from the other objects' counts, so nothing
 * is held in memory.
 */
final class SalesforceData {
  private static final String[][] CITIES = {
    {"San Francisco", "CA", "94105", "United States", "37.7897", "-122.3972"},
    {"New York", "NY", "10001", "United States", "40.7506", "-73.9972"},
    {"Austin", "TX", "78701", "United States", "30.2711", "-97.7437"},
    {"Chicago", "IL", "60601", "United States", "41.8864", "-87.6186"},
    {"Seattle", "WA", "98101", "United States", "47.6101", "-122.3344"},
    {"Boston", "MA", "02110", "United States", "42.3572", "-71.0511"},
    {"Toronto", "ON", "M5H 2N2", "Canada", "43.6511", "-79.3832"},
    {"London", null, "EC2V 7HH", "United Kingdom", "51.5155", "-0.0922"},
    {"Paris", null, "75002", "France", "48.8686", "2.3431"},
    {"München", "BY", "80331", "Germany", "48.1374", "11.5755"},
    {"Tokyo", null, "100-0005", "Japan", "35.6812", "139.7671"},
    {"Sydney", "NSW", "2000", "Australia", "-33.8688", "151.2093"}
  };
  private static final String[] DEPARTMENTS = {
    "Sales", "Marketing", "Finance", "Engineering", "Operations", "Procurement", "IT", "Executive"
  };
  private static final String[] SUBJECTS = {
    "Call",
    "Send Letter",
    "Send Quote",
    "Email",
    "Follow up",
    "Demo",
    "Intro meeting",
    "Renewal check-in"
  };

  /** A user the simulator knows at the token endpoint (the first User records). */
  record KnownUser(String username, String firstName, String lastName, boolean active) {}

  private final Map<String, Long> counts;
  private final LocalDate today;
  private final List<KnownUser> knownUsers;

  SalesforceData(Map<String, Long> counts, LocalDate today, List<KnownUser> knownUsers) {
    this.counts = new HashMap<>(counts);
    this.today = today;
    this.knownUsers = List.copyOf(knownUsers);
  }

  RecordFactory factory(SObjectType type) {
    return new RecordFactory() {
      @Override
      public String id(long index) {
        return SfIds.of(type.keyPrefix(), index);
      }

      @Override
      public Map<String, Object> fields(long index, String id, Random random) {
        Map<String, Object> m = new HashMap<>(128);
        m.put("CreatedById", ref("User", random));
        m.put("LastModifiedById", ref("User", random));
        switch (type.name()) {
          case "Account" -> account(index, random, m);
          case "Contact" -> contact(index, random, m);
          case "Lead" -> lead(index, random, m);
          case "Opportunity" -> opportunity(index, random, m);
          case "Campaign" -> campaign(index, random, m);
          case "CampaignMember" -> campaignMember(random, m);
          case "Task" -> task(random, m);
          case "User" -> user(index, random, m);
          default -> throw new IllegalStateException("no factory for " + type.name());
        }
        return m;
      }
    };
  }

  private String ref(String object, Random random) {
    long n = counts.getOrDefault(object, 0L);
    if (n <= 0) return null;
    return SfIds.of(prefix(object), (long) (random.nextDouble() * n));
  }

  private static String prefix(String object) {
    return switch (object) {
      case "Account" -> "001";
      case "Contact" -> "003";
      case "Lead" -> "00Q";
      case "Opportunity" -> "006";
      case "Campaign" -> "701";
      case "CampaignMember" -> "00v";
      case "Task" -> "00T";
      case "User" -> "005";
      default -> throw new IllegalArgumentException(object);
    };
  }

  private static <T> T pick(T[] values, Random r) {
    return values[r.nextInt(values.length)];
  }

  private static String slug(String s) {
    return s.toLowerCase(Locale.ROOT).replaceAll("[^a-z0-9]+", "");
  }

  private static String ascii(String s) {
    return java.text.Normalizer.normalize(s, java.text.Normalizer.Form.NFD)
        .replaceAll("[^\\p{ASCII}]", "");
  }

  private static void address(Map<String, Object> m, String prefix, Random r) {
    String[] city = pick(CITIES, r);
    m.put(
        prefix + "Street",
        DataGenerator.street(r) + (r.nextInt(5) == 0 ? "\nSuite " + (100 + r.nextInt(900)) : ""));
    m.put(prefix + "City", city[0]);
    m.put(prefix + "State", city[1]);
    m.put(prefix + "PostalCode", city[2]);
    m.put(prefix + "Country", city[3]);
    boolean geocoded = r.nextInt(3) > 0;
    int c = cityIndex(city);
    m.put(prefix + "Latitude", geocoded ? LATITUDES[c].add(jitter(r)) : null);
    m.put(prefix + "Longitude", geocoded ? LONGITUDES[c].add(jitter(r)) : null);
    m.put(prefix + "GeocodeAccuracy", geocoded ? "Address" : null);
  }

  private static final BigDecimal[] LATITUDES = new BigDecimal[CITIES.length];
  private static final BigDecimal[] LONGITUDES = new BigDecimal[CITIES.length];

  static {
    for (int i = 0; i < CITIES.length; i++) {
      LATITUDES[i] = new BigDecimal(CITIES[i][4]);
      LONGITUDES[i] = new BigDecimal(CITIES[i][5]);
    }
  }

  private static int cityIndex(String[] city) {
    for (int i = 0; i < CITIES.length; i++) if (CITIES[i] == city) return i;
    throw new IllegalStateException();
  }

  private static BigDecimal jitter(Random r) {
    return BigDecimal.valueOf(r.nextInt(20001) - 10000, 6);
  }

  private static String externalId(String prefix, long index, Random r, int percentSet) {
    return r.nextInt(100) < percentSet ? externalIdOf(prefix, index) : null;
  }

  /** The generated external id of record {@code index}; see {@link #indexOfExternalId}. */
  static String externalIdOf(String prefix, long index) {
    String digits = Long.toString(index);
    StringBuilder b =
        new StringBuilder(prefix.length() + 1 + Math.max(8, digits.length()))
            .append(prefix)
            .append('-');
    for (int i = digits.length(); i < 8; i++) b.append('0');
    return b.append(digits).toString();
  }

  /** The index a generated external id encodes, or -1. */
  static long indexOfExternalId(String object, String value) {
    String p = externalIdPrefix(object);
    if (p == null || value == null || !value.startsWith(p + "-")) return -1;
    try {
      return Long.parseLong(value.substring(p.length() + 1));
    } catch (NumberFormatException e) {
      return -1;
    }
  }

  static String externalIdPrefix(String object) {
    return switch (object) {
      case "Account" -> "ACC";
      case "Contact" -> "CON";
      case "Lead" -> "LEAD";
      default -> null;
    };
  }

  private static BigDecimal score(Random r) {
    return r.nextInt(10) < 3 ? BigDecimal.valueOf(r.nextInt(10001), 2) : null;
  }

  private void account(long index, Random r, Map<String, Object> m) {
    String name = DataGenerator.company(r);
    m.put("Name", name);
    m.put(
        "Type",
        pick(new String[] {"Prospect", "Customer - Direct", "Customer - Channel", "Other"}, r));
    m.put("ParentId", null);
    m.put("Industry", r.nextInt(8) == 0 ? null : pick(SalesforceSchema.INDUSTRIES, r));
    m.put(
        "AnnualRevenue",
        r.nextInt(5) == 0 ? null : BigDecimal.valueOf((1 + r.nextInt(50_000)) * 10_000L));
    m.put("NumberOfEmployees", r.nextInt(6) == 0 ? null : (long) (1 + r.nextInt(50_000)));
    m.put("Website", "https://www." + DataGenerator.domain(r, name));
    m.put("Phone", DataGenerator.phone(r));
    m.put(
        "Description",
        r.nextInt(4) == 0
            ? "Key account, \"strategic\" tier;\nrenewal in Q" + (1 + r.nextInt(4))
            : null);
    address(m, "Billing", r);
    if (r.nextBoolean()) address(m, "Shipping", r);
    m.put("OwnerId", ref("User", r));
    m.put("Score__c", score(r));
    m.put("Score_Reason__c", null);
    m.put("Enrichment_Industry__c", null);
    m.put("Enrichment_Revenue__c", null);
    m.put("External_Id__c", externalId("ACC", index, r, 90));
  }

  private void person(long index, Random r, Map<String, Object> m, String domainSource) {
    String first = r.nextInt(30) == 0 ? null : DataGenerator.firstName(r);
    String last = DataGenerator.lastName(r);
    m.put("FirstName", first);
    m.put("LastName", last);
    m.put("Name", first == null ? last : first + " " + last);
    m.put(
        "Email",
        r.nextInt(20) == 0
            ? null
            : DataGenerator.email(r, first == null ? "" : first, last, domainSource));
    m.put("Phone", r.nextInt(4) == 0 ? null : DataGenerator.phone(r));
    m.put("Title", DataGenerator.jobTitle(r));
  }

  private void contact(long index, Random r, Map<String, Object> m) {
    m.put("AccountId", r.nextInt(20) == 0 ? null : ref("Account", r));
    person(index, r, m, DataGenerator.company(r));
    m.put("Department", pick(DEPARTMENTS, r));
    m.put("LeadSource", r.nextInt(3) == 0 ? null : pick(SalesforceSchema.LEAD_SOURCES, r));
    m.put(
        "Birthdate",
        r.nextInt(4) == 0 ? today.minusYears(25 + r.nextInt(40)).minusDays(r.nextInt(365)) : null);
    m.put("HasOptedOutOfEmail", r.nextInt(15) == 0);
    address(m, "Mailing", r);
    m.put("OwnerId", ref("User", r));
    m.put("Score__c", score(r));
    m.put("Score_Reason__c", null);
    m.put("Enrichment_Industry__c", null);
    m.put("External_Id__c", externalId("CON", index, r, 85));
  }

  private void lead(long index, Random r, Map<String, Object> m) {
    String company = DataGenerator.company(r);
    person(index, r, m, company);
    m.put("Company", company);
    String status = pick(SalesforceSchema.LEAD_STATUSES, r);
    m.put("Status", status);
    m.put("LeadSource", pick(SalesforceSchema.LEAD_SOURCES, r));
    m.put("Industry", r.nextInt(3) == 0 ? null : pick(SalesforceSchema.INDUSTRIES, r));
    m.put("Rating", r.nextInt(3) == 0 ? null : pick(new String[] {"Hot", "Warm", "Cold"}, r));
    m.put(
        "AnnualRevenue",
        r.nextInt(3) == 0 ? null : BigDecimal.valueOf((1 + r.nextInt(20_000)) * 5_000L));
    m.put("NumberOfEmployees", r.nextInt(3) == 0 ? null : (long) (1 + r.nextInt(10_000)));
    m.put("HasOptedOutOfEmail", r.nextInt(12) == 0);
    boolean converted = status.equals("Closed - Converted");
    m.put("IsConverted", converted);
    m.put("ConvertedDate", converted ? today.minusDays(r.nextInt(300)) : null);
    m.put("ConvertedAccountId", converted ? ref("Account", r) : null);
    m.put("ConvertedContactId", converted ? ref("Contact", r) : null);
    address(m, "", r);
    m.put("OwnerId", ref("User", r));
    m.put("Score__c", score(r));
    m.put("Score_Reason__c", null);
    m.put("Enrichment_Industry__c", null);
    m.put("Enrichment_Revenue__c", null);
    m.put("External_Id__c", externalId("LEAD", index, r, 80));
  }

  private void opportunity(long index, Random r, Map<String, Object> m) {
    m.put("AccountId", ref("Account", r));
    m.put("Name", DataGenerator.company(r) + " - " + (5 + r.nextInt(500)) + " Licenses");
    int stage = r.nextInt(SalesforceSchema.STAGES.length);
    String stageName = SalesforceSchema.STAGES[stage];
    m.put("StageName", stageName);
    m.put(
        "Amount",
        r.nextInt(10) == 0
            ? null
            : BigDecimal.valueOf(1000L + r.nextInt(2_000_000), 2)
                .multiply(BigDecimal.TEN)
                .setScale(2, RoundingMode.HALF_UP));
    boolean won = stageName.equals("Closed Won");
    boolean closed = won || stageName.equals("Closed Lost");
    m.put("Probability", BigDecimal.valueOf(won ? 100 : closed ? 0 : 10 * (1 + stage)));
    m.put("CloseDate", today.plusDays(r.nextInt(360) - 180));
    m.put("Type", r.nextBoolean() ? "New Business" : "Existing Business");
    m.put("LeadSource", r.nextInt(3) == 0 ? null : pick(SalesforceSchema.LEAD_SOURCES, r));
    m.put("IsClosed", closed);
    m.put("IsWon", won);
    m.put("CampaignId", r.nextInt(4) == 0 ? ref("Campaign", r) : null);
    m.put("OwnerId", ref("User", r));
    m.put("Score__c", null);
  }

  private void campaign(long index, Random r, Map<String, Object> m) {
    String type =
        pick(new String[] {"Conference", "Webinar", "Trade Show", "Email", "Advertisement"}, r);
    m.put(
        "Name",
        DataGenerator.company(r).split("[ ,]")[0]
            + " "
            + type
            + " "
            + (2020 + r.nextInt(7))
            + " #"
            + index);
    m.put("Type", type);
    m.put("Status", pick(new String[] {"Planned", "In Progress", "Completed"}, r));
    LocalDate start = today.minusDays(r.nextInt(720));
    m.put("StartDate", start);
    m.put("EndDate", start.plusDays(1 + r.nextInt(90)));
    m.put("IsActive", r.nextBoolean());
    m.put("BudgetedCost", BigDecimal.valueOf(1000L * (1 + r.nextInt(200))));
    m.put("ActualCost", r.nextBoolean() ? BigDecimal.valueOf(1000L * (1 + r.nextInt(200))) : null);
    m.put("NumberOfLeads", (long) r.nextInt(5000));
    m.put("ParentId", null);
    m.put("OwnerId", ref("User", r));
  }

  private void campaignMember(Random r, Map<String, Object> m) {
    m.put("CampaignId", ref("Campaign", r));
    boolean lead =
        (r.nextBoolean() && counts.getOrDefault("Lead", 0L) > 0)
            || counts.getOrDefault("Contact", 0L) == 0;
    m.put("LeadId", lead ? ref("Lead", r) : null);
    m.put("ContactId", lead ? null : ref("Contact", r));
    boolean responded = r.nextInt(4) == 0;
    m.put("Status", responded ? "Responded" : "Sent");
    m.put("HasResponded", responded);
    m.put("FirstRespondedDate", responded ? today.minusDays(r.nextInt(400)) : null);
  }

  private void task(Random r, Map<String, Object> m) {
    m.put("WhoId", r.nextBoolean() ? ref("Contact", r) : ref("Lead", r));
    m.put(
        "WhatId",
        switch (r.nextInt(3)) {
          case 0 -> ref("Account", r);
          case 1 -> ref("Opportunity", r);
          default -> null;
        });
    String subtype = pick(new String[] {"Task", "Email", "Call"}, r);
    m.put("Subject", pick(SUBJECTS, r));
    m.put("ActivityDate", today.plusDays(r.nextInt(120) - 90));
    String status = pick(new String[] {"Not Started", "In Progress", "Completed", "Completed"}, r);
    m.put("Status", status);
    m.put("Priority", pick(new String[] {"High", "Normal", "Normal", "Low"}, r));
    m.put("TaskSubtype", subtype);
    m.put(
        "Description",
        r.nextInt(3) == 0 ? "Discussed pricing, \"next steps\"\nand timeline" : null);
    m.put("IsClosed", status.equals("Completed"));
    m.put("CallDurationInSeconds", subtype.equals("Call") ? (long) r.nextInt(3600) : null);
    m.put("OwnerId", ref("User", r));
  }

  private void user(long index, Random r, Map<String, Object> m) {
    String first;
    String last;
    String username;
    boolean active;
    if (index < knownUsers.size()) {
      KnownUser u = knownUsers.get((int) index);
      first = u.firstName();
      last = u.lastName();
      username = u.username();
      active = u.active();
    } else {
      first = DataGenerator.firstName(r);
      last = DataGenerator.lastName(r);
      username = slug(ascii(first)) + "." + slug(ascii(last)) + index + "@revsync-sim.example.com";
      active = r.nextInt(10) > 0;
    }
    m.put("Username", username);
    m.put("FirstName", first);
    m.put("LastName", last);
    m.put("Name", first + " " + last);
    m.put("Email", username.contains("@") ? username : username + "@example.com");
    m.put(
        "Alias",
        (slug(ascii(first)).charAt(0) + slug(ascii(last)))
            .substring(0, Math.min(8, 1 + slug(ascii(last)).length())));
    m.put("IsActive", active);
    m.put("UserType", "Standard");
    m.put("Title", DataGenerator.jobTitle(r));
    m.put("Department", pick(DEPARTMENTS, r));
    m.put("CompanyName", "revsync Simulated Org");
    m.put(
        "TimeZoneSidKey",
        pick(new String[] {"America/Los_Angeles", "America/New_York", "Europe/London"}, r));
    m.put("ManagerId", index == 0 ? null : SfIds.of("005", 0));
  }
}
