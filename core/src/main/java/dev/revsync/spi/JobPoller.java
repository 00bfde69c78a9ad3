package dev.revsync.spi;

import dev.revsync.VendorApiException;
import dev.revsync.internal.job.Cancelled;
import dev.revsync.internal.job.DeadlineReached;
import dev.revsync.internal.job.Parked;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Objects;

/**
 * Waits for a server-side job (the BATCH and BULK styles: Salesforce Bulk API 2.0 queries, Eloqua
 * syncs, Marketo extracts, Pardot exports) to finish, polling on a cadence that follows the job's
 * age, until the job is done, failed, gone, or the deadline comes. Waiting goes through the clock's
 * {@link Sleeper}. Each poll is a counted call made by the caller's {@link Poll}.
 *
 * <h2>Cadence</h2>
 *
 * After a job has been preparing for {@code age}, the next poll comes {@code clamp(age ×
 * ageFraction, minInterval, maxInterval)} later ({@link #nextPoll}): a job that finished waits for
 * its download at most about {@code ageFraction} of its age (15% by default), and a long job costs
 * few polls (a 20-minute job about 30 with Salesforce's 3 s to 30 s). When the job's preparation
 * time is expected (the request's {@link dev.revsync.SyncRequest#expectedJobTime()}, or the
 * connector's own estimate), no poll comes before {@value #EXPECTED_SHARE_PERCENT}% of it. A job
 * just created is never polled at once. The same cadence holds whether the poller waits on the
 * thread or the sync {@linkplain dev.revsync.SyncRequest#parkJobs() parks} between polls.
 *
 * <p>When the next poll would fall at or after the deadline, the poller stops at once instead of
 * waiting for nothing: inside {@link SyncRun} that ends the sync with WINDOW_CLOSED, the job id
 * still in the checkpoint for the next window. An interrupt while waiting ends it with CANCELLED
 * (the interrupt flag stays set).
 *
 * <p>Thread-safe; keeps no state between waits.
 */
public final class JobPoller {

  /** The default share of a job's age waited before the next poll. */
  public static final double DEFAULT_AGE_FRACTION = 0.15;

  /** No poll before this share of an expected preparation time, in percent. */
  static final int EXPECTED_SHARE_PERCENT = 80;

  /** A job's state as one poll saw it. */
  public enum State {
    RUNNING,
    DONE,
    FAILED,
    /** The system no longer knows the job (expired, deleted): a new job must replace it. */
    GONE
  }

  /**
   * One poll's answer.
   *
   * @param state where the job stands
   * @param value what the caller needs once done (a result URL, a row count)
   * @param message the system's words, for FAILED and GONE
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

    /** The system no longer knows the job (its 404, or its "expired" state). */
    public static <T> Status<T> gone(String message) {
      return new Status<>(State.GONE, null, message);
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
  private final double ageFraction;

  private JobPoller(Clock clock, Duration minInterval, Duration maxInterval, double ageFraction) {
    this.clock = Objects.requireNonNull(clock, "clock");
    this.sleeper = Sleeper.forClock(clock);
    if (minInterval == null || minInterval.isNegative() || minInterval.isZero()) {
      throw new IllegalArgumentException("minInterval must be positive: " + minInterval);
    }
    if (maxInterval == null || maxInterval.compareTo(minInterval) < 0) {
      throw new IllegalArgumentException(
          "maxInterval must be at least minInterval " + minInterval + ": " + maxInterval);
    }
    if (!(ageFraction > 0 && ageFraction <= 1)) {
      throw new IllegalArgumentException("ageFraction must be in (0, 1]: " + ageFraction);
    }
    this.minInterval = minInterval;
    this.maxInterval = maxInterval;
    this.ageFraction = ageFraction;
  }

  /**
   * Polls no faster than {@code minInterval} and no slower than {@code maxInterval}, in between
   * {@link #DEFAULT_AGE_FRACTION} of the job's age.
   */
  public static JobPoller create(Clock clock, Duration minInterval, Duration maxInterval) {
    return new JobPoller(clock, minInterval, maxInterval, DEFAULT_AGE_FRACTION);
  }

  /** This poller with another share of the job's age between polls, in (0, 1]. */
  public JobPoller withAgeFraction(double ageFraction) {
    return new JobPoller(clock, minInterval, maxInterval, ageFraction);
  }

  /**
   * When to poll next a job that started preparing at {@code startedAt}, asked at {@code now}:
   * {@code now + clamp(age × ageFraction, min, max)}, and not before {@value
   * #EXPECTED_SHARE_PERCENT}% of {@code expected} after the start.
   *
   * @param expected the expected preparation time; null when unknown
   */
  public Instant nextPoll(Instant startedAt, Instant now, Duration expected) {
    Duration age = Duration.between(startedAt, now);
    if (age.isNegative()) age = Duration.ZERO;
    Duration step = Duration.ofNanos((long) (age.toNanos() * ageFraction));
    if (step.compareTo(minInterval) < 0) step = minInterval;
    if (step.compareTo(maxInterval) > 0) step = maxInterval;
    Instant next = now.plus(step);
    if (expected != null) {
      Instant earliest =
          startedAt.plus(expected.multipliedBy(EXPECTED_SHARE_PERCENT).dividedBy(100));
      if (next.isBefore(earliest)) next = earliest;
    }
    return next;
  }

  /**
   * Waits on this thread for a job created just now, polling until it is done, and returns its
   * value.
   *
   * @param system the connector id, for errors
   * @param job what the job is, for errors (such as {@code Bulk API 2.0 query job
   *     750R0000000zlh9IAA})
   * @param deadline when to give up waiting (the sync's deadline); null for none
   * @throws dev.revsync.VendorApiException when the job failed, with the system's message
   * @throws JobGoneException when the system no longer knows the job
   */
  public <T> T await(String system, String job, Poll<T> poll, Instant deadline) {
    return await(
        new Wait(system, job, job, clock.instant(), true, null, deadline, false), poll, null);
  }

  /** One wait's facts: which job, since when, whether it was just created, how to wait. */
  record Wait(
      String system,
      String jobId,
      String job,
      Instant startedAt,
      boolean fresh,
      Duration expected,
      Instant deadline,
      boolean park) {}

  /** Told of each poll, for the sync's accounting. */
  interface Observer {
    void polled(Status<?> status, Instant at);
  }

  /**
   * Waits for {@code w}'s job: polls at once a job that is not fresh, else first at its cadence; on
   * RUNNING waits for the next poll on this thread, or throws {@link Parked} when the wait parks.
   */
  <T> T await(Wait w, Poll<T> poll, Observer observer) {
    Instant at = w.fresh() ? nextPoll(w.startedAt(), clock.instant(), w.expected()) : null;
    if (at == null && w.deadline() != null && !clock.instant().isBefore(w.deadline())) {
      throw new DeadlineReached(w.system(), "waiting for " + w.job(), w.deadline());
    }
    while (true) {
      if (at != null) {
        if (w.deadline() != null && !at.isBefore(w.deadline())) {
          throw new DeadlineReached(w.system(), "waiting for " + w.job(), w.deadline());
        }
        if (w.park()) throw new Parked(w.job(), at);
        try {
          sleeper.sleep(Duration.between(clock.instant(), at));
        } catch (InterruptedException e) {
          Thread.currentThread().interrupt();
          throw new Cancelled("interrupted while waiting for " + w.job());
        }
      }
      Status<T> status = Objects.requireNonNull(poll.poll(), "a poll must return a status");
      Instant now = clock.instant();
      if (observer != null) observer.polled(status, now);
      switch (status.state()) {
        case DONE:
          return status.value();
        case FAILED:
          throw new VendorApiException(
              w.system(),
              w.job(),
              0,
              "JOB_FAILED",
              status.message() == null || status.message().isBlank()
                  ? "the job failed without saying why"
                  : status.message(),
              "The next sync starts a new job; if jobs keep failing, check the job in the system");
        case GONE:
          throw new JobGoneException(w.system(), w.job(), w.jobId(), 0, status.message());
        default:
          at = nextPoll(w.startedAt(), now, w.expected());
      }
    }
  }
}
