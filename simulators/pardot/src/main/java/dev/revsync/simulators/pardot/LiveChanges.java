package dev.revsync.simulators.pardot;

import dev.revsync.simulators.ObjectTable;
import dev.revsync.simulators.RecordStore;
import java.math.BigDecimal;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Random;

/**
 * The business unit's own activity while syncs run: prospects scored and regraded (most changes),
 * prospects moved to the recycle bin, new prospects, and new visitor activities, at a rate per hour
 * of the simulator's clock, applied in catch-up steps before each API call (the clock may jump),
 * seeded so a run repeats. Off (0 per hour) unless configured. Thread-safe.
 */
final class LiveChanges {
  /** Caps one catch-up so a clock jumped by weeks does not stall a request. */
  private static final int MAX_PER_STEP = 5_000;

  private final RecordStore store;
  private final Clock clock;
  private final Random random;
  private volatile double perHour;
  private double carry;
  private Instant last;
  private long changes;

  LiveChanges(RecordStore store, Clock clock, long seed) {
    this.store = store;
    this.clock = clock;
    this.random = new Random(seed ^ 0x9A2D07L);
    this.last = clock.instant();
  }

  void perHour(double changesPerHour) {
    this.perHour = changesPerHour;
  }

  synchronized long applied() {
    return changes;
  }

  synchronized void catchUp() {
    Instant now = clock.instant();
    if (!now.isAfter(last)) return;
    double hours = Duration.between(last, now).toMillis() / 3_600_000.0;
    last = now;
    if (perHour <= 0) return;
    double due = perHour * hours + carry;
    int n = (int) Math.min(Math.floor(due), MAX_PER_STEP);
    carry = n == MAX_PER_STEP ? 0 : due - n;
    ObjectTable prospects = store.table(PardotSchema.PROSPECTS);
    ObjectTable activities = store.table(PardotSchema.VISITOR_ACTIVITIES);
    long live = prospects.size(true);
    for (int i = 0; i < n && live > 0; i++) {
      String id = Long.toString(10_000_000L + Math.floorMod(random.nextLong(), live));
      int kind = random.nextInt(20);
      if (kind == 0) {
        prospects.delete(id);
      } else if (kind == 1) {
        Map<String, Object> fields =
            new LinkedHashMap<>(prospects.get(id) == null ? Map.of() : prospects.get(id).fields());
        fields.put("email", "live" + changes + "@example.org");
        prospects.insert(fields);
      } else if (kind < 5 && activities != null) {
        Map<String, Object> a = new LinkedHashMap<>();
        a.put("prospectId", Long.parseLong(id));
        a.put("visitorId", (long) random.nextInt(1_000_000));
        a.put("type", 2L);
        a.put("typeName", "View");
        activities.insert(a);
      } else {
        Map<String, Object> update = new LinkedHashMap<>();
        update.put("score", (long) random.nextInt(300));
        update.put("revsync_score__c", BigDecimal.valueOf(random.nextInt(1000), 1));
        prospects.update(id, update);
      }
      changes++;
    }
  }
}
