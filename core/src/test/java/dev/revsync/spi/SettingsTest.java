package dev.revsync.spi;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.revsync.Activity;
import dev.revsync.ApiStyle;
import dev.revsync.ConfigKey;
import dev.revsync.ConfigurationException;
import dev.revsync.ConnectionConfig;
import dev.revsync.ConnectorDescriptor;
import java.time.ZoneId;
import java.time.ZoneOffset;
import org.junit.jupiter.api.Test;

class SettingsTest {
  private static final ConnectorDescriptor DESCRIPTOR =
      ConnectorDescriptor.builder("acme", "Acme")
          .apiStyles(Activity.LOGIN, ApiStyle.REST)
          .apiStyles(Activity.SYNC, ApiStyle.REST)
          .apiStyles(Activity.ENRICHMENT, ApiStyle.REST)
          .apiStyles(Activity.SCORE_EXPORT, ApiStyle.REST)
          .configKey(ConfigKey.required("clientId", "OAuth client id"))
          .configKey(ConfigKey.requiredSecret("clientSecret", "OAuth client secret"))
          .configKey(ConfigKey.optional("pageSize", "records per page"))
          .configKey(ConfigKey.optional("deletes", "true to pull deletes"))
          .configKey(ConfigKey.optional("timeZone", "instance zone"))
          .configKey(ConfigKey.optional("loginUrl", "login host"))
          .configKey(ConfigKey.optional("flow", "basic or oauth"))
          .configKey(ConfigKey.optionalSecret("pin", "a secret number"))
          .defaultBaseUrl("https://api.acme.example/")
          .build();

  enum Flow {
    BASIC,
    OAUTH
  }

  @Test
  void everyProblemIsReportedAtOnceInOneConfigurationException() {
    ConnectionConfig config =
        ConnectionConfig.builder("t1/acme")
            .setting("clientId", "  ")
            .setting("pageSize", "lots")
            .setting("deletes", "maybe")
            .setting("timeZone", "Mars/Olympus")
            .setting("loginUrl", "ftp:/nowhere")
            .setting("flow", "kerberos")
            .secret("pin", "12x34")
            .build();
    Settings s = Settings.of(DESCRIPTOR, config);
    s.number("pageSize", 100, 1, 1000);
    s.bool("deletes", false);
    s.zone("timeZone", ZoneOffset.UTC);
    s.url("loginUrl", "https://login.acme.example");
    s.choice("flow", Flow.BASIC, Flow.class);
    s.number("pin", 0, 0, 9999);
    assertThat(s.problems()).hasSize(8);
    assertThatThrownBy(s::check)
        .isInstanceOf(ConfigurationException.class)
        .hasMessageStartingWith("acme: open t1/acme: ")
        .hasMessageContaining("clientId is missing (OAuth client id)")
        .hasMessageContaining("clientSecret is missing")
        .hasMessageContaining("pageSize must be a whole number, not 'lots'")
        .hasMessageContaining("deletes must be 'true' or 'false', not 'maybe'")
        .hasMessageContaining("timeZone must be a time zone id")
        .hasMessageContaining("loginUrl must be an http(s) URL")
        .hasMessageContaining("flow must be one of [basic, oauth], not 'kerberos'")
        .hasMessageContaining(
            "pin must be a whole number, not the value given (a secret, not shown)")
        .hasMessageNotContaining("12x34")
        .hasMessageContaining(
            "Fix the connection's settings (keys: [clientId, clientSecret, pageSize");
  }

  @Test
  void aSecretGivenAsASettingIsRefusedWithoutShowingIt() {
    ConnectionConfig config =
        ConnectionConfig.builder("t1/acme")
            .setting("clientId", "app-1")
            .setting("clientSecret", "hunter2-hunter2")
            .build();
    assertThatThrownBy(() -> Settings.of(DESCRIPTOR, config).check())
        .isInstanceOf(ConfigurationException.class)
        .hasMessageContaining(
            "clientSecret is a secret but was given with setting(); give it with secret()")
        .hasMessageNotContaining("hunter2");
  }

  @Test
  void goodValuesAreReadTypedAndSecretsComeFromSecretsFirst() {
    ConnectionConfig config =
        ConnectionConfig.builder("t1/acme")
            .setting("clientId", " app-1 ")
            .secret("clientSecret", "from-secrets")
            .setting("pageSize", "1_000")
            .setting("deletes", "TRUE")
            .setting("timeZone", "America/New_York")
            .setting("loginUrl", "https://login.acme.example//")
            .setting("flow", "oauth")
            .baseUrl("http://127.0.0.1:8080/")
            .build();
    Settings s = Settings.of(DESCRIPTOR, config);
    assertThat(s.value("clientId")).contains("app-1");
    assertThat(s.value("clientSecret")).contains("from-secrets");
    assertThat(s.number("pageSize", 100, 1, 1000)).isEqualTo(1000);
    assertThat(s.bool("deletes", false)).isTrue();
    assertThat(s.zone("timeZone", ZoneOffset.UTC)).isEqualTo(ZoneId.of("America/New_York"));
    assertThat(s.url("loginUrl", null)).isEqualTo("https://login.acme.example");
    assertThat(s.choice("flow", Flow.BASIC, Flow.class)).isEqualTo(Flow.OAUTH);
    assertThat(s.baseUrl().toString()).isEqualTo("http://127.0.0.1:8080/");
    assertThat(s.value("pin", "none")).isEqualTo("none");
    s.check();
    assertThat(s.problems()).isEmpty();
  }

  @Test
  void absentOptionalKeysGiveTheirFallbacksAndTheDescriptorsDefaultBaseUrl() {
    Settings s =
        Settings.of(
            DESCRIPTOR,
            ConnectionConfig.builder("t1/acme")
                .setting("clientId", "a")
                .secret("clientSecret", "b")
                .build());
    assertThat(s.number("pageSize", 100, 1, 1000)).isEqualTo(100);
    assertThat(s.zone("timeZone", ZoneOffset.UTC)).isEqualTo(ZoneOffset.UTC);
    assertThat(s.baseUrl().host()).isEqualTo("api.acme.example");
    assertThat(s.require("pin", "for the pin flow")).isNull();
    assertThatThrownBy(s::check)
        .hasMessageContaining("pin is required for the pin flow (a secret number)");
  }

  @Test
  void numbersOutOfRangeAndUndeclaredKeysAreRefused() {
    Settings s =
        Settings.of(
            DESCRIPTOR,
            ConnectionConfig.builder("t1/acme")
                .setting("clientId", "a")
                .secret("clientSecret", "b")
                .setting("pageSize", "0")
                .build());
    assertThat(s.number("pageSize", 100, 1, 1000)).isEqualTo(100);
    assertThat(s.problems()).containsExactly("pageSize must be between 1 and 1000, not '0'");
    assertThatThrownBy(() -> s.value("undeclared"))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("add a ConfigKey");
  }
}
