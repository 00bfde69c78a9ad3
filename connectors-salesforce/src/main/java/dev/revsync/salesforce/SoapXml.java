package dev.revsync.salesforce;

import java.io.InputStream;
import javax.xml.stream.XMLInputFactory;
import javax.xml.stream.XMLStreamConstants;
import javax.xml.stream.XMLStreamException;
import javax.xml.stream.XMLStreamReader;

/**
 * The partner API's namespaces, and a quick look at the start of a SOAP response for the response
 * classifier: the {@code LimitInfoHeader}'s API usage and a fault's code and message. It reads a
 * peeked prefix of the body, so it stops at the first body element that is not a fault and
 * tolerates the prefix ending anywhere. DTDs and external entities are off. Thread-safe.
 */
final class SoapXml {
  static final String PARTNER = "urn:partner.soap.sforce.com";
  static final String SOBJECT = "urn:sobject.partner.soap.sforce.com";

  private static final XMLInputFactory FACTORY = XMLInputFactory.newFactory();

  static {
    FACTORY.setProperty(XMLInputFactory.SUPPORT_DTD, false);
    FACTORY.setProperty(XMLInputFactory.IS_SUPPORTING_EXTERNAL_ENTITIES, false);
    FACTORY.setProperty(XMLInputFactory.IS_NAMESPACE_AWARE, true);
  }

  private SoapXml() {}

  /** What the start of an envelope said; -1 and null where it said nothing. */
  record Scan(
      long apiCurrent,
      long apiLimit,
      String faultCode,
      String faultString,
      String exceptionCode,
      String exceptionMessage) {
    static final Scan EMPTY = new Scan(-1, -1, null, null, null, null);

    /**
     * The fault's code: the detail's exceptionCode, else the faultcode without its prefix; null if
     * no fault.
     */
    String code() {
      if (exceptionCode != null && !exceptionCode.isBlank()) return exceptionCode.trim();
      if (faultCode == null) return null;
      String c = faultCode.trim();
      return c.substring(c.indexOf(':') + 1);
    }

    String message() {
      if (exceptionMessage != null && !exceptionMessage.isBlank()) return exceptionMessage.trim();
      if (faultString == null) return "";
      String s = faultString.trim();
      String code = code();
      // faultstring is "CODE: message"
      return code != null && s.startsWith(code + ":") ? s.substring(code.length() + 1).trim() : s;
    }
  }

  static Scan scan(InputStream prefix) {
    long current = -1;
    long limit = -1;
    String faultCode = null;
    String faultString = null;
    String exceptionCode = null;
    String exceptionMessage = null;
    boolean inBody = false;
    boolean inLimitInfo = false;
    long limitCurrent = -1;
    long limitMax = -1;
    String limitType = null;
    XMLStreamReader xml = null;
    try {
      xml = FACTORY.createXMLStreamReader(prefix);
      int depthInBody = 0;
      while (xml.hasNext()) {
        int event = xml.next();
        if (event == XMLStreamConstants.DTD) break; // never resolve a DOCTYPE
        if (event == XMLStreamConstants.START_ELEMENT) {
          String name = xml.getLocalName();
          if (inBody) {
            depthInBody++;
            if (depthInBody == 1 && !name.equals("Fault"))
              break; // a normal body: the header was all we needed
          }
          switch (name) {
            case "Body" -> inBody = true;
            case "limitInfo" -> {
              inLimitInfo = true;
              limitCurrent = -1;
              limitMax = -1;
              limitType = null;
            }
            case "current" -> {
              if (inLimitInfo) limitCurrent = number(xml.getElementText());
            }
            case "limit" -> {
              if (inLimitInfo) limitMax = number(xml.getElementText());
            }
            case "type" -> {
              if (inLimitInfo) limitType = xml.getElementText();
            }
            case "faultcode" -> faultCode = xml.getElementText();
            case "faultstring" -> faultString = xml.getElementText();
            case "exceptionCode" -> exceptionCode = xml.getElementText();
            case "exceptionMessage" -> exceptionMessage = xml.getElementText();
            default -> {}
          }
        } else if (event == XMLStreamConstants.END_ELEMENT) {
          if (inBody && !xml.getLocalName().equals("Body")) depthInBody--;
          if (xml.getLocalName().equals("limitInfo")) {
            inLimitInfo = false;
            if (limitType == null || limitType.trim().equalsIgnoreCase("API REQUESTS")) {
              current = limitCurrent;
              limit = limitMax;
            }
          }
        }
      }
    } catch (XMLStreamException | RuntimeException e) {
      // The prefix ended or is not XML: keep what was read.
    } finally {
      if (xml != null) {
        try {
          xml.close();
        } catch (XMLStreamException ignored) {
          // nothing to release
        }
      }
    }
    return new Scan(current, limit, faultCode, faultString, exceptionCode, exceptionMessage);
  }

  private static long number(String s) {
    try {
      return Long.parseLong(s.trim());
    } catch (NumberFormatException e) {
      return -1;
    }
  }
}
