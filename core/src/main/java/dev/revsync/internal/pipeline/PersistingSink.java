package dev.revsync.internal.pipeline;

import dev.revsync.Activity;
import dev.revsync.Checkpoint;
import dev.revsync.QuotaPolicy;
import dev.revsync.Record;
import dev.revsync.RecordSink;
import dev.revsync.SyncResult;
import dev.revsync.pipeline.CheckpointStore;
import dev.revsync.pipeline.PipelineListener;
import java.time.Clock;
import java.time.Instant;
import java.util.Objects;

/**
 * Stands between a connector and the host's sink: forwards records, and saves each checkpoint in
 * the store only after the host's {@link RecordSink#checkpoint} returned, so the host made the
 * records before it durable first. A crash between the two replays at most the page in flight.
 *
 * <p>Not thread-safe: it belongs to the thread running one pull.
 */
final class PersistingSink implements RecordSink {
  private final RecordSink host;
  private final CheckpointStore store;
  private final String tenant;
  private final String connector;
  private final String object;
  private final String connectionId;
  private final QuotaPolicy policy;
  private final Clock clock;
  private final PipelineListener listener;
  private final long spentAtStart;

  /** Where this pull started (not always what the store held: a FULL pull restarts from empty). */
  private final Checkpoint start;

  private long records;
  private long deletes;

  /** The last checkpoint the host's sink took (its records are durable); null before the first. */
  private Checkpoint acked;

  /** What the store holds for this object now. */
  private CheckpointStore.Entry saved;

  PersistingSink(
      RecordSink host,
      CheckpointStore store,
      String tenant,
      String connector,
      String object,
      String connectionId,
      QuotaPolicy policy,
      Clock clock,
      PipelineListener listener,
      Checkpoint start,
      CheckpointStore.Entry saved) {
    this.host = host;
    this.store = store;
    this.tenant = tenant;
    this.connector = connector;
    this.object = object;
    this.connectionId = connectionId;
    this.policy = policy;
    this.clock = clock;
    this.listener = listener;
    this.start = start;
    this.saved = saved;
    this.spentAtStart = policy.spent(connectionId, clock.instant());
  }

  @Override
  public void accept(Record record) {
    host.accept(record);
    records++;
    if (record.isDeleted()) deletes++;
  }

  @Override
  public void checkpoint(Checkpoint checkpoint) {
    Objects.requireNonNull(checkpoint, "checkpoint");
    host.checkpoint(checkpoint);
    acked = checkpoint;
    Instant now = clock.instant();
    save(new CheckpointStore.Entry(checkpoint, true, now));
    listener.progress(
        new PipelineListener.Progress(
            tenant,
            connector,
            object,
            records,
            policy.spent(connectionId, now) - spentAtStart,
            policy.remaining(connectionId, Activity.SYNC, now)));
  }

  /**
   * Saves where the pull ended. A result checkpoint the host has not taken yet is handed to the
   * host first (every record before it was accepted by the time the sync returned). After a failure
   * only what the host took is saved.
   *
   * @param result the sync's result, or null when the sync threw
   */
  void finish(SyncResult result) {
    boolean backlog = result == null || result.status() != SyncResult.Status.COMPLETED;
    if (result != null
        && result.status() != SyncResult.Status.FAILED
        && !result.checkpoint().equals(acked)) {
      host.checkpoint(result.checkpoint());
      acked = result.checkpoint();
    }
    saveEnd(backlog);
  }

  /** After the sync or {@link #finish} threw: keep what the host took, marked as backlog. */
  void finishAfterFailure() {
    saveEnd(true);
  }

  private void saveEnd(boolean backlog) {
    Checkpoint end = acked != null ? acked : start;
    if (saved != null && saved.checkpoint().equals(end) && saved.backlog() == backlog) return;
    // savedAt says when the pull last made progress; a run that made none keeps the old time.
    Instant savedAt =
        acked != null ? clock.instant() : saved != null ? saved.savedAt() : Instant.EPOCH;
    save(new CheckpointStore.Entry(end, backlog, savedAt));
  }

  private void save(CheckpointStore.Entry entry) {
    store.save(tenant, connector, object, entry);
    saved = entry;
  }

  long records() {
    return records;
  }

  long deletes() {
    return deletes;
  }

  long spentSinceStart() {
    return policy.spent(connectionId, clock.instant()) - spentAtStart;
  }
}
