package dev.revsync.marketo;

import dev.revsync.Activity;
import dev.revsync.ApiStyle;
import dev.revsync.ConfigKey;
import dev.revsync.ConfigurationException;
import dev.revsync.ConnectionConfig;
import dev.revsync.ConnectorDescriptor;
import dev.revsync.RateLimits;
import dev.revsync.spi.Settings;
import java.time.Duration;
import java.util.List;
import java.util.Locale;
import java.util.regex.Pattern;
import okhttp3.HttpUrl;

/**
 * The Marketo connector's keys, its descriptor, and one connection's settings read and checked from
 * a {@link ConnectionConfig} (no I/O). Immutable; {@link #toString()} shows no secret.
 *
 * @param root the subscription's host root ({@code /identity}, {@code /rest} and {@code /bulk} hang
 *     off it)
 * @param subscription what identifies the subscription: the Munchkin id, else the base URL's host
 *     and port
 * @param dailyQuota the subscription's daily call quota, against which the usage API's total is
 *     read
 * @param emptyRanges empty id ranges in a row that end a first sync's scan by id
 */
record MarketoConfig(
    HttpUrl root,
    String subscription,
    String clientId,
    String clientSecret,
    long dailyQuota,
    int emptyRanges) {
  static final String SYSTEM = "marketo";

  static final String MUNCHKIN_ID = "munchkinId";
  static final String CLIENT_ID = "clientId";
  static final String CLIENT_SECRET = "clientSecret";
  static final String DAILY_QUOTA = "dailyQuota";
  static final String EMPTY_RANGES = "scanEmptyRanges";

  /** Marketo's default subscription quota; contracts raise it. */
  static final long DEFAULT_DAILY_QUOTA = 50_000;

  private static final Pattern MUNCHKIN =
      Pattern.compile("[0-9A-Za-z]{3}-[0-9A-Za-z]{3}-[0-9A-Za-z]{3}");

  static final ConnectorDescriptor DESCRIPTOR =
      ConnectorDescriptor.builder(SYSTEM, "Adobe Marketo Engage")
          .apiStyles(Activity.LOGIN, ApiStyle.REST)
          .apiStyles(Activity.SYNC, ApiStyle.REST)
          .apiStyles(Activity.ENRICHMENT, ApiStyle.REST)
          .apiStyles(Activity.SCORE_EXPORT, ApiStyle.REST)
          .objects(MarketoObjects.ALL.toArray(String[]::new))
          .configKey(
              ConfigKey.optional(
                  MUNCHKIN_ID,
                  "Munchkin account id such as 123-ABC-456 (Admin > Integration > "
                      + "Munchkin); gives https://{munchkinId}.mktorest.com. Not needed when the base URL is set (the REST "
                      + "endpoint or identity URL from Admin > Web Services, with or without /rest or /identity)"))
          .configKey(
              ConfigKey.required(
                  CLIENT_ID,
                  "Client id of the LaunchPoint custom service tied to an API-only user"))
          .configKey(
              ConfigKey.requiredSecret(CLIENT_SECRET, "Client secret of that LaunchPoint service"))
          .configKey(
              ConfigKey.optional(
                  DAILY_QUOTA,
                  "The subscription's daily API call quota (default "
                      + DEFAULT_DAILY_QUOTA
                      + "); verify() reports what is left of it from the usage API"))
          .configKey(
              ConfigKey.optional(
                  EMPTY_RANGES,
                  "How many empty ranges of 300 lead ids in a row end a first sync's "
                      + "scan by id (default 1; raise it for a subscription whose lead ids have gaps of thousands, such as after "
                      + "mass deletes)"))
          // 100 calls per rolling 20 s and 10 in flight, per subscription (606 / 615 beyond)
          .rateLimits(RateLimits.of(100, Duration.ofSeconds(20), 10))
          // Bulk extract: 2 jobs processing and 10 in the queue (running ones included); a job past
          // those is refused with 1029, so ten may be preparing at once.
          .maxConcurrentJobs(10)
          .note(
              "sync",
              "Lead: a first sync reads leads by id range, 300 a call; later syncs follow lead changes and "
                  + "deleted leads from a paging token and fetch the changed leads by id. With option method=extract (or a "
                  + "FULL sync given option since=<ISO date>) leads come from bulk extract jobs in 31-day updatedAt windows, "
                  + "resumable at the job and byte offset. The checkpoint's 'method' entry says which was used.")
          .note(
              "quota",
              "Marketo counts calls per subscription per day (607 when spent, resetting at midnight "
                  + "America/Chicago), 606 beyond 100 calls / 20 s, 615 beyond 10 concurrent; extracts have a 500 MB/day "
                  + "export quota (1029: the extract waits for the next day).")
          .note(
              "activities",
              "Activity: every activity type from a paging token, at most 10 types a call; with option "
                  + "method=extract, bulk activity extract in 31-day createdAt windows. First sync from option since, else "
                  + "30 days.")
          .note(
              "deletes",
              "Deleted leads come from the Delete Lead activity feed (deletedleads.json).")
          .note(
              "writes",
              "Lead writes use sync leads (300 a call): update by id (updateOnly, lookupField id) or upsert "
                  + "on a searchable field such as email (createOrUpdate).")
          .build();

  /**
   * Reads and checks the connection's settings.
   *
   * @throws ConfigurationException naming every missing or bad key
   */
  static MarketoConfig from(ConnectionConfig config) {
    Settings s = Settings.of(DESCRIPTOR, config);
    HttpUrl root = null;
    String subscription = null;
    String munchkin = s.value(MUNCHKIN_ID).orElse(null);
    if (config.baseUrl().isPresent()) {
      HttpUrl base = s.baseUrl();
      if (base != null) {
        root = rootOf(base);
        subscription = munchkin != null ? munchkin.toUpperCase(Locale.ROOT) : subscriptionOf(root);
      }
    } else if (munchkin == null) {
      s.problem(
          "either the base URL (REST endpoint from Admin > Web Services) or "
              + MUNCHKIN_ID
              + " is required");
    } else if (!MUNCHKIN.matcher(munchkin).matches()) {
      s.problem(MUNCHKIN_ID + " must look like 123-ABC-456, not '" + munchkin + "'");
    } else {
      subscription = munchkin.toUpperCase(Locale.ROOT);
      root = HttpUrl.get("https://" + subscription + ".mktorest.com");
    }
    long quota = s.number(DAILY_QUOTA, DEFAULT_DAILY_QUOTA, 1, Long.MAX_VALUE);
    int emptyRanges = (int) s.number(EMPTY_RANGES, 1, 1, 1_000);
    s.check();
    return new MarketoConfig(
        root,
        subscription,
        s.value(CLIENT_ID).orElseThrow(),
        s.value(CLIENT_SECRET).orElseThrow(),
        quota,
        emptyRanges);
  }

  /**
   * The Munchkin id of a {@code *.mktorest.com} host, else host and port (a simulator, a proxy).
   */
  static String subscriptionOf(HttpUrl root) {
    String host = root.host();
    if (host.endsWith(".mktorest.com"))
      return host.substring(0, host.indexOf('.')).toUpperCase(Locale.ROOT);
    return host + ":" + root.port();
  }

  /** {@code https://x.mktorest.com/rest/} and {@code .../identity} both mean the host root. */
  static HttpUrl rootOf(HttpUrl url) {
    List<String> segments = url.pathSegments().stream().filter(p -> !p.isEmpty()).toList();
    int keep = segments.size();
    if (keep > 0 && List.of("rest", "identity").contains(segments.get(keep - 1))) keep--;
    HttpUrl.Builder b = url.newBuilder().encodedPath("/").query(null).fragment(null);
    for (String segment : segments.subList(0, keep)) b.addPathSegment(segment);
    return b.build();
  }

  /**
   * {@code root} + {@code path}, segment by segment, so no {@code //} reaches Marketo's gateway.
   */
  HttpUrl.Builder url(String path) {
    HttpUrl.Builder b = root.newBuilder();
    for (String segment : path.split("/")) {
      if (!segment.isEmpty()) b.addPathSegment(segment);
    }
    return b;
  }

  String tokenUrl() {
    return url("/identity/oauth/token").build().toString();
  }

  @Override
  public String toString() {
    return "MarketoConfig{"
        + subscription
        + " "
        + root
        + " clientId="
        + clientId
        + " dailyQuota="
        + dailyQuota
        + "}";
  }
}
