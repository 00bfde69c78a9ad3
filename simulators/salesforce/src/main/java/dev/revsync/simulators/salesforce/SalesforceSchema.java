package dev.revsync.simulators.salesforce;

import static dev.revsync.simulators.salesforce.SfField.builder;

import dev.revsync.simulators.salesforce.SfField.Source;
import java.util.ArrayList;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The simulated org's objects: Account, Contact, Lead, Opportunity, Campaign, CampaignMember, Task
 * and User, with their standard fields, compound addresses, relationships, and the custom fields a
 * score export writes ({@code Score__c}, {@code Score_Reason__c}, {@code Enrichment_Industry__c},
 * {@code Enrichment_Revenue__c}, {@code External_Id__c}). Immutable after construction.
 */
@SuppressWarnings(
    "BadImport") // SfField.builder, statically imported, reads as a table of ~100 fields
final class SalesforceSchema {
  static final List<String> OBJECTS =
      List.of(
          "Account",
          "Contact",
          "Lead",
          "Opportunity",
          "Campaign",
          "CampaignMember",
          "Task",
          "User");

  static final String[] INDUSTRIES = {
    "Agriculture",
    "Apparel",
    "Banking",
    "Biotechnology",
    "Chemicals",
    "Communications",
    "Construction",
    "Consulting",
    "Education",
    "Electronics",
    "Energy",
    "Engineering",
    "Entertainment",
    "Environmental",
    "Finance",
    "Food & Beverage",
    "Government",
    "Healthcare",
    "Hospitality",
    "Insurance",
    "Machinery",
    "Manufacturing",
    "Media",
    "Not For Profit",
    "Recreation",
    "Retail",
    "Shipping",
    "Technology",
    "Telecommunications",
    "Transportation",
    "Utilities",
    "Other"
  };
  static final String[] LEAD_SOURCES = {
    "Web", "Phone Inquiry", "Partner Referral", "Purchased List", "Other"
  };
  static final String[] LEAD_STATUSES = {
    "Open - Not Contacted", "Working - Contacted", "Closed - Converted", "Closed - Not Converted"
  };
  static final String[] STAGES = {
    "Prospecting",
    "Qualification",
    "Needs Analysis",
    "Value Proposition",
    "Id. Decision Makers",
    "Perception Analysis",
    "Proposal/Price Quote",
    "Negotiation/Review",
    "Closed Won",
    "Closed Lost"
  };
  static final String[] GEOCODE = {
    "Address",
    "NearAddress",
    "Block",
    "Street",
    "ExtendedZip",
    "Zip",
    "Neighborhood",
    "City",
    "County",
    "State",
    "Unknown"
  };

  private final Map<String, SObjectType> byLowerName = new LinkedHashMap<>();
  private final Map<String, SObjectType> byPrefix = new LinkedHashMap<>();

  SalesforceSchema() {
    add(account());
    add(contact());
    add(lead());
    add(opportunity());
    add(campaign());
    add(campaignMember());
    add(task());
    add(user());
    for (SObjectType parentCandidate : byLowerName.values()) {
      for (SObjectType child : byLowerName.values()) {
        for (SfField f : child.fields()) {
          if (f.isReference()
              && f.referenceTo().contains(parentCandidate.name())
              && f.relationshipName() != null
              && !f.name().equals("CreatedById")
              && !f.name().equals("LastModifiedById")) {
            parentCandidate.addChild(
                new SObjectType.ChildRelationship(
                    child.name(),
                    f.name(),
                    childRelationshipName(child.name()),
                    child.name().equals("CampaignMember")));
          }
        }
      }
    }
  }

  private static String childRelationshipName(String child) {
    return switch (child) {
      case "Opportunity" -> "Opportunities";
      case "CampaignMember" -> "CampaignMembers";
      default -> child + "s";
    };
  }

  private void add(SObjectType type) {
    byLowerName.put(SObjectType.lower(type.name()), type);
    byPrefix.put(type.keyPrefix(), type);
  }

  /** The object named {@code name} (case-insensitive), or null. */
  SObjectType type(String name) {
    return name == null ? null : byLowerName.get(SObjectType.lower(name));
  }

  /** The object whose ids start with the prefix of {@code id}, or null. */
  SObjectType typeOfId(String id) {
    return byPrefix.get(SfIds.prefix(id));
  }

  Collection<SObjectType> types() {
    return byLowerName.values();
  }

  // ---- definitions ------------------------------------------------------------------------

  private static List<SfField> system(boolean hasIsDeleted) {
    List<SfField> f = new ArrayList<>();
    f.add(
        builder("Id", "id")
            .label("Record ID")
            .readOnly()
            .required()
            .idLookup()
            .defaulted()
            .source(Source.ID)
            .build());
    if (hasIsDeleted) {
      f.add(
          builder("IsDeleted", "boolean")
              .label("Deleted")
              .readOnly()
              .required()
              .defaulted()
              .source(Source.DELETED)
              .build());
    }
    f.add(
        builder("CreatedDate", "datetime")
            .label("Created Date")
            .readOnly()
            .required()
            .defaulted()
            .source(Source.CREATED)
            .build());
    f.add(
        builder("CreatedById", "reference")
            .label("Created By ID")
            .readOnly()
            .required()
            .defaulted()
            .references("CreatedBy", "User")
            .build());
    f.add(
        builder("LastModifiedDate", "datetime")
            .label("Last Modified Date")
            .readOnly()
            .required()
            .defaulted()
            .source(Source.MODIFIED)
            .build());
    f.add(
        builder("LastModifiedById", "reference")
            .label("Last Modified By ID")
            .readOnly()
            .required()
            .defaulted()
            .references("LastModifiedBy", "User")
            .build());
    f.add(
        builder("SystemModstamp", "datetime")
            .label("System Modstamp")
            .readOnly()
            .required()
            .defaulted()
            .source(Source.MODIFIED)
            .build());
    return f;
  }

  private static SfField owner(String... to) {
    return builder("OwnerId", "reference")
        .label("Owner ID")
        .required()
        .defaulted()
        .references("Owner", to)
        .build();
  }

  private static void address(List<SfField> f, String prefix, String compound) {
    f.add(
        builder(prefix + "Street", "textarea")
            .label(label(prefix, "Street"))
            .length(255)
            .compoundOf(compound)
            .build());
    f.add(
        builder(prefix + "City", "string")
            .label(label(prefix, "City"))
            .length(40)
            .compoundOf(compound)
            .build());
    f.add(
        builder(prefix + "State", "string")
            .label(label(prefix, "State/Province"))
            .length(80)
            .compoundOf(compound)
            .build());
    f.add(
        builder(prefix + "PostalCode", "string")
            .label(label(prefix, "Zip/Postal Code"))
            .length(20)
            .compoundOf(compound)
            .build());
    f.add(
        builder(prefix + "Country", "string")
            .label(label(prefix, "Country"))
            .length(80)
            .compoundOf(compound)
            .build());
    f.add(
        builder(prefix + "Latitude", "double")
            .label(label(prefix, "Latitude"))
            .number(18, 15)
            .compoundOf(compound)
            .build());
    f.add(
        builder(prefix + "Longitude", "double")
            .label(label(prefix, "Longitude"))
            .number(18, 15)
            .compoundOf(compound)
            .build());
    f.add(
        builder(prefix + "GeocodeAccuracy", "picklist")
            .label(label(prefix, "Geocode Accuracy"))
            .length(40)
            .picklist(GEOCODE)
            .compoundOf(compound)
            .build());
    f.add(
        builder(compound, "address")
            .label(label(prefix, "Address"))
            .source(Source.ADDRESS)
            .build());
  }

  private static String label(String prefix, String what) {
    return prefix.isEmpty() ? what : prefix + " " + what;
  }

  private static void scoreFields(List<SfField> f, boolean withRevenue) {
    f.add(builder("Score__c", "double").label("Score").number(5, 2).build());
    f.add(builder("Score_Reason__c", "string").label("Score Reason").length(255).build());
    f.add(
        builder("Enrichment_Industry__c", "string")
            .label("Enrichment Industry")
            .length(255)
            .build());
    if (withRevenue)
      f.add(
          builder("Enrichment_Revenue__c", "currency")
              .label("Enrichment Revenue")
              .number(18, 0)
              .build());
    f.add(
        builder("External_Id__c", "string")
            .label("External Id")
            .length(255)
            .externalId()
            .unique()
            .build());
  }

  private static void personName(List<SfField> f) {
    f.add(builder("FirstName", "string").label("First Name").length(40).compoundOf("Name").build());
    f.add(
        builder("LastName", "string")
            .label("Last Name")
            .length(80)
            .required()
            .compoundOf("Name")
            .build());
    f.add(builder("Name", "string").label("Full Name").length(121).readOnly().idLookup().build());
  }

  private static SObjectType account() {
    List<SfField> f = system(true);
    f.add(builder("Name", "string").label("Account Name").required().idLookup().build());
    f.add(
        builder("Type", "picklist")
            .label("Account Type")
            .picklist(
                "Prospect",
                "Customer - Direct",
                "Customer - Channel",
                "Channel Partner / Reseller",
                "Installation Partner",
                "Technology Partner",
                "Other")
            .build());
    f.add(
        builder("ParentId", "reference")
            .label("Parent Account ID")
            .references("Parent", "Account")
            .build());
    f.add(builder("Industry", "picklist").picklist(INDUSTRIES).build());
    f.add(builder("AnnualRevenue", "currency").label("Annual Revenue").number(18, 0).build());
    f.add(builder("NumberOfEmployees", "int").label("Employees").digits(8).build());
    f.add(builder("Website", "url").build());
    f.add(builder("Phone", "phone").label("Account Phone").build());
    f.add(builder("Description", "textarea").label("Account Description").build());
    address(f, "Billing", "BillingAddress");
    address(f, "Shipping", "ShippingAddress");
    f.add(owner("User"));
    scoreFields(f, true);
    return new SObjectType("Account", "Account", "Accounts", "001", true, f);
  }

  private static SObjectType contact() {
    List<SfField> f = system(true);
    f.add(
        builder("AccountId", "reference")
            .label("Account ID")
            .references("Account", "Account")
            .build());
    personName(f);
    f.add(builder("Email", "email").idLookup().build());
    f.add(builder("Phone", "phone").label("Business Phone").build());
    f.add(builder("Title", "string").length(128).build());
    f.add(builder("Department", "string").length(80).build());
    f.add(builder("LeadSource", "picklist").label("Lead Source").picklist(LEAD_SOURCES).build());
    f.add(builder("Birthdate", "date").build());
    f.add(
        builder("HasOptedOutOfEmail", "boolean")
            .label("Email Opt Out")
            .required()
            .defaulted()
            .build());
    address(f, "Mailing", "MailingAddress");
    f.add(owner("User"));
    scoreFields(f, false);
    return new SObjectType("Contact", "Contact", "Contacts", "003", true, f);
  }

  private static SObjectType lead() {
    List<SfField> f = system(true);
    personName(f);
    f.add(builder("Company", "string").required().build());
    f.add(builder("Email", "email").idLookup().build());
    f.add(builder("Phone", "phone").build());
    f.add(builder("Title", "string").length(128).build());
    f.add(
        builder("Status", "picklist")
            .label("Lead Status")
            .length(40)
            .required()
            .defaulted()
            .picklist(LEAD_STATUSES)
            .build());
    f.add(builder("LeadSource", "picklist").label("Lead Source").picklist(LEAD_SOURCES).build());
    f.add(builder("Industry", "picklist").picklist(INDUSTRIES).build());
    f.add(builder("Rating", "picklist").picklist("Hot", "Warm", "Cold").build());
    f.add(builder("AnnualRevenue", "currency").label("Annual Revenue").number(18, 0).build());
    f.add(builder("NumberOfEmployees", "int").label("Employees").digits(8).build());
    f.add(
        builder("HasOptedOutOfEmail", "boolean")
            .label("Email Opt Out")
            .required()
            .defaulted()
            .build());
    f.add(
        builder("IsConverted", "boolean")
            .label("Converted")
            .required()
            .defaulted()
            .notUpdateable()
            .build());
    f.add(builder("ConvertedDate", "date").label("Converted Date").readOnly().build());
    f.add(
        builder("ConvertedAccountId", "reference")
            .label("Converted Account ID")
            .readOnly()
            .references("ConvertedAccount", "Account")
            .build());
    f.add(
        builder("ConvertedContactId", "reference")
            .label("Converted Contact ID")
            .readOnly()
            .references("ConvertedContact", "Contact")
            .build());
    address(f, "", "Address");
    f.add(owner("Group", "User"));
    scoreFields(f, true);
    return new SObjectType("Lead", "Lead", "Leads", "00Q", true, f);
  }

  private static SObjectType opportunity() {
    List<SfField> f = system(true);
    f.add(
        builder("AccountId", "reference")
            .label("Account ID")
            .references("Account", "Account")
            .build());
    f.add(builder("Name", "string").label("Name").length(120).required().build());
    f.add(
        builder("StageName", "picklist")
            .label("Stage")
            .length(40)
            .required()
            .picklist(STAGES)
            .build());
    f.add(builder("Amount", "currency").number(18, 2).build());
    f.add(builder("Probability", "percent").label("Probability (%)").number(3, 0).build());
    f.add(builder("CloseDate", "date").label("Close Date").required().build());
    f.add(
        builder("Type", "picklist")
            .label("Opportunity Type")
            .picklist("Existing Business", "New Business")
            .build());
    f.add(builder("LeadSource", "picklist").label("Lead Source").picklist(LEAD_SOURCES).build());
    f.add(
        builder("IsClosed", "boolean").label("Closed").required().calculated().defaulted().build());
    f.add(builder("IsWon", "boolean").label("Won").required().calculated().defaulted().build());
    f.add(
        builder("CampaignId", "reference")
            .label("Campaign ID")
            .references("Campaign", "Campaign")
            .build());
    f.add(owner("User"));
    f.add(builder("Score__c", "double").label("Score").number(5, 2).build());
    return new SObjectType("Opportunity", "Opportunity", "Opportunities", "006", true, f);
  }

  private static SObjectType campaign() {
    List<SfField> f = system(true);
    f.add(builder("Name", "string").label("Name").length(80).required().build());
    f.add(
        builder("Type", "picklist")
            .picklist(
                "Conference",
                "Webinar",
                "Trade Show",
                "Email",
                "Advertisement",
                "Direct Mail",
                "Other")
            .build());
    f.add(
        builder("Status", "picklist")
            .picklist("Planned", "In Progress", "Completed", "Aborted")
            .build());
    f.add(builder("StartDate", "date").label("Start Date").build());
    f.add(builder("EndDate", "date").label("End Date").build());
    f.add(builder("IsActive", "boolean").label("Active").required().defaulted().build());
    f.add(
        builder("BudgetedCost", "currency")
            .label("Budgeted Cost in Campaign")
            .number(18, 0)
            .build());
    f.add(builder("ActualCost", "currency").label("Actual Cost in Campaign").number(18, 0).build());
    f.add(builder("NumberOfLeads", "int").label("Leads in Campaign").calculated().build());
    f.add(
        builder("ParentId", "reference")
            .label("Parent Campaign ID")
            .references("Parent", "Campaign")
            .build());
    f.add(owner("User"));
    return new SObjectType("Campaign", "Campaign", "Campaigns", "701", true, f);
  }

  private static SObjectType campaignMember() {
    List<SfField> f = system(true);
    f.add(
        builder("CampaignId", "reference")
            .label("Campaign ID")
            .required()
            .notUpdateable()
            .references("Campaign", "Campaign")
            .build());
    f.add(
        builder("LeadId", "reference")
            .label("Lead ID")
            .notUpdateable()
            .references("Lead", "Lead")
            .build());
    f.add(
        builder("ContactId", "reference")
            .label("Contact ID")
            .notUpdateable()
            .references("Contact", "Contact")
            .build());
    f.add(
        builder("Status", "picklist")
            .length(40)
            .picklist("Planned", "Received", "Responded", "Sent")
            .build());
    f.add(
        builder("HasResponded", "boolean")
            .label("Responded")
            .required()
            .calculated()
            .defaulted()
            .build());
    f.add(builder("FirstRespondedDate", "date").label("First Responded Date").readOnly().build());
    return new SObjectType("CampaignMember", "Campaign Member", "Campaign Members", "00v", true, f);
  }

  private static SObjectType task() {
    List<SfField> f = system(true);
    f.add(
        builder("WhoId", "reference")
            .label("Name ID")
            .references("Who", "Contact", "Lead")
            .build());
    f.add(
        builder("WhatId", "reference")
            .label("Related To ID")
            .references("What", "Account", "Opportunity", "Campaign")
            .build());
    f.add(builder("Subject", "combobox").build());
    f.add(builder("ActivityDate", "date").label("Due Date Only").build());
    f.add(
        builder("Status", "picklist")
            .length(40)
            .required()
            .defaulted()
            .picklist(
                "Not Started", "In Progress", "Completed", "Waiting on someone else", "Deferred")
            .build());
    f.add(
        builder("Priority", "picklist")
            .length(40)
            .required()
            .defaulted()
            .picklist("High", "Normal", "Low")
            .build());
    f.add(
        builder("TaskSubtype", "picklist")
            .label("Task Subtype")
            .length(40)
            .notUpdateable()
            .picklist("Task", "Email", "ListEmail", "Cadence", "Call")
            .build());
    f.add(builder("Description", "textarea").label("Description").build());
    f.add(
        builder("IsClosed", "boolean").label("Closed").required().calculated().defaulted().build());
    f.add(builder("CallDurationInSeconds", "int").label("Call Duration").digits(8).build());
    f.add(owner("Group", "User"));
    return new SObjectType("Task", "Task", "Tasks", "00T", true, f);
  }

  private static SObjectType user() {
    // Users are never deleted, so User has no IsDeleted field (as in a real org).
    List<SfField> f = system(false);
    f.add(builder("Username", "string").length(80).required().unique().idLookup().build());
    personName(f);
    f.add(builder("Email", "email").label("Email").length(128).required().build());
    f.add(builder("Alias", "string").length(8).required().build());
    f.add(builder("IsActive", "boolean").label("Active").required().defaulted().build());
    f.add(
        builder("UserType", "picklist")
            .label("User Type")
            .length(40)
            .readOnly()
            .picklist("Standard", "PowerPartner", "CsnOnly", "Guest")
            .build());
    f.add(builder("Title", "string").length(80).build());
    f.add(builder("Department", "string").length(80).build());
    f.add(builder("CompanyName", "string").label("Company Name").length(80).build());
    f.add(
        builder("TimeZoneSidKey", "picklist")
            .label("Time Zone")
            .length(40)
            .required()
            .picklist(
                "America/Los_Angeles",
                "America/New_York",
                "Europe/London",
                "Europe/Paris",
                "Asia/Tokyo",
                "GMT")
            .build());
    f.add(
        builder("ManagerId", "reference")
            .label("Manager ID")
            .references("Manager", "User")
            .build());
    return new SObjectType("User", "User", "Users", "005", false, f);
  }
}
