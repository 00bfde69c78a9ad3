package dev.revsync.dynamics;

import dev.revsync.ConnectionConfig;
import dev.revsync.ConnectorProvider;
import dev.revsync.Connectors;
import dev.revsync.Record;
import dev.revsync.WriteItem;
import dev.revsync.simulators.ObjectTable;
import dev.revsync.simulators.SimRecord;
import dev.revsync.simulators.SimulatedClock;
import dev.revsync.simulators.Simulator;
import dev.revsync.simulators.dynamics.DynamicsSimulator;
import dev.revsync.testkit.Capabilities;
import dev.revsync.testkit.ContractFixture;
import dev.revsync.testkit.WriteTarget;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * How the contract suite drives the Dynamics connector against its simulator: contacts (change
 * tracking, deletes, $batch writes) or the custom table new_project (no change tracking: the
 * modifiedon cursor with its id tie-breaker, no deletes).
 */
final class DynamicsFixture implements ContractFixture {
  /** The contact table's columns as the Web API returns them (primary id and modifiedon apart). */
  static final List<String> CONTACT_COLUMNS =
      List.of(
          "firstname",
          "lastname",
          "fullname",
          "emailaddress1",
          "jobtitle",
          "telephone1",
          "address1_city",
          "_parentcustomerid_value",
          "birthdate",
          "creditlimit",
          "_transactioncurrencyid_value",
          "donotemail",
          "new_leadscore",
          "new_enrichedtitle",
          "statecode",
          "statuscode");

  static final List<String> PROJECT_COLUMNS =
      List.of(
          "new_name",
          "new_budget",
          "new_weight",
          "new_units",
          "new_description",
          "_new_accountid_value",
          "statecode");

  private static final int CONTRACT_PAGE_SIZE = 1_000;

  private final String table;
  private final List<String> columns;

  private DynamicsFixture(String table, List<String> columns) {
    this.table = table;
    this.columns = columns;
  }

  /** Contacts: change tracking with deletes. */
  static DynamicsFixture tracked() {
    return new DynamicsFixture("contact", CONTACT_COLUMNS);
  }

  /** The custom table new_project: no change tracking, so the modifiedon cursor. */
  static DynamicsFixture byModifiedOn() {
    return new DynamicsFixture("new_project", PROJECT_COLUMNS);
  }

  @Override
  public ConnectorProvider provider() {
    return Connectors.provider("dynamics")
        .orElseThrow(() -> new AssertionError("dynamics is not registered"));
  }

  @Override
  public Simulator startSimulator(SimulatedClock clock, long records) {
    return DynamicsSimulator.builder().clock(clock).records(table, records).start();
  }

  @Override
  public String object() {
    return table;
  }

  /**
   * Pages of 1,000 rows (the connector's {@code pageSize} setting): the suite's hostile-server
   * cases bound each call by two seconds, which a 5,000-row page of contacts (3 MB) can exceed on a
   * busy machine. Full 5,000-row pages and their call counts are {@code DynamicsSyncTest}'s.
   */
  @Override
  public int pageSize() {
    return CONTRACT_PAGE_SIZE;
  }

  @Override
  public ConnectionConfig.Builder config(Simulator simulator) {
    return ContractFixture.super
        .config(simulator)
        .setting(DynamicsConfig.PAGE_SIZE, Integer.toString(pageSize()));
  }

  /**
   * One token request, then one call per page (a tracked query's last page carries the deltaLink).
   */
  @Override
  public long minimumCalls(long records) {
    return 1 + Math.max(1, (records + pageSize() - 1) / pageSize());
  }

  /** The table's definition is read once per connection. */
  @Override
  public long callSlack() {
    return 2;
  }

  @Override
  public String dataPathFragment() {
    return table.equals("contact") ? "/contacts" : "/new_projects";
  }

  @Override
  public Record expected(SimRecord r) {
    if (r.deleted()) return Record.deleted(object(), r.id(), r.modifiedAt(), Map.of());
    Map<String, Object> fields = new LinkedHashMap<>();
    for (String c : columns) fields.put(c, r.get(c));
    fields.put("createdon", r.createdAt());
    return Record.of(object(), r.id(), r.modifiedAt(), fields);
  }

  @Override
  public Map<String, ?> modification(SimRecord record, int serial) {
    if (!table.equals("contact"))
      return Map.of("new_units", 1_000L + serial, "new_name", "Project " + serial);
    return Map.of("new_leadscore", 1_000L + serial, "jobtitle", "Title " + serial);
  }

  @Override
  public Map<String, ?> newRecord(int serial) {
    Map<String, Object> f = new HashMap<>();
    if (!table.equals("contact")) {
      f.put("new_name", "New project " + serial);
      f.put("new_budget", new java.math.BigDecimal("1234.5000"));
      f.put("statecode", 0L);
      return f;
    }
    f.put("firstname", "New");
    f.put("lastname", "Contact " + serial);
    f.put("fullname", "New Contact " + serial);
    f.put("emailaddress1", "new" + serial + "@contoso.example");
    f.put("new_leadscore", (long) serial);
    f.put("statecode", 0L);
    f.put("statuscode", 1L);
    return f;
  }

  @Override
  public WriteTarget writeTarget() {
    boolean contacts = table.equals("contact");
    return new WriteTarget() {
      @Override
      public String object() {
        return table;
      }

      @Override
      public ObjectTable table(Simulator simulator) {
        return simulator.store().table(table);
      }

      @Override
      public int batchSize() {
        return DynamicsConfig.MAX_BATCH_SIZE;
      }

      @Override
      public Map<String, Object> values(int i) {
        return contacts
            ? Map.of("new_leadscore", (long) (i * 7 % 101), "new_enrichedtitle", "Enriched " + i)
            : Map.of("new_units", (long) i * 13, "new_description", "Scored " + i);
      }

      @Override
      public WriteItem failingItem() {
        return WriteItem.of(
            "00000000-0000-0000-0000-00000000dead",
            Map.of(contacts ? "new_leadscore" : "new_units", 1L));
      }
    };
  }

  @Override
  public Capabilities capabilities() {
    // systemUsage stays off: Dataverse reports no remaining daily entitlement on the wire (notes
    // §10);
    // deletes are invisible to a modifiedon cursor, so only tracked tables surface them
    return Capabilities.builder()
        .deletes(table.equals("contact"))
        .writes(true)
        .tokenExpiry(true)
        .build();
  }
}
