package dev.revsync.simulators;

import mockwebserver3.MockResponse;
import mockwebserver3.RecordedRequest;

/**
 * A system simulator's routing: answers one request the way the real system would. The server calls
 * it from several threads at once, so implementations must be thread-safe.
 */
@FunctionalInterface
public interface SimHandler {
  /** The response to {@code request}; an exception answers 500. */
  MockResponse handle(RecordedRequest request) throws Exception;
}
