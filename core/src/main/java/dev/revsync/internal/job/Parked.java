package dev.revsync.internal.job;

import java.time.Instant;

/**
 * A server-side job is still preparing and the request asked to park rather than wait: the stop
 * signal {@link dev.revsync.spi.SyncRun} turns into {@code PARKED}, with the time of the job's next
 * poll. The checkpoint already holds the job. Unchecked so it passes through connector code
 * untouched; never reaches a host.
 */
public final class Parked extends RuntimeException {
  private static final long serialVersionUID = 1L;

  private final transient Instant resumeAt;

  public Parked(String job, Instant resumeAt) {
    super(job + " is still preparing; parked until " + resumeAt, null, false, false);
    this.resumeAt = resumeAt;
  }

  public Instant resumeAt() {
    return resumeAt;
  }
}
