package dev.revsync.eloqua;

import dev.revsync.Activity;
import dev.revsync.ConnectionConfig;
import dev.revsync.Connector;
import dev.revsync.ConnectorDescriptor;
import dev.revsync.ConnectorProvider;
import dev.revsync.Record;
import dev.revsync.WriteItem;
import dev.revsync.simulators.ObjectTable;
import dev.revsync.simulators.SimRecord;
import dev.revsync.simulators.SimulatedClock;
import dev.revsync.simulators.Simulator;
import dev.revsync.simulators.eloqua.EloquaSimulator;
import dev.revsync.testkit.Capabilities;
import dev.revsync.testkit.ContractFixture;
import dev.revsync.testkit.WriteTarget;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The Eloqua connector and simulator for {@link dev.revsync.testkit.ConnectorContractTest}:
 * contacts over HTTP Basic (a new connection each night reuses the config, which a rotating OAuth
 * refresh token does not allow), pages of 1,000 rows instead of 50,000 so a few thousand contacts
 * span several pages, and the simulator's instance time zone for date fields.
 */
class EloquaFixture implements ContractFixture {
  static final int PAGE = 1_000;
  static final String ZONE = "America/New_York";

  /**
   * The contact fields the simulator lists, in its order, and whether they hold numbers or dates.
   */
  static final List<String> TEXT =
      List.of(
          "C_EmailAddress",
          "C_FirstName",
          "C_LastName",
          "C_Company",
          "C_Title",
          "C_BusPhone",
          "C_City",
          "C_Country",
          "C_Industry1",
          "C_Revsync_Segment1",
          "C_Revsync_Notes1");

  static final List<String> NUMBERS = List.of("C_Lead_Score1", "C_Employees1", "C_Revsync_Score1");
  static final List<String> DATES = List.of("C_Revsync_Enriched_At1");

  private final boolean idDiffDeletes;

  EloquaFixture(boolean idDiffDeletes) {
    this.idDiffDeletes = idDiffDeletes;
  }

  /** The real provider, with connections reading pages of {@link #PAGE} rows. */
  @Override
  public ConnectorProvider provider() {
    return new ConnectorProvider() {
      @Override
      public ConnectorDescriptor descriptor() {
        return EloquaConfig.DESCRIPTOR;
      }

      @Override
      public Connector open(ConnectionConfig config) {
        EloquaConnector connector = EloquaConnector.open(config);
        connector.dataPageSize(PAGE);
        return connector;
      }
    };
  }

  @Override
  public Simulator startSimulator(SimulatedClock clock, long records) {
    return EloquaSimulator.builder()
        .clock(clock)
        .contacts(records)
        .accounts(50)
        .emailOpens(0)
        .formSubmits(0)
        .customObjectRecords(0)
        .changesPerHour(0)
        .authFlow(EloquaSimulator.AuthFlow.BASIC)
        .start();
  }

  @Override
  public String object() {
    return "Contact";
  }

  @Override
  public ObjectTable table(Simulator simulator) {
    return simulator.store().table("contacts");
  }

  @Override
  public int pageSize() {
    return PAGE;
  }

  /**
   * {@code /id}, the contact field list (an all-fields export needs the statements), one export
   * definition and its sync, one poll (the simulator's syncs of a few thousand rows take about 7 s,
   * the first poll comes after 10 s), and the data pages; with the id diff the same again for the
   * id-only export.
   */
  @Override
  public long minimumCalls(long records) {
    long pages = Math.max(1, (records + PAGE - 1) / PAGE);
    long export = 1 + 1 + 1 + pages;
    return 1 + 1 + export + (idDiffDeletes ? export : 0);
  }

  /**
   * A write pays a fixed definition, sync, poll and rejects read per write, not per batch (rows go
   * in posts of up to 32 MB); the write round trip of two "batches" spends 7 calls. A sync's own
   * overhead stays within 1 extra poll (EloquaConnectorTest asserts that bound separately).
   */
  @Override
  public long callSlack() {
    return 5;
  }

  @Override
  public String dataPathFragment() {
    return "/data";
  }

  @Override
  public Record expected(SimRecord record) {
    Map<String, Object> fields = new LinkedHashMap<>();
    fields.put("Id", record.id());
    fields.put("CreatedAt", millis(record.createdAt()));
    fields.put("UpdatedAt", millis(record.modifiedAt()));
    for (String f : TEXT) {
      Object v = record.get(f);
      fields.put(f, v == null || v.toString().isEmpty() ? null : v.toString());
    }
    for (String f : NUMBERS) fields.put(f, record.get(f));
    for (String f : DATES) fields.put(f, record.get(f) instanceof Instant i ? millis(i) : null);
    fields.put("C_DateCreated", millis(record.createdAt()));
    fields.put("C_DateModified", millis(record.modifiedAt()));
    return record.deleted()
        ? Record.deleted("Contact", record.id(), millis(record.modifiedAt()), Map.of())
        : Record.of("Contact", record.id(), millis(record.modifiedAt()), fields);
  }

  private static Instant millis(Instant instant) {
    return instant == null ? null : instant.truncatedTo(ChronoUnit.MILLIS);
  }

  @Override
  public Map<String, ?> modification(SimRecord record, int serial) {
    return Map.of("C_Title", "Title " + serial, "C_Lead_Score1", (long) serial);
  }

  @Override
  public Map<String, ?> newRecord(int serial) {
    Map<String, Object> m = new LinkedHashMap<>();
    m.put("C_EmailAddress", "new." + serial + "@example.com");
    m.put("C_FirstName", "New");
    m.put("C_LastName", "Contact " + serial);
    m.put("C_Country", "Iceland");
    return m;
  }

  @Override
  public ConnectionConfig.Builder config(Simulator simulator) {
    ConnectionConfig.Builder b =
        ContractFixture.super.config(simulator).setting(EloquaConfig.TIME_ZONE, ZONE);
    if (idDiffDeletes) b.setting(EloquaConfig.ID_DIFF_DELETES, "true");
    return b;
  }

  @Override
  public WriteTarget writeTarget() {
    return new WriteTarget() {
      @Override
      public String pathFragment() {
        return "/imports";
      }

      @Override
      public String object() {
        return "Contact";
      }

      @Override
      public ObjectTable table(Simulator simulator) {
        return simulator.store().table("contacts");
      }

      @Override
      public int batchSize() {
        return PAGE;
      }

      @Override
      public Activity activity() {
        return Activity.SCORE_EXPORT;
      }

      @Override
      public Map<String, Object> values(int i) {
        return Map.of(
            "C_Revsync_Score1", (long) (i % 100), "C_Revsync_Segment1", "segment-" + (i % 7));
      }

      @Override
      public WriteItem failingItem() {
        return WriteItem.of(
            "9999999", Map.of("C_Revsync_Score1", 1L, "C_Revsync_Segment1", "none"));
      }
    };
  }

  @Override
  public Capabilities capabilities() {
    return Capabilities.builder()
        .deletes(idDiffDeletes)
        .writes(true)
        .systemUsage(false)
        .tokenExpiry(false)
        .tieBreaker(true)
        .build();
  }
}
