package dev.revsync.simulators.eloqua;

import dev.revsync.simulators.ObjectTable;
import dev.revsync.simulators.RecordStore;
import dev.revsync.simulators.SimRecord;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.Iterator;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Every change the simulator makes to its data (imports, scheduled changes, test calls) goes
 * through here, so that:
 *
 * <ul>
 *   <li>staged export data stays frozen: a change journal keeps the record as it was before each
 *       change, and an export snapshot taken at journal position {@code seq} reads a record's
 *       before-image when it changed later (changes made directly on an {@link ObjectTable} bypass
 *       the journal and show through);
 *   <li>imports find records by identifier (email, company name, order number) without scanning a
 *       million contacts: generated values encode their index, and an overlay index covers the
 *       rest.
 * </ul>
 *
 * Thread-safe: one lock orders all journaled changes and snapshot scans.
 */
final class Mutations implements Accessor.Links {
  /** Record keys an import may match on. */
  private static final Set<String> INDEXED =
      Set.of(
          EloquaSchema.EMAIL,
          EloquaSchema.COMPANY_NAME,
          "Order_Number1",
          "Email_Address1",
          EloquaSchema.EXTERNAL_ID);

  private static final Pattern ORDER_NUMBER = Pattern.compile("^PO-(\\d+)$");

  /** Tables at most this big may be scanned for an identifier no index knows. */
  private static final long SCAN_LIMIT = 200_000;

  private record Change(long seq, SimRecord before) {}

  private final RecordStore store;
  private final EloquaSchema schema;
  private final Object lock = new Object();
  private long seq;
  private final Map<String, Map<String, List<Change>>> journal = new HashMap<>();
  private int journalSize;

  /** table -> key -> lower-cased value -> id, for values set by journaled changes. */
  private final Map<String, Map<String, Map<String, String>>> overlay = new HashMap<>();

  Mutations(RecordStore store, EloquaSchema schema) {
    this.store = store;
    this.schema = schema;
  }

  ObjectTable table(ObjectType type) {
    return store.table(type.table);
  }

  @Override
  public SimRecord contact(String id) {
    return store.table(EloquaSchema.CONTACTS).get(id);
  }

  @Override
  public SimRecord account(String id) {
    return store.table(EloquaSchema.ACCOUNTS).get(id);
  }

  /**
   * Runs {@code body} with no journaled change interleaving; returns the journal position it ran
   * at.
   */
  long atomically(Runnable body) {
    synchronized (lock) {
      body.run();
      return seq;
    }
  }

  SimRecord insert(ObjectType type, Map<String, ?> fields) {
    synchronized (lock) {
      SimRecord created = table(type).insert(fields);
      log(type, created.id(), null);
      index(type, created);
      return created;
    }
  }

  /** Null if no live record has that id. */
  SimRecord update(ObjectType type, String id, Map<String, ?> changes) {
    synchronized (lock) {
      SimRecord before = table(type).get(id);
      if (before == null || before.deleted()) return null;
      SimRecord after = table(type).update(id, changes);
      if (after == null) return null;
      log(type, id, before);
      index(type, after);
      return after;
    }
  }

  boolean delete(ObjectType type, String id) {
    synchronized (lock) {
      SimRecord before = table(type).get(id);
      if (before == null || before.deleted()) return false;
      if (!table(type).delete(id)) return false;
      log(type, id, before);
      return true;
    }
  }

  private void log(ObjectType type, String id, SimRecord before) {
    seq++;
    journal
        .computeIfAbsent(type.table, k -> new HashMap<>())
        .computeIfAbsent(id, k -> new ArrayList<>(1))
        .add(new Change(seq, before));
    journalSize++;
  }

  /**
   * The record as a snapshot taken at journal position {@code snapshotSeq} saw it: the before-image
   * of its first later change, else the current record.
   */
  SimRecord asOf(ObjectType type, String id, long snapshotSeq) {
    synchronized (lock) {
      Map<String, List<Change>> byId = journal.get(type.table);
      List<Change> changes = byId == null ? null : byId.get(id);
      if (changes != null) {
        for (Change c : changes) {
          if (c.seq > snapshotSeq) return c.before;
        }
      }
    }
    return table(type).get(id);
  }

  /** Drops journal entries no snapshot at or after {@code oldestLiveSnapshotSeq} can need. */
  void prune(long oldestLiveSnapshotSeq) {
    synchronized (lock) {
      if (journalSize == 0) return;
      for (Iterator<Map<String, List<Change>>> t = journal.values().iterator(); t.hasNext(); ) {
        Map<String, List<Change>> byId = t.next();
        for (Iterator<List<Change>> it = byId.values().iterator(); it.hasNext(); ) {
          List<Change> changes = it.next();
          int before = changes.size();
          changes.removeIf(c -> c.seq <= oldestLiveSnapshotSeq);
          journalSize -= before - changes.size();
          if (changes.isEmpty()) it.remove();
        }
        if (byId.isEmpty()) t.remove();
      }
    }
  }

  long seq() {
    synchronized (lock) {
      return seq;
    }
  }

  int journalSize() {
    synchronized (lock) {
      return journalSize;
    }
  }

  private void index(ObjectType type, SimRecord record) {
    for (String key : INDEXED) {
      Object value = record.get(key);
      if (value != null) {
        overlay
            .computeIfAbsent(type.table, k -> new HashMap<>())
            .computeIfAbsent(key, k -> new HashMap<>())
            .put(value.toString().toLowerCase(Locale.ROOT), record.id());
      }
    }
  }

  /**
   * The live record whose {@code key} equals {@code value} (ignoring case), or null. Uses the
   * overlay index, then the index a generated value encodes, then (small tables only) a scan.
   */
  SimRecord findBy(ObjectType type, String key, String value) {
    String wanted = value.toLowerCase(Locale.ROOT);
    ObjectTable table = table(type);
    synchronized (lock) {
      String id =
          overlay.getOrDefault(type.table, Map.of()).getOrDefault(key, Map.of()).get(wanted);
      SimRecord hit = id == null ? null : matching(table.get(id), key, wanted);
      if (hit != null) return hit;
    }
    long index = generatedIndex(type, key, value);
    if (index >= 0) {
      SimRecord hit = matching(table.get(type.factory.id(index)), key, wanted);
      if (hit != null) return hit;
    }
    if (table.size(false) <= SCAN_LIMIT) {
      return table.stream(false)
          .filter(r -> matching(r, key, wanted) != null)
          .findFirst()
          .orElse(null);
    }
    return null;
  }

  private static SimRecord matching(SimRecord r, String key, String wantedLower) {
    if (r == null || r.deleted()) return null;
    Object v = r.get(key);
    return v != null && v.toString().toLowerCase(Locale.ROOT).equals(wantedLower) ? r : null;
  }

  private static long generatedIndex(ObjectType type, String key, String value) {
    if (key.equals(EloquaSchema.EMAIL)) return EloquaSchema.indexOfGeneratedEmail(value);
    if (key.equals(EloquaSchema.COMPANY_NAME)) return EloquaSchema.indexOfGeneratedCompany(value);
    if (key.equals("Order_Number1") || key.equals(EloquaSchema.EXTERNAL_ID)) {
      Matcher m = ORDER_NUMBER.matcher(value);
      return m.matches() ? Long.parseLong(m.group(1)) - 100_000 : -1;
    }
    return -1;
  }

  EloquaSchema schema() {
    return schema;
  }
}
