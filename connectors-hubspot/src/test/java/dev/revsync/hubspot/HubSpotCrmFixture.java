package dev.revsync.hubspot;

import dev.revsync.ConnectorProvider;
import dev.revsync.Connectors;
import dev.revsync.Record;
import dev.revsync.simulators.SimRecord;
import dev.revsync.simulators.SimulatedClock;
import dev.revsync.simulators.Simulator;
import dev.revsync.simulators.hubspot.HubSpotSimulator;
import dev.revsync.testkit.Capabilities;
import dev.revsync.testkit.ContractFixture;
import dev.revsync.testkit.WriteTarget;
import java.math.BigDecimal;
import java.util.LinkedHashMap;
import java.util.Map;

/** How the contract suite drives hubspot-crm (private-app token) against the HubSpot simulator. */
class HubSpotCrmFixture implements ContractFixture {
  static final String CONTACTS = "contacts";

  @Override
  public ConnectorProvider provider() {
    return Connectors.provider(HubSpotConfig.CRM)
        .orElseThrow(() -> new AssertionError("hubspot-crm is not registered"));
  }

  /**
   * The simulator of the running test; the suite starts one per test and asks for one fixture per
   * test.
   */
  HubSpotSimulator sim;

  @Override
  public Simulator startSimulator(SimulatedClock clock, long records) {
    sim = HubSpotSimulator.builder().clock(clock).records(CONTACTS, records).start();
    return sim;
  }

  @Override
  public String object() {
    return CONTACTS;
  }

  /** Search pages hold 200 (list pages 100): the larger bounds what a stop may hand over twice. */
  @Override
  public int pageSize() {
    return HubSpotSync.SEARCH_LIMIT;
  }

  /** The properties API once, then one list page per 100 records (an initial pull lists by id). */
  @Override
  public long minimumCalls(long records) {
    return 1 + Math.max(1, (records + HubSpotSync.LIST_LIMIT - 1) / HubSpotSync.LIST_LIMIT);
  }

  @Override
  public String dataPathFragment() {
    return "/crm/v3/objects/contacts";
  }

  @Override
  public Record expected(SimRecord r) {
    if (r.deleted()) return Record.deleted(CONTACTS, r.id(), r.modifiedAt(), Map.of());
    return Record.of(CONTACTS, r.id(), r.modifiedAt(), sim.crmProperties(CONTACTS, r));
  }

  @Override
  public Map<String, ?> modification(SimRecord record, int serial) {
    return Map.of(
        "jobtitle", "Title " + serial, "annualrevenue", BigDecimal.valueOf(1_000L + serial));
  }

  @Override
  public Map<String, ?> newRecord(int serial) {
    Map<String, Object> f = new LinkedHashMap<>();
    f.put("email", "new" + serial + "@example.com");
    f.put("firstname", "New");
    f.put("lastname", "Contact " + serial);
    f.put("phone", null);
    f.put("lifecyclestage", "lead");
    f.put("annualrevenue", new BigDecimal("12.50"));
    f.put("hs_email_optout", false);
    return f;
  }

  @Override
  public boolean limitSystemDailyCalls(Simulator simulator, long calls) {
    ((HubSpotSimulator) simulator).dailyLimit(calls);
    return true;
  }

  @Override
  public WriteTarget writeTarget() {
    return HubSpotFixtures.contactsWriteTarget();
  }

  @Override
  public Capabilities capabilities() {
    // private-app tokens do not expire (the OAuth fixture covers expiry)
    return Capabilities.builder()
        .deletes(true)
        .writes(true)
        .systemUsage(true)
        .tokenExpiry(false)
        .build();
  }
}
