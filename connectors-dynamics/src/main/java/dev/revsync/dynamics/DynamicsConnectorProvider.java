package dev.revsync.dynamics;

import dev.revsync.spi.AbstractConnectorProvider;

/**
 * The Microsoft Dynamics 365 / Dataverse connector (id {@code dynamics}): Microsoft Entra ID client
 * credentials (secret or certificate), Web API v9.2 queries with change tracking for syncs, and
 * {@code $batch} PATCH writes for enrichment and score export.
 *
 * <pre>{@code
 * ConnectionConfig config = ConnectionConfig.builder("tenant-42/dynamics")
 *     .baseUrl("https://contoso.crm.dynamics.com")
 *     .setting("tenantId", "72f988bf-86f1-41af-91ab-2d7cd011db47")
 *     .setting("clientId", "51f81489-12ee-4a9e-aaae-a2591f45987d")
 *     .secret("clientSecret", secret)
 *     .build();
 * try (Connector dynamics = Connectors.open("dynamics", config)) {
 *   dynamics.verify();
 * }
 * }</pre>
 *
 * <p>Registered for {@link java.util.ServiceLoader}; hosts use {@link dev.revsync.Connectors}.
 * Thread-safe.
 */
public final class DynamicsConnectorProvider extends AbstractConnectorProvider {
  public DynamicsConnectorProvider() {
    super(DynamicsConfig.DESCRIPTOR, DynamicsConnector::open);
  }
}
