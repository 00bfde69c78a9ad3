package dev.revsync.salesforce;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.revsync.Activity;
import dev.revsync.ConfigurationException;
import dev.revsync.ConnectionConfig;
import dev.revsync.QuotaPolicy;
import dev.revsync.WriteItem;
import dev.revsync.WriteOutcome;
import dev.revsync.WriteRequest;
import dev.revsync.WriteResult;
import dev.revsync.simulators.SimulatedClock;
import java.io.ByteArrayInputStream;
import java.net.InetAddress;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import javax.xml.parsers.DocumentBuilderFactory;
import mockwebserver3.MockResponse;
import mockwebserver3.MockWebServer;
import mockwebserver3.RecordedRequest;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.w3c.dom.Document;
import org.w3c.dom.Element;
import org.w3c.dom.Node;

/**
 * The SOAP envelope the partner API gets, and how its answers become outcomes, against a scripted
 * server.
 */
class SalesforceSoapWriteTest {
  static final String ENV = "http://schemas.xmlsoap.org/soap/envelope/";

  MockWebServer server;
  String base;

  @BeforeEach
  void start() throws Exception {
    server = new MockWebServer();
    server.start(InetAddress.getByName("127.0.0.1"), 0);
    base = server.url("/").toString().replaceAll("/$", "");
  }

  @AfterEach
  void stop() {
    server.close();
  }

  SalesforceConnector connector(QuotaPolicy quota) {
    return SalesforceConnector.open(
        ConnectionConfig.builder("t/sf")
            .baseUrl(base)
            .clock(SimulatedClock.at("2026-11-28T09:00:00Z"))
            .quotaPolicy(quota)
            .setting("clientId", "3MVG9")
            .secret("refreshToken", "rt")
            .build());
  }

  MockResponse token(String value) {
    return new MockResponse.Builder()
        .code(200)
        .setHeader("Content-Type", "application/json")
        .body(
            "{\"access_token\":\""
                + value
                + "\",\"instance_url\":\""
                + base
                + "\",\"id\":"
                + "\"https://login.salesforce.com/id/00D000000000001AAA/005000000000001AAA\",\"token_type\":\"Bearer\"}")
        .build();
  }

  static MockResponse soap(String body) {
    return new MockResponse.Builder()
        .code(200)
        .setHeader("Content-Type", "text/xml; charset=utf-8")
        .body(
            "<?xml version=\"1.0\" encoding=\"UTF-8\"?><soapenv:Envelope xmlns:soapenv=\""
                + ENV
                + "\" "
                + "xmlns=\"urn:partner.soap.sforce.com\" xmlns:xsi=\"http://www.w3.org/2001/XMLSchema-instance\">"
                + "<soapenv:Header><LimitInfoHeader><limitInfo><current>120</current><limit>15000</limit>"
                + "<type>API REQUESTS</type></limitInfo></LimitInfoHeader></soapenv:Header><soapenv:Body>"
                + body
                + "</soapenv:Body></soapenv:Envelope>")
        .build();
  }

  static MockResponse fault(String code, String message) {
    return new MockResponse.Builder()
        .code(500)
        .setHeader("Content-Type", "text/xml; charset=utf-8")
        .body(
            "<?xml version=\"1.0\" encoding=\"UTF-8\"?><soapenv:Envelope xmlns:soapenv=\""
                + ENV
                + "\" "
                + "xmlns:sf=\"urn:fault.partner.soap.sforce.com\" xmlns:xsi=\"http://www.w3.org/2001/XMLSchema-instance\">"
                + "<soapenv:Body><soapenv:Fault><faultcode>sf:"
                + code
                + "</faultcode><faultstring>"
                + code
                + ": "
                + message
                + "</faultstring><detail><sf:UnexpectedErrorFault xsi:type=\"sf:UnexpectedErrorFault\">"
                + "<sf:exceptionCode>"
                + code
                + "</sf:exceptionCode><sf:exceptionMessage>"
                + message
                + "</sf:exceptionMessage></sf:UnexpectedErrorFault></detail></soapenv:Fault></soapenv:Body>"
                + "</soapenv:Envelope>")
        .build();
  }

  static String saveResults(int n, int failing) {
    StringBuilder b = new StringBuilder("<updateResponse>");
    for (int i = 0; i < n; i++) {
      if (i == failing) {
        b.append(
            "<result><errors><fields>Email</fields><message>invalid email: x</message>"
                + "<statusCode>INVALID_EMAIL_ADDRESS</statusCode></errors><id xsi:nil=\"true\"/><success>false</success></result>");
      } else {
        b.append("<result><id>003")
            .append(String.format("%015d", i))
            .append("</id><success>true</success></result>");
      }
    }
    return b.append("</updateResponse>").toString();
  }

  static Document parse(RecordedRequest request) throws Exception {
    DocumentBuilderFactory f = DocumentBuilderFactory.newInstance();
    f.setNamespaceAware(true);
    f.setFeature("http://apache.org/xml/features/disallow-doctype-decl", true);
    return f.newDocumentBuilder().parse(new ByteArrayInputStream(request.getBody().toByteArray()));
  }

  static List<Element> children(Element e) {
    List<Element> out = new ArrayList<>();
    for (Node n = e.getFirstChild(); n != null; n = n.getNextSibling())
      if (n instanceof Element c) out.add(c);
    return out;
  }

  static WriteItem item(String id, Object score, Object reason) {
    Map<String, Object> fields = new LinkedHashMap<>();
    fields.put("Lead_Score__c", score);
    fields.put("Score_Reason__c", reason);
    return WriteItem.of(id, fields);
  }

  @Test
  void updateSendsSessionAndSObjectsInWsdlOrderWithFieldsToNullForClearedValues() throws Exception {
    server.enqueue(token("00D!AQ.session"));
    server.enqueue(soap(saveResults(2, -1)));
    WriteRequest request =
        WriteRequest.builder("Contact", Activity.SCORE_EXPORT)
            .items(
                List.of(
                    item("003000000000001", 87, null),
                    item("003000000000002", 12, "fit & <intent>")))
            .build();
    try (SalesforceConnector sf = connector(QuotaPolicy.unlimited())) {
      WriteResult result = sf.write(request);
      assertThat(result.status()).isEqualTo(WriteResult.Status.COMPLETED);
      assertThat(result.succeeded()).isEqualTo(2);
      assertThat(result.callsSpent()).isEqualTo(2);
    }
    server.takeRequest();
    RecordedRequest call = server.takeRequest();
    assertThat(call.getUrl().encodedPath()).isEqualTo("/services/Soap/u/66.0");
    assertThat(call.getHeaders().get("SOAPAction")).isEqualTo("\"\"");
    assertThat(call.getHeaders().get("Content-Type")).startsWith("text/xml").contains("UTF-8");
    Document doc = parse(call);
    Element envelope = doc.getDocumentElement();
    assertThat(envelope.getNamespaceURI()).isEqualTo(ENV);
    assertThat(
            doc.getElementsByTagNameNS("urn:partner.soap.sforce.com", "sessionId")
                .item(0)
                .getTextContent())
        .isEqualTo("00D!AQ.session");
    assertThat(
            doc.getElementsByTagNameNS("urn:partner.soap.sforce.com", "allOrNone")
                .item(0)
                .getTextContent())
        .isEqualTo("false");
    Element update =
        (Element) doc.getElementsByTagNameNS("urn:partner.soap.sforce.com", "update").item(0);
    List<Element> sObjects = children(update);
    assertThat(sObjects).hasSize(2);
    List<String> first =
        children(sObjects.get(0)).stream()
            .map(e -> e.getLocalName() + "=" + e.getTextContent())
            .toList();
    assertThat(first)
        .containsExactly(
            "type=Contact",
            "fieldsToNull=Score_Reason__c",
            "Id=003000000000001",
            "Lead_Score__c=87");
    assertThat(
            children(sObjects.get(0)).stream()
                .filter(e -> !e.getLocalName().equals("fieldsToNull"))
                .allMatch(e -> e.getNamespaceURI().equals("urn:sobject.partner.soap.sforce.com")))
        .isTrue();
    List<String> second =
        children(sObjects.get(1)).stream()
            .map(e -> e.getLocalName() + "=" + e.getTextContent())
            .toList();
    assertThat(second)
        .containsExactly(
            "type=Contact",
            "Id=003000000000002",
            "Lead_Score__c=12",
            "Score_Reason__c=fit & <intent>");
  }

  @Test
  void upsertNamesTheExternalIdFieldAndReportsCreated() throws Exception {
    server.enqueue(token("00D!AQ.session"));
    server.enqueue(
        soap(
            "<upsertResponse><result><created>true</created><id>003A</id><success>true</success></result>"
                + "<result><created>false</created><id>003B</id><success>true</success></result></upsertResponse>"));
    WriteRequest request =
        WriteRequest.builder("Contact", Activity.ENRICHMENT)
            .upsertOn("Ext_Id__c")
            .items(List.of(item("C-1", 1, "a"), item("C-2", 2, "b")))
            .build();
    try (SalesforceConnector sf = connector(QuotaPolicy.unlimited())) {
      WriteResult result = sf.write(request);
      assertThat(result.outcomes())
          .extracting(WriteOutcome::id, WriteOutcome::created)
          .containsExactly(
              org.assertj.core.groups.Tuple.tuple("003A", true),
              org.assertj.core.groups.Tuple.tuple("003B", false));
    }
    server.takeRequest();
    Document doc = parse(server.takeRequest());
    Element upsert =
        (Element) doc.getElementsByTagNameNS("urn:partner.soap.sforce.com", "upsert").item(0);
    List<Element> children = children(upsert);
    assertThat(children.get(0).getLocalName()).isEqualTo("externalIDFieldName");
    assertThat(children.get(0).getTextContent()).isEqualTo("Ext_Id__c");
    assertThat(
            children(children.get(1)).stream()
                .map(e -> e.getLocalName() + "=" + e.getTextContent())
                .toList())
        .containsExactly("type=Contact", "Ext_Id__c=C-1", "Lead_Score__c=1", "Score_Reason__c=a");
  }

  @Test
  void perRecordErrorsBecomeFailedOutcomesWithCodeMessageAndFields() {
    server.enqueue(token("00D!AQ.session"));
    server.enqueue(soap(saveResults(3, 1)));
    WriteRequest request =
        WriteRequest.builder("Contact", Activity.ENRICHMENT)
            .items(
                List.of(
                    item("003000000000001", 1, "a"),
                    item("003000000000002", 2, "b"),
                    item("003000000000003", 3, "c")))
            .build();
    try (SalesforceConnector sf = connector(QuotaPolicy.unlimited())) {
      WriteResult result = sf.write(request);
      assertThat(result.status()).isEqualTo(WriteResult.Status.COMPLETED);
      assertThat(result.succeeded()).isEqualTo(2);
      WriteOutcome failed = result.failures().get(0);
      assertThat(failed.index()).isEqualTo(1);
      assertThat(failed.key()).isEqualTo("003000000000002");
      assertThat(failed.code()).isEqualTo("INVALID_EMAIL_ADDRESS");
      assertThat(failed.message()).isEqualTo("invalid email: x");
      assertThat(failed.fields()).containsExactly("Email");
      assertThat(failed.id()).isNull();
      assertThat(sf.usage().systemRemaining()).hasValue(15000 - 120);
    }
  }

  @Test
  void anExpiredSessionFaultRefreshesTheTokenOnceAndResendsTheBatchWithTheNewSessionId()
      throws Exception {
    server.enqueue(token("00D!AQ.old"));
    server.enqueue(
        fault("INVALID_SESSION_ID", "Invalid Session ID found in SessionHeader: Illegal Session"));
    server.enqueue(token("00D!AQ.new"));
    server.enqueue(soap(saveResults(1, -1)));
    WriteRequest request =
        WriteRequest.builder("Contact", Activity.ENRICHMENT)
            .items(List.of(item("003000000000001", 1, "a")))
            .build();
    try (SalesforceConnector sf = connector(QuotaPolicy.unlimited())) {
      WriteResult result = sf.write(request);
      assertThat(result.succeeded()).isEqualTo(1);
      assertThat(result.callsSpent()).isEqualTo(4);
    }
    server.takeRequest();
    assertThat(server.takeRequest().getBody().utf8()).contains("00D!AQ.old");
    assertThat(server.takeRequest().getUrl().encodedPath()).isEqualTo("/services/oauth2/token");
    assertThat(server.takeRequest().getBody().utf8())
        .contains("00D!AQ.new")
        .doesNotContain("00D!AQ.old");
  }

  @Test
  void writesOver200GoInCallsOf200AndTheBudgetRunningOutLeavesTheRestAsBacklog() {
    server.enqueue(token("00D!AQ.session"));
    server.enqueue(soap(saveResults(200, -1)));
    List<WriteItem> items = new ArrayList<>();
    for (int i = 0; i < 450; i++) items.add(item(String.format("003%015d", i), i, null));
    WriteRequest request =
        WriteRequest.builder("Contact", Activity.ENRICHMENT).items(items).build();
    try (SalesforceConnector sf = connector(QuotaPolicy.daily(2))) {
      WriteResult result = sf.write(request);
      assertThat(result.status()).isEqualTo(WriteResult.Status.QUOTA_EXHAUSTED);
      assertThat(result.succeeded()).isEqualTo(200);
      assertThat(result.failures()).isEmpty();
      assertThat(result.backlog()).hasSize(250).first().isEqualTo(items.get(200));
    }
    assertThat(server.getRequestCount()).isEqualTo(2);
  }

  @Test
  void requestLimitExceededFaultStopsTheWriteWithABacklogNotFailures() {
    server.enqueue(token("00D!AQ.session"));
    server.enqueue(fault("REQUEST_LIMIT_EXCEEDED", "TotalRequests Limit exceeded."));
    WriteRequest request =
        WriteRequest.builder("Contact", Activity.ENRICHMENT)
            .items(List.of(item("003000000000001", 1, "a")))
            .build();
    try (SalesforceConnector sf = connector(QuotaPolicy.unlimited())) {
      WriteResult result = sf.write(request);
      assertThat(result.status()).isEqualTo(WriteResult.Status.QUOTA_EXHAUSTED);
      assertThat(result.backlog()).hasSize(1);
    }
  }

  @Test
  void namesThatCannotBeXmlElementNamesAreRefusedBeforeAnyCall() {
    WriteRequest request =
        WriteRequest.builder("Contact", Activity.ENRICHMENT)
            .items(
                List.of(WriteItem.of("003000000000001", new HashMap<>(Map.of("Bad Field><x", 1)))))
            .build();
    try (SalesforceConnector sf = connector(QuotaPolicy.unlimited())) {
      assertThatThrownBy(() -> sf.write(request))
          .isInstanceOf(ConfigurationException.class)
          .hasMessageContaining("Bad Field");
    }
    assertThat(server.getRequestCount()).isZero();
  }

  @Test
  void
      anAnswerCarryingAnExternalEntityIsRefusedAndTheItemsAreReportedSentWithResultUnknownAndTheReason() {
    server.enqueue(token("00D!AQ.session"));
    String xxe =
        "<?xml version=\"1.0\"?><!DOCTYPE r [<!ENTITY x SYSTEM \"file:///etc/passwd\">]>"
            + "<soapenv:Envelope xmlns:soapenv=\""
            + ENV
            + "\"><soapenv:Body>&x;</soapenv:Body></soapenv:Envelope>";
    for (int i = 0; i < 6; i++) {
      server.enqueue(
          new MockResponse.Builder()
              .code(200)
              .setHeader("Content-Type", "text/xml")
              .body(xxe)
              .build());
    }
    WriteRequest request =
        WriteRequest.builder("Contact", Activity.ENRICHMENT)
            .items(List.of(item("003000000000001", 1, "a"), item("003000000000002", 2, "b")))
            .build();
    try (SalesforceConnector sf = connector(QuotaPolicy.unlimited())) {
      WriteResult result = sf.write(request);
      assertThat(result.status()).isEqualTo(WriteResult.Status.FAILED);
      assertThat(result.backlog()).as("items whose update reached Salesforce").isEmpty();
      assertThat(result.unknown()).hasSize(2);
      assertThat(result.failure()).isNotNull();
      assertThat(result.failure().getMessage())
          .as("the reason")
          .isNotBlank()
          .containsIgnoringCase("DOCTYPE");
      assertThat(result.unknown().get(0).message()).containsIgnoringCase("DOCTYPE");
    }
  }
}
