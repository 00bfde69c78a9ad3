package dev.revsync.cli;

import dev.revsync.Checkpoint;
import dev.revsync.ConfigurationException;
import dev.revsync.Record;
import dev.revsync.RecordSink;
import dev.revsync.RevsyncException;
import dev.revsync.SyncResult;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.ByteBuffer;
import java.nio.channels.Channels;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.util.List;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.BlockingQueue;

/**
 * Writes records as JSON Lines and checkpoints beside them. Each record is encoded straight from
 * its values into a byte array ({@link JsonLinesEncoder}: no line string, no tree, field names
 * encoded once), which goes to the file in blocks of 64 KiB; the file is forced to disk at each
 * checkpoint, not per record. Encoding and writing run on a writer thread of their own, fed in
 * order through a small bounded queue of batches (a hand-over per record cost more than encoding
 * it: a lock and often a thread wake-up each), so the pull's thread goes on parsing meanwhile; a
 * batch goes at once when a checkpoint ends it, so a checkpoint waits for no later record; a
 * checkpoint is still saved only after every record before it is on disk, and {@link #finish} and
 * {@link #close} wait for the writer and report its failure. A checkpoint is written only after the
 * lines before it are forced to disk, and records the file's length then; a resumed sync cuts the
 * file back to that length, so records written after the last checkpoint are not duplicated. A file
 * shorter than its checkpoint says is refused, never padded.
 */
final class JsonLinesSink implements RecordSink, AutoCloseable {
  private final Path dataFile;
  private final Path checkpointFile;
  private static final int BLOCK = 1 << 16;

  /** Records (and checkpoints) per hand-over to the writer thread. */
  private static final int BATCH = 256;

  private final FileChannel data;
  private final OutputStream out;

  /** Encodes lines and holds those not yet written to the file. */
  private final JsonLinesEncoder encoder = new JsonLinesEncoder();

  private final Runnable onRecord;

  /** The length to cut the file back to before the first write; -1 once cut. */
  private long resumeAt;

  private long records;
  private long sinceCheckpoint;
  private Checkpoint saved;

  /**
   * Batches of records and checkpoints on their way to the writer thread, in order; bounded, so
   * memory stays small. Four are enough to ride out the writer's pauses; every record waiting here
   * is copied by each young collection, so a deeper queue costs collection time.
   */
  private final BlockingQueue<Object[]> queue = new ArrayBlockingQueue<>(4);

  /** The batch being filled on the pull's thread, and how many items it holds. */
  private Object[] batch = new Object[BATCH];

  private int inBatch;

  private Thread writer;
  private volatile RuntimeException failure;

  /**
   * Whether {@link #failure} has been thrown to the caller: it is thrown once (by the hand-over
   * that meets it, or by {@link #finish}), so the sync reports it and {@link #close} does not throw
   * it a second time (try-with-resources cannot add an exception to itself as suppressed).
   */
  private boolean failureThrown;

  private static final Object[] END = new Object[0];

  /** A checkpoint in the queue, saved once the records before it are written. */
  private record Mark(Checkpoint checkpoint) {}

  private JsonLinesSink(
      Path dataFile, Path checkpointFile, FileChannel data, long resumeAt, Runnable onRecord) {
    this.dataFile = dataFile;
    this.checkpointFile = checkpointFile;
    this.data = data;
    this.out = Channels.newOutputStream(data);
    this.resumeAt = resumeAt;
    this.onRecord = onRecord;
  }

  /**
   * Opens {@code dir/<object>.jsonl} to resume after its checkpoint. The file is checked against
   * the checkpoint before anything touches it, and cut back to the checkpoint's length only when
   * the first record or checkpoint is written: a sync that fails before it starts (a bad cursor,
   * say) leaves the file as it was.
   *
   * @throws ConfigurationException when the checkpoint is unreadable or the file is shorter than it
   *     says (moved away or cut by something else): padding the gap would corrupt the file
   */
  static JsonLinesSink open(Path dir, String object, Runnable onRecord) throws IOException {
    Files.createDirectories(dir);
    Path dataFile = dir.resolve(object + ".jsonl");
    Path cpFile = dir.resolve(object + ".checkpoint");
    long keep = Files.exists(cpFile) ? stored(cpFile).length : 0;
    long size = Files.exists(dataFile) ? Files.size(dataFile) : -1;
    if (keep > 0 && size < keep) {
      throw new ConfigurationException(
          "revsync",
          "sync " + object,
          dataFile
              + (size < 0 ? " is missing" : " has " + size + " bytes")
              + ", but its checkpoint "
              + cpFile
              + " says "
              + keep
              + " bytes of records were written",
          "Put the file back, or delete " + cpFile + " (or pass --full) to pull everything again",
          null);
    }
    FileChannel channel =
        FileChannel.open(dataFile, StandardOpenOption.CREATE, StandardOpenOption.WRITE);
    return new JsonLinesSink(dataFile, cpFile, channel, keep, onRecord);
  }

  /** The checkpoint a previous run left, or empty. */
  static Checkpoint stored(Path dir, String object) throws IOException {
    Path cpFile = dir.resolve(object + ".checkpoint");
    return Files.exists(cpFile) ? stored(cpFile).checkpoint : Checkpoint.EMPTY;
  }

  private record Stored(Checkpoint checkpoint, long length) {}

  /**
   * Reads a checkpoint file: the checkpoint's line, then the data file's length at that checkpoint.
   */
  private static Stored stored(Path cpFile) throws IOException {
    List<String> lines = Files.readAllLines(cpFile, StandardCharsets.UTF_8);
    if (lines.isEmpty()) return new Stored(Checkpoint.EMPTY, 0);
    Checkpoint checkpoint;
    long length;
    try {
      checkpoint = Checkpoint.parse(lines.get(0).trim());
    } catch (IllegalArgumentException e) {
      throw corrupt(
          cpFile, "its first line is not a revsync checkpoint (" + e.getMessage() + ")", e);
    }
    try {
      length = lines.size() > 1 ? Long.parseLong(lines.get(1).trim()) : 0;
    } catch (NumberFormatException e) {
      throw corrupt(cpFile, "its second line, the data file's length, is not a whole number", e);
    }
    if (length < 0)
      throw corrupt(cpFile, "it records a negative data file length (" + length + ")", null);
    return new Stored(checkpoint, length);
  }

  private static ConfigurationException corrupt(Path cpFile, String problem, Exception cause) {
    return new ConfigurationException(
        "revsync",
        "checkpoint " + cpFile,
        "cannot resume from it: " + problem,
        "Restore the file, or delete it (or pass --full) to pull everything again",
        cause);
  }

  long records() {
    return records;
  }

  @Override
  public void accept(Record record) {
    batch[inBatch++] = record;
    if (inBatch == BATCH) handOver();
    records++;
    onRecord.run();
  }

  @Override
  public void checkpoint(Checkpoint checkpoint) {
    batch[inBatch++] = new Mark(checkpoint);
    handOver();
  }

  /** Hands the batch being filled (if any) to the writer thread. */
  private void handOver() {
    if (inBatch == 0) return;
    Object[] full = inBatch == BATCH ? batch : java.util.Arrays.copyOf(batch, inBatch);
    batch = new Object[BATCH];
    inBatch = 0;
    enqueue(full);
  }

  private void enqueue(Object[] items) {
    throwFailure();
    if (writer == null) {
      writer = new Thread(this::writeLoop, "revsync-jsonl-writer");
      writer.setDaemon(true);
      writer.start();
    }
    try {
      queue.put(items);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException(
          "interrupted while handing a record to the JSON Lines writer", e);
    }
  }

  /**
   * The writer thread: writes what the queue brings, in order, until the end mark; after a failure,
   * drops the rest.
   */
  private void writeLoop() {
    while (true) {
      Object[] items;
      try {
        items = queue.take();
      } catch (InterruptedException e) {
        failure = new IllegalStateException("the JSON Lines writer was interrupted", e);
        return;
      }
      if (items == END) return;
      if (failure != null)
        continue; // keep taking, so the pull's thread never blocks on a full queue
      try {
        for (Object item : items) {
          if (item instanceof Record r) write(r);
          else save(((Mark) item).checkpoint());
        }
      } catch (RuntimeException e) {
        failure = e;
      }
    }
  }

  /** Waits until the writer thread has written everything handed over; rethrows its failure. */
  private void drain() {
    if (failure == null) handOver();
    if (writer != null) {
      try {
        queue.put(END);
        writer.join();
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        throw new IllegalStateException("interrupted while waiting for the JSON Lines writer", e);
      }
      writer = null;
    }
    throwFailure();
  }

  /** Throws the writer's failure if there is one and it has not been thrown yet. */
  private void throwFailure() {
    RuntimeException failed = failure;
    if (failed == null || failureThrown) return;
    failureThrown = true;
    throw failed;
  }

  private void write(Record record) {
    try {
      cutBack();
      encoder.encode(record);
      if (encoder.size() >= BLOCK) flush();
    } catch (IOException e) {
      throw cannotWrite(dataFile, e);
    }
    sinceCheckpoint++;
  }

  private void save(Checkpoint checkpoint) {
    try {
      cutBack();
      flush();
      data.force(false);
    } catch (IOException e) {
      throw cannotWrite(dataFile, e);
    }
    try {
      Path tmp = checkpointFile.resolveSibling(checkpointFile.getFileName() + ".tmp");
      try (FileChannel c =
          FileChannel.open(
              tmp,
              StandardOpenOption.CREATE,
              StandardOpenOption.WRITE,
              StandardOpenOption.TRUNCATE_EXISTING)) {
        c.write(
            ByteBuffer.wrap(
                (checkpoint.serialize() + "\n" + data.position() + "\n")
                    .getBytes(StandardCharsets.UTF_8)));
        c.force(true);
      }
      Files.move(
          tmp, checkpointFile, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
      saved = checkpoint;
      sinceCheckpoint = 0;
    } catch (IOException e) {
      throw cannotWrite(checkpointFile, e);
    }
  }

  /**
   * Saves a sync's final checkpoint where it covers every record written: always for a COMPLETED
   * sync; for one that stopped (FAILED, out of budget) only if no record came after the last
   * checkpoint the sink saved. Its result carries that last real checkpoint, so saving it with the
   * file's current length would keep the records after it and the next run would pull them again.
   *
   * @return {@code result}, or FAILED with the reason when the last lines or the checkpoint could
   *     not be written (the sync itself had finished)
   */
  SyncResult finish(SyncResult result) {
    try {
      drain();
      if (failure != null) return result; // the sync has reported it; no checkpoint after it
      boolean covers = result.status() == SyncResult.Status.COMPLETED || sinceCheckpoint == 0;
      if (covers && !result.checkpoint().equals(saved)) save(result.checkpoint());
      return result;
    } catch (RuntimeException e) {
      RevsyncException reason =
          e instanceof RevsyncException r
              ? r
              : new RevsyncException("revsync", "write " + dataFile, e.toString(), null, e);
      return SyncResult.builder(result.object(), SyncResult.Status.FAILED)
          .records(result.records())
          .deletes(result.deletes())
          .callsSpent(result.callsSpent())
          .checkpoint(saved != null ? saved : Checkpoint.EMPTY)
          .failure(reason)
          .build();
    }
  }

  private void cutBack() throws IOException {
    if (resumeAt < 0) return;
    data.truncate(resumeAt);
    data.position(resumeAt);
    resumeAt = -1;
  }

  /**
   * A write or save the file system refused (a full disk, a file made read-only): the sync stops
   * FAILED; the data file keeps what was written up to the last checkpoint saved, which the next
   * run resumes from.
   */
  private static RevsyncException cannotWrite(Path file, IOException e) {
    return new RevsyncException(
        "revsync",
        "write " + file,
        "cannot write: " + e,
        "Free space on its disk (or check its permissions), or pass another --out, and run again:"
            + " the sync resumes from its last checkpoint",
        e);
  }

  private void flush() throws IOException {
    encoder.writeTo(out);
  }

  @Override
  public void close() throws IOException {
    try {
      drain();
    } finally {
      // After a failed write the lines still held would follow a gap, so they are not written.
      if (resumeAt < 0 && failure == null) flush();
      data.close();
    }
  }
}
