package dev.revsync;

import java.util.Objects;

/**
 * A configuration key a connector reads from {@link ConnectionConfig}. Immutable.
 *
 * @param name the key, such as {@code clientId}
 * @param description what it is, for settings screens and the CLI
 * @param required whether a connection cannot open without it
 * @param secret whether it is a secret (kept with {@link ConnectionConfig.Builder#secret}, never
 *     printed)
 */
public record ConfigKey(String name, String description, boolean required, boolean secret) {

  public ConfigKey {
    Objects.requireNonNull(name, "name");
    Objects.requireNonNull(description, "description");
  }

  public static ConfigKey required(String name, String description) {
    return new ConfigKey(name, description, true, false);
  }

  public static ConfigKey optional(String name, String description) {
    return new ConfigKey(name, description, false, false);
  }

  public static ConfigKey requiredSecret(String name, String description) {
    return new ConfigKey(name, description, true, true);
  }

  public static ConfigKey optionalSecret(String name, String description) {
    return new ConfigKey(name, description, false, true);
  }
}
