package dev.revsync.spi;

import java.util.List;
import java.util.Map;

/**
 * One XML element read from a SOAP body or header, with its attributes, text and children: the
 * small tree of one repeated result (a Salesforce {@code <result>}) or one header
 * ({@code <LimitInfoHeader>}). Children are matched by local name, whatever their prefix.
 *
 * <p>Immutable and thread-safe.
 *
 * @param namespace the element's namespace URI, or the empty string for none
 * @param name the element's local name
 * @param attributes attribute local name → value ({@code type} and {@code nil} for {@code xsi:type}
 *     and {@code xsi:nil}); attributes of other namespaces keep their local name too
 * @param text the element's text with its children's text left out; null when it is
 *     {@code xsi:nil="true"}; the empty string when it has none
 * @param children the child elements, in document order
 */
public record XmlElement(
    String namespace, String name, Map<String, String> attributes, String text, List<XmlElement> children) {

  public XmlElement {
    throw new UnsupportedOperationException();
  }

  /** The first child named {@code localName}, or null. */
  public XmlElement child(String localName) {
    throw new UnsupportedOperationException();
  }

  /** Every child named {@code localName}, in order (a repeated element such as {@code errors}). */
  public List<XmlElement> children(String localName) {
    throw new UnsupportedOperationException();
  }

  /** The text of the first child named {@code localName}; null when there is none or it is nil. */
  public String childText(String localName) {
    throw new UnsupportedOperationException();
  }

  /** True when the element carries {@code xsi:nil="true"}. */
  public boolean isNil() {
    throw new UnsupportedOperationException();
  }

  /** Element and attribute names only: values may be personal data and stay out of logs. */
  @Override
  public String toString() {
    throw new UnsupportedOperationException();
  }
}
