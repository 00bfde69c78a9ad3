package dev.revsync;

import java.util.ArrayList;
import java.util.Collections;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.ServiceConfigurationError;
import java.util.ServiceLoader;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The entry point: finds connector providers with {@link ServiceLoader} and opens connections.
 *
 * <pre>{@code
 * try (Connector salesforce = Connectors.open("salesforce", config)) {
 *   SyncResult result = salesforce.sync(SyncRequest.builder("Account").build(), sink);
 * }
 * }</pre>
 *
 * <p>A provider that fails to load is isolated and reported in {@link #problems()}, never fatal for
 * the others; when two providers claim one id the first on the class path wins and the clash is
 * reported. Thread-safe; discovery runs once per class loader.
 */
public final class Connectors {
  private static final Logger log = LoggerFactory.getLogger(Connectors.class);
  private static volatile Registry registry;

  private Connectors() {}

  /** The providers found, by id, in class-path order. */
  public static List<ConnectorProvider> available() {
    return List.copyOf(registry().providers.values());
  }

  /** The provider for {@code id}, if one was found. */
  public static Optional<ConnectorProvider> provider(String id) {
    return Optional.ofNullable(registry().providers.get(id));
  }

  /**
   * Problems met while loading providers: broken ones and duplicate ids. Empty when all is well.
   */
  public static List<String> problems() {
    return registry().problems;
  }

  /**
   * Opens a connection with the provider registered for {@code id}.
   *
   * @throws ConfigurationException if no provider has that id (the message lists those found), or
   *     the config is incomplete
   */
  public static Connector open(String id, ConnectionConfig config) {
    Registry r = registry();
    ConnectorProvider provider = r.providers.get(id);
    if (provider == null) {
      throw new ConfigurationException(
          id,
          "Connectors.open",
          "no connector with id '"
              + id
              + "' on the class path (found: "
              + (r.providers.isEmpty() ? "none" : String.join(", ", r.providers.keySet()))
              + (r.problems.isEmpty() ? "" : "; problems: " + r.problems)
              + ")",
          "Add the connector's module (such as dev.revsync:revsync-"
              + id
              + ") to the host's dependencies",
          null);
    }
    return provider.open(config);
  }

  /** Loads providers from {@code loader}, for hosts with their own class loaders. */
  public static List<ConnectorProvider> load(ClassLoader loader) {
    return List.copyOf(discover(loader).providers.values());
  }

  private static Registry registry() {
    Registry r = registry;
    if (r == null) {
      synchronized (Connectors.class) {
        r = registry;
        if (r == null) {
          ClassLoader loader = Thread.currentThread().getContextClassLoader();
          registry = r = discover(loader != null ? loader : Connectors.class.getClassLoader());
        }
      }
    }
    return r;
  }

  static Registry discover(ClassLoader loader) {
    Map<String, ConnectorProvider> providers = new LinkedHashMap<>();
    List<String> problems = new ArrayList<>();
    Iterator<ConnectorProvider> it = ServiceLoader.load(ConnectorProvider.class, loader).iterator();
    while (true) {
      ConnectorProvider provider;
      try {
        if (!it.hasNext()) break;
        provider = it.next();
      } catch (ServiceConfigurationError | LinkageError e) {
        // As SLF4J does: one broken provider must not hide the others.
        String problem = "a connector provider failed to load: " + withCauses(e);
        problems.add(problem);
        log.warn("revsync: {}", problem);
        continue;
      }
      String id;
      try {
        id = provider.descriptor().id();
      } catch (RuntimeException | LinkageError e) {
        String problem =
            provider.getClass().getName() + " failed to describe itself: " + withCauses(e);
        problems.add(problem);
        log.warn("revsync: {}", problem);
        continue;
      }
      ConnectorProvider first = providers.putIfAbsent(id, provider);
      if (first != null) {
        String problem =
            "duplicate connector id '"
                + id
                + "': using "
                + first.getClass().getName()
                + ", ignoring "
                + provider.getClass().getName();
        problems.add(problem);
        log.warn("revsync: {}", problem);
      }
    }
    return new Registry(Collections.unmodifiableMap(providers), List.copyOf(problems));
  }

  /**
   * The error and every cause under it: {@code ServiceLoader} wraps a provider's own exception in
   * "Provider X could not be instantiated", which alone does not say what the provider did wrong.
   */
  static String withCauses(Throwable e) {
    StringBuilder s = new StringBuilder(String.valueOf(e));
    java.util.Set<Throwable> seen =
        java.util.Collections.newSetFromMap(new java.util.IdentityHashMap<>());
    seen.add(e);
    for (Throwable c = e.getCause(); c != null && seen.add(c); c = c.getCause()) {
      s.append("; caused by ").append(c);
    }
    return s.toString();
  }

  static final class Registry {
    final Map<String, ConnectorProvider> providers;
    final List<String> problems;

    Registry(Map<String, ConnectorProvider> providers, List<String> problems) {
      this.providers = providers;
      this.problems = problems;
    }
  }
}
