package dev.revsync.pipeline;

import dev.revsync.ConnectionConfig;
import dev.revsync.Connector;
import dev.revsync.ConnectorProvider;
import dev.revsync.Connectors;
import dev.revsync.CredentialListener;
import dev.revsync.QuotaPolicy;
import dev.revsync.SyncMode;
import dev.revsync.SyncRequest;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.ConcurrentHashMap;

/**
 * One connection the {@link DailyPipeline} pulls every night: a tenant (the host's customer), a
 * connector, its {@link ConnectionConfig} (credentials, base URL, the live {@link QuotaPolicy}) and
 * the objects to pull, in order.
 *
 * <pre>{@code
 * PipelineConnection acme = PipelineConnection.builder("acme", "salesforce", config)
 *     .objects("Account", "Contact")
 *     .object(SyncRequest.builder("Lead").option("style", "BATCH").build())
 *     .build();
 * }</pre>
 *
 * <p>An object given as a {@link SyncRequest} is a template: its fields, mode, deletes and options
 * are used; the pipeline sets the checkpoint, the deadline and the cancel signal. With mode {@link
 * SyncMode#FULL} the object is pulled whole every day (resuming within a day's pull if it stopped
 * early); with the default {@link SyncMode#INCREMENTAL} each day continues from the last
 * checkpoint.
 *
 * <p>Immutable and thread-safe.
 */
public final class PipelineConnection {
  private final String tenant;
  private final String connector;
  private final ConnectionConfig config;
  private final ConnectorProvider provider;
  private final Map<String, SyncRequest> objects;

  /** Secrets the system rotated since this connection was built (key → newest value). */
  private final Map<String, String> rotatedSecrets = new ConcurrentHashMap<>();

  private PipelineConnection(Builder b) {
    this.tenant = b.tenant;
    this.connector = b.connector;
    this.config = b.config;
    this.provider = b.provider;
    this.objects = java.util.Collections.unmodifiableMap(new LinkedHashMap<>(b.objects));
  }

  /** A connection opened with the provider {@link Connectors} finds for {@code connectorId}. */
  public static Builder builder(String tenant, String connectorId, ConnectionConfig config) {
    return new Builder(tenant, connectorId, null, config);
  }

  /**
   * A connection opened with {@code provider} (a host's own connector, or to pick one explicitly).
   */
  public static Builder builder(
      String tenant, ConnectorProvider provider, ConnectionConfig config) {
    Objects.requireNonNull(provider, "provider");
    return new Builder(tenant, provider.descriptor().id(), provider, config);
  }

  /** The tenant id: the host's customer. */
  public String tenant() {
    return tenant;
  }

  /** The connector id, such as {@code salesforce}. */
  public String connector() {
    return connector;
  }

  public ConnectionConfig config() {
    return config;
  }

  /** The objects to pull, in order. */
  public List<String> objects() {
    return List.copyOf(objects.keySet());
  }

  /** The request template of one of {@link #objects()}. */
  public SyncRequest request(String object) {
    SyncRequest request = objects.get(object);
    if (request == null)
      throw new IllegalArgumentException(this + " does not pull '" + object + "'");
    return request;
  }

  /**
   * Opens the connector: with the provider given to the builder, else through {@link Connectors}. A
   * credential the system rotates (a new refresh token) is first handed to the config's {@link
   * CredentialListener}, then used by every later open of this connection in this process, so
   * tomorrow's pull does not log in with a token that was already spent.
   */
  public Connector open() {
    ConnectionConfig.Builder b = config.newBuilder();
    rotatedSecrets.forEach(b::secret);
    CredentialListener host = config.credentialListener();
    b.credentialListener(
        (connectionId, key, newValue) -> {
          host.credentialRotated(connectionId, key, newValue);
          rotatedSecrets.put(key, newValue);
        });
    ConnectionConfig current = b.build();
    return provider != null ? provider.open(current) : Connectors.open(connector, current);
  }

  /**
   * Whether the connector writes back, from its descriptor; true when the connector cannot be found
   * here (opening it will then say why).
   *
   * @since 0.2
   */
  public boolean writes() {
    ConnectorProvider p = provider != null ? provider : Connectors.provider(connector).orElse(null);
    return p == null || p.descriptor().writes();
  }

  /**
   * The connector's descriptor, from the provider given to the builder or found through {@link
   * Connectors}; empty when the connector cannot be found here.
   *
   * @since 0.3
   */
  public java.util.Optional<dev.revsync.ConnectorDescriptor> descriptor() {
    ConnectorProvider p = provider != null ? provider : Connectors.provider(connector).orElse(null);
    return java.util.Optional.ofNullable(p).map(ConnectorProvider::descriptor);
  }

  @Override
  public String toString() {
    return tenant + "/" + connector;
  }

  /** Builds a {@link PipelineConnection}. Not thread-safe. */
  public static final class Builder {
    private final String tenant;
    private final String connector;
    private final ConnectorProvider provider;
    private final ConnectionConfig config;
    private final Map<String, SyncRequest> objects = new LinkedHashMap<>();

    private Builder(
        String tenant, String connector, ConnectorProvider provider, ConnectionConfig config) {
      if (tenant == null || tenant.isBlank())
        throw new IllegalArgumentException("tenant must not be blank: '" + tenant + "'");
      if (connector == null || connector.isBlank()) {
        throw new IllegalArgumentException("connector id must not be blank: '" + connector + "'");
      }
      this.tenant = tenant;
      this.connector = connector;
      this.provider = provider;
      this.config = Objects.requireNonNull(config, "config");
    }

    /** Objects to pull incrementally with all fields. */
    public Builder objects(String... objects) {
      for (String object : objects) object(SyncRequest.builder(object).build());
      return this;
    }

    /** Objects to pull incrementally with all fields. */
    public Builder objects(List<String> objects) {
      return objects(objects.toArray(new String[0]));
    }

    /** An object to pull as {@code template} says (fields, mode, options). */
    public Builder object(SyncRequest template) {
      Objects.requireNonNull(template, "template");
      if (objects.putIfAbsent(template.object(), template) != null) {
        throw new IllegalArgumentException(
            tenant + "/" + connector + " lists '" + template.object() + "' twice");
      }
      return this;
    }

    public PipelineConnection build() {
      if (objects.isEmpty()) {
        throw new IllegalArgumentException(
            tenant + "/" + connector + " has no objects to pull: add some with objects(...)");
      }
      return new PipelineConnection(this);
    }
  }
}
