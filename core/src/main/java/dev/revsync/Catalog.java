package dev.revsync;

import java.util.List;
import java.util.Objects;
import java.util.Optional;

/**
 * The objects a connection can read and write, with their fields, from {@link
 * Connector#discover()}. Connectors build it with {@link #of(String, List)}. Immutable and
 * thread-safe.
 */
public final class Catalog {
  private final String system;
  private final List<ObjectSchema> objects;

  private Catalog(String system, List<ObjectSchema> objects) {
    this.system = Objects.requireNonNull(system, "system");
    this.objects = List.copyOf(Objects.requireNonNull(objects, "objects"));
  }

  /** The catalog of the connector {@code system}: {@code objects} in the system's order. */
  public static Catalog of(String system, List<ObjectSchema> objects) {
    return new Catalog(system, objects);
  }

  /** The connector id. */
  public String system() {
    return system;
  }

  /** The objects, in the system's order. */
  public List<ObjectSchema> objects() {
    return objects;
  }

  /** The object of that name, compared ignoring case. */
  public Optional<ObjectSchema> object(String name) {
    return objects.stream().filter(o -> o.name().equalsIgnoreCase(name)).findFirst();
  }

  @Override
  public boolean equals(Object o) {
    return o instanceof Catalog c && system.equals(c.system) && objects.equals(c.objects);
  }

  @Override
  public int hashCode() {
    return Objects.hash(system, objects);
  }

  @Override
  public String toString() {
    return "Catalog[system=" + system + ", objects=" + objects + "]";
  }
}
