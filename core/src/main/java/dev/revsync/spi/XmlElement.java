package dev.revsync.spi;

import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * One XML element read from a SOAP body or header, with its attributes, text and children: the
 * small tree of one repeated result (a Salesforce {@code <result>}) or one header ({@code
 * <LimitInfoHeader>}). Children are matched by local name, whatever their prefix.
 *
 * <p>Immutable and thread-safe.
 *
 * @param namespace the element's namespace URI, or the empty string for none
 * @param name the element's local name
 * @param attributes attribute local name → value ({@code type} and {@code nil} for {@code xsi:type}
 *     and {@code xsi:nil}); attributes of other namespaces keep their local name too
 * @param text the element's text with its children's text left out; null when it is {@code
 *     xsi:nil="true"}; the empty string when it has none
 * @param children the child elements, in document order
 */
public record XmlElement(
    String namespace,
    String name,
    Map<String, String> attributes,
    String text,
    List<XmlElement> children) {

  public XmlElement {
    namespace = namespace == null ? "" : namespace;
    Objects.requireNonNull(name, "name");
    attributes =
        attributes == null || attributes.isEmpty()
            ? Map.of()
            : Collections.unmodifiableMap(new LinkedHashMap<>(attributes));
    children =
        children == null || children.isEmpty()
            ? List.of()
            : Collections.unmodifiableList(new ArrayList<>(children));
  }

  /** The first child named {@code localName}, or null. */
  public XmlElement child(String localName) {
    for (XmlElement child : children) {
      if (child.name.equals(localName)) return child;
    }
    return null;
  }

  /** Every child named {@code localName}, in order (a repeated element such as {@code errors}). */
  public List<XmlElement> children(String localName) {
    List<XmlElement> found = new ArrayList<>();
    for (XmlElement child : children) {
      if (child.name.equals(localName)) found.add(child);
    }
    return found;
  }

  /** The text of the first child named {@code localName}; null when there is none or it is nil. */
  public String childText(String localName) {
    XmlElement child = child(localName);
    return child == null ? null : child.text;
  }

  /** True when the element carries {@code xsi:nil="true"}. */
  public boolean isNil() {
    String nil = attributes.get("nil");
    return "true".equals(nil) || "1".equals(nil);
  }

  /** Element and attribute names only: values may be personal data and stay out of logs. */
  @Override
  public String toString() {
    StringBuilder s = new StringBuilder("<").append(name);
    for (String attribute : attributes.keySet()) s.append(' ').append(attribute);
    if (children.isEmpty()) return s.append("/>").toString();
    s.append('>');
    for (XmlElement child : children) s.append(child);
    return s.append("</").append(name).append('>').toString();
  }
}
