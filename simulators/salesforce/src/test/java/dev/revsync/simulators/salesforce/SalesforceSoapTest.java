package dev.revsync.simulators.salesforce;

import static org.assertj.core.api.Assertions.assertThat;

import dev.revsync.simulators.SimRecord;
import dev.revsync.simulators.SimulatedClock;
import java.io.ByteArrayOutputStream;
import java.math.BigDecimal;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.zip.GZIPOutputStream;
import okhttp3.MediaType;
import okhttp3.RequestBody;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

class SalesforceSoapTest {
  private final SimulatedClock clock = SimulatedClock.at("2026-11-28T00:00:00Z");
  private SalesforceSimulator sim;
  private SfClient client;
  private String token;

  @BeforeEach
  void start() {
    sim = SalesforceSimulator.builder().clock(clock).records("Contact", 300).start();
    client = new SfClient(sim.baseUrl());
    token = client.login(sim);
  }

  @AfterEach
  void stop() {
    client.close();
    sim.close();
  }

  private static String envelope(String session, String allOrNone, String body) {
    return "<?xml version=\"1.0\" encoding=\"UTF-8\"?>"
        + "<env:Envelope xmlns:env=\"http://schemas.xmlsoap.org/soap/envelope/\" xmlns:m=\"urn:partner.soap.sforce.com\""
        + " xmlns:o=\"urn:sobject.partner.soap.sforce.com\" xmlns:xsi=\"http://www.w3.org/2001/XMLSchema-instance\">"
        + "<env:Header><m:SessionHeader><m:sessionId>"
        + session
        + "</m:sessionId></m:SessionHeader>"
        + (allOrNone == null
            ? ""
            : "<m:AllOrNoneHeader><m:allOrNone>" + allOrNone + "</m:allOrNone></m:AllOrNoneHeader>")
        + "</env:Header><env:Body>"
        + body
        + "</env:Body></env:Envelope>";
  }

  private static String contact(String inner) {
    return "<m:sObjects xsi:type=\"o:sObject\"><o:type>Contact</o:type>" + inner + "</m:sObjects>";
  }

  private SfClient.Reply call(String body) {
    return client.soap(sim.apiVersion(), envelope(token, null, body));
  }

  private List<SimRecord> contacts(int n) {
    return sim.table("Contact").stream(false).limit(n).toList();
  }

  @Test
  void updateReturnsPerRecordResultsInInputOrderWithSalesforceErrors() {
    List<SimRecord> cs = contacts(2);
    clock.advance(Duration.ofMinutes(10));
    String deleted = contacts(3).get(2).id();
    sim.table("Contact").delete(deleted);
    SfClient.Reply r =
        call(
            "<m:update>"
                + contact(
                    "<o:fieldsToNull>Title</o:fieldsToNull><o:Id>"
                        + cs.get(0).id()
                        + "</o:Id><o:Score__c>87.5</o:Score__c>"
                        + "<o:Enrichment_Industry__c>Fintech &amp; Banking</o:Enrichment_Industry__c>")
                + contact("<o:Id>" + cs.get(1).id() + "</o:Id><o:Email>not-an-email</o:Email>")
                + contact("<o:Id>" + deleted + "</o:Id><o:Score__c>1</o:Score__c>")
                + contact("<o:Id>001RO0000000001AAA</o:Id><o:Score__c>1</o:Score__c>")
                + contact(
                    "<o:Id>"
                        + cs.get(1).id()
                        + "</o:Id><o:CreatedDate>2020-01-01T00:00:00Z</o:CreatedDate>")
                + "</m:update>");
    assertThat(r.code()).isEqualTo(200);
    assertThat(r.body())
        .contains(
            "<LimitInfoHeader><limitInfo><current>"
                + sim.dailyApiRequestsUsed()
                + "</current><limit>100000</limit><type>API REQUESTS</type></limitInfo></LimitInfoHeader>");
    String body = r.body().substring(r.body().indexOf("<updateResponse>"));
    assertThat(body)
        .startsWith(
            "<updateResponse><result><id>"
                + cs.get(0).id()
                + "</id><success>true</success></result>"
                + "<result><errors><fields>Email</fields><message>Email: invalid email address: not-an-email</message>"
                + "<statusCode>INVALID_EMAIL_ADDRESS</statusCode></errors><id xsi:nil=\"true\"/><success>false</success></result>"
                + "<result><errors><message>entity is deleted</message><statusCode>ENTITY_IS_DELETED</statusCode></errors>"
                + "<id xsi:nil=\"true\"/><success>false</success></result>"
                + "<result><errors><fields>Id</fields><message>Contact ID: id value of incorrect type: 001RO0000000001AAA"
                + "</message><statusCode>MALFORMED_ID</statusCode></errors><id xsi:nil=\"true\"/><success>false</success>"
                + "</result><result><errors><fields>CreatedDate</fields><message>Unable to create/update fields: CreatedDate.");
    SimRecord updated = sim.table("Contact").get(cs.get(0).id());
    assertThat(updated.get("Score__c")).isEqualTo(new BigDecimal("87.5"));
    assertThat(updated.get("Enrichment_Industry__c")).isEqualTo("Fintech & Banking");
    assertThat(updated.get("Title")).isNull();
    assertThat(updated.modifiedAt()).isEqualTo(clock.instant());
    assertThat(sim.table("Contact").get(cs.get(1).id()).get("Email"))
        .isEqualTo(cs.get(1).get("Email"));
  }

  @Test
  void writesAreSeenByTheNextIncrementalQuery() {
    String id = contacts(1).get(0).id();
    clock.advance(Duration.ofHours(1));
    String since = SfValues.dateTimeZ(clock.instant()).replace(".000Z", "Z");
    clock.advance(Duration.ofSeconds(5));
    call(
        "<m:update>"
            + contact("<o:Id>" + id + "</o:Id><o:Score__c>42</o:Score__c>")
            + "</m:update>");
    SfClient.Reply q =
        client.query(
            sim.apiVersion(),
            token,
            "SELECT Id, Score__c FROM Contact WHERE SystemModstamp > " + since);
    assertThat(q.body())
        .contains("\"Id\":\"" + id + "\"")
        .contains("\"Score__c\":42.0")
        .contains("\"totalSize\":1");
  }

  @Test
  void upsertByExternalIdCreatesOrUpdatesAndReportsWhich() {
    SimRecord existing =
        sim.table("Contact").stream(false)
            .filter(r -> r.get("External_Id__c") != null)
            .findFirst()
            .orElseThrow();
    String ext = (String) existing.get("External_Id__c");
    long before = sim.table("Contact").size(false);
    SfClient.Reply r =
        call(
            "<m:upsert><m:externalIDFieldName>External_Id__c</m:externalIDFieldName>"
                + contact(
                    "<o:External_Id__c>" + ext + "</o:External_Id__c><o:Score__c>10</o:Score__c>")
                + contact(
                    "<o:External_Id__c>NEW-1</o:External_Id__c><o:LastName>Nguyen</o:LastName><o:Score__c>20</o:Score__c>")
                + contact("<o:External_Id__c>NEW-2</o:External_Id__c><o:Score__c>30</o:Score__c>")
                + contact("<o:Score__c>40</o:Score__c>")
                + "</m:upsert>");
    String body = r.body();
    assertThat(body)
        .contains(
            "<result><created>false</created><id>"
                + existing.id()
                + "</id><success>true</success>"
                + "</result>");
    assertThat(body)
        .containsPattern(
            "<result><created>true</created><id>003\\w{15}</id><success>true</success></result>");
    assertThat(body)
        .contains("<statusCode>REQUIRED_FIELD_MISSING</statusCode>")
        .contains(
            "<message>External_Id__c not specified</message><statusCode>MISSING_ARGUMENT</statusCode>");
    assertThat(sim.table("Contact").size(false)).isEqualTo(before + 1);
    SfClient.Reply again =
        call(
            "<m:upsert><m:externalIDFieldName>External_Id__c</m:externalIDFieldName>"
                + contact("<o:External_Id__c>new-1</o:External_Id__c><o:Score__c>21</o:Score__c>")
                + "</m:upsert>");
    assertThat(again.body()).contains("<created>false</created>");
    assertThat(sim.table("Contact").size(false)).isEqualTo(before + 1);
  }

  @Test
  void duplicateExternalIdsInOneCallAndUniqueConflictsAreRefused() {
    List<SimRecord> cs =
        sim.table("Contact").stream(false)
            .filter(r -> r.get("External_Id__c") != null)
            .limit(2)
            .toList();
    SfClient.Reply dup =
        call(
            "<m:upsert><m:externalIDFieldName>External_Id__c</m:externalIDFieldName>"
                + contact("<o:External_Id__c>X-9</o:External_Id__c><o:LastName>A</o:LastName>")
                + contact("<o:External_Id__c>X-9</o:External_Id__c><o:LastName>B</o:LastName>")
                + "</m:upsert>");
    assertThat(dup.body().split("DUPLICATE_EXTERNAL_ID", -1)).hasSize(3);
    SfClient.Reply unique =
        call(
            "<m:update>"
                + contact(
                    "<o:Id>"
                        + cs.get(0).id()
                        + "</o:Id><o:External_Id__c>"
                        + cs.get(1).get("External_Id__c")
                        + "</o:External_Id__c>")
                + "</m:update>");
    assertThat(unique.body())
        .contains("<statusCode>DUPLICATE_VALUE</statusCode>")
        .contains("duplicates value on record with id: " + cs.get(1).id());
  }

  @Test
  void allOrNoneRollsBackEveryRecordWhenOneFails() {
    List<SimRecord> cs = contacts(2);
    SfClient.Reply r =
        client.soap(
            sim.apiVersion(),
            envelope(
                token,
                "true",
                "<m:update>"
                    + contact("<o:Id>" + cs.get(0).id() + "</o:Id><o:Score__c>55</o:Score__c>")
                    + contact(
                        "<o:Id>" + cs.get(1).id() + "</o:Id><o:Score__c>not a number</o:Score__c>")
                    + "</m:update>"));
    assertThat(r.body())
        .contains("<statusCode>ALL_OR_NONE_OPERATION_ROLLED_BACK</statusCode>")
        .contains("<statusCode>INVALID_TYPE_ON_FIELD_IN_RECORD</statusCode>");
    assertThat(sim.table("Contact").get(cs.get(0).id()).get("Score__c"))
        .isEqualTo(cs.get(0).get("Score__c"));
  }

  @Test
  void createInsertsWithDefaultsAndNewIds() {
    SfClient.Reply r =
        call(
            "<m:create>"
                + contact("<o:LastName>O'Brien</o:LastName><o:FirstName>Seán</o:FirstName>")
                + "</m:create>");
    String id = r.body().replaceAll("(?s).*<id>(003\\w{15})</id>.*", "$1");
    SimRecord created = sim.table("Contact").get(id);
    assertThat(created.get("Name")).isEqualTo("Seán O'Brien");
    assertThat(created.get("HasOptedOutOfEmail")).isEqualTo(false);
    assertThat(created.get("OwnerId")).isEqualTo(SfIds.of("005", 0));
  }

  @Test
  void moreThanTwoHundredRecordsFaultsTheWholeCall() {
    StringBuilder many = new StringBuilder("<m:update>");
    for (int i = 0; i < 201; i++)
      many.append(contact("<o:Id>" + contacts(1).get(0).id() + "</o:Id>"));
    SfClient.Reply r = call(many.append("</m:update>").toString());
    assertThat(r.code()).isEqualTo(500);
    assertThat(r.body())
        .contains(
            "<faultcode>sf:EXCEEDED_ID_LIMIT</faultcode><faultstring>EXCEEDED_ID_LIMIT: record"
                + " limit reached. cannot submit more than 200 records into this call</faultstring>");
  }

  @Test
  void badSessionsUnknownFieldsAndUnknownTypesFault() {
    SfClient.Reply session =
        client.soap(
            sim.apiVersion(),
            envelope(
                "00Dbogus!AQ", null, "<m:update>" + contact("<o:Id>x</o:Id>") + "</m:update>"));
    assertThat(session.code()).isEqualTo(500);
    assertThat(session.body())
        .contains(
            "<faultcode>sf:INVALID_SESSION_ID</faultcode><faultstring>INVALID_SESSION_ID:"
                + " Invalid Session ID found in SessionHeader: Illegal Session</faultstring><detail><sf:UnexpectedErrorFault"
                + " xsi:type=\"sf:UnexpectedErrorFault\"><sf:exceptionCode>INVALID_SESSION_ID</sf:exceptionCode>");
    SfClient.Reply field =
        call(
            "<m:update>"
                + contact(
                    "<o:Id>" + contacts(1).get(0).id() + "</o:Id><o:Nope__c>1" + "</o:Nope__c>")
                + "</m:update>");
    assertThat(field.body())
        .contains("<faultcode>sf:INVALID_FIELD</faultcode>")
        .contains("sf:InvalidFieldFault");
    SfClient.Reply type =
        call("<m:update><m:sObjects><o:type>Widget</o:type><o:Id>x</o:Id></m:sObjects></m:update>");
    assertThat(type.body()).contains("<faultcode>sf:INVALID_TYPE</faultcode>");
    SfClient.Reply noAction =
        client.send(
            client
                .request("/services/Soap/u/" + sim.apiVersion(), null)
                .post(
                    RequestBody.create(
                        envelope(token, null, "<m:update/>"), MediaType.get("text/xml")))
                .build());
    assertThat(noAction.code()).isEqualTo(500);
  }

  @Test
  void gzipBodiesAndUnprefixedNamespacesAreAccepted() throws Exception {
    String id = contacts(1).get(0).id();
    String xml =
        "<Envelope xmlns=\"http://schemas.xmlsoap.org/soap/envelope/\"><Header><SessionHeader"
            + " xmlns=\"urn:partner.soap.sforce.com\"><sessionId>"
            + token
            + "</sessionId></SessionHeader></Header><Body>"
            + "<update xmlns=\"urn:partner.soap.sforce.com\"><sObjects><type>Contact</type><Id>"
            + id
            + "</Id>"
            + "<Score__c>99</Score__c></sObjects></update></Body></Envelope>";
    ByteArrayOutputStream bytes = new ByteArrayOutputStream();
    try (GZIPOutputStream gz = new GZIPOutputStream(bytes)) {
      gz.write(xml.getBytes(StandardCharsets.UTF_8));
    }
    SfClient.Reply r =
        client.send(
            client
                .request("/services/Soap/u/" + sim.apiVersion(), null)
                .header("SOAPAction", "update")
                .header("Content-Encoding", "gzip")
                .post(
                    RequestBody.create(
                        bytes.toByteArray(), MediaType.get("text/xml; charset=UTF-8")))
                .build());
    assertThat(r.body()).contains("<success>true</success>");
    assertThat(sim.table("Contact").get(id).get("Score__c")).isEqualTo(new BigDecimal("99"));
  }

  @Test
  void entitiesAndDoctypesAreNotExpanded() {
    String xml =
        "<?xml version=\"1.0\"?><!DOCTYPE x [<!ENTITY e SYSTEM \"file:///etc/passwd\">]>"
            + envelope(
                    token,
                    null,
                    "<m:update>"
                        + contact(
                            "<o:Id>" + contacts(1).get(0).id() + "</o:Id><o:Title>&e;</o:Title>")
                        + "</m:update>")
                .replace("<?xml version=\"1.0\" encoding=\"UTF-8\"?>", "");
    SfClient.Reply r = client.soap(sim.apiVersion(), xml);
    assertThat(r.code()).isEqualTo(500);
    assertThat(r.body()).contains("<faultcode>soapenv:Client</faultcode>").doesNotContain("root:");
  }

  @Test
  void soapLoginWorksUpToVersion64AndFaultsFrom65() {
    String login =
        "<env:Envelope xmlns:env=\"http://schemas.xmlsoap.org/soap/envelope/\" xmlns:u=\"urn:partner.soap"
            + ".sforce.com\"><env:Body><u:login><u:username>integration@revsync-sim.example.com</u:username><u:password>"
            + "Passw0rd!SIMSECURITYTOKEN1</u:password></u:login></env:Body></env:Envelope>";
    long before = sim.dailyApiRequestsUsed();
    SfClient.Reply ok = client.soap("64.0", login);
    assertThat(ok.code()).isEqualTo(200);
    assertThat(ok.body())
        .contains(
            "<serverUrl>"
                + sim.baseUrl()
                + "/services/Soap/u/64.0/"
                + sim.organizationId().substring(0, 15)
                + "</serverUrl>")
        .contains("<passwordExpired>false</passwordExpired>")
        .doesNotContain("LimitInfoHeader");
    assertThat(sim.dailyApiRequestsUsed()).isEqualTo(before);
    assertThat(client.soap("65.0", login).code()).isEqualTo(500);
    SfClient.Reply bad = client.soap("64.0", login.replace("TOKEN1", "WRONG"));
    assertThat(bad.body())
        .contains("<faultcode>sf:INVALID_LOGIN</faultcode>")
        .contains("sf:LoginFault");
  }

  @Test
  void limitExhaustionFaultsSoapAndRefusesRest() {
    sim.setRemainingDailyApiRequests(1);
    String update =
        "<m:update>"
            + contact("<o:Id>" + contacts(1).get(0).id() + "</o:Id><o:Score__c>1</o:Score__c>")
            + "</m:update>";
    assertThat(call(update).code()).isEqualTo(200);
    SfClient.Reply refused = call(update);
    assertThat(refused.code()).isEqualTo(500);
    assertThat(refused.body())
        .contains(
            "<faultcode>sf:REQUEST_LIMIT_EXCEEDED</faultcode><faultstring>"
                + "REQUEST_LIMIT_EXCEEDED: TotalRequests Limit exceeded.</faultstring>");
    SfClient.Reply rest = client.get("/services/data/v" + sim.apiVersion() + "/limits", token);
    assertThat(rest.code()).isEqualTo(403);
    assertThat(rest.body())
        .isEqualTo(
            "[{\"message\":\"TotalRequests Limit exceeded.\",\"errorCode\":"
                + "\"REQUEST_LIMIT_EXCEEDED\"}]");
    assertThat(rest.header("Sforce-Limit-Info")).isEqualTo("api-usage=100000/100000");
    // the allocation is rolling: 24 hours later the preset usage has aged out
    clock.advance(Duration.ofHours(24));
    String fresh = client.login(sim);
    SfClient.Reply back = client.get("/services/data/v" + sim.apiVersion() + "/limits", fresh);
    assertThat(back.code()).isEqualTo(200);
    @SuppressWarnings("unchecked")
    Map<String, Object> daily = (Map<String, Object>) back.map().get("DailyApiRequests");
    assertThat(daily).containsEntry("Max", 100000.0);
    assertThat((Double) daily.get("Remaining")).isGreaterThan(99990.0);
  }

  @Test
  void sObjectCollectionsShareTheWriteRules() {
    List<SimRecord> cs = contacts(2);
    SfClient.Reply r =
        client.json(
            "PATCH",
            "/services/data/v" + sim.apiVersion() + "/composite/sobjects",
            token,
            "{\"allOrNone\":false,\"records\":[{\"attributes\":{\"type\":\"Contact\"},\"id\":\""
                + cs.get(0).id()
                + "\",\"Score__c\":87,\"Title\":null},{\"attributes\":{\"type\":\"Contact\"},\"id\":\""
                + cs.get(1).id()
                + "\",\"Email\":\"bad\"}]}");
    assertThat(r.code()).isEqualTo(200);
    assertThat(r.body())
        .isEqualTo(
            "[{\"id\":\""
                + cs.get(0).id()
                + "\",\"success\":true,\"errors\":[]},"
                + "{\"success\":false,\"errors\":[{\"statusCode\":\"INVALID_EMAIL_ADDRESS\",\"message\":\"Email: invalid email"
                + " address: bad\",\"fields\":[\"Email\"]}]}]");
    assertThat(sim.table("Contact").get(cs.get(0).id()).get("Title")).isNull();
  }

  @Test
  void getUserInfoDescribesTheSessionsUserAsTheIdentityUrlDoes() {
    SfClient.Reply r = call("<m:getUserInfo/>");
    assertThat(r.code()).as(r.body()).isEqualTo(200);
    SfClient.Reply id = client.get(identityPath(), token);
    assertThat(id.code()).isEqualTo(200);
    Map<String, Object> identity = id.map();
    String body = r.body().substring(r.body().indexOf("<getUserInfoResponse>"));
    assertThat(body)
        .startsWith("<getUserInfoResponse><result><accessibilityMode>false</accessibilityMode>")
        .contains("<organizationId>" + identity.get("organization_id") + "</organizationId>")
        .contains("<userId>" + identity.get("user_id") + "</userId>")
        .contains("<userName>" + identity.get("username") + "</userName>")
        .contains("<userFullName>" + identity.get("display_name") + "</userFullName>")
        .endsWith(
            "<userUiSkin>Theme3</userUiSkin></result></getUserInfoResponse></soapenv:Body></soapenv:Envelope>");
    assertThat(r.body()).contains("<LimitInfoHeader>");
  }

  @Test
  void getUserInfoWithoutAValidSessionIsAnInvalidSessionFault() {
    SfClient.Reply r =
        client.soap(sim.apiVersion(), envelope("00Dbogus!session", null, "<m:getUserInfo/>"));
    assertThat(r.code()).isEqualTo(500);
    assertThat(r.body()).contains("INVALID_SESSION_ID").doesNotContain("getUserInfoResponse");
  }

  @Test
  void theVersionedRootGivesTheAbsoluteIdentityUrlThatAClientCanFollow() {
    SfClient.Reply root = client.get("/services/data/v" + sim.apiVersion(), token);
    assertThat(root.code()).isEqualTo(200);
    String identity = (String) root.map().get("identity");
    assertThat(identity)
        .startsWith(sim.baseUrl() + "/id/00D")
        .matches(".*/id/00D\\w{15}/005\\w{15}");
    SfClient.Reply followed = client.get(identity.substring(sim.baseUrl().length()), token);
    assertThat(followed.code()).as(followed.body()).isEqualTo(200);
    assertThat(followed.map().get("id")).isEqualTo(identity);
  }

  private String identityPath() {
    String identity =
        (String) client.get("/services/data/v" + sim.apiVersion(), token).map().get("identity");
    return identity.substring(sim.baseUrl().length());
  }
}
