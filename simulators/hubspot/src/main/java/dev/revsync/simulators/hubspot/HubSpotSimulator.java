package dev.revsync.simulators.hubspot;

import dev.revsync.simulators.AbstractSimulator;
import dev.revsync.simulators.FaultPlan;
import dev.revsync.simulators.ObjectTable;
import dev.revsync.simulators.SimulatedClock;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.UUID;
import mockwebserver3.MockResponse;

/**
 * A simulated HubSpot portal on 127.0.0.1, speaking HubSpot's public REST APIs as {@code
 * ../shared/protocols/hubspot.md} describes them: private-app tokens and OAuth 2.0 (refresh,
 * introspection), account details, CRM v3 objects (list, read, create, update, batch
 * read/create/update/upsert/archive, search with its 10,000-result cap), properties and groups,
 * custom object schemas, inline associations, and the marketing side (marketing emails, email
 * events, email campaigns, marketing campaigns, forms and submissions, lists and memberships).
 * Every response carries {@code X-HubSpot-Correlation-Id}; non-search responses carry the {@code
 * X-HubSpot-RateLimit-*} headers (the two daily ones only for private-app calls). The portal's
 * burst window, search's per-second limit and the daily allowance (reset at midnight in the
 * portal's time zone) answer 429 with HubSpot's body and {@code policyName}.
 *
 * <p>Facts the protocol notes mark UNCONFIRMED are settings of the {@link Builder}: the search
 * 429's policy name, the OAuth burst limit, the Professional daily limit, whether a refresh token
 * rotates, and whether a bad refresh token's body also carries {@code error}.
 *
 * <p>Thread-safe: tests change data, limits and faults while clients call it.
 */
public final class HubSpotSimulator extends AbstractSimulator {
  /** Property definitions' creation time (HubSpot-defined properties predate every portal). */
  static final Instant EPOCH_OF_DEFINITIONS = Instant.parse("2019-08-06T02:43:00.000Z");

  /** Records generated per object unless the builder says otherwise. */
  public static final Map<String, Long> DEFAULT_RECORD_COUNTS = defaultCounts();

  private final Settings settings;
  private final Map<String, CrmType> types = new LinkedHashMap<>();
  private final PortalLimits limits;
  private final OAuthServer oauth;
  private final Marketing marketing;

  private HubSpotSimulator(Builder b) {
    super(b.system, b.clock, b.seed, HubSpotSimulator::renderFault);
    this.settings = new Settings(b);
    Instant now = b.clock.instant().truncatedTo(ChronoUnit.SECONDS);
    for (CrmType type : CrmType.standardTypes(settings.portalId)) {
      types.put(type.name, type);
      long count =
          b.counts.getOrDefault(type.name, DEFAULT_RECORD_COUNTS.getOrDefault(type.name, 50L));
      define(type.name, count, type.factory(), now, b.recordsPerTimestamp);
    }
    this.limits =
        new PortalLimits(b.clock, settings.timeZone, b.burstMax, b.searchPerSecond, b.dailyLimit);
    this.oauth = new OAuthServer(settings, b.clock);
    this.marketing = new Marketing(this, b.counts, now, b.recordsPerTimestamp);
    serve(new HubSpotHandler(this, settings, types, limits, oauth, marketing));
  }

  /**
   * Generated records of {@code count} spread over the 30 days before {@code now}, {@code same} per
   * timestamp.
   */
  ObjectTable define(
      String name,
      long count,
      dev.revsync.simulators.RecordFactory factory,
      Instant now,
      int same) {
    long groups = Math.max(1, (count + same - 1) / same);
    Duration span = Duration.ofDays(30);
    Duration step = span.dividedBy(groups);
    if (step.compareTo(Duration.ofMillis(1)) < 0) step = Duration.ofMillis(1);
    step = step.truncatedTo(ChronoUnit.MILLIS);
    return store().define(name, count, factory, now.minus(span), step, same);
  }

  public static Builder builder() {
    return new Builder();
  }

  /** The private-app settings of the portal: {@code baseUrl} and {@code privateAppToken}. */
  @Override
  public Map<String, String> connectionSettings() {
    Map<String, String> s = new LinkedHashMap<>();
    s.put("baseUrl", baseUrl());
    s.put("privateAppToken", settings.privateAppToken);
    s.put("portalId", Long.toString(settings.portalId));
    return s;
  }

  /**
   * The OAuth settings of the portal's public app: {@code clientId}, {@code clientSecret}, {@code
   * refreshToken}.
   */
  public Map<String, String> oauthConnectionSettings() {
    Map<String, String> s = new LinkedHashMap<>();
    s.put("baseUrl", baseUrl());
    s.put("clientId", settings.clientId);
    s.put("clientSecret", settings.clientSecret);
    s.put("refreshToken", oauth.currentRefreshToken());
    s.put("portalId", Long.toString(settings.portalId));
    return s;
  }

  public long portalId() {
    return settings.portalId;
  }

  public String privateAppToken() {
    return settings.privateAppToken;
  }

  /** A one-time authorization code for the OAuth authorization-code grant. */
  public String authorizationCode(String redirectUri) {
    return oauth.issueCode(redirectUri);
  }

  /** The table of a CRM object ({@code contacts}, {@code 0-1}) or marketing object, or null. */
  public ObjectTable table(String object) {
    CrmType type = crmType(object);
    return store().table(type != null ? type.name : object);
  }

  /**
   * Every property of a CRM record by name, in the types a client reads them as (numbers as
   * BigDecimal, datetimes as Instant, dates as LocalDate, booleans, strings), derived ones ({@code
   * hs_object_id}, the create and last-modified dates) included; for tests comparing what a client
   * pulled.
   */
  public Map<String, Object> crmProperties(String object, dev.revsync.simulators.SimRecord record) {
    CrmType type = crmType(object);
    if (type == null) throw new IllegalArgumentException("no CRM object " + object);
    Map<String, Object> values = new LinkedHashMap<>();
    for (Property p : type.properties())
      values.put(p.name(), CrmRecords.value(type, record, p.name()));
    return values;
  }

  CrmType crmType(String objectType) {
    CrmType exact = types.get(objectType);
    if (exact != null) return exact;
    for (CrmType t : types.values()) if (t.matchesName(objectType)) return t;
    return null;
  }

  private final Map<String, Map<String, String>> groups =
      new java.util.concurrent.ConcurrentHashMap<>();

  /** Property groups created through the API for {@code type}: name → label. */
  Map<String, String> propertyGroups(String type) {
    return groups.computeIfAbsent(type, t -> new java.util.concurrent.ConcurrentHashMap<>());
  }

  /** The CRM object names, contacts first. */
  public List<String> crmObjects() {
    return new ArrayList<>(types.keySet());
  }

  private final java.util.Random churnRandom = new java.util.Random(7);
  private final java.util.concurrent.atomic.AtomicLong churned =
      new java.util.concurrent.atomic.AtomicLong();

  /** Applies the builder's churn to {@code object} after a page was served. */
  void churn(String object) {
    int changes = settings.changesPerPage;
    int archives = settings.archivesPerPage;
    if (changes == 0 && archives == 0) return;
    ObjectTable table = table(object);
    long size = table == null ? 0 : table.size(true);
    if (size == 0) return;
    for (int i = 0; i < changes + archives; i++) {
      long index;
      synchronized (churnRandom) {
        index = (long) (churnRandom.nextDouble() * size);
      }
      String id = Long.toString(CrmType.FIRST_ID + index);
      // an id already archived is left as it is
      if (i < changes) table.update(id, Map.of("jobtitle", "Churned " + churned.incrementAndGet()));
      else table.delete(id);
    }
  }

  /** Lowers or raises the portal's daily allowance. */
  public void dailyLimit(long calls) {
    limits.dailyMax(calls);
  }

  public long dailyRemaining() {
    return limits.dailyRemaining();
  }

  public void burstLimit(int callsPerTenSeconds) {
    limits.burstMax(callsPerTenSeconds);
  }

  public int burstLimit() {
    return limits.burstMax();
  }

  public void searchLimit(int callsPerSecond) {
    limits.searchPerSecond(callsPerSecond);
  }

  /** Calls the burst window refused (429 TEN_SECONDLY_ROLLING). */
  public long burstRefusals() {
    return limits.burstRefusals();
  }

  /** Calls search's per-second limit refused. */
  public long searchRefusals() {
    return limits.searchRefusals();
  }

  /** The most calls admitted inside one ten-second window so far. */
  public int mostCallsInOneBurstWindow() {
    return limits.mostInBurstWindow();
  }

  /** When the daily allowance next resets: midnight in the portal's time zone. */
  public Instant nextDailyReset() {
    return limits.nextDailyReset();
  }

  /** The search result cap (10,000 in HubSpot). */
  public int searchCap() {
    return settings.searchCap;
  }

  /** Scopes granted to every token from now on (private app and OAuth). */
  public void grantScopes(Set<String> scopes) {
    settings.scopes = Collections.unmodifiableSet(new LinkedHashSet<>(scopes));
  }

  public Set<String> grantedScopes() {
    return settings.scopes;
  }

  /** Revokes the current refresh token (the customer uninstalled the app). */
  public void revokeRefreshToken() {
    oauth.revokeRefreshToken();
  }

  /** Access tokens issued by the OAuth endpoint so far. */
  public int accessTokensIssued() {
    return oauth.accessTokensIssued();
  }

  /**
   * Injected faults as HubSpot answers them: a 429 with its burst policy, 5xx with the error
   * envelope.
   */
  private static MockResponse renderFault(
      FaultPlan.Fault fault, int status, long retryAfterSeconds) {
    String correlationId = Wire.correlationId();
    try {
      if (status == 429) {
        return HubSpotHandler.tooMany(
                correlationId,
                "TEN_SECONDLY_ROLLING",
                "You have reached your ten_secondly_rolling limit.")
            .setHeader("Retry-After", retryAfterSeconds)
            .build();
      }
      MockResponse.Builder b =
          Wire.error(
              status,
              correlationId,
              status == 503 ? "SERVICE_UNAVAILABLE" : "INTERNAL_ERROR",
              status == 503 ? "Service Unavailable" : "internal error");
      if (status == 503) b.setHeader("Retry-After", retryAfterSeconds);
      return b.build();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  private static Map<String, Long> defaultCounts() {
    Map<String, Long> m = new LinkedHashMap<>();
    m.put("contacts", 1_000L);
    m.put("companies", 200L);
    m.put("deals", 200L);
    m.put("tickets", 100L);
    m.put("line_items", 100L);
    for (String e : List.of("calls", "emails", "meetings", "notes", "tasks")) m.put(e, 100L);
    m.put("marketing_emails", 40L);
    m.put("email_events", 2_000L);
    m.put("email_campaigns", 40L);
    m.put("campaigns", 12L);
    m.put("forms", 4L);
    m.put("form_submissions", 400L);
    m.put("lists", 6L);
    return Collections.unmodifiableMap(m);
  }

  /** The portal's fixed settings (scopes can change while it runs). */
  static final class Settings {
    final long portalId;
    final String privateAppToken;
    final String clientId;
    final String clientSecret;
    final String initialRefreshToken;
    final ZoneId timeZone;
    final String accountType;
    final int searchCap;
    final int oauthBurstMax;
    final String searchPolicyName;
    final boolean rotateRefreshTokens;
    final boolean badRefreshTokenCarriesOAuthError;
    final Duration tokenLifetime;
    final Duration searchIndexLag;
    final boolean secondlyHeaders;
    volatile Set<String> scopes;
    final int changesPerPage;
    final int archivesPerPage;

    Settings(Builder b) {
      this.portalId = b.portalId;
      java.util.Random r = new java.util.Random(b.seed);
      this.privateAppToken = "pat-na1-" + new UUID(r.nextLong(), r.nextLong());
      this.clientId = new UUID(r.nextLong(), r.nextLong()).toString();
      this.clientSecret = new UUID(r.nextLong(), r.nextLong()).toString();
      this.initialRefreshToken =
          "na1-" + Long.toHexString(r.nextLong()) + "-" + new UUID(r.nextLong(), r.nextLong());
      this.timeZone = b.timeZone;
      this.accountType = b.accountType;
      this.searchCap = b.searchCap;
      this.oauthBurstMax = b.oauthBurstMax;
      this.searchPolicyName = b.searchPolicyName;
      this.rotateRefreshTokens = b.rotateRefreshTokens;
      this.badRefreshTokenCarriesOAuthError = b.badRefreshTokenCarriesOAuthError;
      this.tokenLifetime = b.tokenLifetime;
      this.searchIndexLag = b.searchIndexLag;
      this.secondlyHeaders = b.secondlyHeaders;
      this.scopes = Collections.unmodifiableSet(new LinkedHashSet<>(b.scopes));
      this.changesPerPage = b.changesPerPage;
      this.archivesPerPage = b.archivesPerPage;
    }
  }

  /** Configures a simulated portal. Not thread-safe. */
  public static final class Builder {
    /** Every scope the simulator checks. */
    public static final Set<String> ALL_SCOPES =
        Set.of(
            "crm.objects.contacts.read",
            "crm.objects.contacts.write",
            "crm.objects.companies.read",
            "crm.objects.companies.write",
            "crm.objects.deals.read",
            "crm.objects.deals.write",
            "tickets.read",
            "tickets.write",
            "crm.objects.line_items.read",
            "crm.objects.line_items.write",
            "crm.objects.custom.read",
            "crm.objects.custom.write",
            "crm.schemas.contacts.read",
            "crm.schemas.contacts.write",
            "crm.schemas.companies.read",
            "crm.schemas.companies.write",
            "crm.schemas.deals.read",
            "crm.schemas.custom.read",
            "crm.lists.read",
            "content",
            "forms",
            "marketing.campaigns.read",
            "oauth");

    private String system = "hubspot-crm";
    private long seed = 42;
    private Clock clock = Clock.systemUTC();
    private final Map<String, Long> counts = new LinkedHashMap<>();
    private int recordsPerTimestamp = 7;
    private long portalId = 123456;
    private ZoneId timeZone = ZoneId.of("US/Eastern");
    private String accountType = "STANDARD";
    private int burstMax = 190;
    private int oauthBurstMax = 110;
    private int searchPerSecond = 4;
    private long dailyLimit = 1_000_000;
    private int searchCap = 10_000;
    private String searchPolicyName = "SECONDLY";
    private boolean rotateRefreshTokens;
    private boolean badRefreshTokenCarriesOAuthError = true;
    private Duration tokenLifetime = Duration.ofMinutes(30);
    private Duration searchIndexLag = Duration.ZERO;
    private boolean secondlyHeaders;
    private Set<String> scopes = ALL_SCOPES;
    private int changesPerPage;
    private int archivesPerPage;

    private Builder() {}

    /**
     * Live data: after every CRM list or search page it serves, the portal changes {@code changes}
     * records and archives {@code archives} of the object paged (seeded, so repeatable), stamped
     * with the clock's time, as users and workflows do while a sync runs.
     */
    public Builder churn(int changes, int archives) {
      if (changes < 0 || archives < 0)
        throw new IllegalArgumentException("churn must not be negative");
      this.changesPerPage = changes;
      this.archivesPerPage = archives;
      return this;
    }

    /** The connector id the simulator reports ({@code hubspot-crm} or {@code hubspot-map}). */
    public Builder system(String system) {
      this.system = Objects.requireNonNull(system, "system");
      return this;
    }

    public Builder seed(long seed) {
      this.seed = seed;
      return this;
    }

    /** Use a {@link SimulatedClock} to control time. */
    public Builder clock(Clock clock) {
      this.clock = Objects.requireNonNull(clock, "clock");
      return this;
    }

    /** Generated records of {@code object} ({@code contacts}, {@code email_events}, ...). */
    public Builder records(String object, long count) {
      if (count < 0) throw new IllegalArgumentException("count must be >= 0: " + count);
      counts.put(object, count);
      return this;
    }

    /** Generated records that share each modification timestamp (ties at page boundaries). */
    public Builder recordsPerTimestamp(int n) {
      if (n < 1) throw new IllegalArgumentException("recordsPerTimestamp must be >= 1: " + n);
      this.recordsPerTimestamp = n;
      return this;
    }

    public Builder portalId(long portalId) {
      this.portalId = portalId;
      return this;
    }

    /** The portal's time zone: the daily allowance resets at its midnight. */
    public Builder timeZone(ZoneId zone) {
      this.timeZone = Objects.requireNonNull(zone, "zone");
      return this;
    }

    /** {@code STANDARD}, {@code SANDBOX}, {@code DEVELOPER_TEST} or {@code APP_DEVELOPER}. */
    public Builder accountType(String accountType) {
      this.accountType = Objects.requireNonNull(accountType, "accountType");
      return this;
    }

    /**
     * Private-app calls per ten seconds (100 Free/Starter, 190 Professional/Enterprise, 250 with
     * the pack).
     */
    public Builder burstLimit(int callsPerTenSeconds) {
      this.burstMax = callsPerTenSeconds;
      return this;
    }

    /**
     * OAuth calls per ten seconds reported in headers (110 per the 2024 changelog; UNCONFIRMED).
     */
    public Builder oauthBurstLimit(int callsPerTenSeconds) {
      this.oauthBurstMax = callsPerTenSeconds;
      return this;
    }

    /** Search calls per second (4 historically documented, 5 now cited). */
    public Builder searchLimit(int callsPerSecond) {
      this.searchPerSecond = callsPerSecond;
      return this;
    }

    /**
     * The daily allowance (250,000 Free/Starter, 625,000 or 650,000 Professional, 1,000,000
     * Enterprise).
     */
    public Builder dailyLimit(long calls) {
      this.dailyLimit = calls;
      return this;
    }

    public Builder searchCap(int results) {
      this.searchCap = results;
      return this;
    }

    /**
     * The {@code policyName} of search's per-second 429 ({@code SECONDLY} assumed; UNCONFIRMED).
     */
    public Builder searchPolicyName(String policyName) {
      this.searchPolicyName = Objects.requireNonNull(policyName, "policyName");
      return this;
    }

    /**
     * Whether each refresh returns a new refresh token (HubSpot keeps it; rotation tests clients).
     */
    public Builder rotateRefreshTokens(boolean rotate) {
      this.rotateRefreshTokens = rotate;
      return this;
    }

    /**
     * Whether a bad refresh token's 400 also carries {@code error: invalid_grant} (newer captures
     * do).
     */
    public Builder badRefreshTokenCarriesOAuthError(boolean carries) {
      this.badRefreshTokenCarriesOAuthError = carries;
      return this;
    }

    public Builder tokenLifetime(Duration lifetime) {
      this.tokenLifetime = Objects.requireNonNull(lifetime, "lifetime");
      return this;
    }

    /** How long search's index lags writes (0: searchable at once). */
    public Builder searchIndexLag(Duration lag) {
      this.searchIndexLag = Objects.requireNonNull(lag, "lag");
      return this;
    }

    /** Also emit the legacy {@code X-HubSpot-RateLimit-Secondly} pair. */
    public Builder secondlyHeaders(boolean emit) {
      this.secondlyHeaders = emit;
      return this;
    }

    public Builder scopes(Set<String> scopes) {
      this.scopes = Set.copyOf(scopes);
      return this;
    }

    public HubSpotSimulator start() {
      return new HubSpotSimulator(this);
    }
  }
}
