package dev.revsync.simulators.pardot;

import dev.revsync.simulators.AbstractSimulator;
import dev.revsync.simulators.DailyLimitCounter;
import dev.revsync.simulators.ObjectTable;
import dev.revsync.simulators.SimulatedClock;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.time.temporal.ChronoUnit;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import mockwebserver3.MockResponse;

/**
 * An in-process Account Engagement (Pardot) business unit on 127.0.0.1 speaking the wire formats of
 * {@code protocols/pardot.md}: the Salesforce OAuth token endpoint, the v5 object query and read
 * with page tokens (expiring, capped at 100,000 records per sequence with a {@code
 * Pardot-Warning}), prospect PATCH/create/upsertLatestByEmail/undelete, custom-field creation, the
 * v5 export state machine with CSV result files, v5 error bodies with Pardot's codes, the
 * business-unit header, the edition's daily limit (122), five concurrent requests (66), an optional
 * per-minute limit (202), {@code x-api-usage}, and the framework's fault plan. Data is generated (a
 * million prospects cost no memory) and can be changed while a sync runs through {@link
 * #table(String)}; collections are named as on the wire ({@code prospects}, {@code
 * visitor-activities}, ...).
 *
 * <pre>{@code
 * SimulatedClock clock = SimulatedClock.at("2026-11-28T00:00:00Z");
 * try (PardotSimulator pardot = PardotSimulator.builder().clock(clock).records("prospects", 10_000).start()) {
 *   Map<String, String> settings = pardot.connectionSettings(); // baseUrl, loginUrl, clientId, ..., businessUnitId
 * }
 * }</pre>
 *
 * <p>Thread-safe.
 */
public final class PardotSimulator extends AbstractSimulator {
  /** The connector id. */
  public static final String SYSTEM = "pardot";

  /** Generated records per collection when not configured. */
  public static final Map<String, Long> DEFAULT_RECORD_COUNTS = PardotSchema.DEFAULT_COUNTS;

  /** The editions' daily API requests per business unit (§6). */
  public enum Edition {
    GROWTH(25_000),
    PLUS(50_000),
    ADVANCED(100_000),
    PREMIUM(100_000);

    final long dailyRequests;

    Edition(long dailyRequests) {
      this.dailyRequests = dailyRequests;
    }
  }

  private final PardotSettings settings;
  private final OAuthTokens oauth;
  private final DailyLimitCounter daily;
  private final ExportApi exports;
  private final String businessUnitId;
  private final Clock clock;
  private final LiveChanges changes;

  private PardotSimulator(Builder b) {
    super(SYSTEM, b.clock, b.seed, PardotSimulator::renderFault);
    this.clock = b.clock;
    this.settings = new PardotSettings();
    settings.accountZone = b.zone;
    this.businessUnitId = b.businessUnitId;
    PardotSchema schema = new PardotSchema();
    Map<String, Long> counts = new LinkedHashMap<>(PardotSchema.DEFAULT_COUNTS);
    counts.putAll(b.counts);
    counts.put(PardotSchema.CUSTOM_FIELDS, (long) PardotSchema.CUSTOM.size());
    Instant now = b.clock.instant().truncatedTo(ChronoUnit.SECONDS);
    for (PardotSchema.Collection c : schema.all()) {
      long count = counts.getOrDefault(c.name, 0L);
      int same = b.recordsPerTimestamp;
      long groups = Math.max(1, (count + same - 1) / same);
      long stepSeconds = Math.max(1, b.history.toSeconds() / groups);
      Instant first = now.minusSeconds(groups * stepSeconds).minus(Duration.ofHours(1));
      store()
          .define(
              c.name,
              count,
              schema.factory(c, counts, now),
              first,
              Duration.ofSeconds(stepSeconds),
              same);
    }
    this.oauth = new OAuthTokens(b.seed, b.clock);
    oauth.instanceUrl(baseUrl());
    this.daily = DailyLimitCounter.perUtcDay(b.clock, b.edition.dailyRequests);
    PageTokens tokens = new PageTokens(b.seed);
    QueryApi query = new QueryApi(schema, store(), settings, tokens, b.clock);
    WriteApi writes = new WriteApi(schema, store(), query, baseUrl());
    this.exports = new ExportApi(schema, store(), settings, b.clock);
    Set<String> units = new LinkedHashSet<>();
    units.add(businessUnitId);
    units.addAll(b.otherBusinessUnits);
    this.changes = new LiveChanges(store(), b.clock, b.seed);
    changes.perHour(b.changesPerHour);
    serve(
        new PardotHandler(
            changes,
            settings,
            oauth,
            Set.copyOf(units),
            daily,
            faults(),
            schema,
            query,
            writes,
            exports,
            b.clock,
            baseUrl()));
  }

  public static Builder builder() {
    return new Builder();
  }

  /**
   * Injected faults in Pardot's v5 shapes; a 429 carries {@code Retry-After} only so the fault
   * plan's waits can be exercised (Pardot sends none).
   */
  private static MockResponse renderFault(
      dev.revsync.simulators.FaultPlan.Fault fault, int status, long retryAfter) {
    MockResponse.Builder b =
        switch (status) {
          case 429 ->
              PardotJson.error(
                      429,
                      66,
                      "You have exceeded your concurrent request limit.  Please wait, before trying again")
                  .newBuilder();
          default -> PardotJson.error(status, 183, "Internal error").newBuilder();
        };
    if (status == 429 || status == 503) b.setHeader("Retry-After", retryAfter);
    return b.build();
  }

  /**
   * {@code baseUrl} (the Pardot host), {@code loginUrl} (the token host: this simulator), {@code
   * clientId}, {@code clientSecret}, {@code refreshToken}, {@code businessUnitId} and {@code
   * username} (the JWT bearer grant's subject; its signature is not checked). Test credentials
   * only.
   */
  @Override
  public Map<String, String> connectionSettings() {
    Map<String, String> m = new LinkedHashMap<>();
    m.put("baseUrl", baseUrl());
    m.put("loginUrl", baseUrl());
    m.put("clientId", oauth.clientId());
    m.put("clientSecret", oauth.clientSecret());
    m.put("refreshToken", oauth.refreshToken());
    m.put("businessUnitId", businessUnitId);
    m.put("username", oauth.username());
    return m;
  }

  // ---- test controls -------------------------------------------------------------------------

  /**
   * The records of a collection ({@code prospects}, {@code visitor-activities}, ...); change them
   * to simulate users.
   */
  public ObjectTable table(String collection) {
    ObjectTable t = store().table(collection);
    if (t == null)
      throw new IllegalArgumentException(
          "the Pardot simulator has no collection " + collection + "; it has " + store().objects());
    return t;
  }

  public Clock clock() {
    return clock;
  }

  public String businessUnitId() {
    return businessUnitId;
  }

  public String username() {
    return oauth.username();
  }

  /** Ends every access token issued so far: their next call answers 401 code 184. */
  public void expireAccessTokens() {
    oauth.expireAll();
  }

  /**
   * Sets the business unit's daily API requests (the edition's limit); calls already made today
   * still count.
   */
  public void setDailyLimit(long requests) {
    daily.setMax(requests);
  }

  public long dailyLimit() {
    return daily.max();
  }

  /** API calls counted against today's limit. */
  public long dailyUsed() {
    return daily.used();
  }

  /**
   * The HTTP status of limit errors 122/66/202 (UNCONFIRMED; 429 by default, 200 or 400 to try the
   * "body code only" reading).
   */
  public void setLimitStatus(int status) {
    settings.limitStatus = status;
  }

  /** Requests per minute before error 202; 0 (default) for no per-minute limit. */
  public void setMinuteLimit(int requests) {
    settings.minuteLimit = requests;
  }

  /** Concurrent requests before error 66; 5 by default. */
  public void setConcurrencyLimit(int requests) {
    settings.concurrencyLimit = requests;
  }

  /** Records one page-token sequence serves; 100,000 by default. */
  public void setTokenSequenceCap(long records) {
    settings.tokenSequenceCap = records;
  }

  /** How long a page token lives; 4 hours by default. */
  public void setPageTokenLifetime(Duration lifetime) {
    settings.pageTokenLifetime = Objects.requireNonNull(lifetime, "lifetime");
  }

  /** The warning code of the sequence cap: 203 (default) or 101 (UNCONFIRMED). */
  public void setCapWarningCode(int code) {
    settings.capWarningCode = code;
  }

  /**
   * False: the last page omits {@code nextPageToken}/{@code nextPageUrl} instead of sending nulls.
   */
  public void setNullPageKeysOnLastPage(boolean sendNulls) {
    settings.nullPageKeysOnLastPage = sendNulls;
  }

  /**
   * False: {@code x-api-usage} is a bare count instead of {@code used/max} (UNCONFIRMED format).
   */
  public void setUsageWithMax(boolean withMax) {
    settings.usageWithMax = withMax;
  }

  /** The export read's state field: {@code status} (default) or {@code state} (UNCONFIRMED). */
  public void setExportStatusField(String name) {
    settings.exportStatusField = Objects.requireNonNull(name, "name");
  }

  /** How long an export waits, then processes, on the simulator's clock. */
  public void setExportTiming(Duration waiting, Duration processing) {
    settings.exportWaiting = Objects.requireNonNull(waiting, "waiting");
    settings.exportProcessing = Objects.requireNonNull(processing, "processing");
  }

  /** Rows per export result file; 100,000 by default. */
  public void setExportRowsPerFile(long rows) {
    if (rows < 1) throw new IllegalArgumentException("rows must be >= 1: " + rows);
    settings.exportRowsPerFile = rows;
  }

  /**
   * False: export CSV datetimes as legacy {@code YYYY-MM-DD HH:MM:SS} in the account zone
   * (UNCONFIRMED).
   */
  public void setExportIsoDates(boolean iso) {
    settings.exportIsoDates = iso;
  }

  /** False: the integration user loses Account Engagement access (every call 403 code 49). */
  public void setUserHasAccess(boolean access) {
    settings.userHasAccess = access;
  }

  /**
   * Prospects scored, deleted and created, and visitor activities logged, per hour of the clock; 0
   * stops it.
   */
  public void setChangesPerHour(double changesPerHour) {
    changes.perHour(changesPerHour);
  }

  /** Changes the business unit made on its own so far ({@link Builder#changesPerHour}). */
  public long liveChangesApplied() {
    return changes.applied();
  }

  /**
   * How far query results trail writes: records changed within this much of the clock's now are
   * left out of queries, as Pardot's read cache (up to 60 s) does; zero by default.
   */
  public void setReadCacheLag(Duration lag) {
    if (lag.isNegative()) throw new IllegalArgumentException("lag must not be negative: " + lag);
    settings.readCacheLag = lag;
  }

  public ZoneId accountZone() {
    return settings.accountZone;
  }

  /** Exports created so far. */
  public long exportsCreated() {
    return exports.created();
  }

  /** Export result files downloaded so far. */
  public long exportFilesDownloaded() {
    return exports.downloads();
  }

  @Override
  public String toString() {
    return "PardotSimulator{" + baseUrl() + " " + businessUnitId + "}";
  }

  /** Configures and starts a {@link PardotSimulator}. Not thread-safe. */
  public static final class Builder {
    private Clock clock = new SimulatedClock(Instant.parse("2026-11-28T00:00:00Z"));
    private long seed = 42;
    private final Map<String, Long> counts = new LinkedHashMap<>();
    private String businessUnitId = "0Uv5e000000PaRdCAA";
    private final Set<String> otherBusinessUnits = new LinkedHashSet<>();
    private Edition edition = Edition.ADVANCED;
    private ZoneId zone = ZoneId.of("America/New_York");
    private Duration history = Duration.ofDays(365);
    private int recordsPerTimestamp = 3;
    private double changesPerHour;

    private Builder() {}

    /**
     * The business unit's own activity while syncs run, per hour of the clock: prospects scored,
     * some deleted and created, visitor activities logged. 0 (default): data changes only when a
     * test or a write changes it.
     */
    public Builder changesPerHour(double changesPerHour) {
      if (changesPerHour < 0)
        throw new IllegalArgumentException("changesPerHour must be >= 0: " + changesPerHour);
      this.changesPerHour = changesPerHour;
      return this;
    }

    public Builder clock(Clock clock) {
      this.clock = Objects.requireNonNull(clock, "clock");
      return this;
    }

    public Builder seed(long seed) {
      this.seed = seed;
      return this;
    }

    /**
     * Generated records of a collection ({@code prospects}) or its connector name ({@code
     * Prospect}).
     */
    public Builder records(String collection, long count) {
      if (count < 0) throw new IllegalArgumentException("count must be >= 0: " + count);
      String name = collectionName(collection);
      if (name == null) throw new IllegalArgumentException("no Pardot collection " + collection);
      counts.put(name, count);
      return this;
    }

    public Builder businessUnitId(String id) {
      this.businessUnitId = Objects.requireNonNull(id, "id");
      return this;
    }

    /** Another business unit the user may call (its data is the same as the first's). */
    public Builder otherBusinessUnit(String id) {
      otherBusinessUnits.add(Objects.requireNonNull(id, "id"));
      return this;
    }

    public Builder edition(Edition edition) {
      this.edition = Objects.requireNonNull(edition, "edition");
      return this;
    }

    public Builder accountZone(ZoneId zone) {
      this.zone = Objects.requireNonNull(zone, "zone");
      return this;
    }

    /** How far back generated modification times reach; records share each timestamp in groups. */
    public Builder history(Duration history, int recordsPerTimestamp) {
      if (recordsPerTimestamp < 1)
        throw new IllegalArgumentException("recordsPerTimestamp must be >= 1");
      this.history = Objects.requireNonNull(history, "history");
      this.recordsPerTimestamp = recordsPerTimestamp;
      return this;
    }

    public PardotSimulator start() {
      return new PardotSimulator(this);
    }
  }

  private static final Map<String, String> CONNECTOR_NAMES =
      Map.of(
          "prospect",
          PardotSchema.PROSPECTS,
          "visitoractivity",
          PardotSchema.VISITOR_ACTIVITIES,
          "campaign",
          PardotSchema.CAMPAIGNS,
          "list",
          PardotSchema.LISTS,
          "listmembership",
          PardotSchema.LIST_MEMBERSHIPS,
          "opportunity",
          PardotSchema.OPPORTUNITIES,
          "email",
          PardotSchema.EMAILS,
          "customfield",
          PardotSchema.CUSTOM_FIELDS);

  /**
   * {@code prospects} for {@code prospects}, {@code Prospect}, {@code VisitorActivity}...; null if
   * unknown.
   */
  static String collectionName(String name) {
    if (PardotSchema.DEFAULT_COUNTS.containsKey(name) || name.equals(PardotSchema.CUSTOM_FIELDS))
      return name;
    return CONNECTOR_NAMES.get(name.toLowerCase(Locale.ROOT));
  }
}
