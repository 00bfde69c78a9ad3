package dev.revsync.spi;

import dev.revsync.ConfigKey;
import dev.revsync.ConfigurationException;
import dev.revsync.ConnectionConfig;
import dev.revsync.ConnectorDescriptor;
import java.time.DateTimeException;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Objects;
import java.util.Optional;
import okhttp3.HttpUrl;

/**
 * Reads one connection's settings against the descriptor's {@link ConfigKey}s and collects every
 * problem instead of stopping at the first, so a host fixes its settings screen in one round:
 *
 * <pre>{@code
 * Settings s = Settings.of(DESCRIPTOR, config);      // every required key that is missing
 * HttpUrl base = s.baseUrl();                         // the override, else the descriptor's default
 * long pageSize = s.number("pageSize", 200, 1, 1000);
 * ZoneId zone = s.zone("timeZone", ZoneOffset.UTC);
 * s.check();                                          // one ConfigurationException listing all
 * }</pre>
 *
 * <p>A blank value counts as absent. A secret key given with {@code setting()} instead of {@code
 * secret()} is a problem {@link #check()} reports (it would be shown wherever the config is).
 * Reading a key the descriptor does not declare is a programming error ({@link
 * IllegalArgumentException}), which keeps the descriptor the one list of keys. Messages name keys
 * and, for non-secret keys, the bad value; secret values never appear.
 *
 * <p>Not thread-safe: one instance reads one config, on one thread, then is dropped.
 */
public final class Settings {
  private final ConnectorDescriptor descriptor;
  private final ConnectionConfig config;
  private final List<String> problems = new ArrayList<>();

  private Settings(ConnectorDescriptor descriptor, ConnectionConfig config) {
    this.descriptor = Objects.requireNonNull(descriptor, "descriptor");
    this.config = Objects.requireNonNull(config, "config");
    for (ConfigKey key : descriptor.configKeys()) {
      if (key.secret() && config.setting(key.name()).isPresent()) {
        // A secret among the settings would be shown by the config's toString() and in logs.
        problems.add(
            key.name()
                + " is a secret but was given with setting(); give it with secret(), which keeps it"
                + " out of toString() and logs");
      } else if (key.required() && value(key.name()).isEmpty()) {
        problems.add(key.name() + " is missing (" + key.description() + ")");
      }
    }
  }

  /** Starts reading {@code config}, with a problem already noted for every missing required key. */
  public static Settings of(ConnectorDescriptor descriptor, ConnectionConfig config) {
    return new Settings(descriptor, config);
  }

  /** The key's value, stripped; empty when absent or blank. */
  public Optional<String> value(String key) {
    ConfigKey declared = declared(key);
    Optional<String> raw =
        declared.secret()
            ? config.secret(key).or(() -> config.setting(key))
            : config.setting(key).or(() -> config.secret(key));
    return raw.map(String::strip).filter(v -> !v.isEmpty());
  }

  /** The key's value, or {@code fallback}. */
  public String value(String key, String fallback) {
    return value(key).orElse(fallback);
  }

  /**
   * The key's value; when absent, notes "{@code key} is required {@code when}" and returns null.
   * For keys required only in some cases ({@code "for authFlow jwt"}).
   */
  public String require(String key, String when) {
    Optional<String> v = value(key);
    if (v.isEmpty())
      problems.add(key + " is required " + when + " (" + declared(key).description() + ")");
    return v.orElse(null);
  }

  /**
   * A whole number in {@code [min, max]} ({@code _} and {@code ,} separators allowed), or {@code
   * fallback}.
   */
  public long number(String key, long fallback, long min, long max) {
    Optional<String> raw = value(key);
    if (raw.isEmpty()) return fallback;
    try {
      long v = Long.parseLong(raw.get().replace("_", "").replace(",", ""));
      if (v >= min && v <= max) return v;
      problems.add(
          key + " must be between " + min + " and " + max + ", not " + shown(key, raw.get()));
    } catch (NumberFormatException e) {
      problems.add(key + " must be a whole number, not " + shown(key, raw.get()));
    }
    return fallback;
  }

  /** {@code true} or {@code false} in any case, or {@code fallback}. */
  public boolean bool(String key, boolean fallback) {
    Optional<String> raw = value(key);
    if (raw.isEmpty()) return fallback;
    String v = raw.get().toLowerCase(Locale.ROOT);
    if (v.equals("true")) return true;
    if (v.equals("false")) return false;
    problems.add(key + " must be 'true' or 'false', not " + shown(key, raw.get()));
    return fallback;
  }

  /**
   * One of {@code choices} (matched ignoring case; each enum constant's name lower-cased with
   * {@code _} as is), or {@code fallback} when absent.
   */
  public <E extends Enum<E>> E choice(String key, E fallback, Class<E> choices) {
    Optional<String> raw = value(key);
    if (raw.isEmpty()) return fallback;
    for (E e : choices.getEnumConstants()) {
      if (e.name().equalsIgnoreCase(raw.get())) return e;
    }
    List<String> names = new ArrayList<>();
    for (E e : choices.getEnumConstants()) names.add(e.name().toLowerCase(Locale.ROOT));
    problems.add(key + " must be one of " + names + ", not " + shown(key, raw.get()));
    return fallback;
  }

  /**
   * An http(s) URL with a host, trailing slashes dropped; {@code fallback} when absent (not
   * checked).
   */
  public String url(String key, String fallback) {
    Optional<String> raw = value(key);
    if (raw.isEmpty()) return fallback;
    String url = trimSlashes(raw.get());
    if (HttpUrl.parse(url) == null) {
      problems.add(key + " must be an http(s) URL, not " + shown(key, raw.get()));
      return fallback;
    }
    return url;
  }

  /**
   * A time zone id ({@code America/New_York}, {@code UTC}, {@code +02:00}), or {@code fallback}.
   */
  public ZoneId zone(String key, ZoneId fallback) {
    Optional<String> raw = value(key);
    if (raw.isEmpty()) return fallback;
    try {
      return ZoneId.of(raw.get());
    } catch (DateTimeException e) {
      problems.add(
          key + " must be a time zone id such as America/New_York, not " + shown(key, raw.get()));
      return fallback;
    }
  }

  /**
   * The connection's base URL override, else the descriptor's default, as an {@link HttpUrl}
   * without trailing slashes; null (with a problem noted) when neither is an http(s) URL.
   */
  public HttpUrl baseUrl() {
    String raw = config.baseUrl().orElse(descriptor.defaultBaseUrl());
    HttpUrl url = raw == null ? null : HttpUrl.parse(trimSlashes(raw));
    if (url == null) {
      problems.add("the base URL must be an http(s) URL, not '" + raw + "'");
    }
    return url;
  }

  /** Notes a problem found by the connector's own checks (a combination of keys, say). */
  public Settings problem(String problem) {
    problems.add(Objects.requireNonNull(problem, "problem"));
    return this;
  }

  /** The problems noted so far. */
  public List<String> problems() {
    return List.copyOf(problems);
  }

  /**
   * Throws if any problem was noted.
   *
   * @throws ConfigurationException listing every problem, and the connector's keys
   */
  public void check() {
    if (problems.isEmpty()) return;
    List<String> keys = descriptor.configKeys().stream().map(ConfigKey::name).toList();
    throw new ConfigurationException(
        descriptor.id(),
        "open " + config.connectionId(),
        String.join("; ", problems),
        "Fix the connection's settings (keys: " + keys + ")",
        null);
  }

  private ConfigKey declared(String key) {
    return descriptor
        .configKey(key)
        .orElseThrow(
            () ->
                new IllegalArgumentException(
                    descriptor.id()
                        + " does not declare the setting '"
                        + key
                        + "'; add a ConfigKey to its descriptor"));
  }

  /** The value quoted, or a placeholder for a secret key's. */
  private String shown(String key, String value) {
    return declared(key).secret() ? "the value given (a secret, not shown)" : "'" + value + "'";
  }

  private static String trimSlashes(String url) {
    String u = url.strip();
    while (u.endsWith("/")) u = u.substring(0, u.length() - 1);
    return u;
  }
}
