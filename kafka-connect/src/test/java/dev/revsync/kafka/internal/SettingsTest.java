package dev.revsync.kafka.internal;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.revsync.ConfigurationException;
import dev.revsync.ConnectionConfig;
import dev.revsync.QuotaLedger;
import dev.revsync.kafka.RevsyncSourceConnector;
import java.time.Clock;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class SettingsTest {

  private static Map<String, String> base() {
    Map<String, String> c = new HashMap<>();
    c.put("revsync.connections", "acme/salesforce");
    c.put("revsync.objects.salesforce", "Account,Contact");
    c.put("revsync.connection.acme/salesforce.baseUrl", "http://127.0.0.1:1");
    c.put("revsync.connection.acme/salesforce.clientId", "client");
    c.put("revsync.connection.acme/salesforce.clientSecret", "s3cret-value");
    return c;
  }

  @Test
  void inlineSettingsAreSortedIntoSettingsAndSecretsByTheDescriptor() {
    ConnectionConfig config =
        Settings.source(base())
            .connectionConfig("acme/salesforce", QuotaLedger.inMemory(), Clock.systemUTC());
    assertThat(config.baseUrl()).contains("http://127.0.0.1:1");
    assertThat(config.setting("clientId")).contains("client");
    assertThat(config.secret("clientSecret")).contains("s3cret-value");
    assertThat(config.toString()).doesNotContain("s3cret-value");
  }

  @Test
  void aRegistryResolvesTheReferenceIntoConnectionsKeepingItsLimits() {
    Map<String, String> c = new HashMap<>();
    c.put("revsync.tenant.registry", TestRegistry.class.getName());
    c.put("revsync.tenant.registry.reference", "eu");
    c.put("revsync.objects.salesforce", "Account");
    c.put("test.baseUrl", "http://127.0.0.1:2");
    Settings settings = Settings.source(c);
    assertThat(settings.connections()).containsExactly("acme/salesforce", "globex/salesforce");
    // The registry's finite limit needs a ledger all tasks share; one in memory is refused.
    assertThatThrownBy(
            () ->
                settings.connectionConfig(
                    "acme/salesforce", QuotaLedger.inMemory(), Clock.systemUTC()))
        .hasMessageContaining("has a daily budget but no ledger its tasks share");
    QuotaLedger memory = QuotaLedger.inMemory();
    QuotaLedger shared =
        new QuotaLedger() {
          @Override
          public boolean tryIncrement(String connectionId, java.time.LocalDate day, long ceiling) {
            return memory.tryIncrement(connectionId, day, ceiling);
          }

          @Override
          public long spent(String connectionId, java.time.LocalDate day) {
            return memory.spent(connectionId, day);
          }
        };
    ConnectionConfig acme = settings.connectionConfig("acme/salesforce", shared, Clock.systemUTC());
    assertThat(acme.baseUrl()).contains("http://127.0.0.1:2");
    assertThat(acme.secret("clientSecret")).contains("acme-secret");
    assertThat(acme.quotaPolicy().dailyLimit()).isEqualTo(700);
    assertThat(acme.quotaPolicy().ledger()).isSameAs(shared);

    c.put("revsync.connections", "acme/salesforce");
    assertThatThrownBy(() -> Settings.source(c))
        .isInstanceOf(ConfigurationException.class)
        .hasMessageContaining("both revsync.connections and revsync.tenant.registry");
  }

  @Test
  void aTypoInASettingIsAConfigurationErrorListingTheKeys() {
    Map<String, String> c = base();
    c.put("revsync.connection.acme/salesforce.clientID", "x");
    assertThatThrownBy(
            () ->
                Settings.source(c)
                    .connectionConfig("acme/salesforce", QuotaLedger.inMemory(), Clock.systemUTC()))
        .isInstanceOf(ConfigurationException.class)
        .hasMessageStartingWith(
            "kafka-connect: configure: revsync.connection.acme/salesforce.clientID is not a setting of salesforce")
        .hasMessageContaining("clientId");
  }

  @Test
  void aFiniteBudgetWithoutASharedLedgerIsRefused() {
    Map<String, String> c = base();
    c.put("revsync.budget.daily.limit", "100");
    assertThatThrownBy(() -> Settings.source(c).ledger())
        .isInstanceOf(ConfigurationException.class)
        .hasMessageContaining("no ledger its tasks share")
        .hasMessageContaining("revsync.budget.jdbc.url");
  }

  @Test
  void connectionsMustBeTenantSlashConnectorOfAKnownConnector() {
    Map<String, String> c = base();
    c.put("revsync.connections", "acme");
    assertThatThrownBy(() -> Settings.source(c)).hasMessageContaining("is not tenant/connectorId");
    c.put("revsync.connections", "acme/salesfarce");
    assertThatThrownBy(() -> Settings.source(c))
        .isInstanceOf(ConfigurationException.class)
        .hasMessageContaining("no connector 'salesfarce' in the plugin")
        .hasMessageContaining("hubspot-crm");
  }

  @Test
  void taskConfigsSpreadTenantObjectPartitionsEvenlyAndSplitATenantsObjects() {
    Map<String, String> c = base();
    List<String> ids = new ArrayList<>();
    for (int i = 0; i < 15; i++) ids.add("t" + i + "/salesforce");
    c.put("revsync.connections", String.join(",", ids));
    RevsyncSourceConnector connector = new RevsyncSourceConnector();
    connector.start(c);
    List<Map<String, String>> tasks = connector.taskConfigs(4);
    assertThat(tasks).hasSize(4);
    List<Partition> all = new ArrayList<>();
    for (Map<String, String> t : tasks) {
      List<Partition> mine = new ArrayList<>();
      for (String e : t.get(Partition.TASK_KEY).split(",")) mine.add(Partition.decode(e));
      assertThat(mine.size()).isBetween(7, 8);
      all.addAll(mine);
    }
    assertThat(all).hasSize(30).doesNotHaveDuplicates();
    assertThat(tasks.get(0).get(Partition.TASK_KEY)).doesNotContain("t0%2Fsalesforce|Contact");
    assertThat(connector.taskConfigs(100)).hasSize(30);
  }
}
