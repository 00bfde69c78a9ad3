package dev.revsync.cli;

import dev.revsync.ConfigurationException;
import dev.revsync.simulators.SimulatorProvider;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.ServiceConfigurationError;
import java.util.ServiceLoader;

/** The simulators on the class path, found like connectors. */
final class Simulators {
  private Simulators() {}

  static List<SimulatorProvider> available() {
    List<SimulatorProvider> found = new ArrayList<>();
    var it = ServiceLoader.load(SimulatorProvider.class).iterator();
    while (true) {
      try {
        if (!it.hasNext()) break;
        found.add(it.next());
      } catch (ServiceConfigurationError e) {
        // A broken simulator must not hide the others; the sandbox reports what it found.
      }
    }
    return found;
  }

  static Optional<SimulatorProvider> find(String system) {
    return available().stream().filter(p -> p.system().equals(system)).findFirst();
  }

  static SimulatorProvider require(String system) {
    return find(system).orElseThrow(() -> new ConfigurationException("revsync", "sandbox " + system,
        "no simulator for '" + system + "' (found: "
            + String.join(", ", available().stream().map(SimulatorProvider::system).toList()) + ")",
        "Name one of the simulators found", null));
  }
}
