package dev.revsync.salesforce;

import dev.revsync.ConnectionConfig;
import dev.revsync.ConnectorProvider;
import dev.revsync.Record;
import dev.revsync.WriteItem;
import dev.revsync.simulators.ObjectTable;
import dev.revsync.simulators.SimRecord;
import dev.revsync.simulators.SimulatedClock;
import dev.revsync.simulators.Simulator;
import dev.revsync.simulators.salesforce.SalesforceSimulator;
import dev.revsync.testkit.Capabilities;
import dev.revsync.testkit.ContractFixture;
import dev.revsync.testkit.WriteTarget;
import java.math.BigDecimal;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.temporal.ChronoUnit;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The Salesforce connector against the Salesforce simulator, syncing Account: REST-sized (query
 * pages of 2,000) or BULK-sized (a Bulk API 2.0 query job with chunks of 2,000 for the full pull,
 * REST for the small increments after it, as a low {@code bulkThreshold} makes the connector do).
 */
final class SalesforceFixture implements ContractFixture {
  static final String OBJECT = "Account";
  static final int PAGE = 2000;

  /**
   * Account's fields as its describe lists them, compound ones (BillingAddress, ShippingAddress)
   * left out.
   */
  static final List<String[]> ACCOUNT_FIELDS =
      List.of(
          f("Id", "id"),
          f("IsDeleted", "boolean"),
          f("CreatedDate", "datetime"),
          f("CreatedById", "reference"),
          f("LastModifiedDate", "datetime"),
          f("LastModifiedById", "reference"),
          f("SystemModstamp", "datetime"),
          f("Name", "string"),
          f("Type", "picklist"),
          f("ParentId", "reference"),
          f("Industry", "picklist"),
          f("AnnualRevenue", "currency"),
          f("NumberOfEmployees", "int"),
          f("Website", "url"),
          f("Phone", "phone"),
          f("Description", "textarea"),
          f("BillingStreet", "textarea"),
          f("BillingCity", "string"),
          f("BillingState", "string"),
          f("BillingPostalCode", "string"),
          f("BillingCountry", "string"),
          f("BillingLatitude", "double"),
          f("BillingLongitude", "double"),
          f("BillingGeocodeAccuracy", "picklist"),
          f("ShippingStreet", "textarea"),
          f("ShippingCity", "string"),
          f("ShippingState", "string"),
          f("ShippingPostalCode", "string"),
          f("ShippingCountry", "string"),
          f("ShippingLatitude", "double"),
          f("ShippingLongitude", "double"),
          f("ShippingGeocodeAccuracy", "picklist"),
          f("OwnerId", "reference"),
          f("Score__c", "double"),
          f("Score_Reason__c", "string"),
          f("Enrichment_Industry__c", "string"),
          f("Enrichment_Revenue__c", "currency"),
          f("External_Id__c", "string"));

  private final boolean bulk;

  private SalesforceFixture(boolean bulk) {
    this.bulk = bulk;
  }

  /** Pages of 2,000 through REST query/queryAll. */
  static SalesforceFixture restSized() {
    return new SalesforceFixture(false);
  }

  /** A Bulk API 2.0 job (chunks of 2,000) for the full pull; REST for increments of under 3,000. */
  static SalesforceFixture bulkSized() {
    return new SalesforceFixture(true);
  }

  private static String[] f(String name, String type) {
    return new String[] {name, type};
  }

  @Override
  public ConnectorProvider provider() {
    return new SalesforceConnectorProvider();
  }

  @Override
  public Simulator startSimulator(SimulatedClock clock, long records) {
    return SalesforceSimulator.builder().clock(clock).records(OBJECT, records).start();
  }

  @Override
  public String object() {
    return OBJECT;
  }

  @Override
  public int pageSize() {
    return PAGE;
  }

  @Override
  public long minimumCalls(long records) {
    long pages = Math.max(1, (records + PAGE - 1) / PAGE);
    // REST: a token, then the pages. BATCH: a token, the job's create, one poll (the simulator's
    // small jobs finish within 3 s, when the first poll comes), then the chunks.
    return bulk ? 1 + 1 + 1 + pages : 1 + pages;
  }

  @Override
  public long callSlack() {
    // REST: the describe. BATCH: the describe, the first REST page whose totalSize chose the job,
    // and the REST pass after it that catches up with changes made while the job ran.
    return bulk ? 3 : 2;
  }

  @Override
  public String dataPathFragment() {
    return bulk ? "/results" : "/query";
  }

  @Override
  public ConnectionConfig.Builder config(Simulator simulator) {
    // A dropped streamed (chunked) result body leaves the simulator's socket open, so the client
    // notices only at its read timeout: keep that short here (a simulator issue, reported).
    ConnectionConfig.Builder b =
        ContractFixture.super.config(simulator).readTimeout(Duration.ofSeconds(5));
    if (bulk) b.setting("bulkThreshold", "3000").setting("bulkMaxRecords", Integer.toString(PAGE));
    return b;
  }

  /**
   * The org's rolling 24-hour allocation (DailyApiRequests), which Salesforce counts without the
   * token calls.
   */
  @Override
  public boolean limitSystemDailyCalls(Simulator simulator, long calls) {
    ((SalesforceSimulator) simulator).setDailyApiRequestsMax(calls);
    return true;
  }

  @Override
  public Record expected(SimRecord r) {
    Map<String, Object> values = new LinkedHashMap<>();
    for (String[] field : ACCOUNT_FIELDS) values.put(field[0], value(field[0], field[1], r));
    Instant modified = r.modifiedAt().truncatedTo(ChronoUnit.MILLIS);
    return r.deleted()
        ? Record.deleted(OBJECT, r.id(), modified, values)
        : Record.of(OBJECT, r.id(), modified, values);
  }

  static Object value(String name, String type, SimRecord r) {
    switch (name) {
      case "Id":
        return r.id();
      case "IsDeleted":
        return r.deleted();
      case "CreatedDate":
        return (r.createdAt() != null ? r.createdAt() : r.modifiedAt())
            .truncatedTo(ChronoUnit.MILLIS);
      case "LastModifiedDate", "SystemModstamp":
        return r.modifiedAt().truncatedTo(ChronoUnit.MILLIS);
      default:
        break;
    }
    Object v = r.get(name);
    if (v == null || v.toString().isEmpty()) return null;
    return switch (type) {
      case "boolean" -> v instanceof Boolean b ? b : Boolean.parseBoolean(v.toString());
      case "int" -> v instanceof Number n ? n.longValue() : Long.parseLong(v.toString());
      case "double", "currency" -> v instanceof BigDecimal d ? d : new BigDecimal(v.toString());
      case "date" -> v instanceof LocalDate d ? d : LocalDate.parse(v.toString());
      case "datetime" ->
          v instanceof Instant i ? i.truncatedTo(ChronoUnit.MILLIS) : Instant.parse(v.toString());
      default -> v.toString();
    };
  }

  @Override
  public Map<String, ?> modification(SimRecord record, int serial) {
    Map<String, Object> m = new LinkedHashMap<>();
    m.put("Name", "Renamed O'Brien & Co \"" + serial + "\"");
    m.put("Score__c", BigDecimal.valueOf(serial % 10_000, 2));
    m.put("Description", serial % 2 == 0 ? null : "changed,\nline " + serial);
    return m;
  }

  @Override
  public Map<String, ?> newRecord(int serial) {
    Map<String, Object> m = new LinkedHashMap<>();
    m.put("Name", "New Account " + serial);
    m.put("Industry", "Banking");
    m.put("NumberOfEmployees", (long) serial);
    return m;
  }

  @Override
  public WriteTarget writeTarget() {
    return new WriteTarget() {
      @Override
      public String pathFragment() {
        return "/services/Soap/";
      }

      @Override
      public String object() {
        return OBJECT;
      }

      @Override
      public ObjectTable table(Simulator simulator) {
        return simulator.store().table(OBJECT);
      }

      @Override
      public int batchSize() {
        return 200;
      }

      @Override
      public Map<String, Object> values(int i) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("Score__c", BigDecimal.valueOf(i % 10_000, 2));
        m.put("Score_Reason__c", i % 3 == 0 ? null : "fit <" + i + "> & intent");
        return m;
      }

      @Override
      public WriteItem failingItem() {
        return WriteItem.of("001000000000000AAA", Map.of("Score__c", new BigDecimal("1.00")));
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
    return bulk ? "BULK-sized Account" : "REST-sized Account";
  }

  /** An RSA private key as PEM (PKCS#8), as a customer pastes it into the privateKey setting. */
  static String pkcs8Pem(java.security.PrivateKey key) {
    return "-----BEGIN PRIVATE KEY-----\n"
        + java.util.Base64.getMimeEncoder(
                64, "\n".getBytes(java.nio.charset.StandardCharsets.US_ASCII))
            .encodeToString(key.getEncoded())
        + "\n-----END PRIVATE KEY-----\n";
  }
}
