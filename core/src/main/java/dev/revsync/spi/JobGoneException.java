package dev.revsync.spi;

import dev.revsync.VendorApiException;

/**
 * The system no longer knows a server-side job the checkpoint held (its results expired, or it was
 * deleted). {@link JobDownload#await} has already dropped the job from the checkpoint when this is
 * thrown, so nothing waits on it again; a connector catches it to start a new job from the same
 * cursor in the same sync. Uncaught, the sync ends FAILED and the next sync starts a new job.
 */
public final class JobGoneException extends VendorApiException {
  private static final long serialVersionUID = 1L;

  private final String jobId;

  /**
   * The job {@code jobId} of {@code system} is gone.
   *
   * @param job what the job is (such as {@code Bulk API 2.0 query job 750...}), the call
   * @param httpStatus the status the poll got (404, 410), or 0
   * @param message the system's words
   */
  public JobGoneException(String system, String job, String jobId, int httpStatus, String message) {
    super(
        system,
        job,
        httpStatus,
        "JOB_GONE",
        message == null || message.isBlank() ? "the system no longer knows the job" : message,
        "It was dropped from the checkpoint; the next sync starts a new job from the same cursor");
    this.jobId = jobId;
  }

  /** The id of the job that is gone. */
  public String jobId() {
    return jobId;
  }
}
