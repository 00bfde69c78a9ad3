package dev.revsync.eloqua;

import dev.revsync.Activity;
import dev.revsync.ApiStyle;
import dev.revsync.ConfigKey;
import dev.revsync.ConfigurationException;
import dev.revsync.ConnectionConfig;
import dev.revsync.ConnectorDescriptor;
import dev.revsync.RateLimits;
import dev.revsync.spi.Settings;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Locale;

/**
 * The Eloqua connector's configuration keys and their validated values. Validation does no I/O and
 * names every missing or bad key at once, so a host fixes its settings screen in one round.
 *
 * <p>Immutable and thread-safe. {@link #toString()} shows no secret.
 *
 * @param baseUrlOverride the pod base URL set by the host (tests, a fixed pod); null to discover it
 *     with {@code /id}
 * @param timeZone the zone Eloqua writes date fields in (system timestamps are UTC)
 */
record EloquaConfig(
    String connectionId,
    String loginUrl,
    AuthFlow authFlow,
    String company,
    String username,
    String password,
    String clientId,
    String clientSecret,
    String refreshToken,
    boolean idDiffDeletes,
    String baseUrlOverride,
    ZoneId timeZone) {
  static final String SYSTEM = "eloqua";

  static final String LOGIN_URL = "loginUrl";
  static final String COMPANY = "company";
  static final String USERNAME = "username";
  static final String PASSWORD = "password";
  static final String AUTH_FLOW = "authFlow";
  static final String CLIENT_ID = "clientId";
  static final String CLIENT_SECRET = "clientSecret";
  static final String REFRESH_TOKEN = "refreshToken";
  static final String ID_DIFF_DELETES = "idDiffDeletes";
  static final String TIME_ZONE = "timeZone";

  static final String DEFAULT_LOGIN_URL = "https://login.eloqua.com";

  /** The keys, in the order a settings screen shows them. */
  static final List<ConfigKey> KEYS =
      List.of(
          ConfigKey.optional(
              LOGIN_URL,
              "Eloqua login service that answers GET /id and OAuth token requests; default "
                  + DEFAULT_LOGIN_URL),
          ConfigKey.optional(
              AUTH_FLOW, "basic (Company\\User:password) or oauth (refresh token); default basic"),
          ConfigKey.optional(COMPANY, "Eloqua site (company) name; required for basic"),
          ConfigKey.optional(
              USERNAME, "Eloqua user name of the integration user; required for basic"),
          ConfigKey.optionalSecret(
              PASSWORD, "Password of the integration user; required for basic"),
          ConfigKey.optional(
              CLIENT_ID, "OAuth app client id (AppCloud developer); required for oauth"),
          ConfigKey.optionalSecret(CLIENT_SECRET, "OAuth app client secret; required for oauth"),
          ConfigKey.optionalSecret(
              REFRESH_TOKEN,
              "OAuth refresh token; rotates on every refresh, the new one is handed "
                  + "to the connection's CredentialListener; required for oauth"),
          ConfigKey.optional(
              ID_DIFF_DELETES,
              "true to surface deletions by an id-only export diff after each sync "
                  + "(one more export per sync); default false"),
          ConfigKey.optional(
              TIME_ZONE,
              "The instance's time zone (IANA id, as in Eloqua's company defaults): Eloqua "
                  + "writes date fields in it, while system timestamps are exported in UTC; default UTC"));

  /** What the connector is; {@code revsync systems} prints it. */
  static final ConnectorDescriptor DESCRIPTOR = buildDescriptor();

  /** How calls authenticate. */
  enum AuthFlow {
    BASIC,
    OAUTH
  }

  private static ConnectorDescriptor buildDescriptor() {
    ConnectorDescriptor.Builder b =
        ConnectorDescriptor.builder(SYSTEM, "Oracle Eloqua")
            .apiStyles(Activity.LOGIN, ApiStyle.BULK)
            .apiStyles(Activity.SYNC, ApiStyle.BULK)
            .apiStyles(Activity.ENRICHMENT, ApiStyle.BULK)
            .apiStyles(Activity.SCORE_EXPORT, ApiStyle.BULK)
            .objects("Contact", "Account")
            .objects(EloquaObject.ACTIVITY_TYPES.toArray(String[]::new))
            // Oracle publishes no concurrency cap; a few calls in flight per connection stay
            // polite.
            .rateLimits(RateLimits.concurrency(4))
            // No cap on export syncs at once is published either (only a soft 2,000 an hour);
            // a job is one export's syncs, created back to back. As many as calls in flight.
            .maxConcurrentJobs(4)
            .note(
                "deletes",
                "Eloqua has no delete feed. With idDiffDeletes=true each sync of a contact, account or "
                    + "custom object ends with an id-only export; ids present in the previous one and missing now are "
                    + "delivered as deleted records. Off by default: it costs one more export per sync. Activities are "
                    + "never deleted.")
            .note(
                "quota",
                "Eloqua publishes no daily API call quota; the host's daily budget is the limit. 429s are "
                    + "retried with exponential backoff.")
            .note(
                "objects",
                "Contact, Account, an activity type ("
                    + String.join(", ", EloquaObject.ACTIVITY_TYPES)
                    + ", or Activity:<external type>) and CustomObject[<id>] as discover() lists them.")
            .note(
                "options",
                "catchUp=false turns off the one catch-up export a sync makes when its newest records "
                    + "were changed in the second the export began.")
            .note(
                "login",
                "Base URL discovered with GET {loginUrl}/id and kept for the connection; re-discovered on a "
                    + "401 (pod moves). ConnectionConfig.baseUrl overrides the discovered pod.");
    for (ConfigKey key : KEYS) b.configKey(key);
    return b.build();
  }

  /**
   * Reads and validates {@code config}.
   *
   * @throws ConfigurationException naming every missing or bad key
   */
  public static EloquaConfig from(ConnectionConfig config) {
    Settings s = Settings.of(DESCRIPTOR, config);
    String flowValue = s.value(AUTH_FLOW, "basic").toLowerCase(Locale.ROOT);
    AuthFlow flow =
        switch (flowValue) {
          case "basic" -> AuthFlow.BASIC;
          case "oauth", "oauth2" -> AuthFlow.OAUTH;
          default -> {
            s.problem(AUTH_FLOW + " must be 'basic' or 'oauth', not '" + flowValue + "'");
            yield null;
          }
        };
    if (flow == AuthFlow.BASIC) {
      for (String key : List.of(COMPANY, USERNAME, PASSWORD)) s.require(key, "for authFlow basic");
      s.value(COMPANY)
          .filter(v -> v.contains("\\"))
          .ifPresent(v -> s.problem(COMPANY + " must be the site name alone, without a backslash"));
    } else if (flow == AuthFlow.OAUTH) {
      for (String key : List.of(CLIENT_ID, CLIENT_SECRET, REFRESH_TOKEN))
        s.require(key, "for authFlow oauth");
    }
    boolean idDiffDeletes = s.bool(ID_DIFF_DELETES, false);
    String loginUrl = s.url(LOGIN_URL, DEFAULT_LOGIN_URL);
    ZoneId zone = s.zone(TIME_ZONE, ZoneOffset.UTC);
    s.check();
    return new EloquaConfig(
        config.connectionId(),
        loginUrl,
        flow,
        s.value(COMPANY).orElse(null),
        s.value(USERNAME).orElse(null),
        s.value(PASSWORD).orElse(null),
        s.value(CLIENT_ID).orElse(null),
        s.value(CLIENT_SECRET).orElse(null),
        s.value(REFRESH_TOKEN).orElse(null),
        idDiffDeletes,
        config.baseUrl().map(EloquaConfig::trimSlash).orElse(null),
        zone);
  }

  static String trimSlash(String url) {
    String u = url;
    while (u.endsWith("/")) u = u.substring(0, u.length() - 1);
    return u;
  }

  @Override
  public String toString() {
    return "EloquaConfig{"
        + connectionId
        + " "
        + authFlow
        + " login="
        + loginUrl
        + (authFlow == AuthFlow.BASIC
            ? " user=" + company + "\\" + username
            : " clientId=" + clientId)
        + (baseUrlOverride != null ? " base=" + baseUrlOverride : "")
        + " idDiffDeletes="
        + idDiffDeletes
        + " timeZone="
        + timeZone
        + "}";
  }
}
