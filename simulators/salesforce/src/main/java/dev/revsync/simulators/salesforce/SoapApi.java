package dev.revsync.simulators.salesforce;

import dev.revsync.simulators.FaultPlan;
import dev.revsync.simulators.salesforce.SfConfig.SfUser;
import java.io.ByteArrayInputStream;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import javax.xml.stream.XMLInputFactory;
import javax.xml.stream.XMLStreamConstants;
import javax.xml.stream.XMLStreamException;
import javax.xml.stream.XMLStreamReader;
import mockwebserver3.MockResponse;

/**
 * The partner SOAP API at {@code /services/Soap/u/NN.0[/orgId]}: {@code create}, {@code update},
 * {@code upsert} (≤ 200 sObjects, {@code fieldsToNull}, {@code AllOrNoneHeader}) answered with
 * SaveResult/UpsertResult in WSDL element order and a {@code LimitInfoHeader}; {@code login()} up
 * to API 64.0; faults as HTTP 500 {@code soapenv:Fault} with {@code sf:} codes. Requests are parsed
 * with StAX by namespace (any prefix), DTDs and external entities disabled. Thread-safe.
 */
final class SoapApi {
  static final String ENV_NS = "http://schemas.xmlsoap.org/soap/envelope/";
  static final String PARTNER_NS = "urn:partner.soap.sforce.com";
  private static final String XSI_NS = "http://www.w3.org/2001/XMLSchema-instance";
  private static final XMLInputFactory XML = secureFactory();

  private final SfConfig config;
  private final Sessions sessions;
  private final ApiAllocation allocation;
  private final SObjectWriter writer;
  private final FaultPlan faults;
  private final String orgId;
  private final String baseUrl;

  SoapApi(
      SfConfig config,
      Sessions sessions,
      ApiAllocation allocation,
      SObjectWriter writer,
      FaultPlan faults,
      String orgId,
      String baseUrl) {
    this.config = config;
    this.sessions = sessions;
    this.allocation = allocation;
    this.writer = writer;
    this.faults = faults;
    this.orgId = orgId;
    this.baseUrl = baseUrl;
  }

  private static XMLInputFactory secureFactory() {
    XMLInputFactory f = XMLInputFactory.newFactory();
    f.setProperty(XMLInputFactory.SUPPORT_DTD, false);
    f.setProperty(XMLInputFactory.IS_SUPPORTING_EXTERNAL_ENTITIES, false);
    f.setProperty(XMLInputFactory.IS_NAMESPACE_AWARE, true);
    f.setProperty(XMLInputFactory.IS_COALESCING, true);
    return f;
  }

  /** A parsed call. */
  private static final class Call {
    String operation;
    String sessionId;
    boolean allOrNone;
    String externalIdField;
    String username;
    String password;
    String unsupported;
    final List<SObjectWriter.Input> sObjects = new ArrayList<>();
  }

  MockResponse.Builder handle(SfHttp.Request req, String version) {
    if (!req.method.equals("POST")) return fault("soapenv:Client", "Only POST is supported", null);
    if (req.header("SOAPAction") == null) {
      return fault("soapenv:Client", "no SOAPAction header!", null);
    }
    if (!config.apiVersions().contains(version)) {
      return sfFault(
          "UNSUPPORTED_API_VERSION",
          "Invalid Api version specified on URL",
          "UnexpectedErrorFault");
    }
    Call call;
    try {
      call = parse(req.body());
    } catch (XMLStreamException | RuntimeException e) {
      return fault("soapenv:Client", "Unable to parse the request: " + e.getMessage(), null);
    }
    if (call.operation == null)
      return fault("soapenv:Client", "No operation in the SOAP Body", null);
    if (call.operation.equals("login")) return login(call, version);
    if (!List.of("create", "update", "upsert", "getUserInfo").contains(call.operation)) {
      return fault(
          "soapenv:Client",
          "No operation available for request {" + PARTNER_NS + "}" + call.operation,
          null);
    }
    Sessions.Session session =
        call.sessionId == null || !faults.tokenCallAllowed(call.sessionId)
            ? null
            : sessions.use(call.sessionId);
    if (session == null) {
      return sfFault(
          "INVALID_SESSION_ID",
          "Invalid Session ID found in SessionHeader: Illegal Session",
          "UnexpectedErrorFault");
    }
    if (!session.user.apiEnabled()) {
      return sfFault(
          "API_CURRENTLY_DISABLED", "API is disabled for this User", "UnexpectedErrorFault");
    }
    if (!allocation.tryConsume()) {
      return sfFault(
          "REQUEST_LIMIT_EXCEEDED", "TotalRequests Limit exceeded.", "UnexpectedErrorFault");
    }
    if (call.operation.equals("getUserInfo")) {
      return envelope(
          200,
          limitInfoHeader(),
          "<getUserInfoResponse><result>"
              + userInfo(session.user)
              + "</result></getUserInfoResponse>");
    }
    if (call.unsupported != null) {
      return sfFault("INVALID_FIELD", call.unsupported, "InvalidFieldFault");
    }
    if (call.sObjects.size() > config.soapMaxRecords()) {
      return sfFault(
          "EXCEEDED_ID_LIMIT",
          "record limit reached. cannot submit more than "
              + config.soapMaxRecords()
              + " records into this call",
          "UnexpectedErrorFault");
    }
    SObjectWriter.Operation op =
        switch (call.operation) {
          case "create" -> SObjectWriter.Operation.CREATE;
          case "update" -> SObjectWriter.Operation.UPDATE;
          default -> SObjectWriter.Operation.UPSERT;
        };
    if (op == SObjectWriter.Operation.UPSERT
        && (call.externalIdField == null || call.externalIdField.isBlank())) {
      return sfFault(
          "MISSING_ARGUMENT", "externalIDFieldName not specified", "UnexpectedErrorFault");
    }
    List<SObjectWriter.Result> results;
    try {
      results =
          writer.write(op, call.sObjects, call.externalIdField, call.allOrNone, session.user.id());
    } catch (SObjectWriter.CallRefused e) {
      return sfFault(
          e.code,
          e.getMessage(),
          e.code.equals("INVALID_TYPE") ? "InvalidSObjectFault" : "InvalidFieldFault");
    }
    StringBuilder body = new StringBuilder();
    body.append('<').append(call.operation).append("Response>");
    for (SObjectWriter.Result r : results) {
      body.append("<result>");
      if (op == SObjectWriter.Operation.UPSERT)
        body.append("<created>").append(Boolean.TRUE.equals(r.created())).append("</created>");
      for (SObjectWriter.Error e : r.errors()) {
        body.append("<errors>");
        for (String f : e.fields()) body.append("<fields>").append(esc(f)).append("</fields>");
        body.append("<message>").append(esc(e.message())).append("</message>");
        body.append("<statusCode>").append(esc(e.statusCode())).append("</statusCode>");
        body.append("</errors>");
      }
      if (r.id() == null) body.append("<id xsi:nil=\"true\"/>");
      else body.append("<id>").append(r.id()).append("</id>");
      body.append("<success>").append(r.success()).append("</success>");
      body.append("</result>");
    }
    body.append("</").append(call.operation).append("Response>");
    return envelope(200, limitInfoHeader(), body.toString());
  }

  private String limitInfoHeader() {
    return "<LimitInfoHeader><limitInfo><current>"
        + allocation.used()
        + "</current><limit>"
        + allocation.max()
        + "</limit><type>API REQUESTS</type></limitInfo></LimitInfoHeader>";
  }

  private MockResponse.Builder login(Call call, String version) {
    if (Double.parseDouble(version) >= 65.0) {
      return sfFault(
          config.soapLoginRetiredFaultCode(),
          "SOAP login() is not available in API version " + version + " or later; use OAuth",
          "UnexpectedErrorFault");
    }
    SfUser user = config.user(call.username);
    if (user == null
        || call.password == null
        || !user.active()
        || !call.password.equals(user.password() + user.securityToken())) {
      return sfFault(
          "INVALID_LOGIN",
          "Invalid username, password, security token; or user locked out.",
          "LoginFault");
    }
    Sessions.Session s = sessions.issue(user, null, null);
    String org15 = orgId.substring(0, 15);
    String body =
        "<loginResponse><result>"
            + "<metadataServerUrl>"
            + baseUrl
            + "/services/Soap/m/"
            + version
            + "/"
            + org15
            + "</metadataServerUrl>"
            + "<passwordExpired>false</passwordExpired><sandbox>false</sandbox>"
            + "<serverUrl>"
            + baseUrl
            + "/services/Soap/u/"
            + version
            + "/"
            + org15
            + "</serverUrl>"
            + "<sessionId>"
            + s.token
            + "</sessionId><userId>"
            + user.id()
            + "</userId>"
            + "<userInfo>"
            + userInfo(user)
            + "</userInfo>"
            + "</result></loginResponse>";
    return envelope(200, null, body);
  }

  /**
   * The fields of a {@code GetUserInfoResult}, in the partner WSDL's order: {@code login()} returns
   * them as {@code userInfo}, and SOAP tools call {@code getUserInfo()} right after logging in with
   * an OAuth session; both describe the same user as {@code /id/<org>/<user>} does.
   */
  private String userInfo(SfUser user) {
    return "<accessibilityMode>false</accessibilityMode><chatterExternal>false</chatterExternal>"
        + "<currencySymbol>$</currencySymbol><orgAttachmentFileSizeLimit>5242880</orgAttachmentFileSizeLimit>"
        + "<orgDefaultCurrencyIsoCode>USD</orgDefaultCurrencyIsoCode><orgDefaultCurrencyLocale>en_US"
        + "</orgDefaultCurrencyLocale><orgDisallowHtmlAttachments>false</orgDisallowHtmlAttachments>"
        + "<orgHasPersonAccounts>false</orgHasPersonAccounts>"
        + "<organizationId>"
        + orgId
        + "</organizationId><organizationMultiCurrency>false</organizationMultiCurrency>"
        + "<organizationName>revsync Simulated Org</organizationName><profileId>00eRO0000000001AAA</profileId>"
        + "<roleId xsi:nil=\"true\"/><sessionSecondsValid>"
        + config.sessionTimeout().toSeconds()
        + "</sessionSecondsValid><userDefaultCurrencyIsoCode xsi:nil=\"true\"/>"
        + "<userEmail>"
        + esc(user.username())
        + "</userEmail><userFullName>"
        + esc(user.fullName())
        + "</userFullName>"
        + "<userId>"
        + user.id()
        + "</userId><userLanguage>en_US</userLanguage><userLocale>en_US</userLocale>"
        + "<userName>"
        + esc(user.username())
        + "</userName><userTimeZone>GMT</userTimeZone>"
        + "<userType>Standard</userType><userUiSkin>Theme3</userUiSkin>";
  }

  // ---- parsing -------------------------------------------------------------------------------

  private Call parse(byte[] xml) throws XMLStreamException {
    Call call = new Call();
    XMLStreamReader r = XML.createXMLStreamReader(new ByteArrayInputStream(xml));
    try {
      // Envelope
      nextStart(r);
      if (!"Envelope".equals(r.getLocalName()))
        throw new XMLStreamException("not a SOAP Envelope: " + r.getLocalName());
      while (r.hasNext()) {
        int e = r.next();
        if (e != XMLStreamConstants.START_ELEMENT) continue;
        String name = r.getLocalName();
        if (name.equals("Header")) {
          header(r, call);
        } else if (name.equals("Body")) {
          body(r, call);
        }
      }
    } finally {
      r.close();
    }
    return call;
  }

  private static void nextStart(XMLStreamReader r) throws XMLStreamException {
    while (r.hasNext() && r.next() != XMLStreamConstants.START_ELEMENT) {
      // skip prolog, comments, whitespace
    }
    if (!r.isStartElement()) throw new XMLStreamException("empty document");
  }

  private static void header(XMLStreamReader r, Call call) throws XMLStreamException {
    int depth = 1;
    String block = null;
    while (depth > 0) {
      int e = r.next();
      if (e == XMLStreamConstants.START_ELEMENT) {
        depth++;
        if (depth == 2) {
          block = r.getLocalName();
        } else if (depth == 3
            && "SessionHeader".equals(block)
            && r.getLocalName().equals("sessionId")) {
          call.sessionId = r.getElementText().trim();
          depth--;
        } else if (depth == 3
            && "AllOrNoneHeader".equals(block)
            && r.getLocalName().equals("allOrNone")) {
          call.allOrNone = Boolean.parseBoolean(r.getElementText().trim());
          depth--;
        }
      } else if (e == XMLStreamConstants.END_ELEMENT) {
        depth--;
      }
    }
  }

  private static void body(XMLStreamReader r, Call call) throws XMLStreamException {
    int depth = 1;
    while (depth > 0) {
      int e = r.next();
      if (e == XMLStreamConstants.START_ELEMENT) {
        depth++;
        if (depth == 2) {
          call.operation =
              PARTNER_NS.equals(r.getNamespaceURI())
                  ? r.getLocalName()
                  : "{" + r.getNamespaceURI() + "}" + r.getLocalName();
        } else if (depth == 3) {
          String name = r.getLocalName();
          switch (name) {
            case "sObjects" -> {
              call.sObjects.add(sObject(r, call));
              depth--;
            }
            case "externalIDFieldName" -> {
              call.externalIdField = r.getElementText().trim();
              depth--;
            }
            case "username" -> {
              call.username = r.getElementText().trim();
              depth--;
            }
            case "password" -> {
              call.password = r.getElementText();
              depth--;
            }
            default -> {
              skip(r);
              depth--;
            }
          }
        }
      } else if (e == XMLStreamConstants.END_ELEMENT) {
        depth--;
      }
    }
  }

  /** Reads one sObject; the reader is left on its end tag. */
  private static SObjectWriter.Input sObject(XMLStreamReader r, Call call)
      throws XMLStreamException {
    String type = null;
    String id = null;
    Map<String, Object> values = new LinkedHashMap<>();
    List<String> toNull = new ArrayList<>();
    while (true) {
      int e = r.next();
      if (e == XMLStreamConstants.END_ELEMENT) break;
      if (e != XMLStreamConstants.START_ELEMENT) continue;
      String name = r.getLocalName();
      boolean nil = "true".equals(r.getAttributeValue(XSI_NS, "nil"));
      StringBuilder text = new StringBuilder();
      boolean nested = false;
      while (true) {
        int c = r.next();
        if (c == XMLStreamConstants.CHARACTERS || c == XMLStreamConstants.CDATA) {
          text.append(r.getText());
        } else if (c == XMLStreamConstants.START_ELEMENT) {
          nested = true;
          skip(r);
        } else if (c == XMLStreamConstants.END_ELEMENT) {
          break;
        }
      }
      switch (name) {
        case "type" -> type = text.toString().trim();
        case "fieldsToNull" -> toNull.add(text.toString().trim());
        case "Id" -> id = text.toString().trim().isEmpty() ? null : text.toString().trim();
        default -> {
          if (nested) {
            call.unsupported =
                "Relationship "
                    + name
                    + ": setting a parent by external id is not supported by the"
                    + " simulator";
          } else if (nil) {
            toNull.add(name);
          } else {
            values.put(name, text.toString());
          }
        }
      }
    }
    return new SObjectWriter.Input(type == null ? "" : type, id, values, toNull);
  }

  /** Skips the current element's subtree; the reader is left on its end tag. */
  private static void skip(XMLStreamReader r) throws XMLStreamException {
    int depth = 1;
    while (depth > 0) {
      int e = r.next();
      if (e == XMLStreamConstants.START_ELEMENT) depth++;
      else if (e == XMLStreamConstants.END_ELEMENT) depth--;
    }
  }

  // ---- rendering -----------------------------------------------------------------------------

  static String esc(String s) {
    if (s == null) return "";
    StringBuilder b = new StringBuilder(s.length() + 16);
    for (int i = 0; i < s.length(); i++) {
      char c = s.charAt(i);
      switch (c) {
        case '<' -> b.append("&lt;");
        case '>' -> b.append("&gt;");
        case '&' -> b.append("&amp;");
        case '"' -> b.append("&quot;");
        default -> {
          if (c < 0x20 && c != '\n' && c != '\r' && c != '\t')
            b.append("&#").append((int) c).append(';');
          else b.append(c);
        }
      }
    }
    return b.toString();
  }

  private MockResponse.Builder envelope(int code, String header, String body) {
    String xml =
        "<?xml version=\"1.0\" encoding=\"UTF-8\"?><soapenv:Envelope xmlns:soapenv=\""
            + ENV_NS
            + "\" xmlns=\""
            + PARTNER_NS
            + "\" xmlns:xsi=\""
            + XSI_NS
            + "\">"
            + (header == null ? "" : "<soapenv:Header>" + header + "</soapenv:Header>")
            + "<soapenv:Body>"
            + body
            + "</soapenv:Body></soapenv:Envelope>";
    return new MockResponse.Builder()
        .code(code)
        .setHeader("Content-Type", "text/xml;charset=UTF-8")
        .body(xml);
  }

  /** A Salesforce API fault: {@code sf:CODE}, {@code CODE: message}, and a typed detail. */
  static MockResponse.Builder sfFault(String code, String message, String detailType) {
    StringBuilder detail = new StringBuilder();
    detail
        .append("<sf:")
        .append(detailType)
        .append(" xsi:type=\"sf:")
        .append(detailType)
        .append("\">");
    detail.append("<sf:exceptionCode>").append(esc(code)).append("</sf:exceptionCode>");
    detail.append("<sf:exceptionMessage>").append(esc(message)).append("</sf:exceptionMessage>");
    if (detailType.equals("InvalidFieldFault") || detailType.equals("InvalidSObjectFault")) {
      detail.append("<sf:row>-1</sf:row><sf:column>-1</sf:column>");
    }
    detail.append("</sf:").append(detailType).append('>');
    return fault("sf:" + code, code + ": " + message, detail.toString());
  }

  private static MockResponse.Builder fault(String faultCode, String faultString, String detail) {
    String xml =
        "<?xml version=\"1.0\" encoding=\"UTF-8\"?><soapenv:Envelope xmlns:soapenv=\""
            + ENV_NS
            + "\" xmlns:sf=\"urn:fault.partner.soap.sforce.com\" xmlns:xsi=\""
            + XSI_NS
            + "\"><soapenv:Body>"
            + "<soapenv:Fault><faultcode>"
            + faultCode
            + "</faultcode><faultstring>"
            + esc(faultString)
            + "</faultstring>"
            + (detail == null ? "" : "<detail>" + detail + "</detail>")
            + "</soapenv:Fault></soapenv:Body></soapenv:Envelope>";
    return new MockResponse.Builder()
        .code(500)
        .setHeader("Content-Type", "text/xml;charset=UTF-8")
        .body(xml);
  }
}
