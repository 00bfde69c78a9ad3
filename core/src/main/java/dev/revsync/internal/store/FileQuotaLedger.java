package dev.revsync.internal.store;

import dev.revsync.QuotaLedger;
import java.io.IOException;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.LocalDate;
import java.util.Objects;
import java.util.concurrent.ConcurrentHashMap;
import java.util.stream.Stream;

/**
 * A {@link QuotaLedger} in files: one count file per connection and UTC day holding how many calls
 * have been <em>reserved</em>. A process reserves a block of calls (up to {@code block}, and no
 * more than 2% of the ceiling) (raising the count under a file lock, writing it atomically and
 * forcing it to disk) before it grants any call from that block; grants from the block are then
 * counted in memory. A crash loses at most the unused part of a block — counted as spent — and can
 * never hand out more than the budget: the count on disk is always at least the calls granted.
 *
 * <p>Each grant is a position in the day's sequence of calls, and a position at or above the
 * ceiling is never granted; so several processes sharing the directory stay under the budget too
 * (each other's unused blocks count as spent).
 *
 * <p>Thread-safe.
 */
final class FileQuotaLedger implements QuotaLedger {
  /**
   * One lock object per lock file for the whole JVM: a FileLock cannot be taken twice in one JVM.
   */
  private static final ConcurrentHashMap<Path, Object> JVM_LOCKS = new ConcurrentHashMap<>();

  private static final int DAYS_KEPT = 7;

  private final Path dir;
  private final int block;
  private final ConcurrentHashMap<Key, Block> blocks = new ConcurrentHashMap<>();
  private volatile LocalDate newestDay = LocalDate.MIN;

  FileQuotaLedger(Path dir, int block) throws IOException {
    if (block < 1) throw new IllegalArgumentException("ledger block must be at least 1: " + block);
    this.dir = dir;
    this.block = block;
    AtomicFiles.createDirectories(dir);
  }

  @Override
  public boolean tryIncrement(String connectionId, LocalDate day, long ceiling) {
    if (ceiling <= 0) return false;
    newDay(day);
    Key key = new Key(connectionId, day);
    Block b = blocks.computeIfAbsent(key, k -> new Block());
    synchronized (b) {
      if (b.next < b.end) {
        if (b.next >= ceiling) return false;
        b.next++;
        return true;
      }
      return reserve(key, b, ceiling);
    }
  }

  @Override
  public long spent(String connectionId, LocalDate day) {
    Key key = new Key(connectionId, day);
    long reserved = read(countFile(key));
    Block b = blocks.get(key);
    if (b != null) {
      synchronized (b) {
        // While this process holds the newest block, its unused part is not spent.
        if (b.end == reserved) return reserved - (b.end - b.next);
      }
    }
    return reserved;
  }

  /** Raises the reserved count on disk, then grants the first call of the new block. */
  private boolean reserve(Key key, Block b, long ceiling) {
    Path count = countFile(key);
    Path lockFile = count.resolveSibling(count.getFileName() + ".lock");
    synchronized (JVM_LOCKS.computeIfAbsent(lockFile, p -> new Object())) {
      try {
        AtomicFiles.createDirectories(count.getParent());
        try (FileChannel channel =
            FileChannel.open(lockFile, StandardOpenOption.CREATE, StandardOpenOption.WRITE)) {
          FileLock lock = channel.lock(); // other processes sharing the directory wait here
          try {
            long reserved = read(count);
            if (reserved >= ceiling) return false;
            // Small budgets reserve less, so a crash wastes at most ~2% of them.
            long size = Math.max(1, Math.min(block, ceiling / 50));
            long end = Math.min(ceiling, reserved + size);
            // On disk before any call of the block is granted: a crash can waste it, never
            // overspend.
            AtomicFiles.write(count, end + "\n");
            b.next = reserved + 1;
            b.end = end;
            return true;
          } finally {
            lock.release();
          }
        }
      } catch (IOException e) {
        throw FileCheckpointStore.failure("quota reserve", count, e);
      }
    }
  }

  private long read(Path count) {
    try {
      return Long.parseLong(AtomicFiles.read(count).trim());
    } catch (NoSuchFileException e) {
      return 0;
    } catch (IOException e) {
      throw FileCheckpointStore.failure("quota read", count, e);
    } catch (NumberFormatException e) {
      throw new dev.revsync.RevsyncException(
          "revsync",
          "FileQuotaLedger read " + count,
          "the budget count file is not a number",
          "Restore it, or delete it to count the day's calls from 0",
          e);
    }
  }

  private Path countFile(Key key) {
    return dir.resolve(key.day.toString()).resolve(SafeNames.encode(key.connectionId) + ".count");
  }

  /** The first call of a new day drops blocks before yesterday, and files beyond a week. */
  private void newDay(LocalDate day) {
    if (!day.isAfter(newestDay)) return;
    synchronized (this) {
      if (!day.isAfter(newestDay)) return;
      newestDay = day;
    }
    blocks
        .keySet()
        .removeIf(k -> k.day.isBefore(day.minusDays(1))); // yesterday may still be asked about
    LocalDate oldest = day.minusDays(DAYS_KEPT);
    try (Stream<Path> days = Files.list(dir)) {
      for (Path d : (Iterable<Path>) days::iterator) {
        LocalDate date;
        try {
          date = LocalDate.parse(d.getFileName().toString());
        } catch (RuntimeException e) {
          continue;
        }
        if (date.isBefore(oldest)) deleteTree(d);
      }
    } catch (IOException e) {
      // Old days are only clutter.
    }
  }

  private static void deleteTree(Path d) throws IOException {
    try (Stream<Path> files = Files.list(d)) {
      for (Path f : (Iterable<Path>) files::iterator) Files.deleteIfExists(f);
    }
    Files.deleteIfExists(d);
  }

  private record Key(String connectionId, LocalDate day) {
    // Written out: a record's generated equals and hashCode are bootstrapped through method
    // handles on first use, a cost every run of the command-line tool paid at its start.
    @Override
    public boolean equals(Object o) {
      return o instanceof Key k
          && Objects.equals(connectionId, k.connectionId)
          && Objects.equals(day, k.day);
    }

    @Override
    public int hashCode() {
      return 31 * Objects.hashCode(connectionId) + Objects.hashCode(day);
    }
  }

  /** This process's block of granted positions: next grant is {@code next}, up to {@code end}. */
  private static final class Block {
    long next;
    long end;
  }
}
