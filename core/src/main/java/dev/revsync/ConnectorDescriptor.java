package dev.revsync;

import java.util.ArrayList;
import java.util.EnumMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;

/**
 * What a connector is, without opening it: id, name, the API style it uses for each {@link
 * Activity}, the objects it knows, its configuration keys, and the vendor's rate limits.
 *
 * <pre>{@code
 * ConnectorDescriptor d = ConnectorDescriptor.builder("salesforce", "Salesforce")
 *     .apiStyles(Activity.LOGIN, ApiStyle.REST)
 *     .apiStyles(Activity.SYNC, ApiStyle.REST, ApiStyle.BATCH)
 *     .objects("Account", "Contact")
 *     .configKey(ConfigKey.required("clientId", "Connected app consumer key"))
 *     .rateLimits(RateLimits.concurrency(25))
 *     .build();
 * }</pre>
 *
 * <p>Immutable and thread-safe.
 */
public final class ConnectorDescriptor {
  private final String id;
  private final String displayName;
  private final Map<Activity, List<ApiStyle>> apiStyles;
  private final List<String> objects;
  private final List<ConfigKey> configKeys;
  private final RateLimits rateLimits;
  private final String defaultBaseUrl;
  private final Map<String, String> notes;
  private final boolean writes;
  private final int maxConcurrentJobs;

  private ConnectorDescriptor(Builder b) {
    this.id = b.id;
    this.displayName = b.displayName;
    EnumMap<Activity, List<ApiStyle>> styles = new EnumMap<>(Activity.class);
    b.apiStyles.forEach((k, v) -> styles.put(k, List.copyOf(v)));
    for (Activity activity : Activity.values()) {
      boolean write = activity == Activity.ENRICHMENT || activity == Activity.SCORE_EXPORT;
      if (write && b.readOnly) {
        if (styles.containsKey(activity)) {
          throw new IllegalStateException(
              "connector '"
                  + b.id
                  + "' is declared readOnly() but names an API style for "
                  + activity
                  + ": remove readOnly() or the apiStyles("
                  + activity
                  + ", ...) call");
        }
        styles.put(activity, List.of());
      } else if (!styles.containsKey(activity)) {
        throw new IllegalStateException(
            "connector '"
                + b.id
                + "' must declare its API style for "
                + activity
                + (write ? ", or declare .readOnly() if it does not write" : ""));
      }
    }
    this.writes = !b.readOnly;
    this.apiStyles = java.util.Collections.unmodifiableMap(styles);
    this.objects = List.copyOf(b.objects);
    this.configKeys = List.copyOf(b.configKeys);
    this.rateLimits = b.rateLimits;
    this.defaultBaseUrl = b.defaultBaseUrl;
    this.notes = java.util.Collections.unmodifiableMap(new LinkedHashMap<>(b.notes));
    this.maxConcurrentJobs = b.maxConcurrentJobs;
  }

  public static Builder builder(String id, String displayName) {
    return new Builder(id, displayName);
  }

  /**
   * The connector id hosts pass to {@link Connectors#open(String, ConnectionConfig)}, such as
   * {@code salesforce}.
   */
  public String id() {
    return id;
  }

  public String displayName() {
    return displayName;
  }

  /**
   * The API styles used for {@code activity}, the main one first. Never empty for {@link
   * Activity#LOGIN} and {@link Activity#SYNC}; empty for {@link Activity#ENRICHMENT} and {@link
   * Activity#SCORE_EXPORT} when the connector does not write ({@link #writes()}).
   */
  public List<ApiStyle> apiStyles(Activity activity) {
    return apiStyles.get(activity);
  }

  /**
   * Whether the connector writes back (enrichment fields, scores). A read-only connector's {@link
   * Connector#write(WriteRequest)} refuses every request with a {@link ConfigurationException}.
   *
   * @since 0.2
   */
  public boolean writes() {
    return writes;
  }

  /** Every activity's styles. */
  public Map<Activity, List<ApiStyle>> apiStyles() {
    return apiStyles;
  }

  /** The objects this connector knows how to sync (a connection may discover more). */
  public List<String> objects() {
    return objects;
  }

  public List<ConfigKey> configKeys() {
    return configKeys;
  }

  public Optional<ConfigKey> configKey(String name) {
    return configKeys.stream().filter(k -> k.name().equals(name)).findFirst();
  }

  /** The vendor's burst and concurrency limits per connection. */
  public RateLimits rateLimits() {
    return rateLimits;
  }

  /**
   * How many server-side pull jobs (Bulk API 2.0 queries, export syncs, bulk extracts) one
   * connection may have preparing at once, by the vendor's limits; a scheduler starts no more. 0
   * for a connector that pulls without server-side jobs.
   */
  public int maxConcurrentJobs() {
    return maxConcurrentJobs;
  }

  /** The base URL used when the config sets none; null where it is discovered at login. */
  public String defaultBaseUrl() {
    return defaultBaseUrl;
  }

  /**
   * Facts a host should know, by topic: {@code deletes} (how deletions surface), {@code quota} (the
   * system's own daily limit), {@code options} (the {@link SyncRequest#options()} it reads).
   */
  public Map<String, String> notes() {
    return notes;
  }

  @Override
  public String toString() {
    return "ConnectorDescriptor{" + id + " " + apiStyles + (writes ? "" : " read-only") + "}";
  }

  /** Builds a {@link ConnectorDescriptor}. Not thread-safe. */
  public static final class Builder {
    private final String id;
    private final String displayName;
    private final Map<Activity, List<ApiStyle>> apiStyles = new EnumMap<>(Activity.class);
    private final List<String> objects = new ArrayList<>();
    private final List<ConfigKey> configKeys = new ArrayList<>();
    private RateLimits rateLimits = RateLimits.concurrency(4);
    private String defaultBaseUrl;
    private final Map<String, String> notes = new LinkedHashMap<>();
    private boolean readOnly;
    private int maxConcurrentJobs;

    private Builder(String id, String displayName) {
      if (id == null || !id.matches("[a-z][a-z0-9-]*")) {
        throw new IllegalArgumentException(
            "connector id must be lower-case letters, digits and '-': '" + id + "'");
      }
      this.id = id;
      this.displayName = Objects.requireNonNull(displayName, "displayName");
    }

    public Builder apiStyles(Activity activity, ApiStyle... styles) {
      if (styles.length == 0)
        throw new IllegalArgumentException("at least one API style for " + activity);
      apiStyles.put(Objects.requireNonNull(activity, "activity"), List.of(styles));
      return this;
    }

    /**
     * Declares that the connector only reads: no API style for {@link Activity#ENRICHMENT} or
     * {@link Activity#SCORE_EXPORT}, {@link ConnectorDescriptor#writes()} false, and {@code revsync
     * systems} says so.
     *
     * @since 0.2
     */
    public Builder readOnly() {
      this.readOnly = true;
      return this;
    }

    public Builder objects(String... objects) {
      this.objects.addAll(List.of(objects));
      return this;
    }

    public Builder configKey(ConfigKey key) {
      if (configKeys.stream().anyMatch(k -> k.name().equals(key.name()))) {
        throw new IllegalArgumentException("duplicate config key '" + key.name() + "'");
      }
      configKeys.add(key);
      return this;
    }

    public Builder rateLimits(RateLimits rateLimits) {
      this.rateLimits = Objects.requireNonNull(rateLimits, "rateLimits");
      return this;
    }

    /**
     * How many server-side pull jobs one connection may have preparing at once (the vendor's
     * limit); 0, the default, for a connector without them.
     */
    public Builder maxConcurrentJobs(int maxConcurrentJobs) {
      if (maxConcurrentJobs < 0) {
        throw new IllegalArgumentException(
            "maxConcurrentJobs must not be negative: " + maxConcurrentJobs);
      }
      this.maxConcurrentJobs = maxConcurrentJobs;
      return this;
    }

    public Builder defaultBaseUrl(String defaultBaseUrl) {
      this.defaultBaseUrl = defaultBaseUrl;
      return this;
    }

    public Builder note(String topic, String text) {
      notes.put(topic, text);
      return this;
    }

    public ConnectorDescriptor build() {
      return new ConnectorDescriptor(this);
    }
  }
}
