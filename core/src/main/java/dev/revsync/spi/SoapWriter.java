package dev.revsync.spi;

import dev.revsync.internal.format.SecureXml;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.math.BigDecimal;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.function.Consumer;
import javax.xml.stream.XMLStreamException;
import javax.xml.stream.XMLStreamWriter;

/**
 * Writes a SOAP 1.1 request envelope with StAX, streaming to an output stream (an okio {@code
 * BufferedSink.outputStream()} inside a request body) or into bytes.
 *
 * <pre>{@code
 * byte[] envelope = SoapWriter.toBytes(Map.of("p", PARTNER, "o", SOBJECT), soap -> {
 *   soap.startHeader();
 *   soap.start(PARTNER, "SessionHeader").element(PARTNER, "sessionId", token).end();
 *   soap.startBody();
 *   soap.start(PARTNER, "update");
 *   for (WriteItem item : batch) {
 *     soap.start(PARTNER, "sObjects").xsiType("o:sObject");
 *     soap.element(SOBJECT, "type", "Contact").element(SOBJECT, "Id", item.key());
 *     ...
 *     soap.end();
 *   }
 * });
 * }</pre>
 *
 * <p>Elements must follow the envelope's order: header elements (optional) before the body. Text
 * and attribute values are escaped; a character XML 1.0 cannot carry (a control character) is
 * refused with {@link IllegalArgumentException} rather than sent for the system to reject. Not
 * thread-safe.
 */
public final class SoapWriter implements AutoCloseable {
  /** The SOAP 1.1 envelope namespace, written with the prefix {@code soapenv}. */
  public static final String SOAP_ENV = "http://schemas.xmlsoap.org/soap/envelope/";

  /** The XML Schema instance namespace, written with the prefix {@code xsi}. */
  public static final String XSI = "http://www.w3.org/2001/XMLSchema-instance";

  private final XMLStreamWriter xml;
  private final Map<String, String> prefixes = new HashMap<>();
  // Open elements below Header/Body, by local name, for end() and messages.
  private final List<String> open = new ArrayList<>();
  private boolean headerStarted;
  private boolean inHeader;
  private boolean bodyStarted;
  private boolean finished;

  private SoapWriter(OutputStream out, Map<String, String> namespaces) {
    prefixes.put(SOAP_ENV, "soapenv");
    prefixes.put(XSI, "xsi");
    namespaces.forEach(
        (prefix, uri) -> {
          if (prefix == null || prefix.isEmpty() || uri == null || uri.isEmpty()) {
            throw new IllegalArgumentException(
                "namespace prefixes and URIs must not be empty: " + prefix + "=" + uri);
          }
          if (prefixes.containsValue(prefix))
            throw new IllegalArgumentException("prefix '" + prefix + "' is reserved or taken");
          prefixes.put(uri, prefix);
        });
    try {
      xml =
          SecureXml.outputFactory()
              .createXMLStreamWriter(Objects.requireNonNull(out, "out"), "UTF-8");
      xml.writeStartDocument("UTF-8", "1.0");
      xml.writeStartElement("soapenv", "Envelope", SOAP_ENV);
      for (Map.Entry<String, String> e : prefixes.entrySet())
        xml.writeNamespace(e.getValue(), e.getKey());
    } catch (XMLStreamException e) {
      throw failure(e);
    }
  }

  /**
   * Starts an envelope on {@code out} (UTF-8), declaring {@code soapenv}, {@code xsi} and the given
   * prefix → namespace URI pairs on the {@code Envelope} element.
   */
  public static SoapWriter start(OutputStream out, Map<String, String> namespaces) {
    return new SoapWriter(out, namespaces);
  }

  /** Builds a whole envelope in memory: starts it, runs {@code content}, finishes it. */
  public static byte[] toBytes(Map<String, String> namespaces, Consumer<SoapWriter> content) {
    ByteArrayOutputStream bytes = new ByteArrayOutputStream(4096);
    try (SoapWriter soap = start(bytes, namespaces)) {
      content.accept(soap);
    }
    return bytes.toByteArray();
  }

  /** Opens {@code <soapenv:Header>}; call at most once, before {@link #startBody()}. */
  public SoapWriter startHeader() {
    checkOpen();
    if (headerStarted || bodyStarted)
      throw new IllegalStateException("the SOAP Header comes once, before the Body");
    headerStarted = true;
    inHeader = true;
    try {
      xml.writeStartElement("soapenv", "Header", SOAP_ENV);
    } catch (XMLStreamException e) {
      throw failure(e);
    }
    return this;
  }

  /**
   * Closes the header if open (and any element left open in it) and opens {@code <soapenv:Body>}.
   */
  public SoapWriter startBody() {
    checkOpen();
    if (bodyStarted) throw new IllegalStateException("the SOAP Body was already started");
    try {
      closeOpenElements();
      if (inHeader) xml.writeEndElement();
      inHeader = false;
      bodyStarted = true;
      xml.writeStartElement("soapenv", "Body", SOAP_ENV);
    } catch (XMLStreamException e) {
      throw failure(e);
    }
    return this;
  }

  /**
   * Opens an element in {@code namespace} (one declared at the start, or the empty string for
   * none).
   */
  public SoapWriter start(String namespace, String localName) {
    checkOpen();
    if (!inHeader && !bodyStarted)
      throw new IllegalStateException("start the Header or the Body before '" + localName + "'");
    try {
      if (namespace == null || namespace.isEmpty()) {
        xml.writeStartElement(localName);
      } else {
        xml.writeStartElement(prefix(namespace), localName, namespace);
      }
    } catch (XMLStreamException e) {
      throw failure(e);
    }
    open.add(localName);
    return this;
  }

  /** Adds an attribute to the element just opened; {@code namespace} may be the empty string. */
  public SoapWriter attribute(String namespace, String localName, String value) {
    checkOpen();
    checkLegal(value, localName);
    try {
      if (namespace == null || namespace.isEmpty()) {
        xml.writeAttribute(localName, value);
      } else {
        xml.writeAttribute(prefix(namespace), namespace, localName, value);
      }
    } catch (XMLStreamException e) {
      throw failure(e);
    }
    return this;
  }

  /**
   * Adds {@code xsi:type="qualifiedType"} (such as {@code o:sObject}) to the element just opened.
   */
  public SoapWriter xsiType(String qualifiedType) {
    return attribute(XSI, "type", qualifiedType);
  }

  /**
   * Writes text inside the element just opened, in its XML Schema spelling (see {@link
   * #lexical(Object)}).
   */
  public SoapWriter text(Object value) {
    checkOpen();
    String text = lexical(value);
    checkLegal(text, open.isEmpty() ? "text" : open.get(open.size() - 1));
    try {
      // A raw CR would reach the system as LF (XML line-end normalization); a character reference
      // keeps it.
      int from = 0;
      for (int cr = text.indexOf('\r'); cr >= 0; cr = text.indexOf('\r', from)) {
        xml.writeCharacters(text.substring(from, cr));
        xml.writeEntityRef("#13");
        from = cr + 1;
      }
      xml.writeCharacters(text.substring(from));
    } catch (XMLStreamException e) {
      throw failure(e);
    }
    return this;
  }

  /** Closes the innermost open element. */
  public SoapWriter end() {
    checkOpen();
    if (open.isEmpty())
      throw new IllegalStateException("no element is open (Header and Body close themselves)");
    try {
      xml.writeEndElement();
    } catch (XMLStreamException e) {
      throw failure(e);
    }
    open.remove(open.size() - 1);
    return this;
  }

  /**
   * Writes {@code <localName>value</localName>}; a null value writes {@code xsi:nil="true"} (a
   * system that clears fields another way, such as Salesforce's {@code fieldsToNull}, must not pass
   * null).
   */
  public SoapWriter element(String namespace, String localName, Object value) {
    start(namespace, localName);
    if (value == null) attribute(XSI, "nil", "true");
    else text(value);
    return end();
  }

  /** Closes every open element and the envelope and flushes; the output stream stays open. */
  public void finish() {
    if (finished) return;
    try {
      if (!bodyStarted) startBody();
      closeOpenElements();
      xml.writeEndElement(); // Body
      xml.writeEndElement(); // Envelope
      xml.writeEndDocument();
      xml.flush();
      xml.close();
      finished = true;
    } catch (XMLStreamException e) {
      throw failure(e);
    }
  }

  /** {@link #finish()}es if not yet finished. */
  @Override
  public void close() {
    finish();
  }

  /**
   * A value's XML Schema spelling: strings as they are, {@link java.math.BigDecimal} without an
   * exponent, other numbers and booleans by {@code toString()}, instants and dates in ISO-8601.
   */
  public static String lexical(Object value) {
    if (value == null) return "";
    if (value instanceof BigDecimal) return ((BigDecimal) value).toPlainString();
    // Instant, LocalDate, OffsetDateTime and the rest of java.time print ISO-8601 already.
    return value.toString();
  }

  private void closeOpenElements() throws XMLStreamException {
    while (!open.isEmpty()) {
      xml.writeEndElement();
      open.remove(open.size() - 1);
    }
  }

  private String prefix(String namespace) {
    String prefix = prefixes.get(namespace);
    if (prefix == null) {
      throw new IllegalArgumentException(
          "namespace " + namespace + " was not declared when the envelope started");
    }
    return prefix;
  }

  private void checkOpen() {
    if (finished) throw new IllegalStateException("the envelope is finished");
  }

  private static void checkLegal(String text, String where) {
    for (int i = 0; i < text.length(); i++) {
      char c = text.charAt(i);
      if ((c < 0x20 && c != '\t' && c != '\n' && c != '\r') || c == 0xfffe || c == 0xffff) {
        throw new IllegalArgumentException(
            "the value of '"
                + where
                + "' holds character U+"
                + String.format("%04X", (int) c)
                + ", which XML 1.0 cannot carry");
      }
    }
  }

  private static RuntimeException failure(XMLStreamException e) {
    Throwable nested = e.getNestedException() != null ? e.getNestedException() : e.getCause();
    if (nested instanceof IOException) return new UncheckedIOException((IOException) nested);
    return new IllegalStateException("cannot write the SOAP envelope: " + e.getMessage(), e);
  }
}
