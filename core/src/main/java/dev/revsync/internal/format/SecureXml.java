package dev.revsync.internal.format;

import javax.xml.stream.XMLInputFactory;
import javax.xml.stream.XMLOutputFactory;
import javax.xml.stream.XMLStreamException;

/**
 * The StAX factories revsync parses and writes with: the JDK's own implementation (not whatever a
 * host has on its class path), with DTDs, external entities and entity replacement off, and a
 * resolver that refuses every external resource should anything still ask for one.
 */
public final class SecureXml {
  private static final XMLInputFactory INPUT = newInputFactory();
  private static final XMLOutputFactory OUTPUT = XMLOutputFactory.newDefaultFactory();

  private SecureXml() {}

  /** Shared, configured once; creating readers from it is thread-safe in the JDK implementation. */
  public static XMLInputFactory inputFactory() {
    return INPUT;
  }

  public static XMLOutputFactory outputFactory() {
    return OUTPUT;
  }

  private static XMLInputFactory newInputFactory() {
    XMLInputFactory factory = XMLInputFactory.newDefaultFactory();
    factory.setProperty(XMLInputFactory.SUPPORT_DTD, false);
    factory.setProperty(XMLInputFactory.IS_SUPPORTING_EXTERNAL_ENTITIES, false);
    factory.setProperty(XMLInputFactory.IS_REPLACING_ENTITY_REFERENCES, false);
    factory.setProperty(XMLInputFactory.IS_NAMESPACE_AWARE, true);
    factory.setProperty(XMLInputFactory.IS_COALESCING, true);
    factory.setXMLResolver(
        (publicId, systemId, baseUri, namespace) -> {
          throw new XMLStreamException("external resources are not allowed: " + systemId);
        });
    return factory;
  }
}
