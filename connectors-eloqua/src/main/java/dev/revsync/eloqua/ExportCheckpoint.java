package dev.revsync.eloqua;

import dev.revsync.Checkpoint;
import dev.revsync.SyncMode;
import java.time.Instant;
import java.util.Arrays;
import java.util.List;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * What an Eloqua sync keeps in its {@link Checkpoint} while an export is in flight, and how it is
 * written and read back: the records or activity-window export ({@link Job}, with its download
 * {@link Position}), the id-only export of a delete diff ({@link IdsJob}), and the ids the last
 * diff saw. {@link EloquaSync} decides what to export; this class only names and encodes what it
 * keeps.
 *
 * <p>Immutable values; thread-safe.
 */
final class ExportCheckpoint {
  private static final Logger log = LoggerFactory.getLogger(ExportCheckpoint.class);

  static final String JOB_KIND = "jobKind";
  static final String JOB_DEFINITIONS = "jobDefinitions";
  static final String JOB_FROM = "jobFrom";
  static final String JOB_TO = "jobTo";
  static final String JOB_CREATED_AT = "jobCreatedAt";
  static final String JOB_STAGED_UNTIL = "jobStagedUntil";
  static final String JOB_READY = "jobReady";
  static final String JOB_FIELDS = "jobFields";
  static final String JOB_MODE = "jobMode";
  static final String[] JOB_KEYS = {
    Checkpoint.JOB_ID,
    Checkpoint.JOB_STARTED,
    Checkpoint.JOB_POSITION,
    JOB_KIND,
    JOB_DEFINITIONS,
    JOB_FROM,
    JOB_TO,
    JOB_CREATED_AT,
    JOB_STAGED_UNTIL,
    JOB_READY,
    JOB_FIELDS,
    JOB_MODE
  };

  /** The id-only export synced with the records export, read after it. */
  static final String IDS_SYNC = "idsSync";

  static final String IDS_CREATED_AT = "idsCreatedAt";
  static final String IDS_STAGED_UNTIL = "idsStagedUntil";

  /**
   * Set when the id export belongs to a FULL sync whose records are read: resuming it (after a park
   * or a stop) goes on to the diff instead of exporting the records again.
   */
  static final String IDS_AFTER_FULL = "idsAfterFull";

  static final String[] IDS_KEYS = {IDS_SYNC, IDS_CREATED_AT, IDS_STAGED_UNTIL, IDS_AFTER_FULL};

  /** The ids the last id-only export held, for the next delete diff. */
  static final String KNOWN_IDS = "knownIds";

  private ExportCheckpoint() {}

  /**
   * Where a download stands, kept in {@link Checkpoint#JOB_POSITION}: {@code next} (the offset of
   * the next page), and, when known, {@code resume} (where a new process must start: before rows of
   * a split export still waiting for their partner), {@code total} and {@code max} (the newest
   * cursor value delivered). Written as {@code 150000;resume=100000;total=200000;max=<instant>}.
   */
  record Position(long next, long resume, long total, Instant maxSeen) {
    static final Position START = new Position(0, 0, -1, null);

    static Position parse(String value) {
      if (value == null || value.isEmpty()) return START;
      String[] parts = value.split(";");
      long next = Long.parseLong(parts[0]);
      long resume = next;
      long total = -1;
      Instant max = null;
      for (int i = 1; i < parts.length; i++) {
        int eq = parts[i].indexOf('=');
        String k = parts[i].substring(0, eq);
        String v = parts[i].substring(eq + 1);
        switch (k) {
          case "resume" -> resume = Long.parseLong(v);
          case "total" -> total = Long.parseLong(v);
          case "max" -> max = Instant.parse(v);
          default -> {} // written by a later version: ignored
        }
      }
      return new Position(next, resume, total, max);
    }

    String format() {
      StringBuilder s = new StringBuilder(Long.toString(next));
      if (resume != next) s.append(";resume=").append(resume);
      if (total >= 0) s.append(";total=").append(total);
      if (maxSeen != null) s.append(";max=").append(maxSeen);
      return s.toString();
    }
  }

  /** An export in flight, as the checkpoint holds it. */
  record Job(
      String kind,
      List<String> syncUris,
      List<String> definitionUris,
      Instant from,
      Instant to,
      Instant createdAt,
      Instant stagedUntil,
      boolean ready,
      Position position,
      String fields,
      SyncMode mode) {

    String jobId() {
      return String.join(",", syncUris);
    }

    static Job read(Checkpoint cp) {
      String syncs = cp.get(Checkpoint.JOB_ID);
      if (syncs == null || syncs.isEmpty() || cp.get(JOB_KIND) == null) return null;
      try {
        return new Job(
            cp.get(JOB_KIND),
            List.of(syncs.split(",")),
            list(cp.get(JOB_DEFINITIONS)),
            instant(cp.get(JOB_FROM)),
            instant(cp.get(JOB_TO)),
            instant(cp.get(JOB_CREATED_AT)),
            instant(cp.get(JOB_STAGED_UNTIL)),
            "true".equals(cp.get(JOB_READY)),
            Position.parse(cp.get(Checkpoint.JOB_POSITION)),
            cp.get(JOB_FIELDS),
            "FULL".equals(cp.get(JOB_MODE)) ? SyncMode.FULL : SyncMode.INCREMENTAL);
      } catch (RuntimeException e) {
        log.warn(
            "eloqua: ignoring an unreadable export in the checkpoint ({}); exporting again",
            e.toString());
        return null;
      }
    }

    Checkpoint write(Checkpoint cp) {
      return cp.with(JOB_KIND, kind)
          .with(Checkpoint.JOB_ID, jobId())
          .with(JOB_DEFINITIONS, String.join(",", definitionUris))
          .with(JOB_FROM, str(from))
          .with(JOB_TO, str(to))
          .with(JOB_CREATED_AT, str(createdAt))
          .with(JOB_STAGED_UNTIL, str(stagedUntil))
          .with(JOB_READY, ready ? "true" : null)
          .with(Checkpoint.JOB_POSITION, position.format())
          .with(JOB_FIELDS, fields)
          .with(JOB_MODE, mode.name());
    }

    Job readied() {
      return new Job(
          kind,
          syncUris,
          definitionUris,
          from,
          to,
          createdAt,
          stagedUntil,
          true,
          position,
          fields,
          mode);
    }
  }

  /** The id-only export of a delete diff. */
  record IdsJob(String syncUri, Instant createdAt, Instant stagedUntil) {
    static IdsJob read(Checkpoint cp) {
      String uri = cp.get(IDS_SYNC);
      if (uri == null) return null;
      try {
        return new IdsJob(uri, instant(cp.get(IDS_CREATED_AT)), instant(cp.get(IDS_STAGED_UNTIL)));
      } catch (RuntimeException e) {
        return null;
      }
    }

    Checkpoint write(Checkpoint cp) {
      return cp.with(IDS_SYNC, syncUri)
          .with(IDS_CREATED_AT, str(createdAt))
          .with(IDS_STAGED_UNTIL, str(stagedUntil));
    }
  }

  static List<String> list(String value) {
    return value == null || value.isEmpty() ? List.of() : Arrays.asList(value.split(","));
  }

  static Instant instant(String value) {
    return value == null || value.isEmpty() ? null : Instant.parse(value);
  }

  static String str(Instant instant) {
    return instant == null ? null : instant.toString();
  }
}
