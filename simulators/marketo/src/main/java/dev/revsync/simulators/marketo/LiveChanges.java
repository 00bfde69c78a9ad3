package dev.revsync.simulators.marketo;

import dev.revsync.simulators.DataGenerator;
import dev.revsync.simulators.ObjectTable;
import dev.revsync.simulators.SimRecord;
import java.time.Duration;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Random;

/**
 * The subscription's own activity while syncs run: leads updated (score, title), created and
 * deleted at a rate per hour of the simulator's clock, applied in catch-up steps before each
 * request (the clock may jump), seeded so a run repeats. Lead changes, deleted leads and new
 * extracts see them like any change. Thread-safe: catch-up is serialized.
 */
final class LiveChanges {
  /** Caps one catch-up so a clock jumped by weeks does not stall a request. */
  private static final int MAX_PER_STEP = 5_000;

  private static final double INSERT_SHARE = 0.1;
  private static final double DELETE_SHARE = 0.02;

  private final ObjectTable leads;
  private final double perHour;
  private final Random random;
  private final long generated;
  private Instant last;
  private double carry;

  LiveChanges(ObjectTable leads, double perHour, long seed, Instant start) {
    this.leads = leads;
    this.perHour = perHour;
    this.random = new Random(seed ^ 0x3A7E1CL);
    this.generated = leads.size(true);
    this.last = start;
  }

  synchronized void catchUp(Instant now) {
    if (perHour <= 0 || !now.isAfter(last)) return;
    double due = perHour * Duration.between(last, now).toMillis() / 3_600_000.0 + carry;
    last = now;
    int n = (int) Math.min(Math.floor(due), MAX_PER_STEP);
    carry = n == MAX_PER_STEP ? 0 : due - n;
    for (int i = 0; i < n; i++) apply();
  }

  private void apply() {
    double draw = random.nextDouble();
    if (draw < DELETE_SHARE && generated > 0) {
      leads.delete(pickId());
    } else if (draw < DELETE_SHARE + INSERT_SHARE) {
      String first = DataGenerator.firstName(random);
      String last = DataGenerator.lastName(random);
      String company = DataGenerator.company(random);
      Map<String, Object> lead = new LinkedHashMap<>();
      lead.put(
          "email",
          "live+" + random.nextInt(1_000_000_000) + "@" + DataGenerator.domain(random, company));
      lead.put("firstName", first);
      lead.put("lastName", last);
      lead.put("company", company);
      lead.put("leadScore", DataGenerator.integer(random, 0, 50));
      lead.put("unsubscribed", false);
      leads.insert(lead);
    } else if (generated > 0) {
      String id = pickId();
      SimRecord current = leads.get(id);
      if (current != null && !current.deleted()) {
        leads.update(
            id,
            Map.of(
                "leadScore",
                DataGenerator.integer(random, 0, 200),
                "title",
                DataGenerator.jobTitle(random)));
      }
    }
  }

  private String pickId() {
    return Long.toString(1 + Math.floorMod(random.nextLong(), generated));
  }
}
