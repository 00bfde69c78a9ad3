package dev.revsync.eloqua;

import dev.revsync.spi.AbstractConnectorProvider;

/**
 * The Oracle Eloqua connector, id {@code eloqua}: login, pulls, enrichment and score exports all
 * through the Bulk API 2.0. Registered for {@link java.util.ServiceLoader}; hosts open it with
 * {@code Connectors.open("eloqua", config)}.
 *
 * <pre>{@code
 * ConnectionConfig config = ConnectionConfig.builder("tenant-42/eloqua")
 *     .setting("company", "AcmeCorp")
 *     .setting("username", "Acme.Integration")
 *     .secret("password", System.getenv("ELOQUA_PASSWORD"))
 *     .quotaPolicy(QuotaPolicy.daily(2_000))
 *     .build();
 * try (Connector eloqua = Connectors.open("eloqua", config)) {
 *   eloqua.sync(SyncRequest.builder("Contact").build(), sink);
 * }
 * }</pre>
 *
 * <p>Thread-safe and stateless.
 */
public final class EloquaConnectorProvider extends AbstractConnectorProvider {
  public EloquaConnectorProvider() {
    super(EloquaConfig.DESCRIPTOR, EloquaConnector::open);
  }
}
