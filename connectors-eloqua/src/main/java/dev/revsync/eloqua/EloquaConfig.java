package dev.revsync.eloqua;

import dev.revsync.ConfigKey;
import dev.revsync.ConfigurationException;
import dev.revsync.ConnectionConfig;
import java.time.DateTimeException;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * The Eloqua connector's configuration keys and their validated values. Validation does no I/O and
 * names every missing or bad key at once, so a host fixes its settings screen in one round.
 *
 * <p>Immutable and thread-safe. {@link #toString()} shows no secret.
 */
public final class EloquaConfig {
  public static final String SYSTEM = "eloqua";

  public static final String LOGIN_URL = "loginUrl";
  public static final String COMPANY = "company";
  public static final String USERNAME = "username";
  public static final String PASSWORD = "password";
  public static final String AUTH_FLOW = "authFlow";
  public static final String CLIENT_ID = "clientId";
  public static final String CLIENT_SECRET = "clientSecret";
  public static final String REFRESH_TOKEN = "refreshToken";
  public static final String ID_DIFF_DELETES = "idDiffDeletes";
  public static final String TIME_ZONE = "timeZone";

  public static final String DEFAULT_LOGIN_URL = "https://login.eloqua.com";

  /** The keys, in the order a settings screen shows them. */
  public static final List<ConfigKey> KEYS = List.of(
      ConfigKey.optional(LOGIN_URL, "Eloqua login service that answers GET /id and OAuth token requests; default "
          + DEFAULT_LOGIN_URL),
      ConfigKey.optional(AUTH_FLOW, "basic (Company\\User:password) or oauth (refresh token); default basic"),
      ConfigKey.optional(COMPANY, "Eloqua site (company) name; required for basic"),
      ConfigKey.optional(USERNAME, "Eloqua user name of the integration user; required for basic"),
      ConfigKey.optionalSecret(PASSWORD, "Password of the integration user; required for basic"),
      ConfigKey.optional(CLIENT_ID, "OAuth app client id (AppCloud developer); required for oauth"),
      ConfigKey.optionalSecret(CLIENT_SECRET, "OAuth app client secret; required for oauth"),
      ConfigKey.optionalSecret(REFRESH_TOKEN, "OAuth refresh token; rotates on every refresh, the new one is handed "
          + "to the connection's CredentialListener; required for oauth"),
      ConfigKey.optional(ID_DIFF_DELETES, "true to surface deletions by an id-only export diff after each sync "
          + "(one more export per sync); default false"),
      ConfigKey.optional(TIME_ZONE, "The instance's time zone (IANA id, as in Eloqua's company defaults): Eloqua "
          + "writes date fields in it, while system timestamps are exported in UTC; default UTC"));

  /** How calls authenticate. */
  public enum AuthFlow {
    BASIC,
    OAUTH
  }

  private final String connectionId;
  private final String loginUrl;
  private final AuthFlow authFlow;
  private final String company;
  private final String username;
  private final String password;
  private final String clientId;
  private final String clientSecret;
  private final String refreshToken;
  private final boolean idDiffDeletes;
  private final String baseUrlOverride;
  private final ZoneId timeZone;

  private EloquaConfig(ConnectionConfig c, AuthFlow flow, boolean idDiffDeletes, String loginUrl, ZoneId timeZone) {
    this.connectionId = c.connectionId();
    this.loginUrl = loginUrl;
    this.authFlow = flow;
    this.company = c.value(COMPANY).orElse(null);
    this.username = c.value(USERNAME).orElse(null);
    this.password = c.value(PASSWORD).orElse(null);
    this.clientId = c.value(CLIENT_ID).orElse(null);
    this.clientSecret = c.value(CLIENT_SECRET).orElse(null);
    this.refreshToken = c.value(REFRESH_TOKEN).orElse(null);
    this.idDiffDeletes = idDiffDeletes;
    this.baseUrlOverride = c.baseUrl().map(EloquaConfig::trimSlash).orElse(null);
    this.timeZone = timeZone;
  }

  /**
   * Reads and validates {@code config}.
   *
   * @throws ConfigurationException naming every missing or bad key
   */
  public static EloquaConfig from(ConnectionConfig config) {
    List<String> problems = new ArrayList<>();
    String flowValue = config.value(AUTH_FLOW).orElse("basic").trim().toLowerCase(Locale.ROOT);
    AuthFlow flow = null;
    switch (flowValue) {
      case "basic" -> flow = AuthFlow.BASIC;
      case "oauth", "oauth2" -> flow = AuthFlow.OAUTH;
      default -> problems.add(AUTH_FLOW + " must be 'basic' or 'oauth', not '" + flowValue + "'");
    }
    if (flow == AuthFlow.BASIC) {
      require(config, problems, COMPANY, USERNAME, PASSWORD);
      config.value(COMPANY).filter(v -> v.contains("\\"))
          .ifPresent(v -> problems.add(COMPANY + " must be the site name alone, without a backslash"));
    } else if (flow == AuthFlow.OAUTH) {
      require(config, problems, CLIENT_ID, CLIENT_SECRET, REFRESH_TOKEN);
    }
    String deletes = config.value(ID_DIFF_DELETES).orElse("false").trim().toLowerCase(Locale.ROOT);
    if (!deletes.equals("true") && !deletes.equals("false")) {
      problems.add(ID_DIFF_DELETES + " must be 'true' or 'false', not '" + deletes + "'");
    }
    String loginUrl = trimSlash(config.value(LOGIN_URL).orElse(DEFAULT_LOGIN_URL).trim());
    if (!(loginUrl.startsWith("https://") || loginUrl.startsWith("http://"))) {
      problems.add(LOGIN_URL + " must be an http(s) URL, not '" + loginUrl + "'");
    }
    ZoneId zone = ZoneOffset.UTC;
    String zoneValue = config.value(TIME_ZONE).orElse("").trim();
    if (!zoneValue.isEmpty()) {
      try {
        zone = ZoneId.of(zoneValue);
      } catch (DateTimeException e) {
        problems.add(TIME_ZONE + " must be a time zone id such as America/New_York, not '" + zoneValue + "'");
      }
    }
    if (!problems.isEmpty()) {
      throw new ConfigurationException(SYSTEM, "open " + config.connectionId(), String.join("; ", problems),
          "Fix the connection's settings (keys: " + KEYS.stream().map(ConfigKey::name).toList() + ")", null);
    }
    return new EloquaConfig(config, flow, deletes.equals("true"), loginUrl, zone);
  }

  private static void require(ConnectionConfig config, List<String> problems, String... keys) {
    for (String key : keys) {
      if (config.value(key).filter(v -> !v.isBlank()).isEmpty()) {
        problems.add(key + " is required for authFlow " + config.value(AUTH_FLOW).orElse("basic"));
      }
    }
  }

  static String trimSlash(String url) {
    String u = url;
    while (u.endsWith("/")) u = u.substring(0, u.length() - 1);
    return u;
  }

  public String connectionId() {
    return connectionId;
  }

  public String loginUrl() {
    return loginUrl;
  }

  public AuthFlow authFlow() {
    return authFlow;
  }

  public String company() {
    return company;
  }

  public String username() {
    return username;
  }

  String password() {
    return password;
  }

  public String clientId() {
    return clientId;
  }

  String clientSecret() {
    return clientSecret;
  }

  String refreshToken() {
    return refreshToken;
  }

  public boolean idDiffDeletes() {
    return idDiffDeletes;
  }

  /** The zone Eloqua writes date fields in (system timestamps are UTC). */
  public ZoneId timeZone() {
    return timeZone;
  }

  /** The pod base URL set by the host (tests, a fixed pod); null to discover it with {@code /id}. */
  public String baseUrlOverride() {
    return baseUrlOverride;
  }

  @Override
  public String toString() {
    return "EloquaConfig{" + connectionId + " " + authFlow + " login=" + loginUrl
        + (authFlow == AuthFlow.BASIC ? " user=" + company + "\\" + username : " clientId=" + clientId)
        + (baseUrlOverride != null ? " base=" + baseUrlOverride : "") + " idDiffDeletes=" + idDiffDeletes
        + " timeZone=" + timeZone + "}";
  }
}
