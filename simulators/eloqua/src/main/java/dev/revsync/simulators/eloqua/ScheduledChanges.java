package dev.revsync.simulators.eloqua;

import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import java.util.Random;

/**
 * The instance's own activity while syncs run: contacts, accounts and custom object records
 * updated, contacts created and deleted, new email opens and form submits, at a rate per hour of
 * the simulator's clock. Applied in catch-up steps (the clock may jump), seeded, so a run repeats.
 * Not thread-safe: {@link BulkApi} calls it under its lock.
 */
final class ScheduledChanges {
  /** Caps one catch-up so a clock jumped by weeks does not stall a request. */
  private static final int MAX_PER_KIND = 5_000;

  private static final String[] TITLES = {
    "Director of Marketing", "Growth Lead", "Data Analyst", "COO"
  };
  private static final String[] INDUSTRIES = {"Software", "Retail", "Finance", "Healthcare"};

  private enum Kind {
    CONTACT_UPDATE(1.0),
    CONTACT_INSERT(0.1),
    CONTACT_DELETE(0.02),
    ACCOUNT_UPDATE(0.1),
    EMAIL_OPEN(1.0),
    FORM_SUBMIT(0.2),
    CUSTOM_OBJECT_UPDATE(0.1),
    CUSTOM_OBJECT_INSERT(0.05);

    final double share;

    Kind(double share) {
      this.share = share;
    }
  }

  private final EloquaOptions options;
  private final EloquaSchema schema;
  private final Mutations mutations;
  private final Random random;
  private final double[] carry = new double[Kind.values().length];
  private final long[] nextIndex = new long[Kind.values().length];
  private Instant last;

  ScheduledChanges(EloquaOptions options, EloquaSchema schema, Mutations mutations) {
    this.options = options;
    this.schema = schema;
    this.mutations = mutations;
    this.random = new Random(options.seed ^ 0xC4A6E5L);
    this.last = options.clock.instant();
    nextIndex[Kind.CONTACT_INSERT.ordinal()] = schema.contacts.generated;
    nextIndex[Kind.EMAIL_OPEN.ordinal()] = schema.emailOpens.generated;
    nextIndex[Kind.FORM_SUBMIT.ordinal()] = schema.formSubmits.generated;
    nextIndex[Kind.CUSTOM_OBJECT_INSERT.ordinal()] = schema.customObject.generated;
  }

  void catchUp(Instant now) {
    if (!now.isAfter(last)) return;
    double hours = Duration.between(last, now).toMillis() / 3_600_000.0;
    last = now;
    if (options.changesPerHour <= 0) return;
    for (Kind kind : Kind.values()) {
      double due = options.changesPerHour * kind.share * hours + carry[kind.ordinal()];
      int n = (int) Math.min(Math.floor(due), MAX_PER_KIND);
      carry[kind.ordinal()] = n == MAX_PER_KIND ? 0 : due - n;
      for (int i = 0; i < n; i++) apply(kind);
    }
  }

  private void apply(Kind kind) {
    switch (kind) {
      case CONTACT_UPDATE ->
          update(
              schema.contacts,
              Map.of(
                  "C_Title",
                  TITLES[random.nextInt(TITLES.length)],
                  "C_Lead_Score1",
                  (long) random.nextInt(101)));
      case CONTACT_INSERT -> insert(schema.contacts, kind);
      case CONTACT_DELETE -> {
        if (schema.contacts.generated > 0) {
          mutations.delete(schema.contacts, EloquaSchema.id(pick(schema.contacts.generated)));
        }
      }
      case ACCOUNT_UPDATE ->
          update(
              schema.accounts, Map.of("M_Industry", INDUSTRIES[random.nextInt(INDUSTRIES.length)]));
      case EMAIL_OPEN -> insert(schema.emailOpens, kind);
      case FORM_SUBMIT -> insert(schema.formSubmits, kind);
      case CUSTOM_OBJECT_UPDATE ->
          update(
              schema.customObject,
              Map.of("Amount1", java.math.BigDecimal.valueOf(1_000 + random.nextInt(500_000), 2)));
      case CUSTOM_OBJECT_INSERT -> insert(schema.customObject, kind);
    }
  }

  private void update(ObjectType type, Map<String, Object> changes) {
    if (type.generated > 0) mutations.update(type, EloquaSchema.id(pick(type.generated)), changes);
  }

  private void insert(ObjectType type, Kind kind) {
    long index = nextIndex[kind.ordinal()]++;
    mutations.insert(type, type.factory.fields(index, type.factory.id(index), random));
  }

  private long pick(long bound) {
    return Math.floorMod(random.nextLong(), bound);
  }
}
