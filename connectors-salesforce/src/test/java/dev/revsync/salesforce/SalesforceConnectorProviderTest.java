package dev.revsync.salesforce;

import static org.assertj.core.api.Assertions.assertThat;

import dev.revsync.Activity;
import dev.revsync.ApiStyle;
import dev.revsync.ConnectorProvider;
import dev.revsync.Connectors;
import java.util.ServiceLoader;
import org.junit.jupiter.api.Test;

class SalesforceConnectorProviderTest {

  @Test
  void serviceLoaderFindsTheProviderUnderItsId() {
    assertThat(
            ServiceLoader.load(ConnectorProvider.class).stream().map(ServiceLoader.Provider::type))
        .contains(SalesforceConnectorProvider.class);
    assertThat(Connectors.provider("salesforce"))
        .get()
        .isInstanceOf(SalesforceConnectorProvider.class);
  }

  @Test
  void descriptorDeclaresRestForLoginRestAndBatchForSyncAndSoapForWrites() {
    var d = new SalesforceConnectorProvider().descriptor();
    assertThat(d.id()).isEqualTo("salesforce");
    assertThat(d.apiStyles(Activity.LOGIN)).containsExactly(ApiStyle.REST);
    assertThat(d.apiStyles(Activity.SYNC)).containsExactly(ApiStyle.REST, ApiStyle.BATCH);
    assertThat(d.apiStyles(Activity.ENRICHMENT)).containsExactly(ApiStyle.SOAP);
    assertThat(d.apiStyles(Activity.SCORE_EXPORT)).containsExactly(ApiStyle.SOAP);
    assertThat(d.configKey("refreshToken")).get().matches(k -> k.secret());
    assertThat(d.configKey("privateKey")).get().matches(k -> k.secret());
    assertThat(d.configKey("clientSecret")).get().matches(k -> k.secret());
    assertThat(d.notes().get("options")).contains("style=REST|BATCH");
  }
}
