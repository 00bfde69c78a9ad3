package dev.revsync.salesforce;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayInputStream;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;

class SoapXmlTest {

  private static SoapXml.Scan scan(String xml) {
    return SoapXml.scan(new ByteArrayInputStream(xml.getBytes(StandardCharsets.UTF_8)));
  }

  @Test
  void limitInfoHeaderGivesApiUsageWhateverThePrefixes() {
    SoapXml.Scan s =
        scan(
            """
        <?xml version="1.0" encoding="UTF-8"?>
        <e:Envelope xmlns:e="http://schemas.xmlsoap.org/soap/envelope/" xmlns="urn:partner.soap.sforce.com">
         <e:Header><LimitInfoHeader><limitInfo><current>18</current><limit>15000</limit><type>API REQUESTS</type>
         </limitInfo></LimitInfoHeader></e:Header>
         <e:Body><updateResponse><result><id>003</id><success>true</success></result>""");
    assertThat(s.apiCurrent()).isEqualTo(18);
    assertThat(s.apiLimit()).isEqualTo(15000);
    assertThat(s.code()).isNull();
  }

  @Test
  void faultGivesTheExceptionCodeAndMessage() {
    SoapXml.Scan s =
        scan(
            """
        <soapenv:Envelope xmlns:soapenv="http://schemas.xmlsoap.org/soap/envelope/"
            xmlns:sf="urn:fault.partner.soap.sforce.com" xmlns:xsi="http://www.w3.org/2001/XMLSchema-instance">
         <soapenv:Body><soapenv:Fault>
          <faultcode>sf:INVALID_SESSION_ID</faultcode>
          <faultstring>INVALID_SESSION_ID: Invalid Session ID found in SessionHeader: Illegal Session</faultstring>
          <detail><sf:UnexpectedErrorFault xsi:type="sf:UnexpectedErrorFault">
           <sf:exceptionCode>INVALID_SESSION_ID</sf:exceptionCode>
           <sf:exceptionMessage>Invalid Session ID found in SessionHeader: Illegal Session</sf:exceptionMessage>
          </sf:UnexpectedErrorFault></detail>
         </soapenv:Fault></soapenv:Body></soapenv:Envelope>""");
    assertThat(s.code()).isEqualTo("INVALID_SESSION_ID");
    assertThat(s.message()).isEqualTo("Invalid Session ID found in SessionHeader: Illegal Session");
  }

  @Test
  void faultWithoutDetailFallsBackToFaultcodeAndFaultstring() {
    SoapXml.Scan s =
        scan(
            "<Envelope xmlns='http://schemas.xmlsoap.org/soap/envelope/'><Body><Fault>"
                + "<faultcode>sf:REQUEST_LIMIT_EXCEEDED</faultcode>"
                + "<faultstring>REQUEST_LIMIT_EXCEEDED: TotalRequests Limit exceeded.</faultstring></Fault></Body></Envelope>");
    assertThat(s.code()).isEqualTo("REQUEST_LIMIT_EXCEEDED");
    assertThat(s.message()).isEqualTo("TotalRequests Limit exceeded.");
  }

  @Test
  void aDoctypeIsNeverResolved() {
    SoapXml.Scan s =
        scan(
            "<?xml version='1.0'?><!DOCTYPE x [<!ENTITY e SYSTEM 'file:///etc/passwd'>]>"
                + "<Envelope><Body><Fault><faultcode>&e;</faultcode></Fault></Body></Envelope>");
    assertThat(s.faultCode()).isNull();
  }

  @Test
  void garbageGivesAnEmptyScan() {
    assertThat(scan("<html><body>503 Service Unavailable").code()).isNull();
    assertThat(scan("not xml").apiLimit()).isEqualTo(-1);
  }
}
