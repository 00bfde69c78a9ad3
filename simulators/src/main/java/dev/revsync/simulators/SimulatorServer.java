package dev.revsync.simulators;

import mockwebserver3.MockResponse;

/**
 * An HTTP server on 127.0.0.1 that a system simulator plugs its {@link SimHandler} into. It logs
 * every request, applies the {@link FaultPlan} before the handler runs (or to its response:
 * truncation, dropped connection, delay), and renders injected 429/5xx with the system's own error
 * body through a {@link FaultRenderer}. Usable outside JUnit (the CLI's sandbox runs it).
 */
public final class SimulatorServer implements AutoCloseable {

  /** Renders an injected HTTP fault the way the system would answer it. */
  @FunctionalInterface
  public interface FaultRenderer {
    MockResponse render(FaultPlan.Fault fault, int status, long retryAfterSeconds);
  }

  private SimulatorServer() {
    throw new UnsupportedOperationException("being built");
  }

  /** Starts a server on 127.0.0.1 at a free port. */
  public static SimulatorServer start(String system, SimHandler handler, FaultPlan faults, FaultRenderer renderer,
      RequestLog log) {
    throw new UnsupportedOperationException();
  }

  /** {@code http://127.0.0.1:<port>} without a trailing slash. */
  public String baseUrl() {
    throw new UnsupportedOperationException();
  }

  public int port() {
    throw new UnsupportedOperationException();
  }

  public RequestLog requestLog() {
    throw new UnsupportedOperationException();
  }

  public FaultPlan faults() {
    throw new UnsupportedOperationException();
  }

  @Override
  public void close() {}
}
