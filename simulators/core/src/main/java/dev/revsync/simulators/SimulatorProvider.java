package dev.revsync.simulators;

import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.ServiceConfigurationError;
import java.util.ServiceLoader;

/**
 * Registered in {@code META-INF/services/dev.revsync.simulators.SimulatorProvider} by each system's
 * simulator module, so tools start a simulator for every system whose module is on the class path
 * without knowing them. Implementations need a public no-argument constructor and must be
 * thread-safe (stateless).
 */
public interface SimulatorProvider {
  /** The connector id the simulator serves. */
  String system();

  /** Starts a simulator on 127.0.0.1 at a free port; the caller closes it. */
  Simulator start(SimulatorOptions options);

  /** The simulators on the class path; one that fails to load is left out so it hides no other. */
  static List<SimulatorProvider> available() {
    List<SimulatorProvider> found = new ArrayList<>();
    var it = ServiceLoader.load(SimulatorProvider.class).iterator();
    while (true) {
      try {
        if (!it.hasNext()) break;
        found.add(it.next());
      } catch (ServiceConfigurationError e) {
        // A broken simulator must not hide the others; callers report what they found.
      }
    }
    return found;
  }

  /**
   * The simulator of {@code system} (a connector id such as {@code salesforce}), if its module is
   * on the class path.
   */
  static Optional<SimulatorProvider> find(String system) {
    return available().stream().filter(p -> p.system().equals(system)).findFirst();
  }
}
