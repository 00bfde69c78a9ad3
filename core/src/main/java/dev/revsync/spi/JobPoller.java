package dev.revsync.spi;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;

/**
 * Waits for a server-side job (the BATCH and BULK styles: Salesforce Bulk API 2.0 queries, Eloqua
 * syncs, Marketo extracts, Pardot exports) to finish: polls with backoff between a minimum and a
 * maximum interval until the job is done, failed, or the deadline comes. Waiting goes through the
 * clock's {@link Sleeper}. Each poll is a counted call made by the caller's {@link Poll}.
 *
 * <p>Thread-safe; keeps no state between waits.
 */
public final class JobPoller {

  /** A job's state as one poll saw it. */
  public enum State {
    RUNNING,
    DONE,
    FAILED
  }

  /**
   * One poll's answer.
   *
   * @param state where the job stands
   * @param value what the caller needs once done (a result URL, a row count)
   * @param message the system's words, for FAILED
   */
  public record Status<T>(State state, T value, String message) {
    public static <T> Status<T> running() {
      return new Status<>(State.RUNNING, null, null);
    }

    public static <T> Status<T> done(T value) {
      return new Status<>(State.DONE, value, null);
    }

    public static <T> Status<T> failed(String message) {
      return new Status<>(State.FAILED, null, message);
    }
  }

  /** Asks the system once where the job stands. */
  @FunctionalInterface
  public interface Poll<T> {
    Status<T> poll();
  }

  private JobPoller(Clock clock, Duration minInterval, Duration maxInterval) {
    throw new UnsupportedOperationException();
  }

  /** Polls no faster than {@code minInterval}, backing off to at most {@code maxInterval}. */
  public static JobPoller create(Clock clock, Duration minInterval, Duration maxInterval) {
    return new JobPoller(clock, minInterval, maxInterval);
  }

  /**
   * Polls until the job is done and returns its value.
   *
   * @param system the connector id, for errors
   * @param job what the job is, for errors (such as {@code Bulk API 2.0 query job 750R0000000zlh9IAA})
   * @param deadline when to give up waiting (the sync's deadline); null for none
   * @throws dev.revsync.VendorApiException when the job failed, with the system's message
   */
  public <T> T await(String system, String job, Poll<T> poll, Instant deadline) {
    throw new UnsupportedOperationException();
  }
}
