package dev.revsync.hubspot;

import dev.revsync.Activity;
import dev.revsync.ApiStyle;
import dev.revsync.ConfigKey;
import dev.revsync.ConfigurationException;
import dev.revsync.ConnectionConfig;
import dev.revsync.ConnectorDescriptor;
import dev.revsync.RateLimits;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import okhttp3.HttpUrl;

/**
 * The settings of a HubSpot connection and the two descriptors. Either a private-app token, or an
 * OAuth public app ({@code clientId}, {@code clientSecret}, {@code refreshToken}). The portal's
 * limits are shared by every connection to it, so connections name the portal ({@code portalId})
 * to share one limiter; without it, connections with the same credential share one. Immutable.
 */
final class HubSpotConfig {
  static final String CRM = "hubspot-crm";
  static final String MAP = "hubspot-map";
  static final String DEFAULT_BASE_URL = "https://api.hubapi.com";
  /** Free/Starter private apps: the safe default; Professional and Enterprise set 190, the pack 250. */
  static final int DEFAULT_BURST = 100;
  static final int DEFAULT_SEARCH_PER_SECOND = 4;
  static final int DEFAULT_SEARCH_CAP = 10_000;
  /** HubSpot's URLs fail somewhere past ~8 KB; keep a list request's properties well inside it. */
  static final int DEFAULT_MAX_URL_LENGTH = 4_000;

  static final List<String> CRM_OBJECTS = List.of("contacts", "companies", "deals", "tickets", "line_items", "calls",
      "emails", "meetings", "notes", "tasks");
  static final List<String> MAP_OBJECTS = List.of("marketing_emails", "email_events", "email_campaigns", "campaigns",
      "forms", "form_submissions", "lists", "list_memberships");

  private static final List<ConfigKey> KEYS = List.of(
      ConfigKey.optionalSecret("privateAppToken", "Access token of the customer's HubSpot private app (pat-...)"),
      ConfigKey.optional("clientId", "OAuth client id of the public app (with clientSecret and refreshToken)"),
      ConfigKey.optionalSecret("clientSecret", "OAuth client secret of the public app"),
      ConfigKey.optionalSecret("refreshToken", "OAuth refresh token the customer granted the public app"),
      ConfigKey.optional("portalId", "The HubSpot portal (hub) id; connections to one portal share its limits"),
      ConfigKey.optional("burstLimit", "Calls per 10 seconds the portal allows (100 Free/Starter, 190 Professional"
          + " and Enterprise, 250 with the API limit increase; 110 for OAuth apps); default 100"),
      ConfigKey.optional("searchPerSecond", "CRM search calls per second (default 4)"),
      ConfigKey.optional("searchCap", "Results one search query can page through (default 10000)"),
      ConfigKey.optional("createMissingProperties", "true: writes create missing custom properties in the 'revsync'"
          + " group (never hs_ names)"),
      ConfigKey.optional("maxUrlLength", "Longest list URL to send; properties beyond it come by batch read"
          + " (default 4000)"),
      ConfigKey.optional("searchOverlapSeconds", "Seconds each incremental search re-reads before its cursor, for"
          + " search's index lag (default 0; records in the overlap come again)"),
      ConfigKey.optional("eventsLookbackDays", "Days of email events the first hubspot-map sync reads (default 30)"));

  static final ConnectorDescriptor CRM_DESCRIPTOR = descriptor(CRM, "HubSpot CRM", CRM_OBJECTS);
  static final ConnectorDescriptor MAP_DESCRIPTOR = descriptor(MAP, "HubSpot Marketing", MAP_OBJECTS);

  private static ConnectorDescriptor descriptor(String id, String name, List<String> objects) {
    ConnectorDescriptor.Builder b = ConnectorDescriptor.builder(id, name)
        .apiStyles(Activity.LOGIN, ApiStyle.REST)
        .apiStyles(Activity.SYNC, ApiStyle.REST)
        .apiStyles(Activity.ENRICHMENT, ApiStyle.REST)
        .apiStyles(Activity.SCORE_EXPORT, ApiStyle.REST)
        .objects(objects.toArray(String[]::new))
        .rateLimits(RateLimits.of(DEFAULT_BURST, Duration.ofSeconds(10), 10))
        .defaultBaseUrl(DEFAULT_BASE_URL)
        .note("limits", "Burst and daily limits are per portal, shared by every app and connection to it; search"
            + " has its own per-second limit; the daily allowance resets at midnight in the portal's time zone")
        .note("writes", "contacts, companies and other CRM objects through batch update (by id) or batch upsert"
            + " (on email or another unique property), 100 per call");
    if (id.equals(CRM)) {
      b.note("sync", "full: list endpoints by id, 100 a page; incremental: search on the last-modified property, 200"
          + " a page, re-windowed past the 10,000-result cap; deletes from archived listings");
    } else {
      b.note("sync", "marketing emails by updatedAt; email events by created in 30-day slices; form submissions"
          + " newest first down to the watermark; lists, memberships, campaigns and forms in full");
    }
    for (ConfigKey k : KEYS) b.configKey(k);
    return b.build();
  }

  final ConnectorDescriptor descriptor;
  final ConnectionConfig connection;
  final HttpUrl baseUrl;
  final String privateAppToken;
  final String clientId;
  final String clientSecret;
  final String refreshToken;
  final String portalId;
  final int burstLimit;
  final int searchPerSecond;
  final int searchCap;
  final int maxUrlLength;
  final boolean createMissingProperties;
  final int eventsLookbackDays;
  final int searchOverlapSeconds;

  private HubSpotConfig(ConnectorDescriptor descriptor, ConnectionConfig c, HttpUrl baseUrl, List<String> problems) {
    this.descriptor = descriptor;
    this.connection = c;
    this.baseUrl = baseUrl;
    this.privateAppToken = c.value("privateAppToken").orElse(null);
    this.clientId = c.value("clientId").orElse(null);
    this.clientSecret = c.value("clientSecret").orElse(null);
    this.refreshToken = c.value("refreshToken").orElse(null);
    this.portalId = c.value("portalId").orElse(null);
    this.burstLimit = positive(c, "burstLimit", DEFAULT_BURST, problems);
    this.searchPerSecond = positive(c, "searchPerSecond", DEFAULT_SEARCH_PER_SECOND, problems);
    this.searchCap = positive(c, "searchCap", DEFAULT_SEARCH_CAP, problems);
    this.maxUrlLength = positive(c, "maxUrlLength", DEFAULT_MAX_URL_LENGTH, problems);
    this.eventsLookbackDays = positive(c, "eventsLookbackDays", 30, problems);
    this.searchOverlapSeconds = c.value("searchOverlapSeconds").map(String::strip).orElse("0").equals("0") ? 0
        : positive(c, "searchOverlapSeconds", 0, problems);
    String create = c.value("createMissingProperties").orElse("false").strip();
    if (!create.equalsIgnoreCase("true") && !create.equalsIgnoreCase("false")) {
      problems.add("createMissingProperties must be true or false, got '" + create + "'");
    }
    this.createMissingProperties = create.equalsIgnoreCase("true");
  }

  /** Validates the settings, reporting every problem at once. */
  static HubSpotConfig of(ConnectorDescriptor descriptor, ConnectionConfig c) {
    List<String> problems = new ArrayList<>();
    String base = c.baseUrl().orElse(DEFAULT_BASE_URL);
    HttpUrl url = HttpUrl.parse(base);
    if (url == null) problems.add("the base URL '" + base + "' is not an http(s) URL");
    HubSpotConfig config = new HubSpotConfig(descriptor, c, url, problems);
    boolean oauth = config.clientId != null || config.clientSecret != null || config.refreshToken != null;
    if (config.privateAppToken != null && oauth) {
      problems.add("both privateAppToken and OAuth settings are set; choose one");
    } else if (config.privateAppToken == null && !oauth) {
      problems.add("no credentials: set privateAppToken, or clientId, clientSecret and refreshToken");
    } else if (oauth && (config.clientId == null || config.clientSecret == null || config.refreshToken == null)) {
      problems.add("OAuth needs clientId, clientSecret and refreshToken together");
    }
    if (!problems.isEmpty()) {
      throw new ConfigurationException(descriptor.id(), "open", String.join("; ", problems),
          "Fix the connection's settings: " + KEYS.stream().map(ConfigKey::name).toList(), null);
    }
    return config;
  }

  private static int positive(ConnectionConfig c, String key, int fallback, List<String> problems) {
    String v = c.value(key).orElse(null);
    if (v == null || v.isBlank()) return fallback;
    try {
      int n = Integer.parseInt(v.strip());
      if (n > 0) return n;
    } catch (NumberFormatException e) {
      // reported below
    }
    problems.add(key + " must be a positive whole number, got '" + v + "'");
    return fallback;
  }

  boolean isOAuth() {
    return privateAppToken == null;
  }

  boolean isCrm() {
    return descriptor.id().equals(CRM);
  }

  /**
   * The key of the portal's shared limiter: the portal id when given, else a digest of the base URL
   * and the credential (never the credential itself).
   */
  String portalKey() {
    String host = baseUrl.host() + ":" + baseUrl.port();
    if (portalId != null) return "hubspot-portal:" + host + ":" + portalId.strip();
    String identity = privateAppToken != null ? privateAppToken : clientId + "|" + refreshToken;
    try {
      byte[] digest = MessageDigest.getInstance("SHA-256").digest((host + "|" + identity).getBytes(StandardCharsets.UTF_8));
      return "hubspot-credential:" + HexFormat.of().formatHex(digest, 0, 12);
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException("SHA-256 is part of every JRE", e);
    }
  }

  HttpUrl.Builder url(String path) {
    return baseUrl.newBuilder().encodedPath(path);
  }
}
