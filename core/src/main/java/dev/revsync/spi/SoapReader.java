package dev.revsync.spi;

import java.io.IOException;
import java.io.InputStream;
import java.util.List;
import java.util.function.Consumer;

/**
 * Reads a SOAP 1.1 response envelope with StAX, streaming its body: each child of the body's
 * operation element (each {@code <result>} of a Salesforce {@code updateResponse}) is read into an
 * {@link XmlElement} and handed to a callback one at a time, so a 200-result response never sits
 * in memory as a whole tree. Header elements and a {@code <Fault>} are returned whole.
 *
 * <p>Hardened: DTDs, external entities and entity expansion are disabled, and a document that
 * declares a DOCTYPE is refused with {@link dev.revsync.ProtocolException} ("DTDs are not
 * allowed") before anything in it is resolved — no XXE file read, no billion-laughs expansion.
 * Malformed or truncated XML raises {@link dev.revsync.ProtocolException} naming the system, the
 * call, the line and column, and the element path; a failure of the stream itself propagates as
 * its {@link IOException}.
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

  /**
   * What an envelope held besides the streamed body items.
   *
   * @param headers the children of {@code <Header>}, in order (empty when there is no header)
   * @param operation the body's first child (such as {@code upsertResponse}) without its
   *     children, which went to the callback; null for a fault or an empty body
   * @param fault the body's {@code <Fault>}, or null
   * @param items how many body items were handed to the callback
   */
  public record Envelope(List<XmlElement> headers, XmlElement operation, SoapFault fault, int items) {
    /** The first header named {@code localName} (such as {@code LimitInfoHeader}), or null. */
    public XmlElement header(String localName) {
      throw new UnsupportedOperationException();
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
  public static Envelope read(InputStream body, String system, String call, Consumer<XmlElement> bodyItems)
      throws IOException {
    throw new UnsupportedOperationException();
  }
}
