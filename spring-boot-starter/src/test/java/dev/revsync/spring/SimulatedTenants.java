package dev.revsync.spring;

import dev.revsync.ConfigKey;
import dev.revsync.ConnectorDescriptor;
import dev.revsync.Connectors;
import dev.revsync.simulators.Simulator;
import dev.revsync.simulators.SimulatorOptions;
import dev.revsync.simulators.eloqua.EloquaSimulatorProvider;
import dev.revsync.simulators.salesforce.SalesforceSimulatorProvider;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * Two tenants of a host, each with its own simulated system: acme on Salesforce (a roomy budget),
 * globex on Eloqua (a tight one), on one {@link NightClock} starting at a night's window. Gives the
 * {@code revsync.*} properties a host would write, secrets as names of other properties.
 */
final class SimulatedTenants implements AutoCloseable {
  static final long ACME_RECORDS = 2_500 + 400;
  static final long GLOBEX_RECORDS = 1_500;
  final NightClock clock;
  final Simulator salesforce;
  final Simulator eloqua;

  private SimulatedTenants(LocalDate day) {
    clock = new NightClock(day.atStartOfDay(ZoneOffset.UTC).toInstant());
    salesforce =
        new SalesforceSimulatorProvider()
            .start(new SimulatorOptions(7, clock, Map.of("Account", 2_500L, "Contact", 400L)));
    eloqua =
        new EloquaSimulatorProvider()
            .start(new SimulatorOptions(8, clock, Map.of("Contact", GLOBEX_RECORDS)));
  }

  static SimulatedTenants start(LocalDate day) {
    return new SimulatedTenants(day);
  }

  Map<String, String> properties() {
    Map<String, String> p = new LinkedHashMap<>();
    connection(p, 0, "acme", salesforce, "Account,Contact", 1_000, 50);
    connection(p, 1, "globex", eloqua, "Contact", 9, 0);
    return p;
  }

  private static void connection(
      Map<String, String> p,
      int i,
      String tenant,
      Simulator sim,
      String objects,
      long limit,
      long reserve) {
    String c = "revsync.connections[" + i + "].";
    ConnectorDescriptor d =
        Connectors.available().stream()
            .map(x -> x.descriptor())
            .filter(x -> x.id().equals(sim.system()))
            .findFirst()
            .orElseThrow();
    p.put(c + "tenant", tenant);
    p.put(c + "connector", sim.system());
    p.put(c + "objects", objects);
    p.put(c + "daily-limit", Long.toString(limit));
    p.put(c + "write-reserve", Long.toString(reserve));
    sim.connectionSettings()
        .forEach(
            (key, value) -> {
              if (key.equals("baseUrl")) {
                p.put(c + "base-url", value);
              } else if (d.configKey(key).map(ConfigKey::secret).orElse(false)) {
                String property =
                    "test.vault."
                        + tenant
                        + "."
                        + key; // where a vault or the environment would hold it
                p.put(property, value);
                p.put(c + "secrets." + key, property);
              } else if (d.configKey(key).isPresent()) {
                p.put(c + "settings." + key, value);
              }
            });
  }

  @Override
  public void close() {
    salesforce.close();
    eloqua.close();
  }
}
