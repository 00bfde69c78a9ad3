package dev.revsync.spi;

import dev.revsync.VendorApiException;
import dev.revsync.internal.job.Cancelled;
import dev.revsync.internal.job.DeadlineReached;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Objects;

/**
 * Waits for a server-side job (the BATCH and BULK styles: Salesforce Bulk API 2.0 queries, Eloqua
 * syncs, Marketo extracts, Pardot exports) to finish: polls with backoff between a minimum and a
 * maximum interval until the job is done, failed, or the deadline comes. Waiting goes through the
 * clock's {@link Sleeper}. Each poll is a counted call made by the caller's {@link Poll}.
 *
 * <p>The first poll comes {@code minInterval} after {@link #await} starts (a job just created is
 * never ready at once, and every poll costs a call); each wait after a RUNNING answer doubles, up
 * to {@code maxInterval}. When the next poll would fall at or after the deadline, the poller stops
 * at once instead of waiting for nothing: inside {@link SyncRun} that ends the sync with
 * WINDOW_CLOSED, the job id still in the checkpoint for the next window. An interrupt while waiting
 * ends it with CANCELLED (the interrupt flag stays set).
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

  private final Clock clock;
  private final Sleeper sleeper;
  private final Duration minInterval;
  private final Duration maxInterval;

  private JobPoller(Clock clock, Duration minInterval, Duration maxInterval) {
    this.clock = Objects.requireNonNull(clock, "clock");
    this.sleeper = Sleeper.forClock(clock);
    if (minInterval == null || minInterval.isNegative() || minInterval.isZero()) {
      throw new IllegalArgumentException("minInterval must be positive: " + minInterval);
    }
    if (maxInterval == null || maxInterval.compareTo(minInterval) < 0) {
      throw new IllegalArgumentException(
          "maxInterval must be at least minInterval " + minInterval + ": " + maxInterval);
    }
    this.minInterval = minInterval;
    this.maxInterval = maxInterval;
  }

  /** Polls no faster than {@code minInterval}, backing off to at most {@code maxInterval}. */
  public static JobPoller create(Clock clock, Duration minInterval, Duration maxInterval) {
    return new JobPoller(clock, minInterval, maxInterval);
  }

  /**
   * Polls until the job is done and returns its value.
   *
   * @param system the connector id, for errors
   * @param job what the job is, for errors (such as {@code Bulk API 2.0 query job
   *     750R0000000zlh9IAA})
   * @param deadline when to give up waiting (the sync's deadline); null for none
   * @throws dev.revsync.VendorApiException when the job failed, with the system's message
   */
  public <T> T await(String system, String job, Poll<T> poll, Instant deadline) {
    Duration interval = minInterval;
    while (true) {
      if (deadline != null && !clock.instant().plus(interval).isBefore(deadline)) {
        throw new DeadlineReached(system, "waiting for " + job, deadline);
      }
      try {
        sleeper.sleep(interval);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        throw new Cancelled("interrupted while waiting for " + job);
      }
      Status<T> status = Objects.requireNonNull(poll.poll(), "a poll must return a status");
      switch (status.state()) {
        case DONE:
          return status.value();
        case FAILED:
          throw new VendorApiException(
              system,
              job,
              0,
              "JOB_FAILED",
              status.message() == null || status.message().isBlank()
                  ? "the job failed without saying why"
                  : status.message(),
              "The next sync starts a new job; if jobs keep failing, check the job in the system");
        default:
          Duration doubled = interval.multipliedBy(2);
          interval = doubled.compareTo(maxInterval) > 0 ? maxInterval : doubled;
      }
    }
  }
}
