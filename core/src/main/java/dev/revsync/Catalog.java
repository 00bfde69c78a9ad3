package dev.revsync;

import java.util.List;
import java.util.Optional;

/**
 * The objects a connection can read and write, with their fields, from {@link Connector#discover()}.
 * Immutable.
 *
 * @param system the connector id
 * @param objects the objects, in the system's order
 */
public record Catalog(String system, List<ObjectSchema> objects) {

  public Catalog {
    objects = List.copyOf(objects);
  }

  /** The object of that name, compared ignoring case. */
  public Optional<ObjectSchema> object(String name) {
    return objects.stream().filter(o -> o.name().equalsIgnoreCase(name)).findFirst();
  }
}
