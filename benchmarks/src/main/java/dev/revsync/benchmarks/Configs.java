package dev.revsync.benchmarks;

import dev.revsync.ConfigKey;
import dev.revsync.ConnectionConfig;
import dev.revsync.ConnectorDescriptor;
import dev.revsync.Connectors;
import java.time.Clock;
import java.time.Duration;
import java.util.Map;

/**
 * Connection configs for simulators, built as a host would: secrets where the descriptor says so.
 */
final class Configs {
  private Configs() {}

  /**
   * A config for {@code system} reaching a simulator with {@code settings} ({@code baseUrl} plus
   * the connector's keys, as {@link dev.revsync.simulators.Simulator#connectionSettings()} gives
   * them).
   */
  static ConnectionConfig.Builder forSimulator(
      String system, String connectionId, Map<String, String> settings, Clock clock) {
    return forSimulator(system, connectionId, settings, clock, true);
  }

  /**
   * As {@link #forSimulator(String, String, Map, Clock)}; {@code liftLimits} false keeps the
   * connector's own rate limits (the night scenario), true lifts HubSpot's burst limit as the
   * throughput runs' simulators do.
   */
  static ConnectionConfig.Builder forSimulator(
      String system,
      String connectionId,
      Map<String, String> settings,
      Clock clock,
      boolean liftLimits) {
    ConnectorDescriptor descriptor =
        Connectors.provider(system)
            .orElseThrow(
                () ->
                    new IllegalStateException(
                        "no connector '"
                            + system
                            + "' on the class path: "
                            + Connectors.problems()))
            .descriptor();
    ConnectionConfig.Builder b =
        ConnectionConfig.builder(connectionId)
            .clock(clock)
            // Bulk result chunks of 50,000 wide records can be tens of MB; the default cap is 1 GiB
            // anyway.
            .readTimeout(Duration.ofMinutes(5));
    for (Map.Entry<String, String> e : settings.entrySet()) {
      if (e.getKey().equals("baseUrl")) b.baseUrl(e.getValue());
      else if (descriptor.configKey(e.getKey()).map(ConfigKey::secret).orElse(false))
        b.secret(e.getKey(), e.getValue());
      else b.setting(e.getKey(), e.getValue());
    }
    if (liftLimits) measuringSettings(system).forEach(b::setting);
    return b;
  }

  /**
   * Settings every measured client of {@code system} gets, library and CLI alike: a simulator
   * started for measuring lifts HubSpot's burst limit, so the connector need not keep it either
   * (kept, it holds a pull to 10 calls a second).
   */
  static Map<String, String> measuringSettings(String system) {
    return system.startsWith("hubspot-") ? Map.of("burstLimit", "1000000") : Map.of();
  }
}
