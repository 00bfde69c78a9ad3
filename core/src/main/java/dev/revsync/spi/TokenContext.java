package dev.revsync.spi;

import dev.revsync.ConnectionConfig;
import okhttp3.Request;

/**
 * What a {@link TokenProvider} may use: the connection's config and a way to make unauthenticated,
 * counted calls to a token endpoint. Valid while {@link TokenProvider#fetch} runs.
 */
public interface TokenContext {

  ConnectionConfig config();

  /** The connector id, for error messages. */
  String system();

  /**
   * Executes a token request without an {@code Authorization} header of ours. It is counted against
   * the budget, rate limited and retried on transient faults like any call; a 4xx is handed to
   * {@code handler} so the provider can read the vendor's OAuth error body.
   */
  <T> T execute(Request request, ResponseHandler<T> handler);
}
