package dev.revsync.internal.http;

import dev.failsafe.Failsafe;
import dev.failsafe.FailsafeException;
import dev.failsafe.FailsafeExecutor;
import dev.failsafe.RetryPolicy;
import dev.revsync.Activity;
import dev.revsync.ApiStyle;
import dev.revsync.AuthenticationException;
import dev.revsync.CallListener;
import dev.revsync.ConfigurationException;
import dev.revsync.ConnectionConfig;
import dev.revsync.ProtocolException;
import dev.revsync.QuotaExhaustedException;
import dev.revsync.QuotaPolicy;
import dev.revsync.RateLimits;
import dev.revsync.RevsyncException;
import dev.revsync.TransientException;
import dev.revsync.Usage;
import dev.revsync.internal.auth.TokenManager;
import dev.revsync.internal.http.ResponseSizeCap.ResponseTooLargeException;
import dev.revsync.internal.job.DeadlineReached;
import dev.revsync.internal.ratelimit.ConnectionLimiter;
import dev.revsync.spi.AccessToken;
import dev.revsync.spi.CallContext;
import dev.revsync.spi.Classification;
import dev.revsync.spi.ResponseClassifier;
import dev.revsync.spi.ResponseHandler;
import dev.revsync.spi.Sleeper;
import dev.revsync.spi.SystemUsage;
import dev.revsync.spi.TokenContext;
import dev.revsync.spi.TokenProvider;
import dev.revsync.spi.UsageReader;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicReference;
import java.util.concurrent.atomic.LongAdder;
import okhttp3.HttpUrl;
import okhttp3.OkHttpClient;
import okhttp3.Request;
import okhttp3.Response;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The machinery behind {@link dev.revsync.spi.Transport}: one connection's calls, each through
 * auth, quota, the connection's shared rate limiter, HTTP (following same-origin redirects), the
 * connector's classifier and the retry policy. Every request put on the wire passed the quota first
 * and is counted once, here.
 *
 * <p>Thread-safe.
 */
public final class HttpPipeline implements AutoCloseable {
  private static final Logger log = LoggerFactory.getLogger("dev.revsync.http");

  /** Same-origin redirects followed per attempt. */
  static final int MAX_REDIRECTS = 5;

  /** Token endpoints: transient statuses retried, every other answer read by the token provider. */
  private static final ResponseClassifier TOKEN_CLASSIFIER =
      (response, call) ->
          StandardClassifier.isTransient(response.code())
              ? StandardClassifier.INSTANCE.classify(response, call)
              : Classification.ok();

  private final String system;
  private final ConnectionConfig config;
  private final String connectionId;
  private final QuotaPolicy quota;
  private final Clock clock;
  private final Sleeper sleeper;
  private final OkHttpClient client;
  private final ResponseClassifier classifier;
  private final ConnectionLimiter limiter;
  private final TokenManager tokens;
  private final FailsafeExecutor<Object> retrying;
  private final LongAdder callsMade = new LongAdder();
  private final OperationMeters operations = new OperationMeters();
  private final DailyUsage usage = new DailyUsage();
  private final AtomicBoolean closed = new AtomicBoolean();
  private final UsageReader usageReader;

  /**
   * The style token requests are shown under: the connector's main LOGIN style, as its descriptor
   * declares.
   */
  private final ApiStyle tokenStyle;

  private final Map<String, String> connectionHeaders;
  private final AtomicReference<SystemUsage> lastSystemUsage = new AtomicReference<>();
  private final CallListener listener;

  /**
   * @param tokenProvider how calls authenticate; null when they carry no credential of ours
   */
  public HttpPipeline(
      String system,
      ConnectionConfig config,
      TokenProvider tokenProvider,
      ResponseClassifier classifier,
      RateLimits rateLimits) {
    this(
        system, config, tokenProvider, classifier, rateLimits, null, Map.of(), null, ApiStyle.REST);
  }

  /**
   * @param tokenProvider how calls authenticate; null when they carry no credential of ours
   * @param usageReader reads the system's usage off every response; null for none
   * @param connectionHeaders set on every call of the connection (token requests aside) that does
   *     not set them itself
   * @param sharedLimitKey connections giving the same key share one limiter whatever their system
   *     or connection id; null for a limiter of this connection alone
   * @param tokenStyle the API style token requests are counted under in usage: the connector's
   *     declared LOGIN style, so usage and reports never show a style the descriptor does not list
   */
  public HttpPipeline(
      String system,
      ConnectionConfig config,
      TokenProvider tokenProvider,
      ResponseClassifier classifier,
      RateLimits rateLimits,
      UsageReader usageReader,
      Map<String, String> connectionHeaders,
      String sharedLimitKey,
      ApiStyle tokenStyle) {
    this.usageReader = usageReader;
    this.tokenStyle = Objects.requireNonNull(tokenStyle, "tokenStyle");
    this.connectionHeaders = Map.copyOf(connectionHeaders);
    this.system = Objects.requireNonNull(system, "system");
    this.config = Objects.requireNonNull(config, "config");
    this.connectionId = config.connectionId();
    this.quota = config.quotaPolicy();
    this.clock = config.clock();
    this.sleeper = Sleeper.forClock(clock);
    this.classifier = Objects.requireNonNull(classifier, "classifier");
    this.client =
        SharedHttpClient.get()
            .newBuilder()
            .connectTimeout(config.connectTimeout())
            .readTimeout(config.readTimeout())
            .writeTimeout(config.readTimeout())
            .callTimeout(config.callTimeout())
            .addInterceptor(new ResponseSizeCap(config.maxResponseBytes()))
            // Every call says who is calling, token requests included; a connector's own wins.
            .addInterceptor(
                chain ->
                    chain.request().header("User-Agent") != null
                        ? chain.proceed(chain.request())
                        : chain.proceed(
                            chain
                                .request()
                                .newBuilder()
                                .header("User-Agent", RevsyncVersion.USER_AGENT)
                                .build()))
            .build();
    this.tokens =
        tokenProvider == null
            ? null
            : new TokenManager(system, tokenProvider, PipelineTokenContext::new, clock);
    // Failsafe only decides whether to go again; the wait itself goes through the connection's
    // sleeper (so a simulated clock makes it instant), and our own bounds, read on the
    // connection's clock, end a call before Failsafe's real-time ones would.
    RetryPolicy<Object> retryPolicy =
        RetryPolicy.builder()
            .handle(RetryableFailure.class)
            .withMaxAttempts(config.maxAttempts() + 1) // + the one retry after a token refresh
            .withMaxDuration(config.maxRetryDuration())
            .withDelayFn(
                context -> {
                  if (context.getLastException() instanceof RetryableFailure failure)
                    waitBeforeRetry(failure);
                  return Duration.ZERO;
                })
            .build();
    this.retrying = Failsafe.with(retryPolicy);
    this.limiter =
        sharedLimitKey == null
            ? ConnectionLimiter.register(system, connectionId, rateLimits)
            : ConnectionLimiter.registerShared(sharedLimitKey, rateLimits);
    this.listener = config.callListener();
  }

  /** Executes an authenticated call with the connector's classifier. */
  public <T> T execute(
      Activity activity, ApiStyle style, Request request, ResponseHandler<T> handler) {
    return run(new Call<>(activity, activity, style, request, handler, classifier, true, true));
  }

  /**
   * Executes an authenticated call that must not reach the system twice (a create): retried only
   * where the request cannot have been applied (refused with 429 or 503, or no connection made).
   */
  public <T> T executeOnce(
      Activity activity, ApiStyle style, Request request, ResponseHandler<T> handler) {
    return run(new Call<>(activity, activity, style, request, handler, classifier, true, false));
  }

  /**
   * Executes a token request: no credential of ours, counted against the budget for {@code
   * triggeringActivity} but reported as {@link Activity#LOGIN} usage in the connector's LOGIN
   * style, transient faults retried, every other response handed to {@code handler}.
   */
  public <T> T executeTokenRequest(
      Activity triggeringActivity, Request request, ResponseHandler<T> handler) {
    return run(
        new Call<>(
            triggeringActivity,
            Activity.LOGIN,
            tokenStyle,
            request,
            handler,
            TOKEN_CLASSIFIER,
            false,
            true));
  }

  public AccessToken token(Activity activity) {
    if (tokens == null) {
      throw new ConfigurationException(
          system,
          "token",
          "this connection has no token provider",
          "Build the transport with a TokenProvider",
          null);
    }
    return tokens.token(activity);
  }

  public void invalidate(AccessToken expired) {
    if (tokens != null && expired != null) tokens.invalidate(expired);
  }

  public long callsMade() {
    return callsMade.sum();
  }

  /** The system's usage as last reported by a response or a connector; empty until one did. */
  public Optional<SystemUsage> systemUsage() {
    return Optional.ofNullable(lastSystemUsage.get());
  }

  /**
   * Feeds the system's usage (read from a usage body, say) to the quota policy and remembers it.
   */
  public void reportSystemUsage(SystemUsage usage) {
    lastSystemUsage.set(Objects.requireNonNull(usage, "usage"));
    quota.reportSystemRemaining(connectionId, usage.remaining(), clock.instant());
  }

  /** Starts counting one operation's calls; calls end by {@code deadline} (null for none). */
  public dev.revsync.spi.CallMeter.Operation startOperation(Instant deadline) {
    return operations.start(deadline);
  }

  public Usage usage() {
    Instant now = clock.instant();
    return new Usage(
        QuotaPolicy.dayOf(now),
        quota.spent(connectionId, now),
        quota.dailyLimit(),
        quota.remaining(connectionId, Activity.SYNC, now),
        quota.remaining(connectionId, Activity.ENRICHMENT, now),
        quota.systemRemaining(connectionId, now),
        usage.byActivity(now),
        usage.byStyle(now),
        QuotaPolicy.nextReset(now));
  }

  /**
   * {@code METHOD /path}: how a call is named in messages. The query stays out (it may hold
   * customer data).
   */
  public static String callName(Request request) {
    return request.method() + " " + request.url().encodedPath();
  }

  @Override
  public void close() {
    if (closed.compareAndSet(false, true)) limiter.release();
  }

  private <T> T run(Call<T> call) {
    String refusal = UrlPolicy.refusal(call.request.url());
    if (refusal != null) {
      throw new ConfigurationException(
          system,
          call.name,
          refusal,
          "Use the system's https:// URL (plain http is only for simulators on loopback)",
          null);
    }
    try {
      return retrying.get(() -> attempt(call));
    } catch (RetryableFailure failure) {
      // Failsafe's real-time bound ended the call before ours did.
      throw giveUp(call, failure.reason, failure.getCause());
    } catch (FailsafeException e) {
      if (e.getCause() instanceof InterruptedException) throw interrupted(call, e.getCause());
      throw e;
    }
  }

  /** One attempt: credential, quota, concurrency slot, HTTP, classification, handler. */
  private <T> T attempt(Call<T> call) {
    if (Thread.currentThread().isInterrupted()) throw interrupted(call, null);
    call.attempts++;
    Request request = call.request;
    AccessToken token = null;
    // The token comes before the quota permit and the concurrency slot: fetching it is a call of
    // its own that needs both, and a permit spent waiting for it would count a call never made.
    if (call.authenticate && tokens != null && request.header("Authorization") == null) {
      token = tokens.token(call.quotaActivity);
      if (call.refusedToken != null && token.value().equals(call.refusedToken.value())) {
        throw new AuthenticationException(
            system,
            call.name,
            "the system refused the credentials ("
                + call.refusedReason
                + ") and they cannot be refreshed",
            "Check the connection's token or password; the customer may need to issue a new one",
            null);
      }
      request = request.newBuilder().header("Authorization", token.authorization()).build();
    }
    if (call.authenticate && !connectionHeaders.isEmpty()) request = withConnectionHeaders(request);
    Instant deadline = operations.deadline();
    if (deadline != null && !clock.instant().isBefore(deadline))
      throw new DeadlineReached(system, call.name, deadline);
    acquireQuota(call);
    try {
      ConnectionLimiter.Permit permit = limiter.enter();
      try (permit;
          Response response = send(call, request)) {
        return classifyAndHandle(call, token, response);
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw interrupted(call, e);
    } catch (IOException | UncheckedIOException e) {
      Throwable cause = e instanceof UncheckedIOException u ? u.getCause() : e;
      if (ResponseTooLargeException.in(cause)) throw tooLarge(call, cause);
      if (Thread.currentThread().isInterrupted()) throw interrupted(call, cause);
      // No connection, no request: nothing can have reached the system.
      boolean notSent =
          cause instanceof java.net.ConnectException
              || cause instanceof java.net.UnknownHostException;
      throw retryOrGiveUp(call, null, describe(cause), (Exception) cause, notSent);
    }
  }

  private Request withConnectionHeaders(Request request) {
    Request.Builder b = null;
    for (Map.Entry<String, String> h : connectionHeaders.entrySet()) {
      if (request.header(h.getKey()) != null) continue;
      if (b == null) b = request.newBuilder();
      b.header(h.getKey(), h.getValue());
    }
    return b == null ? request : b.build();
  }

  private <T> T classifyAndHandle(Call<T> call, AccessToken token, Response response)
      throws IOException {
    AttemptContext context = new AttemptContext(call);
    if (usageReader != null) {
      SystemUsage reported = usageReader.read(response);
      if (reported != null) context.reportSystemUsage(reported);
    }
    Classification verdict = call.classifier.classify(response, context);
    if (verdict == null) {
      throw new IllegalStateException(
          call.classifier.getClass().getName() + " classified a response as null");
    }
    switch (verdict.kind()) {
      case OK:
        try {
          return call.handler.handle(response);
        } catch (ProtocolException e) {
          // A truncated body often parses as malformed: the whole call goes again.
          if (ResponseTooLargeException.in(e)) throw tooLarge(call, e);
          throw retryOrGiveUp(call, null, problemOf(e), e, false);
        }
      case RETRY:
        // 429 and 503 say the system did not take the request on; other statuses (a 500) may come
        // after it did.
        throw retryOrGiveUp(
            call,
            verdict.retryAfter(),
            verdict.reason(),
            null,
            response.code() == 429 || response.code() == 503);
      case QUOTA_EXHAUSTED:
        throw systemQuotaExhausted(call, verdict);
      case AUTH_EXPIRED:
        throw authExpired(call, token, verdict.reason());
      case FATAL:
      default:
        throw verdict.failure();
    }
  }

  /**
   * Sends the request, following at most {@link #MAX_REDIRECTS} same-origin redirects (each one a
   * counted call).
   */
  private Response send(Call<?> call, Request request) throws IOException, InterruptedException {
    Request current = request;
    for (int hop = 0; ; hop++) {
      if (hop > 0) acquireQuota(call);
      limiter.awaitWindow(clock, sleeper);
      String method = current.method();
      if (log.isDebugEnabled()) log.debug("-> {} {}", method, Redaction.url(current.url()));
      long started = System.nanoTime();
      Response response;
      okhttp3.Call httpCall = client.newCall(current);
      httpCall
          .timeout()
          .timeout(callTimeout(call).toMillis(), java.util.concurrent.TimeUnit.MILLISECONDS);
      try {
        response = httpCall.execute();
      } catch (IOException e) {
        log.debug(
            "<- failed {} {}: {} ({} ms, attempt {})",
            method,
            current.url().encodedPath(),
            describe(e),
            millisSince(started),
            call.attempts);
        ended(call, 0, started);
        throw e;
      }
      ended(call, response.code(), started);
      log.debug(
          "<- {} {} {} ({} ms, attempt {})",
          response.code(),
          method,
          current.url().encodedPath(),
          millisSince(started),
          call.attempts);
      int code = response.code();
      boolean redirect = code == 301 || code == 302 || code == 303 || code == 307 || code == 308;
      String location = redirect ? response.header("Location") : null;
      if (location == null) return response;
      HttpUrl target = current.url().resolve(location);
      response.close();
      if (target == null) {
        throw new ProtocolException(
            system,
            call.name,
            "HTTP " + code + " redirect to an unreadable Location",
            "Point the connection at the system's final URL",
            null);
      }
      String refusal = UrlPolicy.redirectRefusal(current.url(), target);
      if (refusal != null) {
        throw new ProtocolException(
            system,
            call.name,
            refusal,
            "Point the connection at the system's final URL; "
                + "revsync follows redirects only within one host so credentials never travel elsewhere",
            null);
      }
      if (hop >= MAX_REDIRECTS) {
        throw new ProtocolException(
            system,
            call.name,
            "more than " + MAX_REDIRECTS + " redirects, the last to " + Redaction.url(target),
            "Point the connection at the system's final URL",
            null);
      }
      current = redirected(current, code, target);
    }
  }

  private static Request redirected(Request request, int code, HttpUrl target) {
    Request.Builder next = request.newBuilder().url(target);
    boolean toGet =
        code == 303 || ((code == 301 || code == 302) && request.method().equals("POST"));
    if (toGet && !request.method().equals("HEAD")) {
      next.method("GET", null).removeHeader("Content-Type").removeHeader("Content-Length");
    }
    return next.build();
  }

  /**
   * The total time one HTTP exchange may take, headers and body: the config's call timeout, cut to
   * what is left before the operation's deadline (a server dripping a byte at a time resets every
   * read timeout, never this one).
   */
  private Duration callTimeout(Call<?> call) {
    Duration limit = config.callTimeout();
    Instant deadline = operations.deadline();
    if (deadline != null) {
      Duration left = Duration.between(clock.instant(), deadline);
      if (limit.isZero() || left.compareTo(limit) < 0) limit = left;
    }
    // OkHttp reads 0 as "no limit"; a left-over below a millisecond still gets one.
    return limit.isZero()
        ? limit
        : limit.compareTo(Duration.ofMillis(1)) < 0 ? Duration.ofMillis(1) : limit;
  }

  private void acquireQuota(Call<?> call) {
    Instant now = clock.instant();
    QuotaPolicy.Decision decision = quota.tryAcquire(connectionId, call.quotaActivity, now);
    if (!decision.granted()) {
      tell(() -> listener.quotaRefused(connectionId, system, call.usageActivity, decision));
      throw new QuotaExhaustedException(
          system, call.name, quotaRefusal(decision, now), QuotaPolicy.nextReset(now));
    }
    callsMade.increment();
    operations.record();
    usage.record(now, call.usageActivity, call.style);
  }

  private String quotaRefusal(QuotaPolicy.Decision decision, Instant now) {
    long limit = quota.dailyLimit();
    return switch (decision) {
      case BUDGET_SPENT ->
          "today's API budget of " + limit + " calls for connection " + connectionId + " is spent";
      case RESERVED_FOR_WRITES ->
          "the last "
              + quota.writeReserve()
              + " calls of today's budget of "
              + limit
              + " for connection "
              + connectionId
              + " are reserved for enrichment and score exports";
      case SYSTEM_LIMIT ->
          "the system's own daily API allowance is nearly spent (it last reported "
              + quota.systemRemaining(connectionId, now).orElse(0)
              + " calls left; revsync keeps "
              + quota.systemMargin()
              + " in reserve)";
      case GRANTED -> throw new IllegalStateException("granted");
    };
  }

  private RuntimeException systemQuotaExhausted(Call<?> call, Classification verdict) {
    Instant now = clock.instant();
    Instant nextReset = QuotaPolicy.nextReset(now);
    Instant resetsAt = verdict.resetsAt() != null ? verdict.resetsAt() : nextReset;
    if (!resetsAt.isBefore(nextReset)) {
      quota.reportSystemRemaining(
          connectionId, 0, now); // the connection's other calls stop without asking
    }
    return new QuotaExhaustedException(
        system,
        call.name,
        "the system's own daily API quota is spent: " + verdict.reason(),
        resetsAt);
  }

  private RuntimeException authExpired(Call<?> call, AccessToken token, String reason) {
    if (token == null) {
      return new AuthenticationException(
          system,
          call.name,
          "the system refused the request's credentials (" + reason + ")",
          "Check the connection's credentials; the customer may need to reconnect",
          null);
    }
    if (call.authRetries > 0) {
      return new AuthenticationException(
          system,
          call.name,
          "the system refused a freshly fetched token (" + reason + ")",
          "Check that the integration user is active and the app still authorized; "
              + "the customer may need to reconnect",
          null);
    }
    tokens.invalidate(token); // a no-op if another call already replaced it: one refresh for all
    call.authRetries++;
    call.refusedToken = token;
    call.refusedReason = reason;
    log.debug("{}: {}: {}; refreshing the token and retrying once", system, call.name, reason);
    return new RetryableFailure(Duration.ZERO, reason, null);
  }

  /**
   * A retry, or the final exception when no attempt or time is left.
   *
   * @param refused true when the system cannot have applied the request (it refused it, or it never
   *     left): only then is a call that must not reach the system twice retried
   */
  private RuntimeException retryOrGiveUp(
      Call<?> call, Duration retryAfter, String reason, Exception cause, boolean refused) {
    if (retryAfter != null && retryAfter.compareTo(config.maxRetryAfter()) > 0) {
      return new TransientException(
          system,
          call.name,
          reason
              + "; the system asked to wait "
              + retryAfter
              + ", longer than maxRetryAfter="
              + config.maxRetryAfter(),
          "Try again later (the next run will), or raise maxRetryAfter",
          cause);
    }
    int transientAttempts = call.attempts - call.authRetries;
    if (transientAttempts >= config.maxAttempts()) return giveUp(call, reason, cause);
    if (call.request.body() != null && call.request.body().isOneShot()) {
      return giveUp(
          call, reason + " (the request body can be sent only once, so it is not retried)", cause);
    }
    if (!call.idempotent && !refused) {
      return giveUp(
          call,
          reason
              + " (the system may have applied the request, which must not be applied twice, "
              + "so it is not retried)",
          cause);
    }
    Duration delay = retryAfter != null ? retryAfter : backoff(transientAttempts);
    Instant deadline = operations.deadline();
    if (deadline != null && !clock.instant().plus(delay).isBefore(deadline)) {
      return new DeadlineReached(system, call.name, deadline);
    }
    Duration elapsed = Duration.between(call.started, clock.instant());
    if (elapsed.plus(delay).compareTo(config.maxRetryDuration()) > 0)
      return giveUp(call, reason, cause);
    log.info(
        "{}: {}: {}; retrying in {} ms (attempt {} of {})",
        system,
        call.name,
        reason,
        delay.toMillis(),
        transientAttempts + 1,
        config.maxAttempts());
    CallListener.Call last = call.last;
    if (last != null) tell(() -> listener.retrying(last, reason));
    return new RetryableFailure(delay, reason, cause);
  }

  private RuntimeException giveUp(Call<?> call, String reason, Throwable cause) {
    Duration elapsed = Duration.between(call.started, clock.instant());
    String tried =
        call.attempts
            + (call.attempts == 1 ? " attempt" : " attempts")
            + " in "
            + elapsed.toSeconds()
            + " s";
    if (cause instanceof ProtocolException) {
      return new ProtocolException(
          system,
          call.name,
          "still malformed after " + tried + ": " + reason,
          "The system keeps sending a malformed or truncated response; the next run tries again",
          cause);
    }
    return new TransientException(
        system,
        call.name,
        "gave up after " + tried + "; last: " + reason,
        "The system is unavailable or throttling; the next run tries again",
        cause);
  }

  private RuntimeException tooLarge(Call<?> call, Throwable cause) {
    return new ProtocolException(
        system,
        call.name,
        describe(cause),
        "Ask for smaller pages, or raise maxResponseBytes if the system's responses are legitimately this large",
        cause);
  }

  private RuntimeException interrupted(Call<?> call, Throwable cause) {
    Thread.currentThread().interrupt();
    return new TransientException(
        system,
        call.name,
        "interrupted after " + call.attempts + " attempt(s)",
        "The call was cancelled; the next run tries again",
        cause);
  }

  /**
   * Exponential from the initial backoff to the maximum, with equal jitter (half fixed, half
   * random).
   */
  Duration backoff(int failedAttempts) {
    long initial = config.initialBackoff().toMillis();
    long max = config.maxBackoff().toMillis();
    long base = initial << Math.min(Math.max(failedAttempts - 1, 0), 30);
    if (base <= 0 || base > max) base = max;
    long half = base / 2;
    return Duration.ofMillis(half + ThreadLocalRandom.current().nextLong(base - half + 1));
  }

  private void waitBeforeRetry(RetryableFailure failure) {
    if (failure.delay.isZero()) return;
    try {
      sleeper.sleep(failure.delay);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt(); // the next attempt sees it and stops
    }
  }

  private static String describe(Throwable e) {
    String message = e.getMessage();
    if (e instanceof ResponseTooLargeException) return message;
    String kind = e.getClass().getSimpleName();
    return (e instanceof java.io.EOFException || "unexpected end of stream".equals(message)
            ? "connection dropped or body truncated"
            : "I/O failure")
        + " ("
        + kind
        + (message == null ? "" : ": " + Redaction.text(message))
        + ")";
  }

  /**
   * An exception's problem without the "system: call: " prefix every revsync message starts with.
   */
  private static String problemOf(RevsyncException e) {
    String message = e.getMessage();
    String prefix =
        e.system() + (e.call() != null && !e.call().isEmpty() ? ": " + e.call() : "") + ": ";
    return message != null && message.startsWith(prefix)
        ? message.substring(prefix.length())
        : message;
  }

  /** Tells the listener one exchange ended; remembered for a retry's notice. */
  private void ended(Call<?> call, int status, long startedNanos) {
    CallListener.Call ended =
        new CallListener.Call(
            connectionId,
            system,
            call.usageActivity,
            call.style,
            status,
            CallListener.Call.outcomeOf(status),
            System.nanoTime() - startedNanos);
    call.last = ended;
    tell(() -> listener.callEnded(ended));
  }

  /** A host's listener must not break a call. */
  private void tell(Runnable event) {
    if (listener == CallListener.NONE) return;
    try {
      event.run();
    } catch (RuntimeException e) {
      log.warn("{}: a CallListener threw {}; ignored", system, e.toString());
    }
  }

  private static long millisSince(long nanoTime) {
    return (System.nanoTime() - nanoTime) / 1_000_000;
  }

  /** One call with its retries. Used by one thread at a time. */
  private final class Call<T> {
    final Activity quotaActivity;
    final Activity usageActivity;
    final ApiStyle style;
    final Request request;
    final String name;
    final ResponseHandler<T> handler;
    final ResponseClassifier classifier;
    final boolean authenticate;
    final boolean idempotent;
    final Instant started;
    int attempts;
    int authRetries;
    AccessToken refusedToken;
    String refusedReason;

    /** The last exchange that ended, for the listener's retry notice. */
    CallListener.Call last;

    Call(
        Activity quotaActivity,
        Activity usageActivity,
        ApiStyle style,
        Request request,
        ResponseHandler<T> handler,
        ResponseClassifier classifier,
        boolean authenticate,
        boolean idempotent) {
      this.quotaActivity = Objects.requireNonNull(quotaActivity, "activity");
      this.usageActivity = usageActivity;
      this.style = Objects.requireNonNull(style, "style");
      this.request = Objects.requireNonNull(request, "request");
      this.handler = Objects.requireNonNull(handler, "handler");
      this.classifier = classifier;
      this.authenticate = authenticate;
      this.idempotent = idempotent;
      this.name = callName(request);
      this.started = clock.instant();
    }
  }

  private final class AttemptContext implements CallContext {
    private final Call<?> call;
    private final int attempt;

    AttemptContext(Call<?> call) {
      this.call = call;
      this.attempt = call.attempts;
    }

    @Override
    public String system() {
      return system;
    }

    @Override
    public String call() {
      return call.name;
    }

    @Override
    public Activity activity() {
      return call.usageActivity;
    }

    @Override
    public ApiStyle style() {
      return call.style;
    }

    @Override
    public int attempt() {
      return attempt;
    }

    @Override
    public void reportSystemRemaining(long remaining) {
      quota.reportSystemRemaining(connectionId, remaining, clock.instant());
    }

    @Override
    public void reportSystemUsage(SystemUsage usage) {
      HttpPipeline.this.reportSystemUsage(usage);
    }

    @Override
    public Clock clock() {
      return clock;
    }
  }

  private final class PipelineTokenContext implements TokenContext {
    private final Activity triggeringActivity;

    PipelineTokenContext(Activity triggeringActivity) {
      this.triggeringActivity = triggeringActivity;
    }

    @Override
    public ConnectionConfig config() {
      return config;
    }

    @Override
    public String system() {
      return system;
    }

    @Override
    public <T> T execute(Request request, ResponseHandler<T> handler) {
      return executeTokenRequest(triggeringActivity, request, handler);
    }
  }

  /** A failed attempt that will be retried after {@link #delay}. Never leaves the pipeline. */
  private static final class RetryableFailure extends RuntimeException {
    private static final long serialVersionUID = 1L;
    final transient Duration delay;
    final String reason;

    RetryableFailure(Duration delay, String reason, Throwable cause) {
      super(reason, cause, false, false);
      this.delay = delay;
      this.reason = reason;
    }
  }
}
