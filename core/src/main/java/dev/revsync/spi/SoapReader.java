package dev.revsync.spi;

import dev.revsync.ProtocolException;
import dev.revsync.internal.format.EndAwareInputStream;
import dev.revsync.internal.format.SecureXml;
import java.io.IOException;
import java.io.InputStream;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.function.Consumer;
import javax.xml.stream.Location;
import javax.xml.stream.XMLStreamConstants;
import javax.xml.stream.XMLStreamException;
import javax.xml.stream.XMLStreamReader;

/**
 * Reads a SOAP 1.1 response envelope with StAX, streaming its body: each child of the body's
 * operation element (each {@code <result>} of a Salesforce {@code updateResponse}) is read into an
 * {@link XmlElement} and handed to a callback one at a time, so a 200-result response never sits in
 * memory as a whole tree. Header elements and a {@code <Fault>} are returned whole.
 *
 * <p>Hardened: DTDs, external entities and entity expansion are disabled, and a document that
 * declares a DOCTYPE is refused with {@link dev.revsync.ProtocolException} ("DTDs are not allowed")
 * before anything in it is resolved — no XXE file read, no billion-laughs expansion. Malformed or
 * truncated XML raises {@link dev.revsync.ProtocolException} naming the system, the call, the line
 * and column, and the element path; a failure of the stream itself propagates as its {@link
 * IOException}.
 *
 * <pre>{@code
 * SoapReader.Envelope env = SoapReader.read(body.byteStream(), "salesforce", "SOAP update", result ->
 *     outcomes.add(toOutcome(result)));
 * if (env.fault() != null) throw toException(env.fault());
 * }</pre>
 *
 * <p>Thread-safe: holds no state.
 */
public final class SoapReader {
  private static final String ACTION =
      "The system sent a broken SOAP response; retry, and if it keeps happening report this message to the system's support";
  // A result or header is a few levels deep; anything deeper is not a SOAP response we read.
  private static final int MAX_DEPTH = 64;

  /**
   * What an envelope held besides the streamed body items.
   *
   * @param headers the children of {@code <Header>}, in order (empty when there is no header)
   * @param operation the body's first child (such as {@code upsertResponse}) without its children,
   *     which went to the callback; null for a fault or an empty body
   * @param fault the body's {@code <Fault>}, or null
   * @param items how many body items were handed to the callback
   */
  public record Envelope(
      List<XmlElement> headers, XmlElement operation, SoapFault fault, int items) {
    public Envelope {
      headers = List.copyOf(headers);
    }

    /** The first header named {@code localName} (such as {@code LimitInfoHeader}), or null. */
    public XmlElement header(String localName) {
      for (XmlElement header : headers) {
        if (header.name().equals(localName)) return header;
      }
      return null;
    }
  }

  private SoapReader() {}

  /**
   * Reads one envelope to its end, handing each child element of the body's operation element to
   * {@code bodyItems}.
   *
   * @param system the connector id, for errors
   * @param call the call answered, such as {@code POST /services/Soap/u/66.0 update}, for errors
   * @throws dev.revsync.ProtocolException for a DOCTYPE, malformed or truncated XML, or a document
   *     that is not a SOAP 1.1 envelope
   * @throws IOException if reading the stream fails
   */
  public static Envelope read(
      InputStream body, String system, String call, Consumer<XmlElement> bodyItems)
      throws IOException {
    Objects.requireNonNull(bodyItems, "bodyItems");
    EndAwareInputStream input = new EndAwareInputStream(Objects.requireNonNull(body, "body"));
    Parse parse = new Parse(system, call);
    XMLStreamReader reader = null;
    try {
      reader = SecureXml.inputFactory().createXMLStreamReader(input);
      return parse.envelope(reader, bodyItems);
    } catch (XMLStreamException e) {
      if (e.getNestedException() instanceof IOException) throw (IOException) e.getNestedException();
      if (e.getCause() instanceof IOException) throw (IOException) e.getCause();
      throw parse.broken(e, input.ended());
    } finally {
      if (reader != null) {
        try {
          reader.close();
        } catch (XMLStreamException ignored) {
          // closing a StAX reader releases parser state only; the stream is the caller's
        }
      }
    }
  }

  /** One parse: the element path so far, for messages. */
  private static final class Parse {
    private final String system;
    private final String call;
    private final List<String> path = new ArrayList<>();

    Parse(String system, String call) {
      this.system = system;
      this.call = call;
    }

    Envelope envelope(XMLStreamReader r, Consumer<XmlElement> bodyItems) throws XMLStreamException {
      if (nextTag(r) != XMLStreamConstants.START_ELEMENT || !isSoap(r, "Envelope")) {
        throw notSoap(r, "expected a SOAP 1.1 Envelope");
      }
      path.add("Envelope");
      List<XmlElement> headers = new ArrayList<>();
      XmlElement operation = null;
      SoapFault fault = null;
      int items = 0;
      int event = nextTag(r);
      if (event == XMLStreamConstants.START_ELEMENT && isSoap(r, "Header")) {
        path.add("Header");
        while (nextTag(r) == XMLStreamConstants.START_ELEMENT) {
          headers.add(element(r, r.getLocalName()));
        }
        path.remove(path.size() - 1);
        event = nextTag(r);
      }
      if (event != XMLStreamConstants.START_ELEMENT || !isSoap(r, "Body")) {
        throw notSoap(r, "expected the SOAP Body");
      }
      path.add("Body");
      if (nextTag(r) == XMLStreamConstants.START_ELEMENT) {
        if (isSoap(r, "Fault")) {
          XmlElement f = element(r, "Fault");
          fault =
              new SoapFault(
                  f.childText("faultcode"), f.childText("faultstring"), f.child("detail"));
        } else {
          String namespace = nullToEmpty(r.getNamespaceURI());
          String name = r.getLocalName();
          Map<String, String> attributes = attributes(r);
          path.add(name);
          while (nextTag(r) == XMLStreamConstants.START_ELEMENT) {
            XmlElement item = element(r, r.getLocalName() + "[" + (items + 1) + "]");
            items++;
            bodyItems.accept(item);
          }
          path.remove(path.size() - 1);
          operation = new XmlElement(namespace, name, attributes, "", List.of());
        }
        // Only whitespace may follow the operation (or fault) inside the body.
        if (nextTag(r) != XMLStreamConstants.END_ELEMENT) {
          throw notSoap(
              r,
              "expected one element in the SOAP Body, found '" + r.getLocalName() + "' after it");
        }
      }
      path.remove(path.size() - 1);
      if (nextTag(r) != XMLStreamConstants.END_ELEMENT) {
        throw notSoap(
            r, "expected the Envelope to end after the Body, found '" + r.getLocalName() + "'");
      }
      path.remove(path.size() - 1);
      if (nextTag(r) != XMLStreamConstants.END_DOCUMENT) {
        throw notSoap(r, "content after the Envelope");
      }
      return new Envelope(headers, operation, fault, items);
    }

    /**
     * Reads the element the reader is on, whole, leaving the reader on its end tag; {@code label}
     * names it in the path.
     */
    private XmlElement element(XMLStreamReader r, String label) throws XMLStreamException {
      if (path.size() >= MAX_DEPTH) throw notSoap(r, "elements nested deeper than " + MAX_DEPTH);
      String namespace = nullToEmpty(r.getNamespaceURI());
      String name = r.getLocalName();
      Map<String, String> attributes = attributes(r);
      List<XmlElement> children = new ArrayList<>();
      StringBuilder text = new StringBuilder();
      path.add(label);
      while (true) {
        int event = r.next();
        switch (event) {
          case XMLStreamConstants.START_ELEMENT:
            children.add(element(r, r.getLocalName()));
            break;
          case XMLStreamConstants.CHARACTERS:
          case XMLStreamConstants.CDATA:
          case XMLStreamConstants.SPACE:
            text.append(r.getTextCharacters(), r.getTextStart(), r.getTextLength());
            break;
          case XMLStreamConstants.ENTITY_REFERENCE:
            throw notSoap(r, "entity reference '&" + r.getLocalName() + ";' is not allowed");
          case XMLStreamConstants.DTD:
            throw dtd();
          case XMLStreamConstants.END_ELEMENT:
            path.remove(path.size() - 1);
            String value = text.toString();
            boolean nil = "true".equals(attributes.get("nil")) || "1".equals(attributes.get("nil"));
            if (nil) value = null;
            else if (!children.isEmpty() && value.isBlank()) value = "";
            return new XmlElement(namespace, name, attributes, value, children);
          default:
            break; // comments and processing instructions carry nothing we read
        }
      }
    }

    /**
     * The next start or end tag, or the document's end; whitespace, comments and PIs skipped, a DTD
     * refused.
     */
    private int nextTag(XMLStreamReader r) throws XMLStreamException {
      while (true) {
        int event = r.next();
        switch (event) {
          case XMLStreamConstants.START_ELEMENT:
          case XMLStreamConstants.END_ELEMENT:
          case XMLStreamConstants.END_DOCUMENT:
            return event;
          case XMLStreamConstants.DTD:
            throw dtd();
          case XMLStreamConstants.ENTITY_REFERENCE:
            throw notSoap(r, "entity reference '&" + r.getLocalName() + ";' is not allowed");
          case XMLStreamConstants.CHARACTERS:
          case XMLStreamConstants.CDATA:
            if (!r.isWhiteSpace()) throw notSoap(r, "unexpected text between elements");
            break;
          default:
            break;
        }
      }
    }

    private static Map<String, String> attributes(XMLStreamReader r) {
      int count = r.getAttributeCount();
      if (count == 0) return Map.of();
      Map<String, String> attributes = new LinkedHashMap<>();
      for (int i = 0; i < count; i++)
        attributes.put(r.getAttributeLocalName(i), r.getAttributeValue(i));
      return attributes;
    }

    private static boolean isSoap(XMLStreamReader r, String localName) {
      return SoapWriter.SOAP_ENV.equals(r.getNamespaceURI()) && localName.equals(r.getLocalName());
    }

    private ProtocolException dtd() {
      return new ProtocolException(
          system,
          call,
          "refused a SOAP response with a DOCTYPE: DTDs are not allowed"
              + " (nothing in it was resolved or expanded)",
          ACTION,
          null);
    }

    private ProtocolException notSoap(XMLStreamReader r, String what) {
      return new ProtocolException(
          system,
          call,
          "malformed SOAP response at " + where(r.getLocation()) + ": " + what,
          ACTION,
          null);
    }

    ProtocolException broken(XMLStreamException e, boolean ended) {
      String message = e.getMessage() == null ? "unreadable XML" : e.getMessage();
      int detail = message.indexOf("Message: ");
      if (detail >= 0) message = message.substring(detail + "Message: ".length());
      String problem =
          ended && !path.isEmpty()
              ? "truncated: the XML body ended inside " + elementPath()
              : "malformed XML at " + where(e.getLocation()) + ": " + message;
      return new ProtocolException(system, call, problem, ACTION, e);
    }

    private String where(Location location) {
      String at =
          location == null
              ? ""
              : "line "
                  + location.getLineNumber()
                  + ", column "
                  + location.getColumnNumber()
                  + ", ";
      return at + "element " + elementPath();
    }

    private String elementPath() {
      return path.isEmpty() ? "/" : "/" + String.join("/", path);
    }

    private static String nullToEmpty(String s) {
      return s == null ? "" : s;
    }
  }
}
