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
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * How the contract suite drives hubspot-map: marketing emails (updatedAt cursor, archived deletes).
 */
class HubSpotMapFixture implements ContractFixture {
  static final String EMAILS = "marketing_emails";

  @Override
  public ConnectorProvider provider() {
    return Connectors.provider(HubSpotConfig.MAP)
        .orElseThrow(() -> new AssertionError("hubspot-map is not registered"));
  }

  @Override
  public Simulator startSimulator(SimulatedClock clock, long records) {
    return HubSpotSimulator.builder()
        .system(HubSpotConfig.MAP)
        .clock(clock)
        .records(EMAILS, records)
        .start();
  }

  @Override
  public String object() {
    return EMAILS;
  }

  @Override
  public int pageSize() {
    return 100;
  }

  /** One page per 100 emails; the first pull owes no deletes, so it lists no archived ones. */
  @Override
  public long minimumCalls(long records) {
    return Math.max(1, (records + 99) / 100);
  }

  @Override
  public String dataPathFragment() {
    return "/marketing/v3/emails";
  }

  @Override
  public Record expected(SimRecord r) {
    if (r.deleted()) return Record.deleted(EMAILS, r.id(), r.modifiedAt(), Map.of());
    Map<String, Object> f = new LinkedHashMap<>();
    f.put("name", r.get("name"));
    f.put("subject", r.get("subject"));
    f.put("state", r.get("state"));
    f.put("type", r.get("type"));
    f.put("publishDate", r.get("publishDate"));
    f.put("createdAt", r.createdAt());
    return Record.of(EMAILS, r.id(), r.modifiedAt(), f);
  }

  @Override
  public Map<String, ?> modification(SimRecord record, int serial) {
    return Map.of("subject", "Changed subject " + serial, "state", "PUBLISHED");
  }

  @Override
  public Map<String, ?> newRecord(int serial) {
    return Map.of(
        "name",
        "New email " + serial,
        "subject",
        "Hello " + serial,
        "state",
        "DRAFT",
        "type",
        "BATCH_EMAIL",
        "publishDate",
        Instant.parse("2026-12-01T09:00:00Z"));
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
    return Capabilities.builder()
        .deletes(true)
        .writes(true)
        .systemUsage(true)
        .tokenExpiry(false)
        .build();
  }
}
