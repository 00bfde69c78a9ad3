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
  void duplicateIdsAreReportedAndTheFirstOnTheClassPathWins() {
    Connectors.Registry registry = Connectors.discover(getClass().getClassLoader());

    assertThat(registry.providers.get("fake-crm").getClass().getSimpleName()).isEqualTo("FakeCrm");
    assertThat(registry.problems)
        .anySatisfy(p -> assertThat(p).contains("duplicate connector id 'fake-crm'", "FakeCrmClash"));
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
