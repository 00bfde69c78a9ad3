package dev.revsync.eloqua;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.revsync.Activity;
import dev.revsync.ApiStyle;
import dev.revsync.ConfigurationException;
import dev.revsync.ConnectionConfig;
import dev.revsync.ConnectorDescriptor;
import dev.revsync.ConnectorProvider;
import dev.revsync.Connectors;
import java.util.List;
import java.util.ServiceLoader;
import org.junit.jupiter.api.Test;

class EloquaConnectorProviderTest {

  @Test
  void serviceLoaderFindsTheEloquaProvider() {
    List<ConnectorProvider> found =
        ServiceLoader.load(ConnectorProvider.class).stream()
            .map(ServiceLoader.Provider::get)
            .toList();
    assertThat(found).anyMatch(p -> p instanceof EloquaConnectorProvider);
    assertThat(Connectors.provider("eloqua")).get().isInstanceOf(EloquaConnectorProvider.class);
  }

  @Test
  void theDescriptorSaysBulkForEveryActivityAndHowDeletesCome() {
    ConnectorDescriptor d = new EloquaConnectorProvider().descriptor();
    assertThat(d.id()).isEqualTo("eloqua");
    for (Activity a : Activity.values())
      assertThat(d.apiStyles(a)).as("%s", a).containsExactly(ApiStyle.BULK);
    assertThat(d.objects()).contains("Contact", "Account", "EmailOpen", "FormSubmit");
    assertThat(d.notes().get("deletes")).contains("idDiffDeletes").contains("no delete feed");
    assertThat(d.configKeys())
        .extracting(k -> k.name())
        .containsExactly(
            "loginUrl",
            "authFlow",
            "company",
            "username",
            "password",
            "clientId",
            "clientSecret",
            "refreshToken",
            "idDiffDeletes",
            "timeZone");
    assertThat(d.configKeys())
        .filteredOn(k -> k.secret())
        .extracting(k -> k.name())
        .containsExactly("password", "clientSecret", "refreshToken");
    assertThat(d.rateLimits().maxConcurrent()).isLessThanOrEqualTo(4);
  }

  @Test
  void openingWithoutCredentialsNamesEveryMissingKey() {
    ConnectionConfig config =
        ConnectionConfig.builder("t/eloqua").setting("company", "Acme").build();
    assertThatThrownBy(() -> Connectors.open("eloqua", config))
        .isInstanceOf(ConfigurationException.class)
        .hasMessageContaining("username is required")
        .hasMessageContaining("password is required");
    ConnectionConfig oauth =
        ConnectionConfig.builder("t/eloqua").setting("authFlow", "oauth").build();
    assertThatThrownBy(() -> Connectors.open("eloqua", oauth))
        .hasMessageContaining("clientId")
        .hasMessageContaining("clientSecret")
        .hasMessageContaining("refreshToken");
    ConnectionConfig zone =
        ConnectionConfig.builder("t/eloqua")
            .setting("company", "A")
            .setting("username", "u")
            .secret("password", "p")
            .setting("timeZone", "Mars/Olympus")
            .setting("authFlow", "saml")
            .build();
    assertThatThrownBy(() -> Connectors.open("eloqua", zone))
        .hasMessageContaining("Mars/Olympus")
        .hasMessageContaining("saml");
  }

  @Test
  void theProviderIsTheModulesOnlyPublicType() throws Exception {
    String pkg = EloquaConnectorProvider.class.getPackageName();
    java.net.URL dir = EloquaConnectorProvider.class.getResource("");
    java.io.File[] files = new java.io.File(dir.toURI()).listFiles((f, n) -> n.endsWith(".class"));
    for (java.io.File f : files) {
      Class<?> c = Class.forName(pkg + "." + f.getName().replace(".class", ""));
      if (java.lang.reflect.Modifier.isPublic(c.getModifiers()))
        assertThat(c).isEqualTo(EloquaConnectorProvider.class);
    }
  }
}
