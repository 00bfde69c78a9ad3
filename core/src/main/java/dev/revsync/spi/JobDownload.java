package dev.revsync.spi;

import dev.revsync.Checkpoint;
import dev.revsync.ProtocolException;
import dev.revsync.SyncResult;
import dev.revsync.VendorApiException;
import java.time.Duration;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.Objects;

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
 * run.checkpoint(run.checkpoint()
 *     .without(Checkpoint.JOB_ID, Checkpoint.JOB_STARTED, Checkpoint.JOB_POSITION)
 *     .with(Checkpoint.CURSOR, max));
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
   * Waits for the job at the checkpoint's {@link Checkpoint#JOB_ID}, as {@link #await(SyncRun,
   * JobPoller, String, String, Instant, Duration, JobPoller.Poll)} with no start time and no
   * estimate of its own.
   */
  public static <T> T await(
      SyncRun run, JobPoller poller, String jobId, String job, JobPoller.Poll<T> poll) {
    return await(run, poller, jobId, job, null, null, poll);
  }

  /**
   * Waits for a job until it is done and returns the value of the poll that found it done; the
   * cadence is {@code poller}'s ({@link JobPoller}), stopping at the run's deadline.
   *
   * <p><b>Start time.</b> The first time it sees the job at the checkpoint's {@link
   * Checkpoint#JOB_ID}, it writes {@link Checkpoint#JOB_STARTED} (now) beside it, so the cadence
   * survives a restart and the next night; a job with no start time yet is one just created, and is
   * never polled at once. For a job the connector keeps under keys of its own, pass {@code
   * startedAt} (null: just created).
   *
   * <p><b>Parking.</b> When the request {@linkplain dev.revsync.SyncRequest#parkJobs() parks}, a
   * job just created parks at once, without a poll; a resumed one is polled once: done → the value
   * is returned (download in the same call), still running → the sync ends PARKED with the time of
   * the next poll. The checkpoint must already hold the job, so a restart resumes it.
   *
   * <p><b>Failed or gone.</b> A job that failed, or that the system no longer knows ({@link
   * JobPoller.Status#gone}, or a {@link JobGoneException} out of the poll), is first dropped from
   * the checkpoint (its {@link Checkpoint#JOB_ID}, {@link Checkpoint#JOB_STARTED} and {@link
   * Checkpoint#JOB_POSITION}, when the checkpoint's job is this one), so the next sync starts a new
   * job instead of waiting on a dead one; then the {@link VendorApiException} (or the {@link
   * JobGoneException}, which the connector may catch to start a new job at once) is thrown.
   *
   * <p>The sync's result reports the wait ({@link dev.revsync.SyncResult#jobWait()}) and the calls
   * its polls cost ({@link dev.revsync.SyncResult#jobPollCalls()}).
   *
   * @param job what the job is, for errors and reports (such as {@code Bulk API 2.0 query job
   *     750...})
   * @param startedAt when a job kept outside {@link Checkpoint#JOB_ID} started; null otherwise
   * @param estimate the connector's own estimate of the preparation time (from a size it knows);
   *     null for none. The request's {@link dev.revsync.SyncRequest#expectedJobTime()} wins.
   */
  public static <T> T await(
      SyncRun run,
      JobPoller poller,
      String jobId,
      String job,
      Instant startedAt,
      Duration estimate,
      JobPoller.Poll<T> poll) {
    Objects.requireNonNull(jobId, "jobId");
    Instant now = run.clock().instant();
    boolean atJobId = jobId.equals(run.checkpoint().get(Checkpoint.JOB_ID));
    Instant started = startedAt;
    if (started == null && atJobId) started = instant(run.checkpoint().get(Checkpoint.JOB_STARTED));
    boolean fresh = started == null;
    if (fresh) {
      started = now;
      if (atJobId) {
        run.checkpoint(run.checkpoint().with(Checkpoint.JOB_STARTED, started.toString()));
      }
    }
    Duration expected = run.request().expectedJobTime().orElse(estimate);
    JobPoller.Wait wait =
        new JobPoller.Wait(
            run.system(),
            jobId,
            job,
            started,
            fresh,
            expected,
            run.request().deadline(),
            run.request().parkJobs());
    SyncResult.JobWait.State[] state = {SyncResult.JobWait.State.PREPARING};
    int[] polls = {0};
    Instant[] readyAt = {null};
    long[] before = {0};
    JobPoller.Poll<T> counted =
        () -> {
          before[0] = run.callsSoFar();
          try {
            return poll.poll();
          } finally {
            polls[0]++;
            run.jobPollCalls(run.callsSoFar() - before[0]);
          }
        };
    try {
      T value =
          poller.await(
              wait,
              counted,
              (status, at) -> {
                if (status.state() == JobPoller.State.DONE) readyAt[0] = at;
              });
      state[0] = SyncResult.JobWait.State.READY;
      return value;
    } catch (JobGoneException gone) {
      state[0] = SyncResult.JobWait.State.GONE;
      dropJob(run, jobId);
      run.jobGone(jobId);
      throw gone;
    } catch (VendorApiException failed) {
      state[0] = SyncResult.JobWait.State.FAILED;
      dropJob(run, jobId);
      throw failed;
    } finally {
      SyncResult.JobWait.Builder b =
          SyncResult.JobWait.builder(jobId, job, started).state(state[0]).polls(polls[0]);
      if (readyAt[0] != null) b.preparedIn(Duration.between(started, readyAt[0]));
      run.jobWait(b);
    }
  }

  private static void dropJob(SyncRun run, String jobId) {
    if (jobId.equals(run.checkpoint().get(Checkpoint.JOB_ID))) {
      run.checkpoint(
          run.checkpoint()
              .without(Checkpoint.JOB_ID, Checkpoint.JOB_STARTED, Checkpoint.JOB_POSITION));
    }
  }

  private static Instant instant(String value) {
    if (value == null) return null;
    try {
      return Instant.parse(value);
    } catch (DateTimeParseException e) {
      return null; // unreadable: the job counts as just seen, which costs at most one wait
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
