package dev.revsync.marketo;

import dev.revsync.spi.AbstractConnectorProvider;

/**
 * The Marketo Engage connector, id {@code marketo}: every activity over Marketo's REST API (the
 * lead database, paging tokens and bulk extract).
 *
 * <pre>{@code
 * ConnectionConfig config = ConnectionConfig.builder("tenant-42/marketo")
 *     .setting("munchkinId", "123-ABC-456")
 *     .setting("clientId", "3f6a9c1e-...")
 *     .secret("clientSecret", System.getenv("MARKETO_CLIENT_SECRET"))
 *     .quotaPolicy(QuotaPolicy.builder().dailyLimit(10_000).writeReserve(1_000).build())
 *     .build();
 * try (Connector marketo = Connectors.open("marketo", config)) {
 *   marketo.sync(SyncRequest.builder("Lead").build(), sink);
 * }
 * }</pre>
 *
 * <p>Registered for {@link java.util.ServiceLoader}; hosts use {@link dev.revsync.Connectors}.
 * Thread-safe.
 */
public final class MarketoConnectorProvider extends AbstractConnectorProvider {
  public MarketoConnectorProvider() {
    super(MarketoConfig.DESCRIPTOR, MarketoConnector::open);
  }
}
