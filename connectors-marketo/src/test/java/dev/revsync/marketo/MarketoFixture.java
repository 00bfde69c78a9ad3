package dev.revsync.marketo;

import dev.revsync.ConnectorProvider;
import dev.revsync.Record;
import dev.revsync.WriteItem;
import dev.revsync.simulators.ObjectTable;
import dev.revsync.simulators.SimRecord;
import dev.revsync.simulators.SimulatedClock;
import dev.revsync.simulators.Simulator;
import dev.revsync.simulators.marketo.MarketoSimulator;
import dev.revsync.testkit.Capabilities;
import dev.revsync.testkit.ContractFixture;
import dev.revsync.testkit.WriteTarget;
import java.math.BigDecimal;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** The Marketo connector and simulator for the contract suite: leads, 300 a page. */
class MarketoFixture implements ContractFixture {
  /**
   * The simulator's lead fields in describe order, as the connector hands them over (id is the
   * record id).
   */
  static final List<String> FIELDS =
      List.of(
          "email",
          "firstName",
          "lastName",
          "company",
          "title",
          "phone",
          "city",
          "state",
          "country",
          "industry",
          "leadScore",
          "annualRevenue",
          "unsubscribed",
          "dateOfBirth",
          "revsyncScore",
          "revsyncSegment",
          "createdAt",
          "updatedAt");

  @Override
  public ConnectorProvider provider() {
    return new MarketoConnectorProvider();
  }

  @Override
  public Simulator startSimulator(SimulatedClock clock, long records) {
    return MarketoSimulator.builder().clock(clock).leads(records).start();
  }

  @Override
  public String object() {
    return "Lead";
  }

  @Override
  public ObjectTable table(Simulator simulator) {
    return simulator.store().table(MarketoSimulator.LEADS);
  }

  @Override
  public int pageSize() {
    return 300;
  }

  /** One identity call, then one {@code leads.json} call per 300 ids. */
  @Override
  public long minimumCalls(long records) {
    return 1 + (records + 299) / 300;
  }

  /** The lead describe and the empty id range that ends the scan. */
  @Override
  public long callSlack() {
    return 2;
  }

  @Override
  public String dataPathFragment() {
    return "/rest/v1/leads.json";
  }

  @Override
  public Record expected(SimRecord r) {
    if (r.deleted()) return Record.deleted("Lead", r.id(), r.modifiedAt(), Map.of());
    Map<String, Object> fields = new LinkedHashMap<>();
    for (String f : FIELDS) {
      if (f.equals("createdAt")) fields.put(f, r.createdAt());
      else if (f.equals("updatedAt")) fields.put(f, r.modifiedAt());
      else fields.put(f, r.get(f));
    }
    return Record.of("Lead", r.id(), r.modifiedAt(), fields);
  }

  @Override
  public Map<String, ?> modification(SimRecord record, int serial) {
    Map<String, Object> m = new LinkedHashMap<>();
    m.put("leadScore", (long) (serial * 7 % 200));
    m.put("city", "Changed City " + serial);
    m.put("annualRevenue", new BigDecimal("1000.50").add(BigDecimal.valueOf(serial)));
    return m;
  }

  @Override
  public Map<String, ?> newRecord(int serial) {
    Map<String, Object> m = new LinkedHashMap<>();
    m.put("email", "new" + serial + "@example.com");
    m.put("firstName", "Nova");
    m.put("lastName", "Lead-" + serial);
    m.put("leadScore", 10L);
    m.put("unsubscribed", false);
    return m;
  }

  @Override
  public boolean limitSystemDailyCalls(Simulator simulator, long calls) {
    ((MarketoSimulator) simulator).dailyQuota(calls);
    return true;
  }

  @Override
  public int expiredTokenRefusals(Simulator simulator) {
    return ((MarketoSimulator) simulator).expiredTokenRefusals();
  }

  @Override
  public WriteTarget writeTarget() {
    return new WriteTarget() {
      @Override
      public String object() {
        return "Lead";
      }

      @Override
      public ObjectTable table(Simulator simulator) {
        return simulator.store().table(MarketoSimulator.LEADS);
      }

      @Override
      public int batchSize() {
        return 300;
      }

      @Override
      public Map<String, Object> values(int i) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("revsyncScore", (long) (i * 3 % 100));
        m.put("revsyncSegment", "S" + (i % 3));
        return m;
      }

      @Override
      public WriteItem failingItem() {
        return WriteItem.of("987654321", Map.of("revsyncScore", 1L));
      }
    };
  }

  @Override
  public dev.revsync.SyncRequest.Builder jobRequest(dev.revsync.SyncRequest.Builder request) {
    return request.option("method", "extract");
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
}
