package dev.revsync.simulators.eloqua;

import dev.revsync.simulators.AbstractSimulator;
import dev.revsync.simulators.ObjectTable;
import dev.revsync.simulators.SimRecord;
import dev.revsync.simulators.SimulatorOptions;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.time.temporal.ChronoUnit;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;

/**
 * An in-process Oracle Eloqua: login discovery ({@code /id}, with pod moves), OAuth 2 with rotating
 * refresh tokens and HTTP Basic {@code Company\User:password}, and the Bulk API 2.0 — field
 * listings, export and import definitions with Eloqua's markup and filter grammar, syncs that move
 * {@code pending -> active -> success|warning|error} on the simulator's clock, logs with ELQ codes,
 * staged data paged by {@code limit}/{@code offset} that expires, imports with rejects, and 429
 * throttling. Its data (contacts, accounts, email opens, form submits and the {@code Purchase}
 * custom object) changes while syncs run.
 *
 * <pre>{@code
 * SimulatedClock clock = SimulatedClock.at("2026-05-02T00:00:00Z");
 * try (EloquaSimulator eloqua = EloquaSimulator.builder().clock(clock).contacts(50_000).start()) {
 *   ConnectionConfig config = ConnectionConfig.builder("tenant-1/eloqua")
 *       .settings(eloqua.connectionSettings()) ... ;
 * }
 * }</pre>
 *
 * <p>One server answers both the login host ({@code /id}, {@code /auth/oauth2/token}) and the pod
 * ({@code /pod/p03/api/bulk/2.0/...}); {@link #movePod(String)} moves the instance so the old base
 * answers 401 and {@code /id} names the new one.
 *
 * <p>Record tables ({@link #store()}): {@code contacts}, {@code accounts}, {@code
 * activities.EmailOpen}, {@code activities.FormSubmit}, {@code customObjects.Purchase}. Change data
 * through {@link #insert}, {@link #update} and {@link #delete} so staged exports stay frozen;
 * changes made straight on a table show through staged data.
 *
 * <p>Thread-safe.
 */
public final class EloquaSimulator extends AbstractSimulator {
  /** Which credentials {@link #connectionSettings()} advertises (both always work). */
  public enum AuthFlow {
    BASIC,
    OAUTH
  }

  /**
   * How staged data shows a null value. Oracle's reference shows none; empty string is the usual
   * reading.
   */
  public enum NullRendering {
    EMPTY_STRING,
    JSON_NULL,
    OMIT_KEY
  }

  /** What {@code /syncs/{id}/data} answers once the retention period has passed. */
  public enum ExpiredData {
    /** HTTP 404. */
    NOT_FOUND,
    /** HTTP 200 with no items and {@code totalResults} 0. */
    EMPTY_PAGE
  }

  /**
   * A sync-level failure to plan with {@link #failNextSyncs}; the sync ends in the failed status
   * with this log.
   */
  public enum SyncFault {
    /** {@code ELQ-00122}: validation errors, the sync will not proceed. */
    VALIDATION_ERROR,
    /** {@code ELQ-00146}: temporary failure, retry after an hour. */
    TEMPORARY_FAILURE,
    /** {@code ELQ-00136}: staging area limit exceeded. */
    STAGING_LIMIT_EXCEEDED
  }

  private final EloquaOptions options;
  private final EloquaSchema schema;
  private final Mutations mutations;
  private final BulkApi api;
  private final EloquaAuth auth;
  private final RequestGate gate;
  private final EloquaHandler handler;

  private EloquaSimulator(EloquaOptions options) {
    super(
        "eloqua",
        options.clock,
        options.seed,
        (fault, status, retryAfter) -> EloquaHandler.renderFault(options, status, retryAfter));
    this.options = options;
    this.schema =
        new EloquaSchema(
            options.seed,
            options.contacts,
            options.accounts,
            options.emailOpens,
            options.formSubmits,
            options.customObjectRecords,
            options.extraContactFields);
    Instant now = options.clock.instant();
    define(schema.contacts, now, Duration.ofDays(400), 5);
    define(schema.accounts, now, Duration.ofDays(400), 3);
    define(schema.emailOpens, now, Duration.ofDays(60), 4);
    define(schema.formSubmits, now, Duration.ofDays(60), 2);
    define(schema.customObject, now, Duration.ofDays(200), 2);
    this.mutations = new Mutations(store(), schema);
    this.api = new BulkApi(options, schema, mutations);
    this.auth = new EloquaAuth(options);
    this.gate =
        new RequestGate(
            options.clock,
            options.maxConcurrentRequests,
            options.burstLimit,
            options.burstWindow,
            options.idCallLimit,
            options.idCallWindow);
    this.handler = new EloquaHandler(options, schema, api, auth, gate, faults(), baseUrl());
    serve(handler);
  }

  /**
   * Generated records share modification times in groups of {@code sameTimestamp} (second
   * precision), spread over {@code span} before now.
   */
  private void define(ObjectType type, Instant now, Duration span, int sameTimestamp) {
    long groups = Math.max(1, (type.generated + sameTimestamp - 1) / sameTimestamp);
    long stepSeconds = Math.max(1, span.toSeconds() / groups);
    Instant first = now.truncatedTo(ChronoUnit.SECONDS).minusSeconds(stepSeconds * (groups + 1));
    store()
        .define(
            type.table,
            type.generated,
            type.factory,
            first,
            Duration.ofSeconds(stepSeconds),
            sameTimestamp);
  }

  public static Builder builder() {
    return new Builder();
  }

  /** The login host ({@code /id}, {@code /auth/oauth2/token}): {@code http://127.0.0.1:<port>}. */
  @Override
  public String baseUrl() {
    return super.baseUrl();
  }

  /** The pod's base URL that {@code /id} currently returns as {@code urls.base}. */
  public String podBaseUrl() {
    return handler.podBase();
  }

  /** The pod the instance lives in now, such as {@code p03}. */
  public String pod() {
    return handler.pod();
  }

  /**
   * Moves the instance to another pod: {@code /id} returns the new base URL at once and every
   * request to an old pod's base answers 401.
   */
  public void movePod(String newPod) {
    Objects.requireNonNull(newPod, "newPod");
    if (!newPod.matches("[a-z0-9]+"))
      throw new IllegalArgumentException("pod must be like p04: " + newPod);
    handler.movePod(newPod);
  }

  /** The refresh token that works now (each refresh rotates it). */
  public String currentRefreshToken() {
    return auth.currentRefreshToken();
  }

  /**
   * The next {@code count} syncs created end in the failed status with {@code fault}'s ELQ code.
   */
  public void failNextSyncs(SyncFault fault, int count) {
    api.planFaults(Objects.requireNonNull(fault, "fault"), count);
  }

  /** Requests answered 429 by the throttle (injected faults not included). */
  public long throttledRequests() {
    return gate.throttled();
  }

  /** Creates a record (table names as in the class comment); returns it with its new id. */
  public SimRecord insert(String object, Map<String, ?> fields) {
    return mutations.insert(type(object), fields);
  }

  /**
   * Changes a live record's fields (keys as internal names: {@code C_Title}); null if none has that
   * id.
   */
  public SimRecord update(String object, String id, Map<String, ?> changes) {
    return mutations.update(type(object), id, changes);
  }

  /** Deletes a record; Eloqua's Bulk exports do not report deletions. */
  public boolean delete(String object, String id) {
    return mutations.delete(type(object), id);
  }

  /** The table of an object, as {@code store().table(object)}. */
  public ObjectTable table(String object) {
    return mutations.table(type(object));
  }

  private ObjectType type(String object) {
    for (ObjectType t : schema.all()) {
      if (t.table.equals(object)) return t;
    }
    throw new IllegalArgumentException(
        "unknown Eloqua object '" + object + "'; known: " + store().objects());
  }

  /**
   * Exactly: {@code loginUrl} (this simulator's login host), {@code company}, {@code username},
   * {@code password}, {@code authFlow} ({@code basic} or {@code oauth}), {@code clientId}, {@code
   * clientSecret}, {@code refreshToken} (the one that works now).
   */
  @Override
  public Map<String, String> connectionSettings() {
    Map<String, String> m = new LinkedHashMap<>();
    m.put("loginUrl", baseUrl());
    m.put("company", options.company);
    m.put("username", options.username);
    m.put("password", options.password);
    m.put("authFlow", options.authFlow.name().toLowerCase(Locale.ROOT));
    m.put("clientId", options.clientId);
    m.put("clientSecret", options.clientSecret);
    m.put("refreshToken", auth.currentRefreshToken());
    return m;
  }

  @Override
  public String toString() {
    return "EloquaSimulator{" + baseUrl() + ", pod=" + pod() + "}";
  }

  /**
   * Builds an {@link EloquaSimulator}. Defaults: 10,000 contacts, 1,000 accounts, 20,000 email
   * opens, 5,000 form submits, 2,000 custom object records, 60 changes an hour; syncs pending 2 s
   * and active 5 s plus 50 ms per 1,000 records; no throttling. Settings marked UNCONFIRMED model a
   * behaviour Oracle does not pin down, so tests can try both readings. Not thread-safe.
   */
  public static final class Builder {
    long seed = 42;
    Clock clock = Clock.systemUTC();
    long contacts = 10_000;
    long accounts = 1_000;
    long emailOpens = 20_000;
    long formSubmits = 5_000;
    long customObjectRecords = 2_000;
    int extraContactFields;
    String company = "AcmeCorp";
    String username = "Acme.Integration";
    String password = "sim-Passw0rd!";
    String clientId = "revsync-sim-client";
    String clientSecret = "sim-client-secret";
    String refreshToken;
    String authorizationCode;
    AuthFlow authFlow = AuthFlow.OAUTH;
    Duration accessTokenLifetime = Duration.ofHours(8);
    Duration refreshTokenLifetime = Duration.ofDays(365);
    boolean revokeAccessTokenOnRefresh;
    String pod = "p03";
    Duration syncPendingFor = Duration.ofSeconds(2);
    Duration syncActiveFor = Duration.ofSeconds(5);
    Duration syncActivePerThousandRecords = Duration.ofMillis(50);
    Duration exportRetention = Duration.ofHours(6);
    Duration importRetention = Duration.ofDays(7);
    ExpiredData expiredData = ExpiredData.NOT_FOUND;
    NullRendering nullRendering = NullRendering.EMPTY_STRING;
    String failedStatus = "error";
    int rejectIndexBase = 1;
    ZoneId instanceZone = ZoneId.of("America/New_York");
    boolean filterLiteralsFollowUtcFlag = true;
    int maxConcurrentRequests;
    int burstLimit;
    Duration burstWindow = Duration.ofSeconds(1);
    int idCallLimit;
    Duration idCallWindow = Duration.ofMinutes(1);
    Duration retryAfterOn429;
    long maxImportPostBytes = 32L * 1024 * 1024;
    int maxPostsPerSync = 500;
    long maxActivityRecordsPerSync = 5_000_000;
    int changesPerHour = 60;

    private Builder() {}

    /**
     * Seed, clock and record counts ({@code contacts}, {@code accounts}, {@code
     * activities.EmailOpen}...).
     */
    public Builder options(SimulatorOptions o) {
      seed(o.seed());
      clock(o.clock());
      // Counts by table name, or by the connector's object name (what tools such as the CLI know).
      contacts = o.count(EloquaSchema.CONTACTS, o.count("Contact", contacts));
      accounts = o.count(EloquaSchema.ACCOUNTS, o.count("Account", accounts));
      emailOpens =
          o.count(
              EloquaSchema.ACTIVITIES_PREFIX + EloquaSchema.EMAIL_OPEN,
              o.count(EloquaSchema.EMAIL_OPEN, emailOpens));
      formSubmits =
          o.count(
              EloquaSchema.ACTIVITIES_PREFIX + EloquaSchema.FORM_SUBMIT,
              o.count(EloquaSchema.FORM_SUBMIT, formSubmits));
      customObjectRecords =
          o.count(
              EloquaSchema.CUSTOM_OBJECT_PREFIX + EloquaSchema.CUSTOM_OBJECT_NAME,
              o.count("CustomObject[" + EloquaSchema.CUSTOM_OBJECT_ID + "]", customObjectRecords));
      return this;
    }

    public Builder seed(long seed) {
      this.seed = seed;
      return this;
    }

    /**
     * Usually a {@link dev.revsync.simulators.SimulatedClock} shared with the connection under
     * test.
     */
    public Builder clock(Clock clock) {
      this.clock = Objects.requireNonNull(clock, "clock");
      return this;
    }

    public Builder contacts(long count) {
      this.contacts = count(count, "contacts");
      return this;
    }

    public Builder accounts(long count) {
      this.accounts = count(count, "accounts");
      return this;
    }

    public Builder emailOpens(long count) {
      this.emailOpens = count(count, "emailOpens");
      return this;
    }

    public Builder formSubmits(long count) {
      this.formSubmits = count(count, "formSubmits");
      return this;
    }

    public Builder customObjectRecords(long count) {
      this.customObjectRecords = count(count, "customObjectRecords");
      return this;
    }

    /**
     * Adds text fields {@code C_Extra_Field_001...} to contacts (300 makes a connector split its
     * exports).
     */
    public Builder extraContactFields(int count) {
      if (count < 0 || count > 999)
        throw new IllegalArgumentException("extraContactFields must be 0..999: " + count);
      this.extraContactFields = count;
      return this;
    }

    /** The accepted site name, user and password ({@code Company\User:password}). */
    public Builder credentials(String company, String username, String password) {
      this.company = Objects.requireNonNull(company, "company");
      this.username = Objects.requireNonNull(username, "username");
      this.password = Objects.requireNonNull(password, "password");
      return this;
    }

    /** The OAuth client and its first refresh token (null: one is generated). */
    public Builder oauthClient(String clientId, String clientSecret, String refreshToken) {
      this.clientId = Objects.requireNonNull(clientId, "clientId");
      this.clientSecret = Objects.requireNonNull(clientSecret, "clientSecret");
      this.refreshToken = refreshToken;
      return this;
    }

    /** A single-use code the {@code authorization_code} grant accepts. */
    public Builder authorizationCode(String code) {
      this.authorizationCode = code;
      return this;
    }

    public Builder authFlow(AuthFlow flow) {
      this.authFlow = Objects.requireNonNull(flow, "flow");
      return this;
    }

    public Builder accessTokenLifetime(Duration lifetime) {
      this.accessTokenLifetime = positive(lifetime, "accessTokenLifetime");
      return this;
    }

    public Builder refreshTokenLifetime(Duration lifetime) {
      this.refreshTokenLifetime = positive(lifetime, "refreshTokenLifetime");
      return this;
    }

    /**
     * UNCONFIRMED per release: before 26B a refresh revoked the previous access token; since 26B it
     * stays valid until it expires (default: false, the 26B behaviour).
     */
    public Builder revokeAccessTokenOnRefresh(boolean revoke) {
      this.revokeAccessTokenOnRefresh = revoke;
      return this;
    }

    /** The pod the instance starts in (default {@code p03}). */
    public Builder pod(String pod) {
      this.pod = Objects.requireNonNull(pod, "pod");
      return this;
    }

    /**
     * How long a sync stays {@code pending}, then {@code active} (plus {@code perThousandRecords}
     * per 1,000 records).
     */
    public Builder syncTiming(Duration pending, Duration active, Duration perThousandRecords) {
      this.syncPendingFor = nonNegative(pending, "pending");
      this.syncActiveFor = nonNegative(active, "active");
      this.syncActivePerThousandRecords = nonNegative(perThousandRecords, "perThousandRecords");
      return this;
    }

    /**
     * UNCONFIRMED: export {@code dataRetentionDuration} default, PT6H since 24A (older pages say
     * PT12H).
     */
    public Builder defaultExportRetention(Duration retention) {
      this.exportRetention = positive(retention, "exportRetention");
      return this;
    }

    public Builder defaultImportRetention(Duration retention) {
      this.importRetention = positive(retention, "importRetention");
      return this;
    }

    /** UNCONFIRMED: what reading staged data after its retention answers (default 404). */
    public Builder expiredData(ExpiredData answer) {
      this.expiredData = Objects.requireNonNull(answer, "answer");
      return this;
    }

    /** UNCONFIRMED: how staged data shows nulls (default empty string). */
    public Builder nullRendering(NullRendering rendering) {
      this.nullRendering = Objects.requireNonNull(rendering, "rendering");
      return this;
    }

    /**
     * The failed sync status: {@code error} (the REST schema's enum, default) or {@code errored}
     * (Oracle's prose).
     */
    public Builder failedStatus(String status) {
      if (!status.equals("error") && !status.equals("errored")) {
        throw new IllegalArgumentException("failedStatus must be error or errored: " + status);
      }
      this.failedStatus = status;
      return this;
    }

    /** UNCONFIRMED: the {@code recordIndex} of the first staged import row (default 1). */
    public Builder rejectIndexBase(int base) {
      if (base != 0 && base != 1)
        throw new IllegalArgumentException("rejectIndexBase must be 0 or 1: " + base);
      this.rejectIndexBase = base;
      return this;
    }

    /**
     * The instance's time zone: exported non-UTC timestamps and date fields use it (default
     * America/New_York).
     */
    public Builder instanceZone(ZoneId zone) {
      this.instanceZone = Objects.requireNonNull(zone, "zone");
      return this;
    }

    /**
     * UNCONFIRMED: whether a filter's date literals on system timestamps are read as UTC when the
     * definition says {@code areSystemTimestampsInUTC} (default true; false reads them in the
     * instance's zone always).
     */
    public Builder filterLiteralsFollowUtcFlag(boolean follow) {
      this.filterLiteralsFollowUtcFlag = follow;
      return this;
    }

    /** UNCONFIRMED limit: requests in flight at once beyond this answer 429 (0: off). */
    public Builder maxConcurrentRequests(int max) {
      this.maxConcurrentRequests = Math.max(0, max);
      return this;
    }

    /**
     * Requests beyond {@code max} within {@code window} of the simulator's clock answer 429 (0:
     * off).
     */
    public Builder burstLimit(int max, Duration window) {
      this.burstLimit = Math.max(0, max);
      this.burstWindow = positive(window, "window");
      return this;
    }

    /**
     * {@code /id} calls beyond {@code max} within {@code window} answer 429 (Oracle throttles /id;
     * 0: off).
     */
    public Builder idCallLimit(int max, Duration window) {
      this.idCallLimit = Math.max(0, max);
      this.idCallWindow = positive(window, "window");
      return this;
    }

    /**
     * UNCONFIRMED: a {@code Retry-After} on 429s; Oracle documents none (default null: no header).
     */
    public Builder retryAfterOn429(Duration retryAfter) {
      this.retryAfterOn429 = retryAfter;
      return this;
    }

    /** Import data posts larger than this answer 404 (default 32 MB). */
    public Builder maxImportPostBytes(long bytes) {
      if (bytes < 1)
        throw new IllegalArgumentException("maxImportPostBytes must be positive: " + bytes);
      this.maxImportPostBytes = bytes;
      return this;
    }

    /** Import data posts staged before one sync (default 500, since 24D). */
    public Builder maxPostsPerSync(int posts) {
      if (posts < 1)
        throw new IllegalArgumentException("maxPostsPerSync must be positive: " + posts);
      this.maxPostsPerSync = posts;
      return this;
    }

    /** Records one activity export sync may stage (default 5,000,000). */
    public Builder maxActivityRecordsPerSync(long records) {
      if (records < 1)
        throw new IllegalArgumentException(
            "maxActivityRecordsPerSync must be positive: " + records);
      this.maxActivityRecordsPerSync = records;
      return this;
    }

    /**
     * How many record changes an hour of simulator time brings (0: data never changes by itself).
     */
    public Builder changesPerHour(int changes) {
      this.changesPerHour = Math.max(0, changes);
      return this;
    }

    public EloquaSimulator start() {
      return new EloquaSimulator(new EloquaOptions(this));
    }

    private static long count(long count, String what) {
      if (count < 0 || count > EloquaSchema.MAX_RECORDS) {
        throw new IllegalArgumentException(
            what + " must be 0.." + EloquaSchema.MAX_RECORDS + ": " + count);
      }
      return count;
    }

    private static Duration positive(Duration d, String what) {
      if (d == null || d.isNegative() || d.isZero())
        throw new IllegalArgumentException(what + " must be positive: " + d);
      return d;
    }

    private static Duration nonNegative(Duration d, String what) {
      if (d == null || d.isNegative())
        throw new IllegalArgumentException(what + " must not be negative: " + d);
      return d;
    }
  }
}
