package dev.revsync.internal.store;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.util.concurrent.ThreadLocalRandom;

/**
 * Replaces a file so that a crash at any point leaves either the old content or the new, never a
 * mix: write a temporary file beside it, force it to disk, rename it over the target atomically,
 * then force the directory so the rename itself survives a power cut.
 *
 * <p>Thread-safe: each write uses its own temporary file.
 */
final class AtomicFiles {
  /**
   * Temporary files start with this and end with {@link #TEMP_SUFFIX}; leftovers of a crash are
   * ignored.
   */
  static final String TEMP_PREFIX = ".rs-";

  static final String TEMP_SUFFIX = ".tmp";

  private AtomicFiles() {}

  static void write(Path target, String content) throws IOException {
    Path dir = target.getParent();
    Path temp =
        dir.resolve(
            TEMP_PREFIX
                + target.getFileName()
                + "-"
                + Long.toHexString(ThreadLocalRandom.current().nextLong())
                + TEMP_SUFFIX);
    try {
      try (FileChannel channel =
          FileChannel.open(temp, StandardOpenOption.CREATE_NEW, StandardOpenOption.WRITE)) {
        ByteBuffer bytes = ByteBuffer.wrap(content.getBytes(StandardCharsets.UTF_8));
        while (bytes.hasRemaining()) channel.write(bytes);
        channel.force(true);
      }
      try {
        Files.move(
            temp, target, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
      } catch (AtomicMoveNotSupportedException e) {
        throw new IOException(
            "the file system of "
                + dir
                + " cannot rename atomically; keep the store on a local disk",
            e);
      }
      forceDirectory(dir);
    } finally {
      Files.deleteIfExists(temp);
    }
  }

  static String read(Path file) throws IOException {
    return Files.readString(file, StandardCharsets.UTF_8);
  }

  static void delete(Path file) throws IOException {
    if (Files.deleteIfExists(file)) forceDirectory(file.getParent());
  }

  /** Creates {@code dir} and its parents, forcing each new entry to disk. */
  static void createDirectories(Path dir) throws IOException {
    if (Files.isDirectory(dir)) return;
    createDirectories(dir.getParent());
    try {
      Files.createDirectory(dir);
    } catch (java.nio.file.FileAlreadyExistsException e) {
      if (!Files.isDirectory(dir)) throw e;
      return;
    }
    forceDirectory(dir.getParent());
  }

  /**
   * Makes a directory's entries (a rename, a new file) durable; a no-op where the platform cannot.
   */
  static void forceDirectory(Path dir) {
    try (FileChannel channel = FileChannel.open(dir, StandardOpenOption.READ)) {
      channel.force(true);
    } catch (IOException | UnsupportedOperationException e) {
      // Windows cannot open a directory as a channel; NTFS journals the rename itself.
    }
  }

  static boolean isTemp(Path file) {
    String name = file.getFileName().toString();
    return name.startsWith(TEMP_PREFIX) && name.endsWith(TEMP_SUFFIX);
  }
}
