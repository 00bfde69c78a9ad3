package dev.revsync.cli;

import dev.revsync.ConfigurationException;
import dev.revsync.simulators.SimulatorProvider;
import java.util.List;
import java.util.Optional;

/** The simulators on the class path, found like connectors. */
final class Simulators {
  private Simulators() {}

  static List<SimulatorProvider> available() {
    return SimulatorProvider.available();
  }

  static Optional<SimulatorProvider> find(String system) {
    return SimulatorProvider.find(system);
  }

  static SimulatorProvider require(String system) {
    return find(system)
        .orElseThrow(
            () ->
                new ConfigurationException(
                    "revsync",
                    "sandbox " + system,
                    "no simulator for '"
                        + system
                        + "' (found: "
                        + String.join(
                            ", ", available().stream().map(SimulatorProvider::system).toList())
                        + ")",
                    "Name one of the simulators found",
                    null));
  }
}
