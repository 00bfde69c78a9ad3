package dev.revsync.simulators;

import java.time.Clock;
import java.util.Objects;
import mockwebserver3.MockResponse;
import mockwebserver3.RecordedRequest;

/**
 * What every system simulator is made of, so a new one writes only its handler, data and test
 * controls: a {@link RecordStore} on the simulator's clock, a seeded {@link FaultPlan}, a {@link
 * RequestLog}, and a {@link SimulatorServer} on 127.0.0.1. The server starts in this constructor,
 * so the subclass can give its handler the server's {@link #baseUrl()} (links in responses, login
 * discovery) and then {@link #serve(SimHandler) serve} it; until then requests are answered 503.
 *
 * <pre>{@code
 * final class AcmeSimulator extends AbstractSimulator {
 *   AcmeSimulator(SimulatorOptions options) {
 *     super("acme-crm", options.clock(), options.seed(), AcmeSimulator::renderFault);
 *     store().define("contacts", options.count("contacts", 1_000), new ContactFactory(), ...);
 *     serve(this::handle);
 *   }
 * }
 * }</pre>
 *
 * <p>Thread-safe as long as the subclass's handler is: the server calls it from many threads.
 */
public abstract class AbstractSimulator implements Simulator {
  private final String system;
  private final RecordStore store;
  private final FaultPlan faults;
  private final RequestLog requestLog = new RequestLog();
  private final HandlerSlot slot = new HandlerSlot();
  private final SimulatorServer server;

  /**
   * Starts the server for {@code system} (the connector id) at a free port.
   *
   * @param clock stamps the store's changes and the request log (pass a {@link SimulatedClock})
   * @param seed seeds the generated data and the fault plan
   * @param faultRenderer answers injected 429/5xx faults as the system would; null for {@link
   *     SimulatorServer#GENERIC_JSON_FAULTS}
   */
  protected AbstractSimulator(
      String system, Clock clock, long seed, SimulatorServer.FaultRenderer faultRenderer) {
    this.system = Objects.requireNonNull(system, "system");
    this.store = new RecordStore(clock, seed);
    this.faults = new FaultPlan(seed);
    this.server = SimulatorServer.start(system, slot, faults, faultRenderer, requestLog, clock);
  }

  /** Starts answering requests with {@code handler}; call once, when the subclass is ready. */
  protected final void serve(SimHandler handler) {
    Objects.requireNonNull(handler, "handler");
    if (slot.handler != null)
      throw new IllegalStateException("the " + system + " simulator is already serving");
    slot.handler = handler;
  }

  @Override
  public final String system() {
    return system;
  }

  /** Where it listens: {@code http://127.0.0.1:<port>}, without a trailing slash. */
  @Override
  public String baseUrl() {
    return server.baseUrl();
  }

  @Override
  public final RequestLog requestLog() {
    return requestLog;
  }

  @Override
  public final FaultPlan faults() {
    return faults;
  }

  @Override
  public final RecordStore store() {
    return store;
  }

  /** Stops the server; the data stays readable. */
  @Override
  public void close() {
    server.close();
  }

  /** The server starts before the handler that needs its URL exists. */
  private static final class HandlerSlot implements SimHandler {
    volatile SimHandler handler;

    @Override
    public MockResponse handle(RecordedRequest request) throws Exception {
      SimHandler h = handler;
      if (h == null) return new MockResponse.Builder().code(503).build();
      return h.handle(request);
    }
  }
}
