package dev.revsync.marketo;

import dev.revsync.Activity;
import dev.revsync.ApiStyle;
import dev.revsync.ConfigKey;
import dev.revsync.ConfigurationException;
import dev.revsync.ConnectionConfig;
import dev.revsync.ConnectorDescriptor;
import dev.revsync.RateLimits;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * The Marketo connector's keys, descriptor and validated settings. Validation does no I/O and
 * names every problem at once. Immutable; {@link #toString()} shows no secret.
 */
final class MarketoConfig {
  static final String SYSTEM = "marketo";

  static final String MUNCHKIN_ID = "munchkinId";
  static final String CLIENT_ID = "clientId";
  static final String CLIENT_SECRET = "clientSecret";
  static final String DAILY_QUOTA = "dailyQuota";
  static final String EMPTY_RANGES = "scanEmptyRanges";

  /** Marketo's default subscription quota; contracts raise it. */
  static final long DEFAULT_DAILY_QUOTA = 50_000;

  static final List<ConfigKey> KEYS = List.of(
      ConfigKey.optional(MUNCHKIN_ID, "Munchkin account id such as 123-ABC-456 (Admin > Integration > Munchkin); "
          + "gives https://{munchkinId}.mktorest.com. Not needed when the base URL is set (the REST endpoint or "
          + "identity URL from Admin > Web Services, with or without /rest or /identity)"),
      ConfigKey.required(CLIENT_ID, "Client id of the LaunchPoint custom service tied to an API-only user"),
      ConfigKey.requiredSecret(CLIENT_SECRET, "Client secret of that LaunchPoint service"),
      ConfigKey.optional(DAILY_QUOTA, "The subscription's daily API call quota (default 50000); verify() reports "
          + "what is left of it from the usage API"),
      ConfigKey.optional(EMPTY_RANGES, "How many empty ranges of 300 lead ids in a row end a first sync's scan by id "
          + "(default 1; raise it for a subscription whose lead ids have gaps of thousands, such as after mass deletes)"));

  static final ConnectorDescriptor DESCRIPTOR = descriptor();

  private final String connectionId;
  private final String root;
  private final String clientId;
  private final String clientSecret;
  private final long dailyQuota;
  private final int emptyRanges;

  private MarketoConfig(String connectionId, String root, String clientId, String clientSecret, long dailyQuota,
      int emptyRanges) {
    this.emptyRanges = emptyRanges;
    this.connectionId = connectionId;
    this.root = root;
    this.clientId = clientId;
    this.clientSecret = clientSecret;
    this.dailyQuota = dailyQuota;
  }

  private static ConnectorDescriptor descriptor() {
    ConnectorDescriptor.Builder b = ConnectorDescriptor.builder(SYSTEM, "Adobe Marketo Engage")
        .apiStyles(Activity.LOGIN, ApiStyle.REST)
        .apiStyles(Activity.SYNC, ApiStyle.REST)
        .apiStyles(Activity.ENRICHMENT, ApiStyle.REST)
        .apiStyles(Activity.SCORE_EXPORT, ApiStyle.REST)
        .objects(MarketoObjects.ALL.toArray(String[]::new))
        // 100 calls per rolling 20 s and 10 in flight, per subscription (606 / 615 beyond)
        .rateLimits(RateLimits.of(100, Duration.ofSeconds(20), 10))
        .note("sync", "Lead: a first sync reads leads by id range, 300 a call; later syncs follow lead changes and "
            + "deleted leads from a paging token and fetch the changed leads by id. With option method=extract (or a "
            + "FULL sync given option since=<ISO date>) leads come from bulk extract jobs in 31-day updatedAt windows, "
            + "resumable at the job and byte offset. The checkpoint's 'method' entry says which was used.")
        .note("quota", "Marketo counts calls per subscription per day (607 when spent, resetting at midnight "
            + "America/Chicago), 606 beyond 100 calls / 20 s, 615 beyond 10 concurrent; extracts have a 500 MB/day "
            + "export quota (1029: the extract waits for the next day).")
        .note("activities", "Activity: every activity type from a paging token, at most 10 types a call; with option "
            + "method=extract, bulk activity extract in 31-day createdAt windows. First sync from option since, else 30 days.")
        .note("deletes", "Deleted leads come from the Delete Lead activity feed (deletedleads.json).")
        .note("writes", "Lead writes use sync leads (300 a call): update by id (updateOnly, lookupField id) or upsert "
            + "on a searchable field such as email (createOrUpdate).");
    for (ConfigKey key : KEYS) b.configKey(key);
    return b.build();
  }

  static MarketoConfig from(ConnectionConfig c) {
    List<String> problems = new ArrayList<>();
    String root = null;
    String base = c.baseUrl().map(String::trim).filter(s -> !s.isEmpty()).orElse(null);
    String munchkin = c.value(MUNCHKIN_ID).map(String::trim).filter(s -> !s.isEmpty()).orElse(null);
    if (base != null) {
      root = rootOf(base);
      if (!root.startsWith("https://") && !root.startsWith("http://")) {
        problems.add("the base URL must be an http(s) URL such as https://123-ABC-456.mktorest.com, not '" + base + "'");
      }
    } else if (munchkin != null) {
      if (!munchkin.matches("[0-9A-Za-z]{3}-[0-9A-Za-z]{3}-[0-9A-Za-z]{3}")) {
        problems.add(MUNCHKIN_ID + " must look like 123-ABC-456, not '" + munchkin + "'");
      }
      root = "https://" + munchkin.toUpperCase(Locale.ROOT) + ".mktorest.com";
    } else {
      problems.add("either the base URL (REST endpoint from Admin > Web Services) or " + MUNCHKIN_ID + " is required");
    }
    String clientId = c.value(CLIENT_ID).map(String::trim).filter(s -> !s.isEmpty()).orElse(null);
    if (clientId == null) problems.add(CLIENT_ID + " is required");
    String secret = c.value(CLIENT_SECRET).filter(s -> !s.isBlank()).orElse(null);
    if (secret == null) problems.add(CLIENT_SECRET + " is required");
    long quota = DEFAULT_DAILY_QUOTA;
    String q = c.value(DAILY_QUOTA).map(String::trim).orElse("");
    if (!q.isEmpty()) {
      try {
        quota = Long.parseLong(q);
        if (quota < 1) problems.add(DAILY_QUOTA + " must be a positive number of calls, not " + q);
      } catch (NumberFormatException e) {
        problems.add(DAILY_QUOTA + " must be a whole number of calls, not '" + q + "'");
      }
    }
    int emptyRanges = 1;
    String e = c.value(EMPTY_RANGES).map(String::trim).orElse("");
    if (!e.isEmpty()) {
      try {
        emptyRanges = Integer.parseInt(e);
        if (emptyRanges < 1 || emptyRanges > 1_000) problems.add(EMPTY_RANGES + " must be between 1 and 1000, not " + e);
      } catch (NumberFormatException ex) {
        problems.add(EMPTY_RANGES + " must be a whole number, not '" + e + "'");
      }
    }
    if (!problems.isEmpty()) {
      throw new ConfigurationException(SYSTEM, "open " + c.connectionId(), String.join("; ", problems),
          "Fix the connection's settings (keys: " + KEYS.stream().map(ConfigKey::name).toList() + ")", null);
    }
    return new MarketoConfig(c.connectionId(), root, clientId, secret, quota, emptyRanges);
  }

  /** {@code https://x.mktorest.com/rest/} and {@code .../identity} both mean the host root. */
  static String rootOf(String url) {
    String u = url;
    while (u.endsWith("/")) u = u.substring(0, u.length() - 1);
    for (String suffix : List.of("/rest", "/identity")) {
      if (u.endsWith(suffix)) u = u.substring(0, u.length() - suffix.length());
    }
    return u;
  }

  /** The host root: {@code /identity}, {@code /rest} and {@code /bulk} hang off it. */
  String root() {
    return root;
  }

  String clientId() {
    return clientId;
  }

  String clientSecret() {
    return clientSecret;
  }

  long dailyQuota() {
    return dailyQuota;
  }

  /** Empty id ranges in a row that end a scan. */
  int emptyRanges() {
    return emptyRanges;
  }

  @Override
  public String toString() {
    return "MarketoConfig{" + connectionId + " " + root + " clientId=" + clientId + " dailyQuota=" + dailyQuota + "}";
  }
}
