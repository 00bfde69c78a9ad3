package dev.revsync.cli;

import dev.revsync.Checkpoint;
import dev.revsync.Record;
import dev.revsync.RecordSink;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.util.List;

/**
 * Writes records as JSON Lines and checkpoints beside them. A checkpoint is written only after
 * the lines before it are forced to disk, and records the file's length then; a resumed sync cuts
 * the file back to that length, so records written after the last checkpoint are not duplicated.
 */
final class JsonLinesSink implements RecordSink, AutoCloseable {
  private final Path checkpointFile;
  private final FileChannel data;
  private final ByteBuffer buffer = ByteBuffer.allocate(1 << 16);
  private final Runnable onRecord;
  private long records;

  private JsonLinesSink(Path checkpointFile, FileChannel data, Runnable onRecord) {
    this.checkpointFile = checkpointFile;
    this.data = data;
    this.onRecord = onRecord;
  }

  /** Opens {@code dir/<object>.jsonl}, cut back to the last checkpoint's length, and returns the checkpoint. */
  static JsonLinesSink open(Path dir, String object, Runnable onRecord) throws IOException {
    Files.createDirectories(dir);
    Path dataFile = dir.resolve(object + ".jsonl");
    Path cpFile = dir.resolve(object + ".checkpoint");
    FileChannel channel = FileChannel.open(dataFile, StandardOpenOption.CREATE, StandardOpenOption.WRITE);
    long keep = 0;
    if (Files.exists(cpFile)) {
      List<String> lines = Files.readAllLines(cpFile, StandardCharsets.UTF_8);
      keep = lines.size() > 1 ? Long.parseLong(lines.get(1).trim()) : 0;
    }
    channel.truncate(keep);
    channel.position(keep);
    return new JsonLinesSink(cpFile, channel, onRecord);
  }

  /** The checkpoint a previous run left, or empty. */
  static Checkpoint stored(Path dir, String object) throws IOException {
    Path cpFile = dir.resolve(object + ".checkpoint");
    if (!Files.exists(cpFile)) return Checkpoint.EMPTY;
    List<String> lines = Files.readAllLines(cpFile, StandardCharsets.UTF_8);
    return lines.isEmpty() ? Checkpoint.EMPTY : Checkpoint.parse(lines.get(0).trim());
  }

  long records() {
    return records;
  }

  @Override
  public void accept(Record record) {
    byte[] line = (Json.line(record) + "\n").getBytes(StandardCharsets.UTF_8);
    try {
      if (line.length > buffer.remaining()) flush();
      if (line.length > buffer.capacity()) {
        ByteBuffer big = ByteBuffer.wrap(line);
        while (big.hasRemaining()) data.write(big);
      } else {
        buffer.put(line);
      }
    } catch (IOException e) {
      throw new UncheckedIOException("cannot write " + record.object() + ".jsonl", e);
    }
    records++;
    onRecord.run();
  }

  @Override
  public void checkpoint(Checkpoint checkpoint) {
    try {
      flush();
      data.force(false);
      Path tmp = checkpointFile.resolveSibling(checkpointFile.getFileName() + ".tmp");
      try (FileChannel c = FileChannel.open(tmp, StandardOpenOption.CREATE, StandardOpenOption.WRITE,
          StandardOpenOption.TRUNCATE_EXISTING)) {
        c.write(ByteBuffer.wrap((checkpoint.serialize() + "\n" + data.position() + "\n").getBytes(StandardCharsets.UTF_8)));
        c.force(true);
      }
      Files.move(tmp, checkpointFile, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
    } catch (IOException e) {
      throw new UncheckedIOException("cannot save checkpoint " + checkpointFile, e);
    }
  }

  private void flush() throws IOException {
    buffer.flip();
    while (buffer.hasRemaining()) data.write(buffer);
    buffer.clear();
  }

  @Override
  public void close() throws IOException {
    flush();
    data.close();
  }
}
