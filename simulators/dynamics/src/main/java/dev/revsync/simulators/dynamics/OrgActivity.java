package dev.revsync.simulators.dynamics;

import dev.revsync.simulators.ObjectTable;
import dev.revsync.simulators.RecordStore;
import dev.revsync.simulators.SimRecord;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Iterator;
import java.util.Map;
import java.util.Random;

/**
 * The environment's own users at work while syncs run: contacts and accounts updated, contacts
 * created and deleted, at a rate per hour of the simulator's clock, applied in catch-up steps
 * before each Web API request (the clock may jump), seeded so a run repeats. Off at rate 0.
 * Thread-safe.
 */
final class OrgActivity {
  /** Caps one catch-up so a clock jumped by weeks does not stall a request. */
  private static final int MAX_PER_KIND = 5_000;

  private static final String[] TITLES = {
    "Director of Marketing", "Growth Lead", "Data Analyst", "COO"
  };

  private enum Kind {
    CONTACT_UPDATE(1.0),
    ACCOUNT_UPDATE(0.2),
    CONTACT_INSERT(0.1),
    CONTACT_DELETE(0.02);

    final double share;

    Kind(double share) {
      this.share = share;
    }
  }

  private final RecordStore store;
  private final Clock clock;
  private final Random random;
  private final double[] carry = new double[Kind.values().length];
  private volatile double changesPerHour;
  private Instant last;

  OrgActivity(RecordStore store, Clock clock, long seed, double changesPerHour) {
    this.store = store;
    this.clock = clock;
    this.random = new Random(seed ^ 0xD365L);
    this.changesPerHour = changesPerHour;
    this.last = clock.instant();
  }

  void rate(double changesPerHour) {
    this.changesPerHour = changesPerHour;
  }

  synchronized void catchUp() {
    Instant now = clock.instant();
    if (!now.isAfter(last)) return;
    double hours = Duration.between(last, now).toMillis() / 3_600_000.0;
    last = now;
    if (changesPerHour <= 0) return;
    for (Kind kind : Kind.values()) {
      double due = changesPerHour * kind.share * hours + carry[kind.ordinal()];
      int n = (int) Math.min(Math.floor(due), MAX_PER_KIND);
      carry[kind.ordinal()] = n == MAX_PER_KIND ? 0 : due - n;
      for (int i = 0; i < n; i++) apply(kind);
    }
  }

  private void apply(Kind kind) {
    switch (kind) {
      case CONTACT_UPDATE ->
          update(
              "contact",
              Map.of(
                  "jobtitle",
                  TITLES[random.nextInt(TITLES.length)],
                  "new_leadscore",
                  (long) random.nextInt(101)));
      case ACCOUNT_UPDATE ->
          update("account", Map.of("numberofemployees", (long) (1 + random.nextInt(100_000))));
      case CONTACT_INSERT -> {
        ObjectTable t = store.table("contact");
        int n = random.nextInt(1_000_000);
        t.insert(
            Map.of(
                "firstname",
                "Walk-in",
                "lastname",
                "Visitor " + n,
                "fullname",
                "Walk-in Visitor " + n,
                "emailaddress1",
                "visitor" + n + "@example.org",
                "statecode",
                0L,
                "statuscode",
                1L));
      }
      case CONTACT_DELETE -> {
        SimRecord victim = pick("contact");
        if (victim != null) store.table("contact").delete(victim.id());
      }
    }
  }

  private void update(String table, Map<String, Object> changes) {
    SimRecord r = pick(table);
    if (r != null) store.table(table).update(r.id(), changes);
  }

  /**
   * A live row: a random generated one, else (deleted or none generated) the table's first live
   * row.
   */
  private SimRecord pick(String table) {
    ObjectTable t = store.table(table);
    long size = t.size(false);
    if (size == 0) return null;
    int tag = table.equals("account") ? 1 : 2; // objectTypeCode, the generated ids' second group
    SimRecord r = t.get(Guids.record(tag, Math.floorMod(random.nextLong(), size)));
    if (r != null && !r.deleted()) return r;
    Iterator<SimRecord> it = t.scan(null, null, false);
    return it.hasNext() ? it.next() : null;
  }
}
