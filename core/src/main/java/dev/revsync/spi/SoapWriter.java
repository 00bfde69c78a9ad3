package dev.revsync.spi;

import java.io.OutputStream;
import java.util.Map;
import java.util.function.Consumer;

/**
 * Writes a SOAP 1.1 request envelope with StAX, streaming to an output stream (an okio
 * {@code BufferedSink.outputStream()} inside a request body) or into bytes.
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
 * and attribute values are escaped. Not thread-safe.
 */
public final class SoapWriter implements AutoCloseable {
  /** The SOAP 1.1 envelope namespace, written with the prefix {@code soapenv}. */
  public static final String SOAP_ENV = "http://schemas.xmlsoap.org/soap/envelope/";
  /** The XML Schema instance namespace, written with the prefix {@code xsi}. */
  public static final String XSI = "http://www.w3.org/2001/XMLSchema-instance";

  private SoapWriter() {
    throw new UnsupportedOperationException();
  }

  /**
   * Starts an envelope on {@code out} (UTF-8), declaring {@code soapenv}, {@code xsi} and the given
   * prefix → namespace URI pairs on the {@code Envelope} element.
   */
  public static SoapWriter start(OutputStream out, Map<String, String> namespaces) {
    throw new UnsupportedOperationException();
  }

  /** Builds a whole envelope in memory: starts it, runs {@code content}, finishes it. */
  public static byte[] toBytes(Map<String, String> namespaces, Consumer<SoapWriter> content) {
    throw new UnsupportedOperationException();
  }

  /** Opens {@code <soapenv:Header>}; call at most once, before {@link #startBody()}. */
  public SoapWriter startHeader() {
    throw new UnsupportedOperationException();
  }

  /** Closes the header if open (and any element left open in it) and opens {@code <soapenv:Body>}. */
  public SoapWriter startBody() {
    throw new UnsupportedOperationException();
  }

  /** Opens an element in {@code namespace} (one declared at the start, or the empty string for none). */
  public SoapWriter start(String namespace, String localName) {
    throw new UnsupportedOperationException();
  }

  /** Adds an attribute to the element just opened; {@code namespace} may be the empty string. */
  public SoapWriter attribute(String namespace, String localName, String value) {
    throw new UnsupportedOperationException();
  }

  /** Adds {@code xsi:type="qualifiedType"} (such as {@code o:sObject}) to the element just opened. */
  public SoapWriter xsiType(String qualifiedType) {
    throw new UnsupportedOperationException();
  }

  /** Writes text inside the element just opened, in its XML Schema spelling (see {@link #lexical(Object)}). */
  public SoapWriter text(Object value) {
    throw new UnsupportedOperationException();
  }

  /** Closes the innermost open element. */
  public SoapWriter end() {
    throw new UnsupportedOperationException();
  }

  /**
   * Writes {@code <localName>value</localName>}; a null value writes {@code xsi:nil="true"} (a
   * system that clears fields another way, such as Salesforce's {@code fieldsToNull}, must not
   * pass null).
   */
  public SoapWriter element(String namespace, String localName, Object value) {
    throw new UnsupportedOperationException();
  }

  /** Closes every open element and the envelope and flushes; the output stream stays open. */
  public void finish() {
    throw new UnsupportedOperationException();
  }

  /** {@link #finish()}es if not yet finished. */
  @Override
  public void close() {
    throw new UnsupportedOperationException();
  }

  /**
   * A value's XML Schema spelling: strings as they are, {@link java.math.BigDecimal} without an
   * exponent, other numbers and booleans by {@code toString()}, instants and dates in ISO-8601.
   */
  public static String lexical(Object value) {
    throw new UnsupportedOperationException();
  }
}
