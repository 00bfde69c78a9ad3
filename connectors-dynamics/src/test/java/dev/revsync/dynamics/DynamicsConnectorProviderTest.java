package dev.revsync.dynamics;

import static org.assertj.core.api.Assertions.assertThat;

import dev.revsync.Activity;
import dev.revsync.ApiStyle;
import dev.revsync.Connectors;
import java.lang.reflect.Modifier;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * The provider is found by ServiceLoader, declares REST for every activity, and is the module's
 * only public type.
 */
class DynamicsConnectorProviderTest {
  @Test
  void theProviderIsRegisteredAndDeclaresRestForEveryActivity() {
    var provider = Connectors.provider("dynamics").orElseThrow();
    assertThat(provider).isInstanceOf(DynamicsConnectorProvider.class);
    for (Activity a : Activity.values())
      assertThat(provider.descriptor().apiStyles(a)).containsExactly(ApiStyle.REST);
    assertThat(provider.descriptor().objects())
        .contains("account", "contact", "lead", "opportunity", "campaign", "activitypointer");
    assertThat(provider.descriptor().rateLimits().maxConcurrent()).isEqualTo(52);
  }

  @Test
  void onlyTheProviderIsPublic() {
    for (Class<?> c :
        List.of(
            DynamicsConfig.class,
            DynamicsConnector.class,
            DynamicsAuth.class,
            DynamicsErrors.class,
            DynamicsRestClient.class,
            DynamicsSync.class,
            DynamicsWrite.class,
            RecordMapping.class,
            TableInfo.class)) {
      assertThat(Modifier.isPublic(c.getModifiers())).as(c.getSimpleName()).isFalse();
    }
    assertThat(Modifier.isPublic(DynamicsConnectorProvider.class.getModifiers())).isTrue();
  }

  @Test
  void rateLimitHeadersWrittenWithSeparatorsAreRead() {
    assertThat(DynamicsErrors.parseLenient("1,200.00", 1000)).isEqualTo(1_200_000);
    assertThat(DynamicsErrors.parseLenient("1,199.46", 1000)).isEqualTo(1_199_460);
    assertThat(DynamicsErrors.parseLenient("5999", 1)).isEqualTo(5_999);
    assertThat(DynamicsErrors.parseLenient("n/a", 1)).isEqualTo(-1);
    assertThat(DynamicsErrors.parseLenient(null, 1)).isEqualTo(-1);
  }
}
