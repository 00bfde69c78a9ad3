package dev.revsync;

/** Whether a sync reads everything or only what changed since its checkpoint. */
public enum SyncMode {
  /** Every record of the object, from the start (the checkpoint's cursor is ignored). */
  FULL,
  /**
   * Records created, changed or deleted after the checkpoint's cursor. Without a checkpoint this
   * reads everything, like {@link #FULL}, and returns the first cursor.
   */
  INCREMENTAL
}
