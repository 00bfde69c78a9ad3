package dev.revsync.internal.store;

import dev.revsync.Checkpoint;
import dev.revsync.QuotaLedger;
import dev.revsync.RevsyncException;
import dev.revsync.pipeline.CheckpointStore;
import dev.revsync.pipeline.SubmittedWrite;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.stream.Stream;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The embedded {@link CheckpointStore}: one small file per object checkpoint and per submitted
 * write, each replaced atomically ({@link AtomicFiles}); the day's budget counts in a {@link
 * FileQuotaLedger} beside them.
 *
 * <pre>
 * dir/checkpoints/&lt;tenant&gt;/&lt;connector&gt;/&lt;object&gt;.cp
 * dir/writes/&lt;tenant&gt;/&lt;connector&gt;/&lt;write id&gt;.write
 * dir/quota/&lt;yyyy-mm-dd&gt;/&lt;connection id&gt;.count
 * dir/limits/&lt;tenant&gt;/&lt;connector&gt;.limits
 * dir/figures/&lt;tenant&gt;/&lt;connector&gt;/&lt;object&gt;.figures
 * </pre>
 *
 * <p>Thread-safe. Several processes may share a directory as long as they pull different
 * connections; they may share budgets (the ledger locks its files).
 */
public final class FileCheckpointStore implements CheckpointStore {
  /**
   * Calls the ledger reserves at a time: at most this many of a day's budget are lost to a crash.
   */
  public static final int DEFAULT_LEDGER_BLOCK = 10;

  private static final Logger log = LoggerFactory.getLogger(FileCheckpointStore.class);
  private static final String HEADER = "revsync checkpoint v1";
  private static final String LIMITS_HEADER = "revsync limits v1";
  private static final String FIGURES_HEADER = "revsync figures v1";
  private static final Duration STALE_TEMP = Duration.ofHours(1);

  private final Path checkpoints;
  private final Path writes;
  private final Path limits;
  private final Path figures;
  private final FileQuotaLedger ledger;

  public FileCheckpointStore(Path directory, int ledgerBlock) {
    Objects.requireNonNull(directory, "directory");
    Path root = directory.toAbsolutePath().normalize();
    this.checkpoints = root.resolve("checkpoints");
    this.writes = root.resolve("writes");
    this.limits = root.resolve("limits");
    this.figures = root.resolve("figures");
    try {
      AtomicFiles.createDirectories(checkpoints);
      AtomicFiles.createDirectories(writes);
      this.ledger = new FileQuotaLedger(root.resolve("quota"), ledgerBlock);
    } catch (IOException e) {
      throw failure("open", root, e);
    }
    removeStaleTemps(root);
  }

  @Override
  public Optional<Entry> load(String tenant, String connector, String object) {
    Path file = checkpointFile(tenant, connector, object);
    String text;
    try {
      text = AtomicFiles.read(file);
    } catch (NoSuchFileException e) {
      return Optional.empty();
    } catch (IOException e) {
      throw failure("load", file, e);
    }
    String[] lines = text.split("\n", -1);
    if (lines.length < 4
        || !lines[0].equals(HEADER)
        || !lines[1].startsWith("backlog=")
        || !lines[2].startsWith("savedAt=")) {
      throw corrupt(file, "it does not start with '" + HEADER + "', backlog= and savedAt=");
    }
    try {
      return Optional.of(
          new Entry(
              Checkpoint.parse(lines[3]),
              Boolean.parseBoolean(lines[1].substring(8)),
              Instant.parse(lines[2].substring(8))));
    } catch (IllegalArgumentException | java.time.format.DateTimeParseException e) {
      throw corrupt(file, e.getMessage());
    }
  }

  @Override
  public void save(String tenant, String connector, String object, Entry entry) {
    Path file = checkpointFile(tenant, connector, object);
    try {
      AtomicFiles.createDirectories(file.getParent());
      AtomicFiles.write(
          file,
          HEADER
              + "\nbacklog="
              + entry.backlog()
              + "\nsavedAt="
              + entry.savedAt()
              + "\n"
              + entry.checkpoint().serialize()
              + "\n");
    } catch (IOException e) {
      throw failure("save", file, e);
    }
  }

  @Override
  public void delete(String tenant, String connector, String object) {
    Path file = checkpointFile(tenant, connector, object);
    try {
      AtomicFiles.delete(file);
    } catch (IOException e) {
      throw failure("delete", file, e);
    }
  }

  @Override
  public QuotaLedger quotaLedger() {
    return ledger;
  }

  @Override
  public void saveWrite(SubmittedWrite write) {
    Path file = writeFile(write.tenant(), write.connector(), write.id());
    try {
      AtomicFiles.createDirectories(file.getParent());
      AtomicFiles.write(file, WriteCodec.encode(write));
    } catch (IOException e) {
      throw failure("saveWrite", file, e);
    }
  }

  @Override
  public Optional<SubmittedWrite> write(String id) {
    String name = SafeNames.encode(id) + ".write";
    try (Stream<Path> files =
        Files.find(
            writes, 3, (p, a) -> a.isRegularFile() && p.getFileName().toString().equals(name))) {
      for (Path file : (Iterable<Path>) files::iterator) {
        SubmittedWrite write = readWrite(file);
        if (write != null && write.id().equals(id)) return Optional.of(write);
      }
      return Optional.empty();
    } catch (IOException e) {
      throw failure("write", writes, e);
    }
  }

  @Override
  public List<SubmittedWrite> writes(String tenant, String connector) {
    Path dir = writes.resolve(SafeNames.encode(tenant)).resolve(SafeNames.encode(connector));
    List<SubmittedWrite> found = new ArrayList<>();
    try (Stream<Path> files = Files.list(dir)) {
      for (Path file : (Iterable<Path>) files::iterator) {
        if (!file.getFileName().toString().endsWith(".write") || AtomicFiles.isTemp(file)) continue;
        SubmittedWrite write = readWrite(file);
        if (write != null) found.add(write);
      }
    } catch (NoSuchFileException e) {
      return List.of();
    } catch (IOException e) {
      throw failure("writes", dir, e);
    }
    found.sort(Comparator.comparing(SubmittedWrite::submittedAt).thenComparing(SubmittedWrite::id));
    return found;
  }

  @Override
  public void deleteWrite(String id) {
    write(id)
        .ifPresent(
            w -> {
              Path file = writeFile(w.tenant(), w.connector(), w.id());
              try {
                AtomicFiles.delete(file);
              } catch (IOException e) {
                throw failure("deleteWrite", file, e);
              }
            });
  }

  @Override
  public Optional<Limits> limits(String tenant, String connector) {
    Path file = limitsFile(tenant, connector);
    String text;
    try {
      text = AtomicFiles.read(file);
    } catch (NoSuchFileException e) {
      return Optional.empty();
    } catch (IOException e) {
      throw failure("limits", file, e);
    }
    String[] lines = text.split("\n", -1);
    if (lines.length < 4
        || !lines[0].equals(LIMITS_HEADER)
        || !lines[1].startsWith("dailyLimit=")
        || !lines[2].startsWith("writeReserve=")
        || !lines[3].startsWith("savedAt=")) {
      throw corrupt(
          file,
          "it does not start with '"
              + LIMITS_HEADER
              + "', dailyLimit=, writeReserve= and savedAt=");
    }
    try {
      return Optional.of(
          new Limits(
              Long.parseLong(lines[1].substring(11)),
              Long.parseLong(lines[2].substring(13)),
              Instant.parse(lines[3].substring(8))));
    } catch (IllegalArgumentException | java.time.format.DateTimeParseException e) {
      throw corrupt(file, e.getMessage());
    }
  }

  @Override
  public void saveLimits(String tenant, String connector, Limits saved) {
    Path file = limitsFile(tenant, connector);
    try {
      AtomicFiles.createDirectories(file.getParent());
      AtomicFiles.write(
          file,
          LIMITS_HEADER
              + "\ndailyLimit="
              + saved.dailyLimit()
              + "\nwriteReserve="
              + saved.writeReserve()
              + "\nsavedAt="
              + saved.savedAt()
              + "\n");
    } catch (IOException e) {
      throw failure("saveLimits", file, e);
    }
  }

  @Override
  public Optional<Figures> figures(String tenant, String connector, String object) {
    Path file = figuresFile(tenant, connector, object);
    String text;
    try {
      text = AtomicFiles.read(file);
    } catch (NoSuchFileException e) {
      return Optional.empty();
    } catch (IOException e) {
      throw failure("figures", file, e);
    }
    String[] lines = text.split("\n", -1);
    if (lines.length < 2 || !lines[0].equals(FIGURES_HEADER)) {
      throw corrupt(file, "it does not start with '" + FIGURES_HEADER + "'");
    }
    // One line of space-separated fields: day records calls activeTime jobPreparation completed.
    String[] f = lines[1].split(" ");
    if (f.length != 6) throw corrupt(file, "its second line does not hold six fields");
    try {
      return Optional.of(
          new Figures(
              java.time.LocalDate.parse(f[0]),
              Long.parseLong(f[1]),
              Long.parseLong(f[2]),
              Duration.parse(f[3]),
              Duration.parse(f[4]),
              Boolean.parseBoolean(f[5])));
    } catch (IllegalArgumentException | java.time.format.DateTimeParseException e) {
      throw corrupt(file, e.getMessage());
    }
  }

  @Override
  public void saveFigures(String tenant, String connector, String object, Figures saved) {
    Path file = figuresFile(tenant, connector, object);
    try {
      AtomicFiles.createDirectories(file.getParent());
      AtomicFiles.write(
          file,
          FIGURES_HEADER
              + "\n"
              + String.join(
                  " ",
                  saved.day().toString(),
                  Long.toString(saved.records()),
                  Long.toString(saved.calls()),
                  saved.activeTime().toString(),
                  saved.jobPreparation().toString(),
                  Boolean.toString(saved.completed()))
              + "\n");
    } catch (IOException e) {
      throw failure("saveFigures", file, e);
    }
  }

  @Override
  public void close() {}

  @Override
  public String toString() {
    return "FileCheckpointStore{" + checkpoints.getParent() + "}";
  }

  private SubmittedWrite readWrite(Path file) {
    String text;
    try {
      text = AtomicFiles.read(file);
    } catch (NoSuchFileException e) {
      return null; // deleted meanwhile
    } catch (IOException e) {
      throw failure("read write", file, e);
    }
    try {
      return WriteCodec.decode(text);
    } catch (IllegalArgumentException e) {
      throw corrupt(file, e.getMessage());
    }
  }

  private Path checkpointFile(String tenant, String connector, String object) {
    return checkpoints
        .resolve(SafeNames.encode(tenant))
        .resolve(SafeNames.encode(connector))
        .resolve(SafeNames.encode(object) + ".cp");
  }

  private Path figuresFile(String tenant, String connector, String object) {
    return figures
        .resolve(SafeNames.encode(tenant))
        .resolve(SafeNames.encode(connector))
        .resolve(SafeNames.encode(object) + ".figures");
  }

  private Path limitsFile(String tenant, String connector) {
    return limits
        .resolve(SafeNames.encode(tenant))
        .resolve(SafeNames.encode(connector) + ".limits");
  }

  private Path writeFile(String tenant, String connector, String id) {
    return writes
        .resolve(SafeNames.encode(tenant))
        .resolve(SafeNames.encode(connector))
        .resolve(SafeNames.encode(id) + ".write");
  }

  /**
   * Temporary files a crash left behind; only old ones, as a live process may be about to rename
   * its own.
   */
  private static void removeStaleTemps(Path root) {
    Instant before = Instant.now().minus(STALE_TEMP);
    try (Stream<Path> files = Files.walk(root)) {
      files
          .filter(AtomicFiles::isTemp)
          .forEach(
              file -> {
                try {
                  if (Files.getLastModifiedTime(file).toInstant().isBefore(before))
                    Files.deleteIfExists(file);
                } catch (IOException e) {
                  log.debug("revsync: cannot remove leftover {}: {}", file, e.toString());
                }
              });
    } catch (IOException | java.io.UncheckedIOException e) {
      log.debug("revsync: cannot scan {} for leftovers: {}", root, e.toString());
    }
  }

  static RevsyncException failure(String call, Path path, IOException e) {
    return new RevsyncException(
        "revsync",
        "FileCheckpointStore." + call + " " + path,
        "file system error: " + e,
        "Check that the directory exists, is writable and the disk is not full",
        e);
  }

  private static RevsyncException corrupt(Path file, String why) {
    return new RevsyncException(
        "revsync",
        "FileCheckpointStore read " + file,
        "the file is not a revsync store file: " + why,
        "Restore it from a backup, or delete it to start that object or write over",
        null);
  }
}
