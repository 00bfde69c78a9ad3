package dev.revsync.spi;

import dev.revsync.Checkpoint;
import dev.revsync.ProtocolException;
import dev.revsync.VendorApiException;

/**
 * The resumable half of a BATCH/BULK pull: wait for a job whose id is already in the checkpoint,
 * then download its result pages, checkpointing the job id and the next page's position after every
 * page, so a sync stopped by the budget, the window or a crash resumes the same job's download
 * instead of starting a new job.
 *
 * <p>Positions are opaque strings the connector defines: Salesforce Bulk API 2.0 uses the {@code
 * Sforce-Locator} (null for the first chunk; the page returns null when the header says {@code
 * "null"}); Eloqua uses the offset ({@code "0"}, {@code "50000"}, ...; the page returns null when
 * {@code hasMore} is false).
 *
 * <pre>{@code
 * Checkpoint saved = run.checkpoint();
 * String jobId = saved.get(Checkpoint.JOB_ID);
 * if (jobId == null) {
 *   jobId = createJob();                          // one call
 *   run.checkpoint(saved.with(Checkpoint.JOB_ID, jobId));  // a crash now resumes this job
 * }
 * JobDownload.await(run, poller, jobId, "Bulk API 2.0 query job " + jobId, () -> pollJob(jobId));
 * JobDownload.pages(run, jobId, saved.get(Checkpoint.JOB_POSITION), locator -> readChunk(jobId, locator));
 * run.checkpoint(run.checkpoint().without(Checkpoint.JOB_ID, Checkpoint.JOB_POSITION).with(Checkpoint.CURSOR, max));
 * }</pre>
 *
 * <p>Thread-safe: holds no state.
 */
public final class JobDownload {

  /**
   * Fetches one page and hands its records to the run; returns the next page's position, or null
   * after the last.
   */
  @FunctionalInterface
  public interface Page {
    String fetch(String position) throws Exception;
  }

  private JobDownload() {}

  /**
   * Waits with {@code poller} until the job is done, stopping at the run's deadline. When the job
   * failed, first drops the job's entries from the checkpoint (so the next sync starts a new job
   * instead of waiting on a dead one), then throws the poller's {@link
   * dev.revsync.VendorApiException}.
   *
   * @param job what the job is, for errors (such as {@code Bulk API 2.0 query job 750...})
   */
  public static <T> T await(
      SyncRun run, JobPoller poller, String jobId, String job, JobPoller.Poll<T> poll) {
    try {
      return poller.await(run.system(), job, poll, run.request().deadline());
    } catch (VendorApiException failed) {
      if (jobId.equals(run.checkpoint().get(Checkpoint.JOB_ID))) {
        run.checkpoint(run.checkpoint().without(Checkpoint.JOB_ID, Checkpoint.JOB_POSITION));
      }
      throw failed;
    }
  }

  /**
   * Downloads pages from {@code fromPosition} (null for the first page) until a page returns null.
   * Calls {@link SyncRun#checkContinue()} before each page, and after each page that has a
   * successor checkpoints {@link Checkpoint#JOB_ID} and {@link Checkpoint#JOB_POSITION} (the next
   * position). After the last page the caller writes the final checkpoint (the cursor advanced, the
   * job's entries dropped); until then a resume repeats only the last page.
   *
   * @return how many pages were fetched
   */
  public static int pages(SyncRun run, String jobId, String fromPosition, Page page)
      throws Exception {
    int pages = 0;
    String position = fromPosition;
    while (true) {
      run.checkContinue();
      String next = page.fetch(position);
      pages++;
      if (next == null) return pages;
      if (next.equals(position)) {
        throw new ProtocolException(
            run.system(),
            "download of job " + jobId,
            "the page at position " + position + " named itself as the next page",
            "Stopped instead of looping; retry the sync, and if"
                + " it keeps happening report it to the system's support",
            null);
      }
      run.checkpoint(
          run.checkpoint().with(Checkpoint.JOB_ID, jobId).with(Checkpoint.JOB_POSITION, next));
      position = next;
    }
  }
}
