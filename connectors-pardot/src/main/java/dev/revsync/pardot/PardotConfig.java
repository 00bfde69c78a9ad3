package dev.revsync.pardot;

import dev.revsync.Activity;
import dev.revsync.ApiStyle;
import dev.revsync.ConfigKey;
import dev.revsync.ConfigurationException;
import dev.revsync.ConnectionConfig;
import dev.revsync.ConnectorDescriptor;
import dev.revsync.RateLimits;
import dev.revsync.spi.JwtAssertion;
import dev.revsync.spi.Settings;
import java.security.PrivateKey;
import java.time.Duration;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.util.Locale;
import java.util.regex.Pattern;
import okhttp3.HttpUrl;

/**
 * The Pardot connector's configuration keys, its descriptor, and one connection's settings read and
 * checked from a {@link ConnectionConfig} (no I/O; every problem reported at once). Immutable;
 * {@link #toString()} shows no secret.
 *
 * @param baseUrl the Account Engagement host: the base-URL override, else by {@code host}
 * @param loginUrl the Salesforce OAuth host the token comes from (and the JWT audience)
 */
record PardotConfig(
    HttpUrl baseUrl,
    String loginUrl,
    AuthFlow authFlow,
    String clientId,
    String clientSecret,
    String refreshToken,
    String username,
    PrivateKey privateKey,
    String businessUnitId,
    Exports exports,
    Duration readLag,
    ZoneId timeZone) {
  static final String SYSTEM = "pardot";

  static final String HOST = "host";
  static final String LOGIN_URL = "loginUrl";
  static final String CLIENT_ID = "clientId";
  static final String CLIENT_SECRET = "clientSecret";
  static final String REFRESH_TOKEN = "refreshToken";
  static final String AUTH_FLOW = "authFlow";
  static final String USERNAME = "username";
  static final String PRIVATE_KEY = "privateKey";
  static final String BUSINESS_UNIT_ID = "businessUnitId";
  static final String EXPORTS = "exports";
  static final String READ_LAG = "readLag";
  static final String TIME_ZONE = "timeZone";

  /**
   * The {@link dev.revsync.SyncRequest#options()} key forcing a style: {@code REST} or {@code
   * BATCH} (an export).
   */
  static final String STYLE_OPTION = "style";

  static final String PRODUCTION_HOST = "https://pi.pardot.com";
  static final String DEMO_HOST = "https://pi.demo.pardot.com";
  static final String PRODUCTION_LOGIN = "https://login.salesforce.com";
  static final String SANDBOX_LOGIN = "https://test.salesforce.com";
  private static final Pattern BUSINESS_UNIT = Pattern.compile("0Uv[A-Za-z0-9]{15}");

  /** How the connection obtains its Salesforce OAuth access token. */
  enum AuthFlow {
    REFRESH_TOKEN,
    CLIENT_CREDENTIALS,
    JWT
  }

  /** When a sync uses the export API. */
  enum Exports {
    AUTO,
    ALWAYS,
    NEVER
  }

  /** Which Account Engagement host serves the business unit (§1 of the notes). */
  enum Host {
    PRODUCTION,
    DEMO
  }

  static final ConnectorDescriptor DESCRIPTOR =
      ConnectorDescriptor.builder(SYSTEM, "Pardot (Account Engagement)")
          .apiStyles(Activity.LOGIN, ApiStyle.REST)
          .apiStyles(Activity.SYNC, ApiStyle.REST)
          .apiStyles(Activity.ENRICHMENT, ApiStyle.REST)
          .apiStyles(Activity.SCORE_EXPORT, ApiStyle.REST)
          .objects(PardotObject.names().toArray(new String[0]))
          .configKey(
              ConfigKey.required(
                  BUSINESS_UNIT_ID,
                  "Account Engagement business unit id (18 characters, starts "
                      + "0Uv; Salesforce Setup > Business Unit Setup), sent as Pardot-Business-Unit-Id on every call"))
          .configKey(
              ConfigKey.optional(
                  HOST,
                  "production (default, "
                      + PRODUCTION_HOST
                      + ") or demo ("
                      + DEMO_HOST
                      + ", for sandboxes, developer and training orgs); the base URL overrides it"))
          .configKey(
              ConfigKey.optional(
                  LOGIN_URL,
                  "Salesforce OAuth host: "
                      + PRODUCTION_LOGIN
                      + " (default), "
                      + SANDBOX_LOGIN
                      + " or the org's My Domain (required for client_credentials)"))
          .configKey(
              ConfigKey.required(
                  CLIENT_ID, "Connected app consumer key (the app needs the pardot_api scope)"))
          .configKey(ConfigKey.optionalSecret(CLIENT_SECRET, "Connected app consumer secret"))
          .configKey(
              ConfigKey.optionalSecret(REFRESH_TOKEN, "OAuth refresh token (refresh_token flow)"))
          .configKey(
              ConfigKey.optional(
                  AUTH_FLOW,
                  "refresh_token | client_credentials | jwt; default: refresh_token "
                      + "when a refresh token is given, jwt when a private key is, else client_credentials"))
          .configKey(
              ConfigKey.optional(USERNAME, "Salesforce username the JWT bearer flow logs in as"))
          .configKey(
              ConfigKey.optionalSecret(
                  PRIVATE_KEY,
                  "PEM RSA private key (PKCS#8 or PKCS#1) whose certificate is "
                      + "uploaded to the connected app (jwt flow)"))
          .configKey(
              ConfigKey.optional(
                  EXPORTS,
                  "auto (default: a full pull of prospects, visitor activities or list "
                      + "memberships with more than one page uses the v5 export API), always, or never"))
          .configKey(
              ConfigKey.optional(
                  READ_LAG,
                  "ISO-8601 duration the read cache may trail writes (default PT60S): "
                      + "a sync reads records modified up to this long before it started"))
          .configKey(
              ConfigKey.optional(
                  TIME_ZONE,
                  "The account's time zone (such as America/New_York), for export files "
                      + "that carry dates without an offset; default UTC"))
          // Pardot allows five concurrent API requests per business unit.
          .rateLimits(RateLimits.concurrency(5))
          // "Exports run one after another per account, oldest first": a second one only queues.
          .maxConcurrentJobs(1)
          .defaultBaseUrl(PRODUCTION_HOST)
          .note(
              "deletes",
              "Surfaced as deleted records through deleted=all and isDeleted (the recycle bin); "
                  + "visitor activities have no deletes")
          .note(
              "quota",
              "The business unit's daily API requests (25,000 to 100,000 by edition) are read from x-api-usage "
                  + "on every response; error 122 ends a sync as QUOTA_EXHAUSTED with a checkpoint; 66 and 202 are waited out")
          .note(
              "cursor",
              "updatedAt with an id tie-breaker; page tokens expire after 4 hours and a token sequence stops "
                  + "after 100,000 records, after which the sync re-queries from its cursor")
          .note(
              "writes",
              "ENRICHMENT and SCORE_EXPORT: PATCH prospects/{id} by id, or upsertLatestByEmail when matched on "
                  + "email; one call per record, at most five at once")
          .build();

  /**
   * Reads and checks the connection's settings.
   *
   * @throws ConfigurationException naming every missing or bad key
   */
  static PardotConfig from(ConnectionConfig config) {
    Settings s = Settings.of(DESCRIPTOR, config);
    Host host = s.choice(HOST, Host.PRODUCTION, Host.class);
    HttpUrl base =
        config.baseUrl().isPresent()
            ? s.baseUrl()
            : HttpUrl.get(host == Host.DEMO ? DEMO_HOST : PRODUCTION_HOST);
    String login = s.url(LOGIN_URL, PRODUCTION_LOGIN);
    String clientSecret = s.value(CLIENT_SECRET).orElse(null);
    String refreshToken = s.value(REFRESH_TOKEN).orElse(null);
    String pem = s.value(PRIVATE_KEY).orElse(null);
    AuthFlow flow =
        s.choice(
            AUTH_FLOW,
            refreshToken != null
                ? AuthFlow.REFRESH_TOKEN
                : pem != null ? AuthFlow.JWT : AuthFlow.CLIENT_CREDENTIALS,
            AuthFlow.class);
    PrivateKey key = null;
    switch (flow) {
      case REFRESH_TOKEN -> s.require(REFRESH_TOKEN, "by the refresh_token flow");
      case CLIENT_CREDENTIALS -> s.require(CLIENT_SECRET, "by the client_credentials flow");
      case JWT -> {
        s.require(USERNAME, "by the jwt flow (it logs in as this user)");
        if (s.require(PRIVATE_KEY, "by the jwt flow (it signs with it)") != null) {
          try {
            key = JwtAssertion.readPrivateKey(pem);
          } catch (IllegalArgumentException e) {
            s.problem(PRIVATE_KEY + " is not a usable RSA private key: " + e.getMessage());
          }
        }
      }
    }
    String businessUnit = s.value(BUSINESS_UNIT_ID).orElse(null);
    if (businessUnit != null && !BUSINESS_UNIT.matcher(businessUnit).matches()) {
      s.problem(
          BUSINESS_UNIT_ID + " must be 18 letters and digits starting 0Uv: '" + businessUnit + "'");
    }
    Exports exports = s.choice(EXPORTS, Exports.AUTO, Exports.class);
    Duration lag = Duration.ofSeconds(60);
    String lagSetting = s.value(READ_LAG).orElse(null);
    if (lagSetting != null) {
      try {
        lag = Duration.parse(lagSetting);
        if (lag.isNegative()) s.problem(READ_LAG + " must not be negative: '" + lagSetting + "'");
      } catch (RuntimeException e) {
        s.problem(READ_LAG + " must be an ISO-8601 duration such as PT60S: '" + lagSetting + "'");
      }
    }
    ZoneId zone = s.zone(TIME_ZONE, ZoneOffset.UTC);
    s.check();
    return new PardotConfig(
        base,
        login,
        flow,
        s.value(CLIENT_ID).orElse(null),
        clientSecret,
        refreshToken,
        s.value(USERNAME).orElse(null),
        key,
        businessUnit,
        exports,
        lag,
        zone);
  }

  String tokenUrl() {
    return loginUrl + "/services/oauth2/token";
  }

  @Override
  public String toString() {
    return "PardotConfig{"
        + baseUrl
        + ", businessUnit="
        + businessUnitId
        + ", flow="
        + authFlow.name().toLowerCase(Locale.ROOT)
        + ", exports="
        + exports
        + "}";
  }
}
