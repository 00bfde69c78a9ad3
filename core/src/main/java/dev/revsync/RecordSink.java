package dev.revsync;

/**
 * The host's side of a sync: receives records one at a time, then checkpoints.
 *
 * <p>{@link #checkpoint(Checkpoint)} is called only after every record before it was passed to
 * {@link #accept(Record)}. A host that persists the checkpoint after making those records durable
 * gets at-least-once delivery across crashes. Called from the syncing thread only.
 *
 * <pre>{@code
 * RecordSink sink = new RecordSink() {
 *   public void accept(Record record) {
 *     warehouse.upsert(record.id(), record.modifiedAt(), record.fields());  // idempotent by id
 *   }
 *   public void checkpoint(Checkpoint checkpoint) {
 *     warehouse.commit();                                   // the records before it are durable...
 *     store.put("tenant-42/Account", checkpoint.serialize()); // ...so the position may move
 *   }
 * };
 * }</pre>
 */
public interface RecordSink {
  /** Takes one record. Throwing stops the sync with {@link SyncResult.Status#FAILED}. */
  void accept(Record record);

  /** Every record before this checkpoint has been accepted; store it to resume from here. */
  default void checkpoint(Checkpoint checkpoint) {}
}
