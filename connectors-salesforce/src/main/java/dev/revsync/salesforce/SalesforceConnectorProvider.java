package dev.revsync.salesforce;

import dev.revsync.spi.AbstractConnectorProvider;

/**
 * The Salesforce connector (id {@code salesforce}): OAuth 2.0 login (refresh token, client
 * credentials or JWT bearer), REST query pages and Bulk API 2.0 query jobs for syncs, and the SOAP
 * partner API for enrichment and score writes.
 *
 * <pre>{@code
 * ConnectionConfig config = ConnectionConfig.builder("tenant-42/salesforce")
 *     .setting("clientId", "3MVG9...")
 *     .secret("clientSecret", secret)
 *     .secret("refreshToken", refreshToken)
 *     .quotaPolicy(QuotaPolicy.builder().dailyLimit(5_000).writeReserve(500).build())
 *     .build();
 * try (Connector salesforce = Connectors.open("salesforce", config)) {
 *   salesforce.verify();
 * }
 * }</pre>
 *
 * <p>Registered for {@link java.util.ServiceLoader}; hosts use {@link dev.revsync.Connectors}.
 * Thread-safe.
 */
public final class SalesforceConnectorProvider extends AbstractConnectorProvider {
  public SalesforceConnectorProvider() {
    super(SalesforceConfig.DESCRIPTOR, SalesforceConnector::open);
  }
}
