package dev.revsync.pardot;

import dev.revsync.ConnectionConfig;
import dev.revsync.ConnectorProvider;
import dev.revsync.Record;
import dev.revsync.WriteItem;
import dev.revsync.simulators.ObjectTable;
import dev.revsync.simulators.SimRecord;
import dev.revsync.simulators.SimulatedClock;
import dev.revsync.simulators.Simulator;
import dev.revsync.simulators.pardot.PardotSimulator;
import dev.revsync.testkit.Capabilities;
import dev.revsync.testkit.ContractFixture;
import dev.revsync.testkit.WriteTarget;
import java.math.BigDecimal;
import java.time.Duration;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The Pardot connector against the Pardot simulator, syncing prospects: through v5 query pages of
 * 1,000 ({@link #restSized()}), or ({@link #exportSized()}) through the export API after the first
 * page, in files of 1,000 rows, the way a large full pull goes.
 */
class PardotFixture implements ContractFixture {
  static final String OBJECT = "Prospect";
  static final String COLLECTION = "prospects";
  static final int PAGE = 1000;

  /**
   * Prospect fields as the connector asks for them (the notes' list, then the custom fields) and
   * their types.
   */
  static final List<String[]> FIELDS =
      List.of(
          f("id", "id"),
          f("email", "s"),
          f("firstName", "s"),
          f("lastName", "s"),
          f("company", "s"),
          f("jobTitle", "s"),
          f("score", "i"),
          f("grade", "s"),
          f("optedOut", "b"),
          f("isDoNotEmail", "b"),
          f("isDeleted", "b"),
          f("campaignId", "ref"),
          f("prospectAccountId", "ref"),
          f("assignedToId", "ref"),
          f("salesforceId", "s"),
          f("salesforceLeadId", "s"),
          f("salesforceContactId", "s"),
          f("lastActivityAt", "t"),
          f("createdAt", "t"),
          f("updatedAt", "t"),
          f("revsync_score__c", "d"),
          f("revsync_reason__c", "s"));

  private final boolean exports;

  PardotFixture() {
    this(false);
  }

  private PardotFixture(boolean exports) {
    this.exports = exports;
  }

  static PardotFixture restSized() {
    return new PardotFixture(false);
  }

  /**
   * Every sync of more than a page goes through an export (exports=always) with files of 1,000
   * rows.
   */
  static PardotFixture exportSized() {
    return new PardotFixture(true);
  }

  private static String[] f(String name, String type) {
    return new String[] {name, type};
  }

  @Override
  public ConnectorProvider provider() {
    return new PardotConnectorProvider();
  }

  @Override
  public Simulator startSimulator(SimulatedClock clock, long records) {
    PardotSimulator sim =
        PardotSimulator.builder().clock(clock).records(COLLECTION, records).start();
    sim.setExportRowsPerFile(PAGE);
    return sim;
  }

  @Override
  public String object() {
    return OBJECT;
  }

  @Override
  public ObjectTable table(Simulator simulator) {
    return simulator.store().table(COLLECTION);
  }

  @Override
  public int pageSize() {
    return PAGE;
  }

  /**
   * REST: a token, then one query page per 1,000 records. Exports (above one page): a token, the
   * first page, the export's create and one poll, a file per 1,000 rows after the first page, and
   * the REST page that reads what changed since the export's end.
   */
  @Override
  public long minimumCalls(long records) {
    long pages = Math.max(1, (records + PAGE - 1) / PAGE);
    if (!exports || records <= PAGE) return 1 + pages;
    return 1 + 1 + 2 + (records - PAGE + PAGE - 1) / PAGE + 1;
  }

  /** The prospect custom-fields read, once per connection. */
  @Override
  public long callSlack() {
    return 2;
  }

  @Override
  public String dataPathFragment() {
    return exports ? "/results/" : "/objects/prospects";
  }

  /** The simulator serves reads without the production read cache's lag. */
  @Override
  public ConnectionConfig.Builder config(Simulator simulator) {
    ConnectionConfig.Builder b =
        ContractFixture.super
            .config(simulator)
            .setting("readLag", "PT0S")
            .readTimeout(Duration.ofSeconds(5));
    return exports ? b.setting("exports", "always") : b;
  }

  @Override
  public boolean limitSystemDailyCalls(Simulator simulator, long calls) {
    ((PardotSimulator) simulator).setDailyLimit(calls);
    return true;
  }

  @Override
  public Record expected(SimRecord r) {
    Map<String, Object> values = new LinkedHashMap<>();
    for (String[] field : FIELDS) values.put(field[0], value(field[0], field[1], r));
    return r.deleted()
        ? Record.deleted(OBJECT, r.id(), r.modifiedAt(), values)
        : Record.of(OBJECT, r.id(), r.modifiedAt(), values);
  }

  static Object value(String name, String type, SimRecord r) {
    switch (name) {
      case "id":
        return r.id();
      case "isDeleted":
        return r.deleted();
      case "createdAt":
        return r.createdAt() != null ? r.createdAt() : r.modifiedAt();
      case "updatedAt":
        return r.modifiedAt();
      default:
        break;
    }
    Object v = r.get(name);
    if (v == null) return null;
    return switch (type) {
      case "ref" -> v.toString();
      case "i" -> ((Number) v).longValue();
      case "d" -> v instanceof BigDecimal d ? d : new BigDecimal(v.toString());
      case "b" -> (Boolean) v;
      case "t" -> (Instant) v;
      default -> v.toString();
    };
  }

  @Override
  public Map<String, ?> modification(SimRecord record, int serial) {
    Map<String, Object> m = new LinkedHashMap<>();
    m.put("company", "Renamed O'Brien, \"" + serial + "\" & Co");
    m.put("revsync_score__c", BigDecimal.valueOf(serial % 1000, 1));
    m.put("jobTitle", serial % 2 == 0 ? null : "Head of \"Growth\", " + serial);
    return m;
  }

  @Override
  public Map<String, ?> newRecord(int serial) {
    Map<String, Object> m = new LinkedHashMap<>();
    for (String[] f : FIELDS) {
      if (!List.of("id", "isDeleted", "createdAt", "updatedAt").contains(f[0])) m.put(f[0], null);
    }
    m.put("email", "new" + serial + "@example.com");
    m.put("firstName", "Zoë");
    m.put("lastName", "New " + serial);
    m.put("score", (long) serial);
    m.put("optedOut", false);
    m.put("isDoNotEmail", false);
    return m;
  }

  @Override
  public WriteTarget writeTarget() {
    return new WriteTarget() {
      @Override
      public String object() {
        return OBJECT;
      }

      @Override
      public ObjectTable table(Simulator simulator) {
        return simulator.store().table(COLLECTION);
      }

      /** v5 writes one prospect per call. */
      @Override
      public int batchSize() {
        return 1;
      }

      @Override
      public Map<String, Object> values(int i) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("revsync_score__c", BigDecimal.valueOf(i % 1000, 1));
        m.put("revsync_reason__c", i % 3 == 0 ? null : "fit <" + i + "> & intent, \"high\"");
        return m;
      }

      @Override
      public WriteItem failingItem() {
        return WriteItem.of("99999999", Map.of("revsync_score__c", new BigDecimal("1.0")));
      }
    };
  }

  @Override
  public dev.revsync.SyncRequest.Builder jobRequest(dev.revsync.SyncRequest.Builder request) {
    return request.option("style", "BATCH");
  }

  @Override
  public Capabilities capabilities() {
    return Capabilities.builder()
        .deletes(true)
        .writes(true)
        .systemUsage(true)
        .tokenExpiry(true)
        .build();
  }

  @Override
  public String toString() {
    return exports ? "Pardot prospects through exports" : "Pardot prospects";
  }
}
