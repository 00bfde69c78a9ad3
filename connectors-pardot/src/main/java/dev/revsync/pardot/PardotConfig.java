package dev.revsync.pardot;

import dev.revsync.Activity;
import dev.revsync.ApiStyle;
import dev.revsync.ConfigKey;
import dev.revsync.ConfigurationException;
import dev.revsync.ConnectionConfig;
import dev.revsync.ConnectorDescriptor;
import dev.revsync.RateLimits;
import dev.revsync.spi.TokenProviders;
import java.net.URI;
import java.security.PrivateKey;
import java.time.Duration;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.regex.Pattern;

/**
 * The Pardot connector's configuration keys, its descriptor, and one connection's settings read
 * and checked from a {@link ConnectionConfig} (no I/O; every problem reported at once). Immutable;
 * {@link #toString()} shows no secret.
 */
final class PardotConfig {
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

  /** The {@link dev.revsync.SyncRequest#options()} key forcing a style: {@code REST} or {@code BATCH} (an export). */
  static final String STYLE_OPTION = "style";

  static final String PRODUCTION_HOST = "https://pi.pardot.com";
  static final String DEMO_HOST = "https://pi.demo.pardot.com";
  static final String PRODUCTION_LOGIN = "https://login.salesforce.com";
  static final String SANDBOX_LOGIN = "https://test.salesforce.com";
  private static final Pattern BUSINESS_UNIT = Pattern.compile("0Uv[A-Za-z0-9]{15}");

  /** How the connection obtains its Salesforce OAuth access token. */
  enum AuthFlow { REFRESH_TOKEN, CLIENT_CREDENTIALS, JWT }

  /** When a sync uses the export API. */
  enum Exports { AUTO, ALWAYS, NEVER }

  static final ConnectorDescriptor DESCRIPTOR = ConnectorDescriptor.builder(SYSTEM, "Pardot (Account Engagement)")
      .apiStyles(Activity.LOGIN, ApiStyle.REST)
      .apiStyles(Activity.SYNC, ApiStyle.REST)
      .apiStyles(Activity.ENRICHMENT, ApiStyle.REST)
      .apiStyles(Activity.SCORE_EXPORT, ApiStyle.REST)
      .objects(PardotObject.names().toArray(new String[0]))
      .configKey(ConfigKey.required(BUSINESS_UNIT_ID, "Account Engagement business unit id (18 characters, starts "
          + "0Uv; Salesforce Setup > Business Unit Setup), sent as Pardot-Business-Unit-Id on every call"))
      .configKey(ConfigKey.optional(HOST, "production (default, " + PRODUCTION_HOST + ") or demo (" + DEMO_HOST
          + ", for sandboxes, developer and training orgs); the base URL overrides it"))
      .configKey(ConfigKey.optional(LOGIN_URL, "Salesforce OAuth host: " + PRODUCTION_LOGIN + " (default), "
          + SANDBOX_LOGIN + " or the org's My Domain (required for client_credentials)"))
      .configKey(ConfigKey.required(CLIENT_ID, "Connected app consumer key (the app needs the pardot_api scope)"))
      .configKey(ConfigKey.optionalSecret(CLIENT_SECRET, "Connected app consumer secret"))
      .configKey(ConfigKey.optionalSecret(REFRESH_TOKEN, "OAuth refresh token (refresh_token flow)"))
      .configKey(ConfigKey.optional(AUTH_FLOW, "refresh_token | client_credentials | jwt; default: refresh_token "
          + "when a refresh token is given, jwt when a private key is, else client_credentials"))
      .configKey(ConfigKey.optional(USERNAME, "Salesforce username the JWT bearer flow logs in as"))
      .configKey(ConfigKey.optionalSecret(PRIVATE_KEY, "PEM RSA private key (PKCS#8 or PKCS#1) whose certificate is "
          + "uploaded to the connected app (jwt flow)"))
      .configKey(ConfigKey.optional(EXPORTS, "auto (default: a full pull of prospects, visitor activities or list "
          + "memberships with more than one page uses the v5 export API), always, or never"))
      .configKey(ConfigKey.optional(READ_LAG, "ISO-8601 duration the read cache may trail writes (default PT60S): "
          + "a sync reads records modified up to this long before it started"))
      .configKey(ConfigKey.optional(TIME_ZONE, "The account's time zone (such as America/New_York), for export files "
          + "that carry dates without an offset; default UTC"))
      // Pardot allows five concurrent API requests per business unit.
      .rateLimits(RateLimits.concurrency(5))
      .defaultBaseUrl(PRODUCTION_HOST)
      .note("deletes", "Surfaced as deleted records through deleted=all and isDeleted (the recycle bin); "
          + "visitor activities have no deletes")
      .note("quota", "The business unit's daily API requests (25,000 to 100,000 by edition) are read from x-api-usage "
          + "on every response; error 122 ends a sync as QUOTA_EXHAUSTED with a checkpoint; 66 and 202 are waited out")
      .note("cursor", "updatedAt with an id tie-breaker; page tokens expire after 4 hours and a token sequence stops "
          + "after 100,000 records, after which the sync re-queries from its cursor")
      .note("writes", "ENRICHMENT and SCORE_EXPORT: PATCH prospects/{id} by id, or upsertLatestByEmail when matched on "
          + "email; one call per record, at most five at once")
      .build();

  private final String baseUrl;
  private final String tokenUrl;
  private final String clientId;
  private final String clientSecret;
  private final String refreshToken;
  private final AuthFlow authFlow;
  private final String username;
  private final String audience;
  private final PrivateKey privateKey;
  private final String businessUnitId;
  private final Exports exports;
  private final Duration readLag;
  private final ZoneId timeZone;

  private PardotConfig(ConnectionConfig config, List<String> problems) {
    String host = config.setting(HOST).map(s -> s.trim().toLowerCase(Locale.ROOT)).orElse("production");
    if (!host.equals("production") && !host.equals("demo")) {
      problems.add(HOST + " must be production or demo: '" + host + "'");
    }
    this.baseUrl = trimSlash(config.baseUrl().orElse(host.equals("demo") ? DEMO_HOST : PRODUCTION_HOST));
    if (!validUrl(baseUrl)) problems.add("baseUrl must be an http(s) URL: '" + baseUrl + "'");
    String login = trimSlash(config.setting(LOGIN_URL).orElse(PRODUCTION_LOGIN));
    if (!validUrl(login)) problems.add(LOGIN_URL + " must be an https URL such as " + PRODUCTION_LOGIN + ": '" + login + "'");
    this.tokenUrl = login + "/services/oauth2/token";
    this.clientId = config.value(CLIENT_ID).filter(s -> !s.isBlank()).orElse(null);
    if (clientId == null) problems.add(CLIENT_ID + " is required (the connected app's consumer key)");
    this.clientSecret = config.secret(CLIENT_SECRET).filter(s -> !s.isBlank()).orElse(null);
    this.refreshToken = config.secret(REFRESH_TOKEN).filter(s -> !s.isBlank()).orElse(null);
    String pem = config.secret(PRIVATE_KEY).filter(s -> !s.isBlank()).orElse(null);
    this.username = config.value(USERNAME).filter(s -> !s.isBlank()).orElse(null);
    this.audience = login;
    String flow = config.setting(AUTH_FLOW).map(s -> s.trim().toLowerCase(Locale.ROOT))
        .orElse(refreshToken != null ? "refresh_token" : pem != null ? "jwt" : "client_credentials");
    PrivateKey key = null;
    AuthFlow f = null;
    switch (flow) {
      case "refresh_token" -> {
        f = AuthFlow.REFRESH_TOKEN;
        if (refreshToken == null) problems.add(REFRESH_TOKEN + " is required for the refresh_token flow");
      }
      case "client_credentials" -> {
        f = AuthFlow.CLIENT_CREDENTIALS;
        if (clientSecret == null) problems.add(CLIENT_SECRET + " is required for the client_credentials flow");
      }
      case "jwt" -> {
        f = AuthFlow.JWT;
        if (username == null) problems.add(USERNAME + " is required for the jwt flow");
        if (pem == null) {
          problems.add(PRIVATE_KEY + " is required for the jwt flow");
        } else {
          try {
            key = TokenProviders.rsaPrivateKey(pem);
          } catch (IllegalArgumentException e) {
            problems.add(PRIVATE_KEY + ": " + e.getMessage());
          }
        }
      }
      default -> problems.add(AUTH_FLOW + " must be refresh_token, client_credentials or jwt: '" + flow + "'");
    }
    this.authFlow = f;
    this.privateKey = key;
    this.businessUnitId = config.value(BUSINESS_UNIT_ID).map(String::trim).orElse(null);
    if (businessUnitId == null) {
      problems.add(BUSINESS_UNIT_ID + " is required (Salesforce Setup > Business Unit Setup)");
    } else if (!BUSINESS_UNIT.matcher(businessUnitId).matches()) {
      problems.add(BUSINESS_UNIT_ID + " must be 18 letters and digits starting 0Uv: '" + businessUnitId + "'");
    }
    Exports e = Exports.AUTO;
    String exportSetting = config.setting(EXPORTS).map(s -> s.trim().toUpperCase(Locale.ROOT)).orElse("AUTO");
    try {
      e = Exports.valueOf(exportSetting);
    } catch (IllegalArgumentException ex) {
      problems.add(EXPORTS + " must be auto, always or never: '" + exportSetting.toLowerCase(Locale.ROOT) + "'");
    }
    this.exports = e;
    Duration lag = Duration.ofSeconds(60);
    String lagSetting = config.setting(READ_LAG).orElse(null);
    if (lagSetting != null) {
      try {
        lag = Duration.parse(lagSetting.trim());
        if (lag.isNegative()) problems.add(READ_LAG + " must not be negative: '" + lagSetting + "'");
      } catch (RuntimeException ex) {
        problems.add(READ_LAG + " must be an ISO-8601 duration such as PT60S: '" + lagSetting + "'");
      }
    }
    this.readLag = lag;
    ZoneId zone = ZoneId.of("UTC");
    String zoneSetting = config.setting(TIME_ZONE).orElse(null);
    if (zoneSetting != null) {
      try {
        zone = ZoneId.of(zoneSetting.trim());
      } catch (RuntimeException ex) {
        problems.add(TIME_ZONE + " must be a time zone id such as America/New_York: '" + zoneSetting + "'");
      }
    }
    this.timeZone = zone;
  }

  /** Reads and checks {@code config}; a {@link ConfigurationException} lists every problem. */
  static PardotConfig from(ConnectionConfig config) {
    List<String> problems = new ArrayList<>();
    PardotConfig c = new PardotConfig(config, problems);
    if (!problems.isEmpty()) {
      throw new ConfigurationException(SYSTEM, "open", String.join("; ", problems),
          "Fix the connection's settings", null);
    }
    return c;
  }

  private static String trimSlash(String url) {
    String u = url.trim();
    while (u.endsWith("/")) u = u.substring(0, u.length() - 1);
    return u;
  }

  private static boolean validUrl(String url) {
    try {
      URI u = URI.create(url);
      return u.getHost() != null && ("https".equals(u.getScheme()) || "http".equals(u.getScheme()));
    } catch (IllegalArgumentException e) {
      return false;
    }
  }

  String baseUrl() {
    return baseUrl;
  }

  String tokenUrl() {
    return tokenUrl;
  }

  String clientId() {
    return clientId;
  }

  String clientSecret() {
    return clientSecret;
  }

  String refreshToken() {
    return refreshToken;
  }

  AuthFlow authFlow() {
    return authFlow;
  }

  String username() {
    return username;
  }

  /** The JWT assertion's audience: the login host. */
  String audience() {
    return audience;
  }

  PrivateKey privateKey() {
    return privateKey;
  }

  String businessUnitId() {
    return businessUnitId;
  }

  Exports exports() {
    return exports;
  }

  Duration readLag() {
    return readLag;
  }

  ZoneId timeZone() {
    return timeZone;
  }

  @Override
  public String toString() {
    return "PardotConfig{" + baseUrl + ", businessUnit=" + businessUnitId + ", flow=" + authFlow + ", exports="
        + exports + "}";
  }
}
