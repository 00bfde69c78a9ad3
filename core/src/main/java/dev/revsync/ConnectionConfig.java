package dev.revsync;

import dev.revsync.internal.http.Redaction;
import java.time.Clock;
import java.time.Duration;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.TreeMap;
import okhttp3.HttpUrl;

/**
 * Everything one connection needs: which account (its id), where the system is (an overridable base
 * URL — how tests and the sandbox point at a simulator), settings and secrets, the daily {@link
 * QuotaPolicy}, a {@link Clock}, timeouts and retry bounds.
 *
 * <pre>{@code
 * ConnectionConfig config = ConnectionConfig.builder("tenant-42/salesforce")
 *     .setting("clientId", "3MVG9...")
 *     .secret("refreshToken", System.getenv("SF_REFRESH_TOKEN"))
 *     .quotaPolicy(QuotaPolicy.builder().dailyLimit(5_000).writeReserve(500).build())
 *     .build();
 * }</pre>
 *
 * <p>Immutable and thread-safe ({@link QuotaPolicy} is a live object shared by reference, so a
 * budget change reaches running syncs). {@link #toString()} never shows secret values.
 */
public final class ConnectionConfig {
  private final String connectionId;
  private final String baseUrl;
  private final Map<String, String> settings;
  private final Map<String, String> secrets;
  private final QuotaPolicy quotaPolicy;
  private final Clock clock;
  private final Duration connectTimeout;
  private final Duration readTimeout;
  private final Duration callTimeout;
  private final int maxAttempts;
  private final Duration initialBackoff;
  private final Duration maxBackoff;
  private final Duration maxRetryAfter;
  private final Duration maxRetryDuration;
  private final long maxResponseBytes;
  private final CredentialListener credentialListener;
  private final CallListener callListener;

  private ConnectionConfig(Builder b) {
    this.connectionId = b.connectionId;
    this.baseUrl = b.baseUrl;
    this.settings = Map.copyOf(b.settings);
    this.secrets = Map.copyOf(b.secrets);
    this.quotaPolicy = b.quotaPolicy;
    this.clock = b.clock;
    this.connectTimeout = b.connectTimeout;
    this.readTimeout = b.readTimeout;
    this.callTimeout = b.callTimeout;
    this.maxAttempts = b.maxAttempts;
    this.initialBackoff = b.initialBackoff;
    this.maxBackoff = b.maxBackoff;
    this.maxRetryAfter = b.maxRetryAfter;
    this.maxRetryDuration = b.maxRetryDuration;
    this.maxResponseBytes = b.maxResponseBytes;
    this.credentialListener = b.credentialListener;
    this.callListener = b.callListener;
  }

  /**
   * A builder for one connection's configuration.
   *
   * @param connectionId identifies this connection (one customer's account in one system) in the
   *     quota ledger, checkpoints and logs, such as {@code tenant-42/salesforce}
   */
  public static Builder builder(String connectionId) {
    return new Builder(connectionId);
  }

  public Builder newBuilder() {
    return new Builder(this);
  }

  public String connectionId() {
    return connectionId;
  }

  /** The base URL override; empty to use the connector's default or discovered URL. */
  public Optional<String> baseUrl() {
    return Optional.ofNullable(baseUrl);
  }

  /** A non-secret setting, or empty. */
  public Optional<String> setting(String key) {
    return Optional.ofNullable(settings.get(key));
  }

  /** Non-secret settings. */
  public Map<String, String> settings() {
    return settings;
  }

  /** A secret value, or empty. Never log it. */
  public Optional<String> secret(String key) {
    return Optional.ofNullable(secrets.get(key));
  }

  /** The names of the secrets held (not their values). */
  public Set<String> secretKeys() {
    return secrets.keySet();
  }

  /** A setting or, failing that, a secret of that name. */
  public Optional<String> value(String key) {
    String v = settings.get(key);
    return v != null ? Optional.of(v) : Optional.ofNullable(secrets.get(key));
  }

  public QuotaPolicy quotaPolicy() {
    return quotaPolicy;
  }

  public Clock clock() {
    return clock;
  }

  public Duration connectTimeout() {
    return connectTimeout;
  }

  public Duration readTimeout() {
    return readTimeout;
  }

  /**
   * The bound on one whole HTTP exchange, headers and body (default 10 minutes; 0 for none): unlike
   * the read timeout, a server dripping a byte at a time cannot extend it. A timed-out exchange is
   * retried like any timeout; during a sync each exchange is also cut to what is left before the
   * sync's deadline.
   */
  public Duration callTimeout() {
    return callTimeout;
  }

  /** Attempts per call, the first included, before a transient fault is reported. */
  public int maxAttempts() {
    return maxAttempts;
  }

  public Duration initialBackoff() {
    return initialBackoff;
  }

  public Duration maxBackoff() {
    return maxBackoff;
  }

  /** The longest {@code Retry-After} honoured; a longer one fails the call as transient. */
  public Duration maxRetryAfter() {
    return maxRetryAfter;
  }

  /** The bound on the time one call may spend retrying. */
  public Duration maxRetryDuration() {
    return maxRetryDuration;
  }

  /** The cap on one decoded response body. */
  public long maxResponseBytes() {
    return maxResponseBytes;
  }

  public CredentialListener credentialListener() {
    return credentialListener;
  }

  /**
   * Told about every HTTP call and retry of the connection; {@link CallListener#NONE} by default.
   */
  public CallListener callListener() {
    return callListener;
  }

  /**
   * The connection, its settings and the names of its secrets; secret values and URL credentials
   * are masked.
   */
  @Override
  public String toString() {
    TreeMap<String, String> shown = new TreeMap<>(settings);
    secrets.keySet().forEach(k -> shown.put(k, Redaction.MASK));
    return "ConnectionConfig{"
        + connectionId
        + (baseUrl != null ? " baseUrl=" + shownUrl(baseUrl) : "")
        + " "
        + shown
        + " quota="
        + quotaPolicy
        + "}";
  }

  /**
   * The URL without user info and with secret query values masked; a URL that does not parse is not
   * shown.
   */
  private static String shownUrl(String url) {
    HttpUrl parsed = HttpUrl.parse(url);
    return parsed == null ? "(not a URL)" : Redaction.url(parsed);
  }

  /**
   * A URL that may not parse, for a message: user info (a password) masked and the query left out
   * (it may hold a key), by text alone.
   */
  static String withoutSecrets(String url) {
    String shown = url.replaceFirst("^([^:/?#]*:)?//[^/?#]*@", "$1//***@");
    int query = shown.indexOf('?');
    return query < 0 ? shown : shown.substring(0, query) + "?…";
  }

  /** Builds a {@link ConnectionConfig}. Not thread-safe. */
  public static final class Builder {
    private final String connectionId;
    private String baseUrl;
    private final Map<String, String> settings = new TreeMap<>();
    private final Map<String, String> secrets = new TreeMap<>();
    private QuotaPolicy quotaPolicy = QuotaPolicy.unlimited();
    private Clock clock = Clock.systemUTC();
    private Duration connectTimeout = Duration.ofSeconds(10);
    private Duration readTimeout = Duration.ofSeconds(60);
    private Duration callTimeout = Duration.ofMinutes(10);
    private int maxAttempts = 6;
    private Duration initialBackoff = Duration.ofMillis(500);
    private Duration maxBackoff = Duration.ofSeconds(30);
    private Duration maxRetryAfter = Duration.ofMinutes(5);
    private Duration maxRetryDuration = Duration.ofMinutes(15);
    private long maxResponseBytes = 1L << 30;
    private CredentialListener credentialListener = CredentialListener.NONE;
    private CallListener callListener = CallListener.NONE;

    private Builder(String connectionId) {
      if (connectionId == null || connectionId.isBlank()) {
        throw new IllegalArgumentException(
            "connectionId must not be blank: '" + connectionId + "'");
      }
      this.connectionId = connectionId;
    }

    private Builder(ConnectionConfig c) {
      this.connectionId = c.connectionId;
      this.baseUrl = c.baseUrl;
      this.settings.putAll(c.settings);
      this.secrets.putAll(c.secrets);
      this.quotaPolicy = c.quotaPolicy;
      this.clock = c.clock;
      this.connectTimeout = c.connectTimeout;
      this.readTimeout = c.readTimeout;
      this.callTimeout = c.callTimeout;
      this.maxAttempts = c.maxAttempts;
      this.initialBackoff = c.initialBackoff;
      this.maxBackoff = c.maxBackoff;
      this.maxRetryAfter = c.maxRetryAfter;
      this.maxRetryDuration = c.maxRetryDuration;
      this.maxResponseBytes = c.maxResponseBytes;
      this.credentialListener = c.credentialListener;
      this.callListener = c.callListener;
    }

    /** Points the connection at another host, such as a sandbox or a simulator on 127.0.0.1. */
    public Builder baseUrl(String baseUrl) {
      if (baseUrl != null && !(baseUrl.startsWith("https://") || baseUrl.startsWith("http://"))) {
        throw new IllegalArgumentException(
            "baseUrl must be an http(s) URL: '" + withoutSecrets(baseUrl) + "'");
      }
      this.baseUrl = baseUrl;
      return this;
    }

    public Builder setting(String key, String value) {
      Objects.requireNonNull(key, "key");
      if (value == null) settings.remove(key);
      else settings.put(key, value);
      return this;
    }

    /** A secret: held apart from settings and never shown by {@code toString()}. */
    public Builder secret(String key, String value) {
      Objects.requireNonNull(key, "key");
      if (value == null) secrets.remove(key);
      else secrets.put(key, value);
      return this;
    }

    public Builder quotaPolicy(QuotaPolicy quotaPolicy) {
      this.quotaPolicy = Objects.requireNonNull(quotaPolicy, "quotaPolicy");
      return this;
    }

    /** The clock for budget days, deadlines and token expiry. Default: the system UTC clock. */
    public Builder clock(Clock clock) {
      this.clock = Objects.requireNonNull(clock, "clock");
      return this;
    }

    public Builder connectTimeout(Duration timeout) {
      this.connectTimeout = notNegative(timeout, "connectTimeout");
      return this;
    }

    public Builder readTimeout(Duration timeout) {
      this.readTimeout = notNegative(timeout, "readTimeout");
      return this;
    }

    public Builder callTimeout(Duration timeout) {
      this.callTimeout = notNegative(timeout, "callTimeout");
      return this;
    }

    /** Attempts per call including the first; at least 1. Default 6. */
    public Builder maxAttempts(int maxAttempts) {
      if (maxAttempts < 1)
        throw new IllegalArgumentException("maxAttempts must be at least 1: " + maxAttempts);
      this.maxAttempts = maxAttempts;
      return this;
    }

    /**
     * Exponential backoff bounds for retries without {@code Retry-After}. Defaults 500 ms and 30 s.
     */
    public Builder backoff(Duration initial, Duration max) {
      this.initialBackoff = notNegative(initial, "initial backoff");
      this.maxBackoff = notNegative(max, "max backoff");
      if (max.compareTo(initial) < 0) {
        throw new IllegalArgumentException(
            "max backoff " + max + " is shorter than initial backoff " + initial);
      }
      return this;
    }

    public Builder maxRetryAfter(Duration maxRetryAfter) {
      this.maxRetryAfter = notNegative(maxRetryAfter, "maxRetryAfter");
      return this;
    }

    public Builder maxRetryDuration(Duration maxRetryDuration) {
      this.maxRetryDuration = notNegative(maxRetryDuration, "maxRetryDuration");
      return this;
    }

    /**
     * Caps each response body, counted after decompression: the transport asks for gzip, and a
     * small compressed body that unpacks to gigabytes is stopped like any other oversized one.
     */
    public Builder maxResponseBytes(long maxResponseBytes) {
      if (maxResponseBytes < 1024) {
        throw new IllegalArgumentException(
            "maxResponseBytes must be at least 1024: " + maxResponseBytes);
      }
      this.maxResponseBytes = maxResponseBytes;
      return this;
    }

    public Builder credentialListener(CredentialListener listener) {
      this.credentialListener = Objects.requireNonNull(listener, "credentialListener");
      return this;
    }

    /**
     * Told about every HTTP call and retry of the connection, such as for metrics; default none.
     */
    public Builder callListener(CallListener listener) {
      this.callListener = Objects.requireNonNull(listener, "callListener");
      return this;
    }

    public ConnectionConfig build() {
      return new ConnectionConfig(this);
    }

    private static Duration notNegative(Duration d, String name) {
      Objects.requireNonNull(d, name);
      if (d.isNegative()) throw new IllegalArgumentException(name + " must not be negative: " + d);
      return d;
    }
  }
}
