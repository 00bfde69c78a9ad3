package dev.revsync.dynamics;

import dev.revsync.ConnectionConfig;
import dev.revsync.Connector;
import dev.revsync.QuotaPolicy;
import dev.revsync.simulators.SimulatedClock;
import dev.revsync.simulators.dynamics.DynamicsSimulator;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import java.util.Set;
import java.util.function.UnaryOperator;

/**
 * A Dynamics simulator on a simulated clock and connections to it, for the connector's own tests.
 */
final class DynamicsWorld implements AutoCloseable {
  static final Instant START = Instant.parse("2026-11-28T00:30:00Z");

  final SimulatedClock clock = new SimulatedClock(START);
  final DynamicsSimulator sim;
  private Connector connector;

  DynamicsWorld(UnaryOperator<DynamicsSimulator.Builder> options) {
    this.sim = options.apply(DynamicsSimulator.builder().clock(clock)).start();
  }

  ConnectionConfig.Builder config(Map<String, String> extra) {
    ConnectionConfig.Builder b =
        ConnectionConfig.builder("test/dynamics")
            .clock(clock)
            .quotaPolicy(QuotaPolicy.unlimited())
            .readTimeout(Duration.ofSeconds(10));
    sim.connectionSettings()
        .forEach(
            (k, v) -> {
              if (k.equals("baseUrl")) b.baseUrl(v);
              else if (Set.of("clientSecret", "certificatePrivateKey").contains(k)) b.secret(k, v);
              else b.setting(k, v);
            });
    extra.forEach(b::setting);
    return b;
  }

  Connector open(Map<String, String> extra) {
    if (connector != null) connector.close();
    connector = new DynamicsConnectorProvider().open(config(extra).build());
    return connector;
  }

  Connector open() {
    return open(Map.of());
  }

  @Override
  public void close() {
    if (connector != null) connector.close();
    sim.close();
  }
}
