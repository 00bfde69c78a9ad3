package dev.revsync;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.List;
import org.junit.jupiter.api.Test;

class ConnectorsTest {

  @Test
  void aBrokenProviderIsIsolatedAndReportedWhileTheOthersLoad() {
    Connectors.Registry registry = Connectors.discover(getClass().getClassLoader());

    assertThat(registry.providers).containsOnlyKeys("fake-crm", "fake-map");
    assertThat(registry.problems)
        .anySatisfy(p -> assertThat(p).contains("failed to load", "TestProviders$Broken"));
  }

  @Test
  void aProviderThatCannotBeInstantiatedIsReportedWithItsOwnCause() {
    Connectors.Registry registry = Connectors.discover(getClass().getClassLoader());

    assertThat(registry.problems)
        .as("ServiceLoader's 'could not be instantiated' alone says nothing")
        .anySatisfy(
            p ->
                assertThat(p)
                    .contains("TestProviders$Broken")
                    .contains(
                        "caused by java.lang.IllegalStateException: missing dependency com.example:vendor-sdk"));
  }

  @Test
  void aReadOnlyConnectorDeclaresNoWriteStyleAndItsWritesAreRefusedTyped() {
    ConnectorDescriptor d =
        ConnectorDescriptor.builder("ledger", "Ledger")
            .apiStyles(Activity.LOGIN, ApiStyle.REST)
            .apiStyles(Activity.SYNC, ApiStyle.REST)
            .readOnly()
            .build();

    assertThat(d.writes()).isFalse();
    assertThat(d.apiStyles(Activity.ENRICHMENT)).isEmpty();
    assertThat(d.apiStyles(Activity.SCORE_EXPORT)).isEmpty();
    assertThatThrownBy(
            () ->
                ConnectorDescriptor.builder("ledger", "Ledger")
                    .apiStyles(Activity.LOGIN, ApiStyle.REST)
                    .apiStyles(Activity.SYNC, ApiStyle.REST)
                    .build())
        .hasMessageContaining("must declare its API style for ENRICHMENT, or declare .readOnly()");
    assertThatThrownBy(
            () ->
                ConnectorDescriptor.builder("ledger", "Ledger")
                    .readOnly()
                    .apiStyles(Activity.LOGIN, ApiStyle.REST)
                    .apiStyles(Activity.SYNC, ApiStyle.REST)
                    .apiStyles(Activity.SCORE_EXPORT, ApiStyle.REST)
                    .build())
        .hasMessageContaining("readOnly() but names an API style for SCORE_EXPORT");

    Connector readOnly =
        new Connector() {
          @Override
          public ConnectorDescriptor descriptor() {
            return d;
          }

          @Override
          public VerifyResult verify() {
            throw new AssertionError("not called");
          }

          @Override
          public Catalog discover() {
            throw new AssertionError("not called");
          }

          @Override
          public SyncResult sync(SyncRequest request, RecordSink sink) {
            throw new AssertionError("not called");
          }

          @Override
          public Usage usage() {
            throw new AssertionError("not called");
          }

          @Override
          public void close() {}
        };
    assertThatThrownBy(
            () ->
                readOnly.write(
                    WriteRequest.builder("Lead", Activity.SCORE_EXPORT)
                        .items(List.of(WriteItem.of("1", java.util.Map.of("Score", 1))))
                        .build()))
        .isInstanceOf(ConfigurationException.class)
        .hasMessageContaining(
            "ledger: write Lead: the Ledger connector only reads; it has no SCORE_EXPORT API");
  }

  @Test
  void duplicateIdsAreReportedAndTheFirstOnTheClassPathWins() {
    Connectors.Registry registry = Connectors.discover(getClass().getClassLoader());

    assertThat(registry.providers.get("fake-crm").getClass().getSimpleName()).isEqualTo("FakeCrm");
    assertThat(registry.problems)
        .anySatisfy(
            p -> assertThat(p).contains("duplicate connector id 'fake-crm'", "FakeCrmClash"));
  }

  @Test
  void openingAnUnknownIdListsTheIdsFound() {
    ConnectionConfig config = ConnectionConfig.builder("tenant-1/nope").build();

    assertThatThrownBy(() -> Connectors.open("nope", config))
        .isInstanceOf(ConfigurationException.class)
        .hasMessageContaining("no connector with id 'nope'")
        .hasMessageContaining("fake-crm, fake-map")
        .hasMessageContaining("revsync-nope");
  }

  @Test
  void availableListsEachIdOnce() {
    List<String> ids = Connectors.available().stream().map(p -> p.descriptor().id()).toList();

    assertThat(ids).containsExactly("fake-crm", "fake-map");
    assertThat(Connectors.problems()).hasSize(2);
  }
}
