package dev.revsync.simulators.dynamics;

import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The tables of the simulated environment: account, contact, lead, opportunity, campaign and
 * activitypointer (standard, change tracking on except activitypointer, as in a default org) and
 * the custom table {@code new_project} (change tracking off), each with a few columns of every
 * attribute type a sync meets, and the custom score and enrichment columns a host writes.
 * Immutable.
 */
final class DynamicsSchema {
  static final Map<Long, String> STATE = Map.of(0L, "Active", 1L, "Inactive");
  static final Map<Long, String> STATUS = Map.of(1L, "Active", 2L, "Inactive");
  static final Map<Long, String> INDUSTRY =
      Map.of(
          1L,
          "Accounting",
          2L,
          "Agriculture",
          3L,
          "Broadcasting",
          4L,
          "Consulting",
          5L,
          "Financial",
          6L,
          "Manufacturing",
          7L,
          "Retail",
          8L,
          "Technology");
  static final Map<Long, String> LEAD_SOURCE =
      Map.of(
          1L,
          "Advertisement",
          2L,
          "Employee Referral",
          3L,
          "External Referral",
          4L,
          "Partner",
          8L,
          "Web",
          10L,
          "Other");
  static final Map<Long, String> CAMPAIGN_TYPE =
      Map.of(
          1L, "Advertisement", 2L, "Direct Marketing", 3L, "Event", 5L, "Co-branding", 6L, "Other");
  static final Map<Long, String> PRIORITY = Map.of(0L, "Low", 1L, "Normal", 2L, "High");

  private final Map<String, EntityType> byLogicalName = new LinkedHashMap<>();
  private final Map<String, EntityType> bySetName = new LinkedHashMap<>();

  DynamicsSchema() {
    add(
        new EntityType(
            "account",
            "accounts",
            "name",
            true,
            false,
            1,
            List.of(
                Attribute.of("name", "String"),
                Attribute.of("accountnumber", "String"),
                Attribute.of("telephone1", "String"),
                Attribute.of("emailaddress1", "String"),
                Attribute.of("websiteurl", "String"),
                Attribute.of("address1_city", "String"),
                Attribute.of("address1_country", "String"),
                Attribute.choice("industrycode", "Picklist", INDUSTRY),
                Attribute.of("numberofemployees", "Integer"),
                Attribute.of("revenue", "Money"),
                Attribute.lookup("transactioncurrencyid", "Lookup", "transactioncurrency"),
                Attribute.lookup("primarycontactid", "Lookup", "contact"),
                Attribute.of("donotemail", "Boolean"),
                Attribute.of("new_revsyncscore", "Integer"),
                Attribute.of("new_enrichedindustry", "String"),
                Attribute.choice("statecode", "State", STATE),
                Attribute.choice("statuscode", "Status", STATUS)),
            Map.of("accountnumber_key", List.of("accountnumber"))));
    add(
        new EntityType(
            "contact",
            "contacts",
            "fullname",
            true,
            false,
            2,
            List.of(
                Attribute.of("firstname", "String"),
                Attribute.of("lastname", "String"),
                Attribute.readOnly("fullname", "String"),
                Attribute.of("emailaddress1", "String"),
                Attribute.of("jobtitle", "String"),
                Attribute.of("telephone1", "String"),
                Attribute.of("address1_city", "String"),
                Attribute.lookup("parentcustomerid", "Customer", "account"),
                Attribute.date("birthdate"),
                Attribute.of("creditlimit", "Money"),
                Attribute.lookup("transactioncurrencyid", "Lookup", "transactioncurrency"),
                Attribute.of("donotemail", "Boolean"),
                Attribute.of("new_leadscore", "Integer"),
                Attribute.of("new_enrichedtitle", "String"),
                Attribute.choice("statecode", "State", STATE),
                Attribute.choice("statuscode", "Status", STATUS)),
            Map.of("contact_email_key", List.of("emailaddress1"))));
    add(
        new EntityType(
            "lead",
            "leads",
            "fullname",
            true,
            false,
            4,
            List.of(
                Attribute.of("subject", "String"),
                Attribute.of("firstname", "String"),
                Attribute.of("lastname", "String"),
                Attribute.readOnly("fullname", "String"),
                Attribute.of("companyname", "String"),
                Attribute.of("emailaddress1", "String"),
                Attribute.choice("leadsourcecode", "Picklist", LEAD_SOURCE),
                Attribute.of("new_leadscore", "Integer"),
                Attribute.choice("statecode", "State", STATE),
                Attribute.choice("statuscode", "Status", STATUS)),
            Map.of()));
    add(
        new EntityType(
            "opportunity",
            "opportunities",
            "name",
            true,
            false,
            3,
            List.of(
                Attribute.of("name", "String"),
                Attribute.of("estimatedvalue", "Money"),
                Attribute.lookup("transactioncurrencyid", "Lookup", "transactioncurrency"),
                Attribute.date("estimatedclosedate"),
                Attribute.of("closeprobability", "Integer"),
                Attribute.lookup("parentaccountid", "Lookup", "account"),
                Attribute.of("new_revsyncscore", "Integer"),
                Attribute.choice("statecode", "State", STATE)),
            Map.of()));
    add(
        new EntityType(
            "campaign",
            "campaigns",
            "name",
            true,
            false,
            4400,
            List.of(
                Attribute.of("name", "String"),
                Attribute.choice("typecode", "Picklist", CAMPAIGN_TYPE),
                Attribute.of("budgetedcost", "Money"),
                Attribute.lookup("transactioncurrencyid", "Lookup", "transactioncurrency"),
                Attribute.date("actualstart"),
                Attribute.choice("statecode", "State", STATE)),
            Map.of()));
    add(
        new EntityType(
            "activitypointer",
            "activitypointers",
            "subject",
            false,
            false,
            4200,
            List.of(
                Attribute.of("subject", "String"),
                Attribute.readOnly("activitytypecode", "EntityName"),
                Attribute.of("scheduledend", "DateTime"),
                Attribute.lookup("regardingobjectid", "Lookup", "contact"),
                Attribute.choice("prioritycode", "Picklist", PRIORITY),
                Attribute.of("actualdurationminutes", "Integer"),
                Attribute.choice("statecode", "State", STATE)),
            Map.of()));
    add(
        new EntityType(
            "new_project",
            "new_projects",
            "new_name",
            false,
            true,
            10_001,
            List.of(
                Attribute.of("new_name", "String"),
                Attribute.of("new_budget", "Decimal"),
                Attribute.of("new_weight", "Double"),
                Attribute.of("new_units", "BigInt"),
                Attribute.of("new_description", "Memo"),
                Attribute.lookup("new_accountid", "Lookup", "account"),
                Attribute.choice("statecode", "State", STATE)),
            Map.of()));
  }

  private void add(EntityType type) {
    byLogicalName.put(type.logicalName(), type);
    bySetName.put(type.entitySetName(), type);
  }

  List<EntityType> types() {
    return Collections.unmodifiableList(new ArrayList<>(byLogicalName.values()));
  }

  EntityType byLogicalName(String name) {
    return byLogicalName.get(name);
  }

  EntityType bySetName(String name) {
    return bySetName.get(name);
  }
}
