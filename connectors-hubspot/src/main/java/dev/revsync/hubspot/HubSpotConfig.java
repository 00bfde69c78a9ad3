package dev.revsync.hubspot;

import dev.revsync.Activity;
import dev.revsync.ApiStyle;
import dev.revsync.ConfigKey;
import dev.revsync.ConfigurationException;
import dev.revsync.ConnectionConfig;
import dev.revsync.ConnectorDescriptor;
import dev.revsync.RateLimits;
import dev.revsync.spi.Settings;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Duration;
import java.util.HexFormat;
import java.util.List;
import okhttp3.HttpUrl;

/**
 * The settings of a HubSpot connection and the two descriptors. Either a private-app token, or an
 * OAuth public app ({@code clientId}, {@code clientSecret}, {@code refreshToken}). The portal's
 * limits are shared by every connection to it, so connections name the portal ({@code portalId}) to
 * share one limiter; without it, connections with the same credential share one. Read with {@link
 * Settings}, so every bad key is named in one exception. Immutable; holds secrets, so it has no
 * {@code toString}.
 */
final class HubSpotConfig {
  static final String CRM = "hubspot-crm";
  static final String MAP = "hubspot-map";
  static final String DEFAULT_BASE_URL = "https://api.hubapi.com";

  /**
   * Free/Starter private apps: the safe default; Professional and Enterprise set 190, the pack 250.
   */
  static final int DEFAULT_BURST = 100;

  static final int DEFAULT_SEARCH_PER_SECOND = 4;
  static final int DEFAULT_SEARCH_CAP = 10_000;

  /** Search's largest page: a cap below it could never be paged past. */
  static final int SEARCH_PAGE = 200;

  /** HubSpot's URLs fail somewhere past ~8 KB; keep a list request's properties well inside it. */
  static final int DEFAULT_MAX_URL_LENGTH = 4_000;

  static final List<String> CRM_OBJECTS =
      List.of(
          "contacts",
          "companies",
          "deals",
          "tickets",
          "line_items",
          "calls",
          "emails",
          "meetings",
          "notes",
          "tasks");
  static final List<String> MAP_OBJECTS =
      List.of(
          "marketing_emails",
          "email_events",
          "email_campaigns",
          "campaigns",
          "forms",
          "form_submissions",
          "lists",
          "list_memberships");

  private static final List<ConfigKey> KEYS =
      List.of(
          ConfigKey.optionalSecret(
              "privateAppToken", "Access token of the customer's HubSpot private app (pat-...)"),
          ConfigKey.optional(
              "clientId", "OAuth client id of the public app (with clientSecret and refreshToken)"),
          ConfigKey.optionalSecret("clientSecret", "OAuth client secret of the public app"),
          ConfigKey.optionalSecret(
              "refreshToken", "OAuth refresh token the customer granted the public app"),
          ConfigKey.optional(
              "portalId",
              "The HubSpot portal (hub) id; connections to one portal share its limits"),
          ConfigKey.optional(
              "burstLimit",
              "Calls per 10 seconds the portal allows (100 Free/Starter, 190 Professional"
                  + " and Enterprise, 250 with the API limit increase; 110 for OAuth apps); default 100"),
          ConfigKey.optional("searchPerSecond", "CRM search calls per second (default 4)"),
          ConfigKey.optional(
              "searchCap", "Results one search query can page through (default 10000)"),
          ConfigKey.optional(
              "createMissingProperties",
              "true: writes create missing custom properties in the 'revsync'"
                  + " group (never hs_ names)"),
          ConfigKey.optional(
              "maxUrlLength",
              "Longest list URL to send; properties beyond it come by batch read"
                  + " (default 4000)"),
          ConfigKey.optional(
              "searchOverlapSeconds",
              "Seconds each incremental search re-reads before its cursor, for"
                  + " search's index lag (default 0; records in the overlap come again)"),
          ConfigKey.optional(
              "eventsLookbackDays",
              "Days of email events the first hubspot-map sync reads (default 30)"));

  static final ConnectorDescriptor CRM_DESCRIPTOR = descriptor(CRM, "HubSpot CRM", CRM_OBJECTS);
  static final ConnectorDescriptor MAP_DESCRIPTOR =
      descriptor(MAP, "HubSpot Marketing", MAP_OBJECTS);

  private static ConnectorDescriptor descriptor(String id, String name, List<String> objects) {
    ConnectorDescriptor.Builder b =
        ConnectorDescriptor.builder(id, name)
            .apiStyles(Activity.LOGIN, ApiStyle.REST)
            .apiStyles(Activity.SYNC, ApiStyle.REST)
            .apiStyles(Activity.ENRICHMENT, ApiStyle.REST)
            .apiStyles(Activity.SCORE_EXPORT, ApiStyle.REST)
            .objects(objects.toArray(String[]::new))
            .rateLimits(RateLimits.of(DEFAULT_BURST, Duration.ofSeconds(10), 10))
            .defaultBaseUrl(DEFAULT_BASE_URL)
            .note(
                "limits",
                "Burst and daily limits are per portal, shared by every app and connection to it; search"
                    + " has its own per-second limit; the daily allowance resets at midnight in the portal's time zone")
            .note(
                "writes",
                "contacts, companies and other CRM objects through batch update (by id) or batch upsert"
                    + " (on email or another unique property), 100 per call");
    if (id.equals(CRM)) {
      b.note(
          "sync",
          "full: list endpoints by id, 100 a page; incremental: search on the last-modified property, 200"
              + " a page, re-windowed past the 10,000-result cap; deletes from archived listings");
    } else {
      b.note(
          "sync",
          "marketing emails by updatedAt; email events by created in 30-day slices; form submissions"
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

  private HubSpotConfig(ConnectorDescriptor descriptor, ConnectionConfig c, Settings s) {
    this.descriptor = descriptor;
    this.connection = c;
    this.baseUrl = s.baseUrl();
    this.privateAppToken = s.value("privateAppToken").orElse(null);
    this.clientId = s.value("clientId").orElse(null);
    this.clientSecret = s.value("clientSecret").orElse(null);
    this.refreshToken = s.value("refreshToken").orElse(null);
    this.portalId = s.value("portalId").orElse(null);
    // no upper bound: a host (or a benchmark against the simulator) may lift the limits entirely
    this.burstLimit = (int) s.number("burstLimit", DEFAULT_BURST, 1, Integer.MAX_VALUE);
    this.searchPerSecond =
        (int) s.number("searchPerSecond", DEFAULT_SEARCH_PER_SECOND, 1, Integer.MAX_VALUE);
    this.searchCap = (int) s.number("searchCap", DEFAULT_SEARCH_CAP, SEARCH_PAGE, 1_000_000);
    this.maxUrlLength = (int) s.number("maxUrlLength", DEFAULT_MAX_URL_LENGTH, 100, 64_000);
    this.eventsLookbackDays = (int) s.number("eventsLookbackDays", 30, 1, 3_650);
    this.searchOverlapSeconds = (int) s.number("searchOverlapSeconds", 0, 0, 3_600);
    this.createMissingProperties = s.bool("createMissingProperties", false);
  }

  /**
   * Reads and checks the settings, reporting every problem at once.
   *
   * @throws ConfigurationException naming every missing or bad key
   */
  static HubSpotConfig of(ConnectorDescriptor descriptor, ConnectionConfig c) {
    Settings s = Settings.of(descriptor, c);
    HubSpotConfig config = new HubSpotConfig(descriptor, c, s);
    boolean oauth =
        config.clientId != null || config.clientSecret != null || config.refreshToken != null;
    if (config.privateAppToken != null && oauth) {
      s.problem("both privateAppToken and OAuth settings are set; choose one");
    } else if (config.privateAppToken == null && !oauth) {
      s.problem("no credentials: set privateAppToken, or clientId, clientSecret and refreshToken");
    } else if (oauth) {
      for (String key : List.of("clientId", "clientSecret", "refreshToken"))
        s.require(key, "by OAuth");
    }
    s.check();
    return config;
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
      byte[] digest =
          MessageDigest.getInstance("SHA-256")
              .digest((host + "|" + identity).getBytes(StandardCharsets.UTF_8));
      return "hubspot-credential:" + HexFormat.of().formatHex(digest, 0, 12);
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException("SHA-256 is part of every JRE", e);
    }
  }

  HttpUrl.Builder url(String path) {
    return baseUrl.newBuilder().encodedPath(path);
  }
}
