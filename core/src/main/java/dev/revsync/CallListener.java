package dev.revsync;

/**
 * Told about every HTTP request a connection puts on the wire and every retry it decides on, so a
 * host can meter calls (the {@code revsync-micrometer} module does). Set it with {@link
 * ConnectionConfig.Builder#callListener(CallListener)}; the transport calls it, so no connector can
 * forget one. Every method has an empty default.
 *
 * <p>Called on the thread making the call, for every connection using the config: implementations
 * must be thread-safe and quick, and must not throw (an exception is logged and ignored).
 *
 * @since 0.2
 */
public interface CallListener {

  /** Ignores everything. */
  CallListener NONE = new CallListener() {};

  /**
   * How one HTTP exchange ended, as seen on the wire (the connector's reading of a 2xx body aside).
   */
  enum Outcome {
    /** A 1xx, 2xx or 3xx answer. */
    SUCCESS,
    /** HTTP 429: the system's rate limit. */
    RATE_LIMITED,
    /** Any other 4xx answer. */
    CLIENT_ERROR,
    /** A 5xx answer. */
    SERVER_ERROR,
    /** No answer: refused connection, timeout, dropped or oversized body. */
    IO_ERROR
  }

  /**
   * One HTTP exchange of a connection, counted against its budget.
   *
   * @param connectionId the connection ({@link ConnectionConfig#connectionId()})
   * @param system the connector id
   * @param activity what the call served (a token request shows as {@link Activity#LOGIN})
   * @param style the API style
   * @param status the HTTP status, or 0 when no answer came
   * @param outcome the status read as an outcome
   * @param nanos how long the exchange took, headers and body as far as the transport read it
   */
  record Call(
      String connectionId,
      String system,
      Activity activity,
      ApiStyle style,
      int status,
      Outcome outcome,
      long nanos) {
    /** The outcome of an HTTP status. */
    public static Outcome outcomeOf(int status) {
      if (status == 429) return Outcome.RATE_LIMITED;
      if (status <= 0) return Outcome.IO_ERROR;
      if (status >= 500) return Outcome.SERVER_ERROR;
      if (status >= 400) return Outcome.CLIENT_ERROR;
      return Outcome.SUCCESS;
    }
  }

  /** An HTTP exchange ended (every attempt and redirect hop is one). */
  default void callEnded(Call call) {}

  /**
   * The transport will send {@code call}'s request again after a transient failure (a 429, a 5xx, a
   * dropped connection, a malformed body).
   *
   * @param reason why, without secrets or customer data
   */
  default void retrying(Call call, String reason) {}

  /**
   * A call was refused before it went: the connection's budget (or the system's allowance) is
   * spent.
   */
  default void quotaRefused(
      String connectionId, String system, Activity activity, QuotaPolicy.Decision decision) {}
}
