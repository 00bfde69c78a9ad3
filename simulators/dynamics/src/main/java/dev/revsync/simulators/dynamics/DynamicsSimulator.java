package dev.revsync.simulators.dynamics;

import dev.revsync.simulators.AbstractSimulator;
import dev.revsync.simulators.DailyLimitCounter;
import dev.revsync.simulators.ObjectTable;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.security.PublicKey;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.temporal.ChronoUnit;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;

/**
 * An in-process Dynamics 365 / Dataverse environment on 127.0.0.1 speaking the wire formats of
 * {@code protocols/dynamics.md}: the Microsoft Entra ID token endpoint (client secret, Basic or a
 * certificate's JWT assertion; AADSTS error bodies), the 401 {@code WWW-Authenticate} tenant hint,
 * WhoAmI, RetrieveVersion, {@code $metadata}, EntityDefinitions (never paged), OData queries
 * ({@code $select/$filter/$orderby/$top/$count}, {@code $skip} refused) in pages of {@code
 * odata.maxpagesize} ≤ 5,000 with opaque nextLinks, change tracking with expiring delta tokens and
 * {@code $deletedEntity} rows, FormattedValue and lookup annotations, PATCH update/upsert by id or
 * alternate key, {@code $batch} with change sets, service protection limits per user (requests and
 * execution time per 5 minutes, concurrency) answering 429 with {@code Retry-After}, the {@code
 * x-ms-ratelimit-*} headers on every answer, a 24-hour request entitlement counter, and the
 * framework's fault plan. Data is generated (a million rows cost no memory) and changes while syncs
 * run through {@link #table(String)}.
 *
 * <pre>{@code
 * SimulatedClock clock = SimulatedClock.at("2026-11-28T00:00:00Z");
 * try (DynamicsSimulator d = DynamicsSimulator.builder().clock(clock).records("contact", 100_000).start()) {
 *   Map<String, String> settings = d.connectionSettings(); // baseUrl, authorityUrl, tenantId, clientId, clientSecret
 * }
 * }</pre>
 *
 * <p>Thread-safe.
 */
public final class DynamicsSimulator extends AbstractSimulator {
  /** The connector id. */
  public static final String SYSTEM = "dynamics";

  /** The Web API version served by default (v9.0 and v9.1 paths answer too). */
  public static final String API_VERSION = "v9.2";

  /** Generated rows per table (logical name) when not configured. */
  public static final Map<String, Long> DEFAULT_RECORD_COUNTS =
      Map.of(
          "account",
          200L,
          "contact",
          500L,
          "lead",
          300L,
          "opportunity",
          200L,
          "campaign",
          20L,
          "activitypointer",
          400L,
          "new_project",
          50L);

  /**
   * Service protection limits per user and web server; the defaults are the documented ones.
   *
   * @param requestsPerWindow requests per window (6,000)
   * @param executionMillisPerWindow combined execution time per window (1,200,000 ms)
   * @param concurrentRequests requests in flight at once (52)
   * @param window the sliding window (5 minutes)
   * @param executionMillisPerRequest execution time a request costs
   * @param executionMillisPerOperation execution time each operation of a {@code $batch} adds
   * @param concurrencyRetryAfter the {@code Retry-After} of a concurrency refusal
   * @param dopHint the {@code x-ms-dop-hint} header
   */
  public record Limits(
      int requestsPerWindow,
      long executionMillisPerWindow,
      int concurrentRequests,
      Duration window,
      long executionMillisPerRequest,
      long executionMillisPerOperation,
      Duration concurrencyRetryAfter,
      int dopHint) {
    public Limits {
      if (requestsPerWindow < 1 || executionMillisPerWindow < 1 || concurrentRequests < 1) {
        throw new IllegalArgumentException("limits must be positive");
      }
      Objects.requireNonNull(window, "window");
      Objects.requireNonNull(concurrencyRetryAfter, "concurrencyRetryAfter");
    }

    public static Limits defaults() {
      return new Limits(
          6_000, 1_200_000, 52, Duration.ofMinutes(5), 20, 5, Duration.ofSeconds(1), 4);
    }
  }

  /** Everything the builder set, read by the simulator's parts. Immutable. */
  record Settings(
      Clock clock,
      long seed,
      Map<String, Long> recordCounts,
      int recordsPerTimestamp,
      Duration history,
      String tenantId,
      String tenantDomain,
      String clientId,
      String clientSecret,
      PublicKey certificateKey,
      String certificatePrivateKeyPem,
      String certificateThumbprint,
      boolean secretExpired,
      boolean applicationUser,
      boolean securityRole,
      Duration tokenLifetime,
      boolean extExpiresIn,
      int clientAuthFailureStatus,
      Duration changeTrackingRetention,
      int expiredTokenStatus,
      String expiredTokenCode,
      boolean pageTrackedResults,
      long dailyEntitlement,
      Duration latency,
      double changesPerHour,
      String organizationId,
      String userId,
      String businessUnitId,
      String version) {
    String applicationUserId() {
      return userId;
    }
  }

  private final Settings settings;
  private final EntraEndpoint entra;
  private final ServiceProtection protection;
  private final DeltaTokens tokens;
  private final DailyLimitCounter entitlement;
  private final OrgActivity activity;
  private final DynamicsSchema schema = new DynamicsSchema();
  private final java.util.concurrent.atomic.AtomicReference<String> environmentUrl;

  private DynamicsSimulator(Settings settings) {
    super(SYSTEM, settings.clock(), settings.seed(), DynamicsHandler.FAULTS);
    this.settings = settings;
    defineData();
    this.environmentUrl = new java.util.concurrent.atomic.AtomicReference<>(baseUrl());
    this.entra = new EntraEndpoint(settings, baseUrl(), environmentUrl::get);
    this.protection = new ServiceProtection(settings.clock(), Limits.defaults());
    this.tokens = new DeltaTokens(settings.clock(), settings.changeTrackingRetention());
    this.entitlement = DailyLimitCounter.rolling24h(settings.clock(), settings.dailyEntitlement());
    this.activity =
        new OrgActivity(store(), settings.clock(), settings.seed(), settings.changesPerHour());
    serve(
        new DynamicsHandler(
            settings,
            schema,
            store(),
            faults(),
            entra,
            protection,
            tokens,
            entitlement,
            activity,
            environmentUrl::get));
  }

  private void defineData() {
    Instant now = settings.clock().instant().truncatedTo(ChronoUnit.SECONDS);
    DynamicsData data =
        new DynamicsData(settings.recordCounts(), now.atZone(ZoneOffset.UTC).toLocalDate());
    int same = settings.recordsPerTimestamp();
    for (EntityType type : schema.types()) {
      long count = settings.recordCounts().getOrDefault(type.logicalName(), 0L);
      long groups = Math.max(1, (count + same - 1) / same);
      long stepSeconds = Math.max(1, settings.history().toSeconds() / groups);
      Instant first = now.minusSeconds(groups * stepSeconds).minus(Duration.ofHours(1));
      store()
          .define(
              type.logicalName(),
              count,
              data.factory(type),
              first,
              Duration.ofSeconds(stepSeconds),
              same);
    }
  }

  public static Builder builder() {
    return new Builder();
  }

  /**
   * {@code baseUrl} (the environment URL, also the token scope's resource), {@code authorityUrl}
   * (the Entra host: this simulator), {@code tenantId}, {@code clientId}, and {@code clientSecret}
   * or, for a certificate app, {@code certificatePrivateKey} (PEM) and {@code
   * certificateThumbprint}. Test credentials only.
   */
  @Override
  public Map<String, String> connectionSettings() {
    Map<String, String> m = new LinkedHashMap<>();
    m.put("baseUrl", baseUrl());
    m.put("authorityUrl", baseUrl());
    m.put("tenantId", settings.tenantId());
    m.put("clientId", settings.clientId());
    if (settings.clientSecret() != null) m.put("clientSecret", settings.clientSecret());
    if (settings.certificatePrivateKeyPem() != null) {
      m.put("certificatePrivateKey", settings.certificatePrivateKeyPem());
      m.put("certificateThumbprint", settings.certificateThumbprint());
    }
    return m;
  }

  // ---- test controls -------------------------------------------------------------------------

  /** The rows of a table by logical name (account, contact, …); change them to simulate users. */
  public ObjectTable table(String logicalName) {
    ObjectTable t = store().table(logicalName);
    if (t == null) {
      throw new IllegalArgumentException(
          "the Dynamics simulator has no table " + logicalName + "; it has " + store().objects());
    }
    return t;
  }

  public Clock clock() {
    return settings.clock();
  }

  public String tenantId() {
    return settings.tenantId();
  }

  public String organizationId() {
    return settings.organizationId();
  }

  /** The application user's systemuserid (what WhoAmI answers as UserId). */
  public String userId() {
    return settings.userId();
  }

  /**
   * The environment URL written into links ({@code @odata.nextLink}, deltaLinks, contexts, {@code
   * OData-EntityId}, the 401 tenant hint) and accepted as the token scope's resource, as when the
   * environment is reached through a reverse proxy; default {@link #baseUrl()}, which stays
   * accepted too. A benchmark's recording proxy sets its own URL here.
   */
  public void environmentUrl(String url) {
    environmentUrl.set(Objects.requireNonNull(url, "url").replaceAll("/+$", ""));
  }

  /** Ends every access token issued so far: their next use answers 401. */
  public void expireAccessTokens() {
    entra.expireAll();
  }

  /**
   * Makes every delta token issued so far unknown, as the org's change-tracking retention would.
   */
  public void expireDeltaTokens() {
    tokens.expireAll();
  }

  /** Changes how long delta tokens stay valid (the org's ExpireChangeTrackingInDays). */
  public void changeTrackingRetention(Duration retention) {
    tokens.retention(retention);
  }

  /** Changes the service protection limits from now on. */
  public void limits(Limits limits) {
    protection.limits(Objects.requireNonNull(limits, "limits"));
  }

  /** Changes the environment's users make per hour from now on (0 stops them). */
  public void changesPerHour(double changes) {
    activity.rate(changes);
  }

  /** The most requests the application user had in flight at once. */
  public int maxConcurrentRequestsSeen() {
    return protection.maxConcurrentSeen();
  }

  /** Requests refused with 429 by service protection (injected faults apart). */
  public int serviceProtectionRefusals() {
    return protection.refusals();
  }

  /** Power Platform requests counted in the last 24 hours (each operation of a batch counts). */
  public long entitlementUsed() {
    return entitlement.used();
  }

  @Override
  public String toString() {
    return "DynamicsSimulator{" + baseUrl() + ", org " + settings.organizationId() + "}";
  }

  // ---- builder -------------------------------------------------------------------------------

  /**
   * Options of a {@link DynamicsSimulator}. Settings marked <em>unverified</em> model behaviour the
   * protocol notes could not confirm; their defaults are the most likely reading. Not thread-safe.
   */
  public static final class Builder {
    private long seed = 42;
    private Clock clock = Clock.systemUTC();
    private final Map<String, Long> recordCounts = new LinkedHashMap<>(DEFAULT_RECORD_COUNTS);
    private int recordsPerTimestamp = 30;
    private Duration history = Duration.ofDays(365);
    private String tenantId;
    private String tenantDomain = "contoso.onmicrosoft.com";
    private String clientId;
    private String clientSecret = "sim~Secret.Value_0123456789abcdefghij";
    private boolean certificate;
    private boolean secretExpired;
    private boolean applicationUser = true;
    private boolean securityRole = true;
    private Duration tokenLifetime = Duration.ofSeconds(3599);
    private boolean extExpiresIn = true;
    private int clientAuthFailureStatus = 401;
    private Duration changeTrackingRetention = Duration.ofDays(7);
    private int expiredTokenStatus = 400;
    private String expiredTokenCode = "0x80044352";
    private boolean pageTrackedResults = true;
    private long dailyEntitlement = 500_000;
    private Duration latency = Duration.ZERO;
    private double changesPerHour;
    private Limits limits = Limits.defaults();

    private Builder() {}

    public Builder seed(long seed) {
      this.seed = seed;
      return this;
    }

    public Builder clock(Clock clock) {
      this.clock = Objects.requireNonNull(clock, "clock");
      return this;
    }

    /**
     * Generated rows of {@code logicalName} (account, contact, lead, opportunity, campaign,
     * activitypointer, new_project).
     */
    public Builder records(String logicalName, long count) {
      if (!DEFAULT_RECORD_COUNTS.containsKey(logicalName)) {
        throw new IllegalArgumentException(
            "no table " + logicalName + "; tables: " + DEFAULT_RECORD_COUNTS.keySet());
      }
      if (count < 0) throw new IllegalArgumentException("count must be >= 0: " + count);
      recordCounts.put(logicalName, count);
      return this;
    }

    /**
     * Generated rows sharing each modifiedon second (default 30), so syncs meet ties at page
     * boundaries.
     */
    public Builder recordsPerTimestamp(int n) {
      if (n < 1) throw new IllegalArgumentException("recordsPerTimestamp must be >= 1: " + n);
      this.recordsPerTimestamp = n;
      return this;
    }

    /** How far back generated modifiedon values reach (default 365 days). */
    public Builder history(Duration history) {
      this.history = Objects.requireNonNull(history, "history");
      return this;
    }

    public Builder tenantId(String tenantId) {
      this.tenantId = tenantId;
      return this;
    }

    /** The tenant's verified domain, accepted in place of its id in the token URL. */
    public Builder tenantDomain(String domain) {
      this.tenantDomain = domain;
      return this;
    }

    public Builder clientId(String clientId) {
      this.clientId = clientId;
      return this;
    }

    public Builder clientSecret(String clientSecret) {
      this.clientSecret = clientSecret;
      return this;
    }

    /** The app authenticates with a certificate (a generated RSA key pair) instead of a secret. */
    public Builder certificate(boolean certificate) {
      this.certificate = certificate;
      return this;
    }

    /** The app's secret has expired (AADSTS7000222). */
    public Builder secretExpired(boolean expired) {
      this.secretExpired = expired;
      return this;
    }

    /** Whether the app is registered as an application user in the environment (default true). */
    public Builder applicationUser(boolean present) {
      this.applicationUser = present;
      return this;
    }

    /** Whether the application user has a security role (default true). */
    public Builder securityRole(boolean present) {
      this.securityRole = present;
      return this;
    }

    /** Access-token lifetime ({@code expires_in}; default 3599 s). */
    public Builder tokenLifetime(Duration lifetime) {
      this.tokenLifetime = lifetime;
      return this;
    }

    /**
     * Whether the v2 token answer carries {@code ext_expires_in} (the docs' own example omits it).
     */
    public Builder extExpiresIn(boolean present) {
      this.extExpiresIn = present;
      return this;
    }

    /**
     * The status of client-authentication errors at the token endpoint: 400 per the docs, 401 in
     * practice (default).
     */
    public Builder clientAuthFailureStatus(int status) {
      this.clientAuthFailureStatus = status;
      return this;
    }

    /** How long delta tokens stay valid (ExpireChangeTrackingInDays; default 7 days). */
    public Builder changeTrackingRetention(Duration retention) {
      this.changeTrackingRetention = retention;
      return this;
    }

    /**
     * <em>Unverified</em>: the status and error code of an expired delta token (default 400, {@code
     * 0x80044352}).
     */
    public Builder expiredDeltaTokenError(int status, String code) {
      this.expiredTokenStatus = status;
      this.expiredTokenCode = code;
      return this;
    }

    /**
     * <em>Unverified</em>: whether change-tracking answers are paged with nextLinks like other
     * queries (default) or come whole in one answer with the deltaLink.
     */
    public Builder pageTrackedResults(boolean paged) {
      this.pageTrackedResults = paged;
      return this;
    }

    /**
     * The tenant's Power Platform request entitlement per 24 hours (counted, not enforced; default
     * 500,000).
     */
    public Builder dailyEntitlement(long requests) {
      this.dailyEntitlement = requests;
      return this;
    }

    /** Real time each Web API request takes (default none), so concurrency caps can be observed. */
    public Builder latency(Duration latency) {
      this.latency = Objects.requireNonNull(latency, "latency");
      return this;
    }

    /**
     * Changes the environment's users make per hour of the simulator's clock while syncs run
     * (default 0: none).
     */
    public Builder changesPerHour(double changes) {
      if (!(changes >= 0))
        throw new IllegalArgumentException("changesPerHour must be >= 0: " + changes);
      this.changesPerHour = changes;
      return this;
    }

    public Builder limits(Limits limits) {
      this.limits = Objects.requireNonNull(limits, "limits");
      return this;
    }

    public DynamicsSimulator start() {
      String tenant = tenantId != null ? tenantId : Guids.named("tenant/" + seed);
      String client = clientId != null ? clientId : Guids.named("app/" + seed);
      PublicKey publicKey = null;
      String pem = null;
      String thumbprint = null;
      if (certificate) {
        try {
          KeyPairGenerator g = KeyPairGenerator.getInstance("RSA");
          g.initialize(2048);
          KeyPair pair = g.generateKeyPair();
          publicKey = pair.getPublic();
          pem =
              "-----BEGIN PRIVATE KEY-----\n"
                  + Base64.getMimeEncoder(
                          64, "\n".getBytes(java.nio.charset.StandardCharsets.US_ASCII))
                      .encodeToString(pair.getPrivate().getEncoded())
                  + "\n-----END PRIVATE KEY-----\n";
          byte[] sha1 = MessageDigest.getInstance("SHA-1").digest(publicKey.getEncoded());
          StringBuilder hex = new StringBuilder();
          for (byte b : sha1) hex.append(String.format(java.util.Locale.ROOT, "%02X", b));
          thumbprint = hex.toString();
        } catch (NoSuchAlgorithmException e) {
          throw new IllegalStateException("the JDK has no RSA", e);
        }
      }
      Settings s =
          new Settings(
              clock,
              seed,
              Map.copyOf(recordCounts),
              recordsPerTimestamp,
              history,
              tenant,
              tenantDomain,
              client,
              certificate ? null : clientSecret,
              publicKey,
              pem,
              thumbprint,
              secretExpired,
              applicationUser,
              securityRole,
              tokenLifetime,
              extExpiresIn,
              clientAuthFailureStatus,
              changeTrackingRetention,
              expiredTokenStatus,
              expiredTokenCode,
              pageTrackedResults,
              dailyEntitlement,
              latency,
              changesPerHour,
              Guids.named("org/" + seed),
              Guids.named("user/" + seed),
              Guids.named("bu/" + seed),
              "9.2.25013.00174");
      DynamicsSimulator sim = new DynamicsSimulator(s);
      sim.limits(limits);
      return sim;
    }
  }
}
