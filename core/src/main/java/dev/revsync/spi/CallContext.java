package dev.revsync.spi;

import dev.revsync.Activity;
import dev.revsync.ApiStyle;
import java.time.Clock;

/**
 * One call as the transport sees it, handed to {@link ResponseClassifier}s: which system and call
 * (for error messages), for which activity and in which API style, and a way to report the system's
 * own usage counters found on the response. Belongs to one attempt of one call, on the thread
 * making it.
 */
public interface CallContext {
  /** The connector id. */
  String system();

  /** The call's name for messages, such as {@code GET /services/data/v66.0/query}. */
  String call();

  /**
   * The activity the call is shown under in {@link dev.revsync.Connector#usage()}: the one the
   * connector passed to {@link Transport#execute}, following the rule in {@link
   * dev.revsync.Connector} (verify LOGIN, discover and sync SYNC, write the request's activity),
   * and {@link Activity#LOGIN} for a token request, which is budgeted as the call that needed the
   * token.
   */
  Activity activity();

  ApiStyle style();

  /** Which attempt this is, from 1. */
  int attempt();

  /**
   * Reports what the system says is left of its own daily allowance (from a usage header or body),
   * so the {@link dev.revsync.QuotaPolicy} stays under it.
   */
  void reportSystemRemaining(long remaining);

  /**
   * Reports the system's own usage read from a response the transport's {@link UsageReader} does
   * not see (a SOAP header, say): what is left goes to the quota policy, the whole is remembered
   * for {@link Transport#systemUsage()}.
   *
   * @since 0.1
   */
  default void reportSystemUsage(SystemUsage usage) {
    reportSystemRemaining(usage.remaining());
  }

  /**
   * The connection's clock, for reading times in responses ({@code Retry-After} dates, reset times)
   * against the same time the transport waits on.
   *
   * @since 0.1
   */
  default Clock clock() {
    return Clock.systemUTC();
  }
}
