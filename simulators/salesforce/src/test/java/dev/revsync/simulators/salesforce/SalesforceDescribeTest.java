package dev.revsync.simulators.salesforce;

import static org.assertj.core.api.Assertions.assertThat;

import dev.revsync.simulators.SimulatedClock;
import dev.revsync.simulators.Simulator;
import dev.revsync.simulators.SimulatorOptions;
import dev.revsync.simulators.SimulatorProvider;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.ServiceLoader;
import org.junit.jupiter.api.Test;

class SalesforceDescribeTest {
  private final SimulatedClock clock = SimulatedClock.at("2026-11-28T00:00:00Z");

  @Test
  void idsHaveTheCaseSafeSuffixAndSortInIndexOrder() {
    assertThat(SfIds.to18("0015000000Gv7qJ")).isEqualTo("0015000000Gv7qJAAR");
    assertThat(SfIds.normalize("0015000000Gv7qJ")).isEqualTo("0015000000Gv7qJAAR");
    assertThat(SfIds.normalize("0015000000Gv7qJAAX")).isNull();
    List<String> ids = new ArrayList<>();
    for (long i : new long[] {0, 1, 9, 10, 35, 36, 61, 62, 3843, 3844, 1_000_000, 999_999_999}) {
      String id = SfIds.of("003", i);
      assertThat(id).hasSize(18).startsWith("003");
      assertThat(SfIds.indexOf(id)).isEqualTo(i);
      ids.add(id);
    }
    assertThat(ids).isSorted();
  }

  @Test
  @SuppressWarnings("unchecked")
  void describeGlobalAndDescribeCarryTheFlagsAndFieldsAConnectorReads() {
    try (SalesforceSimulator sim = SalesforceSimulator.builder().clock(clock).start();
        SfClient client = new SfClient(sim.baseUrl())) {
      String token = client.login(sim);
      String base = "/services/data/v" + sim.apiVersion();
      SfClient.Reply global = client.get(base + "/sobjects", token);
      assertThat(global.map())
          .containsEntry("encoding", "UTF-8")
          .containsEntry("maxBatchSize", 200.0);
      List<Map<String, Object>> objects = (List<Map<String, Object>>) global.map().get("sobjects");
      assertThat(objects)
          .extracting(m -> m.get("name"))
          .containsExactly(
              "Account",
              "Contact",
              "Lead",
              "Opportunity",
              "Campaign",
              "CampaignMember",
              "Task",
              "User");
      assertThat(objects)
          .allSatisfy(
              m ->
                  assertThat(m)
                      .containsEntry("queryable", true)
                      .containsEntry("replicateable", true)
                      .containsEntry("deprecatedAndHidden", false)
                      .containsKey("urls"));
      assertThat(objects)
          .extracting(m -> m.get("keyPrefix"))
          .containsExactly("001", "003", "00Q", "006", "701", "00v", "00T", "005");

      SfClient.Reply contact = client.get(base + "/sobjects/Contact/describe", token);
      List<Map<String, Object>> fields = (List<Map<String, Object>>) contact.map().get("fields");
      Map<String, Map<String, Object>> byName = new java.util.HashMap<>();
      fields.forEach(f -> byName.put((String) f.get("name"), f));
      assertThat(byName)
          .containsKeys(
              "Id",
              "IsDeleted",
              "SystemModstamp",
              "LastModifiedDate",
              "Email",
              "AccountId",
              "Score__c",
              "Score_Reason__c",
              "Enrichment_Industry__c",
              "External_Id__c",
              "MailingAddress",
              "MailingCity");
      assertThat(byName.get("External_Id__c"))
          .containsEntry("externalId", true)
          .containsEntry("unique", true)
          .containsEntry("custom", true)
          .containsEntry("idLookup", true);
      assertThat(byName.get("MailingAddress"))
          .containsEntry("type", "address")
          .containsEntry("soapType", "urn:address");
      assertThat(byName.get("MailingCity")).containsEntry("compoundFieldName", "MailingAddress");
      assertThat(byName.get("SystemModstamp"))
          .containsEntry("type", "datetime")
          .containsEntry("soapType", "xsd:dateTime")
          .containsEntry("updateable", false);
      assertThat(byName.get("AccountId"))
          .containsEntry("relationshipName", "Account")
          .containsEntry("referenceTo", List.of("Account"));
      assertThat(byName.get("Score__c"))
          .containsEntry("type", "double")
          .containsEntry("updateable", true);
      assertThat((List<Object>) contact.map().get("childRelationships")).isNotEmpty();
      assertThat(client.get(base + "/sobjects/Widget/describe", token).code()).isEqualTo(404);

      SfClient.Reply user = client.get(base + "/sobjects/User/describe", token);
      assertThat(user.body()).doesNotContain("\"name\":\"IsDeleted\"");
    }
  }

  @Test
  void limitsReportTheAllocationLeft() {
    try (SalesforceSimulator sim =
            SalesforceSimulator.builder().clock(clock).dailyApiRequests(15_000).start();
        SfClient client = new SfClient(sim.baseUrl())) {
      String token = client.login(sim);
      sim.setRemainingDailyApiRequests(500);
      SfClient.Reply limits = client.get("/services/data/v" + sim.apiVersion() + "/limits", token);
      assertThat(limits.body())
          .contains("\"DailyApiRequests\":{\"Max\":15000,\"Remaining\":499}")
          .contains("\"DailyBulkV2QueryJobs\":{\"Max\":10000,\"Remaining\":10000}");
      assertThat(limits.header("Sforce-Limit-Info")).isEqualTo("api-usage=14501/15000");
    }
  }

  @Test
  void theProviderIsFoundByServiceLoaderAndHonoursRecordCounts() {
    SimulatorProvider provider = null;
    for (SimulatorProvider p : ServiceLoader.load(SimulatorProvider.class)) {
      if (p.system().equals("salesforce")) provider = p;
    }
    assertThat(provider).isNotNull();
    try (Simulator sim = provider.start(new SimulatorOptions(7, clock, Map.of("Lead", 1234L)))) {
      assertThat(sim.system()).isEqualTo("salesforce");
      assertThat(sim.store().table("Lead").size(false)).isEqualTo(1234);
      assertThat(sim.store().table("Account").size(false)).isEqualTo(200);
      assertThat(sim.connectionSettings())
          .containsKeys(
              "baseUrl",
              "loginUrl",
              "clientId",
              "clientSecret",
              "refreshToken",
              "authFlow",
              "username",
              "apiVersion")
          .containsEntry("authFlow", "refresh_token");
    }
  }

  @Test
  void generatedDataIsRealisticAndReferencesExist() {
    try (SalesforceSimulator sim = SalesforceSimulator.builder().clock(clock).seed(11).start()) {
      var contacts = sim.table("Contact").stream(false).limit(200).toList();
      assertThat(contacts)
          .allSatisfy(
              c -> {
                assertThat(c.id()).startsWith("003");
                assertThat(c.get("LastName")).isNotNull();
                assertThat(c.modifiedAt()).isBefore(clock.instant());
                if (c.get("AccountId") != null)
                  assertThat(sim.table("Account").get((String) c.get("AccountId"))).isNotNull();
              });
      assertThat(contacts)
          .filteredOn(c -> c.get("Email") != null)
          .isNotEmpty()
          .allSatisfy(c -> assertThat((String) c.get("Email")).contains("@"));
      assertThat(sim.table("User").get(SfIds.of("005", 0)).get("Username"))
          .isEqualTo("integration@revsync-sim.example.com");
      // the same seed gives the same data
      try (SalesforceSimulator again =
          SalesforceSimulator.builder().clock(clock).seed(11).start()) {
        assertThat(again.table("Contact").stream(false).limit(200).toList()).isEqualTo(contacts);
      }
    }
  }
}
