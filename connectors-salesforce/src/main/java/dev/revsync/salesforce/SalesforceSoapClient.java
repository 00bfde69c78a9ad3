package dev.revsync.salesforce;

import static dev.revsync.salesforce.SalesforceConfig.SYSTEM;
import static dev.revsync.salesforce.SoapXml.PARTNER;
import static dev.revsync.salesforce.SoapXml.SOBJECT;

import dev.revsync.ApiStyle;
import dev.revsync.ConfigurationException;
import dev.revsync.ProtocolException;
import dev.revsync.VendorApiException;
import dev.revsync.WriteItem;
import dev.revsync.WriteOutcome;
import dev.revsync.WriteRequest;
import dev.revsync.spi.AccessToken;
import dev.revsync.spi.SoapReader;
import dev.revsync.spi.SoapWriter;
import dev.revsync.spi.Transport;
import dev.revsync.spi.XmlElement;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import okhttp3.MediaType;
import okhttp3.Request;
import okhttp3.RequestBody;

/**
 * The SOAP partner API's {@code update} and {@code upsert}, at most 200 sObjects a call, with the
 * OAuth access token as the session id ({@code login()} is gone from API 65.0). Null values go into
 * {@code fieldsToNull}. Each SaveResult/UpsertResult becomes one {@link WriteOutcome}.
 *
 * <p>The session id travels inside the envelope, so the transport cannot refresh it by itself: an
 * {@code INVALID_SESSION_ID} fault invalidates the token (single-flight, in the transport) and the
 * batch is sent once more in a new envelope. Thread-safe.
 */
final class SalesforceSoapClient {
  /** The partner API's per-call cap; more fails the whole call with EXCEEDED_ID_LIMIT. */
  static final int MAX_RECORDS = 200;

  private static final MediaType TEXT_XML = MediaType.get("text/xml; charset=UTF-8");
  private static final Pattern FIELD = Pattern.compile("[A-Za-z][A-Za-z0-9_]*");
  private static final Map<String, String> NAMESPACES = Map.of("p", PARTNER, "o", SOBJECT);

  private final Transport transport;
  private final SalesforceRestClient rest;
  private final SalesforceConfig config;

  SalesforceSoapClient(Transport transport, SalesforceRestClient rest, SalesforceConfig config) {
    this.transport = transport;
    this.rest = rest;
    this.config = config;
  }

  /** Checks names before anything is sent: they become XML element names. */
  static void validate(WriteRequest request) {
    name(request.object(), "object");
    if (request.matchField() != null) name(request.matchField(), "external-id field");
    for (WriteItem item : request.items()) {
      for (String field : item.fields().keySet()) name(field, "field");
    }
  }

  private static void name(String name, String what) {
    if (name == null || !FIELD.matcher(name).matches()) {
      throw new ConfigurationException(
          SYSTEM,
          "write",
          "'" + name + "' is not a Salesforce " + what + " API name",
          "Use API names such as Contact or Lead_Score__c",
          null);
    }
  }

  /** Sends one batch (at most 200 items) as one {@code update} or {@code upsert} call. */
  List<WriteOutcome> write(WriteRequest request, List<WriteItem> batch, int firstIndex) {
    if (batch.size() > MAX_RECORDS) {
      throw new IllegalArgumentException(
          "at most " + MAX_RECORDS + " sObjects per call: " + batch.size());
    }
    String operation = request.operation() == WriteRequest.Operation.UPSERT ? "upsert" : "update";
    String path = "/services/Soap/u/" + config.apiVersion();
    String call = "POST " + path + " " + operation;
    for (int attempt = 1; ; attempt++) {
      AccessToken token = transport.token(request.activity());
      byte[] envelope = envelope(token.value(), request, batch, operation);
      Request http =
          new Request.Builder()
              .url(rest.instanceUrl(request.activity()) + path)
              .header("SOAPAction", "\"\"")
              .header("Accept", "text/xml")
              .post(RequestBody.create(envelope, TEXT_XML))
              .build();
      try {
        return transport.execute(
            request.activity(),
            ApiStyle.SOAP,
            http,
            response -> {
              List<WriteOutcome> outcomes = new ArrayList<>(batch.size());
              SoapReader.Envelope env =
                  SoapReader.read(
                      response.body().byteStream(),
                      SYSTEM,
                      call,
                      result -> {
                        int i = outcomes.size();
                        if (i < batch.size())
                          outcomes.add(outcome(result, firstIndex + i, batch.get(i).key()));
                        else outcomes.add(null);
                      });
              if (env.fault() != null) {
                throw new VendorApiException(
                    SYSTEM,
                    call,
                    response.code(),
                    env.fault().code(),
                    env.fault().message(),
                    "See Salesforce's message");
              }
              if (outcomes.size() != batch.size()) {
                throw new ProtocolException(
                    SYSTEM,
                    call,
                    "the response holds "
                        + outcomes.size()
                        + " results for "
                        + batch.size()
                        + " records",
                    "Report this response to Salesforce support",
                    null);
              }
              return outcomes;
            });
      } catch (SalesforceErrors.SessionExpired expired) {
        if (attempt >= 2) throw expired;
        transport.invalidate(token); // the next token() fetches a new one, once for all threads
      }
    }
  }

  private static byte[] envelope(
      String sessionId, WriteRequest request, List<WriteItem> batch, String operation) {
    boolean upsert = request.operation() == WriteRequest.Operation.UPSERT;
    String match = request.matchField();
    return SoapWriter.toBytes(
        NAMESPACES,
        soap -> {
          soap.startHeader();
          soap.start(PARTNER, "SessionHeader").element(PARTNER, "sessionId", sessionId).end();
          soap.start(PARTNER, "AllOrNoneHeader").element(PARTNER, "allOrNone", "false").end();
          soap.startBody();
          soap.start(PARTNER, operation);
          if (upsert) soap.element(PARTNER, "externalIDFieldName", match);
          for (WriteItem item : batch) {
            soap.start(PARTNER, "sObjects").xsiType("o:sObject");
            // WSDL order: type, fieldsToNull*, Id, then the fields.
            soap.element(SOBJECT, "type", request.object());
            item.fields()
                .forEach(
                    (field, value) -> {
                      if (value == null && !isKey(field, upsert, match))
                        soap.element(SOBJECT, "fieldsToNull", field);
                    });
            if (upsert) {
              soap.element(SOBJECT, match, item.key());
            } else {
              soap.element(SOBJECT, "Id", item.key());
            }
            item.fields()
                .forEach(
                    (field, value) -> {
                      if (value != null && !isKey(field, upsert, match))
                        soap.element(SOBJECT, field, value);
                    });
            soap.end();
          }
        });
  }

  /** The field the item's key already sets (Id for update, the external id for upsert). */
  private static boolean isKey(String field, boolean upsert, String match) {
    return upsert
        ? field.equalsIgnoreCase(match) || field.equalsIgnoreCase("Id")
        : field.equalsIgnoreCase("Id");
  }

  /** A SaveResult or UpsertResult: {created?, errors*, id, success}. */
  private static WriteOutcome outcome(XmlElement result, int index, String key) {
    String id = blankToNull(result.childText("id"));
    if ("true".equalsIgnoreCase(trim(result.childText("success")))) {
      return WriteOutcome.succeeded(
          index, key, id, "true".equalsIgnoreCase(trim(result.childText("created"))));
    }
    List<XmlElement> errors = result.children("errors");
    if (errors.isEmpty()) {
      return WriteOutcome.failed(
          index,
          key,
          id,
          "UNKNOWN_ERROR",
          "Salesforce reported no success and no error",
          List.of());
    }
    XmlElement first = errors.get(0);
    String message =
        errors.stream()
            .map(e -> trim(e.childText("message")))
            .filter(m -> m != null && !m.isEmpty())
            .collect(Collectors.joining("; "));
    List<String> fields = new ArrayList<>();
    for (XmlElement e : errors) {
      for (XmlElement f : e.children("fields")) {
        if (f.text() != null && !f.text().isBlank() && !fields.contains(f.text().trim()))
          fields.add(f.text().trim());
      }
    }
    return WriteOutcome.failed(
        index, key, id, trim(first.childText("statusCode")), message, fields);
  }

  private static String trim(String s) {
    return s == null ? null : s.trim();
  }

  private static String blankToNull(String s) {
    return s == null || s.isBlank() ? null : s.trim();
  }
}
