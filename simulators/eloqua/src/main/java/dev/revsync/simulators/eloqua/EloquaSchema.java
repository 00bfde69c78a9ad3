package dev.revsync.simulators.eloqua;

import dev.revsync.simulators.DataGenerator;
import dev.revsync.simulators.RecordFactory;
import java.math.BigDecimal;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Random;
import java.util.function.LongFunction;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The simulated instance's objects: contacts, accounts, two activity types and one custom object,
 * their listed fields, their markup statements and the factories that generate their records.
 * Generated values depend only on (seed, index), so any record can be recomputed on demand.
 */
final class EloquaSchema {
  /**
   * Table names, also the keys of {@link dev.revsync.simulators.SimulatorOptions#recordCounts()}.
   */
  static final String CONTACTS = "contacts";

  static final String ACCOUNTS = "accounts";
  static final String EMAIL_OPEN = "EmailOpen";
  static final String FORM_SUBMIT = "FormSubmit";
  static final String ACTIVITIES_PREFIX = "activities.";
  static final String CUSTOM_OBJECT_PREFIX = "customObjects.";
  static final int CUSTOM_OBJECT_ID = 7;
  static final String CUSTOM_OBJECT_NAME = "Purchase";

  /** Activity types Eloqua knows (an export of a type without records here stages no rows). */
  static final List<String> ACTIVITY_TYPES =
      List.of(
          "EmailOpen",
          "EmailClickthrough",
          "EmailSend",
          "Subscribe",
          "Unsubscribe",
          "Bounceback",
          "WebVisit",
          "PageView",
          "FormSubmit");

  /** Record keys that hold links and system values rather than listed fields. */
  static final String ACCOUNT_ID = "$accountId";

  static final String CONTACT_ID = "$contactId";
  static final String IS_SUBSCRIBED = "$isSubscribed";
  static final String IS_BOUNCED = "$isBounced";
  static final String EMAIL_FORMAT = "$emailFormat";
  static final String ACTIVITY_TYPE = "$type";
  static final String ASSET_TYPE = "$assetType";
  static final String ASSET_NAME = "$assetName";
  static final String ASSET_ID = "$assetId";
  static final String CAMPAIGN_ID = "$campaignId";
  static final String VISITOR_ID = "$visitorId";
  static final String EXTERNAL_ID = "$externalId";
  static final String EMAIL = "C_EmailAddress";
  static final String COMPANY_NAME = "M_CompanyName";

  private static final long ID_BASE = 1_000_001L;

  /** Ids keep seven digits (so they sort as strings in index order) up to this many records. */
  static final long MAX_RECORDS = 8_999_998L;

  private static final Instant FIELDS_CREATED = Instant.parse("2019-03-04T15:16:17Z");

  private static final String[] FORMATS = {"HTML", "Plain text", "No preference"};
  private static final String[] SUBJECTS = {
    "Your May update",
    "Webinar: data at scale",
    "New in the product",
    "Last chance to register",
    "Quarterly report"
  };
  private static final String[] PRODUCTS = {
    "Starter plan", "Growth plan", "Enterprise plan", "Add-on seats", "Support package"
  };
  private static final Pattern GENERATED_EMAIL = Pattern.compile("\\.(\\d+)@[^@]+$");
  private static final Pattern GENERATED_COMPANY = Pattern.compile(" (\\d+)$");

  private final long seed;
  private final long contactCount;
  private final long accountCount;
  final ObjectType contacts;
  final ObjectType accounts;
  final ObjectType emailOpens;
  final ObjectType formSubmits;
  final ObjectType customObject;

  EloquaSchema(
      long seed,
      long contacts,
      long accounts,
      long emailOpens,
      long formSubmits,
      long customObjects,
      int extraContactFields) {
    this.seed = seed;
    this.contactCount = contacts;
    this.accountCount = accounts;
    this.accounts = accountType(accounts);
    this.contacts = contactType(contacts, extraContactFields);
    this.emailOpens = activityType(EMAIL_OPEN, emailOpens);
    this.formSubmits = activityType(FORM_SUBMIT, formSubmits);
    this.customObject = customObjectType(customObjects);
  }

  List<ObjectType> all() {
    return List.of(contacts, accounts, emailOpens, formSubmits, customObject);
  }

  List<ObjectType> activities() {
    return List.of(emailOpens, formSubmits);
  }

  /** The activity type's object, or null when no records of that type are simulated. */
  ObjectType activity(String type) {
    for (ObjectType t : activities()) {
      if (t.typeName.equalsIgnoreCase(type)) return t;
    }
    return null;
  }

  static String id(long index) {
    return Long.toString(ID_BASE + index);
  }

  /** The generated index of an id, or -1 for an id no factory made. */
  static long index(String id) {
    try {
      long index = Long.parseLong(id) - ID_BASE;
      return index >= 0 && id(index).equals(id) ? index : -1;
    } catch (NumberFormatException e) {
      return -1;
    }
  }

  /**
   * A contact's name and email; the email's local part ends in {@code .<index>} so imports find it
   * fast.
   */
  record Person(String first, String last, String email) {}

  Person person(long contactIndex) {
    Random r = random(contactIndex, 1);
    String first = DataGenerator.firstName(r);
    String last = DataGenerator.lastName(r);
    String company =
        accountCount > 0 ? companyName(contactIndex % accountCount) : DataGenerator.company(r);
    String email = DataGenerator.email(r, first, last, company);
    int at = email.indexOf('@');
    return new Person(
        first, last, email.substring(0, at) + "." + contactIndex + email.substring(at));
  }

  String email(long contactIndex) {
    return person(contactIndex).email();
  }

  private Random random(long index, int salt) {
    return new Random(Gen.mix(seed, index, salt));
  }

  /** The index a generated email was made for, or -1. */
  static long indexOfGeneratedEmail(String email) {
    Matcher m = GENERATED_EMAIL.matcher(email.toLowerCase(Locale.ROOT));
    return m.find() ? Long.parseLong(m.group(1)) : -1;
  }

  /** A company name (some with commas or quotes) ending in its index, so imports find it fast. */
  String companyName(long accountIndex) {
    return DataGenerator.company(random(accountIndex, 20)) + " " + accountIndex;
  }

  /** The index a generated company name was made for, or -1. */
  static long indexOfGeneratedCompany(String name) {
    Matcher m = GENERATED_COMPANY.matcher(name);
    return m.find() ? Long.parseLong(m.group(1)) : -1;
  }

  static String extraFieldName(int k) {
    return String.format(Locale.ROOT, "C_Extra_Field_%03d", k);
  }

  // ---- contacts ----

  private ObjectType contactType(long count, int extraFields) {
    List<EloquaField> listed = new ArrayList<>();
    List<Accessor> accessors = new ArrayList<>();
    long[] nextId = {100_001};
    ContactFieldAdder add =
        (name, internal, type, readOnly, unique) -> {
          String statement = "{{Contact.Field(" + internal + ")}}";
          long fid = nextId[0]++;
          listed.add(
              new EloquaField(
                  fid,
                  name,
                  internal,
                  type,
                  statement,
                  "/contacts/fields/" + fid,
                  readOnly,
                  false,
                  unique));
          return statement;
        };
    String[][] plain = {
      {"Email Address", EMAIL, "text"},
      {"First Name", "C_FirstName", "text"},
      {"Last Name", "C_LastName", "text"},
      {"Company", "C_Company", "text"},
      {"Title", "C_Title", "text"},
      {"Business Phone", "C_BusPhone", "text"},
      {"City", "C_City", "text"},
      {"Country", "C_Country", "text"},
      {"Lead Score", "C_Lead_Score1", "number"},
      {"Industry", "C_Industry1", "text"},
      {"Employees", "C_Employees1", "number"},
      {"Revsync Score", "C_Revsync_Score1", "number"},
      {"Revsync Segment", "C_Revsync_Segment1", "text"},
      {"Revsync Notes", "C_Revsync_Notes1", "largeText"},
      {"Revsync Enriched At", "C_Revsync_Enriched_At1", "date"}
    };
    for (String[] f : plain) {
      String st = add.add(f[0], f[1], f[2], false, f[1].equals(EMAIL));
      accessors.add(Accessor.field(st, f[1], f[2]));
    }
    for (int k = 1; k <= extraFields; k++) {
      String internal = extraFieldName(k);
      String st = add.add("Extra Field " + k, internal, "text", false, false);
      accessors.add(Accessor.field(st, internal, "text"));
    }
    // Date Created / Date Modified are fields (instance time zone), not system timestamps.
    accessors.add(
        Accessor.createdAt(add.add("Date Created", "C_DateCreated", "date", true, false), false));
    Accessor modified =
        Accessor.modifiedAt(add.add("Date Modified", "C_DateModified", "date", true, false), false);
    accessors.add(modified);
    accessors.add(Accessor.id("{{Contact.Id}}"));
    accessors.add(Accessor.createdAt("{{Contact.CreatedAt}}", true));
    accessors.add(Accessor.modifiedAt("{{Contact.UpdatedAt}}", true));
    accessors.add(Accessor.readOnly("{{Contact.Email.IsSubscribed}}", IS_SUBSCRIBED, "text"));
    accessors.add(Accessor.readOnly("{{Contact.Email.IsBounced}}", IS_BOUNCED, "text"));
    accessors.add(Accessor.readOnly("{{Contact.Email.Format}}", EMAIL_FORMAT, "text"));
    for (Accessor accountField : accountFieldAccessors()) {
      String inner = accountField.inner();
      accessors.add(Accessor.accountField("{{Contact." + inner + "}}", ACCOUNT_ID, accountField));
    }
    RecordFactory factory = factory(index -> contactFields(index, extraFields));
    return new ObjectType(
        ObjectType.Kind.CONTACT, CONTACTS, null, 0, "/contacts", listed, accessors, count, factory);
  }

  Map<String, Object> contactFields(long i, int extraFields) {
    Map<String, Object> m = new LinkedHashMap<>();
    long account = accountCount > 0 ? i % accountCount : -1;
    Person p = person(i);
    Random r = random(i, 2);
    m.put(EMAIL, p.email());
    m.put("C_FirstName", p.first());
    m.put("C_LastName", p.last());
    m.put("C_Company", account >= 0 ? companyName(account) : null);
    m.put("C_Title", DataGenerator.sometimesNull(r, 0.2, DataGenerator.jobTitle(r)));
    m.put("C_BusPhone", DataGenerator.sometimesNull(r, 0.3, DataGenerator.phone(r)));
    m.put("C_City", DataGenerator.city(r));
    m.put("C_Country", DataGenerator.country(r));
    m.put("C_Lead_Score1", DataGenerator.sometimesNull(r, 0.1, DataGenerator.integer(r, 0, 100)));
    m.put("C_Industry1", DataGenerator.sometimesNull(r, 0.4, DataGenerator.industry(r)));
    m.put("C_Employees1", DataGenerator.sometimesNull(r, 0.5, DataGenerator.integer(r, 10, 5_000)));
    m.put("C_Revsync_Score1", null);
    m.put("C_Revsync_Segment1", null);
    m.put("C_Revsync_Notes1", null);
    m.put("C_Revsync_Enriched_At1", null);
    for (int k = 1; k <= extraFields; k++) {
      m.put(extraFieldName(k), Gen.chance(seed, i, 100 + k, 10) ? null : "v" + i + "-" + k);
    }
    m.put(ACCOUNT_ID, account >= 0 ? id(account) : null);
    m.put(IS_SUBSCRIBED, Boolean.toString(DataGenerator.bool(r, 0.85)));
    m.put(IS_BOUNCED, Boolean.toString(DataGenerator.bool(r, 0.03)));
    m.put(EMAIL_FORMAT, Gen.pick(seed, i, 18, FORMATS));
    return m;
  }

  // ---- accounts ----

  private List<Accessor> accountFieldAccessors() {
    List<Accessor> list = new ArrayList<>();
    for (String[] f : ACCOUNT_FIELDS) {
      list.add(Accessor.field("{{Account.Field(" + f[1] + ")}}", f[1], f[2]));
    }
    list.add(Accessor.createdAt("{{Account.Field(M_DateCreated)}}", false));
    list.add(Accessor.modifiedAt("{{Account.Field(M_DateModified)}}", false));
    return list;
  }

  private static final String[][] ACCOUNT_FIELDS = {
    {"Company Name", COMPANY_NAME, "text"},
    {"Industry", "M_Industry", "text"},
    {"City", "M_City", "text"},
    {"Country", "M_Country", "text"},
    {"Annual Revenue", "M_Annual_Revenue1", "number"},
    {"Revsync Score", "M_Revsync_Score1", "number"},
    {"Revsync Segment", "M_Revsync_Segment1", "text"}
  };

  private ObjectType accountType(long count) {
    List<EloquaField> listed = new ArrayList<>();
    long fid = 200_001;
    for (String[] f : ACCOUNT_FIELDS) {
      listed.add(
          new EloquaField(
              fid,
              f[0],
              f[1],
              f[2],
              "{{Account.Field(" + f[1] + ")}}",
              "/accounts/fields/" + fid,
              false,
              f[1].equals(COMPANY_NAME),
              false));
      fid++;
    }
    listed.add(
        new EloquaField(
            fid,
            "Date Created",
            "M_DateCreated",
            "date",
            "{{Account.Field(M_DateCreated)}}",
            "/accounts/fields/" + fid,
            true,
            false,
            false));
    fid++;
    listed.add(
        new EloquaField(
            fid,
            "Date Modified",
            "M_DateModified",
            "date",
            "{{Account.Field(M_DateModified)}}",
            "/accounts/fields/" + fid,
            true,
            false,
            false));
    List<Accessor> accessors = new ArrayList<>(accountFieldAccessors());
    accessors.add(Accessor.id("{{Account.Id}}"));
    accessors.add(Accessor.createdAt("{{Account.CreatedAt}}", true));
    accessors.add(Accessor.modifiedAt("{{Account.UpdatedAt}}", true));
    RecordFactory factory =
        factory(
            i -> {
              Map<String, Object> m = new LinkedHashMap<>();
              Random r = random(i, 21);
              m.put(COMPANY_NAME, companyName(i));
              m.put("M_Industry", DataGenerator.sometimesNull(r, 0.25, DataGenerator.industry(r)));
              m.put("M_City", DataGenerator.city(r));
              m.put("M_Country", DataGenerator.country(r));
              m.put(
                  "M_Annual_Revenue1",
                  DataGenerator.sometimesNull(
                      r, 0.3, BigDecimal.valueOf(DataGenerator.integer(r, 100_000, 50_000_000))));
              m.put("M_Revsync_Score1", null);
              m.put("M_Revsync_Segment1", null);
              return m;
            });
    return new ObjectType(
        ObjectType.Kind.ACCOUNT, ACCOUNTS, null, 0, "/accounts", listed, accessors, count, factory);
  }

  // ---- activities ----

  private ObjectType activityType(String type, long count) {
    List<Accessor> accessors = new ArrayList<>();
    accessors.add(Accessor.id("{{Activity.Id}}"));
    accessors.add(Accessor.readOnly("{{Activity.Type}}", ACTIVITY_TYPE, "text"));
    // Activities are never updated: their creation time is their modification time and cursor.
    accessors.add(Accessor.modifiedAt("{{Activity.CreatedAt}}", true));
    accessors.add(Accessor.readOnly("{{Activity.Contact.Id}}", CONTACT_ID, "text"));
    accessors.add(Accessor.readOnly("{{Activity.Asset.Type}}", ASSET_TYPE, "text"));
    accessors.add(Accessor.readOnly("{{Activity.Asset.Name}}", ASSET_NAME, "text"));
    accessors.add(Accessor.readOnly("{{Activity.Asset.Id}}", ASSET_ID, "text"));
    accessors.add(Accessor.readOnly("{{Activity.Campaign.Id}}", CAMPAIGN_ID, "text"));
    List<String> typeFields =
        type.equals(EMAIL_OPEN)
            ? List.of("EmailAddress", "IpAddress", "EmailRecipientId", "SubjectLine")
            : List.of("RawData");
    if (type.equals(FORM_SUBMIT))
      accessors.add(Accessor.readOnly("{{Activity.Visitor.Id}}", VISITOR_ID, "text"));
    for (String f : typeFields)
      accessors.add(Accessor.readOnly("{{Activity.Field(" + f + ")}}", f, "text"));
    List<EloquaField> listed = new ArrayList<>();
    long fid = type.equals(EMAIL_OPEN) ? 300_001 : 310_001;
    for (Accessor a : accessors) {
      String internal =
          a.inner()
              .replace("Activity.", "")
              .replace("Field(", "")
              .replace(")", "")
              .replace(".", "");
      listed.add(
          new EloquaField(
              fid,
              displayName(internal),
              internal,
              a.dataType,
              a.statement,
              "/activities/fields/" + fid,
              true,
              false,
              false));
      fid++;
    }
    for (Accessor contactField : contacts.fieldsForLinks()) {
      String inner = contactField.inner();
      accessors.add(Accessor.contactField("{{Activity." + inner + "}}", CONTACT_ID, contactField));
    }
    RecordFactory factory = factory(i -> activityFields(type, i));
    return new ObjectType(
        ObjectType.Kind.ACTIVITY,
        ACTIVITIES_PREFIX + type,
        type,
        0,
        "/activities",
        listed,
        accessors,
        count,
        factory);
  }

  Map<String, Object> activityFields(String type, long i) {
    int salt = type.equals(EMAIL_OPEN) ? 40 : 60;
    Map<String, Object> m = new LinkedHashMap<>();
    m.put(ACTIVITY_TYPE, type);
    long contact = contactCount > 0 ? Math.floorMod(Gen.mix(seed, i, salt), contactCount) : -1;
    m.put(CONTACT_ID, contact >= 0 ? id(contact) : null);
    int asset = 100 + Gen.below(seed, i, salt + 1, 40);
    m.put(ASSET_ID, Integer.toString(asset));
    m.put(
        CAMPAIGN_ID,
        Gen.chance(seed, i, salt + 2, 30)
            ? null
            : Integer.toString(500 + Gen.below(seed, i, salt + 3, 20)));
    if (type.equals(EMAIL_OPEN)) {
      m.put(ASSET_TYPE, "Email");
      m.put(ASSET_NAME, "Newsletter " + asset);
      m.put("EmailAddress", contact >= 0 ? email(contact) : null);
      m.put("IpAddress", "198.51.100." + Gen.below(seed, i, salt + 4, 255));
      m.put("EmailRecipientId", Long.toHexString(Gen.mix(seed, i, salt + 5)));
      m.put("SubjectLine", Gen.pick(seed, i, salt + 6, SUBJECTS));
    } else {
      m.put(ASSET_TYPE, "Form");
      m.put(ASSET_NAME, "Contact Us Form " + asset);
      m.put(VISITOR_ID, Long.toString(9_000_000L + Gen.below(seed, i, salt + 4, 1_000_000)));
      Person p = contact >= 0 ? person(contact) : null;
      m.put(
          "RawData",
          p != null
              ? "firstName=" + p.first() + "&lastName=" + p.last() + "&emailAddress=" + p.email()
              : "emailAddress=");
    }
    return m;
  }

  // ---- custom object ----

  private static final String[][] CUSTOM_FIELDS = {
    {"71", "Order Number", "Order_Number1", "text"}, {"72", "Product", "Product1", "text"},
    {"73", "Amount", "Amount1", "number"}, {"74", "Purchased At", "Purchased_At1", "date"},
    {"75", "Email Address", "Email_Address1", "text"}
  };

  private ObjectType customObjectType(long count) {
    String prefix = "{{CustomObject[" + CUSTOM_OBJECT_ID + "].";
    String path = "/customObjects/" + CUSTOM_OBJECT_ID;
    List<EloquaField> listed = new ArrayList<>();
    List<Accessor> accessors = new ArrayList<>();
    for (String[] f : CUSTOM_FIELDS) {
      String statement = prefix + "Field[" + f[0] + "]}}";
      listed.add(
          new EloquaField(
              Long.parseLong(f[0]),
              f[1],
              f[2],
              f[3],
              statement,
              path + "/fields/" + f[0],
              false,
              false,
              f[2].equals("Order_Number1")));
      accessors.add(Accessor.field(statement, f[2], f[3]));
    }
    accessors.add(Accessor.id(prefix + "Id}}"));
    accessors.add(Accessor.field(prefix + "ExternalId}}", EXTERNAL_ID, "text"));
    accessors.add(Accessor.createdAt(prefix + "CreatedAt}}", true));
    accessors.add(Accessor.modifiedAt(prefix + "UpdatedAt}}", true));
    accessors.add(Accessor.field(prefix + "Contact.Id}}", CONTACT_ID, "text"));
    for (Accessor contactField : contacts.fieldsForLinks()) {
      String inner = contactField.inner().substring("Contact.".length());
      accessors.add(
          Accessor.contactField(prefix + "Contact." + inner + "}}", CONTACT_ID, contactField));
    }
    RecordFactory factory =
        factory(
            i -> {
              Map<String, Object> m = new LinkedHashMap<>();
              long contact =
                  contactCount > 0 ? Math.floorMod(Gen.mix(seed, i, 80), contactCount) : -1;
              String order = "PO-" + (100_000 + i);
              m.put("Order_Number1", order);
              m.put("Product1", Gen.pick(seed, i, 81, PRODUCTS));
              m.put("Amount1", BigDecimal.valueOf(1_000 + Gen.below(seed, i, 82, 500_000), 2));
              m.put(
                  "Purchased_At1",
                  Instant.parse("2024-01-01T00:00:00Z")
                      .plusSeconds(3_600L * Gen.below(seed, i, 83, 8_000)));
              m.put("Email_Address1", contact >= 0 ? email(contact) : null);
              m.put(EXTERNAL_ID, order);
              m.put(CONTACT_ID, contact >= 0 ? id(contact) : null);
              return m;
            });
    return new ObjectType(
        ObjectType.Kind.CUSTOM_OBJECT,
        CUSTOM_OBJECT_PREFIX + CUSTOM_OBJECT_NAME,
        CUSTOM_OBJECT_NAME,
        CUSTOM_OBJECT_ID,
        path,
        listed,
        accessors,
        count,
        factory);
  }

  static Instant fieldsCreatedAt() {
    return FIELDS_CREATED;
  }

  private static String displayName(String internal) {
    return internal.replaceAll("([a-z])([A-Z])", "$1 $2");
  }

  @FunctionalInterface
  private interface ContactFieldAdder {
    String add(String name, String internal, String type, boolean readOnly, boolean unique);
  }

  /**
   * A factory of an Eloqua object: ids are {@link #id(long)}; {@code fields} derives its values
   * from the schema's seed and the index, so the table's random stream is not used.
   */
  private static RecordFactory factory(LongFunction<Map<String, Object>> fields) {
    return new RecordFactory() {
      @Override
      public String id(long index) {
        return EloquaSchema.id(index);
      }

      @Override
      public Map<String, Object> fields(long index, String id, Random random) {
        return fields.apply(index);
      }
    };
  }
}
