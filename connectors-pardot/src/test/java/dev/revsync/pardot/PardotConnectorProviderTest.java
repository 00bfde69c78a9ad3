package dev.revsync.pardot;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowable;

import dev.revsync.Activity;
import dev.revsync.ApiStyle;
import dev.revsync.ConfigurationException;
import dev.revsync.ConnectionConfig;
import dev.revsync.ConnectorProvider;
import dev.revsync.Connectors;
import java.lang.reflect.Modifier;
import java.util.ServiceLoader;
import org.junit.jupiter.api.Test;

class PardotConnectorProviderTest {

  @Test
  void serviceLoaderFindsTheProviderUnderItsIdAndItIsThePackagesOnlyPublicType() {
    assertThat(
            ServiceLoader.load(ConnectorProvider.class).stream().map(ServiceLoader.Provider::type))
        .contains(PardotConnectorProvider.class);
    assertThat(Connectors.provider("pardot")).get().isInstanceOf(PardotConnectorProvider.class);
    for (Class<?> c :
        new Class<?>[] {
          PardotConfig.class,
          PardotConnector.class,
          PardotAuth.class,
          PardotErrors.class,
          PardotRestClient.class,
          PardotSync.class,
          PardotWrite.class,
          RecordMapping.class,
          PardotObject.class
        }) {
      assertThat(Modifier.isPublic(c.getModifiers()))
          .as("%s is public", c.getSimpleName())
          .isFalse();
    }
  }

  @Test
  void descriptorDeclaresRestForEveryActivityAndSecretCredentials() {
    var d = new PardotConnectorProvider().descriptor();
    assertThat(d.id()).isEqualTo("pardot");
    for (Activity a : Activity.values()) assertThat(d.apiStyles(a)).containsExactly(ApiStyle.REST);
    assertThat(d.configKey("refreshToken")).get().matches(k -> k.secret());
    assertThat(d.configKey("clientSecret")).get().matches(k -> k.secret());
    assertThat(d.configKey("businessUnitId")).get().matches(k -> k.required() && !k.secret());
    assertThat(d.rateLimits().maxConcurrent()).isEqualTo(5);
    assertThat(d.objects())
        .contains(
            "Prospect",
            "VisitorActivity",
            "Campaign",
            "List",
            "ListMembership",
            "Opportunity",
            "Email",
            "CustomField");
  }

  @Test
  void badSettingsAreReportedAllAtOnceWithoutTheSecrets() {
    ConnectionConfig config =
        ConnectionConfig.builder("t/pardot")
            .setting("host", "staging")
            .secret("clientSecret", "s3cr3t-value")
            .setting("businessUnitId", "0Uv123")
            .setting("exports", "sometimes")
            .build();
    Throwable t = catchThrowable(() -> new PardotConnectorProvider().open(config));
    assertThat(t)
        .isInstanceOf(ConfigurationException.class)
        .hasMessageContaining("host must be one of [production, demo], not 'staging'")
        .hasMessageContaining("clientId is missing")
        .hasMessageContaining("businessUnitId must be 18")
        .hasMessageContaining("exports must be one of [auto, always, never]")
        .hasMessageNotContaining("s3cr3t-value");
  }
}
