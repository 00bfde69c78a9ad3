package dev.revsync.dynamics;

import dev.revsync.Activity;
import dev.revsync.ApiStyle;
import dev.revsync.ConfigKey;
import dev.revsync.ConfigurationException;
import dev.revsync.ConnectionConfig;
import dev.revsync.ConnectorDescriptor;
import dev.revsync.RateLimits;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.OptionalLong;
import java.util.regex.Pattern;
import okhttp3.HttpUrl;

/**
 * The Dynamics 365 connector's configuration keys, its descriptor, and one connection's settings
 * read and checked from a {@link ConnectionConfig} (no I/O), every problem reported at once.
 * Immutable.
 */
final class DynamicsConfig {
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

  static final ConnectorDescriptor DESCRIPTOR = ConnectorDescriptor.builder(SYSTEM, "Microsoft Dynamics 365 (Dataverse)")
      .apiStyles(Activity.LOGIN, ApiStyle.REST)
      .apiStyles(Activity.SYNC, ApiStyle.REST)
      .apiStyles(Activity.ENRICHMENT, ApiStyle.REST)
      .apiStyles(Activity.SCORE_EXPORT, ApiStyle.REST)
      .objects("account", "contact", "lead", "opportunity", "campaign", "activitypointer")
      .configKey(ConfigKey.optional(TENANT_ID, "Microsoft Entra tenant (directory) id or verified domain; "
          + "default: discovered from the environment's WWW-Authenticate answer (one extra call)"))
      .configKey(ConfigKey.required(CLIENT_ID, "Application (client) id of the Entra app registration that is an "
          + "application user with a security role in the environment"))
      .configKey(ConfigKey.optionalSecret(CLIENT_SECRET, "Client secret value of the app registration "
          + "(or use a certificate)"))
      .configKey(ConfigKey.optionalSecret(CERTIFICATE_PRIVATE_KEY, "PEM RSA private key (PKCS#8) of a certificate "
          + "uploaded to the app registration, used instead of a secret"))
      .configKey(ConfigKey.optional(CERTIFICATE_THUMBPRINT, "SHA-1 thumbprint (40 hex digits) of that certificate"))
      .configKey(ConfigKey.optional(AUTHORITY_URL, "Entra authority host; default " + DEFAULT_AUTHORITY
          + " (sovereign clouds differ)"))
      .configKey(ConfigKey.optional(API_VERSION, "Web API version; default " + DEFAULT_API_VERSION))
      .configKey(ConfigKey.optional(PAGE_SIZE, "Rows per page (odata.maxpagesize), at most 5000 (default)"))
      .configKey(ConfigKey.optional(BATCH_SIZE, "Operations per $batch request, at most 1000 (default)"))
      .configKey(ConfigKey.optional(DAILY_ENTITLEMENT, "The tenant's Power Platform request entitlement per 24 "
          + "hours, reported by verify() (Dataverse does not expose it on the wire)"))
      .rateLimits(RateLimits.concurrency(CONCURRENT_REQUESTS))
      .note("baseUrl", "The environment URL, such as https://contoso.crm.dynamics.com; also the token scope "
          + "(<baseUrl>/.default)")
      .note("objects", "Table logical names: the listed ones and any custom table (new_project, …)")
      .note("cursor", "Change tracking (delta links) where the table has ChangeTrackingEnabled, with deletes; "
          + "otherwise modifiedon with the primary id as tie-breaker (no deletes)")
      .note("deletes", "Surfaced from change tracking's $deletedEntity rows; an expired delta token means a full "
          + "resync of that table, stated in the checkpoint (fullResync) and the log")
      .note("quota", "Service protection (6,000 requests and 20 minutes of execution per 5 minutes, 52 concurrent "
          + "requests) answers 429 with Retry-After, which is honoured; x-ms-ratelimit-* headers are read")
      .build();

  private final HttpUrl environment;
  private final String tenantId;
  private final String clientId;
  private final String clientSecret;
  private final String certificatePem;
  private final String certificateThumbprint;
  private final HttpUrl authority;
  private final String apiVersion;
  private final int pageSize;
  private final int batchSize;
  private final OptionalLong dailyEntitlement;

  private DynamicsConfig(ConnectionConfig config, List<String> problems) {
    String base = config.baseUrl().map(DynamicsConfig::trimSlash).orElse(null);
    HttpUrl env = base == null ? null : HttpUrl.parse(base);
    if (base == null) problems.add("the base URL (the environment URL, such as https://contoso.crm.dynamics.com) is missing");
    else if (env == null) problems.add("the base URL '" + base + "' is not an http(s) URL");
    this.environment = env;
    this.tenantId = config.value(TENANT_ID).map(String::trim).filter(s -> !s.isEmpty()).orElse(null);
    this.clientId = config.value(CLIENT_ID).map(String::trim).filter(s -> !s.isEmpty()).orElse(null);
    if (clientId == null) problems.add(CLIENT_ID + " is missing: the app registration's application (client) id");
    this.clientSecret = config.secret(CLIENT_SECRET).or(() -> config.setting(CLIENT_SECRET))
        .filter(s -> !s.isBlank()).orElse(null);
    this.certificatePem = config.secret(CERTIFICATE_PRIVATE_KEY).or(() -> config.setting(CERTIFICATE_PRIVATE_KEY))
        .filter(s -> !s.isBlank()).orElse(null);
    this.certificateThumbprint = config.value(CERTIFICATE_THUMBPRINT).map(String::trim).filter(s -> !s.isEmpty())
        .orElse(null);
    if (clientSecret == null && certificatePem == null) {
      problems.add("neither " + CLIENT_SECRET + " nor " + CERTIFICATE_PRIVATE_KEY + " is set");
    }
    if (certificatePem != null && clientSecret == null) {
      if (certificateThumbprint == null) problems.add(CERTIFICATE_THUMBPRINT + " is missing (needed with a certificate)");
      else if (!THUMBPRINT.matcher(certificateThumbprint).matches()) {
        problems.add(CERTIFICATE_THUMBPRINT + " must be 40 hex digits: '" + certificateThumbprint + "'");
      }
    }
    String authorityText = config.value(AUTHORITY_URL).map(DynamicsConfig::trimSlash).orElse(DEFAULT_AUTHORITY);
    HttpUrl auth = HttpUrl.parse(authorityText);
    if (auth == null) problems.add(AUTHORITY_URL + " '" + authorityText + "' is not an http(s) URL");
    this.authority = auth;
    String version = config.value(API_VERSION).map(v -> v.trim().toLowerCase(Locale.ROOT)).orElse(DEFAULT_API_VERSION);
    if (!version.startsWith("v")) version = "v" + version;
    if (!VERSION.matcher(version).matches()) problems.add(API_VERSION + " must be v9.0, v9.1 or v9.2: '" + version + "'");
    this.apiVersion = version;
    this.pageSize = intSetting(config, PAGE_SIZE, MAX_PAGE_SIZE, MAX_PAGE_SIZE, problems);
    this.batchSize = intSetting(config, BATCH_SIZE, MAX_BATCH_SIZE, MAX_BATCH_SIZE, problems);
    OptionalLong entitlement = OptionalLong.empty();
    String e = config.value(DAILY_ENTITLEMENT).orElse(null);
    if (e != null) {
      try {
        entitlement = OptionalLong.of(Long.parseLong(e.trim().replace(",", "")));
      } catch (NumberFormatException ex) {
        problems.add(DAILY_ENTITLEMENT + " must be a whole number: '" + e + "'");
      }
    }
    this.dailyEntitlement = entitlement;
  }

  /** Reads and checks {@code config}; throws one {@link ConfigurationException} naming every problem. */
  static DynamicsConfig of(ConnectionConfig config) {
    List<String> problems = new ArrayList<>();
    DynamicsConfig c = new DynamicsConfig(config, problems);
    if (!problems.isEmpty()) {
      throw new ConfigurationException(SYSTEM, "open", String.join("; ", problems),
          "Fix the connection's settings; keys: " + DESCRIPTOR.configKeys().stream().map(ConfigKey::name).toList(), null);
    }
    return c;
  }

  private static int intSetting(ConnectionConfig config, String key, int fallback, int max, List<String> problems) {
    String v = config.value(key).orElse(null);
    if (v == null) return fallback;
    try {
      int n = Integer.parseInt(v.trim());
      if (n < 1 || n > max) {
        problems.add(key + " must be between 1 and " + max + ": " + n);
        return fallback;
      }
      return n;
    } catch (NumberFormatException e) {
      problems.add(key + " must be a whole number: '" + v + "'");
      return fallback;
    }
  }

  private static String trimSlash(String s) {
    String t = s.trim();
    while (t.endsWith("/")) t = t.substring(0, t.length() - 1);
    return t;
  }

  /** The environment URL without a trailing slash, such as {@code https://contoso.crm.dynamics.com}. */
  HttpUrl environment() {
    return environment;
  }

  /** {@code <environment>/api/data/v9.2/}. */
  HttpUrl serviceRoot() {
    return environment.newBuilder().addPathSegments("api/data/" + apiVersion + "/").build();
  }

  String tenantId() {
    return tenantId;
  }

  String clientId() {
    return clientId;
  }

  String clientSecret() {
    return clientSecret;
  }

  String certificatePem() {
    return certificatePem;
  }

  String certificateThumbprint() {
    return certificateThumbprint;
  }

  HttpUrl authority() {
    return authority;
  }

  /** The token scope: the environment's {@code /.default}. */
  String scope() {
    return environment.toString().replaceAll("/+$", "") + "/.default";
  }

  int pageSize() {
    return pageSize;
  }

  int batchSize() {
    return batchSize;
  }

  OptionalLong dailyEntitlement() {
    return dailyEntitlement;
  }

  @Override
  public String toString() {
    return "DynamicsConfig{" + environment + ", tenant " + tenantId + ", client " + clientId
        + (clientSecret != null ? ", secret ██" : "") + (certificatePem != null ? ", certificate ██" : "") + "}";
  }
}
