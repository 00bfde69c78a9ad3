package dev.revsync.hubspot;

import dev.revsync.ConfigKey;
import dev.revsync.ConnectionConfig;
import dev.revsync.ConnectorDescriptor;
import dev.revsync.WriteItem;
import dev.revsync.simulators.ObjectTable;
import dev.revsync.simulators.Simulator;
import dev.revsync.simulators.hubspot.HubSpotSimulator;
import dev.revsync.testkit.WriteTarget;
import java.math.BigDecimal;
import java.util.Map;

/** What the HubSpot fixtures share. */
final class HubSpotFixtures {
  private HubSpotFixtures() {}

  /** Settings for the simulator's OAuth public app instead of its private-app token. */
  static ConnectionConfig.Builder oauthConfig(ConnectorDescriptor descriptor, Simulator simulator) {
    ConnectionConfig.Builder b =
        ConnectionConfig.builder("contract-test/" + descriptor.id() + "-oauth");
    for (Map.Entry<String, String> e :
        ((HubSpotSimulator) simulator).oauthConnectionSettings().entrySet()) {
      if (e.getKey().equals("baseUrl")) b.baseUrl(e.getValue());
      else if (descriptor.configKey(e.getKey()).map(ConfigKey::secret).orElse(false))
        b.secret(e.getKey(), e.getValue());
      else b.setting(e.getKey(), e.getValue());
    }
    return b;
  }

  /** Enrichment of contacts by id: a job title and a revenue per record; an unknown id fails. */
  static WriteTarget contactsWriteTarget() {
    return new WriteTarget() {
      @Override
      public String object() {
        return "contacts";
      }

      @Override
      public ObjectTable table(Simulator simulator) {
        return simulator.store().table("contacts");
      }

      @Override
      public int batchSize() {
        return HubSpotWrite.BATCH;
      }

      @Override
      public Map<String, Object> values(int i) {
        return Map.of("jobtitle", "Enriched " + i, "annualrevenue", new BigDecimal(i + ".25"));
      }

      @Override
      public WriteItem failingItem() {
        return WriteItem.of("99999999999", Map.of("jobtitle", "nobody"));
      }
    };
  }
}
