package dev.revsync.benchmarks;

import dev.revsync.Checkpoint;
import dev.revsync.Record;
import dev.revsync.RecordSink;

/**
 * The host's side of a measured sync, doing as little as a sink can: counts records, deletes and
 * checkpoints, and notes how many fields the first record had (to check the floor pulled the same
 * columns). Not thread-safe: one sync's thread.
 */
final class CountingSink implements RecordSink {
  private long records;
  private long deletes;
  private long checkpoints;
  private int fieldsPerRecord = -1;
  private long nullIds;

  @Override
  public void accept(Record record) {
    records++;
    if (record.isDeleted()) deletes++;
    if (record.id() == null) nullIds++;
    if (fieldsPerRecord < 0) fieldsPerRecord = record.fields().size();
  }

  @Override
  public void checkpoint(Checkpoint checkpoint) {
    checkpoints++;
  }

  long records() {
    return records;
  }

  long deletes() {
    return deletes;
  }

  long checkpoints() {
    return checkpoints;
  }

  int fieldsPerRecord() {
    return fieldsPerRecord;
  }

  long nullIds() {
    return nullIds;
  }
}
