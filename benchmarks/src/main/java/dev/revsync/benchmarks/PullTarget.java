package dev.revsync.benchmarks;

/**
 * A connector and API style whose pull is benchmarked, with the page size the API allows and the
 * fewest calls it needs for N records (data calls only: the API minimum; login and describe are the
 * connector's overhead).
 */
enum PullTarget {
  SALESFORCE_REST("Salesforce REST", "salesforce", "REST", "Contact", "Contact", 2_000, "/query"),
  SALESFORCE_BULK(
      "Salesforce Bulk 2.0", "salesforce", "BATCH", "Contact", "Contact", 50_000, "/results"),
  ELOQUA_BULK("Eloqua Bulk 2.0", "eloqua", "", "Contact", "contacts", 50_000, "/data"),
  DYNAMICS_REST("Dynamics 365 Web API", "dynamics", "", "contact", "contact", 5_000, "/contacts"),
  HUBSPOT_LIST(
      "HubSpot CRM list",
      "hubspot-crm",
      "",
      "contacts",
      "contacts",
      100,
      "/crm/v3/objects/contacts"),
  PARDOT_REST(
      "Pardot v5 REST", "pardot", "REST", "Prospect", "prospects", 1_000, "/objects/prospects");

  final String label;
  final String system;

  /** The sync's {@code style} option; empty for the connector's only style. */
  final String style;

  /** The object as the connector names it. */
  final String object;

  /** The object as the simulator names its table (and the Eloqua API its path). */
  final String simObject;

  /** Records per page or chunk at the API's maximum. */
  final int pageSize;

  /** A path fragment only data-page requests have. */
  final String dataFragment;

  PullTarget(
      String label,
      String system,
      String style,
      String object,
      String simObject,
      int pageSize,
      String dataFragment) {
    this.label = label;
    this.system = system;
    this.style = style;
    this.object = object;
    this.simObject = simObject;
    this.pageSize = pageSize;
    this.dataFragment = dataFragment;
  }

  /**
   * The fewest calls the API allows for {@code n} records: REST one query page per 2,000; Dynamics
   * one Web API page per 5,000; Bulk API 2.0 create + one poll + one result chunk per 50,000;
   * Eloqua export definition + sync + one poll + one data page per 50,000; HubSpot one list page
   * per 100.
   */
  long apiMinimum(long n) {
    long pages = Math.max(1, (n + pageSize - 1) / pageSize);
    return switch (this) {
      case SALESFORCE_REST, HUBSPOT_LIST -> pages;
      case SALESFORCE_BULK -> 2 + pages;
      case ELOQUA_BULK -> 3 + pages;
      case DYNAMICS_REST -> pages;
      // a token sequence stops after 100,000 records; the query from the cursor that follows is a
      // page like any
      case PARDOT_REST -> pages;
    };
  }

  String minimumFormula() {
    return switch (this) {
      case SALESFORCE_REST -> "⌈N/2000⌉ query pages";
      case SALESFORCE_BULK -> "create + 1 poll + ⌈N/50000⌉ chunks";
      case ELOQUA_BULK -> "definition + sync + 1 poll + ⌈N/50000⌉ pages";
      case DYNAMICS_REST -> "⌈N/5000⌉ pages (change tracking's last page carries the deltaLink)";
      case HUBSPOT_LIST -> "⌈N/100⌉ list pages";
      case PARDOT_REST ->
          "⌈N/1000⌉ query pages (a new query after each 100,000-record token sequence)";
    };
  }

  /**
   * A fixed clock for the connector, or null for the real one. Pardot's query carries the window's
   * end ({@code updatedAtBeforeOrEqualTo}), taken from the clock: fixed, every run asks the same
   * query, as the pre-rendered server's replay needs (and the window holds all generated data).
   */
  String fixedClock() {
    return this == PARDOT_REST ? "2099-01-01T00:00:00Z" : null;
  }
}
