package dev.revsync.simulators.salesforce;

import dev.revsync.simulators.FaultPlan;
import dev.revsync.simulators.SimulatorServer;
import mockwebserver3.MockResponse;

/**
 * Injected HTTP faults in Salesforce's REST error shape. Salesforce itself sends no {@code
 * Retry-After}; a 429 (which Salesforce does not normally send) and a 503 carry one only so the
 * framework's retry-after plans can be exercised. The renderer does not see the request, so SOAP
 * calls get the same JSON bodies a proxy in front of Salesforce might return.
 */
final class SalesforceFaultRenderer implements SimulatorServer.FaultRenderer {
  @Override
  public MockResponse render(FaultPlan.Fault fault, int status, long retryAfterSeconds) {
    MockResponse.Builder b =
        switch (status) {
          case 429 ->
              SfHttp.error(
                  429, "REQUEST_LIMIT_EXCEEDED", "ConcurrentPerOrgLongTxn Limit exceeded.");
          case 503 ->
              SfHttp.error(
                  503,
                  "SERVER_UNAVAILABLE",
                  "Server is temporarily unavailable. Please try again later.");
          default ->
              SfHttp.error(
                  status,
                  "UNKNOWN_EXCEPTION",
                  "An unexpected error occurred. Please include this ErrorId if you contact support: 1234567890-12345 (-1234567)");
        };
    if (status == 429 || status == 503) b.setHeader("Retry-After", retryAfterSeconds);
    return b.build();
  }
}
