package dev.revsync.spi;

import dev.revsync.Activity;
import dev.revsync.ApiStyle;
import dev.revsync.ConnectionConfig;
import dev.revsync.ConnectorDescriptor;
import dev.revsync.RateLimits;
import dev.revsync.Usage;
import dev.revsync.internal.http.HttpPipeline;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import okhttp3.Request;

/**
 * The HTTP pipeline of one connection. Every call passes, in order:
 *
 * <ol>
 *   <li>auth: the current token from the {@link TokenProvider}, fetched single-flight (a token
 *       request is a call of its own, through this same pipeline, without our credential);
 *   <li>a quota permit from the config's {@link dev.revsync.QuotaPolicy} (refused: {@link
 *       dev.revsync.QuotaExhaustedException}, no call made);
 *   <li>the vendor's rate limiter and concurrency cap, shared by every call of this connection in
 *       the process (the slot is held until the response handler returns);
 *   <li>HTTP, on one OkHttp client shared by all connections, each exchange (headers and body)
 *       bounded in total by {@link ConnectionConfig#callTimeout()} and by the deadline of the
 *       {@linkplain #startOperation(java.time.Instant) operation} it belongs to; same-origin
 *       redirects are followed (at most 5, each a counted call), others refused;
 *   <li>the connector's {@link ResponseClassifier};
 *   <li>retry with exponential backoff and jitter, honouring {@code Retry-After}, bounded in
 *       attempts and time (calls made with {@link #executeOnce} only where the system cannot have
 *       applied them); on {@link Classification.Kind#AUTH_EXPIRED}, one single-flight token refresh
 *       and one more attempt.
 * </ol>
 *
 * <p>Policies compose as {@code RetryPolicy(auth(quota(rateLimiter(http → classifier →
 * handler))))}: the retry policy wraps whole attempts, so each retry asks for its own token, quota
 * permit and rate-limiter slot, and a failure inside the handler (a body cut short while streaming)
 * re-runs the call with the handler invoked again. Retried: {@link Classification.Kind#RETRY}, I/O
 * failures and {@link dev.revsync.ProtocolException}s thrown by the handler. Never retried: quota
 * refusals, bodies over {@link ConnectionConfig#maxResponseBytes()}, fatal classifications. Every
 * wait goes through {@link Sleeper#forClock} of the config's clock.
 *
 * <p>Every request says {@code User-Agent: revsync/<version>} (unless the connector sets its own),
 * and carries the connection's vendor headers ({@link Builder#header}: a business-unit id, an API
 * version) unless it sets them itself. A {@link UsageReader} reads the system's own usage off every
 * response before the classifier sees it.
 *
 * <p>Every attempt, token requests included, is one call: counted once, here, so no connector can
 * forget a call. Safe defaults: HTTPS only (plain HTTP only to loopback), no redirect to another
 * host or from HTTPS to HTTP, timeouts always set, decoded bodies capped. Requests and responses
 * are logged at debug level on the {@code dev.revsync.http} logger with secrets masked; headers and
 * token bodies are never logged.
 *
 * <p>This class is thread-safe.
 */
public final class Transport implements CallMeter, AutoCloseable {
  private final ConnectorDescriptor descriptor;
  private final ConnectionConfig config;
  private final HttpPipeline pipeline;

  private Transport(Builder builder) {
    this.descriptor = builder.descriptor;
    this.config = builder.config;
    this.pipeline =
        new HttpPipeline(
            descriptor.id(),
            config,
            builder.tokenProvider,
            builder.classifier,
            builder.rateLimits,
            builder.usageReader,
            builder.headers,
            builder.sharedLimitKey,
            descriptor.apiStyles(Activity.LOGIN).get(0));
  }

  public static Builder builder(ConnectorDescriptor descriptor, ConnectionConfig config) {
    return new Builder(descriptor, config);
  }

  /**
   * Executes one call (with its retries) and hands a successful response to {@code handler}. {@code
   * activity} follows the rule in {@link dev.revsync.Connector}: LOGIN for verify, SYNC for
   * discover and sync, the request's activity for a write.
   *
   * @throws dev.revsync.QuotaExhaustedException when the budget or the system's quota is spent
   * @throws dev.revsync.ConfigurationException when the URL is plain HTTP to a host other than
   *     loopback
   * @throws dev.revsync.RevsyncException typed by the classifier when the call fails
   */
  public <T> T execute(
      Activity activity, ApiStyle style, Request request, ResponseHandler<T> handler) {
    return pipeline.execute(activity, style, request, handler);
  }

  /**
   * As {@link #execute}, for a call the system must not apply twice (a create, an append): once the
   * request may have reached the system — a malformed or cut response, a timeout, a 500 — it is not
   * retried and the failure is thrown, so the caller can report the outcome as unknown. Retried
   * only when the system cannot have applied it: refused with 429 or 503, or no connection made.
   * Update by id and upsert by key are idempotent: use {@link #execute}.
   *
   * @since 0.2
   */
  public <T> T executeOnce(
      Activity activity, ApiStyle style, Request request, ResponseHandler<T> handler) {
    return pipeline.executeOnce(activity, style, request, handler);
  }

  /**
   * The current token, fetching one if there is none: a counted call budgeted as {@code activity}
   * (pass the activity of the call that needs the token) and shown under {@link Activity#LOGIN}.
   */
  public AccessToken token(Activity activity) {
    return pipeline.token(activity);
  }

  /**
   * Drops {@code expired} so the next call fetches a new token; a no-op if another thread already
   * replaced it. For connectors that learn of expiry outside a classifier (a SOAP fault, say).
   */
  public void invalidate(AccessToken expired) {
    pipeline.invalidate(expired);
  }

  /** Calls spent today, by activity and style, and the budget left. */
  public Usage usage() {
    return pipeline.usage();
  }

  /**
   * The system's own usage as last reported (by the {@link UsageReader}, a classifier's {@link
   * CallContext#reportSystemUsage}, or {@link #reportSystemUsage}); empty until one did.
   */
  public Optional<SystemUsage> systemUsage() {
    return pipeline.systemUsage();
  }

  /**
   * Feeds usage the connector read itself (a usage call's body) to the quota policy, so the
   * connection stays under what the system says is left.
   */
  public void reportSystemUsage(SystemUsage usage) {
    pipeline.reportSystemUsage(usage);
  }

  /** Calls this transport made since it was built (every attempt, token requests included). */
  @Override
  public long callsMade() {
    return pipeline.callsMade();
  }

  /** Counts the calls of one operation, on this thread and the executors it wraps; no deadline. */
  @Override
  public Operation startOperation() {
    return pipeline.startOperation(null);
  }

  /**
   * As {@link #startOperation()}, ending the operation's calls by {@code deadline} on the config's
   * clock: each HTTP exchange's total timeout is cut to the time left, a retry that would wait past
   * it is not made, and a call at or after it is not started (all three throw the stop signal that
   * {@link SyncRun} turns into {@code WINDOW_CLOSED}).
   *
   * @since 0.2
   */
  @Override
  public Operation startOperation(java.time.Instant deadline) {
    return pipeline.startOperation(deadline);
  }

  public ConnectionConfig config() {
    return config;
  }

  /** The connector this transport serves. */
  public ConnectorDescriptor descriptor() {
    return descriptor;
  }

  /** The connector id. */
  @Override
  public String system() {
    return descriptor.id();
  }

  /** Lets go of this connection's shared rate limiter. The shared HTTP client stays open. */
  @Override
  public void close() {
    pipeline.close();
  }

  /** Builds a {@link Transport}. Not thread-safe. */
  public static final class Builder {
    final ConnectorDescriptor descriptor;
    final ConnectionConfig config;
    TokenProvider tokenProvider;
    ResponseClassifier classifier = ResponseClassifier.standard();
    RateLimits rateLimits;
    UsageReader usageReader;
    final Map<String, String> headers = new LinkedHashMap<>();
    String sharedLimitKey;

    private Builder(ConnectorDescriptor descriptor, ConnectionConfig config) {
      this.descriptor = Objects.requireNonNull(descriptor, "descriptor");
      this.config = Objects.requireNonNull(config, "config");
      this.rateLimits = descriptor.rateLimits();
    }

    /** How calls authenticate; none by default. */
    public Builder tokenProvider(TokenProvider tokenProvider) {
      this.tokenProvider = Objects.requireNonNull(tokenProvider, "tokenProvider");
      return this;
    }

    public Builder classifier(ResponseClassifier classifier) {
      this.classifier = Objects.requireNonNull(classifier, "classifier");
      return this;
    }

    /** Overrides the descriptor's rate limits (an account with a higher tier, say). */
    public Builder rateLimits(RateLimits rateLimits) {
      this.rateLimits = Objects.requireNonNull(rateLimits, "rateLimits");
      return this;
    }

    /** Reads the system's own usage off every response (a daily-remaining header, say). */
    public Builder usage(UsageReader usageReader) {
      this.usageReader = Objects.requireNonNull(usageReader, "usageReader");
      return this;
    }

    /**
     * A header every call of this connection carries (token requests aside) unless the request sets
     * it: {@code Pardot-Business-Unit-Id}, an API version header. Values are not logged.
     */
    public Builder header(String name, String value) {
      Objects.requireNonNull(name, "name");
      Objects.requireNonNull(value, "value");
      if (name.equalsIgnoreCase("Authorization")) {
        throw new IllegalArgumentException(
            "Authorization comes from the token provider, not a connection header");
      }
      headers.put(name, value);
      return this;
    }

    /**
     * Makes this connection share its vendor rate limiter (the {@link RateLimits} sliding window
     * and concurrency cap) with every other connection in this process that gives the same key,
     * whatever its connector id or connection id. For vendors whose limits belong to the customer's
     * account rather than to one app or credential: two HubSpot connections (CRM and marketing) to
     * one portal share its ten-second window, Marketo connections to one subscription share its 100
     * calls per 20 s. Build the key from the account's identity, prefixed by the vendor ({@code
     * "hubspot:portal-123"}), so two vendors never share by accident. The limits given by the
     * transport built last apply to all sharers; the limiter is forgotten when the last of them
     * closes. Without a key each connection has a limiter of its own. The daily budget ({@link
     * dev.revsync.QuotaPolicy}) stays per connection: share it with a shared {@link
     * dev.revsync.QuotaLedger}.
     *
     * @since 0.1
     */
    public Builder sharedLimitKey(String key) {
      if (key == null || key.isBlank())
        throw new IllegalArgumentException("sharedLimitKey must not be blank: '" + key + "'");
      this.sharedLimitKey = key;
      return this;
    }

    public Transport build() {
      return new Transport(this);
    }
  }
}
