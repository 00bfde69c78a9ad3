package dev.revsync.spi;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.catchThrowable;

import dev.revsync.ProtocolException;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.SequenceInputStream;
import java.math.BigDecimal;
import java.net.SocketException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import mockwebserver3.MockResponse;
import mockwebserver3.MockWebServer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class SoapTest {
  private static final String PARTNER = "urn:partner.soap.sforce.com";
  private static final String SOBJECT = "urn:sobject.partner.soap.sforce.com";
  private static final String CALL = "POST /services/Soap/u/66.0 upsert";

  private static final String UPSERT_RESPONSE =
      """
      <?xml version="1.0" encoding="UTF-8"?>
      <soapenv:Envelope xmlns:soapenv="http://schemas.xmlsoap.org/soap/envelope/" xmlns="urn:partner.soap.sforce.com"
          xmlns:xsi="http://www.w3.org/2001/XMLSchema-instance">
       <soapenv:Header>
        <LimitInfoHeader><limitInfo><current>1203</current><limit>15000</limit><type>API REQUESTS</type></limitInfo></LimitInfoHeader>
       </soapenv:Header>
       <soapenv:Body>
        <upsertResponse>
         <result><created>true</created><id>003R000000abcdeIAA</id><success>true</success></result>
         <result><created>false</created><errors><fields>Lead_Score__c</fields><fields>Email</fields>\
      <message>Lead Score: value not of required type: &quot;abc&quot; &amp; more</message>\
      <statusCode>INVALID_TYPE_ON_FIELD_IN_RECORD</statusCode></errors><id xsi:nil="true"/><success>false</success></result>
         <result><created>false</created><id><![CDATA[003R000000fghijIAA]]></id><success>true</success></result>
        </upsertResponse>
       </soapenv:Body>
      </soapenv:Envelope>""";

  private static final String FAULT =
      """
      <?xml version="1.0" encoding="UTF-8"?>
      <soapenv:Envelope xmlns:soapenv="http://schemas.xmlsoap.org/soap/envelope/" xmlns:sf="urn:fault.partner.soap.sforce.com"
          xmlns:xsi="http://www.w3.org/2001/XMLSchema-instance">
       <soapenv:Body>
        <soapenv:Fault>
         <faultcode>sf:INVALID_SESSION_ID</faultcode>
         <faultstring>INVALID_SESSION_ID: Invalid Session ID found in SessionHeader: Illegal Session</faultstring>
         <detail><sf:UnexpectedErrorFault xsi:type="sf:UnexpectedErrorFault">
          <sf:exceptionCode>INVALID_SESSION_ID</sf:exceptionCode>
          <sf:exceptionMessage>Invalid Session ID found in SessionHeader: Illegal Session</sf:exceptionMessage>
         </sf:UnexpectedErrorFault></detail>
        </soapenv:Fault>
       </soapenv:Body>
      </soapenv:Envelope>""";

  private static InputStream in(String xml) {
    return new ByteArrayInputStream(xml.getBytes(StandardCharsets.UTF_8));
  }

  private static SoapReader.Envelope read(String xml, List<XmlElement> items) throws IOException {
    return SoapReader.read(in(xml), "salesforce", CALL, items::add);
  }

  @Test
  void resultsAreStreamedInOrderAndTheLimitInfoHeaderIsRead() throws IOException {
    List<XmlElement> results = new ArrayList<>();
    SoapReader.Envelope envelope = read(UPSERT_RESPONSE, results);

    assertThat(envelope.fault()).isNull();
    assertThat(envelope.items()).isEqualTo(3);
    assertThat(envelope.operation().name()).isEqualTo("upsertResponse");
    assertThat(envelope.operation().namespace()).isEqualTo(PARTNER);
    XmlElement limit = envelope.header("LimitInfoHeader").child("limitInfo");
    assertThat(limit.childText("current")).isEqualTo("1203");
    assertThat(limit.childText("limit")).isEqualTo("15000");
    assertThat(limit.childText("type")).isEqualTo("API REQUESTS");

    assertThat(results)
        .extracting(r -> r.childText("success"))
        .containsExactly("true", "false", "true");
    assertThat(results.get(0).childText("id")).isEqualTo("003R000000abcdeIAA");
    assertThat(results.get(2).childText("id")).isEqualTo("003R000000fghijIAA");
    XmlElement failed = results.get(1);
    assertThat(failed.child("id").isNil()).isTrue();
    assertThat(failed.childText("id")).isNull();
    XmlElement error = failed.child("errors");
    assertThat(error.children("fields"))
        .extracting(XmlElement::text)
        .containsExactly("Lead_Score__c", "Email");
    assertThat(error.childText("statusCode")).isEqualTo("INVALID_TYPE_ON_FIELD_IN_RECORD");
    assertThat(error.childText("message"))
        .isEqualTo("Lead Score: value not of required type: \"abc\" & more");
  }

  @Test
  void eachResultReachesTheCallbackBeforeTheNextIsRead() throws IOException {
    StringBuilder xml =
        new StringBuilder(
            "<soapenv:Envelope xmlns:soapenv=\""
                + SoapWriter.SOAP_ENV
                + "\"><soapenv:Body><updateResponse>");
    for (int i = 0; i < 200; i++)
      xml.append("<result><id>id").append(i).append("</id><success>true</success></result>");
    xml.append("</updateResponse></soapenv:Body></soapenv:Envelope>");
    int[] seen = {0};
    SoapReader.Envelope envelope =
        SoapReader.read(
            in(xml.toString()),
            "salesforce",
            CALL,
            r -> {
              assertThat(r.childText("id")).isEqualTo("id" + seen[0]);
              assertThat(r.children()).hasSize(2);
              seen[0]++;
            });
    assertThat(seen[0]).isEqualTo(200);
    assertThat(envelope.items()).isEqualTo(200);
  }

  @Test
  void aFaultIsReturnedStructured() throws IOException {
    List<XmlElement> items = new ArrayList<>();
    SoapReader.Envelope envelope = read(FAULT, items);

    assertThat(items).isEmpty();
    assertThat(envelope.operation()).isNull();
    SoapFault fault = envelope.fault();
    assertThat(fault.faultCode()).isEqualTo("sf:INVALID_SESSION_ID");
    assertThat(fault.faultString()).startsWith("INVALID_SESSION_ID: Invalid Session ID");
    assertThat(fault.code()).isEqualTo("INVALID_SESSION_ID");
    assertThat(fault.message())
        .isEqualTo("Invalid Session ID found in SessionHeader: Illegal Session");
    assertThat(fault.detail().child("UnexpectedErrorFault").attributes())
        .containsEntry("type", "sf:UnexpectedErrorFault");
  }

  @Test
  void aFaultWithoutDetailFallsBackToFaultcodeAndFaultstring() throws IOException {
    String xml =
        "<e:Envelope xmlns:e=\""
            + SoapWriter.SOAP_ENV
            + "\"><e:Body><e:Fault><faultcode>soapenv:Client</faultcode>"
            + "<faultstring>Unexpected element</faultstring></e:Fault></e:Body></e:Envelope>";
    SoapFault fault = read(xml, new ArrayList<>()).fault();
    assertThat(fault.code()).isEqualTo("Client");
    assertThat(fault.message()).isEqualTo("Unexpected element");
    assertThat(fault.detail()).isNull();
  }

  @Test
  void externalEntitiesAreRefusedAndNoFileIsRead(@TempDir Path dir) throws IOException {
    Path secret = dir.resolve("secret.txt");
    Files.writeString(secret, "TOP-SECRET-CONTENT");
    String xxe =
        "<?xml version=\"1.0\"?><!DOCTYPE e [<!ENTITY xxe SYSTEM \""
            + secret.toUri()
            + "\">]>"
            + "<soapenv:Envelope xmlns:soapenv=\""
            + SoapWriter.SOAP_ENV
            + "\"><soapenv:Body><r><result>&xxe;</result></r>"
            + "</soapenv:Body></soapenv:Envelope>";
    List<XmlElement> items = new ArrayList<>();

    Throwable e = catchThrowable(() -> read(xxe, items));

    assertThat(e)
        .isInstanceOf(ProtocolException.class)
        .hasMessageContaining("DTDs are not allowed")
        .hasMessageContaining("salesforce: " + CALL);
    assertThat(e.getMessage()).doesNotContain("TOP-SECRET");
    assertThat(items).isEmpty();
  }

  @Test
  void externalDtdsAndParameterEntitiesAreNeverFetched() throws IOException {
    try (MockWebServer server = new MockWebServer()) {
      server.enqueue(new MockResponse.Builder().body("<!ENTITY x 'fetched'>").build());
      server.start();
      String external =
          "<?xml version=\"1.0\"?><!DOCTYPE e SYSTEM \""
              + server.url("/evil.dtd")
              + "\">"
              + "<soapenv:Envelope xmlns:soapenv=\""
              + SoapWriter.SOAP_ENV
              + "\"><soapenv:Body/></soapenv:Envelope>";
      String parameter =
          "<?xml version=\"1.0\"?><!DOCTYPE e [<!ENTITY % p SYSTEM \""
              + server.url("/p.dtd")
              + "\"> %p;]>"
              + "<soapenv:Envelope xmlns:soapenv=\""
              + SoapWriter.SOAP_ENV
              + "\"><soapenv:Body/></soapenv:Envelope>";

      assertThatThrownBy(() -> read(external, new ArrayList<>()))
          .isInstanceOf(ProtocolException.class)
          .hasMessageContaining("DTDs are not allowed");
      assertThatThrownBy(() -> read(parameter, new ArrayList<>()))
          .isInstanceOf(ProtocolException.class)
          .hasMessageContaining("DTDs are not allowed");
      assertThat(server.getRequestCount()).isZero();
    }
  }

  @Test
  void billionLaughsIsRefusedWithoutExpansion() {
    StringBuilder dtd =
        new StringBuilder("<?xml version=\"1.0\"?><!DOCTYPE lolz [<!ENTITY lol \"lol\">");
    for (int i = 1; i <= 9; i++) {
      dtd.append("<!ENTITY lol").append(i).append(" \"");
      for (int j = 0; j < 10; j++)
        dtd.append("&lol").append(i == 1 ? "" : String.valueOf(i - 1)).append(';');
      dtd.append("\">");
    }
    dtd.append(
        "]><soapenv:Envelope xmlns:soapenv=\""
            + SoapWriter.SOAP_ENV
            + "\"><soapenv:Body><r><x>&lol9;</x></r>"
            + "</soapenv:Body></soapenv:Envelope>");
    long before = System.nanoTime();
    assertThatThrownBy(() -> read(dtd.toString(), new ArrayList<>()))
        .isInstanceOf(ProtocolException.class)
        .hasMessageContaining("DTDs are not allowed");
    assertThat(System.nanoTime() - before).isLessThan(2_000_000_000L);
  }

  @Test
  void aTruncatedResponseNamesTheElementItEndedIn() {
    String cut = UPSERT_RESPONSE.substring(0, UPSERT_RESPONSE.indexOf("<statusCode>") + 20);
    Throwable e = catchThrowable(() -> read(cut, new ArrayList<>()));
    assertThat(e)
        .isInstanceOf(ProtocolException.class)
        .hasMessageContaining(
            "truncated: the XML body ended inside /Envelope/Body/upsertResponse/result[2]/errors/statusCode");
  }

  @Test
  void everyTruncationOfAnEnvelopeIsAProtocolException() {
    String xml = UPSERT_RESPONSE.strip();
    for (int cut = 0; cut < xml.length(); cut += 7) {
      String prefix = xml.substring(0, cut);
      assertThat(catchThrowable(() -> read(prefix, new ArrayList<>())))
          .as("cut at %d", cut)
          .isInstanceOf(ProtocolException.class);
    }
  }

  @Test
  void malformedXmlNamesLineAndColumn() {
    String xml =
        "<soapenv:Envelope xmlns:soapenv=\""
            + SoapWriter.SOAP_ENV
            + "\">\n<soapenv:Body>\n<updateResponse>"
            + "<result><id>1</success></result></updateResponse></soapenv:Body></soapenv:Envelope>";
    assertThatThrownBy(() -> read(xml, new ArrayList<>()))
        .isInstanceOf(ProtocolException.class)
        .hasMessageContaining("malformed XML at line 3")
        .hasMessageContaining("must be terminated by the matching end-tag");
  }

  @Test
  void aDocumentThatIsNotASoapEnvelopeIsRefused() {
    assertThatThrownBy(() -> read("<html><body>502 Bad Gateway</body></html>", new ArrayList<>()))
        .isInstanceOf(ProtocolException.class)
        .hasMessageContaining("expected a SOAP 1.1 Envelope");
    assertThatThrownBy(() -> read("", new ArrayList<>())).isInstanceOf(ProtocolException.class);
  }

  @Test
  @SuppressWarnings("InputStreamSlowMultibyteRead") // a stream that only fails needs no bulk read
  void aStreamFailureStaysAnIOException() {
    InputStream failing =
        new SequenceInputStream(
            in(UPSERT_RESPONSE.substring(0, 600)),
            new InputStream() {
              @Override
              public int read() throws IOException {
                throw new SocketException("Connection reset");
              }
            });
    assertThatThrownBy(() -> SoapReader.read(failing, "salesforce", CALL, r -> {}))
        .isInstanceOf(SocketException.class);
  }

  @Test
  void writerBuildsTheSalesforceUpsertEnvelope() throws IOException {
    byte[] bytes =
        SoapWriter.toBytes(
            Map.of("p", PARTNER, "o", SOBJECT),
            soap -> {
              soap.startHeader();
              soap.start(PARTNER, "SessionHeader").element(PARTNER, "sessionId", "00D!AQ<&>").end();
              soap.start(PARTNER, "AllOrNoneHeader").element(PARTNER, "allOrNone", false).end();
              soap.startBody();
              soap.start(PARTNER, "upsert");
              soap.element(PARTNER, "externalIDFieldName", "Ext_Id__c");
              soap.start(PARTNER, "sObjects").xsiType("o:sObject");
              soap.element(SOBJECT, "type", "Contact");
              soap.element(SOBJECT, "fieldsToNull", "Score_Reason__c");
              soap.element(SOBJECT, "Ext_Id__c", "C-1001 \"Zoë\" & <co>");
              soap.element(SOBJECT, "Lead_Score__c", new BigDecimal("8.7E+1"));
              soap.element(SOBJECT, "Scored_At__c", Instant.parse("2024-05-20T01:02:03Z"));
              soap.element(SOBJECT, "Nothing__c", null);
              soap.element(SOBJECT, "Notes__c", "line 1\r\nline 2");
              soap.end();
              soap.start(PARTNER, "sObjects")
                  .xsiType("o:sObject")
                  .element(SOBJECT, "type", "Contact")
                  .end();
            });
    String xml = new String(bytes, StandardCharsets.UTF_8);
    assertThat(xml)
        .contains("xmlns:p=\"" + PARTNER + "\"")
        .contains("xmlns:o=\"" + SOBJECT + "\"")
        .contains("<p:sObjects xsi:type=\"o:sObject\">")
        .contains("<o:Lead_Score__c>87</o:Lead_Score__c>")
        .contains("<o:Nothing__c xsi:nil=\"true\"></o:Nothing__c>");

    // Read it back with our own hardened reader: what the simulator will do.
    List<XmlElement> sObjects = new ArrayList<>();
    SoapReader.Envelope envelope =
        SoapReader.read(new ByteArrayInputStream(bytes), "test", "read back", sObjects::add);
    assertThat(envelope.header("SessionHeader").childText("sessionId")).isEqualTo("00D!AQ<&>");
    assertThat(envelope.header("AllOrNoneHeader").childText("allOrNone")).isEqualTo("false");
    assertThat(envelope.operation().name()).isEqualTo("upsert");
    assertThat(envelope.items()).isEqualTo(3); // externalIDFieldName and two sObjects
    XmlElement first = sObjects.get(1);
    assertThat(first.namespace()).isEqualTo(PARTNER);
    assertThat(first.attributes()).containsEntry("type", "o:sObject");
    assertThat(first.children())
        .extracting(XmlElement::name)
        .containsExactly(
            "type",
            "fieldsToNull",
            "Ext_Id__c",
            "Lead_Score__c",
            "Scored_At__c",
            "Nothing__c",
            "Notes__c");
    assertThat(first.childText("Notes__c")).isEqualTo("line 1\r\nline 2");
    assertThat(first.child("type").namespace()).isEqualTo(SOBJECT);
    assertThat(first.childText("Ext_Id__c")).isEqualTo("C-1001 \"Zoë\" & <co>");
    assertThat(first.childText("Scored_At__c")).isEqualTo("2024-05-20T01:02:03Z");
    assertThat(first.child("Nothing__c").isNil()).isTrue();
  }

  @Test
  void writerStreamsToAnOutputStreamAndKeepsTheEnvelopesOrder() {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    SoapWriter soap = SoapWriter.start(out, Map.of("p", PARTNER));
    soap.startBody();
    assertThatThrownBy(soap::startHeader).isInstanceOf(IllegalStateException.class);
    assertThatThrownBy(() -> soap.start("urn:undeclared", "x"))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("urn:undeclared");
    soap.start(PARTNER, "update").start(PARTNER, "sObjects");
    assertThatThrownBy(() -> soap.text("bell\u0007"))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("U+0007");
    soap.finish();
    String xml = out.toString(StandardCharsets.UTF_8);
    assertThat(xml)
        .endsWith(
            "<p:update><p:sObjects></p:sObjects></p:update></soapenv:Body></soapenv:Envelope>");
    assertThatThrownBy(() -> soap.start(PARTNER, "late")).isInstanceOf(IllegalStateException.class);
  }

  @Test
  void elementToStringShowsNamesNotValues() throws IOException {
    List<XmlElement> results = new ArrayList<>();
    read(UPSERT_RESPONSE, results);
    assertThat(results.get(0).toString())
        .isEqualTo("<result><created/><id/><success/></result>")
        .doesNotContain("003R");
  }
}
