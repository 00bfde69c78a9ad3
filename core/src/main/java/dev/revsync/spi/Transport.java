package dev.revsync.spi;

import dev.revsync.Activity;
import dev.revsync.ApiStyle;
import dev.revsync.ConnectionConfig;
import dev.revsync.ConnectorDescriptor;
import dev.revsync.RateLimits;
import dev.revsync.Usage;
import dev.revsync.internal.http.HttpPipeline;
import java.util.Objects;
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
 *   <li>HTTP, on one OkHttp client shared by all connections; same-origin redirects are followed
 *       (at most 5, each a counted call), others refused;
 *   <li>the connector's {@link ResponseClassifier};
 *   <li>retry with exponential backoff and jitter, honouring {@code Retry-After}, bounded in attempts
 *       and time; on {@link Classification.Kind#AUTH_EXPIRED}, one single-flight token refresh and
 *       one more attempt.
 * </ol>
 *
 * <p>Policies compose as {@code RetryPolicy(auth(quota(rateLimiter(http → classifier → handler))))}:
 * the retry policy wraps whole attempts, so each retry asks for its own token, quota permit and
 * rate-limiter slot, and a failure inside the handler (a body cut short while streaming) re-runs
 * the call with the handler invoked again. Retried: {@link Classification.Kind#RETRY}, I/O failures
 * and {@link dev.revsync.ProtocolException}s thrown by the handler. Never retried: quota refusals,
 * bodies over {@link ConnectionConfig#maxResponseBytes()}, fatal classifications. Every wait goes
 * through {@link Sleeper#forClock} of the config's clock.
 *
 * <p>Every attempt, token requests included, is one call: counted once, here, so no connector can
 * forget a call. Safe defaults: HTTPS only (plain HTTP only to loopback), no redirect to another
 * host or from HTTPS to HTTP, timeouts always set, decoded bodies capped. Requests and responses
 * are logged at debug level on the {@code dev.revsync.http} logger with secrets masked; headers
 * and token bodies are never logged.
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
    this.pipeline = new HttpPipeline(descriptor.id(), config, builder.tokenProvider, builder.classifier,
        builder.rateLimits, builder.sharedLimitKey);
  }

  public static Builder builder(ConnectorDescriptor descriptor, ConnectionConfig config) {
    return new Builder(descriptor, config);
  }

  /**
   * Executes one call (with its retries) and hands a successful response to {@code handler}.
   *
   * @throws dev.revsync.QuotaExhaustedException when the budget or the system's quota is spent
   * @throws dev.revsync.ConfigurationException when the URL is plain HTTP to a host other than loopback
   * @throws dev.revsync.RevsyncException typed by the classifier when the call fails
   */
  public <T> T execute(Activity activity, ApiStyle style, Request request, ResponseHandler<T> handler) {
    return pipeline.execute(activity, style, request, handler);
  }

  /** The current token, fetching one if there is none (a counted call with {@code activity}). */
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

  /** Calls this transport made since it was built (every attempt, token requests included). */
  @Override
  public long callsMade() {
    return pipeline.callsMade();
  }

  public ConnectionConfig config() {
    return config;
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

    /**
     * Connections that give the same key share one rate limiter and concurrency cap, across
     * connector ids: for vendors whose limits belong to the customer's account, not to one app or
     * connection (two HubSpot connections to one portal share its ten-second window). Without a
     * key each connection has its own.
     *
     * @since 0.1
     */
    public Builder sharedLimitKey(String key) {
      if (key == null || key.isBlank()) throw new IllegalArgumentException("key must not be blank: '" + key + "'");
      this.sharedLimitKey = key;
      return this;
    }

    public Transport build() {
      return new Transport(this);
    }
  }
}
