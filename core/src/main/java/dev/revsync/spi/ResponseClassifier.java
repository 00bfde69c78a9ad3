package dev.revsync.spi;

import dev.revsync.internal.http.StandardClassifier;
import java.io.IOException;
import java.time.Duration;
import java.time.Instant;
import okhttp3.Response;

/**
 * Tells the transport what a response means. Connectors supply one that knows their vendor's error
 * bodies and codes, usually by handling their special cases and delegating the rest to {@link
 * #standard()}. A classifier may peek at the body ({@link Response#peekBody(long)}) but must not
 * consume it when it answers {@link Classification#ok()}.
 *
 * <p>Implementations must be thread-safe: one classifier serves every concurrent call of a
 * connection.
 */
@FunctionalInterface
public interface ResponseClassifier {

  /** What {@code response} to {@code call} means. */
  Classification classify(Response response, CallContext call) throws IOException;

  /**
   * HTTP semantics alone: 2xx ok; 401 auth expired; 403 permission; 408, 425, 429, 5xx retry
   * (honouring {@code Retry-After}); other 4xx a {@link dev.revsync.VendorApiException} carrying
   * the start of the body.
   */
  static ResponseClassifier standard() {
    return StandardClassifier.INSTANCE;
  }

  /**
   * The wait a response's {@code Retry-After} header asks for: delta seconds, or an HTTP date
   * measured against the response's own {@code Date} header (so clock skew cancels out). Null when
   * absent or unreadable, so the transport's backoff applies.
   *
   * @since 0.2
   */
  static Duration retryAfter(Response response) {
    return StandardClassifier.retryAfter(response, Instant.now());
  }
}
