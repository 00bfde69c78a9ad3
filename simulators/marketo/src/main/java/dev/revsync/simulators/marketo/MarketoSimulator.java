package dev.revsync.simulators.marketo;

import dev.revsync.simulators.AbstractSimulator;
import dev.revsync.simulators.FaultPlan;
import dev.revsync.simulators.ObjectTable;
import dev.revsync.simulators.SimulatedClock;
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
import mockwebserver3.MockResponse;

/**
 * An in-process Marketo Engage subscription: the identity service (client credentials, the same
 * token handed back with a shrinking {@code expires_in} until it expires), the lead database REST
 * API ({@code leads.json} read and sync, describe, paging tokens, lead changes, deleted leads,
 * activities, usage and error stats), programs, smart campaigns and static lists, and bulk lead
 * extract jobs with their state machine, {@code Range} downloads and daily export quota. Every
 * failure is Marketo's HTTP 200 envelope ({@code success:false}, {@code errors[{code,message}]});
 * the limits answer 606 (100 calls / 20 s), 607 (daily quota, reset at midnight America/Chicago),
 * 615 (10 concurrent). Leads change and disappear while syncs run through {@link #leads()}; lead
 * changes and deletes follow.
 *
 * <pre>{@code
 * SimulatedClock clock = SimulatedClock.at("2026-05-02T00:00:00Z");
 * try (MarketoSimulator marketo = MarketoSimulator.builder().clock(clock).leads(10_000).start()) {
 *   ConnectionConfig config = ConnectionConfig.builder("tenant-1/marketo")
 *       .baseUrl(marketo.baseUrl()).setting("clientId", "...") ...
 * }
 * }</pre>
 *
 * <p>Thread-safe.
 */
public final class MarketoSimulator extends AbstractSimulator {
  /** The lead table's name in {@link #store()}. */
  public static final String LEADS = "leads";

  private final Options options;
  private final Tokens tokens;
  private final Gate gate;
  private final ExtractJobs extracts;

  private MarketoSimulator(Options o) {
    super("marketo", o.clock, o.seed, MarketoSimulator::renderFault);
    this.options = o;
    Instant now = o.clock.instant().truncatedTo(ChronoUnit.SECONDS);
    long groups = Math.max(1, (o.leads + o.sameTimestamp - 1) / o.sameTimestamp);
    long stepSeconds = Math.max(1, o.span.toSeconds() / groups);
    Instant first = now.minusSeconds(stepSeconds * (groups + 1));
    ObjectTable leads =
        store()
            .define(
                LEADS,
                o.leads,
                new LeadSchema.Factory(),
                first,
                Duration.ofSeconds(stepSeconds),
                o.sameTimestamp);
    this.tokens = new Tokens(o.clock, o.tokenLife, "ab");
    this.gate =
        new Gate(o.clock, o.quotaZone, o.dailyQuota, o.rateMax, o.rateWindow, o.maxConcurrent);
    this.extracts = new ExtractJobs(o, leads, gate);
    LiveChanges live = new LiveChanges(leads, o.changesPerHour, o.seed, o.clock.instant());
    MarketoHandler handler =
        new MarketoHandler(
            o,
            tokens,
            gate,
            faults(),
            new LeadsApi(leads),
            new ActivityFeed(leads, o.clock),
            extracts,
            new Assets(leads, now));
    serve(
        request -> {
          live.catchUp(o.clock.instant());
          return handler.handle(request);
        });
  }

  public static Builder builder() {
    return new Builder();
  }

  /**
   * Injected HTTP faults as Marketo's gateway answers them: a 429 becomes the 606 envelope (HTTP
   * 200, no {@code Retry-After}: Marketo sends none), 5xx a bare gateway error.
   */
  private static MockResponse renderFault(
      FaultPlan.Fault fault, int status, long retryAfterSeconds) {
    if (status == 429) return Wire.error("606", "Max rate limit '100' exceeded with in '20' secs");
    return new MockResponse.Builder()
        .code(status)
        .setHeader("Content-Type", "text/html")
        .body(
            "<html><body><h1>"
                + status
                + " "
                + (status == 503 ? "Service Unavailable" : "Internal Server Error")
                + "</h1></body></html>")
        .build();
  }

  /** The leads; change them here and lead changes, deletes and new extracts follow. */
  public ObjectTable leads() {
    return store().table(LEADS);
  }

  /**
   * {@code https://{munchkin}.mktorest.com}'s stand-in: the host root; {@code /rest} and {@code
   * /identity} hang off it.
   */
  @Override
  public String baseUrl() {
    return super.baseUrl();
  }

  /** {@code baseUrl}, {@code clientId} and {@code clientSecret} (test values). */
  @Override
  public Map<String, String> connectionSettings() {
    Map<String, String> m = new LinkedHashMap<>();
    m.put("baseUrl", baseUrl());
    m.put("clientId", options.clientId);
    m.put("clientSecret", options.clientSecret);
    return m;
  }

  /** Sets the subscription's daily call quota (607 once spent). */
  public void dailyQuota(long calls) {
    gate.dailyQuota(calls);
  }

  /** Calls counted against today's quota (Marketo's day). */
  public long callsUsedToday() {
    return gate.usedOn(gate.today());
  }

  /** Ends every issued token's life now: the next call with one answers 602. */
  public void expireTokens() {
    tokens.expireAll();
  }

  /** Tokens the identity service has issued. */
  public int tokensIssued() {
    return tokens.issuedCount();
  }

  /** Calls refused with 602 (access token expired) so far. */
  public int expiredTokenRefusals() {
    return tokens.expiredAnswers();
  }

  /** The most calls the subscription had in flight at once. */
  public int maxConcurrentCalls() {
    return gate.maxConcurrentSeen();
  }

  /** Extract jobs ever created. */
  public int extractJobsCreated() {
    return extracts.jobCount();
  }

  /** Bytes of extract files written today against the daily export quota. */
  public long extractBytesToday() {
    return extracts.exportedToday();
  }

  /**
   * Ends the extract job {@code exportId} Failed (its status then says so, with an {@code
   * errorMsg}), as when Marketo's processing fails; false if it is unknown or already completed.
   */
  public boolean failExtractJob(String exportId) {
    return extracts.fail(exportId);
  }

  /** Jobs in Processing now. */
  public int extractJobsProcessing() {
    return extracts.processingCount();
  }

  @Override
  public void close() {
    super.close();
    extracts.close();
  }

  @Override
  public String toString() {
    return "MarketoSimulator{" + baseUrl() + ", leads=" + leads().size(false) + "}";
  }

  /** Settings; immutable once the simulator starts. */
  static final class Options {
    Clock clock = new SimulatedClock(Instant.parse("2026-11-28T00:00:00Z"));
    long seed = 42;
    long leads = 1_000;
    int sameTimestamp = 3;
    Duration span = Duration.ofDays(300);
    String clientId = "3f6a9c1e-5b7d-4e2a-9c8b-1d2e3f4a5b6c";
    String clientSecret = "Qx7mK2pL9vR4tW8zN3bY6cF1hJ5dG0sA";
    String apiUser = "revsync-api@example.com";
    Duration tokenLife = Duration.ofSeconds(3600);
    long dailyQuota = 50_000;
    ZoneId quotaZone = ZoneId.of("America/Chicago");
    int rateMax = 100;
    Duration rateWindow = Duration.ofSeconds(20);
    int maxConcurrent = 10;
    Duration holdEachCall = Duration.ZERO;
    boolean rejectAccessTokenParameter = true;
    long extractBytesPerDay = 500L * 1024 * 1024;
    int maxQueuedJobs = 10;
    int maxProcessingJobs = 2;
    Duration extractQueueDelay = Duration.ofSeconds(30);
    Duration extractProcessing = Duration.ofSeconds(90);
    String canceledSpelling = "Canceled";
    String csvNull = "null";
    boolean updatedAtFilter = true;
    double changesPerHour;
  }

  /** Builds a {@link MarketoSimulator}. Not thread-safe. */
  public static final class Builder {
    private final Options o = new Options();

    private Builder() {}

    /**
     * Seed, clock and the lead count ({@code leads}, or {@code Lead} as the connector names it)
     * from the shared options.
     */
    public Builder options(SimulatorOptions options) {
      o.seed = options.seed();
      o.clock = options.clock();
      o.leads = options.count(LEADS, options.count("Lead", o.leads));
      return this;
    }

    public Builder clock(Clock clock) {
      o.clock = Objects.requireNonNull(clock, "clock");
      return this;
    }

    public Builder seed(long seed) {
      o.seed = seed;
      return this;
    }

    /** Generated leads (ids 1..n); default 1,000. */
    public Builder leads(long count) {
      if (count < 0) throw new IllegalArgumentException("leads must be >= 0: " + count);
      o.leads = count;
      return this;
    }

    /** Generated leads share an update time in groups of this size (ties for paging); default 3. */
    public Builder sameTimestamp(int n) {
      if (n < 1) throw new IllegalArgumentException("sameTimestamp must be >= 1: " + n);
      o.sameTimestamp = n;
      return this;
    }

    /** How far back generated update times reach from now; default 300 days. */
    public Builder span(Duration span) {
      o.span = Objects.requireNonNull(span, "span");
      return this;
    }

    public Builder credentials(String clientId, String clientSecret) {
      o.clientId = Objects.requireNonNull(clientId, "clientId");
      o.clientSecret = Objects.requireNonNull(clientSecret, "clientSecret");
      return this;
    }

    /** A new token's life; default 3,600 s. */
    public Builder tokenLife(Duration life) {
      o.tokenLife = Objects.requireNonNull(life, "life");
      return this;
    }

    /** Daily call quota; default 50,000. */
    public Builder dailyQuota(long calls) {
      o.dailyQuota = calls;
      return this;
    }

    /**
     * Where the daily quota's midnight falls; default America/Chicago (Marketo says "CST"; whether
     * it follows daylight saving time is unconfirmed: pass {@code ZoneOffset.ofHours(-6)} for the
     * other reading).
     */
    public Builder quotaZone(ZoneId zone) {
      o.quotaZone = Objects.requireNonNull(zone, "zone");
      return this;
    }

    /** Calls per rolling window before 606; default 100 per 20 s. */
    public Builder rateLimit(int calls, Duration window) {
      o.rateMax = calls;
      o.rateWindow = Objects.requireNonNull(window, "window");
      return this;
    }

    /** Calls in flight before 615; default 10. */
    public Builder maxConcurrent(int calls) {
      o.maxConcurrent = calls;
      return this;
    }

    /** Holds each admitted call this long in real time (to observe concurrency); default none. */
    public Builder holdEachCall(Duration hold) {
      o.holdEachCall = Objects.requireNonNull(hold, "hold");
      return this;
    }

    /**
     * Whether the {@code access_token} query/form parameter is refused (601), as announced; default
     * true.
     */
    public Builder rejectAccessTokenParameter(boolean reject) {
      o.rejectAccessTokenParameter = reject;
      return this;
    }

    /** Bytes of extract files a day before 1029; default 500 MB. */
    public Builder extractBytesPerDay(long bytes) {
      o.extractBytesPerDay = bytes;
      return this;
    }

    /** Queue and processing caps for extract jobs; default 10 and 2. */
    public Builder extractSlots(int maxQueued, int maxProcessing) {
      o.maxQueuedJobs = maxQueued;
      o.maxProcessingJobs = maxProcessing;
      return this;
    }

    /** How long an extract waits in the queue and then processes; default 30 s and 90 s. */
    public Builder extractTiming(Duration queued, Duration processing) {
      o.extractQueueDelay = Objects.requireNonNull(queued, "queued");
      o.extractProcessing = Objects.requireNonNull(processing, "processing");
      return this;
    }

    /**
     * The status a cancelled job reports: {@code Canceled} (the status list's spelling, default) or
     * {@code Cancelled} (the docs' cancel example).
     */
    public Builder canceledSpelling(String spelling) {
      if (!spelling.equals("Canceled") && !spelling.equals("Cancelled")) {
        throw new IllegalArgumentException("Canceled or Cancelled: " + spelling);
      }
      o.canceledSpelling = spelling;
      return this;
    }

    /** How an extract file writes a null cell; default {@code null}; {@code ""} for empty cells. */
    public Builder csvNull(String text) {
      o.csvNull = Objects.requireNonNull(text, "text");
      return this;
    }

    /** Whether the {@code updatedAt} extract filter is enabled (else 1035); default true. */
    public Builder updatedAtFilter(boolean enabled) {
      o.updatedAtFilter = enabled;
      return this;
    }

    /**
     * Leads changed by the subscription itself per hour of the simulator's clock (updates, with a
     * tenth as many created and a fiftieth deleted); default 0, so tests control every change.
     */
    public Builder changesPerHour(double changes) {
      if (!(changes >= 0))
        throw new IllegalArgumentException("changesPerHour must be >= 0: " + changes);
      o.changesPerHour = changes;
      return this;
    }

    public MarketoSimulator start() {
      if (o.clientId.toLowerCase(Locale.ROOT).isBlank())
        throw new IllegalArgumentException("clientId is blank");
      return new MarketoSimulator(o);
    }
  }
}
