package dev.revsync.pipeline;

import static org.assertj.core.api.Assertions.assertThat;

import dev.revsync.Activity;
import dev.revsync.ApiStyle;
import dev.revsync.ConnectionConfig;
import dev.revsync.Connector;
import dev.revsync.ConnectorDescriptor;
import dev.revsync.ConnectorProvider;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class PipelineConnectionTest {

  /**
   * Records the refresh token each open saw, and rotates it on every open as Eloqua does on
   * refresh.
   */
  private static final class RotatingProvider implements ConnectorProvider {
    final List<String> seen = new ArrayList<>();
    int rotations;

    @Override
    public ConnectorDescriptor descriptor() {
      ConnectorDescriptor.Builder b = ConnectorDescriptor.builder("rotating", "Rotating");
      for (Activity a : Activity.values()) b.apiStyles(a, ApiStyle.REST);
      return b.build();
    }

    @Override
    public Connector open(ConnectionConfig config) {
      seen.add(config.secret("refreshToken").orElseThrow());
      config
          .credentialListener()
          .credentialRotated(config.connectionId(), "refreshToken", "rt-" + ++rotations);
      return null;
    }
  }

  @Test
  void aRotatedRefreshTokenReachesTheHostFirstAndIsUsedByTheNextOpen() {
    RotatingProvider provider = new RotatingProvider();
    List<String> hostSaw = new ArrayList<>();
    ConnectionConfig config =
        ConnectionConfig.builder("acme/rotating")
            .secret("refreshToken", "rt-0")
            .credentialListener(
                (id, key, value) -> {
                  // The host persists the new token before the connection relies on it.
                  assertThat(provider.seen).hasSize(hostSaw.size() + 1);
                  hostSaw.add(key + "=" + value);
                })
            .build();
    PipelineConnection connection =
        PipelineConnection.builder("acme", provider, config).objects("Contact").build();

    connection.open();
    connection.open();
    connection.open();

    assertThat(provider.seen).containsExactly("rt-0", "rt-1", "rt-2");
    assertThat(hostSaw)
        .containsExactly("refreshToken=rt-1", "refreshToken=rt-2", "refreshToken=rt-3");
    assertThat(connection.config().secret("refreshToken")).contains("rt-0");
  }

  @Test
  void writesToAReadOnlyConnectionAreRefusedWhenSubmittedNotAtNight() {
    ConnectorProvider readOnly =
        new ConnectorProvider() {
          @Override
          public ConnectorDescriptor descriptor() {
            return ConnectorDescriptor.builder("ledger", "Ledger")
                .apiStyles(Activity.LOGIN, ApiStyle.REST)
                .apiStyles(Activity.SYNC, ApiStyle.REST)
                .readOnly()
                .build();
          }

          @Override
          public Connector open(ConnectionConfig config) {
            throw new AssertionError("a refused write opens nothing");
          }
        };
    PipelineConnection connection =
        PipelineConnection.builder(
                "acme", readOnly, ConnectionConfig.builder("acme/ledger").build())
            .objects("Invoice")
            .build();
    assertThat(connection.writes()).isFalse();
    try (CheckpointStore store = CheckpointStore.inMemory();
        DailyPipeline pipeline =
            DailyPipeline.builder()
                .store(store)
                .sinks((c, o) -> record -> {})
                .connection(connection)
                .build()) {
      org.assertj.core.api.Assertions.assertThatThrownBy(
              () ->
                  pipeline.submitWrites(
                      "acme",
                      "ledger",
                      dev.revsync.WriteRequest.builder("Invoice", Activity.ENRICHMENT)
                          .items(List.of(dev.revsync.WriteItem.of("1", java.util.Map.of("a", 1))))
                          .build()))
          .isInstanceOf(dev.revsync.ConfigurationException.class)
          .hasMessageContaining("acme/ledger is read-only");
      assertThat(pipeline.writes("acme", "ledger")).isEmpty();
    }
  }
}
