package dev.revsync.simulators.salesforce;

import dev.revsync.simulators.AbstractSimulator;
import dev.revsync.simulators.ObjectTable;
import dev.revsync.simulators.salesforce.SfConfig.SfUser;
import java.security.PublicKey;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.Random;
import java.util.Set;

/**
 * An in-process Salesforce org on 127.0.0.1 speaking the wire formats in {@code
 * protocols/salesforce.md}: the OAuth token endpoint (refresh-token, client-credentials, JWT
 * bearer, password), identity, versions, limits, describeGlobal/describe of Account, Contact, Lead,
 * Opportunity, Campaign, CampaignMember, Task and User (with custom score fields), query and
 * queryAll with locators and {@code Sforce-Query-Options: batchSize}, a SOQL subset, Bulk API 2.0
 * query jobs, sObject collections, partner SOAP create/update/upsert, {@code Sforce-Limit-Info} and
 * a rolling 24-hour API allocation, session expiry, and the framework's fault plan. Its data is
 * generated (millions of records cost no memory) and can be changed while a sync runs through
 * {@link #table(String)}.
 *
 * <pre>{@code
 * SimulatedClock clock = SimulatedClock.at("2026-11-28T00:00:00Z");
 * try (SalesforceSimulator sf = SalesforceSimulator.builder().clock(clock).records("Contact", 1_000_000).start()) {
 *   Map<String, String> settings = sf.connectionSettings(); // baseUrl, loginUrl, clientId, …
 * }
 * }</pre>
 *
 * <p>Thread-safe.
 */
public final class SalesforceSimulator extends AbstractSimulator {
  /** The connector id. */
  public static final String SYSTEM = "salesforce";

  /** How a Bulk API 2.0 query job ends. */
  public enum BulkJobOutcome {
    /** {@code JobComplete} with results. */
    COMPLETE,
    /** {@code Failed}, with the configured {@code errorMessage}. */
    FAIL,
    /** {@code Aborted}. */
    ABORT
  }

  /** Generated records per object when not configured. */
  public static final Map<String, Long> DEFAULT_RECORD_COUNTS =
      Map.of(
          "Account",
          200L,
          "Contact",
          500L,
          "Lead",
          500L,
          "Opportunity",
          300L,
          "Campaign",
          20L,
          "CampaignMember",
          400L,
          "Task",
          500L,
          "User",
          10L);

  private final SfConfig config;
  private final String authFlow;
  private final JwtKeys jwtKeys;
  private final String orgId;
  private final Sessions sessions;
  private final ApiAllocation allocation;
  private final BulkQueryJobs bulk;

  private SalesforceSimulator(String authFlow, JwtKeys jwtKeys, SfConfig config) {
    super(SYSTEM, config.clock(), config.seed(), new SalesforceFaultRenderer());
    this.authFlow = authFlow;
    this.jwtKeys = jwtKeys;
    this.config = config;
    this.orgId = SfIds.of("00D", Math.floorMod(config.seed(), 1_000_000L));
    SalesforceSchema schema = new SalesforceSchema();
    defineData(schema);
    SfRecords records = new SfRecords(schema, store());
    QueryExecutor executor = new QueryExecutor(records);
    SObjectWriter writer = new SObjectWriter(records);
    this.sessions = new Sessions(config, orgId, config.seed());
    this.allocation = new ApiAllocation(config.clock(), config.dailyApiRequests());
    this.bulk = new BulkQueryJobs(config, executor);
    String baseUrl = baseUrl();
    OAuthEndpoint oauth = new OAuthEndpoint(config, sessions, orgId, baseUrl);
    RestApi rest = new RestApi(config, executor, writer, allocation, bulk, oauth::identityUrl);
    SoapApi soap = new SoapApi(config, sessions, allocation, writer, faults(), orgId, baseUrl);
    serve(new SalesforceHandler(config, sessions, allocation, faults(), oauth, rest, soap));
  }

  private void defineData(SalesforceSchema schema) {
    Instant now = config.clock().instant().truncatedTo(ChronoUnit.SECONDS);
    List<SalesforceData.KnownUser> known = new ArrayList<>();
    for (SfUser u : config.users()) {
      known.add(
          new SalesforceData.KnownUser(u.username(), u.firstName(), u.lastName(), u.active()));
    }
    SalesforceData data =
        new SalesforceData(config.recordCounts(), now.atZone(ZoneOffset.UTC).toLocalDate(), known);
    int same = config.recordsPerTimestamp();
    for (SObjectType type : schema.types()) {
      long count = config.recordCounts().getOrDefault(type.name(), 0L);
      long groups = Math.max(1, (count + same - 1) / same);
      long stepSeconds = Math.max(1, config.history().toSeconds() / groups);
      Instant first = now.minusSeconds(groups * stepSeconds).minus(Duration.ofHours(1));
      store()
          .define(
              type.name(), count, data.factory(type), first, Duration.ofSeconds(stepSeconds), same);
    }
  }

  public static Builder builder() {
    return new Builder();
  }

  // ---- Simulator -----------------------------------------------------------------------------

  /** The instance URL, also the login host: {@code http://127.0.0.1:<port>}. */
  @Override
  public String baseUrl() {
    return super.baseUrl();
  }

  /**
   * {@code baseUrl}, {@code loginUrl} (the token host: this simulator), {@code clientId}, {@code
   * clientSecret}, {@code refreshToken}, {@code authFlow} ({@code refresh_token}, {@code
   * client_credentials} or {@code jwt}), {@code username}, {@code privateKey} (PEM, when JWT keys
   * with a private key are configured) and {@code apiVersion} (the newest served). Test credentials
   * only.
   */
  @Override
  public Map<String, String> connectionSettings() {
    Map<String, String> m = new LinkedHashMap<>();
    m.put("baseUrl", baseUrl());
    m.put("loginUrl", baseUrl());
    m.put("clientId", clientId());
    m.put("clientSecret", config.clients().get(clientId()));
    m.put("refreshToken", refreshToken());
    m.put("authFlow", authFlow);
    m.put("username", config.users().get(0).username());
    if (jwtKeys != null && jwtKeys.privateKeyPem() != null)
      m.put("privateKey", jwtKeys.privateKeyPem());
    m.put("apiVersion", config.latestVersion());
    return m;
  }

  // ---- test controls -------------------------------------------------------------------------

  /**
   * The generated and changed records of {@code object} (Account, Contact, …); change them to
   * simulate users.
   */
  public ObjectTable table(String object) {
    ObjectTable t = store().table(object);
    if (t == null)
      throw new IllegalArgumentException(
          "the Salesforce simulator has no object " + object + "; it has " + store().objects());
    return t;
  }

  public Clock clock() {
    return config.clock();
  }

  /** The 18-character id of the simulated org. */
  public String organizationId() {
    return orgId;
  }

  /** The consumer key accepted at the token endpoint. */
  public String clientId() {
    return config.clients().keySet().iterator().next();
  }

  /** The refresh token issued to the first user at setup (test credential). */
  public String refreshToken() {
    return config.refreshTokens().keySet().iterator().next();
  }

  /** The newest API version served, such as {@code 66.0}. */
  public String apiVersion() {
    return config.latestVersion();
  }

  /** Bulk API 2.0 query jobs created so far. */
  public long bulkJobsCreated() {
    return bulk.createdCount();
  }

  /** The next Bulk query jobs end as listed (then jobs complete again). */
  public void planBulkJobs(BulkJobOutcome... outcomes) {
    bulk.planOutcomes(List.of(outcomes));
  }

  /** Ends every session issued so far: their next call answers {@code 401 INVALID_SESSION_ID}. */
  public void expireSessions() {
    sessions.expireAll();
  }

  /**
   * Revokes every refresh token: refreshing answers {@code invalid_grant}, and their sessions end.
   */
  public void revokeRefreshTokens() {
    sessions.revokeAllRefreshTokens();
  }

  /** Sessions not yet ended (expired ones are noticed when used). */
  public int liveSessions() {
    return sessions.liveSessions();
  }

  /** Leaves {@code remaining} API requests in the rolling 24-hour allocation, starting now. */
  public void setRemainingDailyApiRequests(long remaining) {
    allocation.setRemaining(remaining);
  }

  /** Changes the org's daily allocation (as buying add-ons or licences would). */
  public void setDailyApiRequestsMax(long max) {
    allocation.setMax(max);
  }

  /** API requests counted in the last 24 hours (what {@code Sforce-Limit-Info} reports as used). */
  public long dailyApiRequestsUsed() {
    return allocation.used();
  }

  public long dailyApiRequestsMax() {
    return allocation.max();
  }

  @Override
  public String toString() {
    return "SalesforceSimulator{" + baseUrl() + ", org " + orgId + "}";
  }

  // ---- builder -------------------------------------------------------------------------------

  /**
   * Options of a {@link SalesforceSimulator}. Settings marked <em>unverified</em> model behaviour
   * the protocol notes could not confirm; their defaults are the most likely reading.
   */
  public static final class Builder {
    private long seed = 42;
    private Clock clock = Clock.systemUTC();
    private final Map<String, Long> recordCounts = new LinkedHashMap<>(DEFAULT_RECORD_COUNTS);
    private int recordsPerTimestamp = 30;
    private Duration history = Duration.ofDays(365);
    private List<String> apiVersions = versions(31, 66);
    private long dailyApiRequests = 100_000;
    private boolean countTokenRequests;
    private String clientId;
    private String clientSecret;
    private final List<UserSpec> users =
        new ArrayList<>(
            List.of(
                new UserSpec(
                    "integration@revsync-sim.example.com",
                    "Passw0rd!",
                    "SIMSECURITYTOKEN1",
                    true,
                    true,
                    "Integration",
                    "User"),
                new UserSpec(
                    "inactive@revsync-sim.example.com",
                    "Passw0rd!",
                    "SIMSECURITYTOKEN2",
                    false,
                    true,
                    "Former",
                    "Employee"),
                new UserSpec(
                    "noapi@revsync-sim.example.com",
                    "Passw0rd!",
                    "SIMSECURITYTOKEN3",
                    true,
                    false,
                    "Sales",
                    "Rep")));
    private String clientCredentialsUser;
    private String refreshToken;
    private boolean rotateRefreshTokens;
    private boolean requireClientSecretForRefresh = true;
    private JwtKeys jwtKeys;
    private PublicKey jwtPublicKey;
    private final Set<String> jwtAudiences =
        new LinkedHashSet<>(List.of("https://login.salesforce.com", "https://test.salesforce.com"));
    private Duration jwtClockSkew = Duration.ofMinutes(3);
    private Duration sessionTimeout = Duration.ofHours(2);
    private int queryMinBatchSize = 200;
    private int queryMaxBatchSize = 2000;
    private int queryDefaultBatchSize = 2000;
    private int queryPageCap = 2000;
    private int invalidQueryLocatorStatus = 400;
    private Duration bulkInProgressAfter = Duration.ofSeconds(1);
    private Duration bulkCompleteAfter = Duration.ofSeconds(3);
    private int bulkPollsBeforeComplete = 1;
    private long bulkDefaultMaxRecords = 100_000;
    private Duration bulkRetention = Duration.ofDays(7);
    private int bulkResultsNotReadyStatus = 412;
    private String bulkResultsNotReadyCode = "JOB_NOT_COMPLETE";
    private boolean bulkQuoteNulls = true;
    private String bulkFailureMessage = "InternalServerError : The query job failed, retry it";
    private long dailyBulkQueryJobs = 10_000;
    private boolean lowerCaseHeaders;
    private String soapLoginRetiredFaultCode = "INVALID_OPERATION";
    private String authFlow = "refresh_token";

    private record UserSpec(
        String username,
        String password,
        String token,
        boolean active,
        boolean apiEnabled,
        String firstName,
        String lastName) {}

    private Builder() {}

    private static List<String> versions(int from, int to) {
      List<String> v = new ArrayList<>();
      for (int i = from; i <= to; i++) v.add(i + ".0");
      return v;
    }

    private static <T> T require(T value, String name) {
      return Objects.requireNonNull(value, name);
    }

    private static void positive(long v, String name) {
      if (v <= 0) throw new IllegalArgumentException(name + " must be > 0: " + v);
    }

    /** Seeds generated data, tokens and the fault plan. */
    public Builder seed(long seed) {
      this.seed = seed;
      return this;
    }

    /** The org's clock; share a {@code SimulatedClock} with the connection under test. */
    public Builder clock(Clock clock) {
      this.clock = require(clock, "clock");
      return this;
    }

    /** Generated records of {@code object}. */
    public Builder records(String object, long count) {
      if (!SalesforceSchema.OBJECTS.contains(object)) {
        throw new IllegalArgumentException(
            "unknown object " + object + "; the simulator has " + SalesforceSchema.OBJECTS);
      }
      if (count < 0) throw new IllegalArgumentException("record count must be >= 0: " + count);
      recordCounts.put(object, count);
      return this;
    }

    /** Generated records per object (objects not named keep their defaults). */
    public Builder recordCounts(Map<String, Long> counts) {
      counts.forEach(this::records);
      return this;
    }

    /**
     * How many generated records share one SystemModstamp (default 30), so page boundaries meet
     * ties.
     */
    public Builder recordsPerTimestamp(int n) {
      positive(n, "recordsPerTimestamp");
      this.recordsPerTimestamp = n;
      return this;
    }

    /** How far back generated modification times reach (default 365 days). */
    public Builder history(Duration history) {
      if (history.isNegative() || history.isZero())
        throw new IllegalArgumentException("history must be > 0: " + history);
      this.history = history;
      return this;
    }

    /**
     * The API versions served, ascending, such as {@code 31.0 … 66.0} (the default). Older ones
     * answer 410.
     */
    public Builder apiVersions(List<String> versions) {
      if (versions.isEmpty()) throw new IllegalArgumentException("at least one API version");
      List<String> v = new ArrayList<>(versions);
      v.sort((a, b) -> Double.compare(Double.parseDouble(a), Double.parseDouble(b)));
      for (String s : v) {
        if (!s.matches("\\d+\\.0"))
          throw new IllegalArgumentException("API versions look like 60.0: " + s);
      }
      this.apiVersions = List.copyOf(v);
      return this;
    }

    /** The rolling 24-hour API request allocation (default 100,000). */
    public Builder dailyApiRequests(long max) {
      positive(max, "dailyApiRequests");
      this.dailyApiRequests = max;
      return this;
    }

    /** Whether token-endpoint calls use the API allocation (<em>unverified</em>; default false). */
    public Builder countTokenRequests(boolean count) {
      this.countTokenRequests = count;
      return this;
    }

    /** The connected app's consumer key and secret. */
    public Builder client(String clientId, String clientSecret) {
      this.clientId = require(clientId, "clientId");
      this.clientSecret = require(clientSecret, "clientSecret");
      return this;
    }

    /** Adds an active user with API access; password logins append the security token. */
    public Builder user(String username, String password, String securityToken) {
      users.removeIf(u -> u.username.equalsIgnoreCase(username));
      users.add(0, new UserSpec(username, password, securityToken, true, true, "Api", "User"));
      return this;
    }

    /**
     * Makes {@code username} (added if unknown) an inactive user: token requests answer {@code
     * inactive_user}.
     */
    public Builder inactiveUser(String username) {
      replace(username, false, true);
      return this;
    }

    /**
     * Makes {@code username} (added if unknown) a user without "API Enabled": calls answer {@code
     * API_CURRENTLY_DISABLED}.
     */
    public Builder userWithoutApiPermission(String username) {
      replace(username, true, false);
      return this;
    }

    private void replace(String username, boolean active, boolean api) {
      UserSpec old =
          users.stream()
              .filter(u -> u.username.equalsIgnoreCase(username))
              .findFirst()
              .orElse(null);
      UserSpec spec =
          old == null
              ? new UserSpec(username, "Passw0rd!", "SIMSECURITYTOKEN", active, api, "Some", "User")
              : new UserSpec(
                  old.username,
                  old.password,
                  old.token,
                  active && old.active,
                  api && old.apiEnabled,
                  old.firstName,
                  old.lastName);
      if (old == null) users.add(spec);
      else users.set(users.indexOf(old), spec);
    }

    /**
     * The "run as" user of the client-credentials flow (default the first user); null disables the
     * flow.
     */
    public Builder clientCredentialsUser(String username) {
      this.clientCredentialsUser = username == null ? "" : username;
      return this;
    }

    /** The refresh token issued to the first user at setup (default generated from the seed). */
    public Builder refreshToken(String token) {
      this.refreshToken = require(token, "refreshToken");
      return this;
    }

    /**
     * Refresh-token rotation: each refresh returns a new token and kills the old one (default off).
     */
    public Builder rotateRefreshTokens(boolean rotate) {
      this.rotateRefreshTokens = rotate;
      return this;
    }

    /** Whether the refresh grant needs the client secret (an app setting; default true). */
    public Builder requireClientSecretForRefresh(boolean require) {
      this.requireClientSecretForRefresh = require;
      return this;
    }

    /**
     * Keys of the JWT bearer flow; the private key, if present, is handed out in {@code
     * connectionSettings}.
     */
    public Builder jwtKeys(JwtKeys keys) {
      this.jwtKeys = require(keys, "keys");
      return this;
    }

    /** Only the certificate's public key of the JWT bearer flow. */
    public Builder jwtPublicKey(PublicKey key) {
      this.jwtPublicKey = require(key, "key");
      return this;
    }

    /**
     * Adds an accepted JWT {@code aud} (login, test and this simulator's URL are always accepted).
     */
    public Builder jwtAudience(String audience) {
      this.jwtAudiences.add(require(audience, "audience"));
      return this;
    }

    /** Leeway on a JWT's {@code exp} (<em>unverified</em>; default 3 minutes). */
    public Builder jwtClockSkew(Duration skew) {
      this.jwtClockSkew = require(skew, "skew");
      return this;
    }

    /** The org's session timeout: a session unused this long ends (default 2 hours). */
    public Builder sessionTimeout(Duration timeout) {
      if (timeout.isNegative() || timeout.isZero())
        throw new IllegalArgumentException("sessionTimeout must be > 0");
      this.sessionTimeout = timeout;
      return this;
    }

    /** Bounds and default of {@code Sforce-Query-Options: batchSize} (defaults 200, 2000, 2000). */
    public Builder queryBatchSize(int min, int max, int defaultSize) {
      positive(min, "min batch size");
      if (max < min || defaultSize < min || defaultSize > max) {
        throw new IllegalArgumentException(
            "need min <= default <= max: " + min + ", " + defaultSize + ", " + max);
      }
      this.queryMinBatchSize = min;
      this.queryMaxBatchSize = max;
      this.queryDefaultBatchSize = defaultSize;
      return this;
    }

    /**
     * Most rows a query page carries whatever was asked, as Salesforce does for wide records
     * (default 2000).
     */
    public Builder queryPageCap(int cap) {
      positive(cap, "queryPageCap");
      this.queryPageCap = cap;
      return this;
    }

    /** The status of {@code INVALID_QUERY_LOCATOR} (<em>unverified</em>; default 400). */
    public Builder invalidQueryLocatorStatus(int status) {
      this.invalidQueryLocatorStatus = status;
      return this;
    }

    /**
     * Bulk query job timing on the simulator clock: {@code InProgress} from {@code inProgressAfter}
     * after creation, terminal from {@code completeAfter} and once the status has been polled
     * {@code pollsBeforeComplete} times (defaults 1 s, 3 s, 1).
     */
    public Builder bulkJobTiming(
        Duration inProgressAfter, Duration completeAfter, int pollsBeforeComplete) {
      if (completeAfter.compareTo(inProgressAfter) < 0) {
        throw new IllegalArgumentException("completeAfter must not be before inProgressAfter");
      }
      this.bulkInProgressAfter = require(inProgressAfter, "inProgressAfter");
      this.bulkCompleteAfter = completeAfter;
      this.bulkPollsBeforeComplete = Math.max(0, pollsBeforeComplete);
      return this;
    }

    /**
     * Rows per results chunk when the client sends no {@code maxRecords} (<em>unverified</em>;
     * default 100,000).
     */
    public Builder bulkDefaultMaxRecords(long n) {
      positive(n, "bulkDefaultMaxRecords");
      this.bulkDefaultMaxRecords = n;
      return this;
    }

    /** How long terminal jobs and results are kept (default 7 days). */
    public Builder bulkRetention(Duration retention) {
      this.bulkRetention = require(retention, "retention");
      return this;
    }

    /**
     * The answer to results requested before {@code JobComplete} (<em>unverified</em>; default 412
     * JOB_NOT_COMPLETE).
     */
    public Builder bulkResultsNotReady(int status, String errorCode) {
      this.bulkResultsNotReadyStatus = status;
      this.bulkResultsNotReadyCode = require(errorCode, "errorCode");
      return this;
    }

    /**
     * Whether a null is written {@code ""} (true, the default) or as a bare empty field
     * (<em>unverified</em>).
     */
    public Builder bulkQuoteNulls(boolean quote) {
      this.bulkQuoteNulls = quote;
      return this;
    }

    /** The {@code errorMessage} of failed Bulk jobs. */
    public Builder bulkFailureMessage(String message) {
      this.bulkFailureMessage = require(message, "message");
      return this;
    }

    /** Bulk API 2.0 query jobs allowed per rolling 24 hours (default 10,000). */
    public Builder dailyBulkQueryJobs(long n) {
      positive(n, "dailyBulkQueryJobs");
      this.dailyBulkQueryJobs = n;
      return this;
    }

    /**
     * Send {@code sforce-limit-info}, {@code sforce-locator}, … in lower case, as Hyperforce does.
     */
    public Builder lowerCaseHeaders(boolean lower) {
      this.lowerCaseHeaders = lower;
      return this;
    }

    /**
     * The fault code of SOAP {@code login()} at API 65.0 and later (<em>unverified</em>; default
     * INVALID_OPERATION).
     */
    public Builder soapLoginRetiredFaultCode(String code) {
      this.soapLoginRetiredFaultCode = require(code, "code");
      return this;
    }

    /**
     * The {@code authFlow} {@link #connectionSettings()} names: refresh_token (default),
     * client_credentials or jwt.
     */
    public Builder authFlow(String flow) {
      if (!Set.of("refresh_token", "client_credentials", "jwt").contains(flow)) {
        throw new IllegalArgumentException(
            "authFlow must be refresh_token, client_credentials or jwt: " + flow);
      }
      this.authFlow = flow;
      return this;
    }

    /** Starts the simulator on 127.0.0.1 at a free port. */
    public SalesforceSimulator start() {
      JwtKeys keys = jwtKeys != null || !authFlow.equals("jwt") ? jwtKeys : JwtKeys.generate();
      return new SalesforceSimulator(
          authFlow, keys, config(keys == null ? jwtPublicKey : keys.publicKey()));
    }

    private SfConfig config(PublicKey publicKey) {
      Random r = new Random(seed);
      String id = clientId != null ? clientId : "3MVG9" + token(r, 80);
      String secret = clientSecret != null ? clientSecret : hex(r, 64);
      String refresh = refreshToken != null ? refreshToken : "5Aep861" + token(r, 80);
      List<SfUser> sfUsers = new ArrayList<>();
      Set<String> names = new HashSet<>();
      for (UserSpec u : users) {
        if (!names.add(u.username.toLowerCase(Locale.ROOT))) continue;
        sfUsers.add(
            new SfUser(
                u.username,
                u.password,
                u.token,
                u.active,
                u.apiEnabled,
                u.firstName,
                u.lastName,
                sfUsers.size()));
      }
      Map<String, Long> counts = new LinkedHashMap<>(recordCounts);
      counts.merge("User", (long) sfUsers.size(), Math::max);
      String ccUser =
          clientCredentialsUser == null
              ? sfUsers.get(0).username()
              : clientCredentialsUser.isEmpty() ? null : clientCredentialsUser;
      return new SfConfig(
          seed,
          clock,
          Map.copyOf(counts),
          recordsPerTimestamp,
          history,
          apiVersions,
          dailyApiRequests,
          countTokenRequests,
          Map.of(id, secret),
          List.copyOf(sfUsers),
          ccUser,
          Map.of(refresh, sfUsers.get(0).username()),
          rotateRefreshTokens,
          requireClientSecretForRefresh,
          publicKey,
          Set.copyOf(jwtAudiences),
          jwtClockSkew,
          sessionTimeout,
          queryDefaultBatchSize,
          queryMinBatchSize,
          queryMaxBatchSize,
          queryPageCap,
          invalidQueryLocatorStatus,
          bulkInProgressAfter,
          bulkCompleteAfter,
          bulkPollsBeforeComplete,
          bulkDefaultMaxRecords,
          bulkRetention,
          bulkResultsNotReadyStatus,
          bulkResultsNotReadyCode,
          bulkQuoteNulls,
          bulkFailureMessage,
          dailyBulkQueryJobs,
          lowerCaseHeaders,
          soapLoginRetiredFaultCode,
          200);
    }

    private static String token(Random r, int n) {
      String chars = "0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz";
      StringBuilder b = new StringBuilder(n);
      for (int i = 0; i < n; i++) b.append(chars.charAt(r.nextInt(chars.length())));
      return b.toString();
    }

    private static String hex(Random r, int n) {
      StringBuilder b = new StringBuilder(n);
      for (int i = 0; i < n; i++) b.append(Character.forDigit(r.nextInt(16), 16));
      return b.toString().toUpperCase(Locale.ROOT);
    }
  }
}
