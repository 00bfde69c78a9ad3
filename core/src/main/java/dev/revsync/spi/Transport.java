package dev.revsync.spi;

import dev.revsync.Activity;
import dev.revsync.ApiStyle;
import dev.revsync.ConnectionConfig;
import dev.revsync.ConnectorDescriptor;
import dev.revsync.RateLimits;
import dev.revsync.Usage;
import java.util.Objects;
import okhttp3.Request;

/**
 * The HTTP pipeline of one connection. Every call passes, in order:
 *
 * <ol>
 *   <li>a quota permit from the config's {@link dev.revsync.QuotaPolicy} (refused: {@link
 *       dev.revsync.QuotaExhaustedException}, no call made);
 *   <li>the vendor's rate limiter and concurrency cap, shared by every call of this connection in
 *       the process;
 *   <li>auth: the current token from the {@link TokenProvider}, fetched single-flight;
 *   <li>HTTP, on one OkHttp client shared by all connections;
 *   <li>the connector's {@link ResponseClassifier};
 *   <li>retry with exponential backoff and jitter, honouring {@code Retry-After}, bounded in attempts
 *       and time; on {@link Classification.Kind#AUTH_EXPIRED}, one single-flight token refresh and
 *       one more attempt.
 * </ol>
 *
 * <p>Every attempt, token requests included, is one call: counted once, here, so no connector can
 * forget a call. Safe defaults: HTTPS only (plain HTTP only to loopback), no redirect to another
 * host or from HTTPS to HTTP, timeouts always set, decoded bodies capped.
 *
 * <p>This class is thread-safe.
 */
public final class Transport implements CallMeter, AutoCloseable {

  private Transport(Builder builder) {
    throw new UnsupportedOperationException("Transport is being built");
  }

  public static Builder builder(ConnectorDescriptor descriptor, ConnectionConfig config) {
    return new Builder(descriptor, config);
  }

  /**
   * Executes one call (with its retries) and hands a successful response to {@code handler}.
   *
   * @throws dev.revsync.QuotaExhaustedException when the budget or the system's quota is spent
   * @throws dev.revsync.RevsyncException typed by the classifier when the call fails
   */
  public <T> T execute(Activity activity, ApiStyle style, Request request, ResponseHandler<T> handler) {
    throw new UnsupportedOperationException();
  }

  /** The current token, fetching one if there is none (a counted call with {@code activity}). */
  public AccessToken token(Activity activity) {
    throw new UnsupportedOperationException();
  }

  /**
   * Drops {@code expired} so the next call fetches a new token; a no-op if another thread already
   * replaced it. For connectors that learn of expiry outside a classifier (a SOAP fault, say).
   */
  public void invalidate(AccessToken expired) {
    throw new UnsupportedOperationException();
  }

  /** Calls spent today, by activity and style, and the budget left. */
  public Usage usage() {
    throw new UnsupportedOperationException();
  }

  /** Calls this transport made since it was built (every attempt, token requests included). */
  @Override
  public long callsMade() {
    throw new UnsupportedOperationException();
  }

  public ConnectionConfig config() {
    throw new UnsupportedOperationException();
  }

  /** The connector id. */
  @Override
  public String system() {
    throw new UnsupportedOperationException();
  }

  @Override
  public void close() {}

  /** Builds a {@link Transport}. Not thread-safe. */
  public static final class Builder {
    final ConnectorDescriptor descriptor;
    final ConnectionConfig config;
    TokenProvider tokenProvider;
    ResponseClassifier classifier = ResponseClassifier.standard();
    RateLimits rateLimits;

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

    public Transport build() {
      return new Transport(this);
    }
  }
}
