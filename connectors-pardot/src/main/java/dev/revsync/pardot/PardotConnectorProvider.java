package dev.revsync.pardot;

import dev.revsync.spi.AbstractConnectorProvider;

/**
 * The Pardot (Marketing Cloud Account Engagement) connector (id {@code pardot}): Salesforce OAuth
 * plus the business unit header, v5 REST queries with page tokens (and the v5 export API for large
 * full pulls) for syncs, prospect PATCH and upsert-by-email for enrichment and score writes.
 *
 * <pre>{@code
 * ConnectionConfig config = ConnectionConfig.builder("tenant-42/pardot")
 *     .setting("clientId", "3MVG9...")
 *     .secret("clientSecret", secret)
 *     .secret("refreshToken", refreshToken)
 *     .setting("businessUnitId", "0Uv5e000000XXXXCAA")
 *     .quotaPolicy(QuotaPolicy.builder().dailyLimit(20_000).writeReserve(2_000).build())
 *     .build();
 * try (Connector pardot = Connectors.open("pardot", config)) {
 *   pardot.verify();
 * }
 * }</pre>
 *
 * <p>Registered for {@link java.util.ServiceLoader}; hosts use {@link dev.revsync.Connectors}.
 * Thread-safe.
 */
public final class PardotConnectorProvider extends AbstractConnectorProvider {
  public PardotConnectorProvider() {
    super(PardotConfig.DESCRIPTOR, PardotConnector::open);
  }
}
