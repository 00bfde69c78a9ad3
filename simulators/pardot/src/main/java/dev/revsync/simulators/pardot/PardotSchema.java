package dev.revsync.simulators.pardot;

import dev.revsync.simulators.DataGenerator;
import dev.revsync.simulators.RecordFactory;
import java.math.BigDecimal;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Random;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The v5 collections the simulator serves, their fields (names as v5 returns them, §3 of the
 * protocol notes) and how their records are generated. Ids are integers; generated ids are 8 digits
 * wide so they sort as strings in numeric order, as {@link RecordFactory} requires.
 */
final class PardotSchema {
  /** A field's value type on the wire. */
  enum Type {
    INTEGER,
    STRING,
    BOOLEAN,
    DATETIME,
    DECIMAL
  }

  /** One field; {@code writable} for prospect fields a PATCH/upsert may set. */
  record Field(String name, Type type, boolean writable) {}

  /** One v5 collection. */
  static final class Collection {
    final String name;

    /**
     * The singular, camel-case object name the export API uses, such as {@code visitorActivity}.
     */
    final String exportName;

    final long idBase;
    final boolean hasDeletedParam;
    final Map<String, Field> fields = new ConcurrentHashMap<>();
    final List<String> order;

    Collection(
        String name,
        String exportName,
        long idBase,
        boolean hasDeletedParam,
        List<Field> fieldList) {
      this.name = name;
      this.exportName = exportName;
      this.idBase = idBase;
      this.hasDeletedParam = hasDeletedParam;
      for (Field f : fieldList) fields.put(f.name(), f);
      this.order = fieldList.stream().map(Field::name).toList();
    }

    Field field(String name) {
      return fields.get(name);
    }
  }

  static final String PROSPECTS = "prospects";
  static final String VISITOR_ACTIVITIES = "visitor-activities";
  static final String CAMPAIGNS = "campaigns";
  static final String LISTS = "lists";
  static final String LIST_MEMBERSHIPS = "list-memberships";
  static final String OPPORTUNITIES = "opportunities";
  static final String EMAILS = "emails";
  static final String CUSTOM_FIELDS = "custom-fields";

  /** Prospect custom fields present from the start: the score export target and a reason text. */
  static final List<String[]> CUSTOM =
      List.of(
          new String[] {"revsync_score__c", "Number"}, new String[] {"revsync_reason__c", "Text"});

  static final Map<String, Long> DEFAULT_COUNTS =
      Map.of(
          PROSPECTS,
          2_000L,
          VISITOR_ACTIVITIES,
          3_000L,
          CAMPAIGNS,
          20L,
          LISTS,
          30L,
          LIST_MEMBERSHIPS,
          2_000L,
          OPPORTUNITIES,
          200L,
          EMAILS,
          1_000L);

  private final Map<String, Collection> collections = new LinkedHashMap<>();

  PardotSchema() {
    add(
        new Collection(
            PROSPECTS,
            "prospect",
            10_000_000L,
            true,
            List.of(
                f("id", Type.INTEGER),
                w("email", Type.STRING),
                w("firstName", Type.STRING),
                w("lastName", Type.STRING),
                w("company", Type.STRING),
                w("jobTitle", Type.STRING),
                w("score", Type.INTEGER),
                w("grade", Type.STRING),
                w("optedOut", Type.BOOLEAN),
                w("isDoNotEmail", Type.BOOLEAN),
                f("isDeleted", Type.BOOLEAN),
                w("campaignId", Type.INTEGER),
                w("prospectAccountId", Type.INTEGER),
                w("assignedToId", Type.INTEGER),
                f("salesforceId", Type.STRING),
                f("salesforceLeadId", Type.STRING),
                f("salesforceContactId", Type.STRING),
                f("lastActivityAt", Type.DATETIME),
                f("createdAt", Type.DATETIME),
                f("updatedAt", Type.DATETIME),
                w("revsync_score__c", Type.DECIMAL),
                w("revsync_reason__c", Type.STRING))));
    add(
        new Collection(
            VISITOR_ACTIVITIES,
            "visitorActivity",
            20_000_000L,
            false,
            List.of(
                f("id", Type.INTEGER),
                f("prospectId", Type.INTEGER),
                f("visitorId", Type.INTEGER),
                f("visitId", Type.INTEGER),
                f("type", Type.INTEGER),
                f("typeName", Type.STRING),
                f("details", Type.STRING),
                f("campaignId", Type.INTEGER),
                f("emailId", Type.INTEGER),
                f("formId", Type.INTEGER),
                f("landingPageId", Type.INTEGER),
                f("opportunityId", Type.INTEGER),
                f("createdAt", Type.DATETIME),
                f("updatedAt", Type.DATETIME))));
    add(
        new Collection(
            CAMPAIGNS,
            "campaign",
            30_000_000L,
            true,
            List.of(
                f("id", Type.INTEGER),
                f("name", Type.STRING),
                f("cost", Type.INTEGER),
                f("folderId", Type.INTEGER),
                f("parentCampaignId", Type.INTEGER),
                f("salesforceId", Type.STRING),
                f("isDeleted", Type.BOOLEAN),
                f("createdAt", Type.DATETIME),
                f("updatedAt", Type.DATETIME))));
    add(
        new Collection(
            LISTS,
            "list",
            40_000_000L,
            true,
            List.of(
                f("id", Type.INTEGER),
                f("name", Type.STRING),
                f("title", Type.STRING),
                f("description", Type.STRING),
                f("isDynamic", Type.BOOLEAN),
                f("isPublic", Type.BOOLEAN),
                f("isDeleted", Type.BOOLEAN),
                f("campaignId", Type.INTEGER),
                f("folderId", Type.INTEGER),
                f("createdAt", Type.DATETIME),
                f("updatedAt", Type.DATETIME))));
    add(
        new Collection(
            LIST_MEMBERSHIPS,
            "listMembership",
            50_000_000L,
            true,
            List.of(
                f("id", Type.INTEGER),
                f("listId", Type.INTEGER),
                f("prospectId", Type.INTEGER),
                f("optedOut", Type.BOOLEAN),
                f("isDeleted", Type.BOOLEAN),
                f("createdAt", Type.DATETIME),
                f("updatedAt", Type.DATETIME))));
    add(
        new Collection(
            OPPORTUNITIES,
            "opportunity",
            60_000_000L,
            true,
            List.of(
                f("id", Type.INTEGER),
                f("name", Type.STRING),
                f("value", Type.DECIMAL),
                f("probability", Type.INTEGER),
                f("stage", Type.STRING),
                f("status", Type.STRING),
                f("closedAt", Type.DATETIME),
                f("campaignId", Type.INTEGER),
                f("salesforceId", Type.STRING),
                f("isDeleted", Type.BOOLEAN),
                f("createdAt", Type.DATETIME),
                f("updatedAt", Type.DATETIME))));
    add(
        new Collection(
            EMAILS,
            "email",
            70_000_000L,
            true,
            List.of(
                f("id", Type.INTEGER),
                f("name", Type.STRING),
                f("subject", Type.STRING),
                f("prospectId", Type.INTEGER),
                f("campaignId", Type.INTEGER),
                f("listEmailId", Type.INTEGER),
                f("sentAt", Type.DATETIME),
                f("isDeleted", Type.BOOLEAN),
                f("createdAt", Type.DATETIME),
                f("updatedAt", Type.DATETIME))));
    add(
        new Collection(
            CUSTOM_FIELDS,
            "customField",
            80_000_000L,
            true,
            List.of(
                f("id", Type.INTEGER),
                f("name", Type.STRING),
                f("fieldId", Type.STRING),
                f("type", Type.STRING),
                f("isRecordMultipleResponses", Type.BOOLEAN),
                f("salesforceId", Type.STRING),
                f("isDeleted", Type.BOOLEAN),
                f("createdAt", Type.DATETIME),
                f("updatedAt", Type.DATETIME))));
  }

  private void add(Collection c) {
    collections.put(c.name, c);
  }

  private static Field f(String name, Type type) {
    return new Field(name, type, false);
  }

  private static Field w(String name, Type type) {
    return new Field(name, type, true);
  }

  Collection collection(String name) {
    return collections.get(name);
  }

  java.util.Collection<Collection> all() {
    return collections.values();
  }

  /**
   * The collection an export names ({@code prospect}, {@code visitorActivity}, or the collection
   * name), or null.
   */
  Collection byExportName(String name) {
    if (name == null) return null;
    for (Collection c : collections.values()) {
      if (c.exportName.equalsIgnoreCase(name)
          || c.name.equalsIgnoreCase(name)
          || c.exportName
              .replaceAll("([A-Z])", "_$1")
              .toLowerCase(Locale.ROOT)
              .equals(name.toLowerCase(Locale.ROOT))) {
        return c;
      }
    }
    return null;
  }

  /** Adds a prospect custom field (a {@code POST /custom-fields}); its values are writable. */
  void addProspectCustomField(String fieldId, String type) {
    Type t = "Number".equalsIgnoreCase(type) ? Type.DECIMAL : Type.STRING;
    collections.get(PROSPECTS).fields.putIfAbsent(fieldId, new Field(fieldId, t, true));
  }

  /**
   * The generator of {@code collection}'s records; {@code counts} sizes the ids that references
   * point at.
   */
  RecordFactory factory(Collection c, Map<String, Long> counts, Instant now) {
    return new RecordFactory() {
      @Override
      public String id(long index) {
        return Long.toString(c.idBase + index);
      }

      @Override
      public Map<String, Object> fields(long index, String id, Random r) {
        return generate(c, index, r, counts, now);
      }
    };
  }

  private static Map<String, Object> generate(
      Collection c, long index, Random r, Map<String, Long> counts, Instant now) {
    Map<String, Object> m = new LinkedHashMap<>();
    Instant past = now.minusSeconds(400L * 86_400);
    switch (c.name) {
      case PROSPECTS -> {
        String first = DataGenerator.firstName(r);
        String last = DataGenerator.lastName(r);
        String company = DataGenerator.company(r);
        m.put("email", DataGenerator.email(r, first, last, company));
        m.put("firstName", first);
        m.put("lastName", last);
        m.put("company", company);
        m.put("jobTitle", DataGenerator.sometimesNull(r, 0.2, DataGenerator.jobTitle(r)));
        m.put("score", DataGenerator.integer(r, 0, 300));
        m.put(
            "grade",
            DataGenerator.sometimesNull(
                r, 0.3, DataGenerator.pick(r, List.of("A+", "A", "B-", "C", "D"))));
        m.put("optedOut", DataGenerator.bool(r, 0.05));
        m.put("isDoNotEmail", DataGenerator.bool(r, 0.03));
        m.put("campaignId", ref(r, counts, CAMPAIGNS, 30_000_000L));
        m.put(
            "prospectAccountId",
            DataGenerator.sometimesNull(r, 0.5, DataGenerator.integer(r, 1, 5_000)));
        m.put("assignedToId", DataGenerator.sometimesNull(r, 0.4, DataGenerator.integer(r, 1, 40)));
        m.put("salesforceId", DataGenerator.sometimesNull(r, 0.5, sfId(r, "00Q")));
        m.put("salesforceLeadId", null);
        m.put("salesforceContactId", DataGenerator.sometimesNull(r, 0.7, sfId(r, "003")));
        m.put(
            "lastActivityAt",
            DataGenerator.sometimesNull(r, 0.3, DataGenerator.instant(r, past, now)));
        m.put(
            "revsync_score__c",
            DataGenerator.sometimesNull(r, 0.6, DataGenerator.decimal(r, 0, 100, 1)));
        m.put("revsync_reason__c", null);
      }
      case VISITOR_ACTIVITIES -> {
        int[] types = {1, 2, 4, 6, 11, 12, 13, 20, 21};
        String[] names = {
          "Click",
          "View",
          "Success",
          "Sent",
          "Open",
          "Unsubscribe Page",
          "Bounced",
          "Visit",
          "Custom URL click"
        };
        int t = r.nextInt(types.length);
        m.put("prospectId", ref(r, counts, PROSPECTS, 10_000_000L));
        m.put("visitorId", DataGenerator.integer(r, 1, 1_000_000));
        m.put(
            "visitId", DataGenerator.sometimesNull(r, 0.5, DataGenerator.integer(r, 1, 1_000_000)));
        m.put("type", (long) types[t]);
        m.put("typeName", names[t]);
        m.put(
            "details",
            DataGenerator.sometimesNull(
                r, 0.3, "Page \"" + DataGenerator.industry(r) + "\", step " + index));
        m.put("campaignId", ref(r, counts, CAMPAIGNS, 30_000_000L));
        m.put(
            "emailId",
            types[t] == 6 || types[t] == 11 ? ref(r, counts, EMAILS, 70_000_000L) : null);
        m.put("formId", types[t] == 4 ? DataGenerator.integer(r, 1, 50) : null);
        m.put("landingPageId", null);
        m.put("opportunityId", null);
      }
      case CAMPAIGNS -> {
        m.put("name", DataGenerator.industry(r) + " campaign " + index);
        m.put("cost", DataGenerator.integer(r, 0, 50_000));
        m.put("folderId", DataGenerator.integer(r, 1, 20));
        m.put("parentCampaignId", null);
        m.put("salesforceId", DataGenerator.sometimesNull(r, 0.3, sfId(r, "701")));
      }
      case LISTS -> {
        m.put("name", "List " + index + " – " + DataGenerator.industry(r));
        m.put("title", DataGenerator.sometimesNull(r, 0.5, "Newsletter, " + DataGenerator.city(r)));
        m.put("description", null);
        m.put("isDynamic", DataGenerator.bool(r, 0.3));
        m.put("isPublic", DataGenerator.bool(r, 0.5));
        m.put("campaignId", ref(r, counts, CAMPAIGNS, 30_000_000L));
        m.put("folderId", DataGenerator.integer(r, 1, 20));
      }
      case LIST_MEMBERSHIPS -> {
        m.put("listId", ref(r, counts, LISTS, 40_000_000L));
        m.put("prospectId", ref(r, counts, PROSPECTS, 10_000_000L));
        m.put("optedOut", DataGenerator.bool(r, 0.05));
      }
      case OPPORTUNITIES -> {
        m.put("name", DataGenerator.company(r) + " – renewal");
        m.put("value", DataGenerator.decimal(r, 1_000, 250_000, 2));
        m.put("probability", DataGenerator.integer(r, 0, 100));
        m.put(
            "stage",
            DataGenerator.pick(
                r, List.of("Prospecting", "Qualification", "Negotiation", "Closed Won")));
        m.put("status", DataGenerator.pick(r, List.of("Open", "Won", "Lost")));
        m.put("closedAt", DataGenerator.sometimesNull(r, 0.6, DataGenerator.instant(r, past, now)));
        m.put("campaignId", ref(r, counts, CAMPAIGNS, 30_000_000L));
        m.put("salesforceId", DataGenerator.sometimesNull(r, 0.3, sfId(r, "006")));
      }
      case EMAILS -> {
        m.put("name", "Email " + index);
        m.put("subject", "News for " + DataGenerator.industry(r) + ", issue " + (index % 52));
        m.put("prospectId", ref(r, counts, PROSPECTS, 10_000_000L));
        m.put("campaignId", ref(r, counts, CAMPAIGNS, 30_000_000L));
        m.put("listEmailId", DataGenerator.integer(r, 1, 500));
        m.put("sentAt", DataGenerator.instant(r, past, now));
      }
      case CUSTOM_FIELDS -> {
        String[] custom = CUSTOM.get((int) Math.min(index, CUSTOM.size() - 1));
        m.put("name", custom[0].replace("__c", "").replace('_', ' '));
        m.put("fieldId", custom[0]);
        m.put("type", custom[1]);
        m.put("isRecordMultipleResponses", false);
        m.put("salesforceId", null);
      }
      default -> throw new IllegalStateException("no generator for " + c.name);
    }
    return m;
  }

  private static Long ref(Random r, Map<String, Long> counts, String collection, long base) {
    long n = counts.getOrDefault(collection, 0L);
    return n <= 0 ? null : base + (long) (r.nextDouble() * n);
  }

  private static String sfId(Random r, String prefix) {
    StringBuilder b = new StringBuilder(prefix).append("5e00000");
    String chars = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789";
    while (b.length() < 18) b.append(chars.charAt(r.nextInt(chars.length())));
    return b.toString();
  }

  /**
   * {@code value} converted to {@code type}'s stored Java type; throws IllegalArgumentException
   * when it does not fit.
   */
  static Object coerce(Type type, Object value) {
    if (value == null) return null;
    String s =
        value instanceof Double d && d == Math.rint(d) && !Double.isInfinite(d)
            ? Long.toString(d.longValue())
            : value.toString();
    return switch (type) {
      case STRING -> s;
      case INTEGER -> Long.parseLong(s.trim());
      case DECIMAL -> s.isBlank() ? null : new BigDecimal(s.trim());
      case BOOLEAN -> {
        if (value instanceof Boolean b) yield b;
        if (s.equalsIgnoreCase("true") || s.equalsIgnoreCase("false"))
          yield Boolean.parseBoolean(s);
        throw new IllegalArgumentException("not a boolean: " + s);
      }
      case DATETIME -> PardotJson.parseTime(s);
    };
  }
}
