package dev.revsync.simulators.pardot;

import java.time.Duration;
import java.time.ZoneId;

/**
 * The simulator's knobs, including the facts the protocol notes mark UNCONFIRMED, so tests can try
 * both readings. Changeable while it runs (tests turn them mid-sync); fields are volatile.
 */
final class PardotSettings {
  /** The account's time zone: v5 datetimes carry its offset, export CSV dates are written in it. */
  volatile ZoneId accountZone = ZoneId.of("America/New_York");

  /**
   * HTTP status of limit errors 122/66/202 (UNCONFIRMED: 429 simulated; some read "body code
   * only").
   */
  volatile int limitStatus = 429;

  /** Requests in flight per business unit before code 66. */
  volatile int concurrencyLimit = 5;

  /** Requests per minute before code 202; 0 for none (the number is not published). */
  volatile int minuteLimit;

  /** Records one token sequence serves before it stops with a warning. */
  volatile long tokenSequenceCap = 100_000;

  /** How long a page token lives. */
  volatile Duration pageTokenLifetime = Duration.ofHours(4);

  /**
   * The code of the sequence-cap warning: 203 (v5 overview) or 101 (a framework class).
   * UNCONFIRMED.
   */
  volatile int capWarningCode = 203;

  /**
   * Whether the last page carries {@code "nextPageToken":null} (current) or omits both keys (an
   * older example).
   */
  volatile boolean nullPageKeysOnLastPage = true;

  /** {@code x-api-usage} as {@code used/max} (true) or a bare count (false). UNCONFIRMED format. */
  volatile boolean usageWithMax = true;

  /**
   * Export: the name of the state field in v5 reads, {@code status} or {@code state}. UNCONFIRMED.
   */
  volatile String exportStatusField = "status";

  /** Export: how long an export waits before it is processed, and how long processing takes. */
  volatile Duration exportWaiting = Duration.ofSeconds(5);

  volatile Duration exportProcessing = Duration.ofSeconds(15);

  /** Export: rows per result file. */
  volatile long exportRowsPerFile = 100_000;

  /**
   * Export: CSV datetimes as v5 ISO with offset (true) or legacy {@code YYYY-MM-DD HH:MM:SS}
   * (false). UNCONFIRMED.
   */
  volatile boolean exportIsoDates = true;

  /**
   * How far query results trail writes (the read cache, up to 60 s in production); zero by default.
   */
  volatile Duration readCacheLag = Duration.ZERO;

  /** Whether the integration user may use Account Engagement (false: every call 403 code 49). */
  volatile boolean userHasAccess = true;
}
