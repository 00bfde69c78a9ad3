package dev.revsync.simulators.hubspot;

import dev.revsync.simulators.DataGenerator;
import dev.revsync.simulators.RecordFactory;
import java.math.BigDecimal;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Random;

/**
 * One CRM object type of the simulated portal: its names ({@code contacts}, {@code 0-1}), its
 * property definitions (HubSpot-defined ones plus those created through the properties API), the
 * scopes it needs and how its records are generated. Properties that HubSpot derives from the
 * record itself ({@code hs_object_id}, the create and last-modified dates) are not stored but
 * rendered from the record. Thread-safe: created properties are added under the type's lock.
 */
final class CrmType {
  /** Generates one property's value of record {@code index}. */
  @FunctionalInterface
  interface Gen {
    Object value(Random r, long index);
  }

  /** The first generated record id; 11 digits, so ids sort as strings in numeric order. */
  static final long FIRST_ID = 10_000_000_001L;

  final String name;
  final String objectTypeId;
  final String singularLabel;
  final String pluralLabel;
  final String readScope;
  final String writeScope;
  final String createdProperty;
  final String modifiedProperty;
  final List<String> defaultProperties;
  private final Map<String, Property> properties = new LinkedHashMap<>();
  private final Map<String, Gen> generators;

  private CrmType(
      String name,
      String objectTypeId,
      String singularLabel,
      String pluralLabel,
      String scope,
      String createdProperty,
      String modifiedProperty,
      List<String> defaultProperties,
      List<Property> stored,
      Map<String, Gen> generators) {
    this.name = name;
    this.objectTypeId = objectTypeId;
    this.singularLabel = singularLabel;
    this.pluralLabel = pluralLabel;
    this.readScope = scope + ".read";
    this.writeScope = scope + ".write";
    this.createdProperty = createdProperty;
    this.modifiedProperty = modifiedProperty;
    this.defaultProperties = List.copyOf(defaultProperties);
    String group =
        name.equals("contacts")
            ? "contactinformation"
            : singularLabel.toLowerCase(Locale.ROOT) + "information";
    properties.put(
        "hs_object_id", Property.readOnly("hs_object_id", "Record ID", "number", "number", group));
    properties.put(
        createdProperty,
        Property.readOnly(createdProperty, "Create Date", "datetime", "date", group));
    properties.put(
        modifiedProperty,
        Property.readOnly(modifiedProperty, "Last Modified Date", "datetime", "date", group));
    for (Property p : stored) properties.put(p.name(), p);
    this.generators = Map.copyOf(generators);
  }

  /** The HubSpot-defined types and one custom object, as a fresh portal has them. */
  static List<CrmType> standardTypes(long portalId) {
    List<CrmType> types = new ArrayList<>();
    List<Property> p = new ArrayList<>();
    // contacts: the names and values a marketing team's portal has
    p.add(Property.of("email", "Email", "string", "text", "contactinformation").asUnique());
    p.add(Property.of("firstname", "First Name", "string", "text", "contactinformation"));
    p.add(Property.of("lastname", "Last Name", "string", "text", "contactinformation"));
    p.add(Property.of("phone", "Phone Number", "string", "text", "contactinformation"));
    p.add(Property.of("company", "Company Name", "string", "text", "contactinformation"));
    p.add(Property.of("jobtitle", "Job Title", "string", "text", "contactinformation"));
    p.add(Property.of("city", "City", "string", "text", "contactinformation"));
    p.add(Property.of("country", "Country/Region", "string", "text", "contactinformation"));
    p.add(
        Property.enumeration(
            "lifecyclestage",
            "Lifecycle Stage",
            "contactinformation",
            List.of(
                "subscriber",
                "lead",
                "marketingqualifiedlead",
                "salesqualifiedlead",
                "opportunity",
                "customer")));
    p.add(Property.of("annualrevenue", "Annual Revenue", "number", "number", "contactinformation"));
    p.add(
        Property.of(
            "hs_email_optout",
            "Unsubscribed from all email",
            "bool",
            "booleancheckbox",
            "contactinformation"));
    p.add(Property.of("date_of_birth", "Date of birth", "date", "date", "contactinformation"));
    types.add(
        new CrmType(
            "contacts",
            "0-1",
            "Contact",
            "Contacts",
            "crm.objects.contacts",
            "createdate",
            "lastmodifieddate",
            List.of(
                "firstname", "lastname", "email", "createdate", "lastmodifieddate", "hs_object_id"),
            p,
            Map.of())); // contacts are generated as a whole by factory(): the email derives from
    // the names

    types.add(
        simple(
            "companies",
            "0-2",
            "Company",
            "Companies",
            "crm.objects.companies",
            List.of(
                Property.of("name", "Company name", "string", "text", "companyinformation"),
                Property.of(
                    "domain", "Company Domain Name", "string", "text", "companyinformation"),
                Property.of("industry", "Industry", "string", "text", "companyinformation"),
                Property.of("city", "City", "string", "text", "companyinformation"),
                Property.of(
                    "numberofemployees",
                    "Number of Employees",
                    "number",
                    "number",
                    "companyinformation"),
                Property.of(
                    "annualrevenue", "Annual Revenue", "number", "number", "companyinformation")),
            Map.of(
                "name",
                (r, i) -> DataGenerator.company(r),
                "domain",
                (r, i) -> "acme" + i + ".example",
                "industry",
                (r, i) -> DataGenerator.industry(r),
                "city",
                (r, i) -> DataGenerator.city(r),
                "numberofemployees",
                (r, i) -> BigDecimal.valueOf(DataGenerator.integer(r, 1, 5000)),
                "annualrevenue",
                (r, i) -> DataGenerator.decimal(r, 10_000, 9_000_000, 0)),
            List.of("name", "domain")));
    types.add(
        simple(
            "deals",
            "0-3",
            "Deal",
            "Deals",
            "crm.objects.deals",
            List.of(
                Property.of("dealname", "Deal Name", "string", "text", "dealinformation"),
                Property.of("amount", "Amount", "number", "number", "dealinformation"),
                Property.enumeration(
                    "dealstage",
                    "Deal Stage",
                    "dealinformation",
                    List.of(
                        "appointmentscheduled",
                        "qualifiedtobuy",
                        "presentationscheduled",
                        "closedwon",
                        "closedlost")),
                Property.of("pipeline", "Pipeline", "string", "text", "dealinformation"),
                Property.of("closedate", "Close Date", "datetime", "date", "dealinformation")),
            Map.of(
                "dealname",
                (r, i) -> DataGenerator.company(r) + " renewal",
                "amount",
                (r, i) -> DataGenerator.decimal(r, 100, 250_000, 2),
                "dealstage",
                (r, i) ->
                    DataGenerator.pick(
                        r, List.of("appointmentscheduled", "qualifiedtobuy", "closedwon")),
                "pipeline",
                (r, i) -> "default",
                "closedate",
                (r, i) ->
                    Instant.parse("2026-01-01T00:00:00Z").plus(Duration.ofDays(r.nextInt(365)))),
            List.of("dealname", "amount", "dealstage", "pipeline", "closedate")));
    types.add(
        simple(
            "tickets",
            "0-5",
            "Ticket",
            "Tickets",
            "tickets",
            List.of(
                Property.of("subject", "Ticket name", "string", "text", "ticketinformation"),
                Property.of(
                    "content", "Ticket description", "string", "textarea", "ticketinformation"),
                Property.of("hs_pipeline", "Pipeline", "string", "text", "ticketinformation"),
                Property.of(
                    "hs_pipeline_stage", "Ticket status", "string", "text", "ticketinformation"),
                Property.enumeration(
                    "hs_ticket_priority",
                    "Priority",
                    "ticketinformation",
                    List.of("LOW", "MEDIUM", "HIGH"))),
            Map.of(
                "subject",
                (r, i) -> "Cannot log in #" + i,
                "content",
                (r, i) -> "Customer reports an error.",
                "hs_pipeline",
                (r, i) -> "0",
                "hs_pipeline_stage",
                (r, i) -> String.valueOf(1 + r.nextInt(4)),
                "hs_ticket_priority",
                (r, i) -> DataGenerator.pick(r, List.of("LOW", "MEDIUM", "HIGH"))),
            List.of("subject", "content", "hs_pipeline", "hs_pipeline_stage")));
    types.add(
        simple(
            "line_items",
            "0-8",
            "Line Item",
            "Line Items",
            "crm.objects.line_items",
            List.of(
                Property.of("name", "Name", "string", "text", "lineiteminformation"),
                Property.of("quantity", "Quantity", "number", "number", "lineiteminformation"),
                Property.of("price", "Unit price", "number", "number", "lineiteminformation")),
            Map.of(
                "name",
                (r, i) -> "Seat licence",
                "quantity",
                (r, i) -> BigDecimal.valueOf(1 + r.nextInt(50)),
                "price",
                (r, i) -> DataGenerator.decimal(r, 10, 900, 2)),
            List.of("name", "quantity", "price")));
    Gen when = (r, i) -> Instant.parse("2026-06-01T00:00:00Z").plusSeconds(i * 3_600L);
    types.add(
        engagement(
            "calls",
            "0-48",
            "Call",
            "Calls",
            List.of(
                Property.of("hs_call_title", "Call Title", "string", "text", "call"),
                Property.of("hs_call_body", "Call notes", "string", "textarea", "call"),
                Property.of("hs_call_duration", "Call duration", "number", "number", "call"),
                Property.enumeration(
                    "hs_call_direction", "Call direction", "call", List.of("INBOUND", "OUTBOUND"))),
            Map.of(
                "hs_call_title",
                (r, i) -> "Discovery call",
                "hs_call_body",
                (r, i) -> "Discussed pricing.",
                "hs_call_duration",
                (r, i) -> BigDecimal.valueOf(60_000L * (1 + r.nextInt(30))),
                "hs_call_direction",
                (r, i) -> DataGenerator.pick(r, List.of("INBOUND", "OUTBOUND")),
                "hs_timestamp",
                when)));
    types.add(
        engagement(
            "emails",
            "0-49",
            "Email",
            "Emails",
            List.of(
                Property.of("hs_email_subject", "Email subject", "string", "text", "email"),
                Property.of("hs_email_text", "Email body", "string", "textarea", "email"),
                Property.enumeration(
                    "hs_email_direction",
                    "Email direction",
                    "email",
                    List.of("EMAIL", "INCOMING_EMAIL", "FORWARDED_EMAIL"))),
            Map.of(
                "hs_email_subject",
                (r, i) -> "Following up",
                "hs_email_text",
                (r, i) -> "Hi, just checking in.",
                "hs_email_direction",
                (r, i) -> "EMAIL",
                "hs_timestamp",
                when)));
    types.add(
        engagement(
            "meetings",
            "0-47",
            "Meeting",
            "Meetings",
            List.of(
                Property.of("hs_meeting_title", "Meeting name", "string", "text", "meeting"),
                Property.of(
                    "hs_meeting_body", "Meeting description", "string", "textarea", "meeting"),
                Property.of("hs_meeting_start_time", "Start time", "datetime", "date", "meeting"),
                Property.of("hs_meeting_end_time", "End time", "datetime", "date", "meeting")),
            Map.of(
                "hs_meeting_title",
                (r, i) -> "Quarterly review",
                "hs_meeting_body",
                (r, i) -> "Agenda attached.",
                "hs_meeting_start_time",
                when,
                "hs_meeting_end_time",
                (r, i) -> ((Instant) when.value(r, i)).plusSeconds(1_800),
                "hs_timestamp",
                when)));
    types.add(
        engagement(
            "notes",
            "0-46",
            "Note",
            "Notes",
            List.of(Property.of("hs_note_body", "Note body", "string", "textarea", "note")),
            Map.of("hs_note_body", (r, i) -> "Prefers email over phone.", "hs_timestamp", when)));
    types.add(
        engagement(
            "tasks",
            "0-27",
            "Task",
            "Tasks",
            List.of(
                Property.of("hs_task_subject", "Task title", "string", "text", "task"),
                Property.of("hs_task_body", "Task notes", "string", "textarea", "task"),
                Property.enumeration(
                    "hs_task_status",
                    "Task status",
                    "task",
                    List.of("NOT_STARTED", "IN_PROGRESS", "COMPLETED")),
                Property.enumeration(
                    "hs_task_priority", "Priority", "task", List.of("LOW", "MEDIUM", "HIGH"))),
            Map.of(
                "hs_task_subject",
                (r, i) -> "Send proposal",
                "hs_task_body",
                (r, i) -> "Use the new template.",
                "hs_task_status",
                (r, i) -> DataGenerator.pick(r, List.of("NOT_STARTED", "COMPLETED")),
                "hs_task_priority",
                (r, i) -> "MEDIUM",
                "hs_timestamp",
                when)));
    CrmType projects =
        simple(
            "p" + portalId + "_projects",
            "2-3456789",
            "Project",
            "Projects",
            "crm.objects.custom",
            List.of(
                new Property(
                    "project_name",
                    "Project name",
                    "string",
                    "text",
                    "project_information",
                    "",
                    false,
                    false,
                    true,
                    false,
                    List.of(),
                    HubSpotSimulator.EPOCH_OF_DEFINITIONS),
                new Property(
                    "budget",
                    "Budget",
                    "number",
                    "number",
                    "project_information",
                    "",
                    false,
                    false,
                    false,
                    false,
                    List.of(),
                    HubSpotSimulator.EPOCH_OF_DEFINITIONS)),
            Map.of(
                "project_name",
                (r, i) -> "Project " + i,
                "budget",
                (r, i) -> DataGenerator.decimal(r, 1_000, 90_000, 2)),
            List.of("project_name"));
    types.add(projects);
    return types;
  }

  private static CrmType simple(
      String name,
      String id,
      String singular,
      String plural,
      String scope,
      List<Property> props,
      Map<String, Gen> gens,
      List<String> defaults) {
    List<String> d = new ArrayList<>(defaults);
    d.addAll(List.of("createdate", "hs_lastmodifieddate", "hs_object_id"));
    return new CrmType(
        name, id, singular, plural, scope, "createdate", "hs_lastmodifieddate", d, props, gens);
  }

  private static CrmType engagement(
      String name,
      String id,
      String singular,
      String plural,
      List<Property> props,
      Map<String, Gen> gens) {
    List<Property> all = new ArrayList<>(props);
    all.add(
        Property.of(
            "hs_timestamp",
            "Activity date",
            "datetime",
            "date",
            singular.toLowerCase(Locale.ROOT)));
    // engagements are read and written with the object scopes of the records they log against
    return new CrmType(
        name,
        id,
        singular,
        plural,
        "crm.objects.contacts",
        "hs_createdate",
        "hs_lastmodifieddate",
        List.of("hs_createdate", "hs_lastmodifieddate", "hs_object_id"),
        all,
        gens);
  }

  /** Every property, HubSpot-defined first, then created ones, in definition order. */
  synchronized List<Property> properties() {
    return Collections.unmodifiableList(new ArrayList<>(properties.values()));
  }

  synchronized Property property(String name) {
    return properties.get(name);
  }

  /** Adds a property; false if one of that name exists. */
  synchronized boolean addProperty(Property p) {
    return properties.putIfAbsent(p.name(), p) == null;
  }

  boolean isDerived(String property) {
    return property.equals("hs_object_id")
        || property.equals(createdProperty)
        || property.equals(modifiedProperty);
  }

  boolean matchesName(String objectType) {
    return name.equals(objectType)
        || objectTypeId.equals(objectType)
        || (name.equals(pluralLabel.toLowerCase(Locale.ROOT))
            && objectType.equals(singularLabel.toLowerCase(Locale.ROOT)))
        || (objectTypeId.startsWith("2-")
            && objectType.equals(name.substring(name.indexOf('_') + 1)));
  }

  RecordFactory factory() {
    return new RecordFactory() {
      @Override
      public String id(long index) {
        return Long.toString(FIRST_ID + index);
      }

      @Override
      public Map<String, Object> fields(long index, String id, Random r) {
        Map<String, Object> f = new LinkedHashMap<>();
        if (name.equals("contacts")) {
          String first = DataGenerator.firstName(r);
          String last = DataGenerator.lastName(r);
          String company = DataGenerator.company(r);
          f.put(
              "email",
              (first + "." + last + "." + index + "@" + DataGenerator.domain(r, company))
                  .toLowerCase(Locale.ROOT));
          f.put("firstname", first);
          f.put("lastname", last);
          f.put("phone", DataGenerator.sometimesNull(r, 0.2, DataGenerator.phone(r)));
          f.put("company", DataGenerator.sometimesNull(r, 0.1, company));
          f.put("jobtitle", DataGenerator.jobTitle(r));
          f.put("city", DataGenerator.city(r));
          f.put("country", DataGenerator.country(r));
          f.put(
              "lifecyclestage",
              DataGenerator.pick(
                  r, List.of("subscriber", "lead", "marketingqualifiedlead", "customer")));
          f.put(
              "annualrevenue",
              DataGenerator.sometimesNull(r, 0.3, DataGenerator.decimal(r, 0, 5_000_000, 0)));
          f.put("hs_email_optout", DataGenerator.bool(r, 0.05));
          f.put(
              "date_of_birth",
              DataGenerator.sometimesNull(
                  r,
                  0.5,
                  DataGenerator.date(
                      r,
                      java.time.LocalDate.of(1960, 1, 1),
                      java.time.LocalDate.of(2000, 12, 31))));
          return f;
        }
        for (Map.Entry<String, Gen> e : generators.entrySet())
          f.put(e.getKey(), e.getValue().value(r, index));
        return f;
      }
    };
  }

  @Override
  public String toString() {
    return "CrmType{" + name + " " + objectTypeId + "}";
  }
}
