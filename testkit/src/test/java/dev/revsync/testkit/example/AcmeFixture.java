package dev.revsync.testkit.example;

import dev.revsync.ConnectorProvider;
import dev.revsync.Connectors;
import dev.revsync.Record;
import dev.revsync.WriteItem;
import dev.revsync.simulators.ObjectTable;
import dev.revsync.simulators.SimRecord;
import dev.revsync.simulators.SimulatedClock;
import dev.revsync.simulators.Simulator;
import dev.revsync.simulators.SimulatorOptions;
import dev.revsync.testkit.Capabilities;
import dev.revsync.testkit.ContractFixture;
import dev.revsync.testkit.WriteTarget;
import java.math.BigDecimal;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.Map;

/** How the contract suite drives the Acme CRM connector and its simulator. */
public final class AcmeFixture implements ContractFixture {
  private final ConnectorProvider provider;
  private final Capabilities capabilities;

  /**
   * The Acme CRM connector, found through META-INF/services as a host's application would find it.
   */
  public AcmeFixture() {
    this(
        Connectors.provider("acme-crm")
            .orElseThrow(() -> new AssertionError("acme-crm is not registered")),
        Capabilities.builder()
            .deletes(true)
            .writes(true)
            .systemUsage(true)
            .tokenExpiry(true)
            .build());
  }

  /**
   * Another connector on the Acme simulator, such as the read-only {@link
   * AcmeReportsConnectorProvider}.
   */
  AcmeFixture(ConnectorProvider provider, Capabilities capabilities) {
    this.provider = provider;
    this.capabilities = capabilities;
  }

  @Override
  public ConnectorProvider provider() {
    return provider;
  }

  @Override
  public Simulator startSimulator(SimulatedClock clock, long records) {
    return AcmeSimulator.start(
        new SimulatorOptions(42, clock, Map.of(AcmeSimulator.OBJECT, records)));
  }

  @Override
  public String object() {
    return AcmeSimulator.OBJECT;
  }

  @Override
  public int pageSize() {
    return AcmeSimulator.MAX_LIMIT;
  }

  /** One token request, then one call per page of 100 (the last page says has_more=false). */
  @Override
  public long minimumCalls(long records) {
    return 1 + Math.max(1, (records + pageSize() - 1) / pageSize());
  }

  @Override
  public String dataPathFragment() {
    return "/api/v1/contacts";
  }

  @Override
  public Record expected(SimRecord r) {
    if (r.deleted()) return Record.deleted(object(), r.id(), r.modifiedAt(), Map.of());
    Map<String, Object> fields = new LinkedHashMap<>();
    for (String f : AcmeSimulator.FIELDS)
      fields.put(f, f.equals("created_at") ? r.createdAt() : r.get(f));
    return Record.of(object(), r.id(), r.modifiedAt(), fields);
  }

  @Override
  public Map<String, ?> modification(SimRecord record, int serial) {
    return Map.of("score", 1_000L + serial, "city", "Springfield " + serial);
  }

  @Override
  public Map<String, ?> newRecord(int serial) {
    Map<String, Object> f = new HashMap<>();
    f.put("first_name", "New");
    f.put("last_name", "Contact " + serial);
    f.put("email", "new" + serial + "@acme.example");
    f.put("company", null);
    f.put("phone", "+1 415-555-" + (1000 + serial));
    f.put("city", "Shelbyville");
    f.put("score", (long) serial);
    f.put("lifetime_value", new BigDecimal("12.50"));
    return f;
  }

  @Override
  public boolean limitSystemDailyCalls(Simulator simulator, long calls) {
    ((AcmeSimulator) simulator).quota().setMax(calls);
    return true;
  }

  @Override
  public WriteTarget writeTarget() {
    return new WriteTarget() {
      @Override
      public String pathFragment() {
        return "/batch";
      }

      @Override
      public String object() {
        return AcmeSimulator.OBJECT;
      }

      @Override
      public ObjectTable table(Simulator simulator) {
        return simulator.store().table(AcmeSimulator.OBJECT);
      }

      @Override
      public int batchSize() {
        return AcmeSimulator.MAX_BATCH;
      }

      @Override
      public Map<String, Object> values(int i) {
        return Map.of("score", (long) (i * 7 % 101), "lifetime_value", new BigDecimal(i + ".25"));
      }

      @Override
      public WriteItem failingItem() {
        return WriteItem.of("ct_no_such_contact", Map.of("score", 1L));
      }
    };
  }

  @Override
  public Capabilities capabilities() {
    return capabilities;
  }
}
