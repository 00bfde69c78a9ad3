package dev.revsync.simulators;

import mockwebserver3.MockResponse;
import mockwebserver3.RecordedRequest;

/** A system simulator's routing: answers one request the way the real system would. */
@FunctionalInterface
public interface SimHandler {
  MockResponse handle(RecordedRequest request) throws Exception;
}
