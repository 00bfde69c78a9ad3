package dev.revsync.marketo;

import dev.revsync.ConnectionConfig;
import dev.revsync.Connector;
import dev.revsync.ConnectorDescriptor;
import dev.revsync.ConnectorProvider;

/**
 * The Marketo Engage connector, id {@code marketo}: every activity over Marketo's REST API (the
 * lead database, paging tokens and bulk extract). Registered for {@link java.util.ServiceLoader};
 * hosts open it with {@code Connectors.open("marketo", config)}.
 *
 * <pre>{@code
 * ConnectionConfig config = ConnectionConfig.builder("tenant-42/marketo")
 *     .setting("munchkinId", "123-ABC-456")
 *     .setting("clientId", "3f6a9c1e-...")
 *     .secret("clientSecret", System.getenv("MARKETO_CLIENT_SECRET"))
 *     .quotaPolicy(QuotaPolicy.daily(10_000))
 *     .build();
 * try (Connector marketo = Connectors.open("marketo", config)) {
 *   marketo.sync(SyncRequest.builder("Lead").build(), sink);
 * }
 * }</pre>
 *
 * <p>Thread-safe and stateless.
 */
public final class MarketoConnectorProvider implements ConnectorProvider {

  @Override
  public ConnectorDescriptor descriptor() {
    return MarketoConfig.DESCRIPTOR;
  }

  @Override
  public Connector open(ConnectionConfig config) {
    return new MarketoConnector(config, MarketoConfig.from(config));
  }
}
