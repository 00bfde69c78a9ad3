package dev.revsync.salesforce;

import dev.revsync.Activity;
import dev.revsync.ApiStyle;
import dev.revsync.ConfigKey;
import dev.revsync.ConfigurationException;
import dev.revsync.ConnectionConfig;
import dev.revsync.ConnectorDescriptor;
import dev.revsync.RateLimits;
import dev.revsync.spi.JwtAssertion;
import dev.revsync.spi.Settings;
import java.net.URI;
import java.security.PrivateKey;
import java.util.Locale;
import java.util.Optional;
import java.util.regex.Pattern;

/**
 * The Salesforce connector's configuration keys, its descriptor, and one connection's settings read
 * and checked from a {@link ConnectionConfig} (no I/O). Immutable; {@link #toString()} shows no
 * secret.
 *
 * @param loginUrl the OAuth host: {@code loginUrl}, else the base-URL override, else production
 * @param instanceOverride the base-URL override of the instance URL the token response names; null
 *     for none
 * @param apiVersion such as {@code 66.0}
 */
record SalesforceConfig(
    AuthFlow authFlow,
    String loginUrl,
    String instanceOverride,
    String clientId,
    String clientSecret,
    String refreshToken,
    String username,
    PrivateKey privateKey,
    String apiVersion,
    long bulkThreshold,
    int bulkMaxRecords) {
  public static final String SYSTEM = "salesforce";

  public static final String LOGIN_URL = "loginUrl";
  public static final String CLIENT_ID = "clientId";
  public static final String CLIENT_SECRET = "clientSecret";
  public static final String REFRESH_TOKEN = "refreshToken";
  public static final String AUTH_FLOW = "authFlow";
  public static final String USERNAME = "username";
  public static final String PRIVATE_KEY = "privateKey";
  public static final String API_VERSION = "apiVersion";
  public static final String BULK_THRESHOLD = "bulkThreshold";
  public static final String BULK_MAX_RECORDS = "bulkMaxRecords";

  /**
   * The {@link dev.revsync.SyncRequest#options()} key forcing an API style: {@code REST} or {@code
   * BATCH}.
   */
  public static final String STYLE_OPTION = "style";

  public static final String PRODUCTION_LOGIN = "https://login.salesforce.com";
  public static final String SANDBOX_LOGIN = "https://test.salesforce.com";

  /** A current release (Spring '26); 31.0 is the oldest Salesforce still serves. */
  public static final String DEFAULT_API_VERSION = "66.0";

  public static final long DEFAULT_BULK_THRESHOLD = 20_000;
  public static final int DEFAULT_BULK_MAX_RECORDS = 50_000;

  private static final Pattern VERSION = Pattern.compile("v?(\\d{2,3})\\.0");

  /** How the connection obtains its OAuth access token. */
  enum AuthFlow {
    REFRESH_TOKEN("refresh_token"),
    CLIENT_CREDENTIALS("client_credentials"),
    JWT("jwt");

    final String key;

    AuthFlow(String key) {
      this.key = key;
    }

    static Optional<AuthFlow> of(String key) {
      for (AuthFlow f : values()) {
        if (f.key.equalsIgnoreCase(key.trim())) return Optional.of(f);
      }
      return Optional.empty();
    }
  }

  public static final ConnectorDescriptor DESCRIPTOR =
      ConnectorDescriptor.builder(SYSTEM, "Salesforce")
          .apiStyles(Activity.LOGIN, ApiStyle.REST)
          .apiStyles(Activity.SYNC, ApiStyle.REST, ApiStyle.BATCH)
          .apiStyles(Activity.ENRICHMENT, ApiStyle.SOAP)
          .apiStyles(Activity.SCORE_EXPORT, ApiStyle.SOAP)
          .objects(
              "Account",
              "Contact",
              "Lead",
              "Opportunity",
              "Campaign",
              "CampaignMember",
              "Task",
              "Event",
              "User")
          .configKey(
              ConfigKey.optional(
                  LOGIN_URL,
                  "OAuth login host: "
                      + PRODUCTION_LOGIN
                      + " (default), "
                      + SANDBOX_LOGIN
                      + " (sandbox) or the org's My Domain https://<name>.my.salesforce.com "
                      + "(required for client_credentials)"))
          .configKey(ConfigKey.required(CLIENT_ID, "Connected app consumer key"))
          .configKey(
              ConfigKey.optionalSecret(
                  CLIENT_SECRET,
                  "Connected app consumer secret "
                      + "(client_credentials; refresh_token when the app requires it)"))
          .configKey(
              ConfigKey.optionalSecret(REFRESH_TOKEN, "OAuth refresh token (refresh_token flow)"))
          .configKey(
              ConfigKey.optional(
                  AUTH_FLOW,
                  "refresh_token | client_credentials | jwt; "
                      + "default: inferred from the credentials given"))
          .configKey(
              ConfigKey.optional(USERNAME, "Salesforce username the JWT bearer flow logs in as"))
          .configKey(
              ConfigKey.optionalSecret(
                  PRIVATE_KEY,
                  "PEM RSA private key (PKCS#8 or PKCS#1) whose "
                      + "certificate is uploaded to the connected app (jwt flow)"))
          .configKey(
              ConfigKey.optional(
                  API_VERSION,
                  "API version such as " + DEFAULT_API_VERSION + " (default); 31.0 or newer"))
          .configKey(
              ConfigKey.optional(
                  BULK_THRESHOLD,
                  "Records above which a sync uses a Bulk API 2.0 query "
                      + "job instead of REST query pages; default "
                      + DEFAULT_BULK_THRESHOLD))
          .configKey(
              ConfigKey.optional(
                  BULK_MAX_RECORDS,
                  "Records per Bulk API 2.0 result chunk (maxRecords); "
                      + "default "
                      + DEFAULT_BULK_MAX_RECORDS))
          // Salesforce caps long-running (>= 20 s) requests at 25 per org; short ones are uncapped.
          .rateLimits(RateLimits.concurrency(25))
          // No cap on Bulk API 2.0 query jobs preparing at once is published (only 10,000 a day);
          // the nearest is the org's 25 concurrent long-running requests, which we keep to.
          .maxConcurrentJobs(25)
          .note(
              "deletes",
              "Surfaced as deleted records: queryAll (or a Bulk API 2.0 queryAll job) with IsDeleted; "
                  + "Salesforce keeps deleted records in the recycle bin for 15 days, so sync at least that often")
          .note(
              "quota",
              "The org's rolling-24-hour API allocation (DailyApiRequests) is read from Sforce-Limit-Info "
                  + "on every REST response and LimitInfoHeader on every SOAP response; REQUEST_LIMIT_EXCEEDED ends a "
                  + "sync as QUOTA_EXHAUSTED with a checkpoint")
          .note(
              "options",
              STYLE_OPTION
                  + "=REST|BATCH forces REST query pages or a Bulk API 2.0 query job; "
                  + "by default a sync whose first query page reports more than "
                  + BULK_THRESHOLD
                  + " records switches to a Bulk API 2.0 job")
          .note(
              "cursor",
              "SystemModstamp, else LastModifiedDate, else CreatedDate; ties broken on Id")
          .build();

  /**
   * Reads and checks the connection's settings.
   *
   * @throws ConfigurationException naming every missing or bad key
   */
  static SalesforceConfig from(ConnectionConfig config) {
    Settings s = Settings.of(DESCRIPTOR, config);
    String instanceOverride = config.baseUrl().map(SalesforceConfig::trimSlash).orElse(null);
    String login = s.url(LOGIN_URL, null);
    String loginUrl =
        login != null ? login : instanceOverride != null ? instanceOverride : PRODUCTION_LOGIN;
    String clientSecret = s.value(CLIENT_SECRET).orElse(null);
    String refreshToken = s.value(REFRESH_TOKEN).orElse(null);
    String pem = s.value(PRIVATE_KEY).orElse(null);

    AuthFlow flow = null;
    Optional<String> flowSetting = s.value(AUTH_FLOW);
    if (flowSetting.isPresent()) {
      flow = AuthFlow.of(flowSetting.get()).orElse(null);
      if (flow == null) {
        s.problem(
            AUTH_FLOW
                + " must be refresh_token, client_credentials or jwt: '"
                + flowSetting.get()
                + "'");
      }
    } else if (refreshToken != null) {
      flow = AuthFlow.REFRESH_TOKEN;
    } else if (pem != null) {
      flow = AuthFlow.JWT;
    } else if (clientSecret != null) {
      flow = AuthFlow.CLIENT_CREDENTIALS;
    } else {
      s.problem(
          "no credentials: set "
              + REFRESH_TOKEN
              + " (refresh_token flow), "
              + PRIVATE_KEY
              + " and "
              + USERNAME
              + " (jwt flow), or "
              + CLIENT_SECRET
              + " with a My Domain "
              + LOGIN_URL
              + " (client_credentials flow)");
    }

    PrivateKey key = null;
    if (flow == AuthFlow.REFRESH_TOKEN) s.require(REFRESH_TOKEN, "by the refresh_token flow");
    if (flow == AuthFlow.CLIENT_CREDENTIALS) {
      s.require(CLIENT_SECRET, "by the client_credentials flow");
      String host = URI.create(loginUrl).getHost();
      if (host != null
          && (host.equalsIgnoreCase("login.salesforce.com")
              || host.equalsIgnoreCase("test.salesforce.com"))) {
        s.problem(
            "the client_credentials flow must use the org's My Domain host, not "
                + loginUrl
                + ": set "
                + LOGIN_URL
                + " to https://<name>.my.salesforce.com");
      }
    }
    if (flow == AuthFlow.JWT) {
      s.require(USERNAME, "by the jwt flow (it logs in as this user)");
      if (s.require(PRIVATE_KEY, "by the jwt flow (it signs with it)") != null) {
        try {
          key = JwtAssertion.readPrivateKey(pem);
        } catch (IllegalArgumentException e) {
          s.problem(PRIVATE_KEY + " is not a usable RSA private key: " + e.getMessage());
        }
      }
    }
    String version = s.value(API_VERSION, DEFAULT_API_VERSION);
    var m = VERSION.matcher(version);
    boolean versionOk = m.matches() && Integer.parseInt(m.group(1)) >= 31;
    if (!versionOk) {
      s.problem(
          API_VERSION
              + " must be 31.0 or newer, such as "
              + DEFAULT_API_VERSION
              + ": '"
              + version
              + "'");
    }
    long bulkThreshold = s.number(BULK_THRESHOLD, DEFAULT_BULK_THRESHOLD, 0, Long.MAX_VALUE);
    int bulkMaxRecords = (int) s.number(BULK_MAX_RECORDS, DEFAULT_BULK_MAX_RECORDS, 1, 1_000_000);
    s.check();
    return new SalesforceConfig(
        flow,
        loginUrl,
        instanceOverride,
        s.value(CLIENT_ID).orElse(null),
        clientSecret,
        refreshToken,
        s.value(USERNAME).orElse(null),
        key,
        versionOk ? m.group(1) + ".0" : DEFAULT_API_VERSION,
        bulkThreshold,
        bulkMaxRecords);
  }

  private static String trimSlash(String url) {
    String u = url.strip();
    while (u.endsWith("/")) u = u.substring(0, u.length() - 1);
    return u;
  }

  public String tokenUrl() {
    return loginUrl + "/services/oauth2/token";
  }

  /**
   * The JWT {@code aud}: the sandbox login host for sandboxes (test.salesforce.com or a {@code
   * .sandbox.my.salesforce.com} My Domain), else the production one.
   */
  public String jwtAudience() {
    String host = URI.create(loginUrl).getHost().toLowerCase(Locale.ROOT);
    return host.equals("test.salesforce.com") || host.endsWith(".sandbox.my.salesforce.com")
        ? SANDBOX_LOGIN
        : PRODUCTION_LOGIN;
  }

  @Override
  public String toString() {
    return "SalesforceConfig{"
        + authFlow
        + " login="
        + loginUrl
        + (instanceOverride != null ? " instance=" + instanceOverride : "")
        + " v"
        + apiVersion
        + " bulkThreshold="
        + bulkThreshold
        + "}";
  }
}
