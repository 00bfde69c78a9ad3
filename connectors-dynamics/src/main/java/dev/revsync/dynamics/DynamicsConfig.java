package dev.revsync.dynamics;

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
import java.util.Locale;
import java.util.OptionalLong;
import java.util.regex.Pattern;
import okhttp3.HttpUrl;

/**
 * The Dynamics 365 connector's configuration keys, its descriptor, and one connection's settings
 * read and checked from a {@link ConnectionConfig} (no I/O), every problem reported at once.
 * Immutable; {@link #toString()} shows no secret.
 *
 * @param environment the environment URL without a trailing slash, such as {@code
 *     https://contoso.crm.dynamics.com}
 * @param tenantId the Entra tenant, or null to read it from the environment's 401 answer
 * @param clientSecret the app's secret, or null when a certificate signs a client assertion
 * @param certificateKey the certificate's private key, or null when a secret is used
 * @param authority the Entra authority host
 * @param apiVersion such as {@code v9.2}
 */
record DynamicsConfig(
    HttpUrl environment,
    String tenantId,
    String clientId,
    String clientSecret,
    PrivateKey certificateKey,
    String certificateThumbprint,
    HttpUrl authority,
    String apiVersion,
    int pageSize,
    int batchSize,
    OptionalLong dailyEntitlement) {
  static final String SYSTEM = "dynamics";

  static final String TENANT_ID = "tenantId";
  static final String CLIENT_ID = "clientId";
  static final String CLIENT_SECRET = "clientSecret";
  static final String CERTIFICATE_PRIVATE_KEY = "certificatePrivateKey";
  static final String CERTIFICATE_THUMBPRINT = "certificateThumbprint";
  static final String AUTHORITY_URL = "authorityUrl";
  static final String API_VERSION = "apiVersion";
  static final String PAGE_SIZE = "pageSize";
  static final String BATCH_SIZE = "batchSize";
  static final String DAILY_ENTITLEMENT = "dailyEntitlement";

  static final String DEFAULT_AUTHORITY = "https://login.microsoftonline.com";
  static final String DEFAULT_API_VERSION = "v9.2";

  /** Dataverse's largest page ({@code odata.maxpagesize}). */
  static final int MAX_PAGE_SIZE = 5_000;

  /** The most operations one {@code $batch} may hold. */
  static final int MAX_BATCH_SIZE = 1_000;

  /** Service protection: concurrent requests per user. */
  static final int CONCURRENT_REQUESTS = 52;

  private static final Pattern VERSION = Pattern.compile("v9\\.[0-2]");
  private static final Pattern THUMBPRINT = Pattern.compile("[0-9A-Fa-f]{40}");

  static final ConnectorDescriptor DESCRIPTOR =
      ConnectorDescriptor.builder(SYSTEM, "Microsoft Dynamics 365 (Dataverse)")
          .apiStyles(Activity.LOGIN, ApiStyle.REST)
          .apiStyles(Activity.SYNC, ApiStyle.REST)
          .apiStyles(Activity.ENRICHMENT, ApiStyle.REST)
          .apiStyles(Activity.SCORE_EXPORT, ApiStyle.REST)
          .objects("account", "contact", "lead", "opportunity", "campaign", "activitypointer")
          .configKey(
              ConfigKey.optional(
                  TENANT_ID,
                  "Microsoft Entra tenant (directory) id or verified domain; "
                      + "default: discovered from the environment's WWW-Authenticate answer (one extra call)"))
          .configKey(
              ConfigKey.required(
                  CLIENT_ID,
                  "Application (client) id of the Entra app registration that is an "
                      + "application user with a security role in the environment"))
          .configKey(
              ConfigKey.optionalSecret(
                  CLIENT_SECRET,
                  "Client secret value of the app registration " + "(or use a certificate)"))
          .configKey(
              ConfigKey.optionalSecret(
                  CERTIFICATE_PRIVATE_KEY,
                  "Unencrypted PEM RSA private key (PKCS#8 or "
                      + "PKCS#1) of a certificate uploaded to the app registration, used instead of a secret"))
          .configKey(
              ConfigKey.optional(
                  CERTIFICATE_THUMBPRINT, "SHA-1 thumbprint (40 hex digits) of that certificate"))
          .configKey(
              ConfigKey.optional(
                  AUTHORITY_URL,
                  "Entra authority host; default "
                      + DEFAULT_AUTHORITY
                      + " (sovereign clouds differ)"))
          .configKey(
              ConfigKey.optional(API_VERSION, "Web API version; default " + DEFAULT_API_VERSION))
          .configKey(
              ConfigKey.optional(
                  PAGE_SIZE, "Rows per page (odata.maxpagesize), at most 5000 (default)"))
          .configKey(
              ConfigKey.optional(
                  BATCH_SIZE, "Operations per $batch request, at most 1000 (default)"))
          .configKey(
              ConfigKey.optional(
                  DAILY_ENTITLEMENT,
                  "The tenant's Power Platform request entitlement per 24 "
                      + "hours, reported by verify() (Dataverse does not expose it on the wire)"))
          .rateLimits(RateLimits.concurrency(CONCURRENT_REQUESTS))
          .note(
              "baseUrl",
              "The environment URL, such as https://contoso.crm.dynamics.com; also the token scope "
                  + "(<baseUrl>/.default)")
          .note(
              "objects",
              "Table logical names: the listed ones and any custom table (new_project, …)")
          .note(
              "cursor",
              "Change tracking (delta links) where the table has ChangeTrackingEnabled, with deletes; "
                  + "otherwise modifiedon with the primary id as tie-breaker (no deletes)")
          .note(
              "deletes",
              "Surfaced from change tracking's $deletedEntity rows; an expired delta token means a full "
                  + "resync of that table, stated in the checkpoint (fullResync) and the log")
          .note(
              "quota",
              "Service protection (6,000 requests and 20 minutes of execution per 5 minutes, 52 concurrent "
                  + "requests) answers 429 with Retry-After, which is honoured; x-ms-ratelimit-* headers are read")
          .build();

  /**
   * Reads and checks the connection's settings.
   *
   * @throws ConfigurationException naming every missing or bad key
   */
  static DynamicsConfig from(ConnectionConfig config) {
    Settings s = Settings.of(DESCRIPTOR, config);
    HttpUrl environment = null;
    if (config.baseUrl().isEmpty()) {
      s.problem(
          "the base URL (the environment URL, such as https://contoso.crm.dynamics.com) is missing");
    } else {
      environment = s.baseUrl();
    }
    String clientSecret = s.value(CLIENT_SECRET).orElse(null);
    String pem = s.value(CERTIFICATE_PRIVATE_KEY).orElse(null);
    String thumbprint = s.value(CERTIFICATE_THUMBPRINT).orElse(null);
    PrivateKey key = null;
    if (clientSecret == null && pem == null) {
      s.problem("neither " + CLIENT_SECRET + " nor " + CERTIFICATE_PRIVATE_KEY + " is set");
    } else if (clientSecret == null) {
      if (s.require(CERTIFICATE_THUMBPRINT, "with a certificate") != null
          && !THUMBPRINT.matcher(thumbprint).matches()) {
        s.problem(CERTIFICATE_THUMBPRINT + " must be 40 hex digits: '" + thumbprint + "'");
      }
      try {
        key = JwtAssertion.readPrivateKey(pem);
      } catch (IllegalArgumentException e) {
        s.problem(CERTIFICATE_PRIVATE_KEY + " is not a usable RSA private key: " + e.getMessage());
      }
    }
    HttpUrl authority = HttpUrl.parse(s.url(AUTHORITY_URL, DEFAULT_AUTHORITY));
    String version = s.value(API_VERSION, DEFAULT_API_VERSION).toLowerCase(Locale.ROOT);
    if (!version.startsWith("v")) version = "v" + version;
    if (!VERSION.matcher(version).matches())
      s.problem(API_VERSION + " must be v9.0, v9.1 or v9.2: '" + version + "'");
    int pageSize = (int) s.number(PAGE_SIZE, MAX_PAGE_SIZE, 1, MAX_PAGE_SIZE);
    int batchSize = (int) s.number(BATCH_SIZE, MAX_BATCH_SIZE, 1, MAX_BATCH_SIZE);
    long entitlement = s.number(DAILY_ENTITLEMENT, -1, 1, Long.MAX_VALUE);
    s.check();
    return new DynamicsConfig(
        environment,
        s.value(TENANT_ID).orElse(null),
        s.value(CLIENT_ID).orElseThrow(),
        clientSecret,
        key,
        thumbprint,
        authority,
        version,
        pageSize,
        batchSize,
        entitlement < 0 ? OptionalLong.empty() : OptionalLong.of(entitlement));
  }

  /** {@code <environment>/api/data/v9.2/}. */
  HttpUrl serviceRoot() {
    return environment.newBuilder().addPathSegments("api/data/" + apiVersion + "/").build();
  }

  /** The token scope: the environment's {@code /.default}. */
  String scope() {
    return environment.toString().replaceAll("/+$", "") + "/.default";
  }

  @Override
  public String toString() {
    return "DynamicsConfig{"
        + environment
        + ", tenant "
        + tenantId
        + ", client "
        + clientId
        + (clientSecret != null ? ", secret ██" : "")
        + (certificateKey != null ? ", certificate ██" : "")
        + "}";
  }
}
